package io.logferry.time;

/**
 * The one source of time in the core, so that flush timeouts, backoff and deadlines can be driven by a fake in
 * tests (Caffeine's {@code Ticker} idea). {@link #nanoTime()} is monotonic and measures durations;
 * {@link #currentTimeMillis()} is wall-clock time and stamps events.
 */
public interface Ticker {

  long nanoTime();

  long currentTimeMillis();

  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

enum SystemTicker implements Ticker {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public long currentTimeMillis() {
    return System.currentTimeMillis();
  }
}
