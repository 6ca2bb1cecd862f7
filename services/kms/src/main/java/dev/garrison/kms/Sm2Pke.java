package dev.garrison.kms;

import dev.garrison.platform.core.CommonErrors;
import java.io.IOException;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * SM2 public key encryption (GB/T 32918.4 with SM3), as KMS offers it for SM2 keys: the
 * ciphertext in the ASN.1 DER form of GM/T 0009, {@code SEQUENCE {x INTEGER, y INTEGER,
 * hash OCTET STRING, ciphertext OCTET STRING}} (C1, C3, C2), which OpenSSL also reads and writes.
 */
final class Sm2Pke {
    /** The most KMS encrypts with SM2PKE in one call. */
    static final int MAX_PLAINTEXT = 1024;
    private static final int COORDINATE = 32;
    private static final int HASH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Sm2Pke() {}

    static byte[] encrypt(KmsKey key, PublicKey publicKey, byte[] plaintext) {
        if (plaintext.length > MAX_PLAINTEXT) {
            throw CommonErrors.of(CommonErrors.Kind.VALIDATION, "Algorithm SM2PKE and key spec " + key.keySpec()
                    + " cannot encrypt data larger than " + MAX_PLAINTEXT + " bytes.");
        }
        try {
            SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
            ECPublicKeyParameters parameters = (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(publicKey);
            engine.init(true, new ParametersWithRandom(parameters, RANDOM));
            byte[] raw = engine.processBlock(plaintext, 0, plaintext.length);
            ECPoint c1 = parameters.getParameters().getCurve().decodePoint(Arrays.copyOfRange(raw, 0, 1 + 2 * COORDINATE));
            ASN1EncodableVector fields = new ASN1EncodableVector();
            fields.add(new ASN1Integer(c1.getAffineXCoord().toBigInteger()));
            fields.add(new ASN1Integer(c1.getAffineYCoord().toBigInteger()));
            fields.add(new DEROctetString(Arrays.copyOfRange(raw, 1 + 2 * COORDINATE, 1 + 2 * COORDINATE + HASH)));
            fields.add(new DEROctetString(Arrays.copyOfRange(raw, 1 + 2 * COORDINATE + HASH, raw.length)));
            return new DERSequence(fields).getEncoded();
        } catch (InvalidKeyException | InvalidCipherTextException | IOException e) {
            throw new IllegalStateException("SM2 encryption failed", e);
        }
    }

    /** The plaintext, or InvalidCiphertextException when the ciphertext is not one this key made. */
    static byte[] decrypt(PrivateKey privateKey, byte[] ciphertext) {
        try {
            ASN1Sequence sequence = ASN1Sequence.getInstance(ciphertext);
            if (sequence.size() != 4) {
                throw SymmetricCiphertext.invalid();
            }
            BigInteger x = ASN1Integer.getInstance(sequence.getObjectAt(0)).getValue();
            BigInteger y = ASN1Integer.getInstance(sequence.getObjectAt(1)).getValue();
            byte[] hash = ASN1OctetString.getInstance(sequence.getObjectAt(2)).getOctets();
            byte[] body = ASN1OctetString.getInstance(sequence.getObjectAt(3)).getOctets();
            if (hash.length != HASH || x.signum() < 0 || y.signum() < 0 || x.bitLength() > 256 || y.bitLength() > 256) {
                throw SymmetricCiphertext.invalid();
            }
            byte[] raw = new byte[1 + 2 * COORDINATE + HASH + body.length];
            raw[0] = 4;
            System.arraycopy(BigIntegers.asUnsignedByteArray(COORDINATE, x), 0, raw, 1, COORDINATE);
            System.arraycopy(BigIntegers.asUnsignedByteArray(COORDINATE, y), 0, raw, 1 + COORDINATE, COORDINATE);
            System.arraycopy(hash, 0, raw, 1 + 2 * COORDINATE, HASH);
            System.arraycopy(body, 0, raw, 1 + 2 * COORDINATE + HASH, body.length);
            SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
            engine.init(false, ECUtil.generatePrivateKeyParameter(privateKey));
            return engine.processBlock(raw, 0, raw.length);
        } catch (InvalidCipherTextException | IllegalArgumentException | IllegalStateException e) {
            throw SymmetricCiphertext.invalid();
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("SM2 decryption failed", e);
        }
    }
}
