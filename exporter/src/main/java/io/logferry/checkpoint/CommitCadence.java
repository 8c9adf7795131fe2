package io.logferry.checkpoint;

import java.time.Duration;

/**
 * When acknowledged offsets are written: group commit. The first write happens as soon as the first acknowledgement
 * moved an offset; after that, acknowledgements that arrive while a write is not yet allowed accumulate and go to
 * disk together in the next write, at most one write per {@code minGap}. A SIGKILL therefore re-sends at most the
 * requests in flight plus what was acknowledged during the last {@code minGap} (and the write in progress): with the
 * default 100 ms, a handful of requests, whatever the mode.
 *
 * <p>Why a gap at all: every write is a full fsync of the file and its directory (milliseconds on a cloud disk, see
 * {@code CheckpointBenchmark}); writing on every acknowledgement would let a busy sidecar spend its disk budget on
 * checkpoints. Not thread-safe: the {@link CheckpointWriter}'s thread asks it.
 */
public final class CommitCadence {

  private final long minGapNanos;
  private boolean written;
  private long lastWriteNanos;

  public CommitCadence(Duration minGap) {
    if (minGap.isNegative()) {
      throw new IllegalArgumentException("minGap: must not be negative, was " + minGap);
    }
    this.minGapNanos = minGap.toNanos();
  }

  /** Nanoseconds from {@code nowNanos} until the next write may happen: 0 when it may happen now. */
  public long delayNanos(long nowNanos) {
    if (!written) {
      return 0;
    }
    long left = lastWriteNanos + minGapNanos - nowNanos;
    return Math.max(0, left);
  }

  /** Records a write (successful or not: a failing disk is not retried faster than the gap either). */
  public void wrote(long nowNanos) {
    written = true;
    lastWriteNanos = nowNanos;
  }
}
