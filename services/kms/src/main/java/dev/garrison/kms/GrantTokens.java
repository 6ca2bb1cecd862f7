package dev.garrison.kms;

import dev.garrison.api.kms.InvalidGrantTokenException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Grant tokens as requests carry them. Grants take effect at once here, so a token adds no
 * permission; it must still be one this service issued for a grant that exists, as KMS requires.
 */
final class GrantTokens {
    private final GrantStore grants;

    GrantTokens(GrantStore grants) {
        this.grants = grants;
    }

    /** Refuses a request whose grant tokens are not all tokens of existing grants. */
    void check(@Nullable List<String> tokens) {
        if (tokens == null) {
            return;
        }
        for (String token : tokens) {
            if (grant(token) == null) {
                throw new InvalidGrantTokenException("Grant token is invalid.");
            }
        }
    }

    /** The grant a token names, or null when it names none or was not issued for it. */
    @Nullable KmsGrant grant(String token) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw.length < 32) {
            return null;
        }
        KmsGrant grant = grants.get(HexFormat.of().formatHex(raw, 0, 32));
        return grant != null && grant.token().equals(token) ? grant : null;
    }
}
