package dev.garrison.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code garrison bench ...}: load benchmarks printed as ratios against an anchor measured in the same run. */
@Command(name = "bench", description = "Run a benchmark against a fresh in-process Garrison.",
        mixinStandardHelpOptions = true, subcommands = {BenchApiCommand.class, BenchAuthzCommand.class, BenchKmsCommand.class,
                BenchWafCommand.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
