-- Groups (keyed by lower-cased name) and their members: id is group-key|user-key.
CREATE TABLE iam_groups (
    id       VARCHAR(128) PRIMARY KEY,
    group_id VARCHAR(32) NOT NULL,
    value    ${blob} NOT NULL
);

CREATE TABLE iam_memberships (
    id         VARCHAR(260) PRIMARY KEY,
    group_key  VARCHAR(128) NOT NULL,
    user_key   VARCHAR(128) NOT NULL,
    value      ${blob} NOT NULL
);

CREATE INDEX iam_memberships_group ON iam_memberships (group_key);
CREATE INDEX iam_memberships_user ON iam_memberships (user_key);
