package io.logferry.reports;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The median of a measurement over its repetitions with the spread around it: min–max and the interquartile range.
 * NaN values (fields a run lacked) are left out; {@code n} says how many values remained.
 */
public record Spread(double median, double min, double max, double q1, double q3, int n) {

  public static final Spread NONE = new Spread(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

  public static Spread of(Collection<Double> values) {
    List<Double> v = new ArrayList<>();
    for (Double d : values) {
      if (d != null && !d.isNaN()) v.add(d);
    }
    if (v.isEmpty()) return NONE;
    v.sort(Double::compare);
    return new Spread(quantile(v, 0.5), v.get(0), v.get(v.size() - 1), quantile(v, 0.25), quantile(v, 0.75), v.size());
  }

  public boolean present() {
    return n > 0;
  }

  /** Linear interpolation between closest ranks (the R-7 / Excel definition), so the median of 2 values is their mean. */
  static double quantile(List<Double> sorted, double q) {
    double pos = q * (sorted.size() - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (pos - lo);
  }
}
