-- The audit trail: one CloudTrail-format record per API call. The id sorts by time
-- (zero-padded epoch milliseconds, then the event id); the columns are LookupEvents' attributes.
CREATE TABLE audit_events (
    id            VARCHAR(64) PRIMARY KEY,
    event_id      VARCHAR(36) NOT NULL,
    event_name    VARCHAR(128) NOT NULL,
    event_source  VARCHAR(128) NOT NULL,
    username      VARCHAR(256) NOT NULL,
    access_key_id VARCHAR(128) NOT NULL,
    read_only     VARCHAR(5) NOT NULL,
    resource_name VARCHAR(2048) NOT NULL,
    value         ${blob} NOT NULL
);

CREATE INDEX audit_events_event_id ON audit_events (event_id);
