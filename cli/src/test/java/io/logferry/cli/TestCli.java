package io.logferry.cli;

import io.logferry.ExporterConfig;
import io.logferry.sink.cloudwatch.CloudWatchSinkConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** A command made of the real mixins, run the way the packagings run theirs, capturing what it prints. */
final class TestCli {

  record Result(int exitCode, String out, String err, ExporterConfig config, CloudWatchSinkConfig sink) {}

  @Command(name = "logferry-test")
  static final class TestCommand implements Callable<Integer> {
    @Mixin ExporterOptions exporter;
    @Mixin FollowOptions follow;
    @Mixin RunOnceOptions runOnce;
    @Mixin OutputOptions output;
    ExporterConfig config;
    CloudWatchSinkConfig sink;
    boolean followMode;

    @Override
    public Integer call() {
      try {
        config = exporter.toConfig(followMode ? follow : runOnce);
        sink = exporter.cloudWatchConfig();
        return ExitCodes.OK;
      } catch (RuntimeException e) {
        return output.handleCommandException(e, followMode ? "follow" : "run-once");
      }
    }
  }

  static Result run(String... args) {
    return run(Map.of(), Map.of(), false, args);
  }

  static Result run(Map<String, String> env, Map<String, String> properties, String... args) {
    return run(env, properties, false, args);
  }

  static Result run(Map<String, String> env, Map<String, String> properties, boolean follow, String... args) {
    TestCommand command = new TestCommand();
    command.followMode = follow;
    CommandLine cl = new CommandLine(command);
    LogferryCommandLine.configure(cl, EnvironmentDefaults.of(env, key -> Optional.ofNullable(properties.get(key))));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString(), command.config, command.sink);
  }

  private TestCli() {}
}
