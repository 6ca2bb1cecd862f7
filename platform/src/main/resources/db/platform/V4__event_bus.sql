-- The internal event bus: a durable log of EventBridge envelopes, keyed by a zero-padded
-- sequence number in commit order, and each subscriber's position in it.
CREATE TABLE bus_events (
    id    VARCHAR(20) PRIMARY KEY,
    value ${blob} NOT NULL
);

CREATE TABLE bus_cursors (
    id    VARCHAR(128) PRIMARY KEY,
    value ${blob} NOT NULL
);
