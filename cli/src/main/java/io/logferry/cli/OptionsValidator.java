package io.logferry.cli;

import io.logferry.cli.ConfigFile.FilterEntry;
import io.logferry.cli.ConfigFile.InputEntry;
import io.logferry.cli.ExporterOptions.SinkKind;
import io.logferry.cli.SettingSources.Value;
import io.logferry.config.ConfigException;
import io.logferry.config.ExporterConfig.MultilineConfig;
import io.logferry.config.ExporterConfig.ParserConfig;
import io.logferry.pipeline.EventFilter;
import io.logferry.pipeline.NameTemplate;
import io.logferry.sink.cloudwatch.CloudWatchSinkConfig;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks a single declaration cannot express (each value's type and range is checked by its {@link Setting}):
 * required settings, combinations, templates and the environment they need, and the file system (include globs
 * start in a readable directory, the checkpoint directory can be written). Every failure is a
 * {@link ConfigException} naming the option and where its value came from.
 */
final class OptionsValidator {

  /**
   * Characters a log group name may hold, and the longest name (512).
   *
   * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html">CreateLogGroup</a>
   */
  static final Pattern GROUP_LITERAL = Pattern.compile("[\\.\\-_/#A-Za-z0-9]*");

  static final int MAX_NAME_LENGTH = 512;

  private static final Set<String> TIMESTAMP_KEYWORDS = Set.of("ISO8601", "EPOCH_MILLIS", "EPOCH_SECONDS");
  private static final char[] GLOB_META = {'*', '?', '[', '{'};

  private final SettingSources src;
  private final List<String> notices = new java.util.ArrayList<>();

  OptionsValidator(SettingSources src) {
    this.src = src;
  }

  /** Lines worth telling the user that are not errors (a literal file that does not exist yet). */
  List<String> notices() {
    return List.copyOf(notices);
  }

  /**
   * The include globs of an input: at least one, absolute, valid, each starting in a directory that exists and can
   * be read. A literal file name follows the same rule as a glob: its directory must exist (else exit 2), the file
   * itself may not exist yet (nothing to ship from it, exit 0).
   */
  List<String> includes(InputEntry input) {
    Value<List<String>> v = src.get(Settings.INCLUDE, input);
    if (!v.isSet() || v.value().isEmpty()) {
      String where = input == null ? "give " + Settings.INCLUDE.flag() + " or globs as arguments" : "give 'include:' in " + input.name() + " (" + input.origin() + ")";
      throw new ConfigException("no files to ship: " + where + ", e.g. '/var/log/app/*.log'");
    }
    String name = SettingSources.describe(Settings.INCLUDE, input, v.origin());
    for (String glob : v.value()) {
      checkGlob(name, glob);
      Path base = baseDirectory(glob);
      if (!Files.exists(base)) throw new ConfigException(name + " '" + glob + "': directory " + base + " does not exist");
      if (!Files.isDirectory(base)) throw new ConfigException(name + " '" + glob + "': " + base + " is not a directory");
      if (!Files.isReadable(base) || !Files.isExecutable(base)) {
        throw new ConfigException(name + " '" + glob + "': directory " + base + " is not readable");
      }
      if (!hasGlobCharacter(glob) && !Files.exists(Path.of(glob))) {
        notices.add(name + " '" + glob + "': no such file yet; its directory exists, so this is not an error "
            + "(exit 0 with nothing shipped from it); a missing directory is (exit 2)");
      }
    }
    return v.value();
  }

  void excludes(List<String> globs, InputEntry input) {
    Value<List<String>> v = src.get(Settings.EXCLUDE, input);
    String name = SettingSources.describe(Settings.EXCLUDE, input, v.origin());
    for (String glob : globs) checkGlob(name, glob);
  }

  private static void checkGlob(String name, String glob) {
    if (!Path.of(glob).isAbsolute()) throw new ConfigException(name + " '" + glob + "': must be an absolute path");
    try {
      FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (PatternSyntaxException e) {
      throw new ConfigException(name + " '" + glob + "': not a valid glob: " + e.getDescription());
    }
  }

  private static boolean hasGlobCharacter(String glob) {
    for (char c : GLOB_META) {
      if (glob.indexOf(c) >= 0) return true;
    }
    return false;
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

  Path checkpointDir() {
    Value<Path> v = src.require(Settings.CHECKPOINT_DIR, null, "a directory that survives restarts");
    String name = SettingSources.describe(Settings.CHECKPOINT_DIR, null, v.origin());
    Path dir = v.value();
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) throw new ConfigException(name + " " + dir + " is not a directory");
      if (!Files.isWritable(dir)) throw new ConfigException(name + " " + dir + " is not writable");
    } else {
      Path parent = dir.toAbsolutePath().getParent();
      if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
        throw new ConfigException(name + " " + dir + " does not exist and cannot be created in " + parent);
      }
    }
    Value<Path> dead = src.get(Settings.DEAD_LETTER_FILE);
    if (dead.isSet()) {
      Path parent = dead.value().toAbsolutePath().getParent();
      if (parent == null || !Files.isDirectory(parent)) {
        throw new ConfigException(SettingSources.describe(Settings.DEAD_LETTER_FILE, null, dead.origin()) + " "
            + dead.value() + ": its directory does not exist");
      }
    }
    return dir;
  }

  String group(InputEntry input) {
    Value<String> v = src.require(Settings.GROUP, input, "the log group name (a template)");
    String name = SettingSources.describe(Settings.GROUP, input, v.origin());
    NameTemplate group = template(name, v.value());
    if (!GROUP_LITERAL.matcher(group.literalText()).matches()) {
      throw new ConfigException(
          name + " '" + v.value() + "': a log group name may hold only a-z, A-Z, 0-9, '_', '-', '/', '.', '#'");
    }
    return v.value();
  }

  String stream(InputEntry input) {
    Value<String> v = src.get(Settings.STREAM, input);
    String name = SettingSources.describe(Settings.STREAM, input, v.origin());
    if (v.value() == null || v.value().isBlank()) throw new ConfigException(name + " must not be empty: the log stream name (a template)");
    NameTemplate stream = template(name, v.value());
    if (stream.literalText().indexOf(':') >= 0 || stream.literalText().indexOf('*') >= 0) {
      throw new ConfigException(name + " '" + v.value() + "': a log stream name may not hold ':' or '*'");
    }
    return v.value();
  }

  private NameTemplate template(String name, String template) {
    if (template.length() > MAX_NAME_LENGTH) throw new ConfigException(name + " is longer than " + MAX_NAME_LENGTH + " characters");
    // The core's own parser: the CLI accepts exactly the placeholders the exporter expands.
    NameTemplate parsed;
    try {
      parsed = NameTemplate.parse(template);
      parsed.validate(env -> src.environment().env(env).orElse(null));
    } catch (io.logferry.config.ConfigException | IllegalArgumentException e) {
      throw new ConfigException(name + ": " + e.getMessage()); // the core's message quotes the template
    }
    return parsed;
  }

  /** The start pattern of the input's multiline rule (a preset's or its own), or {@code null}. */
  String multiline(InputEntry input) {
    Value<MultilineConfig.Preset> preset = src.get(Settings.MULTILINE, input);
    Value<String> start = src.get(Settings.MULTILINE_START, input);
    if (preset.isSet() && start.isSet() && !start.value().isBlank()) {
      throw new ConfigException(SettingSources.describe(Settings.MULTILINE, input, preset.origin()) + " and "
          + SettingSources.describe(Settings.MULTILINE_START, input, start.origin()) + " exclude each other: give one");
    }
    if (preset.isSet()) return preset.value().startPattern();
    return start.isSet() && !start.value().isBlank() ? start.value() : null;
  }

  ParserConfig parser(InputEntry input) {
    Value<ParserConfig.Kind> kind = src.get(Settings.PARSER, input);
    Value<String> regex = src.get(Settings.TIMESTAMP_REGEX, input);
    Value<String> format = src.get(Settings.TIMESTAMP_FORMAT, input);
    Value<String> field = src.get(Settings.JSON_TIMESTAMP_FIELD, input);
    boolean hasRegex = regex.isSet() && !regex.value().isBlank();
    boolean hasField = field.isSet() && !field.value().isBlank();
    String regexName = SettingSources.describe(Settings.TIMESTAMP_REGEX, input, regex.origin());
    if (kind.value() == ParserConfig.Kind.JSON && hasRegex) {
      throw new ConfigException(regexName + " applies to parser plain; use json-timestamp-field with json");
    }
    if (kind.value() == ParserConfig.Kind.PLAIN && hasField) {
      throw new ConfigException(SettingSources.describe(Settings.JSON_TIMESTAMP_FIELD, input, field.origin()) + " applies to parser json");
    }
    if (hasRegex && Pattern.compile(regex.value()).matcher("").groupCount() < 1) {
      throw new ConfigException(regexName + " needs a capturing group (the first, or one named 'ts')");
    }
    String fmt = format.isSet() && !format.value().isBlank() ? format.value() : null;
    if (fmt != null) {
      String formatName = SettingSources.describe(Settings.TIMESTAMP_FORMAT, input, format.origin());
      if (!hasRegex && !hasField) throw new ConfigException(formatName + " needs timestamp-regex (plain) or json-timestamp-field (json)");
      if (!TIMESTAMP_KEYWORDS.contains(fmt)) {
        try {
          DateTimeFormatter.ofPattern(fmt);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(formatName + " '" + fmt + "': not a DateTimeFormatter pattern: " + e.getMessage());
        }
      }
    }
    return new ParserConfig(kind.value(), hasRegex ? regex.value() : null, fmt, hasField ? field.value() : null);
  }

  void filters(InputEntry input) {
    if (input == null) return;
    for (FilterEntry f : input.filters()) {
      try {
        EventFilter.validate(List.of(f.filter()), "");
      } catch (ConfigException e) {
        throw new ConfigException(input.name() + ".filters (from " + f.origin() + "): " + e.getMessage().replaceFirst("^filters\\[1\\]\\.", ""));
      }
    }
  }

  void buffer(long bufferBytes, long maxLineBytes) {
    if (bufferBytes < maxLineBytes) {
      // A line piece that does not fit the buffer could never be read: reading would pause for ever.
      Value<Long> v = src.get(Settings.BUFFER_BYTES);
      throw new ConfigException(SettingSources.describe(Settings.BUFFER_BYTES, null, v.origin()) + " (" + bufferBytes
          + ") must be at least --max-line-bytes (" + maxLineBytes + ")");
    }
  }

  void sink(SinkKind sink, Value<String> region, Value<URI> endpoint, Value<Path> trustStore) {
    if (sink == SinkKind.CLOUDWATCH && (!region.isSet() || region.value().isBlank()) && !endpoint.isSet()) {
      throw new ConfigException(
          Settings.REGION.flag() + " is required for sink cloudwatch (or set AWS_REGION, or give --endpoint)");
    }
    if (sink == SinkKind.CLOUDWATCH && region.isSet() && !region.value().isBlank()
        && !CloudWatchSinkConfig.isValidRegion(region.value())) {
      throw new ConfigException(SettingSources.describe(Settings.REGION, null, region.origin()) + " '" + region.value()
          + "' is not an AWS region name (like us-east-1 or eu-west-1)");
    }
    if (trustStore.isSet() && !Files.isReadable(trustStore.value())) {
      throw new ConfigException(SettingSources.describe(Settings.TRUST_STORE, null, trustStore.origin()) + " "
          + trustStore.value() + " is not a readable file");
    }
  }

}
