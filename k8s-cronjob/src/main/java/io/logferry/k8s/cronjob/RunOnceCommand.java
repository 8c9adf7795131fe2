package io.logferry.k8s.cronjob;

import io.logferry.Exporter;
import io.logferry.cli.ConsoleEvents;
import io.logferry.cli.ExitCodes;
import io.logferry.cli.ExporterOptions;
import io.logferry.cli.OutputOptions;
import io.logferry.cli.ProgressLine;
import io.logferry.cli.RunOnceOptions;
import io.logferry.config.ExporterConfig;
import io.logferry.runtime.RunSummary;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code logferry run-once}: ship everything the globs match up to the sizes seen at start, wait until CloudWatch
 * accepted it, checkpoint, print the summary, exit with {@link ExitCodes}. Options come from the command line, then
 * {@code LOGFERRY_*} variables, then {@code logferry.*} properties.
 */
@Command(
    name = "run-once",
    mixinStandardHelpOptions = true,
    versionProvider = io.logferry.cli.LogferryVersion.class,
    description = "Ship what the files hold now, confirm delivery, checkpoint, exit (0 ok, 1 failed, 2 usage, 3 partial, 4 locked).")
public final class RunOnceCommand implements Callable<Integer> {

  @Mixin ExporterOptions exporter;
  @Mixin RunOnceOptions runOnce;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    try {
      ExporterConfig config = exporter.toConfig(runOnce);
      exporter.notices().forEach(n -> output.info(runOnce.mode() + ": " + n));
      ConsoleEvents events = new ConsoleEvents(output.err(), output.verbose(), output.logFormat());
      try (Exporter ex = Exporter.create(config, exporter.openSink(events, System.out), events)) {
        RunSummary summary;
        try (ProgressLine progress = ProgressLine.start(output.err(), output.logFormat(), events::progress)) {
          summary = ex.runOnce();
        }
        int code = output.printSummary(runOnce.mode(), summary, exporter.sink() == ExporterOptions.SinkKind.STDOUT);
        if (code == ExitCodes.FAILURE && events.firstFailure() != null) {
          output.info("first failure: " + events.firstFailure());
        }
        Map<Path, String> unreadable = events.unreadableFiles();
        if (!unreadable.isEmpty()) {
          Map.Entry<Path, String> first = unreadable.entrySet().iterator().next();
          output.info(unreadable.size() + (unreadable.size() == 1 ? " matched file" : " matched files")
              + " could not be read, first " + first.getKey() + ": " + first.getValue());
          if (code == ExitCodes.OK) code = ExitCodes.PARTIAL; // what was matched was not all shipped
        }
        return code;
      }
    } catch (RuntimeException e) {
      return output.handleCommandException(e, runOnce.mode());
    }
  }
}
