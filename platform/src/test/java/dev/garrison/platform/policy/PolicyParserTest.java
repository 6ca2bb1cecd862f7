package dev.garrison.platform.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Documents IAM refuses, each with IAM's MalformedPolicyDocument message. */
class PolicyParserTest {
    private static final String OK = "{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON | IDENTITY | {\"Version\": | Syntax errors in policy.",
        "a list at the top | IDENTITY | [] | Syntax errors in policy.",
        "unknown top-level element | IDENTITY | {\"Version\":\"2012-10-17\",\"Statements\":[]} | Syntax errors in policy.",
        "unknown version | IDENTITY | {\"Version\":\"2020-01-01\",\"Statement\":[" + OK + "]} | The policy failed legacy parsing",
        "no Statement | IDENTITY | {\"Version\":\"2012-10-17\"} | Syntax errors in policy.",
        "duplicate key | IDENTITY | {\"Version\":\"2012-10-17\",\"Version\":\"2012-10-17\",\"Statement\":[" + OK + "]} | Syntax errors in policy.",
        "missing Effect | IDENTITY | {\"Statement\":[{\"Action\":\"kms:*\",\"Resource\":\"*\"}]} | Missing required field Effect",
        "bad Effect | IDENTITY | {\"Statement\":[{\"Effect\":\"allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]} | Invalid effect: allow",
        "no actions | IDENTITY | {\"Statement\":[{\"Effect\":\"Allow\",\"Resource\":\"*\"}]} | Policy statement must contain actions.",
        "no resources | IDENTITY | {\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\"}]} | Policy statement must contain resources.",
        "action without vendor | IDENTITY | {\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"Encrypt\",\"Resource\":\"*\"}]} | Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
        "principal in identity policy | IDENTITY | {\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]} | Policy document should not specify a principal.",
        "no principal in resource policy | RESOURCE | {\"Statement\":[" + OK + "]} | Missing required field Principal",
        "bad principal type | RESOURCE | {\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Users\":\"x\"},\"Action\":\"kms:*\"}]} | Invalid principal in policy",
        "unknown condition operator | IDENTITY | {\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\",\"Condition\":{\"StringEqualz\":{\"a:b\":\"c\"}}}]} | Invalid Condition type : StringEqualz",
        "Null cannot be IfExists | IDENTITY | {\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\",\"Condition\":{\"NullIfExists\":{\"a:b\":\"true\"}}}]} | Invalid Condition type : NullIfExists",
        "both Action and NotAction | IDENTITY | {\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}]} | Syntax errors in policy.",
        "empty action list | IDENTITY | {\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"}]} | Syntax errors in policy.",
        "non-alphanumeric Sid | IDENTITY | {\"Statement\":[{\"Sid\":\"my sid\",\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]} | Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*",
    })
    void refusesWithIamWording(String name, PolicyParser.Kind kind, String document, String message) {
        assertThatThrownBy(() -> PolicyParser.parse(document, kind))
                .isInstanceOf(PolicyException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "statement object | IDENTITY | {\"Version\":\"2012-10-17\",\"Statement\":" + OK + "}",
        "resource policy with a spaced Sid | RESOURCE | {\"Statement\":[{\"Sid\":\"Enable IAM User Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}",
        "condition values of every scalar type | IDENTITY | {\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":true},\"NumericLessThan\":{\"kms:RotationPeriodInDays\":[90,\"180\"]}}}]}",
    })
    void acceptsWhatIamAccepts(String name, PolicyParser.Kind kind, String document) {
        assertThat(PolicyParser.parse(document, kind).statements()).hasSize(1);
    }
}
