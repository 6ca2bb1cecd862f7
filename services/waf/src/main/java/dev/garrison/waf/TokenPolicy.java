package dev.garrison.waf;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a web ACL judges tokens: the key that signs them, the domains it accepts beyond the
 * protected host ({@code TokenDomains}: each with its subdomains, as AWS WAF accepts them), and
 * how long a solved CAPTCHA or challenge counts when a rule does not say ({@code CaptchaConfig},
 * {@code ChallengeConfig}; 300 seconds by default).
 */
record TokenPolicy(TokenSigner signer, List<String> tokenDomains, long captchaImmunity, long challengeImmunity) {
    static final long DEFAULT_IMMUNITY = 300;

    /** The state of the token the request carries. */
    TokenState read(WebRequest request) {
        return read(request.cookies(), request.host());
    }

    /** The state of the token among {@code cookies}, sent to {@code host}. */
    TokenState read(List<Map.Entry<String, String>> cookies, String host) {
        String value = null;
        for (Map.Entry<String, String> cookie : cookies) {
            if (cookie.getKey().equals(WafToken.COOKIE)) {
                value = cookie.getValue();
            }
        }
        if (value == null) {
            return TokenState.ABSENT;
        }
        WafToken token = WafToken.decode(signer, value);
        if (token == null) {
            return new TokenState(TokenState.Status.INVALID, null);
        }
        String name = host(host);
        boolean accepted = token.domain().equals(name)
                || tokenDomains.contains(token.domain()) && (name.equals(token.domain()) || name.endsWith("." + token.domain()));
        return new TokenState(accepted ? TokenState.Status.PRESENT : TokenState.Status.DOMAIN_MISMATCH, token);
    }

    /** The domain a token issued to a client of {@code host} is for: the token domain that covers the host, else the host. */
    String issuingDomain(String host) {
        String name = host(host);
        String best = name;
        for (String domain : tokenDomains) {
            if ((name.equals(domain) || name.endsWith("." + domain)) && (best.equals(name) || domain.length() < best.length())) {
                best = domain;
            }
        }
        return best;
    }

    private static String host(String host) {
        return host.toLowerCase(Locale.ROOT);
    }
}
