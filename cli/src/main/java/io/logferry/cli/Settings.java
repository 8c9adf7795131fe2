package io.logferry.cli;

import static io.logferry.cli.SettingTypes.bool;
import static io.logferry.cli.SettingTypes.choice;
import static io.logferry.cli.SettingTypes.duration;
import static io.logferry.cli.SettingTypes.httpUrl;
import static io.logferry.cli.SettingTypes.integer;
import static io.logferry.cli.SettingTypes.list;
import static io.logferry.cli.SettingTypes.map;
import static io.logferry.cli.SettingTypes.oneOf;
import static io.logferry.cli.SettingTypes.path;
import static io.logferry.cli.SettingTypes.regex;
import static io.logferry.cli.SettingTypes.size;
import static io.logferry.cli.SettingTypes.text;

import io.logferry.ConfigValidator;
import io.logferry.cli.ExporterOptions.SinkKind;
import io.logferry.cli.Setting.Mode;
import io.logferry.config.ExporterConfig;
import io.logferry.config.ExporterConfig.MultilineConfig;
import io.logferry.config.ExporterConfig.OversizePolicy;
import io.logferry.config.ExporterConfig.ParserConfig;
import io.logferry.config.InputConfig.ReadFrom;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every option of both commands, each declared exactly once: flag, variable, property and config-file key, type,
 * default, bounds and help all come from here. Adding an option is one declaration here plus the line that uses its
 * value ({@link ExporterOptions#toConfig}, or {@link ServeOptions} and {@link OutputOptions}, which read theirs through
 * the command's {@link ExporterOptions}).
 */
public final class Settings {

  private Settings() {}

  private static final Duration POSITIVE = Duration.ofMillis(1);

  /**
   * The retention values CloudWatch Logs accepts.
   *
   * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html">PutRetentionPolicy</a>
   */
  static final Set<Integer> RETENTION_DAYS =
      Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

  /**
   * The most tags one log group may carry.
   *
   * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html">CreateLogGroup</a>
   */
  static final int MAX_GROUP_TAGS = 50;

  /** Upper bound on --max-concurrency: more requests in flight than this only trade throttling for nothing. */
  static final int MAX_CONCURRENCY = 64;

  /** CloudWatch Logs log group classes. */
  public enum GroupClass {
    STANDARD,
    INFREQUENT_ACCESS
  }

  // --- the configuration itself -------------------------------------------------------------------------------

  public static final Setting<Path> CONFIG =
      Setting.of("config", "FILE", path(), null,
              "A YAML config file (e.g. a mounted ConfigMap): top-level keys are these options' long names, plus "
                  + "'inputs:'. Flags and variables override its top level.")
          .commandLineOnly();

  // --- inputs: what to read and how it becomes events (top level, or per entry of inputs:) --------------------

  public static final Setting<List<String>> INCLUDE =
      Setting.of("include", "GLOB", list("absolute globs"), null,
              "Files to ship, as a glob such as /var/log/app/**/*.log (or give globs as arguments). Required.")
          .perInput();

  public static final Setting<List<String>> EXCLUDE =
      Setting.of("exclude", "GLOB", list("absolute globs"), null, "Files never to ship.").perInput();

  public static final Setting<String> GROUP =
      Setting.of("group", "TEMPLATE", text(), null,
              "Log group name. Required. A template: {file}, {filename}, {dir}, {dir:N}, {path}, {hostname}, "
                  + "{env:NAME}, {env:NAME:-default} are replaced per file.")
          .perInput();

  public static final Setting<String> STREAM =
      Setting.of("stream", "TEMPLATE", text(), ExporterConfig.DEFAULT_STREAM_TEMPLATE,
              "Log stream name template (same placeholders; {file} drops a rotation suffix).")
          .perInput();

  public static final Setting<MultilineConfig.Preset> MULTILINE =
      Setting.of("multiline", "PRESET", choice(MultilineConfig.Preset.class), null,
              "Join stack traces into their log line with a preset (instead of --multiline-start).")
          .perInput();

  public static final Setting<String> MULTILINE_START =
      Setting.of("multiline-start", "REGEX", regex(), null,
              "A line matching this regex starts an event; other lines join the open event.")
          .perInput();

  public static final Setting<Duration> MULTILINE_TIMEOUT =
      Setting.of("multiline-timeout", "DURATION", duration(POSITIVE, Duration.ofHours(1)), "1s",
              "How long an open multiline event waits for more lines.")
          .perInput();

  public static final Setting<Integer> MULTILINE_MAX_LINES =
      Setting.of("multiline-max-lines", "N", integer(1, 1_000_000), "1000", "Most lines joined into one event.")
          .perInput();

  public static final Setting<ParserConfig.Kind> PARSER =
      Setting.of("parser", "PARSER", choice(ParserConfig.Kind.class), "plain", "How lines become events.").perInput();

  public static final Setting<String> TIMESTAMP_REGEX =
      Setting.of("timestamp-regex", "REGEX", regex(), null,
              "plain: a regex whose first group (or group 'ts') holds the event time. Without it: the read time.")
          .perInput();

  public static final Setting<String> TIMESTAMP_FORMAT =
      Setting.of("timestamp-format", "FORMAT", text(), null,
              "A DateTimeFormatter pattern, or ISO8601, EPOCH_MILLIS, EPOCH_SECONDS (default ISO8601).")
          .perInput();

  public static final Setting<String> JSON_TIMESTAMP_FIELD =
      Setting.of("json-timestamp-field", "FIELD", text(), null,
              "json: the top-level field holding the event time. Without it: the read time.")
          .perInput();

  public static final Setting<ReadFrom> READ_FROM =
      Setting.of("read-from", "WHERE", choice(ReadFrom.class), "head",
              "Where files found at the first start (no checkpoint yet) begin: head (everything) or tail (only new lines).")
          .perInput();

  public static final Setting<Duration> IGNORE_OLDER =
      Setting.of("ignore-older", "DURATION", duration(Duration.ofSeconds(1), null), null,
              "At the first start, skip what files last modified longer ago than this hold (their new lines are still read).")
          .perInput();

  // --- process: one value for all inputs ------------------------------------------------------------------------

  public static final Setting<Path> CHECKPOINT_DIR =
      Setting.of("checkpoint-dir", "DIR", path(), null,
          "Where checkpoints, the lock and the dead-letter file live; must survive restarts. Required.");

  public static final Setting<SinkKind> SINK =
      Setting.of("sink", "SINK", choice(SinkKind.class), "cloudwatch", "Where events go.");

  public static final Setting<String> REGION =
      Setting.of("region", "REGION", text(), null,
          "AWS region (else AWS_REGION, AWS_DEFAULT_REGION). Required for cloudwatch unless --endpoint is given.");

  public static final Setting<URI> ENDPOINT =
      Setting.of("endpoint", "URL", httpUrl(), null, "CloudWatch Logs endpoint override (a local endpoint, moto, LocalStack).");

  public static final Setting<Path> TRUST_STORE =
      Setting.of("trust-store", "FILE", path(), null,
          "Certificates (PEM, PKCS12 or JKS) trusted for TLS instead of the JDK's, for a self-signed endpoint.");

  public static final Setting<String> TRUST_STORE_PASSWORD =
      Setting.of("trust-store-password", "PASSWORD", text(), null,
          "Integrity password of a PKCS12/JKS --trust-store, if it needs one.");

  public static final Setting<String> ROLE_ARN =
      Setting.of("role-arn", "ARN", text(), null,
          "An IAM role to assume (STS AssumeRole) with the default credentials, so logferry ships under its own role.");

  public static final Setting<String> ROLE_SESSION_NAME =
      Setting.of("role-session-name", "NAME", text(), "logferry", "Session name of the assumed role (shown in CloudTrail).");

  public static final Setting<URI> STS_ENDPOINT =
      Setting.of("sts-endpoint", "URL", httpUrl(), null, "STS endpoint override for --role-arn (a VPC endpoint, moto).");

  public static final Setting<Boolean> CREATE_GROUP =
      Setting.of("create-group", "BOOL", bool(), "true", "Create the log group when it is missing (--no-create-group: never).");

  public static final Setting<Boolean> CREATE_STREAM =
      Setting.of("create-stream", "BOOL", bool(), "true", "Create the log stream when it is missing (--no-create-stream: never).");

  public static final Setting<Integer> RETENTION_DAYS_SETTING =
      Setting.of("retention-days", "DAYS", oneOf(RETENTION_DAYS), null, "Retention set on log groups logferry creates.");

  public static final Setting<String> KMS_KEY =
      Setting.of("kms-key", "ARN", text(), null, "KMS key ARN that encrypts log groups logferry creates.");

  public static final Setting<GroupClass> LOG_GROUP_CLASS =
      Setting.of("log-group-class", "CLASS", choice(GroupClass.class), null,
          "Class of log groups logferry creates (CloudWatch's default: standard).");

  public static final Setting<Map<String, String>> GROUP_TAGS =
      Setting.of("group-tags", "KEY=VALUE", map(MAX_GROUP_TAGS), null, "Tags on log groups logferry creates.");

  public static final Setting<Integer> MAX_CONCURRENCY_SETTING =
      Setting.of("max-concurrency", "N", integer(1, MAX_CONCURRENCY), "4", "PutLogEvents requests in flight at once.");

  public static final Setting<Duration> MAX_RETRY_DURATION =
      Setting.of("max-retry-duration", "DURATION", duration(Duration.ZERO, Duration.ofDays(1)), "5m",
          "How long one batch is retried before the sink gives up on it.");

  public static final Setting<Duration> REQUEST_TIMEOUT =
      Setting.of("request-timeout", "DURATION", duration(POSITIVE, Duration.ofMinutes(10)), "30s", "Timeout of one HTTP attempt.");

  public static final Setting<Boolean> EXACTLY_ONCE =
      Setting.of("exactly-once", "BOOL", bool(), "false",
          "Journal each request before it is sent; after a crash (SIGKILL, OOM kill) read the streams back and skip "
              + "what CloudWatch already holds, re-sending what cannot be decided. Costs one fsync per group of requests.");

  public static final Setting<Duration> RECONCILE_TIMEOUT =
      Setting.of("reconcile-timeout", "DURATION", duration(POSITIVE, Duration.ofHours(1)), "30s",
          "With --exactly-once: the longest a restart spends reading streams back (GetLogEvents, at most "
              + io.logferry.sink.cloudwatch.CloudWatchLimits.RECONCILE_GET_LOG_EVENTS_PER_SECOND
              + " per second); what is not decided by then is re-sent.");

  public static final Setting<Path> DEAD_LETTER_FILE =
      Setting.of("dead-letter-file", "FILE", path(), null,
          "Where events CloudWatch rejects go, as JSON lines (default <checkpoint-dir>/" + ExporterOptions.DEAD_LETTER_FILE_NAME + ").");

  public static final Setting<Long> MAX_LINE_BYTES =
      Setting.of("max-line-bytes", "SIZE", size(ConfigValidator.MIN_LINE_BYTES, 1L << 30), "1MiB",
          "Most bytes of one line held at once; longer lines are read in pieces, never dropped.");

  public static final Setting<OversizePolicy> OVERSIZE =
      Setting.of("oversize", "POLICY", choice(OversizePolicy.class), "split", "A line longer than one event may be: split or truncate.");

  public static final Setting<Long> BUFFER_BYTES =
      Setting.of("buffer-bytes", "SIZE", size(1024, 1L << 40), "32MiB",
          "Budget for events read but not yet acknowledged, shared by all inputs; reading pauses above it.");

  // --- one command only -----------------------------------------------------------------------------------------

  public static final Setting<Duration> MAX_DURATION =
      Setting.of("max-duration", "DURATION", duration(POSITIVE, null), null,
              "Time budget of the whole run (e.g. 4m): reading stops early enough to ship and checkpoint, then exit 3. "
                  + "Keep it below the Job's activeDeadlineSeconds.")
          .only(Mode.RUN_ONCE);

  public static final Setting<Duration> FLUSH_INTERVAL =
      Setting.of("flush-interval", "DURATION", duration(POSITIVE, Duration.ofMinutes(10)), "1s",
              "Longest an event waits in a partly filled batch.")
          .only(Mode.FOLLOW);

  public static final Setting<Duration> DRAIN_DEADLINE =
      Setting.of("drain-deadline", "DURATION", duration(POSITIVE, Duration.ofHours(1)), "20s",
              "On SIGTERM: how long to read to the end, ship and checkpoint before giving up (exit 3). "
                  + "Keep it below terminationGracePeriodSeconds.")
          .only(Mode.FOLLOW);

  public static final Setting<Duration> POLL_INTERVAL =
      Setting.of("poll-interval", "DURATION", duration(POSITIVE, Duration.ofMinutes(10)), "250ms",
              "How often tailed files are checked for new data.")
          .only(Mode.FOLLOW);

  public static final Setting<Duration> SCAN_INTERVAL =
      Setting.of("scan-interval", "DURATION", duration(POSITIVE, Duration.ofHours(1)), "1s",
              "How often the globs are matched again for new, renamed and deleted files.")
          .only(Mode.FOLLOW);

  public static final Setting<Duration> CHECKPOINT_INTERVAL =
      Setting.of("checkpoint-interval", "DURATION", duration(POSITIVE, Duration.ofHours(1)), "100ms",
              "Shortest gap between two checkpoint writes: acknowledged offsets are written as they advance, at most "
                  + "once per interval.")
          .only(Mode.FOLLOW);

  // --- the HTTP face of follow and logferry's own output --------------------------------------------------------

  public static final Setting<Integer> HTTP_PORT =
      Setting.of("http-port", "PORT", integer(0, 65_535), "" + ServeOptions.DEFAULT_HTTP_PORT,
              "Port of the health (/q/health/live, /q/health/ready, /q/health/started) and metrics (/q/metrics) server, "
                  + "opened only once the options are valid; 0 picks a free port.")
          .only(Mode.FOLLOW);

  public static final Setting<ServeOptions.ReadinessMode> READINESS =
      Setting.of("readiness", "running|sink", choice(ServeOptions.ReadinessMode.class), "running",
              "What readiness follows. running: the exporter runs, so a CloudWatch outage never takes the app's pod "
                  + "out of its Services. sink: also CloudWatch accepting batches (opt-in; for a DaemonSet or a dedicated pod).")
          .only(Mode.FOLLOW);

  public static final Setting<LogFormat> LOG_FORMAT =
      Setting.of("log-format", "text|json", choice(LogFormat.class), "text",
          "logferry's own lines on stderr: text (logferry: ...) or json, one object per line.");

  /** All options, in help order. */
  public static final List<Setting<?>> ALL =
      List.of(
          CONFIG, INCLUDE, EXCLUDE, GROUP, STREAM, CHECKPOINT_DIR, SINK, REGION, ENDPOINT, TRUST_STORE,
          TRUST_STORE_PASSWORD, ROLE_ARN, ROLE_SESSION_NAME, STS_ENDPOINT, CREATE_GROUP, CREATE_STREAM,
          RETENTION_DAYS_SETTING, KMS_KEY, LOG_GROUP_CLASS, GROUP_TAGS, MAX_CONCURRENCY_SETTING, MAX_RETRY_DURATION,
          REQUEST_TIMEOUT, EXACTLY_ONCE, RECONCILE_TIMEOUT, DEAD_LETTER_FILE, READ_FROM, IGNORE_OLDER, MULTILINE, MULTILINE_START, MULTILINE_TIMEOUT,
          MULTILINE_MAX_LINES, PARSER, TIMESTAMP_REGEX, TIMESTAMP_FORMAT, JSON_TIMESTAMP_FIELD, MAX_LINE_BYTES, OVERSIZE,
          BUFFER_BYTES, MAX_DURATION, FLUSH_INTERVAL, DRAIN_DEADLINE, POLL_INTERVAL, SCAN_INTERVAL, CHECKPOINT_INTERVAL,
          HTTP_PORT, READINESS, LOG_FORMAT);

  /** The declaration with {@code key}, or {@code null}. */
  static Setting<?> byKey(String key) {
    for (Setting<?> s : ALL) {
      if (s.key().equals(key)) return s;
    }
    return null;
  }
}
