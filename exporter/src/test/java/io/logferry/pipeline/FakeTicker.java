package io.logferry.pipeline;

import io.logferry.time.Ticker;
import java.time.Duration;

/** A clock that moves only when told to. */
final class FakeTicker implements Ticker {
  private long nanos = 1_000_000_000L;
  private long millis = 1_700_000_000_000L;

  @Override
  public long nanoTime() {
    return nanos;
  }

  @Override
  public long currentTimeMillis() {
    return millis;
  }

  void advance(Duration d) {
    nanos += d.toNanos();
    millis += d.toMillis();
  }
}
