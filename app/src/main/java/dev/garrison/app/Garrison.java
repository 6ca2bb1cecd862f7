package dev.garrison.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code garrison} command line. */
@Command(name = "garrison", mixinStandardHelpOptions = true, versionProvider = Garrison.Version.class,
        description = "Self-hosted AWS security services: KMS, WAF, Inspector, GuardDuty.",
        subcommands = {ServeCommand.class, TestCommand.class, BenchCommand.class})
public final class Garrison implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = new CommandLine(new Garrison()).execute(args);
        if (code != 0 || args.length == 0 || !args[0].equals("serve")) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static String version() {
        String version = Garrison.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    /** Reads the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"garrison " + version()};
        }
    }
}
