-- The last cryptographic use of each key: operation, time and request id, written in batches.
CREATE TABLE kms_key_usage (
    id    VARCHAR(64) PRIMARY KEY,
    value ${blob} NOT NULL
);
