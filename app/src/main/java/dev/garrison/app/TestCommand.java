package dev.garrison.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
    static final List<String> PACKAGES = List.of("postgresql", "openssl", "softhsm2");

    @Override
    public Integer call() throws Exception {
        Path root = Path.of(System.getProperty("garrison.root", ".")).toAbsolutePath();
        List<String> missing = new ArrayList<>();
        for (String pkg : PACKAGES) {
            if (!installed(pkg)) {
                missing.add(pkg);
            }
        }
        if (!missing.isEmpty()) {
            if (!"root".equals(System.getProperty("user.name"))) {
                System.err.println("garrison test needs these Debian packages: " + String.join(" ", missing)
                        + "\n  install them with: sudo apt-get install -y " + String.join(" ", missing));
                return 3;
            }
            System.out.println("garrison test: installing " + String.join(" ", missing));
            if (run(root, List.of("apt-get", "update", "-q"), Map.of()) != 0
                    || run(root, concat(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"), missing),
                            Map.of("DEBIAN_FRONTEND", "noninteractive")) != 0) {
                System.err.println("garrison test: installing " + String.join(" ", missing) + " failed");
                return 3;
            }
        }
        try (TestPostgres postgres = TestPostgres.start()) {
            return run(root, List.of("mvn", "-B", "-ntp", "verify"), Map.of("GARRISON_TEST_POSTGRES_URL", postgres.url()));
        }
    }

    private static boolean installed(String pkg) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Status}", pkg).redirectErrorStream(true).start();
        String status = new String(p.getInputStream().readAllBytes());
        return p.waitFor() == 0 && status.contains("install ok installed");
    }

    static int run(Path dir, List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).inheritIO();
        builder.environment().putAll(env);
        return builder.start().waitFor();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
