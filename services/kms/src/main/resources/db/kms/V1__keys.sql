-- KMS keys by key id: metadata, key policy, tags and the key material versions (each sealed by
-- the barrier) in the value; state and deletion date as columns for the deletion sweep.
CREATE TABLE kms_keys (
    id            VARCHAR(64) PRIMARY KEY,
    state         VARCHAR(32) NOT NULL,
    deletion_date VARCHAR(32) NOT NULL,
    value         ${blob} NOT NULL
);

CREATE INDEX kms_keys_state ON kms_keys (state);

-- Aliases by ARN (names are per account and region), with the key they point at.
CREATE TABLE kms_aliases (
    id     VARCHAR(400) PRIMARY KEY,
    key_id VARCHAR(64) NOT NULL,
    value  ${blob} NOT NULL
);

CREATE INDEX kms_aliases_key ON kms_aliases (key_id);
