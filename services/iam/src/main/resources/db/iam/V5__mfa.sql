-- Virtual MFA devices, keyed by serial number (their ARN). user_key is the lower-cased name of the
-- user the device is enabled for, empty while it is unassigned; the seed is sealed by the barrier.
CREATE TABLE iam_mfa_devices (
    id       VARCHAR(300) PRIMARY KEY,
    user_key VARCHAR(128) NOT NULL,
    value    ${blob} NOT NULL
);

CREATE INDEX iam_mfa_devices_user ON iam_mfa_devices (user_key);
