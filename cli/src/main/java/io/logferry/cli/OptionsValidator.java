package io.logferry.cli;

import io.logferry.pipeline.NameTemplate;

import io.logferry.ConfigException;
import io.logferry.sink.cloudwatch.CloudWatchSinkConfig;
import io.logferry.ExporterConfig.ParserConfig;
import io.logferry.cli.ExporterOptions.SinkKind;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks everything picocli does not (picocli checks types and enum values): required settings, ranges, regexes,
 * templates, combinations, and that the include globs start in a readable directory. Every failure is a
 * {@link ConfigException} whose message names the option and its environment variable.
 */
final class OptionsValidator {

  /**
   * The retention values CloudWatch Logs accepts.
   *
   * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html">PutRetentionPolicy</a>
   */
  static final Set<Integer> RETENTION_DAYS =
      Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

  /**
   * Characters a log group name may hold, and the longest name (512).
   *
   * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html">CreateLogGroup</a>
   */
  static final Pattern GROUP_LITERAL = Pattern.compile("[\\.\\-_/#A-Za-z0-9]*");

  static final int MAX_NAME_LENGTH = 512;

  /** Upper bound on --max-concurrency: more requests in flight than this only trade throttling for nothing. */
  static final int MAX_CONCURRENCY = 64;

  private static final Set<String> TIMESTAMP_KEYWORDS = Set.of("ISO8601", "EPOCH_MILLIS", "EPOCH_SECONDS");
  private static final char[] GLOB_META = {'*', '?', '[', '{'};

  private final ExporterOptions o;
  private final ModeOptions mode;

  OptionsValidator(ExporterOptions options, ModeOptions mode) {
    this.o = options;
    this.mode = mode;
  }

  void validate() {
    includes();
    excludes();
    checkpointDir();
    templates();
    sink();
    lines();
    multiline();
    parser();
    durations();
  }

  private void includes() {
    List<String> includes = o.includes();
    if (includes.isEmpty()) {
      throw new ConfigException(
          "no files to ship: give " + name("--include") + " or globs as arguments, e.g. '/var/log/app/*.log'");
    }
    for (String glob : includes) {
      checkGlob("--include", glob);
      Path base = baseDirectory(glob);
      if (!Files.exists(base)) {
        throw new ConfigException(name("--include") + " '" + glob + "': directory " + base + " does not exist");
      }
      if (!Files.isDirectory(base)) {
        throw new ConfigException(name("--include") + " '" + glob + "': " + base + " is not a directory");
      }
      if (!Files.isReadable(base) || !Files.isExecutable(base)) {
        throw new ConfigException(name("--include") + " '" + glob + "': directory " + base + " is not readable");
      }
    }
  }

  private void excludes() {
    for (String glob : o.exclude) checkGlob("--exclude", glob);
  }

  private void checkGlob(String option, String glob) {
    if (!Path.of(glob).isAbsolute()) {
      throw new ConfigException(name(option) + " '" + glob + "': must be an absolute path");
    }
    try {
      FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (PatternSyntaxException e) {
      throw new ConfigException(name(option) + " '" + glob + "': not a valid glob: " + e.getDescription());
    }
  }

  /** The directory a glob starts in: the longest leading path without glob characters, minus the file name. */
  static Path baseDirectory(String glob) {
    int firstMeta = glob.length();
    for (char c : GLOB_META) {
      int i = glob.indexOf(c);
      if (i >= 0 && i < firstMeta) firstMeta = i;
    }
    String prefix = glob.substring(0, firstMeta);
    int slash = prefix.lastIndexOf('/');
    return Path.of(slash <= 0 ? "/" : prefix.substring(0, slash));
  }

  private void checkpointDir() {
    Path dir = o.checkpointDir;
    if (dir == null) {
      throw new ConfigException(name("--checkpoint-dir") + " is required: a directory that survives restarts");
    }
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) throw new ConfigException(name("--checkpoint-dir") + " " + dir + " is not a directory");
      if (!Files.isWritable(dir)) throw new ConfigException(name("--checkpoint-dir") + " " + dir + " is not writable");
    } else {
      Path parent = dir.toAbsolutePath().getParent();
      if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
        throw new ConfigException(
            name("--checkpoint-dir") + " " + dir + " does not exist and cannot be created in " + parent);
      }
    }
    if (o.deadLetterFile != null) {
      Path parent = o.deadLetterFile.toAbsolutePath().getParent();
      if (parent == null || !Files.isDirectory(parent)) {
        throw new ConfigException(name("--dead-letter-file") + " " + o.deadLetterFile + ": its directory does not exist");
      }
    }
  }

  private void templates() {
    if (o.group == null || o.group.isBlank()) {
      throw new ConfigException(name("--group") + " is required: the log group name (a template)");
    }
    NameTemplate group = template("--group", o.group);
    if (!GROUP_LITERAL.matcher(group.literalText()).matches()) {
      throw new ConfigException(
          name("--group") + " '" + o.group + "': a log group name may hold only a-z, A-Z, 0-9, '_', '-', '/', '.', '#'");
    }
    if (o.stream == null || o.stream.isBlank()) {
      throw new ConfigException(name("--stream") + " must not be empty: the log stream name (a template)");
    }
    NameTemplate stream = template("--stream", o.stream);
    if (stream.literalText().indexOf(':') >= 0 || stream.literalText().indexOf('*') >= 0) {
      throw new ConfigException(name("--stream") + " '" + o.stream + "': a log stream name may not hold ':' or '*'");
    }
  }

  private NameTemplate template(String option, String template) {
    if (template.length() > MAX_NAME_LENGTH) {
      throw new ConfigException(name(option) + " is longer than " + MAX_NAME_LENGTH + " characters");
    }
    // The core's own parser: the CLI accepts exactly the placeholders the exporter expands.
    NameTemplate parsed;
    try {
      parsed = NameTemplate.parse(template);
    } catch (ConfigException | IllegalArgumentException e) {
      throw new ConfigException(name(option) + ": " + e.getMessage()); // the core's message quotes the template
    }
    o.defaults()
        .ifPresent(
            defaults -> {
              try {
                parsed.validate(env -> defaults.env(env).orElse(null));
              } catch (ConfigException e) {
                throw new ConfigException(name(option) + ": " + e.getMessage());
              }
            });
    return parsed;
  }

  private void sink() {
    if (o.endpoint != null) {
      String scheme = o.endpoint.getScheme() == null ? "" : o.endpoint.getScheme().toLowerCase(Locale.ROOT);
      if (!o.endpoint.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || o.endpoint.getHost() == null) {
        throw new ConfigException(name("--endpoint") + " '" + o.endpoint + "': must be an http:// or https:// URL");
      }
    }
    if (o.sink == SinkKind.CLOUDWATCH && (o.region == null || o.region.isBlank()) && o.endpoint == null) {
      throw new ConfigException(
          name("--region") + " is required for --sink cloudwatch (or set AWS_REGION, or give --endpoint)");
    }
    if (o.sink == SinkKind.CLOUDWATCH && o.region != null && !o.region.isBlank()
        && !CloudWatchSinkConfig.isValidRegion(o.region)) {
      throw new ConfigException(
          name("--region") + " '" + o.region + "' is not an AWS region name (like us-east-1 or eu-west-1)");
    }
    if (o.retentionDays != null && !RETENTION_DAYS.contains(o.retentionDays)) {
      throw new ConfigException(
          name("--retention-days") + " " + o.retentionDays + " is not a CloudWatch retention value "
              + "(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)");
    }
    if (o.maxConcurrency < 1 || o.maxConcurrency > MAX_CONCURRENCY) {
      throw new ConfigException(name("--max-concurrency") + " must be between 1 and " + MAX_CONCURRENCY);
    }
    notNegative("--max-retry-duration", o.maxRetryDuration);
    positive("--request-timeout", o.requestTimeout);
    if (o.trustStore != null && !Files.isReadable(o.trustStore)) {
      throw new ConfigException(name("--trust-store") + " " + o.trustStore + " is not a readable file");
    }
  }

  private void lines() {
    if (o.maxLineBytes <= 0) throw new ConfigException(name("--max-line-bytes") + " must be positive");
    if (o.bufferBytes <= 0) throw new ConfigException(name("--buffer-bytes") + " must be positive");
    if (o.bufferBytes < o.maxLineBytes) {
      // A line piece that does not fit the buffer could never be read: reading would pause for ever.
      throw new ConfigException(
          name("--buffer-bytes") + " (" + o.bufferBytes + ") must be at least --max-line-bytes (" + o.maxLineBytes + ")");
    }
  }

  private void multiline() {
    if (o.multilinePreset != null && o.multilineStart != null && !o.multilineStart.isBlank()) {
      throw new ConfigException(name("--multiline") + " and --multiline-start exclude each other: give one");
    }
    if (o.multilineStart != null && !o.multilineStart.isBlank()) compile("--multiline-start", o.multilineStart);
    positive("--multiline-timeout", o.multilineTimeout);
    if (o.multilineMaxLines < 1) throw new ConfigException(name("--multiline-max-lines") + " must be positive");
  }

  private void parser() {
    boolean hasRegex = o.timestampRegex != null && !o.timestampRegex.isBlank();
    boolean hasField = o.jsonTimestampField != null && !o.jsonTimestampField.isBlank();
    if (o.parser == ParserConfig.Kind.JSON && hasRegex) {
      throw new ConfigException(name("--timestamp-regex") + " applies to --parser plain; use --json-timestamp-field with json");
    }
    if (o.parser == ParserConfig.Kind.PLAIN && hasField) {
      throw new ConfigException(name("--json-timestamp-field") + " applies to --parser json");
    }
    if (hasRegex) {
      Pattern p = compile("--timestamp-regex", o.timestampRegex);
      if (p.matcher("").groupCount() < 1) {
        throw new ConfigException(name("--timestamp-regex") + " needs a capturing group (the first, or one named 'ts')");
      }
    }
    if (o.timestampFormat != null && !o.timestampFormat.isBlank()) {
      if (!hasRegex && !hasField) {
        throw new ConfigException(
            name("--timestamp-format") + " needs --timestamp-regex (plain) or --json-timestamp-field (json)");
      }
      if (!TIMESTAMP_KEYWORDS.contains(o.timestampFormat)) {
        try {
          DateTimeFormatter.ofPattern(o.timestampFormat);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(
              name("--timestamp-format") + " '" + o.timestampFormat + "': not a DateTimeFormatter pattern: " + e.getMessage());
        }
      }
    }
  }

  private void durations() {
    positive("--flush-interval", mode.flushInterval());
    positive("--poll-interval", mode.pollInterval());
    positive("--scan-interval", mode.scanInterval());
    positive("--checkpoint-interval", mode.checkpointInterval());
    positive("--drain-deadline", mode.drainDeadline());
    if (mode.maxDuration() != null) positive("--max-duration", mode.maxDuration());
  }

  private Pattern compile(String option, String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new ConfigException(name(option) + " is not a valid regex: " + e.getDescription() + " near index " + e.getIndex());
    }
  }

  private void positive(String option, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) throw new ConfigException(name(option) + " must be a positive duration");
  }

  private void notNegative(String option, Duration d) {
    if (d == null || d.isNegative()) throw new ConfigException(name(option) + " must not be negative");
  }

  /** {@code --group (LOGFERRY_GROUP)}, or with where the value came from when it was not the command line. */
  private String name(String option) {
    String envName = EnvironmentDefaults.envName(EnvironmentDefaults.propertyKey(option));
    String origin = o.originOf(option).orElse(null);
    return origin == null ? option + " (" + envName + ")" : option + " (from " + origin + ")";
  }
}
