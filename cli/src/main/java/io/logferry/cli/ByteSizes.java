package io.logferry.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a size in bytes: a plain number, or a number with a binary unit ({@code 512k}, {@code 32MiB}, {@code 1g};
 * {@code k}, {@code KB} and {@code KiB} all mean 1024, since these are buffer sizes, not disk marketing).
 */
public final class ByteSizes implements ITypeConverter<Long> {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)");

  @Override
  public Long convert(String value) {
    return parse(value);
  }

  public static long parse(String value) {
    Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new TypeConversionException("'" + value + "' is not a size in bytes (use e.g. 1048576, 512k, 32MiB, 1g)");
    }
    long shift =
        switch (m.group(2)) {
          case "k", "kb", "kib" -> 10;
          case "m", "mb", "mib" -> 20;
          case "g", "gb", "gib" -> 30;
          default -> 0;
        };
    try {
      long n = Long.parseLong(m.group(1));
      if (n > (Long.MAX_VALUE >> shift)) throw new NumberFormatException();
      return n << shift;
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is too large");
    }
  }

  /** The same, for {@code int} options (line lengths). */
  public static final class Int implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      long n = parse(value);
      if (n > Integer.MAX_VALUE) throw new TypeConversionException("'" + value + "' is too large (at most 2 GiB)");
      return (int) n;
    }
  }
}
