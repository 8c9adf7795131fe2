package io.logferry.pipeline;

import io.logferry.config.ConfigException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;

/**
 * Turns the text of a timestamp into epoch milliseconds: {@code ISO8601} (with {@code T} or a space, fractional
 * seconds, {@code Z} or an offset; UTC without one), {@code EPOCH_MILLIS}, {@code EPOCH_SECONDS} (a fraction is
 * allowed), or any {@link DateTimeFormatter} pattern (English month names, case-insensitive, UTC when the pattern has
 * no zone). Failure is a value ({@link #INVALID}), not an exception, so a line that does not parse keeps its read time.
 */
final class TimestampFormat {

  /** Returned when the text is not a timestamp in this format. */
  static final long INVALID = Long.MIN_VALUE;

  static final String ISO8601 = "ISO8601";
  static final String EPOCH_MILLIS = "EPOCH_MILLIS";
  static final String EPOCH_SECONDS = "EPOCH_SECONDS";

  /**
   * A bare number below this is taken for seconds, at or above it for milliseconds (where the format does not say):
   * 10^11 seconds is the year 5138, 10^11 milliseconds is March 1973, so real timestamps of either kind are
   * unambiguous.
   */
  static final long SECONDS_BELOW = 100_000_000_000L;

  private static final DateTimeFormatter ISO =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart().appendLiteral('T').optionalEnd()
          .optionalStart().appendLiteral(' ').optionalEnd()
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
          .optionalStart().appendOffset("+HHmm", "Z").optionalEnd()
          .toFormatter(Locale.ROOT);

  private enum Kind {
    ISO,
    MILLIS,
    SECONDS,
    PATTERN
  }

  private final Kind kind;
  private final DateTimeFormatter formatter;

  private TimestampFormat(Kind kind, DateTimeFormatter formatter) {
    this.kind = kind;
    this.formatter = formatter;
  }

  /** The format named by {@code spec}; {@code null} means ISO 8601. */
  static TimestampFormat of(String spec) {
    if (spec == null || spec.equalsIgnoreCase(ISO8601)) return new TimestampFormat(Kind.ISO, ISO);
    if (spec.equalsIgnoreCase(EPOCH_MILLIS)) return new TimestampFormat(Kind.MILLIS, null);
    if (spec.equalsIgnoreCase(EPOCH_SECONDS)) return new TimestampFormat(Kind.SECONDS, null);
    try {
      DateTimeFormatter f =
          new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(spec).toFormatter(Locale.ENGLISH);
      return new TimestampFormat(Kind.PATTERN, f);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "parser.timestampFormat: '" + spec + "' is neither ISO8601, EPOCH_MILLIS, EPOCH_SECONDS nor a valid "
              + "DateTimeFormatter pattern: " + e.getMessage(), e);
    }
  }

  /** True when the format says whether a number is seconds or milliseconds. */
  boolean isEpoch() {
    return kind == Kind.MILLIS || kind == Kind.SECONDS;
  }

  /** A JSON number under this format: epoch units as configured, else guessed with {@link #SECONDS_BELOW}. */
  long fromNumber(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) return INVALID;
    boolean seconds = kind == Kind.SECONDS || (kind != Kind.MILLIS && Math.abs(value) < SECONDS_BELOW);
    double millis = seconds ? value * 1000.0 : value;
    if (millis >= Long.MAX_VALUE || millis <= Long.MIN_VALUE) return INVALID;
    return (long) Math.floor(millis);
  }

  /** A JSON integer under this format, without a round trip through {@code double}. */
  long fromNumber(long value) {
    boolean seconds = kind == Kind.SECONDS || (kind != Kind.MILLIS && Math.abs(value) < SECONDS_BELOW);
    if (!seconds) return value;
    if (Math.abs(value) > Long.MAX_VALUE / 1000) return INVALID;
    return value * 1000;
  }

  /** Epoch milliseconds of {@code text}, or {@link #INVALID}. */
  long parse(CharSequence text) {
    switch (kind) {
      case MILLIS:
        return parseDecimal(text, false);
      case SECONDS:
        return parseDecimal(text, true);
      default:
        return parseTemporal(text);
    }
  }

  private long parseTemporal(CharSequence text) {
    TemporalAccessor t;
    try {
      t = formatter.parse(text);
    } catch (DateTimeException e) {
      // Only reached when a timestamp regex or field is configured and this line's value is not a timestamp.
      return INVALID;
    }
    try {
      if (t.isSupported(ChronoField.INSTANT_SECONDS)) {
        long seconds = t.getLong(ChronoField.INSTANT_SECONDS);
        long nanos = t.isSupported(ChronoField.NANO_OF_SECOND) ? t.getLong(ChronoField.NANO_OF_SECOND) : 0;
        return Math.addExact(Math.multiplyExact(seconds, 1000L), nanos / 1_000_000);
      }
      LocalDate date = t.query(TemporalQueries.localDate());
      if (date == null) return INVALID;
      LocalTime time = t.query(TemporalQueries.localTime());
      ZoneId zone = t.query(TemporalQueries.zone());
      LocalDateTime local = LocalDateTime.of(date, time == null ? LocalTime.MIDNIGHT : time);
      return local.atZone(zone == null ? ZoneOffset.UTC : zone).toInstant().toEpochMilli();
    } catch (DateTimeException | ArithmeticException e) {
      return INVALID;
    }
  }

  /** Parses {@code [-]digits[.digits]} by hand: no exceptions and no garbage for the common numeric case. */
  static long parseDecimal(CharSequence s, boolean seconds) {
    int i = 0;
    int n = s.length();
    while (i < n && s.charAt(i) == ' ') i++;
    while (n > i && s.charAt(n - 1) == ' ') n--;
    boolean negative = false;
    if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    int digitsStart = i;
    long whole = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') break;
      if (whole > (Long.MAX_VALUE - 9) / 10) return INVALID;
      whole = whole * 10 + (c - '0');
      i++;
    }
    if (i == digitsStart) return INVALID;
    long fractionMillis = 0;
    if (i < n && s.charAt(i) == '.') {
      i++;
      int fractionStart = i;
      int scale = 100;
      while (i < n) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') break;
        if (seconds && scale > 0) {
          fractionMillis += (c - '0') * scale;
          scale /= 10;
        }
        i++;
      }
      if (i == fractionStart) return INVALID;
    }
    if (i != n) return INVALID;
    long millis;
    if (seconds) {
      if (whole > Long.MAX_VALUE / 1000 - 1) return INVALID;
      millis = whole * 1000 + fractionMillis;
    } else {
      millis = whole;
    }
    return negative ? -millis : millis;
  }
}
