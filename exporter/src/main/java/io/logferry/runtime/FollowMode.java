package io.logferry.runtime;

import io.logferry.config.ExporterConfig;
import io.logferry.time.Ticker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The sidecar's loop: tail until stopped, checkpointing as acknowledgements advance (group commit), then the
 * {@link Drain} sequence the run-once uses too: read to the current end of every file, ship, wait for the
 * acknowledgements and checkpoint, all within the drain deadline. If the sink stays down,
 * the drain gives up at the deadline with the checkpoint at the last acknowledged event: nothing acknowledged is
 * re-sent after a restart, nothing unacknowledged is marked sent.
 */
final class FollowMode {

  private final Pipeline pipeline;
  private final ExporterConfig config;
  private final Ticker ticker;
  private final CountDownLatch stop = new CountDownLatch(1);

  /** How often the backlog figure of the status is recomputed (it stats every tailed file). */
  static final Duration BACKLOG_REFRESH = Duration.ofSeconds(5);

  FollowMode(Pipeline pipeline, ExporterConfig config, Ticker ticker) {
    this.pipeline = pipeline;
    this.config = config;
    this.ticker = ticker;
  }

  void stop() {
    stop.countDown();
    pipeline.wake();
  }

  boolean stopRequested() {
    return stop.getCount() == 0;
  }

  RunSummary run() throws InterruptedException {
    long start = ticker.nanoTime();
    long pollMillis = Math.max(1, config.pollInterval().toMillis());
    long refreshEvery = BACKLOG_REFRESH.toNanos();
    long nextRefresh = ticker.nanoTime() + refreshEvery;
    while (!stopRequested()) {
      long read = pipeline.step();
      while (!stopRequested() && !pipeline.awaitBudget(pollMillis)) {
        // The sink is slow or down: reading stays paused (memory stays bounded) until acknowledgements free room.
        // awaitBudget applies acknowledgements as they arrive (the checkpoint writer's thread writes them).
      }
      // Group commit: acknowledged offsets go to the ledger; the checkpoint writer's thread writes them as they
      // advance (see CommitCadence), not on a timer.
      pipeline.commitIfDue();
      if (ticker.nanoTime() - nextRefresh >= 0) {
        pipeline.refreshBacklog();
        nextRefresh = ticker.nanoTime() + refreshEvery;
      }
      if (read == 0 && !stopRequested()) {
        // Nothing new: sleep one poll interval, waking at once on stop or when an acknowledgement arrives.
        pipeline.awaitActivity(pollMillis);
      }
    }
    return drain(start);
  }

  private RunSummary drain(long start) throws InterruptedException {
    return Drain.run(pipeline, config, ticker, start, Drain.Deadlines.of(ticker.nanoTime(), config.drainDeadline()));
  }
}
