-- Parameters for importing key material: the wrapping key pair (private key sealed by the
-- barrier), keyed by the import token, valid for 24 hours.
CREATE TABLE kms_import_parameters (
    id     VARCHAR(64) PRIMARY KEY,
    key_id VARCHAR(64) NOT NULL,
    value  ${blob} NOT NULL
);

CREATE INDEX kms_import_parameters_key ON kms_import_parameters (key_id);
