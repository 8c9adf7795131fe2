package io.logferry.cli;

import io.logferry.ExporterConfig;
import java.time.Duration;

/**
 * The settings that only one mode has. {@link RunOnceOptions} and {@link FollowOptions} implement it; the values a
 * mode does not have keep the core's defaults.
 */
public interface ModeOptions {

  /** The mode's name as the user types it, for messages and the summary. */
  String mode();

  default Duration maxDuration() {
    return null;
  }

  default Duration flushInterval() {
    return ExporterConfig.DEFAULT_FLUSH_INTERVAL;
  }

  default Duration drainDeadline() {
    return ExporterConfig.DEFAULT_DRAIN_DEADLINE;
  }

  default Duration pollInterval() {
    return ExporterConfig.DEFAULT_POLL_INTERVAL;
  }

  default Duration scanInterval() {
    return ExporterConfig.DEFAULT_SCAN_INTERVAL;
  }

  default Duration checkpointInterval() {
    return ExporterConfig.DEFAULT_CHECKPOINT_INTERVAL;
  }
}
