package dev.garrison.cloudtrail;

import java.util.Map;

/** CloudFormation-style resource types (AWS::IAM::User) for the ARNs calls are authorized against. */
final class ResourceTypes {
    /** By ARN service and the resource part before the first slash. */
    private static final Map<String, String> TYPES = Map.of(
            "iam:user", "AWS::IAM::User",
            "iam:policy", "AWS::IAM::ManagedPolicy",
            "iam:role", "AWS::IAM::Role",
            "iam:group", "AWS::IAM::Group",
            "kms:key", "AWS::KMS::Key",
            "kms:alias", "AWS::KMS::Alias");

    private ResourceTypes() {}

    /** The type of {@code arn}, or empty when Garrison does not name it. */
    static String of(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6) {
            return "";
        }
        int slash = parts[5].indexOf('/');
        String kind = slash < 0 ? parts[5] : parts[5].substring(0, slash);
        return TYPES.getOrDefault(parts[2] + ":" + kind, "");
    }
}
