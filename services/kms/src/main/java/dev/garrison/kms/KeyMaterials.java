package dev.garrison.kms;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jspecify.annotations.Nullable;

/**
 * Makes and loads key material: random bytes for AES and HMAC keys, key pairs for RSA, EC and
 * Ed25519 and ML-DSA (the private key as PKCS#8, the public key as X.509 SubjectPublicKeyInfo).
 * The JDK does the work except for secp256k1, which it dropped, and SM2 and ML-DSA, which JDK 21
 * lacks: BouncyCastle does those.
 */
final class KeyMaterials {
    static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** New material: the secret part (raw bytes or PKCS#8) and, for a key pair, the public key. */
    record Generated(byte[] secret, byte @Nullable [] publicKey) {}

    private KeyMaterials() {}

    static Generated generate(KeySpecs.Spec spec) {
        try {
            return switch (spec.family()) {
                case AES -> new Generated(random(32), null);
                case HMAC -> new Generated(random(Integer.parseInt(spec.parameter())), null);
                case RSA -> pair(generator(spec), Integer.parseInt(spec.parameter()));
                case EC, ED25519, ML_DSA -> pair(generator(spec), 0);
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make " + spec.name() + " key material", e);
        }
    }

    static PrivateKey privateKey(KeySpecs.Spec spec, byte[] pkcs8) {
        try {
            return factory(spec).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored " + spec.name() + " key material does not load", e);
        }
    }

    static PublicKey publicKey(KeySpecs.Spec spec, byte[] spki) {
        try {
            return factory(spec).generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored " + spec.name() + " public key does not load", e);
        }
    }

    /**
     * The X.509 public key of an imported private key, which must be of {@code spec} (an EC key on
     * the spec's curve); IllegalArgumentException when it is not.
     */
    static byte[] publicKeyOf(KeySpecs.Spec spec, PrivateKey privateKey) {
        try {
            return switch (spec.family()) {
                case RSA -> {
                    java.security.interfaces.RSAPrivateCrtKey rsa = (java.security.interfaces.RSAPrivateCrtKey) privateKey;
                    if (rsa.getModulus().bitLength() != Integer.parseInt(spec.parameter())) {
                        throw new IllegalArgumentException("modulus size");
                    }
                    yield KeyFactory.getInstance("RSA").generatePublic(
                            new java.security.spec.RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent())).getEncoded();
                }
                case EC -> {
                    org.bouncycastle.jce.interfaces.ECPrivateKey ec = (org.bouncycastle.jce.interfaces.ECPrivateKey)
                            KeyFactory.getInstance("EC", BOUNCY_CASTLE).generatePrivate(
                                    new PKCS8EncodedKeySpec(privateKey.getEncoded()));
                    org.bouncycastle.jce.spec.ECNamedCurveParameterSpec curve =
                            org.bouncycastle.jce.ECNamedCurveTable.getParameterSpec(spec.parameter());
                    if (!ec.getParameters().getCurve().equals(curve.getCurve())) {
                        throw new IllegalArgumentException("curve");
                    }
                    yield KeyFactory.getInstance("EC", BOUNCY_CASTLE).generatePublic(new org.bouncycastle.jce.spec.ECPublicKeySpec(
                            curve.getG().multiply(ec.getD()).normalize(), curve)).getEncoded();
                }
                case ED25519 -> org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
                        ((org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters)
                                org.bouncycastle.crypto.util.PrivateKeyFactory.createKey(privateKey.getEncoded()))
                                .generatePublicKey()).getEncoded();
                case ML_DSA -> ((org.bouncycastle.jcajce.interfaces.MLDSAPrivateKey) KeyFactory.getInstance("ML-DSA",
                        BOUNCY_CASTLE).generatePrivate(new PKCS8EncodedKeySpec(privateKey.getEncoded()))).getPublicKey()
                        .getEncoded();
                default -> throw new IllegalArgumentException(spec.name() + " has no key pair");
            };
        } catch (GeneralSecurityException | java.io.IOException | ClassCastException e) {
            throw new IllegalArgumentException("not a " + spec.name() + " private key", e);
        }
    }

    /** True when {@code spec}'s keys need BouncyCastle rather than the JDK. */
    static boolean needsBouncyCastle(KeySpecs.Spec spec) {
        return "secp256k1".equals(spec.parameter()) || "sm2p256v1".equals(spec.parameter());
    }

    private static KeyPairGenerator generator(KeySpecs.Spec spec) throws GeneralSecurityException {
        return switch (spec.family()) {
            case RSA -> KeyPairGenerator.getInstance("RSA");
            case EC -> {
                KeyPairGenerator g = needsBouncyCastle(spec) ? KeyPairGenerator.getInstance("EC", BOUNCY_CASTLE)
                        : KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec(spec.parameter()), RANDOM);
                yield g;
            }
            case ED25519 -> KeyPairGenerator.getInstance("Ed25519");
            case ML_DSA -> KeyPairGenerator.getInstance(spec.parameter(), BOUNCY_CASTLE);
            default -> throw new IllegalArgumentException(spec.name() + " has no key pair");
        };
    }

    private static Generated pair(KeyPairGenerator generator, int bits) {
        if (bits > 0) {
            generator.initialize(bits, RANDOM);
        }
        KeyPair pair = generator.generateKeyPair();
        return new Generated(pair.getPrivate().getEncoded(), pair.getPublic().getEncoded());
    }

    private static KeyFactory factory(KeySpecs.Spec spec) throws GeneralSecurityException {
        return switch (spec.family()) {
            case RSA -> KeyFactory.getInstance("RSA");
            case EC -> needsBouncyCastle(spec) ? KeyFactory.getInstance("EC", BOUNCY_CASTLE) : KeyFactory.getInstance("EC");
            case ED25519 -> KeyFactory.getInstance("Ed25519");
            case ML_DSA -> KeyFactory.getInstance("ML-DSA", BOUNCY_CASTLE);
            default -> throw new IllegalArgumentException(spec.name() + " has no key pair");
        };
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
