package io.logferry.endpoint;

import java.util.Random;

/** Decides, per API request, which fault (if any) to inject; faults can be swapped at any time. */
final class FaultInjector {

  enum Decision { SERVE, DOWN, DROP, THROTTLE, ERROR_500, ERROR_503 }

  private final Random random;
  private volatile Faults faults;

  FaultInjector(Faults initial, long seed) {
    this.faults = initial;
    this.random = new Random(seed);
  }

  Faults faults() {
    return faults;
  }

  void set(Faults next) {
    this.faults = next;
  }

  /** The faults that apply to {@code operation}, or null when it is not targeted. */
  Faults applicable(String operation) {
    Faults f = faults;
    if (f.down() || f.allOperations() || "PutLogEvents".equals(operation)) {
      return f;
    }
    return null;
  }

  Decision decide(Faults f, String operation) {
    if (f.down()) {
      return Decision.DOWN;
    }
    if (!f.allOperations() && !"PutLogEvents".equals(operation)) {
      return Decision.SERVE;
    }
    double total = f.dropRatio() + f.throttleRatio() + f.errorRatio();
    if (total <= 0) {
      return Decision.SERVE;
    }
    double r;
    boolean coin;
    // One monitor so a seeded run draws the same sequence of pairs whatever the interleaving of threads.
    synchronized (random) {
      r = random.nextDouble();
      coin = random.nextBoolean();
    }
    if (r < f.dropRatio()) {
      return Decision.DROP;
    }
    if (r < f.dropRatio() + f.throttleRatio()) {
      return Decision.THROTTLE;
    }
    if (r < total) {
      return coin ? Decision.ERROR_503 : Decision.ERROR_500;
    }
    return Decision.SERVE;
  }
}
