package dev.garrison.iam;

/** IAM's ARNs: {@code arn:aws:iam::ACCOUNT:user/PATH/NAME}, {@code ...:policy/PATH/NAME}. */
final class IamArns {
    private IamArns() {}

    static String user(String account, String path, String userName) {
        return "arn:aws:iam::" + account + ":user" + path + userName;
    }

    static String group(String account, String path, String groupName) {
        return "arn:aws:iam::" + account + ":group" + path + groupName;
    }

    static String role(String account, String path, String roleName) {
        return "arn:aws:iam::" + account + ":role" + path + roleName;
    }

    static String assumedRole(String account, String roleName, String sessionName) {
        return "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + sessionName;
    }

    static String policy(String account, String path, String policyName) {
        return "arn:aws:iam::" + account + ":policy" + path + policyName;
    }
}
