package dev.garrison.kms;

import dev.garrison.api.kms.GenerateMacRequest;
import dev.garrison.api.kms.GenerateMacResponse;
import dev.garrison.api.kms.InvalidKeyUsageException;
import dev.garrison.api.kms.KMSInvalidMacException;
import dev.garrison.api.kms.VerifyMacRequest;
import dev.garrison.api.kms.VerifyMacResponse;
import dev.garrison.platform.core.CallContext;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** GenerateMac and VerifyMac with HMAC keys; verification compares in constant time. */
final class MacOperations {
    private final KeyStore keys;
    private final KeyAccess access;

    MacOperations(KeyStore keys, KeyAccess access) {
        this.keys = keys;
        this.access = access;
    }

    GenerateMacResponse generate(CallContext call, GenerateMacRequest request) {
        KmsKey key = macKey(call, "GenerateMac", request.keyId(), request.macAlgorithm());
        KeyAccess.dryRun(request.dryRun());
        return GenerateMacResponse.builder().keyId(key.arn()).macAlgorithm(request.macAlgorithm())
                .mac(mac(key, request.macAlgorithm(), request.message())).build();
    }

    VerifyMacResponse verify(CallContext call, VerifyMacRequest request) {
        KmsKey key = macKey(call, "VerifyMac", request.keyId(), request.macAlgorithm());
        KeyAccess.dryRun(request.dryRun());
        if (!MessageDigest.isEqual(mac(key, request.macAlgorithm(), request.message()), request.mac())) {
            throw new KMSInvalidMacException(null);
        }
        return VerifyMacResponse.builder().keyId(key.arn()).macAlgorithm(request.macAlgorithm()).macValid(true).build();
    }

    private KmsKey macKey(CallContext call, String operation, String keyId, String algorithm) {
        KeyAccess.Found found = access.find(call, keyId);
        access.authorize(call, operation, found, Map.of("kms:MacAlgorithm", List.of(algorithm)));
        KmsKey key = found.key();
        KeyAccess.requireEnabled(key);
        if (!key.keyUsage().equals("GENERATE_VERIFY_MAC")) {
            throw new InvalidKeyUsageException(key.arn() + " key usage is " + key.keyUsage()
                    + " which is not valid for " + operation + ".");
        }
        if (!key.spec().algorithms("GENERATE_VERIFY_MAC").contains(algorithm)) {
            throw new InvalidKeyUsageException("Algorithm " + algorithm + " is incompatible with key spec "
                    + key.keySpec() + ".");
        }
        return key;
    }

    private byte[] mac(KmsKey key, String algorithm, byte[] message) {
        String jca = "Hmac" + algorithm.substring("HMAC_".length()).replace("_", "");
        try {
            Mac mac = Mac.getInstance(jca);
            mac.init(new SecretKeySpec(keys.open(key, key.current()), jca));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(jca + " is not available", e);
        }
    }
}
