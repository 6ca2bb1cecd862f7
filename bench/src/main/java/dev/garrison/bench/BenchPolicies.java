package dev.garrison.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The principal the authorization benchmark evaluates: 10 managed policies of 10 statements
 * each, with wildcards and conditions, where only the very last statement allows the call.
 */
public final class BenchPolicies {
    public static final int POLICIES = 10;
    public static final int STATEMENTS = 10;
    /** The action the benchmark's signed call performs. */
    public static final String ACTION = "kms:GenerateRandom";

    private BenchPolicies() {}

    public static List<String> documents(String account) {
        List<String> documents = new ArrayList<>();
        for (int p = 0; p < POLICIES; p++) {
            StringBuilder json = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
            for (int s = 0; s < STATEMENTS; s++) {
                boolean last = p == POLICIES - 1 && s == STATEMENTS - 1;
                json.append(s == 0 ? "" : ",").append(last
                        ? "{\"Effect\":\"Allow\",\"Action\":\"" + ACTION + "\",\"Resource\":\"*\"}"
                        : "{\"Sid\":\"S" + p + "x" + s + "\",\"Effect\":\"Allow\",\"Action\":[\"kms:Describe*\",\"kms:List*\","
                                + "\"kms:Get*Key*\"],\"Resource\":\"arn:aws:kms:*:" + account + ":key/team-" + p + "-" + s
                                + "-*\",\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":[\"us-east-1\",\"eu-west-1\"]},"
                                + "\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"192.168.0.0/16\"]}}}");
            }
            documents.add(json.append("]}").toString());
        }
        return documents;
    }
}
