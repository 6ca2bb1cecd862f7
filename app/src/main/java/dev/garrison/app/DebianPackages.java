package dev.garrison.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Debian packages a command needs: installed with apt-get when running as root, else named for the user to install. */
final class DebianPackages {
    private DebianPackages() {}

    /** Whether all of {@code packages} are installed once this returns; {@code who} names the command in messages. */
    static boolean ensure(String who, List<String> packages, Path dir) throws IOException, InterruptedException {
        List<String> missing = new ArrayList<>();
        for (String pkg : packages) {
            if (!installed(pkg)) {
                missing.add(pkg);
            }
        }
        if (missing.isEmpty()) {
            return true;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println(who + " needs these Debian packages: " + String.join(" ", missing)
                    + "\n  install them with: sudo apt-get install -y " + String.join(" ", missing));
            return false;
        }
        System.out.println(who + ": installing " + String.join(" ", missing));
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
        install.addAll(missing);
        if (TestCommand.run(dir, List.of("apt-get", "update", "-q"), Map.of()) != 0
                || TestCommand.run(dir, install, Map.of("DEBIAN_FRONTEND", "noninteractive")) != 0) {
            System.err.println(who + ": installing " + String.join(" ", missing) + " failed");
            return false;
        }
        return true;
    }

    private static boolean installed(String pkg) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Status}", pkg).redirectErrorStream(true).start();
        String status = new String(p.getInputStream().readAllBytes());
        return p.waitFor() == 0 && status.contains("install ok installed");
    }
}
