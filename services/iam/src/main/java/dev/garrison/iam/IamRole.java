package dev.garrison.iam;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A stored IAM role: its trust policy decides who may assume it, for at most maxSessionDuration seconds. */
record IamRole(String roleName, String roleId, String path, String arn, Instant created, String trustPolicy,
        int maxSessionDuration, @Nullable String description, @Nullable String boundaryArn) {}
