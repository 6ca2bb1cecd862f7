package dev.garrison.platform.auth;

import static java.util.Objects.requireNonNull;

import dev.garrison.platform.core.Principal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An access key as the verifier needs it. The secret never appears in {@link #toString()}.
 *
 * @param accessKeyId the public half ({@code AKIA...} or {@code ASIA...})
 * @param secretAccessKey the secret half, as the client holds it
 * @param principal who the key belongs to
 * @param sessionToken the token temporary credentials must present, or null for long-term keys
 * @param expiresAt when temporary credentials stop working, or null
 * @param active false once the key was deactivated
 */
public record Credential(
        String accessKeyId,
        String secretAccessKey,
        Principal principal,
        @Nullable String sessionToken,
        @Nullable Instant expiresAt,
        boolean active) {

    public Credential {
        requireNonNull(accessKeyId, "accessKeyId");
        requireNonNull(secretAccessKey, "secretAccessKey");
        requireNonNull(principal, "principal");
    }

    @Override
    public String toString() {
        return "Credential[accessKeyId=" + accessKeyId + ", principal=" + principal.arn() + ", active=" + active + "]";
    }
}
