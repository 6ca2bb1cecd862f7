package dev.garrison.kms;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A PKCS#11 token the operator declared in {@code garrison.yaml}; a custom key store names it by
 * its id where AWS names a CloudHSM cluster. The token's user PIN is the key store's password.
 *
 * @param library the PKCS#11 library (for SoftHSM2: {@code /usr/lib/softhsm/libsofthsm2.so})
 * @param slot the token's slot id
 */
public record HsmCluster(Path library, long slot) {
    public HsmCluster {
        Objects.requireNonNull(library, "library");
    }
}
