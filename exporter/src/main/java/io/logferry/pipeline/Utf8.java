package io.logferry.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 helpers of the hot path: an ASCII check that reads eight bytes at a time, decoding with replacement, and
 * UTF-8 lengths and cut points of decoded text. Every limit CloudWatch enforces counts UTF-8 bytes, so these
 * functions count exactly what a sink encoding the {@link String} with {@link StandardCharsets#UTF_8} sends.
 */
final class Utf8 {

  /** Reads a {@code long} out of a byte array at any index (unaligned plain reads are allowed for byte views). */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

  private Utf8() {}

  /** True when every byte of {@code b[off, off + len)} is ASCII (high bit clear). */
  static boolean isAscii(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    // OR the words together and test once per 64 bytes: a branch per word costs more than the few extra reads
    // a non-ASCII line pays before it is noticed.
    while (i + 64 <= end) {
      long acc = (long) LONGS.get(b, i) | (long) LONGS.get(b, i + 8) | (long) LONGS.get(b, i + 16)
          | (long) LONGS.get(b, i + 24) | (long) LONGS.get(b, i + 32) | (long) LONGS.get(b, i + 40)
          | (long) LONGS.get(b, i + 48) | (long) LONGS.get(b, i + 56);
      if ((acc & HIGH_BITS) != 0) return false;
      i += 64;
    }
    while (i + 8 <= end) {
      if (((long) LONGS.get(b, i) & HIGH_BITS) != 0) return false;
      i += 8;
    }
    while (i < end) {
      if (b[i] < 0) return false;
      i++;
    }
    return true;
  }

  /**
   * Decodes ASCII bytes: ISO-8859-1 is byte-for-byte on ASCII and lets the JDK copy the bytes straight into a
   * compact (Latin-1) string, with no decoding loop.
   */
  static String decodeAscii(byte[] b, int off, int len) {
    return new String(b, off, len, StandardCharsets.ISO_8859_1);
  }

  /**
   * Decodes UTF-8, replacing every malformed or truncated sequence with U+FFFD (the {@link String} constructor
   * always replaces, it never throws or drops). NUL bytes are valid UTF-8 and stay.
   */
  static String decode(byte[] b, int off, int len) {
    return new String(b, off, len, StandardCharsets.UTF_8);
  }

  /** Decodes bytes known to be well-formed UTF-8 (for ASCII, a plain copy into a compact string). */
  static String decodeValid(byte[] b, int off, int len) {
    return isAscii(b, off, len) ? decodeAscii(b, off, len) : decode(b, off, len);
  }

  /**
   * How many bytes at the end of {@code b[off, off + len)} are the start of a multi-byte sequence that the range
   * cuts short (0 to 3). A piece of a longer line may end there; those bytes belong with the next piece.
   */
  static int incompleteTail(byte[] b, int off, int len) {
    int end = off + len;
    int stop = Math.max(off, end - 3);
    for (int i = end - 1; i >= stop; i--) {
      int v = b[i] & 0xFF;
      if (v < 0x80) return 0; // ASCII: nothing open
      if (v < 0xC0) continue; // continuation byte: look further back for its lead
      int needed = v >= 0xF0 ? 4 : v >= 0xE0 ? 3 : 2;
      int have = end - i;
      return have < needed ? have : 0;
    }
    return 0;
  }

  /** UTF-8 length of {@code s}, as {@code s.getBytes(UTF_8).length} for text without lone surrogates. */
  static int length(String s) {
    return length(s, 0, s.length());
  }

  /** UTF-8 length of {@code s[from, to)}. A lone surrogate counts 3 bytes: never less than any encoder writes. */
  static int length(CharSequence s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /**
   * The longest prefix of {@code s[from, to)} of at most {@code maxBytes} UTF-8 bytes that ends on a character
   * boundary (never between the two halves of a surrogate pair).
   *
   * @return the end index (exclusive) in the high 32 bits and the prefix's UTF-8 length in the low 32 bits
   */
  static long cut(CharSequence s, int from, int to, int maxBytes) {
    int n = 0;
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      int w;
      int chars = 1;
      if (c < 0x80) {
        w = 1;
      } else if (c < 0x800) {
        w = 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
        w = 4;
        chars = 2;
      } else {
        w = 3;
      }
      if (n + w > maxBytes) break;
      n += w;
      i += chars;
    }
    return ((long) i << 32) | n;
  }

  static int cutEnd(long cut) {
    return (int) (cut >>> 32);
  }

  static int cutBytes(long cut) {
    return (int) cut;
  }

  /**
   * True when {@code b[off, off + len)} is well-formed UTF-8 as RFC 3629 defines it, which is exactly what the JDK's
   * decoder accepts without replacing anything: no overlong forms, no surrogates (U+D800-U+DFFF), nothing above
   * U+10FFFF, no truncated sequence. Such bytes decode and re-encode to themselves, so they can be shipped as read.
   */
  static boolean isValid(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end) {
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xFF;
      if (c < 0xC2) return false; // a continuation byte without a lead, or an overlong 2-byte form
      if (c < 0xE0) {
        if (i + 1 >= end || !continuation(b[i + 1])) return false;
        i += 2;
      } else if (c < 0xF0) {
        if (i + 2 >= end) return false;
        int c1 = b[i + 1] & 0xFF;
        if (!continuation(b[i + 1]) || !continuation(b[i + 2])) return false;
        if (c == 0xE0 && c1 < 0xA0) return false; // overlong
        if (c == 0xED && c1 >= 0xA0) return false; // a surrogate
        i += 3;
      } else if (c < 0xF5) {
        if (i + 3 >= end) return false;
        int c1 = b[i + 1] & 0xFF;
        if (!continuation(b[i + 1]) || !continuation(b[i + 2]) || !continuation(b[i + 3])) return false;
        if (c == 0xF0 && c1 < 0x90) return false; // overlong
        if (c == 0xF4 && c1 >= 0x90) return false; // above U+10FFFF
        i += 4;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean continuation(byte b) {
    return (b & 0xC0) == 0x80;
  }

  /**
   * The well-formed UTF-8 of {@code b[off, off + len)}: the bytes themselves when valid, else the JDK's decoding
   * (every malformed or truncated sequence becomes U+FFFD, 3 bytes) encoded again.
   */
  static byte[] replaceInvalid(byte[] b, int off, int len) {
    return decode(b, off, len).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The length of the longest prefix of the well-formed UTF-8 {@code b[off, off + len)} of at most {@code maxBytes}
   * bytes that ends on a character boundary. With {@code maxBytes >= 4} it is never 0 for a non-empty range.
   */
  static int prefix(byte[] b, int off, int len, int maxBytes) {
    if (len <= maxBytes) return len;
    int end = off + maxBytes;
    while (end > off && continuation(b[end])) end--; // b[end] starts the first character left out
    return end - off;
  }
}
