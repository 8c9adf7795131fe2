package io.logferry.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import picocli.CommandLine.TypeConversionException;

/** The {@link SettingType}s options are declared with. */
final class SettingTypes {

  /** Split lists at commas, but not at the commas of a glob's {@code {a,b}} alternatives. */
  static final String LIST_SPLIT = ",(?![^{]*\\})";

  private SettingTypes() {}

  static SettingType<String> text() {
    return new Simple<>("any text", s -> s);
  }

  /** A Java regular expression, checked by compiling it. */
  static SettingType<String> regex() {
    return new Simple<>("a Java regular expression", s -> {
      try {
        Pattern.compile(s);
        return s;
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("not a valid regex: " + e.getDescription() + " near index " + e.getIndex());
      }
    });
  }

  static SettingType<Path> path() {
    return new Simple<>("a file system path", s -> {
      try {
        return Path.of(s);
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException("not a path: " + e.getReason());
      }
    });
  }

  static SettingType<URI> httpUrl() {
    return new Simple<>("an http:// or https:// URL", s -> {
      URI uri;
      try {
        uri = new URI(s);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("not a URL: " + e.getReason());
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new IllegalArgumentException("must be an http:// or https:// URL");
      }
      return uri;
    });
  }

  static SettingType<Integer> integer(int min, int max) {
    return new Simple<>("an integer from " + min + " to " + max, s -> {
      int n;
      try {
        n = Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not an integer");
      }
      if (n < min || n > max) throw new IllegalArgumentException("out of range");
      return n;
    });
  }

  /** One of a fixed set of integers (CloudWatch's retention periods). */
  static SettingType<Integer> oneOf(Set<Integer> values) {
    String allowed = new TreeSet<>(values).stream().map(String::valueOf).collect(Collectors.joining(", "));
    return new Simple<>(allowed, s -> {
      int n;
      try {
        n = Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not an integer");
      }
      if (!values.contains(n)) throw new IllegalArgumentException("not an allowed value");
      return n;
    });
  }

  static SettingType<Long> size(long min, long max) {
    return new Simple<>("a size from " + bytes(min) + " to " + bytes(max) + " (bytes, or 512k, 32MiB, 1g)", s -> {
      long n;
      try {
        n = ByteSizes.parse(s);
      } catch (TypeConversionException e) {
        throw new IllegalArgumentException("not a size in bytes");
      }
      if (n < min || n > max) throw new IllegalArgumentException("out of range");
      return n;
    });
  }

  static SettingType<Duration> duration(Duration min, Duration max) {
    String range = max == null ? "at least " + Durations.format(min) : "from " + Durations.format(min) + " to " + Durations.format(max);
    return new Simple<>("a duration " + range + " (500ms, 30s, 5m, 1h, 2d or ISO-8601)", s -> {
      Duration d;
      try {
        d = Durations.parse(s);
      } catch (TypeConversionException e) {
        throw new IllegalArgumentException("not a duration");
      }
      if (d.compareTo(min) < 0 || (max != null && d.compareTo(max) > 0)) {
        throw new IllegalArgumentException("out of range");
      }
      return d;
    });
  }

  static SettingType<Boolean> bool() {
    return new Simple<>("true or false", s -> {
      String v = s.trim().toLowerCase(Locale.ROOT);
      if (v.equals("true") || v.equals("yes") || v.equals("on")) return true;
      if (v.equals("false") || v.equals("no") || v.equals("off")) return false;
      throw new IllegalArgumentException("not true or false");
    }) {
      @Override
      public boolean isSwitch() {
        return true;
      }
    };
  }

  /** An enum constant, written in lower case ({@code cloudwatch}); case does not matter. */
  static <E extends Enum<E>> SettingType<E> choice(Class<E> type) {
    String allowed =
        Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    return new Simple<>(allowed, s -> {
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(s.trim())) return e;
      }
      throw new IllegalArgumentException("not an allowed value");
    });
  }

  /** Strings; comma-separated as text (commas inside a glob's {@code {a,b}} do not split). */
  static SettingType<List<String>> list(String what) {
    return new SettingType<>() {
      @Override
      public List<String> parse(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split(LIST_SPLIT)) {
          if (!s.isBlank()) out.add(s.trim());
        }
        return List.copyOf(out);
      }

      @Override
      public List<String> fromList(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String s : values) {
          if (s != null && !s.isBlank()) out.add(s.trim());
        }
        return List.copyOf(out);
      }

      @Override
      public String allowed() {
        return what + " (a list; comma-separated in a variable)";
      }

      @Override
      public boolean repeatable() {
        return true;
      }
    };
  }

  /** {@code key=value} pairs; comma-separated as text, a mapping in the config file. */
  static SettingType<Map<String, String>> map(int maxEntries) {
    return new SettingType<>() {
      @Override
      public Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
          if (pair.isBlank()) continue;
          int eq = pair.indexOf('=');
          if (eq <= 0) throw new IllegalArgumentException("'" + pair.trim() + "' is not key=value");
          out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return fromMap(out);
      }

      @Override
      public Map<String, String> fromList(List<String> values) {
        return parse(String.join(",", values));
      }

      @Override
      public Map<String, String> fromMap(Map<String, String> values) {
        if (values.size() > maxEntries) throw new IllegalArgumentException("more than " + maxEntries + " entries");
        return Map.copyOf(new LinkedHashMap<>(values));
      }

      @Override
      public String allowed() {
        return "key=value pairs, at most " + maxEntries + " (a mapping in the config file)";
      }

      @Override
      public boolean repeatable() {
        return true;
      }
    };
  }

  static String bytes(long n) {
    if (n >= 1L << 30 && n % (1L << 30) == 0) return (n >> 30) + "GiB";
    if (n >= 1L << 20 && n % (1L << 20) == 0) return (n >> 20) + "MiB";
    if (n >= 1L << 10 && n % (1L << 10) == 0) return (n >> 10) + "KiB";
    return String.valueOf(n);
  }

  /** A type made of a parse function and a description of what it allows. */
  private static class Simple<T> implements SettingType<T> {
    private final String allowed;
    private final java.util.function.Function<String, T> parse;

    Simple(String allowed, java.util.function.Function<String, T> parse) {
      this.allowed = allowed;
      this.parse = parse;
    }

    @Override
    public T parse(String text) {
      if (text == null) throw new IllegalArgumentException("no value");
      return parse.apply(text);
    }

    @Override
    public String allowed() {
      return allowed;
    }
  }
}
