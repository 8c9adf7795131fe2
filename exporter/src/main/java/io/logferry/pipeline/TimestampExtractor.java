package io.logferry.pipeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.logferry.config.ConfigException;
import io.logferry.config.ExporterConfig.ParserConfig;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Finds an event's timestamp in its (first) line, or keeps the read time. A line whose timestamp is missing or does
 * not parse is never dropped. Implementations keep reusable state (a {@link Matcher}) and are used by one thread.
 */
interface TimestampExtractor {

  /** The timestamp of {@code line} in epoch milliseconds, or {@code readTime}. */
  long timestamp(String line, long readTime);

  /** True when {@link #timestamp} always answers {@code readTime}: the assembler then skips calling it. */
  default boolean readTimeOnly() {
    return false;
  }

  /** The extractor for {@code parser}; regex and JSON work only when a timestamp source is configured. */
  static TimestampExtractor of(ParserConfig parser) {
    if (parser == null) return ReadTime.INSTANCE;
    ParserConfig.Kind kind = parser.kind() == null ? ParserConfig.Kind.PLAIN : parser.kind();
    switch (kind) {
      case JSON:
        if (parser.jsonTimestampField() == null || parser.jsonTimestampField().isEmpty()) return ReadTime.INSTANCE;
        return new JsonField(parser.jsonTimestampField(), TimestampFormat.of(parser.timestampFormat()));
      case PLAIN:
      default:
        if (parser.timestampRegex() == null || parser.timestampRegex().isEmpty()) return ReadTime.INSTANCE;
        return RegexGroup.compile(parser.timestampRegex(), TimestampFormat.of(parser.timestampFormat()));
    }
  }

  /** No timestamp in the line: the read time. */
  enum ReadTime implements TimestampExtractor {
    INSTANCE;

    @Override
    public long timestamp(String line, long readTime) {
      return readTime;
    }

    @Override
    public boolean readTimeOnly() {
      return true;
    }
  }

  /** Plain lines: the group named {@code ts}, else group 1, else the whole match of the first {@code find()}. */
  final class RegexGroup implements TimestampExtractor {
    static final String GROUP_NAME = "ts";

    private final Matcher matcher;
    private final boolean named;
    private final int group;
    private final TimestampFormat format;

    private RegexGroup(Pattern pattern, TimestampFormat format) {
      this.matcher = pattern.matcher("");
      // Java 17 has no Pattern.namedGroups(): look for the group's declaration in the source.
      this.named = pattern.pattern().contains("(?<" + GROUP_NAME + ">");
      this.group = matcher.groupCount() >= 1 ? 1 : 0;
      this.format = format;
    }

    static RegexGroup compile(String regex, TimestampFormat format) {
      try {
        return new RegexGroup(Pattern.compile(regex), format);
      } catch (PatternSyntaxException e) {
        throw new ConfigException("parser.timestampRegex: not a valid regex: " + e.getDescription(), e);
      }
    }

    @Override
    public long timestamp(String line, long readTime) {
      Matcher m = matcher.reset(line);
      try {
        if (!m.find()) return readTime;
        String value = named ? m.group(GROUP_NAME) : m.group(group);
        if (value == null) return readTime;
        long t = format.parse(value);
        return t == TimestampFormat.INVALID ? readTime : t;
      } finally {
        m.reset(""); // do not keep the line reachable from the matcher
      }
    }
  }

  /**
   * JSON lines: the top-level field, read with jackson-core's streaming parser. Parsing stops at the field; nested
   * values before it are skipped without being built. A number is epoch millis, or seconds when it looks like
   * seconds (or as the format says); a string goes through the format (a numeric string counts as a number).
   */
  final class JsonField implements TimestampExtractor {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final String field;
    private final TimestampFormat format;

    JsonField(String field, TimestampFormat format) {
      this.field = field;
      this.format = format;
    }

    @Override
    public long timestamp(String line, long readTime) {
      if (line.isEmpty()) return readTime;
      try (JsonParser p = JSON.createParser(line)) {
        if (p.nextToken() != JsonToken.START_OBJECT) return readTime;
        String name;
        while ((name = p.nextFieldName()) != null) {
          JsonToken value = p.nextToken();
          if (field.equals(name)) {
            long t = value(p, value);
            return t == TimestampFormat.INVALID ? readTime : t;
          }
          p.skipChildren(); // a nested object or array before the field: skipped, not built
        }
        return readTime;
      } catch (IOException | RuntimeException e) {
        // Not JSON (or broken before the field): the line is kept, with its read time.
        return readTime;
      }
    }

    private long value(JsonParser p, JsonToken token) throws IOException {
      switch (token) {
        case VALUE_NUMBER_INT:
          if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) return TimestampFormat.INVALID;
          return format.fromNumber(p.getLongValue());
        case VALUE_NUMBER_FLOAT:
          return format.fromNumber(p.getDoubleValue());
        case VALUE_STRING:
          String text = p.getText();
          long t = format.parse(text);
          if (t != TimestampFormat.INVALID || format.isEpoch()) return t;
          // A number written as a string ("1700000000"): same rule as a number.
          long whole = TimestampFormat.parseDecimal(text, false);
          if (whole == TimestampFormat.INVALID) return TimestampFormat.INVALID;
          return text.indexOf('.') >= 0
              ? format.fromNumber(Double.parseDouble(text.trim()))
              : format.fromNumber(whole);
        default:
          return TimestampFormat.INVALID;
      }
    }
  }
}
