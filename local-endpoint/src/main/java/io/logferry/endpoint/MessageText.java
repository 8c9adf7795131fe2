package io.logferry.endpoint;

/**
 * Byte counting and hashing of message text straight from the parser's char buffer, so the COUNTS mode hot path
 * allocates no String per event.
 */
final class MessageText {

  private static final long SEED = 0x9E3779B97F4A7C15L;
  private static final long M1 = 0xBF58476D1CE4E5B9L;
  private static final long M2 = 0x94D049BB133111EBL;

  private MessageText() {}

  /**
   * UTF-8 length as {@code String.getBytes(UTF_8)} computes it: a lone surrogate is encoded as one {@code '?'} byte.
   */
  static int utf8Length(char[] a, int off, int len) {
    int n = len;
    int end = off + len;
    for (int i = off; i < end; i++) {
      char c = a[i];
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        n += 1;
      } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(a[i + 1])) {
        n += 2; // two chars, four bytes
        i++;
      } else if (!Character.isSurrogate(c)) {
        n += 2;
      }
    }
    return n;
  }

  static int utf8Length(CharSequence s) {
    int n = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        n += 1;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 2;
        i++;
      } else if (!Character.isSurrogate(c)) {
        n += 2;
      }
    }
    return n;
  }

  /** See {@link LocalCloudWatchLogs#messageHash(CharSequence)}; both overloads give the same value. */
  static long hash(char[] a, int off, int len) {
    long h = SEED ^ len;
    int i = off;
    int end = off + len;
    for (; i + 4 <= end; i += 4) {
      long k = a[i] | ((long) a[i + 1] << 16) | ((long) a[i + 2] << 32) | ((long) a[i + 3] << 48);
      h = round(h, k);
    }
    long k = 0;
    for (int shift = 0; i < end; i++, shift += 16) {
      k |= (long) a[i] << shift;
    }
    return finish(round(h, k));
  }

  static long hash(CharSequence s) {
    int len = s.length();
    long h = SEED ^ len;
    int i = 0;
    for (; i + 4 <= len; i += 4) {
      long k = s.charAt(i) | ((long) s.charAt(i + 1) << 16) | ((long) s.charAt(i + 2) << 32)
          | ((long) s.charAt(i + 3) << 48);
      h = round(h, k);
    }
    long k = 0;
    for (int shift = 0; i < len; i++, shift += 16) {
      k |= (long) s.charAt(i) << shift;
    }
    return finish(round(h, k));
  }

  private static long round(long h, long k) {
    return Long.rotateLeft(h ^ (k * M1), 29) * M2;
  }

  private static long finish(long z) {
    z = (z ^ (z >>> 30)) * M1;
    z = (z ^ (z >>> 27)) * M2;
    return z ^ (z >>> 31);
  }
}
