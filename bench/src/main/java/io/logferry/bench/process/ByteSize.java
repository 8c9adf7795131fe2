package io.logferry.bench.process;

import java.util.Locale;

/** Sizes as people type them: {@code 64m}, {@code 1g}, {@code 512k}, {@code 1000} (binary units: 1k = 1024). */
public final class ByteSize {

  private ByteSize() {}

  public static long parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.endsWith("ib")) s = s.substring(0, s.length() - 2);
    else if (s.endsWith("b")) s = s.substring(0, s.length() - 1);
    long unit = 1;
    char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
    switch (last) {
      case 'k' -> unit = 1L << 10;
      case 'm' -> unit = 1L << 20;
      case 'g' -> unit = 1L << 30;
      default -> {}
    }
    if (unit > 1) s = s.substring(0, s.length() - 1);
    try {
      long n = Long.parseLong(s.trim());
      if (n <= 0) throw new IllegalArgumentException("size must be positive: " + text);
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a size (e.g. 64m, 1g): " + text, e);
    }
  }

  /** {@code 64m}, {@code 1g}, or bytes when not a whole number of MiB. */
  public static String format(long bytes) {
    if (bytes % (1L << 30) == 0) return (bytes >> 30) + "g";
    if (bytes % (1L << 20) == 0) return (bytes >> 20) + "m";
    return Long.toString(bytes);
  }
}
