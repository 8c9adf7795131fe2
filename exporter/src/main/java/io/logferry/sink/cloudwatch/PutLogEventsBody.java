package io.logferry.sink.cloudwatch;

import io.logferry.events.StreamKey;
import io.logferry.pipeline.LogEvent;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON body of one {@code PutLogEvents} request, written from the messages' UTF-8 bytes straight into a reused
 * byte buffer: no SDK model object per event and no marshaller. (The SDK path, event → {@code InputLogEvent} → SDK
 * JSON marshaller, was about 45 % of the CloudWatch sink's CPU; jackson-core's generator, tried next, still spent
 * over half of the send path escaping {@code String}s char by char, because nginx lines are full of quotes.)
 *
 * <p>The body is what the SDK's marshaller writes for the same request, in the <a
 * href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html">JSON 1.1 shape of
 * the API</a>: {@code {"logGroupName":..,"logStreamName":..,"logEvents":[{"timestamp":..,"message":..},..]}}. No
 * sequence token: AWS ignores it since January 2023.
 *
 * <p>Escaping (RFC 8259, section 7): {@code "} and {@code \} are backslash-escaped, control characters U+0000-U+001F
 * become {@code \n}, {@code \r}, {@code \t}, {@code \b}, {@code \f} or <code>&#92;u00XX</code>; every other byte, including
 * multi-byte UTF-8 sequences, is copied as it is. That is safe because the bytes are those of a Java {@code String}
 * the assembler already validated (invalid input was replaced with U+FFFD), hence well-formed UTF-8, and it
 * is exactly what CloudWatch counts: the message's UTF-8 bytes, as {@link LogEvent#byteLength()} does. Runs of bytes
 * that need no escaping are found eight bytes at a time and copied in bulk.
 *
 * <p>Not thread-safe: one body per request in flight. The buffer grows to the largest request written and is kept
 * for the next one, except after an unusually large request (heavily escaped messages), so that a burst of control
 * characters does not pin several MiB per worker for the life of the process.
 */
final class PutLogEventsBody {

  /** A 1 MiB request of short lines (10,000 events) is about 1.4 MiB of JSON; start big enough for small batches. */
  static final int INITIAL_CAPACITY = 64 * 1024;

  /** Above this (2x the largest unescaped request), the buffer is dropped after use rather than kept. */
  static final int MAX_RETAINED_CAPACITY = 4 * 1024 * 1024;

  private static final byte[] GROUP = ascii("{\"logGroupName\":\"");
  private static final byte[] STREAM = ascii("\",\"logStreamName\":\"");
  private static final byte[] EVENTS = ascii("\",\"logEvents\":[");
  private static final byte[] TIMESTAMP = ascii("{\"timestamp\":");
  private static final byte[] MESSAGE = ascii(",\"message\":\"");
  private static final byte[] EVENT_END = ascii("\"}");
  private static final byte[] END = ascii("]}");
  private static final byte[] HEX = ascii("0123456789abcdef");

  /** Per byte: 0 = copy as is; otherwise the character after the backslash ({@code 'u'} for <code>&#92;u00XX</code>). */
  private static final byte[] ESCAPE = new byte[256];

  static {
    for (int c = 0; c < 0x20; c++) ESCAPE[c] = 'u';
    ESCAPE['\b'] = 'b';
    ESCAPE['\t'] = 't';
    ESCAPE['\n'] = 'n';
    ESCAPE['\f'] = 'f';
    ESCAPE['\r'] = 'r';
    ESCAPE['"'] = '"';
    ESCAPE['\\'] = '\\';
  }

  /** Reads eight bytes of a byte array as one {@code long} at any index. */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[] bytes = new byte[INITIAL_CAPACITY];
  private int count;

  /**
   * Replaces the body with the request for {@code events} (in the order given, which must be chronological) of
   * stream {@code key}.
   */
  PutLogEventsBody write(StreamKey key, List<LogEvent> events) {
    count = 0;
    append(GROUP);
    byte[] group = key.group().getBytes(StandardCharsets.UTF_8);
    appendEscaped(group, 0, group.length);
    append(STREAM);
    byte[] stream = key.stream().getBytes(StandardCharsets.UTF_8);
    appendEscaped(stream, 0, stream.length);
    append(EVENTS);
    for (int i = 0, n = events.size(); i < n; i++) {
      LogEvent e = events.get(i);
      if (i > 0) appendByte((byte) ',');
      append(TIMESTAMP);
      appendLong(e.timestamp());
      append(MESSAGE);
      appendEscaped(e.utf8(), e.offset(), e.byteLength());
      append(EVENT_END);
    }
    append(END);
    return this;
  }

  /** The body's bytes: valid in {@code [0, length())} until the next {@link #write} or {@link #release}. */
  byte[] array() {
    return bytes;
  }

  int length() {
    return count;
  }

  /** A fresh stream over the body, for the signer (payload hash) and the HTTP client (each reads it once). */
  InputStream newStream() {
    return new ByteArrayInputStream(bytes, 0, count);
  }

  /** Drops an unusually large buffer; the next write starts small again. */
  void release() {
    if (bytes.length > MAX_RETAINED_CAPACITY) bytes = new byte[INITIAL_CAPACITY];
    count = 0;
  }

  /** Appends {@code s[from, from + len)} escaped; the range is well-formed UTF-8 (see {@link LogEvent}). */
  private void appendEscaped(byte[] s, int from, int len) {
    ensure(len);
    int n = from + len;
    int run = from; // start of the current run of bytes copied as they are
    int i = from;
    while (true) {
      // Find the next byte to escape, eight bytes at a time: the lowest flagged byte of a word is exact.
      int at = -1;
      while (i + 8 <= n) {
        long flags = escapeFlags((long) LONGS.get(s, i));
        if (flags != 0) {
          at = i + (Long.numberOfTrailingZeros(flags) >>> 3);
          break;
        }
        i += 8;
      }
      if (at < 0) {
        for (; i < n; i++) {
          if (ESCAPE[s[i] & 0xff] != 0) {
            at = i;
            break;
          }
        }
        if (at < 0) break;
      }
      int clean = at - run;
      if (clean > 0) {
        System.arraycopy(s, run, bytes, count, clean);
        count += clean;
      }
      run = at + 1;
      i = run;
      // Room for this escape (at most 6 bytes) plus the rest of the message copied as it is.
      if (count + 6 + (n - run) > bytes.length) grow(6 + (n - run));
      byte b = s[at];
      byte escape = ESCAPE[b & 0xff];
      bytes[count++] = '\\';
      bytes[count++] = escape;
      if (escape == 'u') {
        bytes[count++] = '0';
        bytes[count++] = '0';
        bytes[count++] = HEX[(b >> 4) & 0xf];
        bytes[count++] = HEX[b & 0xf];
      }
    }
    int clean = n - run;
    if (clean > 0) {
      System.arraycopy(s, run, bytes, count, clean);
      count += clean;
    }
  }

  /**
   * The high bit of each byte of {@code w} (little-endian) that may need escaping: a control character,
   * {@code "} or a backslash (the classic "has a byte less than / equal to" bit tricks). The lowest flagged byte is
   * always one that needs escaping; bytes above it may be flagged falsely (a borrow), which only means they are
   * looked at again. Bytes with the high bit set, i.e. UTF-8 sequences, never match.
   */
  static long escapeFlags(long w) {
    long control = (w - 0x2020202020202020L) & ~w;
    long q = w ^ 0x2222222222222222L;
    long quote = (q - 0x0101010101010101L) & ~q;
    long b = w ^ 0x5C5C5C5C5C5C5C5CL;
    long backslash = (b - 0x0101010101010101L) & ~b;
    return (control | quote | backslash) & 0x8080808080808080L;
  }

  static boolean needsEscape(long w) {
    return escapeFlags(w) != 0;
  }

  /** Events of a batch often share their millisecond: the digits of the previous timestamp are reused. */
  private long lastTimestamp = Long.MIN_VALUE;

  private final byte[] lastDigits = new byte[20];
  private int lastDigitsLength;

  private void appendLong(long v) {
    ensure(20);
    if (v != lastTimestamp || lastDigitsLength == 0) {
      byte[] digits = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(digits, 0, lastDigits, 0, digits.length);
      lastDigitsLength = digits.length;
      lastTimestamp = v;
    }
    System.arraycopy(lastDigits, 0, bytes, count, lastDigitsLength);
    count += lastDigitsLength;
  }

  private void append(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, bytes, count, b.length);
    count += b.length;
  }

  private void appendByte(byte b) {
    ensure(1);
    bytes[count++] = b;
  }

  private void ensure(int extra) {
    if (count + extra > bytes.length) grow(extra);
  }

  private byte[] grow(int extra) {
    long needed = (long) count + extra;
    if (needed > Integer.MAX_VALUE - 16) throw new IllegalStateException("request body over 2 GiB");
    bytes = Arrays.copyOf(bytes, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 16, 2L * bytes.length)));
    return bytes;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
