package io.logferry.config;

import io.logferry.config.ExporterConfig.MultilineConfig;
import io.logferry.config.ExporterConfig.ParserConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One input: a set of files with its own log group and stream, multiline rule, parser and line filters (Fluent Bit's
 * {@code [INPUT]} section with its {@code [FILTER]}s). Several inputs in one exporter share its checkpoint, lock, sink
 * and memory budget; a file matched by several inputs belongs to the first.
 *
 * @param name how messages name the input ({@code inputs[1]}, or the file and line it was declared at)
 * @param include glob patterns of files to ship (at least one)
 * @param exclude glob patterns of files never to ship
 * @param groupTemplate log group name template
 * @param streamTemplate log stream name template
 * @param multiline multiline joining, or {@link MultilineConfig#NONE}
 * @param parser how lines become events
 * @param filters applied in order to every event of this input before it is batched, so a dropped or redacted value
 *     never leaves the process
 * @param readFrom where a file found at the first start (no checkpoint file yet) starts being read
 * @param ignoreOlder files found at the first start whose last modification is older than this are skipped (read
 *     only from what is appended later), or {@code null}
 */
public record InputConfig(
    String name,
    List<String> include,
    List<String> exclude,
    String groupTemplate,
    String streamTemplate,
    MultilineConfig multiline,
    ParserConfig parser,
    List<FilterConfig> filters,
    ReadFrom readFrom,
    Duration ignoreOlder) {

  public InputConfig {
    Objects.requireNonNull(name, "name");
    include = List.copyOf(Objects.requireNonNull(include, "include"));
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    filters = filters == null ? List.of() : List.copyOf(filters);
    readFrom = readFrom == null ? ReadFrom.HEAD : readFrom;
    multiline = multiline == null ? MultilineConfig.NONE : multiline;
    parser = parser == null ? ParserConfig.PLAIN : parser;
  }

  /** Where a file found at the first start begins (Vector's {@code read_from}, Fluent Bit's {@code read_from_head}). */
  public enum ReadFrom {
    /** From its first byte: nothing already written is lost (the default). */
    HEAD,
    /** From the end of its last complete line: only what is written from now on. */
    TAIL
  }

  /**
   * One line filter, applied to whole events (after multiline joining), in order.
   *
   * @param kind what the filter does
   * @param pattern a Java regex, searched anywhere in the message ({@link java.util.regex.Matcher#find()})
   * @param mask {@link Kind#REDACT}: what each match is replaced with
   */
  public record FilterConfig(Kind kind, String pattern, String mask) {

    /** What replaces a redacted match unless the filter names its own mask. */
    public static final String DEFAULT_MASK = "[REDACTED]";

    public FilterConfig {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(pattern, "pattern");
      if (kind == Kind.REDACT && mask == null) mask = DEFAULT_MASK;
    }

    public static FilterConfig of(Kind kind, String pattern) {
      return new FilterConfig(kind, pattern, null);
    }

    public enum Kind {
      /** Keep only events that match (Fluent Bit grep's {@code regex}). */
      INCLUDE,
      /** Drop events that match (grep's {@code exclude}). */
      EXCLUDE,
      /** Replace every match with the mask. */
      REDACT
    }
  }
}
