package dev.garrison.iam;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A stored IAM user. */
record IamUser(String userName, String userId, String path, String arn, Instant created, @Nullable String boundaryArn) {}
