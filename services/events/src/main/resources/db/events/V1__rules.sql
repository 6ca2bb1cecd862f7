-- EventBridge rules, keyed by event bus and rule name ("default/NAME").
CREATE TABLE events_rules (
    id    VARCHAR(400) PRIMARY KEY,
    bus   VARCHAR(256) NOT NULL,
    value ${blob} NOT NULL
);

CREATE INDEX events_rules_bus ON events_rules (bus);
