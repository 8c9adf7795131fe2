package io.logferry.k8s.sidecar;

import io.logferry.cli.ExitCodes;
import io.logferry.cli.LogferryVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code logferry}: the sidecar packaging has one subcommand, {@code follow}. */
@Command(
    name = "logferry",
    mixinStandardHelpOptions = true,
    versionProvider = LogferryVersion.class,
    subcommands = FollowCommand.class,
    description = "Tail log files and ship them to AWS CloudWatch Logs until stopped (a Kubernetes sidecar).")
public final class LogferryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("logferry: missing command: follow");
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
