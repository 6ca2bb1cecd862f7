-- Targets of rules, keyed "BUS/RULE/TARGET-ID"; rule is "BUS/RULE".
CREATE TABLE events_targets (
    id    VARCHAR(500) PRIMARY KEY,
    rule  VARCHAR(400) NOT NULL,
    value ${blob} NOT NULL
);

CREATE INDEX events_targets_rule ON events_targets (rule);

-- Deliveries of matched events to targets, until they succeed (then deleted) or fail for good
-- (status FAILED, kept with their last error). Keyed by time taken, then a random id.
CREATE TABLE events_deliveries (
    id     VARCHAR(64) PRIMARY KEY,
    status VARCHAR(16) NOT NULL,
    value  ${blob} NOT NULL
);

CREATE INDEX events_deliveries_status ON events_deliveries (status);

-- Connections (authorization for API destinations), keyed by name; secrets sealed by the barrier.
CREATE TABLE events_connections (
    id    VARCHAR(64) PRIMARY KEY,
    value ${blob} NOT NULL
);

-- API destinations (HTTP endpoints), keyed by name.
CREATE TABLE events_api_destinations (
    id         VARCHAR(64) PRIMARY KEY,
    connection VARCHAR(64) NOT NULL,
    value      ${blob} NOT NULL
);

CREATE INDEX events_api_destinations_connection ON events_api_destinations (connection);
