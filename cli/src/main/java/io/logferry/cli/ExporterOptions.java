package io.logferry.cli;

import io.logferry.cli.ConfigFile.InputEntry;
import io.logferry.cli.SettingSources.Value;
import io.logferry.config.ConfigException;
import io.logferry.config.ExporterConfig;
import io.logferry.config.ExporterConfig.LineConfig;
import io.logferry.config.ExporterConfig.MultilineConfig;
import io.logferry.config.ExporterConfig.ParserConfig;
import io.logferry.config.InputConfig;
import io.logferry.config.InputConfig.FilterConfig;
import io.logferry.events.ExporterEvents;
import io.logferry.sink.LogSink;
import io.logferry.sink.NullSink;
import io.logferry.sink.cloudwatch.CloudWatchLimits;
import io.logferry.sink.cloudwatch.CloudWatchSink;
import io.logferry.sink.cloudwatch.CloudWatchSinkConfig;
import io.logferry.sink.stdout.StdoutSink;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The options both commands share, as a picocli mixin: the options themselves are declared once in {@link Settings}
 * and added to the command by {@link LogferryCommandLine#configure}; this class holds the globs given as arguments
 * and turns every resolved value into the core's {@link ExporterConfig} ({@link #toConfig}) and a sink
 * ({@link #openSink}).
 */
public final class ExporterOptions {

  /** Signing region used when only an endpoint is given (a local endpoint accepts any region). */
  static final String ENDPOINT_DEFAULT_REGION = "us-east-1";

  /** File name of the dead-letter file inside the checkpoint directory, unless --dead-letter-file says otherwise. */
  public static final String DEAD_LETTER_FILE_NAME = "dead-letter.jsonl";

  public enum SinkKind {
    CLOUDWATCH,
    STDOUT,
    NULL
  }

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Parameters(
      paramLabel = "GLOB",
      arity = "0..*",
      description = "Files to ship, as globs (same as --include; quote them so that the shell does not expand them).")
  List<String> paths = new ArrayList<>();

  /** Set by {@link #toConfig}. */
  private SettingSources sources;

  private List<String> notices = List.of();

  /** Checks every option and builds the core's configuration for {@code mode}. */
  public ExporterConfig toConfig(ModeOptions mode) {
    SettingSources src = sources();
    // Every value is converted and checked against its declaration first, so a malformed value is reported as such
    // rather than as whatever combination check happens to run first.
    for (Setting<?> s : Settings.ALL) {
      if (s.modes().contains(mode.kind())) src.get(s);
    }
    ConfigFile file = src.file();
    if (file != null) {
      for (InputEntry entry : file.inputs()) {
        for (String key : entry.keys().keySet()) src.get(Settings.byKey(key), entry);
      }
    }
    OptionsValidator check = new OptionsValidator(src);
    List<InputConfig> inputs = new ArrayList<>();
    if (file != null && file.hasInputs()) {
      Value<List<String>> topInclude = src.get(Settings.INCLUDE);
      if (topInclude.isSet() && topInclude.origin().kind() != Origin.Kind.PROPERTY) {
        throw new ConfigException(SettingSources.describe(Settings.INCLUDE, null, topInclude.origin())
            + ": " + file.path() + " declares inputs:, so files are chosen per input; move these globs into an input");
      }
      for (InputEntry entry : file.inputs()) inputs.add(input(src, check, entry));
    } else {
      inputs.add(input(src, check, null));
    }

    Path checkpointDir = check.checkpointDir();
    long maxLineBytes = src.get(Settings.MAX_LINE_BYTES).value();
    long bufferBytes = src.get(Settings.BUFFER_BYTES).value();
    check.buffer(bufferBytes, maxLineBytes);
    check.sink(sinkKind(), src.get(Settings.REGION), src.get(Settings.ENDPOINT), src.get(Settings.TRUST_STORE));
    Setting.Mode kind = mode.kind();
    InputConfig first = inputs.get(0);
    ExporterConfig config =
        new ExporterConfig(
            first.include(),
            first.exclude(),
            modeValue(Settings.SCAN_INTERVAL, kind, ExporterConfig.DEFAULT_SCAN_INTERVAL),
            modeValue(Settings.POLL_INTERVAL, kind, ExporterConfig.DEFAULT_POLL_INTERVAL),
            checkpointDir,
            first.groupTemplate(),
            first.streamTemplate(),
            new LineConfig((int) maxLineBytes, src.get(Settings.OVERSIZE).value()),
            first.multiline(),
            first.parser(),
            modeValue(Settings.FLUSH_INTERVAL, kind, ExporterConfig.DEFAULT_FLUSH_INTERVAL),
            bufferBytes,
            modeValue(Settings.DRAIN_DEADLINE, kind, ExporterConfig.DEFAULT_DRAIN_DEADLINE),
            kind == Setting.Mode.RUN_ONCE ? src.get(Settings.MAX_DURATION).value() : null,
            modeValue(Settings.CHECKPOINT_INTERVAL, kind, ExporterConfig.DEFAULT_CHECKPOINT_INTERVAL),
            inputs);
    notices = check.notices();
    // One input that says no more than the fields: leave it implicit, so the configuration reads as before inputs.
    if (config.withInputs(List.of()).effectiveInputs().equals(inputs)) config = config.withInputs(List.of());
    return config;
  }

  /** One input: the entry's own keys, else the top-level values (flags, variables, file, properties, defaults). */
  private InputConfig input(SettingSources src, OptionsValidator check, InputEntry entry) {
    List<String> include = check.includes(entry);
    List<String> exclude = new ArrayList<>(orEmpty(src.get(Settings.EXCLUDE, entry).value()));
    if (entry != null && entry.keys().containsKey(Settings.EXCLUDE.key())) {
      // Top-level excludes apply to every input, in addition to the input's own.
      exclude.addAll(orEmpty(src.get(Settings.EXCLUDE).value()));
    }
    check.excludes(exclude, entry);
    String group = check.group(entry);
    String stream = check.stream(entry);
    String start = check.multiline(entry);
    MultilineConfig multiline =
        new MultilineConfig(start, src.get(Settings.MULTILINE_TIMEOUT, entry).value(), src.get(Settings.MULTILINE_MAX_LINES, entry).value());
    ParserConfig parser = check.parser(entry);
    List<FilterConfig> filters = new ArrayList<>();
    if (entry != null) entry.filters().forEach(f -> filters.add(f.filter()));
    check.filters(entry);
    String name = entry == null ? "default" : entry.name() + " (" + entry.origin() + ")";
    return new InputConfig(
        name, include, exclude, group, stream, multiline, parser, filters, src.get(Settings.READ_FROM, entry).value(),
        src.get(Settings.IGNORE_OLDER, entry).value());
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }

  private <T> T modeValue(Setting<T> s, Setting.Mode mode, T coreDefault) {
    return s.modes().contains(mode) ? sources().get(s).value() : coreDefault;
  }

  /** What {@link #toConfig} found worth telling that is not an error; the command prints each as one line. */
  public List<String> notices() {
    return notices;
  }

  /** The CloudWatch sink's settings; call after {@link #toConfig}, which validated them. */
  public CloudWatchSinkConfig cloudWatchConfig() {
    SettingSources src = sources();
    String region = src.get(Settings.REGION).value();
    String effectiveRegion = region != null && !region.isBlank() ? region : ENDPOINT_DEFAULT_REGION;
    Settings.GroupClass groupClass = src.get(Settings.LOG_GROUP_CLASS).value();
    Map<String, String> tags = src.get(Settings.GROUP_TAGS).value();
    return new CloudWatchSinkConfig(
        effectiveRegion,
        src.get(Settings.ENDPOINT).value(),
        src.get(Settings.CREATE_GROUP).value(),
        src.get(Settings.CREATE_STREAM).value(),
        src.get(Settings.RETENTION_DAYS_SETTING).value(),
        src.get(Settings.MAX_CONCURRENCY_SETTING).value(),
        src.get(Settings.MAX_RETRY_DURATION).value(),
        src.get(Settings.REQUEST_TIMEOUT).value(),
        deadLetterFile(),
        new CloudWatchSinkConfig.GroupSettings(
            src.get(Settings.KMS_KEY).value(),
            groupClass == null ? null : groupClass.name(),
            tags == null ? Map.of() : tags),
        src.get(Settings.EXACTLY_ONCE).value() ? src.get(Settings.RECONCILE_TIMEOUT).value() : Duration.ZERO);
  }

  /**
   * Opens the sink chosen with {@code --sink}; call after {@link #toConfig}, which validated its settings.
   *
   * @param stdout where {@code --sink stdout} writes events
   */
  public LogSink openSink(ExporterEvents events, PrintStream stdout) {
    return switch (sink()) {
      case CLOUDWATCH -> {
        createParentOf(deadLetterFile());
        Path trustStore = sources().get(Settings.TRUST_STORE).value();
        yield CloudWatchSink.create(
            cloudWatchConfig(),
            events,
            trustStore == null ? null : TrustStores.load(trustStore, sources().get(Settings.TRUST_STORE_PASSWORD).value()),
            Credentials.provider(sources()));
      }
      case STDOUT -> StdoutSink.create(stdout);
      case NULL -> NullSink.create(CloudWatchLimits.batchLimits());
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
    return sinkKind();
  }

  private SinkKind sinkKind() {
    return sources().get(Settings.SINK).value();
  }

  /** The trust store given with {@code --trust-store}, if any. */
  public Optional<Path> trustStore() {
    return Optional.ofNullable(sources().get(Settings.TRUST_STORE).value());
  }

  /** {@code --dead-letter-file}, or the default inside the checkpoint directory. */
  public Path deadLetterFile() {
    Path file = sources().get(Settings.DEAD_LETTER_FILE).value();
    if (file != null) return file;
    Path dir = sources().get(Settings.CHECKPOINT_DIR).value();
    return dir == null ? null : dir.resolve(DEAD_LETTER_FILE_NAME);
  }

  /** The sources of every value, with the config file loaded (once) when {@code --config} names one. */
  SettingSources sources() {
    if (sources != null) return sources;
    EnvironmentDefaults env = environment();
    picocli.CommandLine.ParseResult parsed =
        mixee == null || mixee.commandLine() == null ? null : mixee.commandLine().getParseResult();
    SettingSources withoutFile = new SettingSources(parsed, paths, env, null);
    Value<Path> configPath = withoutFile.get(Settings.CONFIG);
    ConfigFile file = configPath.isSet() ? ConfigFile.load(configPath.value(), configPath.origin()) : null;
    sources = new SettingSources(parsed, paths, env, file);
    return sources;
  }

  /** The environment and properties the command line was configured with (the process's when there is none). */
  EnvironmentDefaults environment() {
    return environmentOf(mixee);
  }

  private static EnvironmentDefaults environmentOf(CommandSpec command) {
    if (command != null) {
      IDefaultValueProvider provider =
          command.commandLine() == null ? command.defaultValueProvider() : command.commandLine().getDefaultValueProvider();
      if (provider instanceof EnvironmentDefaults d) return d;
    }
    return EnvironmentDefaults.system();
  }

  /**
   * The sources of {@code command}'s values, for the mixins that read declared options besides this one
   * ({@link ServeOptions}, {@link OutputOptions}): the same sources, config file included, as this mixin's when the
   * command has it, so every option is resolved and checked the one way; else flags, variables, properties, defaults.
   */
  static SettingSources sourcesOf(CommandSpec command) {
    for (CommandSpec mixin : command.mixins().values()) {
      if (mixin.userObject() instanceof ExporterOptions exporter) return exporter.sources();
    }
    picocli.CommandLine.ParseResult parsed = command.commandLine() == null ? null : command.commandLine().getParseResult();
    return new SettingSources(parsed, List.of(), environmentOf(command), null);
  }
}
