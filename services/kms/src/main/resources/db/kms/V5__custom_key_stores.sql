-- Custom key stores backed by PKCS#11 tokens; the token PIN (KeyStorePassword) sealed by the barrier.
CREATE TABLE kms_custom_key_stores (
    id    VARCHAR(32) PRIMARY KEY,
    name  VARCHAR(256) NOT NULL,
    value ${blob} NOT NULL
);

CREATE INDEX kms_custom_key_stores_name ON kms_custom_key_stores (name);
