-- Logging configurations, keyed by the web ACL's ARN; "shelf" is its scope and region ("REGIONAL/us-east-1").
CREATE TABLE waf_logging (
    id    VARCHAR(600) PRIMARY KEY,
    shelf VARCHAR(120) NOT NULL,
    value ${blob} NOT NULL
);

CREATE INDEX waf_logging_shelf ON waf_logging (shelf);
