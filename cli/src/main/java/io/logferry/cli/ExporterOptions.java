package io.logferry.cli;

import io.logferry.ExporterConfig;
import io.logferry.ExporterConfig.LineConfig;
import io.logferry.ExporterConfig.MultilineConfig;
import io.logferry.ExporterConfig.OversizePolicy;
import io.logferry.ExporterConfig.ParserConfig;
import io.logferry.ExporterEvents;
import io.logferry.sink.LogSink;
import io.logferry.sink.NullSink;
import io.logferry.sink.cloudwatch.CloudWatchSink;
import io.logferry.sink.cloudwatch.CloudWatchSinkConfig;
import io.logferry.sink.stdout.StdoutSink;
import io.logferry.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The options both commands share: what to read, how to turn it into events, where to send them. Each option can also
 * come from the environment or from properties ({@link EnvironmentDefaults}): {@code --group} from
 * {@code LOGFERRY_GROUP} or {@code logferry.group}. {@link #toConfig} checks what picocli cannot
 * ({@link OptionsValidator}) and builds the core's {@link ExporterConfig}.
 */
public final class ExporterOptions {

  /** Split lists at commas, but not at the commas of a glob's {@code {a,b}} alternatives. */
  static final String LIST_SPLIT = ",(?![^{]*\\})";

  /** Signing region used when only an endpoint is given (a local endpoint accepts any region). */
  static final String ENDPOINT_DEFAULT_REGION = "us-east-1";

  /** File name of the dead-letter file inside the checkpoint directory, unless --dead-letter-file says otherwise. */
  public static final String DEAD_LETTER_FILE_NAME = "dead-letter.jsonl";

  public enum SinkKind {
    CLOUDWATCH,
    STDOUT,
    NULL
  }

  public enum MultilinePreset {
    JAVA
  }

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Parameters(
      paramLabel = "GLOB",
      arity = "0..*",
      description = "Files to ship, as globs (same as --include; quote them so that the shell does not expand them).")
  List<String> paths = new ArrayList<>();

  @Option(
      names = "--include",
      split = LIST_SPLIT,
      paramLabel = "GLOB",
      description = {
        "Files to ship, as a glob such as /var/log/app/**/*.log. Repeatable;",
        "comma-separated in LOGFERRY_INCLUDE. At least one is required."
      })
  List<String> include = new ArrayList<>();

  @Option(names = "--exclude", split = LIST_SPLIT, paramLabel = "GLOB", description = "Files never to ship. Repeatable.")
  List<String> exclude = new ArrayList<>();

  @Option(
      names = "--group",
      paramLabel = "TEMPLATE",
      description = {
        "Log group name (required). A template: {file}, {dir}, {path}, {hostname}, {env:NAME}",
        "are replaced per file."
      })
  String group;

  @Option(
      names = "--stream",
      paramLabel = "TEMPLATE",
      defaultValue = ExporterConfig.DEFAULT_STREAM_TEMPLATE,
      description = "Log stream name template (same placeholders). Default: ${DEFAULT-VALUE}.")
  String stream = ExporterConfig.DEFAULT_STREAM_TEMPLATE;

  @Option(
      names = "--checkpoint-dir",
      paramLabel = "DIR",
      description = "Where checkpoints, the lock and the dead-letter file live (required; must survive restarts).")
  Path checkpointDir;

  @Option(
      names = "--sink",
      paramLabel = "SINK",
      defaultValue = "cloudwatch",
      description = "Where events go: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  SinkKind sink = SinkKind.CLOUDWATCH;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "AWS region (falls back to AWS_REGION, AWS_DEFAULT_REGION). Required for cloudwatch unless --endpoint.")
  String region;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description = "CloudWatch Logs endpoint override (a local endpoint, LocalStack, moto).")
  URI endpoint;

  @Option(
      names = "--trust-store",
      paramLabel = "FILE",
      description = "Certificates (PEM, PKCS12 or JKS) trusted for TLS instead of the JDK's, for a self-signed endpoint.")
  Path trustStore;

  @Option(
      names = "--trust-store-password",
      paramLabel = "PASSWORD",
      description = "Integrity password of a PKCS12/JKS --trust-store, if it needs one (a trust store holds public certificates only).")
  String trustStorePassword;

  @Option(
      names = "--create-group",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Create the log group when it is missing. Default: ${DEFAULT-VALUE}.")
  boolean createGroup = true;

  @Option(
      names = "--create-stream",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Create the log stream when it is missing. Default: ${DEFAULT-VALUE}.")
  boolean createStream = true;

  @Option(
      names = "--retention-days",
      paramLabel = "DAYS",
      description = "Retention set on groups logferry creates (one of CloudWatch's values: 1, 3, 5, 7, 14, 30, ...).")
  Integer retentionDays;

  @Option(
      names = "--max-concurrency",
      paramLabel = "N",
      defaultValue = "4",
      description = "PutLogEvents requests in flight at once. Default: ${DEFAULT-VALUE}.")
  int maxConcurrency = CloudWatchSinkConfig.DEFAULT_MAX_CONCURRENCY;

  @Option(
      names = "--max-retry-duration",
      paramLabel = "DURATION",
      converter = Durations.class,
      defaultValue = "5m",
      description = "How long one batch is retried before the sink gives up on it. Default: ${DEFAULT-VALUE}.")
  Duration maxRetryDuration = CloudWatchSinkConfig.DEFAULT_MAX_RETRY_DURATION;

  @Option(
      names = "--request-timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      defaultValue = "30s",
      description = "Timeout of one HTTP attempt. Default: ${DEFAULT-VALUE}.")
  Duration requestTimeout = CloudWatchSinkConfig.DEFAULT_REQUEST_TIMEOUT;

  @Option(
      names = "--dead-letter-file",
      paramLabel = "FILE",
      description = "Where events CloudWatch rejects are written as JSON lines. Default: <checkpoint-dir>/" + DEAD_LETTER_FILE_NAME + ".")
  Path deadLetterFile;

  @Option(
      names = "--multiline-start",
      paramLabel = "REGEX",
      description = "A line matching this regex starts an event; other lines join the open event.")
  String multilineStart;

  @Option(
      names = "--multiline",
      paramLabel = "PRESET",
      description = "A multiline preset instead of --multiline-start: ${COMPLETION-CANDIDATES} (stack traces).")
  MultilinePreset multilinePreset;

  @Option(
      names = "--multiline-timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      defaultValue = "1s",
      description = "How long an open multiline event waits for more lines. Default: ${DEFAULT-VALUE}.")
  Duration multilineTimeout = MultilineConfig.NONE.flushTimeout();

  @Option(
      names = "--multiline-max-lines",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Most lines joined into one event. Default: ${DEFAULT-VALUE}.")
  int multilineMaxLines = MultilineConfig.NONE.maxLines();

  @Option(
      names = "--parser",
      paramLabel = "PARSER",
      defaultValue = "plain",
      description = "How lines become events: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  ParserConfig.Kind parser = ParserConfig.Kind.PLAIN;

  @Option(
      names = "--timestamp-regex",
      paramLabel = "REGEX",
      description = "plain: a regex whose first group (or group 'ts') holds the event time. Default: the read time.")
  String timestampRegex;

  @Option(
      names = "--timestamp-format",
      paramLabel = "FORMAT",
      description = "A DateTimeFormatter pattern, or ISO8601, EPOCH_MILLIS, EPOCH_SECONDS. Default: ISO8601.")
  String timestampFormat;

  @Option(
      names = "--json-timestamp-field",
      paramLabel = "FIELD",
      description = "json: the top-level field holding the event time. Default: the read time.")
  String jsonTimestampField;

  @Option(
      names = "--max-line-bytes",
      paramLabel = "SIZE",
      converter = ByteSizes.Int.class,
      defaultValue = "1MiB",
      description = "Most bytes of one line held at once; longer lines are read in pieces. Default: ${DEFAULT-VALUE}.")
  int maxLineBytes = LineConfig.DEFAULT_MAX_LINE_BYTES;

  @Option(
      names = "--oversize",
      paramLabel = "POLICY",
      defaultValue = "split",
      description = "A line longer than one event may be: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  OversizePolicy oversize = OversizePolicy.SPLIT;

  @Option(
      names = "--buffer-bytes",
      paramLabel = "SIZE",
      converter = ByteSizes.class,
      defaultValue = "32MiB",
      description = "Budget for events read but not yet acknowledged; reading pauses above it. Default: ${DEFAULT-VALUE}.")
  long bufferBytes = ExporterConfig.DEFAULT_BUFFER_BYTES;

  /** Checks every option and builds the core's configuration for {@code mode}. */
  public ExporterConfig toConfig(ModeOptions mode) {
    OptionsValidator validator = new OptionsValidator(this, mode);
    validator.validate();
    MultilineConfig multiline =
        new MultilineConfig(multilinePattern(), multilineTimeout, multilineMaxLines);
    return new ExporterConfig(
        includes(),
        List.copyOf(exclude),
        mode.scanInterval(),
        mode.pollInterval(),
        checkpointDir,
        group,
        stream,
        new LineConfig(maxLineBytes, oversize),
        multiline,
        new ParserConfig(parser, blankToNull(timestampRegex), blankToNull(timestampFormat), blankToNull(jsonTimestampField)),
        mode.flushInterval(),
        bufferBytes,
        mode.drainDeadline(),
        mode.maxDuration(),
        mode.checkpointInterval());
  }

  /** The CloudWatch sink's settings; call after {@link #toConfig}, which validated them. */
  public CloudWatchSinkConfig cloudWatchConfig() {
    String effectiveRegion = region != null && !region.isBlank() ? region : ENDPOINT_DEFAULT_REGION;
    return new CloudWatchSinkConfig(
        effectiveRegion,
        endpoint,
        createGroup,
        createStream,
        retentionDays,
        maxConcurrency,
        maxRetryDuration,
        requestTimeout,
        deadLetterFile());
  }

  /**
   * Opens the sink chosen with {@code --sink}; call after {@link #toConfig}, which validated its settings.
   *
   * @param stdout where {@code --sink stdout} writes events
   */
  public LogSink openSink(ExporterEvents events, PrintStream stdout) {
    return switch (sink) {
      case CLOUDWATCH -> {
        createParentOf(deadLetterFile());
        yield CloudWatchSink.create(cloudWatchConfig(), events, trustStore == null ? null : TrustStores.load(trustStore, trustStorePassword));
      }
      case STDOUT -> StdoutSink.create(stdout);
      case NULL -> NullSink.create();
    };
  }

  /** The dead-letter file is opened with the sink, which may come before the runtime creates the checkpoint dir. */
  private static void createParentOf(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new ConfigException("--dead-letter-file " + file + ": cannot create " + parent + ": " + e.getMessage(), e);
    }
  }

  public SinkKind sink() {
    return sink;
  }

  /** The trust store given with {@code --trust-store}, if any. */
  public Optional<Path> trustStore() {
    return Optional.ofNullable(trustStore);
  }

  /** {@code --dead-letter-file}, or the default inside the checkpoint directory. */
  public Path deadLetterFile() {
    if (deadLetterFile != null) return deadLetterFile;
    return checkpointDir == null ? null : checkpointDir.resolve(DEAD_LETTER_FILE_NAME);
  }

  /**
   * The includes: globs given on the command line (as options or positional) win over any from the environment or
   * properties; without any on the command line, the defaults apply.
   */
  List<String> includes() {
    List<String> result = new ArrayList<>();
    boolean includeFromCommandLine = matchedOnCommandLine("--include");
    if (paths.isEmpty() || includeFromCommandLine) result.addAll(include);
    result.addAll(paths);
    result.removeIf(String::isBlank);
    return List.copyOf(result);
  }

  String multilinePattern() {
    if (multilinePreset == MultilinePreset.JAVA) return MultilineConfig.JAVA_STACK_TRACE_START;
    return blankToNull(multilineStart);
  }

  /** The default provider in use (for {@code {env:NAME}} checks and for naming where a value came from). */
  Optional<EnvironmentDefaults> defaults() {
    if (mixee == null) return Optional.empty();
    IDefaultValueProvider provider = mixee.commandLine() == null ? mixee.defaultValueProvider() : mixee.commandLine().getDefaultValueProvider();
    return provider instanceof EnvironmentDefaults d ? Optional.of(d) : Optional.empty();
  }

  /** Where the value of {@code option} came from, when it came from the environment or properties. */
  Optional<String> originOf(String option) {
    if (matchedOnCommandLine(option)) return Optional.empty();
    return defaults().flatMap(d -> d.origin(option));
  }

  private boolean matchedOnCommandLine(String option) {
    if (mixee == null || mixee.commandLine() == null || mixee.commandLine().getParseResult() == null) return false;
    return mixee.commandLine().getParseResult().hasMatchedOption(option);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
