package dev.garrison.kms;

import java.io.IOException;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * SM2DSA over a digest the caller computed (MessageType DIGEST): the 32-byte e = SM3(Z || M) of
 * GB/T 32918.2, signed and verified as the standard's steps say, the signature DER-encoded as
 * {@code SEQUENCE {r, s}} like a RAW one.
 */
final class Sm2Digest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Sm2Digest() {}

    static byte[] sign(PrivateKey privateKey, byte[] digest) throws InvalidKeyException, IOException {
        ECPrivateKeyParameters key = (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(privateKey);
        ECDomainParameters domain = key.getParameters();
        BigInteger n = domain.getN();
        BigInteger d = key.getD();
        BigInteger e = new BigInteger(1, digest);
        BigInteger inverse = d.add(BigInteger.ONE).modInverse(n);
        while (true) {
            BigInteger k = BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE), RANDOM);
            BigInteger x1 = new FixedPointCombMultiplier().multiply(domain.getG(), k).normalize().getAffineXCoord()
                    .toBigInteger();
            BigInteger r = e.add(x1).mod(n);
            if (r.signum() == 0 || r.add(k).equals(n)) {
                continue;
            }
            BigInteger s = inverse.multiply(k.subtract(r.multiply(d))).mod(n);
            if (s.signum() != 0) {
                ASN1EncodableVector pair = new ASN1EncodableVector();
                pair.add(new ASN1Integer(r));
                pair.add(new ASN1Integer(s));
                return new DERSequence(pair).getEncoded();
            }
        }
    }

    static boolean verify(PublicKey publicKey, byte[] digest, byte[] signature) throws InvalidKeyException {
        ECPublicKeyParameters key = (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(publicKey);
        BigInteger n = key.getParameters().getN();
        BigInteger r;
        BigInteger s;
        try {
            ASN1Sequence pair = ASN1Sequence.getInstance(signature);
            if (pair.size() != 2) {
                return false;
            }
            r = ASN1Integer.getInstance(pair.getObjectAt(0)).getValue();
            s = ASN1Integer.getInstance(pair.getObjectAt(1)).getValue();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (r.signum() <= 0 || r.compareTo(n) >= 0 || s.signum() <= 0 || s.compareTo(n) >= 0) {
            return false;
        }
        BigInteger t = r.add(s).mod(n);
        if (t.signum() == 0) {
            return false;
        }
        ECPoint point = ECAlgorithms.sumOfTwoMultiplies(key.getParameters().getG(), s, key.getQ(), t).normalize();
        if (point.isInfinity()) {
            return false;
        }
        return new BigInteger(1, digest).add(point.getAffineXCoord().toBigInteger()).mod(n).equals(r);
    }
}
