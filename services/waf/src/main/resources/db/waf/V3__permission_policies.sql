-- Permission policies that share a rule group, keyed by the rule group's ARN.
CREATE TABLE waf_permission_policies (
    id    VARCHAR(600) PRIMARY KEY,
    value ${blob} NOT NULL
);
