package io.logferry.runtime;

import io.logferry.config.ExporterConfig;
import io.logferry.time.Ticker;
import java.time.Duration;

/**
 * The one drain sequence both modes end with (Vector's {@code shutdown_data} then {@code shutdown_checkpointer};
 * OTel's {@code BatchLogRecordProcessor.shutdown}): freeze the files at their current sizes, read up to there, hand
 * over what was read, wait for the acknowledgements, write the checkpoint. A run-once is this sequence from its
 * start; a follow runs it once it is told to stop.
 *
 * <p>With deadlines ({@link Deadlines}): reading stops at the read deadline, nothing new is sent after the send
 * deadline (batches waiting for a retry fail at once), and requests already on the wire get until the hard deadline
 * to answer, so an accepted batch is not re-sent by the next run; the checkpoint is written in what is left. Without
 * (a run-once with no time budget), every step waits as long as it takes; the sink's own retry limit still ends every
 * batch. Either way the checkpoint ends at the last acknowledged event: nothing acknowledged is re-sent after a
 * restart, nothing unacknowledged is marked sent.
 *
 * <p>A file that fails to read (reported as fileReadFailed and retried by the tailer) cannot hold the drain forever:
 * when nothing can be read for {@link #MIN_STALL} (or two scan intervals) while files are unread, reading stops; that
 * file's data stays after its checkpoint for the next run.
 */
final class Drain {

  /** A drain that can read nothing for this long (nor two scan intervals) while files are unread stops reading. */
  static final Duration MIN_STALL = Duration.ofSeconds(10);

  /** How long one wait for room in the memory budget lasts before the deadlines are checked again. */
  private static final long BUDGET_WAIT_MILLIS = 50;

  private Drain() {}

  /**
   * Runs the sequence.
   *
   * @param start ticker time the run started, for the summary's elapsed time
   * @param d the deadlines, or null for none
   */
  static RunSummary run(Pipeline pipeline, ExporterConfig config, Ticker ticker, long start, Deadlines d)
      throws InterruptedException {
    pipeline.snapshot();
    boolean deadlineReached = false;
    long stalledSince = -1;
    long stallLimit = Math.max(MIN_STALL.toNanos(), 2 * config.scanInterval().toNanos());
    while (!pipeline.caughtUp()) {
      if (d != null && d.passed(ticker, d.read())) {
        deadlineReached = true;
        break;
      }
      if (pipeline.step() > 0) {
        stalledSince = -1;
      } else {
        // Not caught up, yet nothing could be read: a file that fails to read. Wait a poll interval rather than
        // spin, and stop after the stall limit so that the drain always ends.
        long now = ticker.nanoTime();
        if (stalledSince < 0) stalledSince = now;
        if (now - stalledSince >= stallLimit) {
          deadlineReached = true;
          break;
        }
        Thread.sleep(Math.max(1, config.pollInterval().toMillis()));
      }
      while (!pipeline.awaitBudget(BUDGET_WAIT_MILLIS)) {
        if (d != null && d.passed(ticker, d.read())) break;
      }
      pipeline.commitIfDue();
    }
    // Reading stopped (at the snapshot, or at the deadline): what was read is handed over. An unterminated last line
    // is shipped only when its file was read to its end; a drain that stopped early reads it next time.
    pipeline.flushAll(!deadlineReached);

    if (!pipeline.awaitAcks(d == null ? Long.MAX_VALUE : d.send())) {
      // Out of time: nothing new goes on the wire and batches waiting for a retry fail at once; requests already on
      // the wire get until the hard deadline to answer, so an accepted batch is not re-sent by the next run.
      deadlineReached = true;
      pipeline.sink().abortRetries();
      pipeline.awaitAcks(d.hard());
    }
    // The final write throws when it fails (a CheckpointException): the caller's error path reports it.
    pipeline.writeCheckpoint();
    pipeline.refreshBacklog();
    return pipeline.summary(deadlineReached, Duration.ofNanos(ticker.nanoTime() - start));
  }

  /**
   * The three instants of a budgeted drain, on the ticker: stop reading, stop sending (abort retries), give up
   * waiting. Between the last and the end of the budget the checkpoint is written.
   */
  record Deadlines(long read, long send, long hard) {

    /** Share of the time budget kept for flushing and checkpointing after reading stops. */
    static final double FLUSH_RESERVE_SHARE = 0.25;

    /** The flush reserve is at least this long (one slow request) and at most {@link #MAX_FLUSH_RESERVE}. */
    static final Duration MIN_FLUSH_RESERVE = Duration.ofSeconds(2);

    static final Duration MAX_FLUSH_RESERVE = Duration.ofSeconds(60);

    /** Time kept after giving up on acknowledgements, to write the checkpoint before the deadline. */
    static final Duration CHECKPOINT_RESERVE = Duration.ofMillis(500);

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

    static Duration flushReserve(Duration budget) {
      Duration share = Duration.ofNanos((long) (budget.toNanos() * FLUSH_RESERVE_SHARE));
      if (share.compareTo(MIN_FLUSH_RESERVE) < 0) share = MIN_FLUSH_RESERVE;
      if (share.compareTo(MAX_FLUSH_RESERVE) > 0) share = MAX_FLUSH_RESERVE;
      return share.compareTo(budget) > 0 ? budget : share;
    }
  }
}
