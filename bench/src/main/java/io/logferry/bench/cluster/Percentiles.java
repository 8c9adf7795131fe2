package io.logferry.bench.cluster;

import java.util.Arrays;

/**
 * Nearest-rank percentiles of a sample (no interpolation: every figure reported is a value that was observed).
 *
 * @param count number of values
 * @param p50 median
 * @param p95 95th percentile
 * @param p99 99th percentile
 * @param max largest value
 * @param mean arithmetic mean
 */
public record Percentiles(long count, long p50, long p95, long p99, long max, double mean) {

  public static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0, 0);

  /** The percentiles of {@code values}; sorts a copy, so the caller's array is left as it was. */
  public static Percentiles of(long[] values) {
    if (values.length == 0) return EMPTY;
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (long v : sorted) sum += v;
    return new Percentiles(
        sorted.length, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99), sorted[sorted.length - 1],
        sum / sorted.length);
  }

  /** The nearest-rank percentile: the smallest value with at least p % of the sample at or below it. */
  static long rank(long[] sorted, double p) {
    int n = sorted.length;
    int rank = (int) Math.ceil(p / 100.0 * n);
    return sorted[Math.min(Math.max(rank, 1), n) - 1];
  }
}
