-- Roles (keyed by lower-cased name) and the role sessions STS hands out (keyed by their
-- ASIA access key id; the secret and token live with the other access keys, sealed).
CREATE TABLE iam_roles (
    id      VARCHAR(128) PRIMARY KEY,
    role_id VARCHAR(32) NOT NULL,
    value   ${blob} NOT NULL
);

CREATE TABLE iam_sessions (
    id    VARCHAR(128) PRIMARY KEY,
    role  VARCHAR(128) NOT NULL,
    value ${blob} NOT NULL
);

CREATE INDEX iam_sessions_role ON iam_sessions (role);
