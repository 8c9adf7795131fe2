package io.logferry.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** Options of {@code run-once} (the CronJob). */
public final class RunOnceOptions implements ModeOptions {

  @Option(
      names = "--max-duration",
      converter = Durations.class,
      paramLabel = "DURATION",
      description = {
        "Time budget of the whole run (e.g. 4m). Reading stops early enough to ship and checkpoint what was read;",
        "the run then exits 3. Keep it below the Job's activeDeadlineSeconds. Default: no budget."
      })
  Duration maxDuration;

  @Override
  public String mode() {
    return "run-once";
  }

  @Override
  public Duration maxDuration() {
    return maxDuration;
  }
}
