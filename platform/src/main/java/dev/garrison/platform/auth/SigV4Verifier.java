package dev.garrison.platform.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.garrison.platform.core.CommonErrors;
import dev.garrison.platform.core.CommonErrors.Kind;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Verifies AWS Signature Version 4, from the {@code Authorization} header or a presigned query
 * string: canonical request, string to sign, derived signing key, constant-time comparison,
 * 5-minute clock skew, session tokens and the body hash.
 */
public final class SigV4Verifier {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final Duration MAX_PRESIGNED_EXPIRY = Duration.ofDays(7);
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String INVALID_TOKEN = "The security token included in the request is invalid.";
    private static final String BAD_SIGNATURE = "The request signature we calculated does not match the signature you"
            + " provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    private static final int SIGNING_KEY_CACHE_LIMIT = 10_000;
    /** Cloned for each hash: a lookup of the provider for each would cost more than the hash of a small body. */
    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The outcome of a successful verification. */
    public record Verified(Credential credential, String region, String service) {}

    /** The parsed authentication parameters, wherever they came from. */
    record Authentication(
            String accessKeyId, String date, String region, String service, List<String> signedHeaders,
            String signature, String amzDate, @Nullable String securityToken, boolean presigned,
            @Nullable Duration expires) {

        String scope() {
            return date + "/" + region + "/" + service + "/aws4_request";
        }
    }

    /** The intermediate texts of a signature, exposed to the conformance test. */
    record Computation(String canonicalRequest, String stringToSign, String signature) {}

    /**
     * A derived signing key, held as an HMAC already keyed with it: each request signs with a
     * clone, which skips the provider lookup and the key setup on every request.
     */
    private record CachedKey(String secret, Mac signer) {
        @Override
        public String toString() {
            return "CachedKey[secret and key withheld]";
        }
    }

    private final CredentialResolver credentials;
    private final Clock clock;
    private final boolean normalizePath;
    private final Map<String, CachedKey> signingKeys = new ConcurrentHashMap<>();

    /**
     * @param normalizePath whether the canonical URI removes dot segments and duplicate slashes
     *     (every service but S3 does)
     */
    public SigV4Verifier(CredentialResolver credentials, Clock clock, boolean normalizePath) {
        this.credentials = credentials;
        this.clock = clock;
        this.normalizePath = normalizePath;
    }

    /** Whether the request carries any SigV4 authentication at all. */
    public static boolean isSigned(SignedRequest request) {
        String authorization = request.header("authorization");
        return authorization != null || QueryString.parse(request.rawQuery()).containsKey("X-Amz-Algorithm");
    }

    /** The service named in the request's credential scope, or null when it has none that parses. */
    public static @Nullable String scopeService(SignedRequest request) {
        try {
            return parse(request).service();
        } catch (RuntimeException e) {
            return null;
        }
    }

    public Verified verify(SignedRequest request) {
        Authentication auth = parse(request);
        Instant now = clock.instant();
        Instant signedAt = parseAmzDate(auth.amzDate());
        checkTime(auth, signedAt, now);
        if (!auth.amzDate().startsWith(auth.date())) {
            throw CommonErrors.of(Kind.INVALID_SIGNATURE, "Date in Credential scope does not match YYYYMMDD from"
                    + " ISO-8601 version of date from HTTP: '" + auth.date() + "' != '" + auth.amzDate().substring(0, 8) + "'");
        }
        Credential credential = credentials.resolve(auth.accessKeyId());
        if (credential == null || !credential.active()) {
            throw CommonErrors.of(Kind.UNRECOGNIZED_CLIENT, INVALID_TOKEN);
        }
        checkSessionToken(credential, auth.securityToken(), now);
        checkPayloadHash(request);
        boolean matches = matches(compute(request, auth, credential.secretAccessKey(), false), auth);
        if (!matches && auth.presigned() && auth.securityToken() != null) {
            // STS-style presigning adds the session token to the query after signing.
            matches = matches(compute(request, auth, credential.secretAccessKey(), true), auth);
        }
        if (!matches) {
            throw CommonErrors.of(Kind.INVALID_SIGNATURE, BAD_SIGNATURE);
        }
        credentials.used(credential, now, auth.service(), auth.region());
        return new Verified(credential, auth.region(), auth.service());
    }

    private static boolean matches(Computation computed, Authentication auth) {
        return MessageDigest.isEqual(computed.signature().getBytes(UTF_8), auth.signature().getBytes(UTF_8));
    }

    private static void checkSessionToken(Credential credential, @Nullable String presented, Instant now) {
        String expected = credential.sessionToken();
        if (expected == null) {
            if (presented != null) {
                throw CommonErrors.of(Kind.UNRECOGNIZED_CLIENT, INVALID_TOKEN);
            }
            return;
        }
        if (presented == null || !MessageDigest.isEqual(expected.getBytes(UTF_8), presented.getBytes(UTF_8))) {
            throw CommonErrors.of(Kind.UNRECOGNIZED_CLIENT, INVALID_TOKEN);
        }
        if (credential.expiresAt() != null && !now.isBefore(credential.expiresAt())) {
            throw CommonErrors.of(Kind.EXPIRED_TOKEN, "The security token included in the request is expired");
        }
    }

    private static void checkTime(Authentication auth, Instant signedAt, Instant now) {
        if (auth.presigned()) {
            if (signedAt.isAfter(now.plus(SKEW))) {
                throw notYetCurrent(signedAt, now);
            }
            if (!now.isBefore(signedAt.plus(auth.expires()))) {
                throw CommonErrors.of(Kind.INVALID_SIGNATURE, "Signature expired: " + AMZ_DATE.format(signedAt.plus(auth.expires()))
                        + " is now earlier than " + AMZ_DATE.format(now) + ".");
            }
            return;
        }
        if (signedAt.isBefore(now.minus(SKEW))) {
            throw CommonErrors.of(Kind.INVALID_SIGNATURE, "Signature expired: " + AMZ_DATE.format(signedAt)
                    + " is now earlier than " + AMZ_DATE.format(now.minus(SKEW)) + " (" + AMZ_DATE.format(now) + " - 5 min.)");
        }
        if (signedAt.isAfter(now.plus(SKEW))) {
            throw notYetCurrent(signedAt, now);
        }
    }

    private static RuntimeException notYetCurrent(Instant signedAt, Instant now) {
        return CommonErrors.of(Kind.INVALID_SIGNATURE, "Signature not yet current: " + AMZ_DATE.format(signedAt)
                + " is still later than " + AMZ_DATE.format(now.plus(SKEW)) + " (" + AMZ_DATE.format(now) + " + 5 min.)");
    }

    private static void checkPayloadHash(SignedRequest request) {
        String declared = request.header("x-amz-content-sha256");
        if (declared == null || declared.equals(UNSIGNED_PAYLOAD)) {
            return;
        }
        String actual = sha256Hex(request.body());
        if (!MessageDigest.isEqual(declared.getBytes(UTF_8), actual.getBytes(UTF_8))) {
            throw CommonErrors.of(Kind.INVALID_SIGNATURE,
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
    }

    /**
     * Computes canonical request, string to sign and signature for the given secret; with
     * {@code tokenAddedAfterSigning} the query's session token is left out of the canonical query.
     */
    Computation compute(SignedRequest request, Authentication auth, String secret, boolean tokenAddedAfterSigning) {
        String canonicalRequest = canonicalRequest(request, auth, tokenAddedAfterSigning);
        String stringToSign = ALGORITHM + "\n" + auth.amzDate() + "\n" + auth.scope() + "\n" + sha256Hex(canonicalRequest.getBytes(UTF_8));
        Mac signer = copy(signingKey(auth, secret));
        String signature = HexFormat.of().formatHex(signer.doFinal(stringToSign.getBytes(UTF_8)));
        return new Computation(canonicalRequest, stringToSign, signature);
    }

    private String canonicalRequest(SignedRequest request, Authentication auth, boolean tokenAddedAfterSigning) {
        StringBuilder out = new StringBuilder(256);
        out.append(request.method()).append('\n');
        out.append(CanonicalUri.of(request.rawPath(), normalizePath)).append('\n');
        out.append(canonicalQuery(request.rawQuery(), auth.presigned(), tokenAddedAfterSigning)).append('\n');
        for (String name : auth.signedHeaders()) {
            out.append(name).append(':').append(canonicalHeaderValue(request.headers().get(name))).append('\n');
        }
        out.append('\n').append(String.join(";", auth.signedHeaders())).append('\n');
        out.append(payloadHash(request));
        return out.toString();
    }

    private static String payloadHash(SignedRequest request) {
        String declared = request.header("x-amz-content-sha256");
        return declared != null ? declared : sha256Hex(request.body());
    }

    /** A header's values as the canonical request holds them: each trimmed, runs of whitespace as one space, joined by commas. */
    static String canonicalHeaderValue(@Nullable List<String> values) {
        if (values == null) {
            return "";
        }
        if (values.size() == 1) {
            return collapsed(values.getFirst().strip());
        }
        List<String> trimmed = new ArrayList<>(values.size());
        for (String value : values) {
            trimmed.add(collapsed(value.strip()));
        }
        return String.join(",", trimmed);
    }

    /** {@code value} with each run of whitespace ({@code \s}: space, tab, line breaks, form feed, vertical tab) as one space. */
    private static String collapsed(String value) {
        int i = 0;
        while (i < value.length() && !(whitespace(value.charAt(i))
                && (value.charAt(i) != ' ' || i + 1 < value.length() && whitespace(value.charAt(i + 1))))) {
            i++;
        }
        if (i == value.length()) {
            return value; // no run to collapse: the common case
        }
        StringBuilder out = new StringBuilder(value.length()).append(value, 0, i);
        boolean inRun = false;
        for (; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!whitespace(c)) {
                out.append(c);
                inRun = false;
            } else if (!inRun) {
                out.append(' ');
                inRun = true;
            }
        }
        return out.toString();
    }

    private static boolean whitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    private static String canonicalQuery(String rawQuery, boolean presigned, boolean tokenAddedAfterSigning) {
        List<String[]> pairs = new ArrayList<>();
        for (String[] pair : QueryString.pairs(rawQuery)) {
            if (presigned && (pair[0].equals("X-Amz-Signature")
                    || (tokenAddedAfterSigning && pair[0].equals("X-Amz-Security-Token")))) {
                continue;
            }
            pairs.add(new String[] {UriEncoding.encode(pair[0], true), UriEncoding.encode(pair[1], true)});
        }
        pairs.sort((a, b) -> {
            int byName = a[0].compareTo(b[0]);
            return byName != 0 ? byName : a[1].compareTo(b[1]);
        });
        StringBuilder out = new StringBuilder();
        for (String[] pair : pairs) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(pair[0]).append('=').append(pair[1]);
        }
        return out.toString();
    }

    private Mac signingKey(Authentication auth, String secret) {
        String cacheKey = auth.accessKeyId() + "/" + auth.scope();
        CachedKey cached = signingKeys.get(cacheKey);
        if (cached != null && cached.secret().equals(secret)) {
            return cached.signer();
        }
        byte[] key = hmac(("AWS4" + secret).getBytes(UTF_8), auth.date());
        key = hmac(key, auth.region());
        key = hmac(key, auth.service());
        Mac signer = keyed(hmac(key, "aws4_request"));
        if (signingKeys.size() >= SIGNING_KEY_CACHE_LIMIT) {
            signingKeys.clear();
        }
        signingKeys.put(cacheKey, new CachedKey(secret, signer));
        return signer;
    }

    static Authentication parse(SignedRequest request) {
        String authorization = request.header("authorization");
        if (authorization != null) {
            return parseHeader(request, authorization);
        }
        Map<String, String> query = QueryString.parse(request.rawQuery());
        if (query.containsKey("X-Amz-Algorithm")) {
            return parsePresigned(request, query);
        }
        throw CommonErrors.of(Kind.MISSING_AUTHENTICATION, "Missing Authentication Token");
    }

    private static Authentication parseHeader(SignedRequest request, String authorization) {
        if (!authorization.startsWith(ALGORITHM + " ")) {
            throw CommonErrors.of(Kind.INCOMPLETE_SIGNATURE, "Authorization header requires the " + ALGORITHM
                    + " algorithm; only Signature Version 4 is supported.");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : authorization.substring(ALGORITHM.length() + 1).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        StringBuilder missing = new StringBuilder();
        for (String required : List.of("Credential", "Signature", "SignedHeaders")) {
            if (!parts.containsKey(required)) {
                missing.append("Authorization header requires '").append(required).append("' parameter. ");
            }
        }
        String amzDate = request.header("x-amz-date");
        if (amzDate == null && request.header("date") != null) {
            amzDate = fromHttpDate(request.header("date"));
        }
        if (amzDate == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (!missing.isEmpty()) {
            throw CommonErrors.of(Kind.INCOMPLETE_SIGNATURE, missing + "Authorization=" + ALGORITHM);
        }
        String[] scope = credentialScope(parts.get("Credential"));
        List<String> signedHeaders = List.of(parts.get("SignedHeaders").split(";"));
        return new Authentication(scope[0], scope[1], scope[2], scope[3], signedHeaders, parts.get("Signature"),
                amzDate, request.header("x-amz-security-token"), false, null);
    }

    private static Authentication parsePresigned(SignedRequest request, Map<String, String> query) {
        if (!ALGORITHM.equals(query.get("X-Amz-Algorithm"))) {
            throw CommonErrors.of(Kind.INCOMPLETE_SIGNATURE, "X-Amz-Algorithm only supports \"" + ALGORITHM + "\"");
        }
        StringBuilder missing = new StringBuilder();
        for (String required : List.of("X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date")) {
            if (!query.containsKey(required)) {
                missing.append("AWS query-string parameters must include '").append(required).append("'. ");
            }
        }
        if (!missing.isEmpty()) {
            throw CommonErrors.of(Kind.INCOMPLETE_SIGNATURE, missing + "Re-examine the query-string parameters.");
        }
        Duration expires = MAX_PRESIGNED_EXPIRY;
        if (query.containsKey("X-Amz-Expires")) {
            try {
                expires = Duration.ofSeconds(Long.parseLong(query.get("X-Amz-Expires")));
            } catch (NumberFormatException e) {
                throw CommonErrors.of(Kind.INCOMPLETE_SIGNATURE, "X-Amz-Expires must be a number of seconds.");
            }
            if (expires.isNegative() || expires.compareTo(MAX_PRESIGNED_EXPIRY) > 0) {
                throw CommonErrors.of(Kind.INCOMPLETE_SIGNATURE,
                        "X-Amz-Expires must be non-negative and no more than 604800 seconds.");
            }
        }
        String[] scope = credentialScope(query.get("X-Amz-Credential"));
        return new Authentication(scope[0], scope[1], scope[2], scope[3],
                List.of(query.get("X-Amz-SignedHeaders").split(";")), query.get("X-Amz-Signature"),
                query.get("X-Amz-Date"), query.get("X-Amz-Security-Token"), true, expires);
    }

    /** {@code AKID/20150830/us-east-1/service/aws4_request} into its five parts. */
    private static String[] credentialScope(String credential) {
        String[] parts = credential.split("/", -1);
        if (parts.length != 5 || !parts[4].equals("aws4_request") || parts[0].isEmpty() || parts[1].length() != 8
                || parts[2].isEmpty() || parts[3].isEmpty()) {
            throw CommonErrors.of(Kind.INCOMPLETE_SIGNATURE, "Credential should be scoped to a valid region, service"
                    + " and date: 'ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request'.");
        }
        return parts;
    }

    /** {@code yyyyMMdd'T'HHmmss'Z'}, read by hand: a formatter's parse is a tenth of a signed call's cost. */
    private static Instant parseAmzDate(String amzDate) {
        try {
            if (amzDate.length() != 16 || amzDate.charAt(8) != 'T' || amzDate.charAt(15) != 'Z') {
                throw new DateTimeException("not in basic format");
            }
            return LocalDateTime.of(digits(amzDate, 0, 4), digits(amzDate, 4, 6), digits(amzDate, 6, 8),
                    digits(amzDate, 9, 11), digits(amzDate, 11, 13), digits(amzDate, 13, 15)).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw CommonErrors.of(Kind.INCOMPLETE_SIGNATURE, "Date must be in ISO-8601 'basic format'. Got '"
                    + amzDate.replaceAll("[^0-9A-Za-z:+ -]", "") + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeException("not a digit");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static @Nullable String fromHttpDate(String date) {
        try {
            return AMZ_DATE.format(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(((MessageDigest) SHA_256.clone()).digest(data));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        return keyed(key).doFinal(data.getBytes(UTF_8));
    }

    private static Mac keyed(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh HMAC with {@code keyed}'s key, which stays untouched for the next caller. */
    private static Mac copy(Mac keyed) {
        try {
            return (Mac) keyed.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
