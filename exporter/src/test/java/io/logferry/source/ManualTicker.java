package io.logferry.source;

import io.logferry.time.Ticker;
import java.time.Duration;

/** A ticker tests move by hand, so scan intervals and rotate waits pass without sleeping. */
final class ManualTicker implements Ticker {
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
