-- Tags of users and roles: id is owner|lower-cased key (IAM tag keys are unique without regard to case).
CREATE TABLE iam_tags (
    id    VARCHAR(400) PRIMARY KEY,
    owner VARCHAR(256) NOT NULL,
    value ${blob} NOT NULL
);

CREATE INDEX iam_tags_owner ON iam_tags (owner);
