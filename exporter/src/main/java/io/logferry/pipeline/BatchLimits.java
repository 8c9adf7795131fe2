package io.logferry.pipeline;

/**
 * What one request to a sink may hold; supplied by the sink and respected by the batcher, so that every batch the
 * pipeline hands over can be sent as exactly one request (never split, never merged, so never partly re-sent).
 *
 * @param maxEvents events per request
 * @param maxBytes bytes per request, counted as the sum of {@code byteLength + perEventOverheadBytes}
 * @param perEventOverheadBytes bytes the sink's service counts per event on top of its message
 * @param maxEventBytes the largest message one event may carry, in UTF-8 bytes (overhead not included)
 * @param maxSpanMillis the widest range of timestamps one request may span
 */
public record BatchLimits(
    int maxEvents, long maxBytes, int perEventOverheadBytes, int maxEventBytes, long maxSpanMillis) {

  public BatchLimits {
    if (maxEvents <= 0) throw new IllegalArgumentException("maxEvents must be positive");
    if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be positive");
    if (perEventOverheadBytes < 0) throw new IllegalArgumentException("perEventOverheadBytes must be >= 0");
    if (maxEventBytes <= 0 || maxEventBytes + (long) perEventOverheadBytes > maxBytes) {
      throw new IllegalArgumentException("maxEventBytes must be positive and fit in maxBytes with its overhead");
    }
    if (maxSpanMillis <= 0) throw new IllegalArgumentException("maxSpanMillis must be positive");
  }
}
