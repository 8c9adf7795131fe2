package io.logferry.endpoint;

/** How much of each accepted event the endpoint keeps as ground truth. */
public enum RecordingMode {
  /** Keeps timestamp, ingestion time and message of every accepted event (tests). */
  FULL,
  /**
   * Keeps counters and, per stream, one 64-bit {@link LocalCloudWatchLogs#messageHash(CharSequence) message hash}
   * per accepted event (8 bytes per event), so a benchmark shipping a GiB does not hold a GiB. GetLogEvents and
   * FilterLogEvents answer {@code InvalidOperationException} in this mode because there are no messages to return.
   */
  COUNTS
}
