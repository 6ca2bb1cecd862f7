-- The key that signs CAPTCHA and challenge tokens, sealed by the barrier (one row, id "signing").
CREATE TABLE waf_token_keys (
    id    VARCHAR(60) PRIMARY KEY,
    value ${blob} NOT NULL
);

-- API keys for CAPTCHA and challenge token domains, keyed by scope, region and key.
CREATE TABLE waf_api_keys (
    id    VARCHAR(600) PRIMARY KEY,
    shelf VARCHAR(120) NOT NULL,
    value ${blob} NOT NULL
);

CREATE INDEX waf_api_keys_shelf ON waf_api_keys (shelf);
