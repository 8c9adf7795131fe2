package io.logferry.cli;

import io.logferry.config.ExporterConfig;
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

  record Result(int exitCode, String out, String err, ExporterConfig config, CloudWatchSinkConfig sink, Served served) {}

  /** What {@link ServeOptions} and {@link OutputOptions} resolved (follow mode only for the port and readiness). */
  record Served(Integer httpPort, ServeOptions.ReadinessMode readiness, LogFormat logFormat) {}

  /** What a run-once through the real options printed and did; {@code events} is what {@code --sink stdout} wrote. */
  record Run(int exitCode, String events, String err, io.logferry.runtime.RunSummary summary) {}

  /** Runs the exporter once with the options {@code args}, as the run-once command does. */
  static Run runOnce(Map<String, String> env, String... args) {
    TestCommand command = new TestCommand();
    java.io.ByteArrayOutputStream events = new java.io.ByteArrayOutputStream();
    command.runOnceTo = new java.io.PrintStream(events, true, java.nio.charset.StandardCharsets.UTF_8);
    CommandLine cl = new CommandLine(command);
    LogferryCommandLine.configure(cl, EnvironmentDefaults.of(env, key -> Optional.empty()));
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, events.toString(java.nio.charset.StandardCharsets.UTF_8), err.toString(), command.summary);
  }

  @Command(name = "logferry-test", mixinStandardHelpOptions = true)
  static final class TestCommand implements Callable<Integer> {
    @Mixin ExporterOptions exporter;
    @Mixin FollowOptions follow;
    @Mixin RunOnceOptions runOnce;
    @Mixin ServeOptions serve;
    @Mixin OutputOptions output;
    ExporterConfig config;
    Served served;
    CloudWatchSinkConfig sink;
    boolean followMode;
    /** Also run the exporter once, as {@code run-once} does, with {@code --sink stdout} writing to this stream. */
    java.io.PrintStream runOnceTo;
    io.logferry.runtime.RunSummary summary;

    @Override
    public Integer call() {
      try {
        config = exporter.toConfig(followMode ? follow : runOnce);
        sink = exporter.cloudWatchConfig();
        served = followMode ? new Served(serve.httpPort(), serve.readiness(), output.logFormat()) : new Served(null, null, output.logFormat());
        if (runOnceTo != null) {
          try (io.logferry.Exporter ex =
              io.logferry.Exporter.create(config, exporter.openSink(io.logferry.events.ExporterEvents.NOOP, runOnceTo),
                  io.logferry.events.ExporterEvents.NOOP)) {
            summary = ex.runOnce();
            return ExitCodes.from(summary);
          }
        }
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
    return new Result(code, out.toString(), err.toString(), command.config, command.sink, command.served);
  }

  private TestCli() {}
}
