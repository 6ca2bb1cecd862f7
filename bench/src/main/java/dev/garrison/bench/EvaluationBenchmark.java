package dev.garrison.bench;

import dev.garrison.platform.core.Principal;
import dev.garrison.platform.policy.AuthorizationRequest;
import dev.garrison.platform.policy.ConditionContext;
import dev.garrison.platform.policy.Policies;
import dev.garrison.platform.policy.PolicyDocument;
import dev.garrison.platform.policy.PolicyEvaluator;
import dev.garrison.platform.policy.PolicyParser;
import java.time.Duration;
import java.util.List;

/** Policy evaluations per second on one thread for the {@link BenchPolicies} principal. */
public final class EvaluationBenchmark {
    private EvaluationBenchmark() {}

    /** Runs warm-up then measurement; returns evaluations per second. */
    public static double run(Duration warmup, Duration measure) {
        String account = "123456789012";
        List<PolicyDocument> identity = BenchPolicies.documents(account).stream()
                .map(d -> PolicyParser.parse(d, PolicyParser.Kind.IDENTITY)).toList();
        Policies policies = Policies.identity(identity);
        Principal principal = new Principal("IAMUser", "AIDABENCH", "arn:aws:iam::" + account + ":user/bench", account,
                "bench", "AKIABENCH");
        AuthorizationRequest request = new AuthorizationRequest(principal, null, BenchPolicies.ACTION, "*",
                ConditionContext.builder().put("aws:RequestedRegion", "us-east-1").put("aws:SourceIp", "10.1.2.3").build());
        PolicyEvaluator evaluator = new PolicyEvaluator();
        loop(evaluator, policies, request, warmup);
        long start = System.nanoTime();
        long count = loop(evaluator, policies, request, measure);
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static long loop(PolicyEvaluator evaluator, Policies policies, AuthorizationRequest request, Duration time) {
        long deadline = System.nanoTime() + time.toNanos();
        long count = 0;
        long allowed = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 100; i++) {
                allowed += evaluator.evaluate(policies, request).allowed() ? 1 : 0;
            }
            count += 100;
        }
        if (allowed != count) {
            throw new IllegalStateException("the benchmark principal must be allowed on every evaluation");
        }
        return count;
    }
}
