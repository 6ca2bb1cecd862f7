-- Garrison's own state: settings such as the account id, the barrier's keyring, access keys.
CREATE TABLE settings (
    id    VARCHAR(128) PRIMARY KEY,
    value ${blob} NOT NULL
);

CREATE TABLE barrier_keyring (
    id    VARCHAR(32) PRIMARY KEY,
    value ${blob} NOT NULL
);

CREATE TABLE access_keys (
    id            VARCHAR(128) PRIMARY KEY,
    principal_arn VARCHAR(2048) NOT NULL,
    status        VARCHAR(16) NOT NULL,
    value         ${blob} NOT NULL
);

CREATE INDEX access_keys_principal ON access_keys (principal_arn);
