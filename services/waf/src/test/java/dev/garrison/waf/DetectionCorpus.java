package dev.garrison.waf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The shared libinjection corpus: URL-encoded inputs, one a line, {@code #} lines comments. */
final class DetectionCorpus {
    static final Path DATA = Path.of("..", "..", "..", "shared", "data", "libinjection", "data");

    private DetectionCorpus() {}

    /** The decoded inputs of every file whose name starts with {@code prefix}. */
    static List<String> inputs(String prefix) {
        List<String> inputs = new ArrayList<>();
        try (Stream<Path> files = Files.list(DATA)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                    if (!line.isEmpty() && !line.startsWith("#")) {
                        inputs.add(decode(line));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return inputs;
    }

    /** URL-decoded as bytes kept one char each, as the engine holds text. */
    static String decode(String line) {
        try {
            return new String(URLDecoder.decode(line, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            return line;
        }
    }
}
