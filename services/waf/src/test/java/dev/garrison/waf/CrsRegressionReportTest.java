package dev.garrison.waf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The detectors on the OWASP CRS regression requests of their attack class: each request's URI,
 * arguments, body, cookies and headers, URL-decoded, as a web ACL rule inspecting them would see
 * them. Requests a CRS rule of the class must catch count as attacks; those it must not, as benign.
 */
class CrsRegressionReportTest {
    private static final Path TESTS = Path.of("..", "..", "..", "shared", "data", "crs-regression-tests", "tests",
            "regression", "tests");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    record Case(boolean attack, List<String> values) {}

    @Test
    void reportsDetectionByAttackClass() throws IOException {
        List<Case> sqli = cases("REQUEST-942-APPLICATION-ATTACK-SQLI");
        List<Case> xss = cases("REQUEST-941-APPLICATION-ATTACK-XSS");
        double sqliHigh = report("SQLi HIGH", sqli, v -> SqliDetector.detect(v, true));
        report("SQLi LOW", sqli, v -> SqliDetector.detect(v, false));
        double xssRate = report("XSS", xss, XssDetector::detect);
        assertThat(sqli).hasSizeGreaterThan(100);
        assertThat(xss).hasSizeGreaterThan(100);
        assertThat(sqliHigh).as("share of CRS SQLi attack requests detected at HIGH").isGreaterThan(50.0);
        assertThat(xssRate).as("share of CRS XSS attack requests detected").isGreaterThan(50.0);
    }

    private static double report(String name, List<Case> cases, Predicate<String> detector) {
        long attacks = cases.stream().filter(Case::attack).count();
        long caught = cases.stream().filter(c -> c.attack() && c.values().stream().anyMatch(detector)).count();
        long benign = cases.size() - attacks;
        long flagged = cases.stream().filter(c -> !c.attack() && c.values().stream().anyMatch(detector)).count();
        double rate = 100.0 * caught / attacks;
        System.out.printf("CRS %s: %d of %d attack requests detected (%.1f%%); %d of %d benign requests flagged%n", name, caught,
                attacks, rate, flagged, benign);
        return rate;
    }

    private static List<Case> cases(String folder) throws IOException {
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(TESTS.resolve(folder))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode root = YAML.readTree(file.toFile());
                int rule = root.path("rule_id").asInt();
                for (JsonNode test : root.path("tests")) {
                    for (JsonNode stage : test.path("stages")) {
                        JsonNode output = stage.path("output").path("log");
                        boolean expected = contains(output.path("expect_ids"), rule);
                        boolean excluded = contains(output.path("no_expect_ids"), rule);
                        if (expected != excluded) {
                            cases.add(new Case(expected, values(stage.path("input"))));
                        }
                    }
                }
            }
        }
        return cases;
    }

    private static boolean contains(JsonNode ids, int rule) {
        for (JsonNode id : ids) {
            if (id.asInt() == rule) {
                return true;
            }
        }
        return false;
    }

    /** What a rule can inspect: path, each argument name and value, the body, cookies and header values. */
    private static List<String> values(JsonNode input) {
        List<String> values = new ArrayList<>();
        String uri = input.path("uri").asText("");
        int q = uri.indexOf('?');
        values.add(decode(q < 0 ? uri : uri.substring(0, q)));
        if (q >= 0) {
            arguments(uri.substring(q + 1), values);
        }
        JsonNode data = input.path("data");
        String body = data.asText("");
        if (data.isArray()) {
            StringBuilder joined = new StringBuilder();
            data.forEach(line -> joined.append(line.asText()).append('\n'));
            body = joined.toString();
        }
        if (!body.isEmpty()) {
            values.add(decode(body));
            arguments(body, values);
        }
        input.path("headers").properties().forEach(h -> {
            if (h.getKey().equalsIgnoreCase("cookie")) {
                for (String cookie : h.getValue().asText().split(";")) {
                    int eq = cookie.indexOf('=');
                    values.add(decode(eq < 0 ? cookie.strip() : cookie.substring(eq + 1)));
                    values.add(decode(eq < 0 ? cookie.strip() : cookie.substring(0, eq).strip()));
                }
            } else if (!h.getKey().equalsIgnoreCase("host") && !h.getKey().equalsIgnoreCase("accept")) {
                values.add(h.getValue().asText());
            }
        });
        return values;
    }

    private static void arguments(String query, List<String> into) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            into.add(decode(eq < 0 ? pair : pair.substring(eq + 1)));
            if (eq > 0) {
                into.add(decode(pair.substring(0, eq)));
            }
        }
    }

    private static String decode(String text) {
        try {
            return new String(URLDecoder.decode(text, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
