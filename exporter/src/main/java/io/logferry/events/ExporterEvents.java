package io.logferry.events;

import java.nio.file.Path;

/**
 * Everything the core reports about itself, one method per internal event ({@code <Noun><PastVerb>}, as in
 * Vector's {@code internal_events}). The packagings turn these into log lines and metrics; the core depends on no
 * logging or metrics library. Every method has a no-op default, so an implementation overrides what it needs.
 * Implementations must be thread-safe and cheap: several are called on hot paths (per read, per batch).
 * No argument ever carries a credential.
 */
public interface ExporterEvents {

  ExporterEvents NOOP = new ExporterEvents() {};

  // --- source ---------------------------------------------------------------------------------------------

  /** A file matched the globs and is now tailed; {@code startOffset} is where reading starts. */
  default void fileAdded(Path path, String fileKey, long startOffset) {}

  /** A tailed file was renamed away from its path (rename/create rotation); it is read to its end. */
  default void fileRotated(Path oldPath, Path newPath, String fileKey) {}

  /** A file shrank below the read offset (copytruncate): reading restarts at 0. */
  default void fileTruncated(Path path, String fileKey, long previousOffset) {}

  /** A file is no longer tailed (deleted and read to its end, or gone). */
  default void fileRemoved(Path path, String fileKey) {}

  /** A file could not be opened or read; it is retried on the next scan. */
  default void fileReadFailed(Path path, String reason) {}

  /** Bytes and lines read, reported in chunks (not per line). */
  default void linesRead(Path path, long lines, long bytes) {}

  /** A line longer than one event was split into {@code pieces} events, or truncated when {@code pieces == 1}. */
  default void lineOversized(Path path, long lineBytes, int pieces) {}

  // --- delivery -------------------------------------------------------------------------------------------

  /** Reading paused because the buffered-event budget is used up (backpressure), or resumed. */
  default void readPaused(boolean paused) {}

  /** A batch was accepted by the sink. */
  default void batchSent(StreamKey key, int events, long bytes, long latencyNanos) {}

  /**
   * One request to the sink's service completed (a PutLogEvents call for CloudWatch), accepted or not, after
   * {@code latencyNanos} on the wire. Retries are separate requests; a batch's {@link #batchSent} latency spans them all.
   */
  default void requestCompleted(StreamKey key, boolean succeeded, long latencyNanos) {}

  /** A request is sent again after a retryable error. */
  default void batchRetried(StreamKey key, int attempt, boolean throttled, String reason) {}

  /** The sink gave up on a batch; its events stay undelivered and the checkpoint stays before them. */
  default void batchFailed(StreamKey key, int events, String reason) {}

  /**
   * Events went to the dead-letter file instead of the sink, with why: refused before sending (outside the time range
   * the service accepts) or rejected by the service ({@link #eventsRejected}, reported as well).
   */
  default void eventsDeadLettered(StreamKey key, int events, String reason) {}

  /**
   * The service itself rejected events of an accepted request (CloudWatch's {@code rejectedLogEventsInfo}); they are
   * dead-lettered too, so they also appear in {@link #eventsDeadLettered}.
   */
  default void eventsRejected(StreamKey key, int events, String reason) {}

  /** A checkpoint was written durably. */
  default void checkpointWritten(int files, long latencyNanos) {}

  /** A checkpoint could not be written; the previous one stays, so a restart re-sends at most the difference. */
  default void checkpointWriteFailed(String reason) {}

  // --- reconciliation (exactly once across a crash) -------------------------------------------------------

  /**
   * After an unclean stop, the batches that were in flight or acknowledged but not checkpointed were read back:
   * {@code found} batches are held by the service whole and their {@code eventsSkipped} events are not sent again;
   * {@code resent} batches go out again (at-least-once), not found or undecided ({@code detail} says which).
   */
  default void batchesReconciled(int found, int resent, long eventsSkipped, String detail) {}

  /** The in-flight journal could not be written and stopped; a crash now re-sends instead of reconciling. */
  default void inFlightJournalFailed(String reason) {}
}
