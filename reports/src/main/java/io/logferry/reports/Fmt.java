package io.logferry.reports;

import java.util.Locale;

/** Number formatting shared by the tables: fixed locale, sensible precision, "—" for a missing figure. */
final class Fmt {

  static final String MISSING = "—";

  private Fmt() {}

  static String num(double d) {
    if (Double.isNaN(d)) return MISSING;
    if (Double.isInfinite(d)) return d > 0 ? "∞" : "-∞";
    double a = Math.abs(d);
    if (a == 0) return "0";
    if (a >= 1000) return String.format(Locale.ROOT, "%,.0f", d);
    if (a >= 100) return String.format(Locale.ROOT, "%.0f", d);
    if (a >= 10) return String.format(Locale.ROOT, "%.1f", d);
    if (a >= 1) return String.format(Locale.ROOT, "%.2f", d);
    if (a >= 0.01) return String.format(Locale.ROOT, "%.3f", d);
    return new java.math.BigDecimal(d).round(new java.math.MathContext(3)).toPlainString();
  }

  /** {@code a}, {@code a and b}, {@code a, b and c}: a list as a sentence names it. */
  static String and(java.util.List<String> items) {
    if (items.size() <= 1) return String.join("", items);
    return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }

  static String integer(double d) {
    return Double.isNaN(d) ? MISSING : String.format(Locale.ROOT, "%,.0f", d);
  }

  /** {@code median (min–max)} or just the value when there was one repetition. */
  static String spread(Spread s) {
    if (!s.present()) return MISSING;
    if (s.n() == 1 || s.min() == s.max()) return num(s.median());
    return num(s.median()) + " (" + num(s.min()) + "–" + num(s.max()) + ")";
  }

  static String iqr(Spread s) {
    if (!s.present() || s.n() < 2) return MISSING;
    return num(s.q1()) + "–" + num(s.q3());
  }

  static String usd(double d) {
    if (Double.isNaN(d)) return MISSING;
    if (Double.isInfinite(d)) return "∞";
    double a = Math.abs(d);
    if (a >= 100) return String.format(Locale.ROOT, "$%,.0f", d);
    if (a >= 1) return String.format(Locale.ROOT, "$%.2f", d);
    if (a >= 0.01) return String.format(Locale.ROOT, "$%.4f", d);
    if (a == 0) return "$0";
    // Three significant digits, written out: per-MiB and per-run prices are tiny, and 4.55e-06 reads badly in USD.
    return "$" + new java.math.BigDecimal(d).round(new java.math.MathContext(3)).toPlainString();
  }
}
