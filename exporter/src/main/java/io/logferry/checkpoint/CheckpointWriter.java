package io.logferry.checkpoint;

import io.logferry.time.Ticker;
import java.time.Duration;
import java.util.Objects;

/**
 * Writes the checkpoint on its own thread as acknowledgements advance (group commit, Vector's checkpointer task): the
 * pipeline thread only says that something changed ({@link #changed()}), and never waits for an fsync.
 *
 * <p>Cadence ({@link CommitCadence}): the first write starts as soon as the first change is signalled (the first batch
 * acknowledged); after that, changes that arrive while a write is in progress or not yet allowed go to disk together
 * in the next write, at most one per {@code minGap}. So a SIGKILL re-sends at most the requests in flight plus what
 * was acknowledged during the last {@code minGap} and the write in progress: the same bound as when the pipeline
 * thread wrote, now without the pipeline paying for the disk.
 *
 * <p>A write that fails (reported by the store as {@code checkpointWriteFailed}) keeps the previous file and is tried
 * again after the gap: a crash then re-sends more, never less. The final write of a run is {@link #writeNow()}, on the
 * caller's thread, which throws.
 *
 * <p>Thread-safe. {@link #close()} is idempotent and stops the thread without writing (the run's final write is
 * {@link #writeNow()}).
 */
public final class CheckpointWriter implements AutoCloseable {

  /** The thread re-checks the cadence at least this often (real time), so a fake ticker in tests is followed too. */
  private static final long MAX_SLEEP_MILLIS = 50;

  private final OffsetLedger ledger;
  private final Checkpoints store;
  private final CommitCadence cadence;
  private final Ticker ticker;
  private final Thread thread;
  private boolean signalled;
  private boolean closed;
  private volatile long lastWrittenMillis;
  /** Writes started so far (each write's index), and the index of the last one that succeeded. */
  private final java.util.concurrent.atomic.AtomicLong started = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong durable = new java.util.concurrent.atomic.AtomicLong();

  /** Starts the writer thread (a daemon: it never keeps a JVM alive). */
  public CheckpointWriter(OffsetLedger ledger, Duration minGap, Ticker ticker) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.store = ledger.store();
    this.cadence = new CommitCadence(minGap);
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.lastWrittenMillis = ticker.currentTimeMillis();
    this.thread = new Thread(this::loop, "logferry-checkpoint");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Something may be unwritten (acknowledgements moved an entry): write it as soon as the cadence allows. */
  public synchronized void changed() {
    signalled = true;
    notifyAll();
  }

  /**
   * Writes now, on the calling thread, whatever the cadence (the end of a run or of a drain).
   *
   * @throws CheckpointException when it cannot be written; the previous file stays intact
   */
  public void writeNow() {
    long index = started.incrementAndGet();
    ledger.write();
    durable.accumulateAndGet(index, Math::max);
    lastWrittenMillis = ticker.currentTimeMillis();
  }

  /**
   * How many writes have started. A write with a higher index takes its snapshot of the in-memory state after this
   * call: once {@link #durableIndex()} exceeds the value returned, everything in memory at the call is on disk.
   */
  public long writesStarted() {
    return started.get();
  }

  /** The index of the last write that succeeded (0 before any). */
  public long durableIndex() {
    return durable.get();
  }

  /**
   * Wall time when the file on disk last was the whole state: the last write, or now when nothing waits to be
   * written (an idle sidecar's checkpoint is as fresh as a write would make it).
   */
  public long lastWrittenMillis() {
    return store.unwritten() ? lastWrittenMillis : ticker.currentTimeMillis();
  }

  private void loop() {
    while (true) {
      synchronized (this) {
        try {
          while (!closed && !(signalled && cadence.delayNanos(ticker.nanoTime()) == 0)) {
            long delayMillis = signalled ? Math.max(1, cadence.delayNanos(ticker.nanoTime()) / 1_000_000) : 0;
            wait(signalled ? Math.min(delayMillis, MAX_SLEEP_MILLIS) : 0);
          }
        } catch (InterruptedException e) {
          return; // only close() interrupts, and then nothing is written here
        }
        if (closed) return;
        signalled = false;
      }
      if (!store.unwritten()) continue;
      try {
        long index = started.incrementAndGet();
        ledger.write();
        durable.accumulateAndGet(index, Math::max);
        lastWrittenMillis = ticker.currentTimeMillis();
      } catch (RuntimeException e) {
        // Reported by the store; the previous file is intact. Tried again after the gap.
      } finally {
        cadence.wrote(ticker.nanoTime());
      }
      if (store.unwritten()) changed(); // changes that came in during the write: the next write after the gap
    }
  }

  /** Stops the thread; a write in progress finishes first. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
      notifyAll();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
