package dev.garrison.app;

import dev.garrison.api.iam.AccessKey;
import dev.garrison.api.iam.AttachUserPolicyRequest;
import dev.garrison.api.iam.CreateAccessKeyRequest;
import dev.garrison.api.iam.CreatePolicyRequest;
import dev.garrison.api.iam.CreateUserRequest;
import dev.garrison.bench.AuthzBenchmark;
import dev.garrison.bench.BenchPolicies;
import dev.garrison.bench.BenchTarget;
import dev.garrison.iam.IamService;
import dev.garrison.platform.core.CallContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code garrison bench authz}: two throw-away servers, one authorizing and auditing every call
 * and one with both switched off, each with a principal of 10 policies of 10 statements.
 */
@Command(name = "authz", description = "Policy evaluations/s, and a signed call with and without authorization and audit.",
        mixinStandardHelpOptions = true)
final class BenchAuthzCommand implements Callable<Integer> {
    @Mixin
    BenchOptions options;

    @Override
    public Integer call() throws Exception {
        Path fullDir = Files.createTempDirectory("garrison-bench-full");
        Path bareDir = Files.createTempDirectory("garrison-bench-bare");
        try (GarrisonServer full = GarrisonServer.start(config(fullDir), Clock.systemUTC(), null, true);
                GarrisonServer bare = GarrisonServer.start(config(bareDir), Clock.systemUTC(), null, false)) {
            new AuthzBenchmark(benchPrincipal(full), benchPrincipal(bare), options.settings()).run(System.out);
            return 0;
        } finally {
            TempFolders.deleteTree(fullDir);
            TempFolders.deleteTree(bareDir);
        }
    }

    private static GarrisonConfig config(Path dataDir) {
        return GarrisonConfig.load(null, Map.of(), Map.of("port", "0", "data-dir", dataDir.toString()));
    }

    /** The user {@code bench} with the benchmark's policies attached, and a key of its own. */
    private static BenchTarget benchPrincipal(GarrisonServer server) {
        IamService iam = server.iam();
        CallContext call = new CallContext("bench-setup", server.admin().principal(), AdminBootstrap.REGION, "127.0.0.1",
                "garrison-bench", Clock.systemUTC().instant(), false);
        iam.createUser(call, CreateUserRequest.builder().userName("bench").build());
        List<String> documents = BenchPolicies.documents(server.admin().accountId());
        for (int i = 0; i < documents.size(); i++) {
            String arn = iam.createPolicy(call, CreatePolicyRequest.builder().policyName("bench-" + i)
                    .policyDocument(documents.get(i)).build()).policy().arn();
            iam.attachUserPolicy(call, AttachUserPolicyRequest.builder().userName("bench").policyArn(arn).build());
        }
        AccessKey key = iam.createAccessKey(call, CreateAccessKeyRequest.builder().userName("bench").build()).accessKey();
        return new BenchTarget("127.0.0.1", server.port(), AdminBootstrap.REGION, key.accessKeyId(), key.secretAccessKey());
    }
}
