package io.logferry.pipeline;

import io.logferry.config.ConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A log group or log stream name template, rendered once per source file.
 *
 * <p>Placeholders:
 *
 * <ul>
 *   <li>{@code {file}}: the file name without a rotation suffix, so a rotated file stays in its stream:
 *       {@code app.log}, {@code app.log.1}, {@code app.log.2.gz} and {@code app.log-20261123} all give
 *       {@code app.log}; {@code {filename}} is the name exactly as it is
 *   <li>{@code {dir}}: the name of the file's directory (on a CronJob volume, typically the pod's directory);
 *       {@code {dir:N}} is the N-th directory counted from the end, {@code {dir:1}} being {@code {dir}}
 *   <li>{@code {path}}: the whole path
 *   <li>{@code {hostname}}: {@code $HOSTNAME} (the pod name in Kubernetes), else the local host name
 *   <li>{@code {env:NAME}}: an environment variable, which must be set; {@code {env:NAME:-default}} uses
 *       {@code default} when it is unset or empty
 * </ul>
 *
 * Everything else is literal text. {@link #render} gives the raw name; {@link #sanitizeGroupName} and
 * {@link #sanitizeStreamName} make it acceptable to CloudWatch Logs.
 */
public final class NameTemplate {

  /**
   * Log group names: 1 to 512 characters of {@code a-z A-Z 0-9 _ - / . #}.
   * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
   */
  public static final int MAX_GROUP_NAME_LENGTH = 512;

  /**
   * Log stream names: 1 to 512 characters, without {@code :} or {@code *}.
   * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogStream.html
   */
  public static final int MAX_STREAM_NAME_LENGTH = 512;

  /** What replaces a character CloudWatch does not accept, and stands for an empty name. */
  static final char REPLACEMENT = '_';

  /** Hex digits of the hash that ends a shortened name: 48 bits, so distinct long names stay distinct. */
  static final int HASH_HEX_DIGITS = 12;

  private enum Kind {
    LITERAL,
    FILE,
    FILENAME,
    DIR,
    PATH,
    HOSTNAME,
    ENV
  }

  /** One part of the template: a literal, or a placeholder with its argument. */
  private record Part(Kind kind, String text, int depth, String defaultValue) {}

  private final String template;
  private final List<Part> parts;

  private NameTemplate(String template, List<Part> parts) {
    this.template = template;
    this.parts = parts;
  }

  /**
   * Parses {@code template}.
   *
   * @throws ConfigException when it is empty, has an unclosed brace or an unknown placeholder
   */
  public static NameTemplate parse(String template) {
    if (template == null || template.isEmpty()) throw new ConfigException("name template must not be empty");
    List<Part> parts = new ArrayList<>();
    int i = 0;
    StringBuilder literal = new StringBuilder();
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '{') {
        literal.append(c);
        i++;
        continue;
      }
      int close = template.indexOf('}', i);
      if (close < 0) throw new ConfigException("name template '" + template + "': unclosed '{' at " + i);
      if (literal.length() > 0) {
        parts.add(new Part(Kind.LITERAL, literal.toString(), 0, null));
        literal.setLength(0);
      }
      parts.add(placeholder(template, template.substring(i + 1, close)));
      i = close + 1;
    }
    if (literal.length() > 0) parts.add(new Part(Kind.LITERAL, literal.toString(), 0, null));
    return new NameTemplate(template, List.copyOf(parts));
  }

  private static Part placeholder(String template, String body) {
    switch (body) {
      case "file":
        return new Part(Kind.FILE, null, 0, null);
      case "filename":
        return new Part(Kind.FILENAME, null, 0, null);
      case "dir":
        return new Part(Kind.DIR, null, 1, null);
      case "path":
        return new Part(Kind.PATH, null, 0, null);
      case "hostname":
        return new Part(Kind.HOSTNAME, null, 0, null);
      default:
        break;
    }
    if (body.startsWith("dir:")) {
      int depth;
      try {
        depth = Integer.parseInt(body.substring(4));
      } catch (NumberFormatException e) {
        depth = 0;
      }
      if (depth < 1) throw new ConfigException("name template '" + template + "': {dir:N} needs N >= 1");
      return new Part(Kind.DIR, null, depth, null);
    }
    if (body.startsWith("env:")) {
      String rest = body.substring(4);
      int dflt = rest.indexOf(":-");
      String name = dflt < 0 ? rest : rest.substring(0, dflt);
      if (name.isEmpty()) throw new ConfigException("name template '" + template + "': {env:NAME} needs a name");
      return new Part(Kind.ENV, name, 0, dflt < 0 ? null : rest.substring(dflt + 2));
    }
    throw new ConfigException(
        "name template '" + template + "': unknown placeholder {" + body
            + "} (known: {file}, {filename}, {dir}, {dir:N}, {path}, {hostname}, {env:NAME}, {env:NAME:-default})");
  }

  /** The template as written. */
  public String template() {
    return template;
  }

  /**
   * Checks that every {@code {env:NAME}} without a default is set in {@code env}.
   *
   * @throws ConfigException naming the first missing variable (its name only: values are never shown)
   */
  /** The literal text between placeholders, concatenated: what a name rule can check before any expansion. */
  public String literalText() {
    StringBuilder out = new StringBuilder();
    for (Part part : parts) {
      if (part.kind() == Kind.LITERAL) out.append(part.text());
    }
    return out.toString();
  }

  public void validate(Function<String, String> env) {
    for (Part part : parts) {
      if (part.kind() == Kind.ENV && part.defaultValue() == null && env.apply(part.text()) == null) {
        throw missing(part.text());
      }
    }
  }

  /**
   * The raw name for {@code file}. A {@code {dir:N}} deeper than the path renders as empty text.
   *
   * @throws ConfigException when a required environment variable is not set
   */
  public String render(Path file, Function<String, String> env) {
    Objects.requireNonNull(file, "file");
    StringBuilder out = new StringBuilder(64);
    for (Part part : parts) {
      switch (part.kind()) {
        case LITERAL:
          out.append(part.text());
          break;
        case FILE:
          Path name = file.getFileName();
          if (name != null) out.append(withoutRotationSuffix(name.toString()));
          break;
        case FILENAME:
          Path raw = file.getFileName();
          if (raw != null) out.append(raw);
          break;
        case DIR:
          Path dir = file.getParent();
          for (int d = 1; d < part.depth() && dir != null; d++) dir = dir.getParent();
          Path dirName = dir == null ? null : dir.getFileName();
          if (dirName != null) out.append(dirName);
          break;
        case PATH:
          out.append(file);
          break;
        case HOSTNAME:
          out.append(hostname(env));
          break;
        case ENV:
          String value = env.apply(part.text());
          if (value == null || value.isEmpty()) {
            if (part.defaultValue() != null) {
              value = part.defaultValue(); // shell ':-' semantics: unset or empty takes the default
            } else if (value == null) {
              throw missing(part.text());
            }
          }
          out.append(value);
          break;
        default:
          throw new AssertionError(part.kind());
      }
    }
    return out.toString();
  }

  private ConfigException missing(String variable) {
    return new ConfigException(
        "name template '" + template + "': environment variable " + variable + " is not set (use {env:" + variable
            + ":-default} for a default)");
  }

  private static String hostname(Function<String, String> env) {
    String fromEnv = env.apply("HOSTNAME");
    return fromEnv != null && !fromEnv.isEmpty() ? fromEnv : LocalHost.NAME;
  }

  /** Resolved once, and only when a template uses {@code {hostname}} without {@code $HOSTNAME} set. */
  private static final class LocalHost {
    static final String NAME = lookup();

    private static String lookup() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        return "localhost";
      }
    }
  }

  /**
   * A valid log group name: characters outside {@code [.\-_/#A-Za-z0-9]} become {@code _}; an empty name becomes
   * {@code _}; a name over {@link #MAX_GROUP_NAME_LENGTH} keeps its beginning and ends with a hash of the whole
   * name.
   */
  public static String sanitizeGroupName(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '-' || c == '_' || c == '/' || c == '#';
      out.append(ok ? c : REPLACEMENT);
    }
    return bounded(raw, out, MAX_GROUP_NAME_LENGTH);
  }

  /**
   * A valid log stream name: {@code :} and {@code *} (not allowed) and control characters (never useful in a name)
   * become {@code _}; empty and too long names as for groups.
   */
  public static String sanitizeStreamName(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      out.append(c == ':' || c == '*' || Character.isISOControl(c) ? REPLACEMENT : c);
    }
    return bounded(raw, out, MAX_STREAM_NAME_LENGTH);
  }

  private static String bounded(String raw, StringBuilder sanitized, int max) {
    if (sanitized.length() == 0) return String.valueOf(REPLACEMENT);
    if (sanitized.length() <= max) return sanitized.toString();
    // Keep the start (the readable part) and add a hash of the whole raw name, so that two long names that share
    // their first characters still map to two different names.
    int keep = max - HASH_HEX_DIGITS - 1;
    if (Character.isHighSurrogate(sanitized.charAt(keep - 1))) keep--; // never leave half a surrogate pair
    return sanitized.substring(0, keep) + '-' + hash(raw);
  }

  private static String hash(String raw) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(HASH_HEX_DIGITS);
      for (int i = 0; hex.length() < HASH_HEX_DIGITS; i++) {
        hex.append(Character.forDigit((digest[i] >> 4) & 0xF, 16)).append(Character.forDigit(digest[i] & 0xF, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  @Override
  public String toString() {
    return template;
  }

  /** logrotate's suffixes: {@code .N} (rename), {@code .N.gz} (compress), {@code -YYYYMMDD} (dateext). */
  private static final java.util.regex.Pattern ROTATION_SUFFIX =
      java.util.regex.Pattern.compile("(?:\\.\\d+(?:\\.gz)?|-\\d{8}(?:\\.gz)?)$");

  static String withoutRotationSuffix(String name) {
    String stripped = ROTATION_SUFFIX.matcher(name).replaceFirst("");
    return stripped.isEmpty() ? name : stripped;
  }
}
