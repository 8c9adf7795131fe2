package io.logferry.k8s.cronjob;

import io.logferry.cli.ExitCodes;
import io.logferry.cli.LogferryVersion;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code logferry}: the CronJob packaging has one subcommand, {@code run-once}. */
@TopCommand
@Command(
    name = "logferry",
    mixinStandardHelpOptions = true,
    versionProvider = LogferryVersion.class,
    subcommands = RunOnceCommand.class,
    description = "Ship log files to AWS CloudWatch Logs once, then exit (for a Kubernetes CronJob).")
public final class LogferryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("logferry: missing command: run-once");
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
