package dev.garrison.iam;

import java.time.Instant;

/** A stored IAM group: its members inherit its policies. */
record IamGroup(String groupName, String groupId, String path, String arn, Instant created) {}
