package io.logferry.bench.cluster;

/**
 * Reads the write time that the testbed's {@code LineFormat} puts in every line ({@code seq=<writer>:<n>} followed by
 * {@code t=<epoch millis>}, after a space or an {@code &}), so freshness is ground truth: the endpoint's ingestion
 * time minus the moment the writer wrote the line, independent of the shipper's own clock or timestamp parsing.
 */
final class Freshness {

  private Freshness() {}

  /** The write time in the first {@code t=} token after a {@code seq=} token, or -1 if the message has none. */
  static long writeMillis(String message) {
    int seq = message.indexOf("seq=");
    if (seq < 0) return -1;
    int from = seq + 4;
    while (true) {
      int at = message.indexOf("t=", from);
      if (at < 0) return -1;
      char before = message.charAt(at - 1);
      if (before == ' ' || before == '&') {
        long v = 0;
        int i = at + 2;
        int start = i;
        while (i < message.length() && i - start < 18) {
          char c = message.charAt(i);
          if (c < '0' || c > '9') break;
          v = v * 10 + (c - '0');
          i++;
        }
        if (i > start) return v;
      }
      from = at + 2;
    }
  }

  /** Milliseconds from write to ingestion, or -1 when the message carries no write time. */
  static long lagMillis(String message, long ingestionTime) {
    long t = writeMillis(message);
    return t < 0 ? -1 : ingestionTime - t;
  }
}
