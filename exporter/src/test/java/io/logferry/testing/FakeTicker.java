package io.logferry.testing;

import io.logferry.time.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ticker that moves only when a test says so (Caffeine's FakeTicker idea): flush timeouts, scan intervals, rotate
 * waits and retry deadlines pass without sleeping. Both clocks move together; thread-safe, since sinks read it from
 * their worker threads.
 */
public final class FakeTicker implements Ticker {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicLong wallMillis;

  public FakeTicker() {
    this(1_700_000_000_000L);
  }

  public FakeTicker(long wallMillis) {
    this.wallMillis = new AtomicLong(wallMillis);
  }

  public void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
    wallMillis.addAndGet(d.toMillis());
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public long currentTimeMillis() {
    return wallMillis.get();
  }
}
