package io.logferry.bench.fluentbit;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The median of a few measurements with their range: what the project quotes (never a mean of three, which one
 * noisy run drags). With an even count the median is the mean of the two middle values.
 *
 * @param median the median
 * @param min the smallest value
 * @param max the largest value
 * @param n how many values
 */
record Spread(double median, double min, double max, int n) {

  static Spread of(List<Double> values) {
    double[] v = values.stream().filter(d -> d != null && Double.isFinite(d)).mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
    int mid = v.length / 2;
    double median = v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    return new Spread(median, v[0], v[v.length - 1], v.length);
  }

  /** {@code a / b} of the medians, with the range of the ratios of extremes (a.min/b.max .. a.max/b.min). */
  static Spread ratio(Spread a, Spread b) {
    if (a.n == 0 || b.n == 0 || b.median == 0) return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
    return new Spread(a.median / b.median, b.max == 0 ? Double.NaN : a.min / b.max, b.min == 0 ? Double.NaN : a.max / b.min,
        Math.min(a.n, b.n));
  }

  Map<String, Object> toMap(int digits) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("median", round(median, digits));
    m.put("min", round(min, digits));
    m.put("max", round(max, digits));
    m.put("n", n);
    return m;
  }

  /** {@code 12.3 (11.9-13.0)}. */
  String format(int digits) {
    if (n == 0) return "-";
    String f = "%." + digits + "f";
    return String.format(java.util.Locale.ROOT, f + " (" + f + "-" + f + ")", median, min, max);
  }

  static double round(double v, int digits) {
    if (!Double.isFinite(v)) return v;
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale;
  }

  @Override
  public String toString() {
    return format(2) + " n=" + n + " " + Arrays.toString(new double[] {median, min, max});
  }
}
