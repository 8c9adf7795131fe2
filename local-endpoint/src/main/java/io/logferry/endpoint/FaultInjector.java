package io.logferry.endpoint;

import java.util.Random;
import java.util.Set;

/** Decides, per API request, which fault (if any) to inject; faults can be swapped at any time. */
final class FaultInjector {

  enum Decision { SERVE, DOWN, DROP, THROTTLE, ERROR_500, ERROR_503 }

  private final Random random;
  private volatile Faults faults;
  private volatile Set<String> downFor = Set.of();

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

  void setDownFor(Set<String> accessKeyIds) {
    this.downFor = Set.copyOf(accessKeyIds);
  }

  /** Whether the endpoint is down for a client signing with {@code accessKeyId} (null: not signed). */
  boolean downFor(String accessKeyId) {
    Set<String> keys = downFor;
    return !keys.isEmpty() && accessKeyId != null && keys.contains(accessKeyId);
  }

  /**
   * The access key id of a SigV4 {@code Authorization} header ({@code AWS4-HMAC-SHA256 Credential=<id>/<date>/...}),
   * or null when there is none.
   */
  static String accessKeyId(String authorization) {
    if (authorization == null) return null;
    int from = authorization.indexOf("Credential=");
    if (from < 0) return null;
    from += "Credential=".length();
    int to = authorization.indexOf('/', from);
    return to < 0 ? null : authorization.substring(from, to);
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
