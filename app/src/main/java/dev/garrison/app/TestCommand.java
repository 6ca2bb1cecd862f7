package dev.garrison.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code garrison test}: installs the Debian packages the tests need (as root; otherwise names
 * them and stops), starts a throw-away PostgreSQL, and runs the whole suite with Maven.
 */
@Command(name = "test", description = "Install what the tests need, then run the whole test suite.", mixinStandardHelpOptions = true)
final class TestCommand implements Callable<Integer> {
    /**
     * Debian packages the suite uses: PostgreSQL for the storage contract tests, OpenSSL for KMS
     * interop, SoftHSM2 as the PKCS#11 token behind KMS custom key stores.
     */
    static final List<String> PACKAGES = List.of("postgresql", "openssl", "softhsm2", "nodejs");

    @Override
    public Integer call() throws Exception {
        Path root = Path.of(System.getProperty("garrison.root", ".")).toAbsolutePath();
        if (!DebianPackages.ensure("garrison test", PACKAGES, root)) {
            return 3;
        }
        try (TestPostgres postgres = TestPostgres.start()) {
            return run(root, List.of("mvn", "-B", "-ntp", "verify"), Map.of("GARRISON_TEST_POSTGRES_URL", postgres.url()));
        }
    }

    static int run(Path dir, List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).inheritIO();
        builder.environment().putAll(env);
        return builder.start().waitFor();
    }
}
