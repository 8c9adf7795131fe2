package io.logferry.cli;

import io.logferry.ExporterConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options of {@code follow} (the sidecar). */
public final class FollowOptions implements ModeOptions {

  @Option(
      names = "--flush-interval",
      converter = Durations.class,
      defaultValue = "1s",
      paramLabel = "DURATION",
      description = "Longest an event waits in a partly filled batch. Default: ${DEFAULT-VALUE}.")
  Duration flushInterval = ExporterConfig.DEFAULT_FLUSH_INTERVAL;

  @Option(
      names = "--drain-deadline",
      converter = Durations.class,
      defaultValue = "20s",
      paramLabel = "DURATION",
      description = {
        "On SIGTERM: how long to read to the end, ship and checkpoint before giving up (exit 3).",
        "Keep it below terminationGracePeriodSeconds. Default: ${DEFAULT-VALUE}."
      })
  Duration drainDeadline = ExporterConfig.DEFAULT_DRAIN_DEADLINE;

  @Option(
      names = "--poll-interval",
      converter = Durations.class,
      defaultValue = "250ms",
      paramLabel = "DURATION",
      description = "How often tailed files are checked for new data. Default: ${DEFAULT-VALUE}.")
  Duration pollInterval = ExporterConfig.DEFAULT_POLL_INTERVAL;

  @Option(
      names = "--scan-interval",
      converter = Durations.class,
      defaultValue = "1s",
      paramLabel = "DURATION",
      description = "How often the globs are matched again for new, renamed and deleted files. Default: ${DEFAULT-VALUE}.")
  Duration scanInterval = ExporterConfig.DEFAULT_SCAN_INTERVAL;

  @Option(
      names = "--checkpoint-interval",
      converter = Durations.class,
      defaultValue = "100ms",
      paramLabel = "DURATION",
      description = "Shortest gap between two checkpoint writes: acknowledged offsets are written as they advance, "
          + "at most once per interval. Default: ${DEFAULT-VALUE}.")
  Duration checkpointInterval = ExporterConfig.DEFAULT_CHECKPOINT_INTERVAL;

  @Override
  public String mode() {
    return "follow";
  }

  @Override
  public Duration flushInterval() {
    return flushInterval;
  }

  @Override
  public Duration drainDeadline() {
    return drainDeadline;
  }

  @Override
  public Duration pollInterval() {
    return pollInterval;
  }

  @Override
  public Duration scanInterval() {
    return scanInterval;
  }

  @Override
  public Duration checkpointInterval() {
    return checkpointInterval;
  }
}
