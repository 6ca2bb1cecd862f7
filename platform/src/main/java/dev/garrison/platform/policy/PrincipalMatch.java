package dev.garrison.platform.policy;

/**
 * How a Principal element names the caller, weakest first. A resource policy that names the
 * caller itself (its user or role-session ARN) grants regardless of boundaries and session
 * policies; naming its role, its account or everyone does not.
 */
enum PrincipalMatch { NONE, ACCOUNT, ANY, ROLE, DIRECT }
