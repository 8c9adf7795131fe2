package io.logferry.runtime;

import io.logferry.ExporterConfig;
import io.logferry.time.Ticker;
import java.time.Duration;

/**
 * The CronJob's run: snapshot the files and their sizes, ship up to there, wait for every acknowledgement, write the
 * checkpoint. With a time budget ({@code maxDuration}), reading stops early enough that flushing, waiting for the
 * acknowledgements and writing the checkpoint still fit; the next run continues exactly where this one stopped.
 *
 * <p>The checkpoint is also written as acknowledgements advance while the run reads and waits (group commit: the
 * first write as soon as the first batch is acknowledged, then at most one per {@code checkpointInterval}): a run
 * killed midway (a CronJob's {@code activeDeadlineSeconds}, an OOM kill, a node drain) is then re-sent by the next
 * run only for the requests that were in flight and those acknowledged since the last write. A write that fails
 * keeps the previous file (the run goes on); the final write's failure ends the run with a
 * {@link io.logferry.CheckpointException}.
 */
final class RunOnceMode {

  /** Share of the time budget kept for flushing and checkpointing after reading stops. */
  static final double FLUSH_RESERVE_SHARE = 0.25;

  /** The flush reserve is at least this long (one slow request) and at most {@link #MAX_FLUSH_RESERVE}. */
  static final Duration MIN_FLUSH_RESERVE = Duration.ofSeconds(2);

  static final Duration MAX_FLUSH_RESERVE = Duration.ofSeconds(60);

  /** A run-once that can read nothing for this long (nor two scan intervals) while files are unread stops. */
  static final Duration MIN_STALL = Duration.ofSeconds(10);

  /** Time kept after giving up on acknowledgements, to write the checkpoint before the deadline. */
  static final Duration CHECKPOINT_RESERVE = Duration.ofMillis(500);

  private RunOnceMode() {}

  static RunSummary run(Pipeline pipeline, ExporterConfig config, Ticker ticker) throws InterruptedException {
    long start = ticker.nanoTime();
    Duration budget = config.maxDuration();
    Deadlines d = budget == null ? null : Deadlines.of(start, budget);

    pipeline.snapshot();
    boolean deadlineReached = false;
    long stalledSince = -1;
    long stallLimit = Math.max(MIN_STALL.toNanos(), 2 * config.scanInterval().toNanos());
    while (!pipeline.caughtUp()) {
      if (d != null && d.passed(ticker, d.read)) {
        deadlineReached = true;
        break;
      }
      if (pipeline.step() > 0) {
        stalledSince = -1;
      } else {
        // Not caught up, yet nothing could be read: a file that fails to read (reported as fileReadFailed and
        // retried by the tailer). Wait a poll interval rather than spin, and stop after the stall limit so that a
        // run-once always ends: the file's data stays before its checkpoint for the next run.
        long now = ticker.nanoTime();
        if (stalledSince < 0) stalledSince = now;
        if (now - stalledSince >= stallLimit) {
          deadlineReached = true;
          break;
        }
        Thread.sleep(Math.max(1, config.pollInterval().toMillis()));
      }
      while (!pipeline.awaitBudget(100)) {
        if (d != null && d.passed(ticker, d.read)) break;
      }
      pipeline.commitIfDue();
    }
    // Reading stopped (at the snapshot, or at the deadline): what was read is handed over. An unterminated last line
    // is shipped only when its file was read to its end; a run that stopped early reads it next time.
    pipeline.flushAll(!deadlineReached);

    if (!pipeline.awaitAcks(d == null ? Long.MAX_VALUE : d.send)) {
      // Out of time: nothing new goes on the wire and batches waiting for a retry fail at once; requests already on
      // the wire get until the hard deadline to answer, so an accepted batch is not re-sent by the next run.
      deadlineReached = true;
      pipeline.sink().abortRetries();
      pipeline.awaitAcks(d.hard);
    }
    pipeline.writeCheckpoint();
    pipeline.refreshBacklog();
    return pipeline.summary(deadlineReached, Duration.ofNanos(ticker.nanoTime() - start));
  }

  /**
   * The three instants of a budgeted run, on the ticker: stop reading, stop sending (abort retries), give up waiting.
   * Between the last and the end of the budget the checkpoint is written.
   */
  record Deadlines(long read, long send, long hard) {
    static Deadlines of(long start, Duration budget) {
      long end = start + budget.toNanos();
      long reserve = flushReserve(budget).toNanos();
      long hard = end - Math.min(CHECKPOINT_RESERVE.toNanos(), budget.toNanos() / 10);
      long read = end - reserve;
      long send = hard - reserve / 2;
      return new Deadlines(read, Math.max(read, send), hard);
    }

    boolean passed(Ticker ticker, long deadline) {
      return ticker.nanoTime() - deadline >= 0;
    }
  }

  static Duration flushReserve(Duration budget) {
    Duration share = Duration.ofNanos((long) (budget.toNanos() * FLUSH_RESERVE_SHARE));
    if (share.compareTo(MIN_FLUSH_RESERVE) < 0) share = MIN_FLUSH_RESERVE;
    if (share.compareTo(MAX_FLUSH_RESERVE) > 0) share = MAX_FLUSH_RESERVE;
    return share.compareTo(budget) > 0 ? budget : share;
  }
}
