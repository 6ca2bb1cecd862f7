package dev.garrison.platform.auth;

import org.jspecify.annotations.Nullable;

/** Finds the credential an access key id names. Implemented over storage by the identity service. */
@FunctionalInterface
public interface CredentialResolver {
    /** The credential with this access key id, or null when there is none. */
    @Nullable Credential resolve(String accessKeyId);

    /** Told after {@code credential} signed a request that verified; resolvers that keep no history ignore it. */
    default void used(Credential credential, java.time.Instant when, String service, String region) {
    }
}
