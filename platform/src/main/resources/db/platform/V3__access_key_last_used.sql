-- When each long-term access key last signed a verified request, for which service and region.
CREATE TABLE access_key_last_used (
    id    VARCHAR(128) PRIMARY KEY,
    value ${blob} NOT NULL
);
