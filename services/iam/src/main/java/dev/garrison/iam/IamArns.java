package dev.garrison.iam;

/** IAM's ARNs: {@code arn:aws:iam::ACCOUNT:user/PATH/NAME}, {@code ...:policy/PATH/NAME}. */
final class IamArns {
    private IamArns() {}

    static String user(String account, String path, String userName) {
        return "arn:aws:iam::" + account + ":user" + path + userName;
    }

    static String policy(String account, String path, String policyName) {
        return "arn:aws:iam::" + account + ":policy" + path + policyName;
    }
}
