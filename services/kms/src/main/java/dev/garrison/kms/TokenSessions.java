package dev.garrison.kms;

import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.security.auth.login.LoginException;
import org.jspecify.annotations.Nullable;

/**
 * Logged-in PKCS#11 sessions, one per connected custom key store, through the JDK's SunPKCS11
 * provider. Keys are generated inside the token as sensitive, non-extractable token objects
 * labelled with their KMS key id; every operation with them runs in the token.
 */
final class TokenSessions {
    /** A connected store's token: its provider and key store. */
    record Session(Provider provider, KeyStore keyStore) {}

    private final Map<String, Session> connected = new ConcurrentHashMap<>();

    /**
     * Logs in to {@code cluster}'s token with {@code pin}: null when connected, else the
     * ConnectionErrorCode KMS reports (INVALID_CREDENTIALS, or HSM_NOT_FOUND when the token cannot
     * be reached at all).
     */
    @Nullable String connect(String storeId, HsmCluster cluster, char[] pin) {
        String config = "--name=garrison-" + storeId + "\nlibrary=" + cluster.library() + "\nslot=" + cluster.slot()
                + "\nattributes(generate,CKO_SECRET_KEY,CKK_AES)={\n  CKA_SENSITIVE=true\n  CKA_EXTRACTABLE=false\n}\n";
        try {
            Provider provider = Security.getProvider("SunPKCS11").configure(config);
            KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
            keyStore.load(null, pin);
            connected.put(storeId, new Session(provider, keyStore));
            return null;
        } catch (java.io.IOException | GeneralSecurityException | RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof LoginException) {
                    return "INVALID_CREDENTIALS";
                }
            }
            return "HSM_NOT_FOUND";
        }
    }

    void disconnect(String storeId) {
        Session session = connected.remove(storeId);
        if (session != null && session.provider() instanceof AuthProvider auth) {
            try {
                auth.logout();
            } catch (LoginException e) {
                // the session is dropped either way
            }
        }
    }

    @Nullable Session session(String storeId) {
        return connected.get(storeId);
    }

    /** A new AES-256 key inside the token, stored under {@code label}. */
    void generate(Session session, String label) {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES", session.provider());
            generator.init(256);
            SecretKey key = generator.generateKey();
            session.keyStore().setKeyEntry(label, key, null, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the token cannot make a key: " + e.getMessage(), e);
        }
    }

    /** Deletes the token object under {@code label}: the key material is gone from the token for good. */
    void delete(Session session, String label) {
        try {
            session.keyStore().deleteEntry(label);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the token cannot delete " + label + ": " + e.getMessage(), e);
        }
    }

    /** The token key under {@code label}, or null when the token has none. */
    @Nullable Key key(Session session, String label) {
        try {
            return session.keyStore().getKey(label, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the token cannot find " + label + ": " + e.getMessage(), e);
        }
    }
}
