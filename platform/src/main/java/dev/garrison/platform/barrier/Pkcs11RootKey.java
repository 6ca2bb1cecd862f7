package dev.garrison.platform.barrier;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A root key that lives in a PKCS#11 token (an HSM; SoftHSM2 in tests) as a sensitive,
 * non-extractable AES-256 object, made on first start. Wrapping and unwrapping run in the token:
 * the root key never enters this process.
 */
public final class Pkcs11RootKey implements RootKey {
    /** The label of the root key object in the token. */
    static final String LABEL = "garrison-root-key";
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Provider provider;
    private final Key key;

    private Pkcs11RootKey(Provider provider, Key key) {
        this.provider = provider;
        this.key = key;
    }

    /** Logs in to the token in {@code slot} through {@code library} with {@code pin}; makes the root key there when absent. */
    public static Pkcs11RootKey openOrCreate(Path library, long slot, char[] pin) {
        String config = "--name=garrison-root\nlibrary=" + library + "\nslot=" + slot
                + "\nattributes(generate,CKO_SECRET_KEY,CKK_AES)={\n  CKA_SENSITIVE=true\n  CKA_EXTRACTABLE=false\n}\n";
        try {
            Provider provider = Security.getProvider("SunPKCS11").configure(config);
            KeyStore token = KeyStore.getInstance("PKCS11", provider);
            token.load(null, pin);
            Key key = token.getKey(LABEL, null);
            if (key == null) {
                KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
                generator.init(256);
                token.setKeyEntry(LABEL, generator.generateKey(), null, null);
                key = token.getKey(LABEL, null);
            }
            return new Pkcs11RootKey(provider, key);
        } catch (java.io.IOException | GeneralSecurityException | RuntimeException e) {
            throw new BarrierException("the root key's PKCS#11 token (slot " + slot + ") cannot be opened: " + e.getMessage());
        }
    }

    @Override
    public byte[] wrap(byte[] termKey, byte[] aad) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", provider);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] sealed = cipher.doFinal(termKey);
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new BarrierException("the token cannot wrap: " + e.getMessage());
        }
    }

    @Override
    public byte[] unwrap(byte[] wrapped, byte[] aad) {
        if (wrapped.length < 12 + TAG_BITS / 8) {
            throw new BarrierException("the wrapped key is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", provider);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, wrapped, 0, 12));
            cipher.updateAAD(aad);
            return cipher.doFinal(wrapped, 12, wrapped.length - 12);
        } catch (GeneralSecurityException e) {
            throw new BarrierException("the root key in the token is not the one that wrapped this key");
        }
    }

    @Override
    public String toString() {
        return "Pkcs11RootKey[" + provider.getName() + "]";
    }
}
