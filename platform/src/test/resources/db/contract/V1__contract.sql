CREATE TABLE things (
    id    VARCHAR(128) PRIMARY KEY,
    owner VARCHAR(128) NOT NULL,
    size  BIGINT,
    value ${blob} NOT NULL
);
