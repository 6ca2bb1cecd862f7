package dev.garrison.platform.auth;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code ../shared/data} beside the repository, where the team's test data lives. */
final class SharedData {
    private SharedData() {}

    static Path path(String set) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolveSibling("shared").resolve("data").resolve(set);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("../shared/data/" + set + " not found beside the repository");
    }
}
