package dev.garrison.iam;

import dev.garrison.platform.policy.PolicyDocument;

/**
 * A policy with where it comes from, as a simulation's MatchedStatements name it: its id (an
 * inline policy's name, a managed policy's ARN, {@code PolicyInputList.N}, {@code ResourcePolicy})
 * and type (user, group, role, aws-managed, user-managed, resource, none), and its text.
 */
record SourcedPolicy(String id, String type, String text, PolicyDocument document) {}
