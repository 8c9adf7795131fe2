package io.logferry.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Tolerant access to one result file. The producers' schemas grew while this module was written, so a field is looked
 * up by several aliases (dot paths whose segments match field names case- and punctuation-insensitively: {@code p50Ms},
 * {@code p50_ms} and {@code P50-MS} are one name). Unknown fields are ignored; a field that no alias finds is
 * remembered, so the report can say exactly what a file lacks instead of silently showing zero.
 */
final class JsonFields {

  /** The unit an alias's number is in; times are normalised to seconds. */
  enum Unit {
    AS_IS(1),
    MILLIS(0.001),
    SECONDS(1),
    MICROS_TO_MILLIS(0.001),
    KIB_TO_MIB(1.0 / 1024),
    BYTES_TO_MIB(1.0 / (1024 * 1024));

    final double factor;

    Unit(double factor) {
      this.factor = factor;
    }
  }

  record Alias(String path, Unit unit) {
    static Alias of(String path) {
      return new Alias(path, Unit.AS_IS);
    }

    static Alias ms(String path) {
      return new Alias(path, Unit.MILLIS);
    }

    static Alias s(String path) {
      return new Alias(path, Unit.SECONDS);
    }

    static Alias kib(String path) {
      return new Alias(path, Unit.KIB_TO_MIB);
    }

    static Alias bytes(String path) {
      return new Alias(path, Unit.BYTES_TO_MIB);
    }
  }

  private final JsonNode root;
  private final Set<String> missing = new LinkedHashSet<>();

  JsonFields(JsonNode root) {
    this.root = root;
  }

  JsonNode root() {
    return root;
  }

  /** The fields asked for and not found, in the order they were asked for. */
  List<String> missing() {
    return new ArrayList<>(missing);
  }

  /** The first alias that resolves to a number (or a numeric/duration string), converted; NaN and noted if none. */
  double number(String what, Alias... aliases) {
    for (Alias a : aliases) {
      JsonNode n = at(root, a.path());
      if (n == null || n.isNull() || n.isMissingNode()) continue;
      if (n.isNumber()) return n.asDouble() * a.unit().factor;
      if (n.isBoolean()) return n.asBoolean() ? 1 : 0;
      if (n.isTextual()) {
        double d = parseNumberOrDuration(n.asText(), a.unit());
        if (!Double.isNaN(d)) return d;
      }
    }
    missing.add(what);
    return Double.NaN;
  }

  /** Like {@link #number} but a missing field is not noted (for fields that only some runs have). */
  double optionalNumber(Alias... aliases) {
    int before = missing.size();
    double d = number("", aliases);
    if (missing.size() != before) missing.remove("");
    return d;
  }

  /** The first alias that resolves to a scalar, as text; empty and noted if none. */
  Optional<String> text(String what, String... paths) {
    Optional<String> t = optionalText(paths);
    if (t.isEmpty()) missing.add(what);
    return t;
  }

  Optional<String> optionalText(String... paths) {
    for (String p : paths) {
      JsonNode n = at(root, p);
      if (n != null && n.isValueNode() && !n.isNull()) return Optional.of(n.asText());
    }
    return Optional.empty();
  }

  /** The first alias that resolves to any node; null if none. */
  JsonNode node(String... paths) {
    for (String p : paths) {
      JsonNode n = at(root, p);
      if (n != null && !n.isNull() && !n.isMissingNode()) return n;
    }
    return null;
  }

  /** Every number of an array found by the first matching alias, converted (e.g. the cold start of every run). */
  List<Double> numbers(Alias... aliases) {
    for (Alias a : aliases) {
      JsonNode n = at(root, a.path());
      if (n == null || !n.isArray()) continue;
      List<Double> out = new ArrayList<>();
      for (JsonNode item : n) {
        if (item.isNumber()) out.add(item.asDouble() * a.unit().factor);
        else if (item.isTextual()) {
          double d = parseNumberOrDuration(item.asText(), a.unit());
          if (!Double.isNaN(d)) out.add(d);
        }
      }
      return out;
    }
    return List.of();
  }

  static JsonNode at(JsonNode from, String path) {
    JsonNode cur = from;
    for (String seg : path.split("\\.")) {
      if (cur == null || !cur.isObject()) return null;
      JsonNode exact = cur.get(seg);
      if (exact != null) {
        cur = exact;
        continue;
      }
      String want = normalise(seg);
      JsonNode found = null;
      for (var e : cur.properties()) {
        if (normalise(e.getKey()).equals(want)) {
          found = e.getValue();
          break;
        }
      }
      cur = found;
    }
    return cur;
  }

  static String normalise(String name) {
    StringBuilder b = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isLetterOrDigit(c)) b.append(Character.toLowerCase(c));
    }
    return b.toString();
  }

  /** "12.5", "PT30S" (ISO-8601) or "30s"/"5m"/"1h"/"250ms"; durations come back in seconds. */
  static double parseNumberOrDuration(String text, Unit unit) {
    String t = text.trim();
    try {
      return Double.parseDouble(t) * unit.factor;
    } catch (NumberFormatException ignored) {
      // not a plain number: maybe a duration
    }
    try {
      return Duration.parse(t).toNanos() / 1e9;
    } catch (DateTimeParseException ignored) {
      // not ISO-8601 either
    }
    String lower = t.toLowerCase(Locale.ROOT);
    String[][] suffixes = {{"ms", "0.001"}, {"s", "1"}, {"m", "60"}, {"h", "3600"}};
    for (String[] s : suffixes) {
      if (lower.endsWith(s[0])) {
        try {
          return Double.parseDouble(lower.substring(0, lower.length() - s[0].length())) * Double.parseDouble(s[1]);
        } catch (NumberFormatException ignored) {
          // try the next suffix ("5ms" fails as minutes first would, so ms comes first)
        }
      }
    }
    return Double.NaN;
  }
}
