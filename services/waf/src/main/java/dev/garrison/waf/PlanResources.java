package dev.garrison.waf;

/**
 * What compiled web ACLs use beyond their entities: the geo and ASN databases, and the key that
 * signs CAPTCHA and challenge tokens.
 */
record PlanResources(GeoIp geo, TokenSigner signer) {}
