package io.logferry.sink.cloudwatch;

import java.util.Random;

/** A {@link Random} whose {@code nextDouble()} always answers the same fraction: backoff becomes predictable. */
final class FixedRandom extends Random {
  private static final long serialVersionUID = 1L;
  private final double fraction;

  FixedRandom(double fraction) {
    this.fraction = fraction;
  }

  @Override
  public double nextDouble() {
    return fraction;
  }
}
