package io.logferry.sink.cloudwatch;

import io.logferry.time.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker that only moves when told to; both clocks move together. */
final class ManualTicker implements Ticker {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicLong wallMillis;

  ManualTicker(long wallMillis) {
    this.wallMillis = new AtomicLong(wallMillis);
  }

  void advance(Duration d) {
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
