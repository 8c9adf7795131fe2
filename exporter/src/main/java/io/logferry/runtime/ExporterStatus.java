package io.logferry.runtime;

/**
 * A live view for health checks and metrics, cheap to take at any time.
 *
 * @param backlogBytes bytes of tailed files not yet acknowledged (file sizes minus checkpointed offsets)
 * @param lastCheckpointMillis wall time at which the checkpoint file last held every acknowledged offset (a write, or
 *     a check that found nothing unwritten), or 0 if never yet
 * @param newestDeliveredTimestamp timestamp of the newest event the sink accepted, or 0 if none yet
 * @param lastLoopNanos ticker time at which the pipeline loop last completed an iteration (liveness)
 * @param lastSinkSuccessNanos ticker time of the last batch the sink accepted, or 0 if none yet (readiness)
 * @param bufferedBytes bytes read and held, awaiting acknowledgement
 * @param readPaused reading is paused by backpressure
 */
public record ExporterStatus(
    long backlogBytes,
    long lastCheckpointMillis,
    long newestDeliveredTimestamp,
    long lastLoopNanos,
    long lastSinkSuccessNanos,
    long bufferedBytes,
    boolean readPaused) {}
