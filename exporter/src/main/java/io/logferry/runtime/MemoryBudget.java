package io.logferry.runtime;

/**
 * Counts bytes of events read and not yet acknowledged, so reading can pause when the sink is slow or down
 * (backpressure) instead of buffering without bound. Reserving never blocks: the pipeline thread reserves as it
 * reads, and checks {@link #exhausted()} between reads, so the overshoot is at most one read chunk. Releasing happens
 * on sink threads when a batch completes.
 */
final class MemoryBudget {

  private final long limit;
  private long used;

  MemoryBudget(long limit) {
    this.limit = limit;
  }

  synchronized void reserve(long bytes) {
    used += bytes;
  }

  synchronized void release(long bytes) {
    used -= bytes;
    notifyAll();
  }

  synchronized boolean exhausted() {
    return used >= limit;
  }

  synchronized long used() {
    return used;
  }

  long limit() {
    return limit;
  }

  /** Waits at most {@code timeoutMillis} for usage to fall to half the limit (hysteresis: no pause/resume flapping). */
  synchronized boolean awaitRoom(long timeoutMillis) throws InterruptedException {
    long end = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (used > limit / 2) {
      long left = end - System.nanoTime();
      if (left <= 0) return false;
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
