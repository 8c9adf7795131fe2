package io.logferry.endpoint;

/**
 * Faults injected into API requests. The three ratios are probabilities drawn once per request from the endpoint's
 * seedable {@link java.util.Random} and are mutually exclusive (a request is dropped, throttled, failed or served), so
 * their sum must not exceed 1. A faulted request stores nothing.
 *
 * @param throttleRatio share of requests answered 400 {@code ThrottlingException}
 * @param errorRatio share of requests answered 500 or 503 {@code ServiceUnavailableException}
 * @param latencyMs delay added before each affected request is handled
 * @param dropRatio share of requests whose connection is closed without any response
 * @param down when true every API request (whatever {@code allOperations}) has its connection closed unread
 * @param allOperations apply the faults to every operation instead of only PutLogEvents
 */
public record Faults(
    double throttleRatio, double errorRatio, long latencyMs, double dropRatio, boolean down, boolean allOperations) {

  /** No fault at all. */
  public static final Faults NONE = new Faults(0, 0, 0, 0, false, false);

  public Faults {
    checkRatio("throttleRatio", throttleRatio);
    checkRatio("errorRatio", errorRatio);
    checkRatio("dropRatio", dropRatio);
    if (throttleRatio + errorRatio + dropRatio > 1.0 + 1e-9) {
      throw new IllegalArgumentException(
          "throttleRatio + errorRatio + dropRatio must be <= 1, got " + (throttleRatio + errorRatio + dropRatio));
    }
    if (latencyMs < 0) {
      throw new IllegalArgumentException("latencyMs must be >= 0, got " + latencyMs);
    }
  }

  private static void checkRatio(String name, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(name + " must be within [0, 1], got " + value);
    }
  }

  public Faults withThrottleRatio(double ratio) {
    return new Faults(ratio, errorRatio, latencyMs, dropRatio, down, allOperations);
  }

  public Faults withErrorRatio(double ratio) {
    return new Faults(throttleRatio, ratio, latencyMs, dropRatio, down, allOperations);
  }

  public Faults withLatencyMs(long millis) {
    return new Faults(throttleRatio, errorRatio, millis, dropRatio, down, allOperations);
  }

  public Faults withDropRatio(double ratio) {
    return new Faults(throttleRatio, errorRatio, latencyMs, ratio, down, allOperations);
  }

  public Faults withDown(boolean isDown) {
    return new Faults(throttleRatio, errorRatio, latencyMs, dropRatio, isDown, allOperations);
  }

  public Faults withAllOperations(boolean all) {
    return new Faults(throttleRatio, errorRatio, latencyMs, dropRatio, down, all);
  }
}
