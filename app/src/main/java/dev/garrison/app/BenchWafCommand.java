package dev.garrison.app;

import dev.garrison.bench.BenchTarget;
import dev.garrison.bench.NginxAnchors;
import dev.garrison.bench.WafBenchmark;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code garrison bench waf}: Garrison's load balancer with and without a web ACL beside nginx
 * with and without ModSecurity and the OWASP CRS, all in front of the same upstream, driven by wrk.
 * Installs wrk, nginx, its ModSecurity module and the CRS when missing (as root).
 */
@Command(name = "waf", description = "Load balancer throughput and latency vs nginx and nginx + ModSecurity/CRS, with wrk.",
        mixinStandardHelpOptions = true)
final class BenchWafCommand implements Callable<Integer> {
    static final List<String> PACKAGES = List.of("wrk", "nginx", "libnginx-mod-http-modsecurity", "modsecurity-crs");

    @Option(names = "--connections", description = "wrk connections (default 64)")
    int connections = 64;

    @Option(names = "--warmup", description = "warm-up seconds per target (default 5)")
    int warmupSeconds = 5;

    @Option(names = "--duration", description = "measured seconds per target (default 15)")
    int durationSeconds = 15;

    @Option(names = "--open-loop-rate", description = "requests per second of the open-loop latency phase (0, the default: half of"
            + " (d)'s saturation, as the latency target is defined); a fixed rate compares commits whose (d) differs")
    double openLoopRate;

    @Override
    public Integer call() throws Exception {
        Path root = Path.of(System.getProperty("garrison.root", ".")).toAbsolutePath();
        if (!DebianPackages.ensure("garrison bench waf", PACKAGES, root)) {
            return 3;
        }
        Path dir = Files.createTempDirectory("garrison-bench-waf");
        try (NginxAnchors nginx = NginxAnchors.start(dir.resolve("nginx"), freePort(), freePort(), freePort())) {
            Path yaml = dir.resolve("garrison.yaml");
            Files.writeString(yaml, """
                    load-balancers:
                      plain:
                        listeners: [{port: 0}]
                        target-groups:
                          app: {targets: [http://127.0.0.1:%d]}
                      guarded:
                        listeners: [{port: 0}]
                        target-groups:
                          app: {targets: [http://127.0.0.1:%d]}
                    """.formatted(nginx.upstream, nginx.upstream));
            Path geo = dir.resolve("countries.mmdb");
            WafBenchmark.writeGeoDatabase(geo);
            GarrisonConfig config = GarrisonConfig.load(yaml, Map.of(), Map.of("port", "0", "data-dir", dir.resolve("data").toString(),
                    "waf-geo-database", geo.toString()));
            try (GarrisonServer server = GarrisonServer.start(config, Clock.systemUTC(), null)) {
                BenchTarget api = new BenchTarget("127.0.0.1", server.port(), AdminBootstrap.REGION, server.admin().accessKeyId(),
                        AdminBootstrap.secretFromCredentialsFile(dir.resolve("data")));
                List<Integer> ports = server.loadBalancerPorts();
                WafBenchmark benchmark = new WafBenchmark(api, new WafBenchmark.Ports(nginx.upstream, nginx.proxy,
                        nginx.modsecurity, ports.get(0), ports.get(1)), connections, Duration.ofSeconds(warmupSeconds),
                        Duration.ofSeconds(durationSeconds), openLoopRate, dir);
                benchmark.protect(server.loadBalancerArns().get(1));
                Thread.sleep(1500);
                benchmark.run(System.out);
            }
            return 0;
        } finally {
            TempFolders.deleteTree(dir);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
