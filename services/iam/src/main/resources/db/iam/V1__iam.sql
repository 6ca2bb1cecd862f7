-- IAM entities. Names are unique without regard to case, as in IAM: ids are lower-cased names
-- (policies: their ARN); the value holds the entity as JSON with its names as given.
CREATE TABLE iam_users (
    id      VARCHAR(128) PRIMARY KEY,
    user_id VARCHAR(32) NOT NULL,
    value   ${blob} NOT NULL
);

CREATE TABLE iam_policies (
    id    VARCHAR(2048) PRIMARY KEY,
    scope VARCHAR(16) NOT NULL,
    value ${blob} NOT NULL
);

-- Inline policies: id is OWNER_KIND/owner-id/policy-name-lower-cased; owner is OWNER_KIND/owner-id.
CREATE TABLE iam_inline_policies (
    id    VARCHAR(512) PRIMARY KEY,
    owner VARCHAR(256) NOT NULL,
    value ${blob} NOT NULL
);

CREATE INDEX iam_inline_policies_owner ON iam_inline_policies (owner);

-- Managed-policy attachments: id is owner + '|' + policy ARN.
CREATE TABLE iam_attachments (
    id         VARCHAR(2400) PRIMARY KEY,
    owner      VARCHAR(256) NOT NULL,
    policy_arn VARCHAR(2048) NOT NULL,
    value      ${blob} NOT NULL
);

CREATE INDEX iam_attachments_owner ON iam_attachments (owner);
CREATE INDEX iam_attachments_policy ON iam_attachments (policy_arn);
