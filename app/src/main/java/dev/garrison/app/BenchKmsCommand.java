package dev.garrison.app;

import dev.garrison.bench.ApiBenchmark;
import dev.garrison.bench.BenchTarget;
import dev.garrison.bench.KmsBenchmark;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code garrison bench kms}: symmetric and signing calls on a throw-away Garrison with
 * authorization and durable audit on, beside the signed no-op call and beside moto's standalone
 * server started for the run when {@code moto_server} is on the PATH.
 */
@Command(name = "kms", description = "KMS Encrypt/Decrypt/GenerateDataKey/Sign vs the signed no-op and vs moto_server.",
        mixinStandardHelpOptions = true)
final class BenchKmsCommand implements Callable<Integer> {
    @Mixin
    BenchOptions options;

    @Option(names = "--moto", description = "the moto_server program (default: moto_server on the PATH)")
    String moto = "moto_server";

    @Override
    public Integer call() throws Exception {
        Path dataDir = Files.createTempDirectory("garrison-bench");
        Process motoServer = null;
        try {
            GarrisonConfig config = GarrisonConfig.load(null, Map.of(), Map.of("port", "0", "data-dir", dataDir.toString()));
            try (GarrisonServer server = GarrisonServer.start(config, Clock.systemUTC(), null)) {
                BenchTarget target = new BenchTarget("127.0.0.1", server.port(), AdminBootstrap.REGION,
                        server.admin().accessKeyId(), AdminBootstrap.secretFromCredentialsFile(dataDir));
                int motoPort = freePort();
                motoServer = startMoto(motoPort);
                BenchTarget motoTarget = motoServer == null ? null
                        : new BenchTarget("127.0.0.1", motoPort, AdminBootstrap.REGION, "testing", "testing");
                ApiBenchmark.Settings settings = options.connections.equals(List.of(1, 16, 64))
                        ? new ApiBenchmark.Settings(List.of(64), options.settings().warmup(), options.settings().measure())
                        : options.settings();
                new KmsBenchmark(target, motoTarget, settings).run(System.out);
            }
            return 0;
        } finally {
            if (motoServer != null) {
                motoServer.destroy();
            }
            TempFolders.deleteTree(dataDir);
        }
    }

    /** Starts moto's server on {@code port} and waits for it; null when it cannot be started. */
    private Process startMoto(int port) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(moto, "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return null;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return process;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        process.destroy();
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
