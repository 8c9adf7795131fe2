package io.logferry.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the core needs to know, as plain values. The packagings build it from options, environment and
 * properties; {@code io.logferry.ConfigValidator} checks it once, when the facade builds an exporter (Vector's
 * config/validate split), and throws {@link ConfigException} with a message that names the setting.
 *
 * @param include glob patterns of files to ship (at least one)
 * @param exclude glob patterns of files never to ship
 * @param scanInterval how often discovery looks for new, renamed and deleted files
 * @param pollInterval follow mode: how often tailed files are checked for new data (polling, safe on NFS/EFS)
 * @param checkpointDir where checkpoints, the lock and the dead-letter file live
 * @param groupTemplate log group name template (see {@code NameTemplate})
 * @param streamTemplate log stream name template
 * @param lines line limits
 * @param multiline multiline joining, or {@link MultilineConfig#NONE}
 * @param parser how lines become events
 * @param flushInterval follow mode: the longest an event waits in a partly filled batch
 * @param bufferBytes budget for events read but not yet acknowledged; reading pauses above it
 * @param drainDeadline follow mode: on stop, how long to read to the end, ship and checkpoint before giving up
 * @param maxDuration run-once: time budget for the whole run, or {@code null} for none
 * @param checkpointInterval the shortest gap between two checkpoint writes: acknowledged offsets are written as they
 *     advance (group commit; the first write at once), at most one write per interval, in both modes
 * @param inputs several inputs sharing this process's checkpoint, lock, sink and memory budget; empty for the one
 *     input the fields above describe ({@link #effectiveInputs()})
 */
public record ExporterConfig(
    List<String> include,
    List<String> exclude,
    Duration scanInterval,
    Duration pollInterval,
    Path checkpointDir,
    String groupTemplate,
    String streamTemplate,
    LineConfig lines,
    MultilineConfig multiline,
    ParserConfig parser,
    Duration flushInterval,
    long bufferBytes,
    Duration drainDeadline,
    Duration maxDuration,
    Duration checkpointInterval,
    List<InputConfig> inputs) {

  /**
   * Rescan once a second (Vector's glob cooldown): a file created by a rename rotation is found within a second, so
   * its lines are as fresh as the rest. A glob walk of a pod's log directory costs far less than a poll interval.
   */
  public static final Duration DEFAULT_SCAN_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
  public static final long DEFAULT_BUFFER_BYTES = 32L * 1024 * 1024;
  public static final Duration DEFAULT_DRAIN_DEADLINE = Duration.ofSeconds(20);
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofMillis(100);
  public static final String DEFAULT_STREAM_TEMPLATE = "{hostname}/{file}";

  public ExporterConfig {
    include = List.copyOf(Objects.requireNonNull(include, "include"));
    exclude = List.copyOf(Objects.requireNonNull(exclude, "exclude"));
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
  }

  /** The constructor without {@code inputs}: one input, described by the fields. */
  public ExporterConfig(
      List<String> include,
      List<String> exclude,
      Duration scanInterval,
      Duration pollInterval,
      Path checkpointDir,
      String groupTemplate,
      String streamTemplate,
      LineConfig lines,
      MultilineConfig multiline,
      ParserConfig parser,
      Duration flushInterval,
      long bufferBytes,
      Duration drainDeadline,
      Duration maxDuration,
      Duration checkpointInterval) {
    this(include, exclude, scanInterval, pollInterval, checkpointDir, groupTemplate, streamTemplate, lines, multiline,
        parser, flushInterval, bufferBytes, drainDeadline, maxDuration, checkpointInterval, List.of());
  }

  /**
   * The inputs this configuration reads: {@link #inputs()} when given, else the one input described by the fields
   * ({@code include}, {@code exclude}, the templates, multiline and parser settings; no filters; read from the head).
   */
  public List<InputConfig> effectiveInputs() {
    if (!inputs.isEmpty()) return inputs;
    return List.of(new InputConfig("default", include, exclude, groupTemplate, streamTemplate, multiline, parser,
        List.of(), InputConfig.ReadFrom.HEAD, null));
  }

  /**
   * This configuration as seen by one input: its globs, templates, multiline and parser settings in place of the
   * fields (the assembler of that input is built from it).
   */
  public ExporterConfig forInput(InputConfig in) {
    return new ExporterConfig(in.include(), in.exclude(), scanInterval, pollInterval, checkpointDir, in.groupTemplate(),
        in.streamTemplate(), lines, in.multiline(), in.parser(), flushInterval, bufferBytes, drainDeadline, maxDuration,
        checkpointInterval, List.of());
  }

  public ExporterConfig withInputs(List<InputConfig> value) {
    return new ExporterConfig(include, exclude, scanInterval, pollInterval, checkpointDir, groupTemplate, streamTemplate, lines, multiline, parser, flushInterval, bufferBytes, drainDeadline, maxDuration, checkpointInterval, value);
  }

  /** A configuration with the defaults, shipping {@code include} into {@code group}. */
  public static ExporterConfig defaults(List<String> include, Path checkpointDir, String group) {
    return new ExporterConfig(
        include,
        List.of(),
        DEFAULT_SCAN_INTERVAL,
        DEFAULT_POLL_INTERVAL,
        checkpointDir,
        group,
        DEFAULT_STREAM_TEMPLATE,
        LineConfig.DEFAULT,
        MultilineConfig.NONE,
        ParserConfig.PLAIN,
        DEFAULT_FLUSH_INTERVAL,
        DEFAULT_BUFFER_BYTES,
        DEFAULT_DRAIN_DEADLINE,
        null,
        DEFAULT_CHECKPOINT_INTERVAL);
  }


  // --- copies with one setting changed (records are immutable) ------------------------------------------
  public ExporterConfig withInclude(List<String> value) {
    return new ExporterConfig(value, exclude, scanInterval, pollInterval, checkpointDir, groupTemplate, streamTemplate, lines, multiline, parser, flushInterval, bufferBytes, drainDeadline, maxDuration, checkpointInterval, inputs);
  }

  public ExporterConfig withExclude(List<String> value) {
    return new ExporterConfig(include, value, scanInterval, pollInterval, checkpointDir, groupTemplate, streamTemplate, lines, multiline, parser, flushInterval, bufferBytes, drainDeadline, maxDuration, checkpointInterval, inputs);
  }

  public ExporterConfig withScanInterval(Duration value) {
    return new ExporterConfig(include, exclude, value, pollInterval, checkpointDir, groupTemplate, streamTemplate, lines, multiline, parser, flushInterval, bufferBytes, drainDeadline, maxDuration, checkpointInterval, inputs);
  }

  public ExporterConfig withPollInterval(Duration value) {
    return new ExporterConfig(include, exclude, scanInterval, value, checkpointDir, groupTemplate, streamTemplate, lines, multiline, parser, flushInterval, bufferBytes, drainDeadline, maxDuration, checkpointInterval, inputs);
  }

  public ExporterConfig withCheckpointDir(Path value) {
    return new ExporterConfig(include, exclude, scanInterval, pollInterval, value, groupTemplate, streamTemplate, lines, multiline, parser, flushInterval, bufferBytes, drainDeadline, maxDuration, checkpointInterval, inputs);
  }

  public ExporterConfig withGroupTemplate(String value) {
    return new ExporterConfig(include, exclude, scanInterval, pollInterval, checkpointDir, value, streamTemplate, lines, multiline, parser, flushInterval, bufferBytes, drainDeadline, maxDuration, checkpointInterval, inputs);
  }

  public ExporterConfig withStreamTemplate(String value) {
    return new ExporterConfig(include, exclude, scanInterval, pollInterval, checkpointDir, groupTemplate, value, lines, multiline, parser, flushInterval, bufferBytes, drainDeadline, maxDuration, checkpointInterval, inputs);
  }

  public ExporterConfig withLines(LineConfig value) {
    return new ExporterConfig(include, exclude, scanInterval, pollInterval, checkpointDir, groupTemplate, streamTemplate, value, multiline, parser, flushInterval, bufferBytes, drainDeadline, maxDuration, checkpointInterval, inputs);
  }

  public ExporterConfig withMultiline(MultilineConfig value) {
    return new ExporterConfig(include, exclude, scanInterval, pollInterval, checkpointDir, groupTemplate, streamTemplate, lines, value, parser, flushInterval, bufferBytes, drainDeadline, maxDuration, checkpointInterval, inputs);
  }

  public ExporterConfig withParser(ParserConfig value) {
    return new ExporterConfig(include, exclude, scanInterval, pollInterval, checkpointDir, groupTemplate, streamTemplate, lines, multiline, value, flushInterval, bufferBytes, drainDeadline, maxDuration, checkpointInterval, inputs);
  }

  public ExporterConfig withFlushInterval(Duration value) {
    return new ExporterConfig(include, exclude, scanInterval, pollInterval, checkpointDir, groupTemplate, streamTemplate, lines, multiline, parser, value, bufferBytes, drainDeadline, maxDuration, checkpointInterval, inputs);
  }

  public ExporterConfig withBufferBytes(long value) {
    return new ExporterConfig(include, exclude, scanInterval, pollInterval, checkpointDir, groupTemplate, streamTemplate, lines, multiline, parser, flushInterval, value, drainDeadline, maxDuration, checkpointInterval, inputs);
  }

  public ExporterConfig withDrainDeadline(Duration value) {
    return new ExporterConfig(include, exclude, scanInterval, pollInterval, checkpointDir, groupTemplate, streamTemplate, lines, multiline, parser, flushInterval, bufferBytes, value, maxDuration, checkpointInterval, inputs);
  }

  public ExporterConfig withMaxDuration(Duration value) {
    return new ExporterConfig(include, exclude, scanInterval, pollInterval, checkpointDir, groupTemplate, streamTemplate, lines, multiline, parser, flushInterval, bufferBytes, drainDeadline, value, checkpointInterval, inputs);
  }

  public ExporterConfig withCheckpointInterval(Duration value) {
    return new ExporterConfig(include, exclude, scanInterval, pollInterval, checkpointDir, groupTemplate, streamTemplate, lines, multiline, parser, flushInterval, bufferBytes, drainDeadline, maxDuration, value, inputs);
  }

  /**
   * Line limits.
   *
   * @param maxLineBytes the most bytes of one line held in memory at once while reading; a longer line is read in
   *     pieces of this size (never dropped) and those pieces are split or truncated by {@code oversize}
   * @param oversize what happens to a line longer than one event may carry
   */
  public record LineConfig(int maxLineBytes, OversizePolicy oversize) {
    public static final int DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
    public static final LineConfig DEFAULT = new LineConfig(DEFAULT_MAX_LINE_BYTES, OversizePolicy.SPLIT);
  }

  /** What to do with a line that is longer than one event may be. */
  public enum OversizePolicy {
    /** Several events, each at most the event limit, in order (the default: nothing is lost). */
    SPLIT,
    /** One event cut at the limit, ending with {@link #TRUNCATION_MARKER}; the rest of the line is counted, not sent. */
    TRUNCATE;

    public static final String TRUNCATION_MARKER = "...[logferry: truncated]";
  }

  /**
   * Multiline joining: a line matching {@code startPattern} starts an event; other lines join the open event. An
   * open event is flushed after {@code flushTimeout} without a new line, at the end of a run, and at shutdown.
   *
   * @param startPattern a Java regex, or {@code null} for one event per line
   * @param flushTimeout how long an open event waits for more lines
   * @param maxLines the most lines joined into one event before it is closed anyway
   */
  public record MultilineConfig(String startPattern, Duration flushTimeout, int maxLines) {
    public static final MultilineConfig NONE = new MultilineConfig(null, Duration.ofSeconds(1), 1000);

    /**
     * A rule for Java stack traces: an event starts at any line that is not part of a trace. Trace lines are those
     * beginning with white space ({@code \tat ...}, {@code \t... 12 more}), {@code at }, {@code Caused by:},
     * {@code Suppressed:}, {@code ... N more}, or an exception's class name ({@code java.lang.IllegalStateException:
     * boom}), so the trace joins the log line that reported it (its first line).
     */
    public static final String JAVA_STACK_TRACE_START =
        "^(?![\\s]|at |Caused by:|Suppressed:|\\.\\.\\. \\d+ more|[\\w$]+(?:\\.[\\w$]+)+(?:Exception|Error|Throwable)(?::|$)).";

    /**
     * A rule for Python tracebacks: an event starts at any line that is not part of one. Traceback lines are those
     * beginning with white space ({@code   File "x.py", line 3}), {@code Traceback (most recent call last):}, the
     * chaining sentences ({@code During handling of the above exception...}, {@code The above exception was...}), and
     * the final exception line ({@code ValueError: bad}, {@code mod.CustomError}), so a traceback joins the line
     * {@code logging.exception} wrote before it.
     */
    public static final String PYTHON_TRACEBACK_START =
        "^(?![\\s]|Traceback \\(most recent call last\\):|During handling of the above exception|The above exception was"
            + "|(?:[A-Za-z_]\\w*\\.)*[A-Z]\\w*(?:Error|Exception|Warning|Exit|Interrupt|Iteration)(?::|$)).";

    /**
     * A rule for Go panics: an event starts at any line that is not part of one. Panic lines are those beginning with
     * white space (file:line lines), {@code goroutine N [running]:}, {@code created by}, {@code [signal},
     * {@code exit status}, and function lines without a space before their argument list ({@code main.main()},
     * {@code net/http.(*conn).serve(0xc000)}); the {@code panic:} line itself starts the event.
     */
    public static final String GO_PANIC_START =
        "^(?![\\s]|goroutine \\d+ \\[|created by |\\[signal |exit status |[^\\s(]+\\(.*\\)$).";

    /** Named rules: {@code --multiline java|python|go}. */
    public enum Preset {
      JAVA(JAVA_STACK_TRACE_START),
      PYTHON(PYTHON_TRACEBACK_START),
      GO(GO_PANIC_START);

      private final String startPattern;

      Preset(String startPattern) {
        this.startPattern = startPattern;
      }

      public String startPattern() {
        return startPattern;
      }
    }

    public boolean enabled() {
      return startPattern != null;
    }
  }

  /**
   * How a line becomes an event.
   *
   * @param kind plain text or JSON lines
   * @param timestampRegex plain: a regex whose first group (or group named {@code ts}) holds the timestamp, or
   *     {@code null} for the read time
   * @param timestampFormat a {@link java.time.format.DateTimeFormatter} pattern, or one of {@code ISO8601},
   *     {@code EPOCH_MILLIS}, {@code EPOCH_SECONDS}
   * @param jsonTimestampField JSON: the top-level field holding the timestamp, or {@code null} for the read time
   */
  public record ParserConfig(Kind kind, String timestampRegex, String timestampFormat, String jsonTimestampField) {
    public static final ParserConfig PLAIN = new ParserConfig(Kind.PLAIN, null, null, null);

    public enum Kind {
      PLAIN,
      JSON
    }
  }
}
