package dev.garrison.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Runs {@link OpenLoop#runInTurns} in a JVM of its own. In the benchmark's JVM the generator
 * shared the measured server's garbage collector, so each young pause stalled both the answers
 * and the clock that times them; in a process of its own with a heap it barely fills, it stalls
 * neither. The parent writes the calls to a file, the child prints one JSON line per target and turn.
 */
public final class OpenLoopProcess {
    private static final String RESULT = "open-loop-result ";

    private OpenLoopProcess() {}

    /**
     * {@link OpenLoop#runInTurns} with these arguments, in a child JVM; {@code work} holds its calls
     * file. Each target's turns, in the order they ran.
     */
    public static List<List<LoadResult>> runInTurns(List<InetSocketAddress> targets, List<HttpCall> calls, int connections,
            double rate, Duration warmup, Duration measure, Path work) throws IOException, InterruptedException {
        Path file = Files.createTempFile(work, "calls", ".json");
        JsonArray encoded = new JsonArray();
        calls.forEach(call -> encoded.add(new JsonObject().put("label", call.label()).put("method", call.method())
                .put("path", call.path()).put("headers", new JsonObject(new HashMap<>(call.headers())))
                .put("body", call.body())));
        Files.writeString(file, encoded.encode());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx256m", "-XX:+UseSerialGC"));
        // Netty's fast buffer access and its epoll library need what this JVM was allowed
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> option.startsWith("--sun-misc-unsafe-memory-access") || option.startsWith("--enable-native-access"))
                .forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), OpenLoopProcess.class.getName(), file.toString(),
                Integer.toString(connections), Double.toString(rate), Long.toString(warmup.toMillis()),
                Long.toString(measure.toMillis())));
        targets.forEach(target -> command.add(target.getHostString() + ":" + target.getPort()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        // options meant for the benchmark's JVM (a GC log file, say) are not the generator's
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process child = builder.start();
        List<List<LoadResult>> results = new ArrayList<>();
        targets.forEach(target -> results.add(new ArrayList<>()));
        int lines = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(RESULT)) {
                    JsonObject result = new JsonObject(line.substring(RESULT.length()));
                    results.get(result.getInteger("target")).add(decode(result));
                    lines++;
                }
            }
        } finally {
            child.destroy();
        }
        int exit = child.waitFor();
        if (exit != 0 || lines != targets.size() * Turns.COUNT) {
            throw new IOException("the open-loop generator exited with " + exit + " after " + lines + " of "
                    + targets.size() * Turns.COUNT + " turns");
        }
        return results;
    }

    /** The child: {@code CALLS-FILE CONNECTIONS RATE WARMUP-MS MEASURE-MS HOST:PORT...}. */
    public static void main(String[] args) throws Exception {
        List<HttpCall> calls = new ArrayList<>();
        for (Object each : new JsonArray(Files.readString(Path.of(args[0])))) {
            JsonObject call = (JsonObject) each;
            Map<String, List<String>> headers = new HashMap<>();
            call.getJsonObject("headers").forEach(header -> headers.put(header.getKey(),
                    ((JsonArray) header.getValue()).stream().map(String::valueOf).toList()));
            calls.add(new HttpCall(call.getString("label"), call.getString("method"), call.getString("path"), headers,
                    call.getBinary("body")));
        }
        List<InetSocketAddress> targets = new ArrayList<>();
        for (int i = 5; i < args.length; i++) {
            int colon = args[i].lastIndexOf(':');
            targets.add(new InetSocketAddress(args[i].substring(0, colon), Integer.parseInt(args[i].substring(colon + 1))));
        }
        List<List<LoadResult>> results;
        try (OpenLoop generator = new OpenLoop()) {
            results = generator.runInTurns(targets, calls, Integer.parseInt(args[1]), Double.parseDouble(args[2]),
                    Duration.ofMillis(Long.parseLong(args[3])), Duration.ofMillis(Long.parseLong(args[4])));
        }
        PrintStream out = System.out;
        for (int target = 0; target < results.size(); target++) {
            for (LoadResult turn : results.get(target)) {
                out.println(RESULT + encode(turn).put("target", target).encode());
            }
        }
        out.flush();
    }

    private static JsonObject encode(LoadResult result) {
        ByteBuffer histogram = ByteBuffer.allocate(result.latencies().getNeededByteBufferCapacity());
        int length = result.latencies().encodeIntoCompressedByteBuffer(histogram);
        JsonObject statuses = new JsonObject();
        result.statuses().forEach((status, count) -> statuses.put(Integer.toString(status), count));
        return new JsonObject().put("label", result.label()).put("connections", result.connections())
                .put("requests", result.requests()).put("failures", result.failures()).put("seconds", result.seconds())
                .put("statuses", statuses)
                .put("latencies", Base64.getEncoder().encodeToString(Arrays.copyOf(histogram.array(), length)));
    }

    private static LoadResult decode(JsonObject result) throws IOException {
        Map<Integer, Long> statuses = new HashMap<>();
        result.getJsonObject("statuses").forEach(status -> statuses.put(Integer.parseInt(status.getKey()),
                ((Number) status.getValue()).longValue()));
        Histogram latencies;
        try {
            latencies = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(result.getString("latencies"))), 0);
        } catch (DataFormatException e) {
            throw new IOException("the open-loop generator's latencies do not decode", e);
        }
        return new LoadResult(result.getString("label"), result.getInteger("connections"), result.getLong("requests"),
                result.getLong("failures"), result.getDouble("seconds"), statuses, latencies);
    }
}
