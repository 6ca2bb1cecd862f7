-- Grants by grant id, with the key they are on and the principal that may retire them.
CREATE TABLE kms_grants (
    id                 VARCHAR(64) PRIMARY KEY,
    key_id             VARCHAR(64) NOT NULL,
    retiring_principal VARCHAR(2048) NOT NULL,
    value              ${blob} NOT NULL
);

CREATE INDEX kms_grants_key ON kms_grants (key_id);
CREATE INDEX kms_grants_retiring ON kms_grants (retiring_principal);
