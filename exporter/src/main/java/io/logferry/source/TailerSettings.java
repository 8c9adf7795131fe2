package io.logferry.source;

import io.logferry.config.ExporterConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link FileTailer} discovers and reads files (Fluent Bit's {@code config_map} of {@code in_tail}).
 *
 * @param include globs of files to tail (absolute, or relative to the working directory); see {@link GlobPathsProvider}
 * @param exclude globs of files never to tail, even when included
 * @param scanInterval how often the globs are re-evaluated (new files, renames, deletions); Fluent Bit's
 *     {@code refresh_interval}
 * @param maxLineBytes the longest piece a line is handed over in; a longer line is handed over in several pieces,
 *     never dropped (at least {@link #MIN_LINE_BYTES})
 * @param rotateWait how long a file that left its path (renamed away or deleted) is still watched for bytes its
 *     writer appends through an old descriptor, once read to its end, before it is ended; Fluent Bit's
 *     {@code rotate_wait}
 */
public record TailerSettings(
    List<String> include, List<String> exclude, Duration scanInterval, int maxLineBytes, Duration rotateWait) {

  public static final Duration DEFAULT_SCAN_INTERVAL = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
  public static final Duration DEFAULT_ROTATE_WAIT = Duration.ofSeconds(5);

  /** UTF-8 needs up to 4 bytes per character; a piece must hold at least one after backing off 3 bytes. */
  public static final int MIN_LINE_BYTES = 16;

  public TailerSettings {
    Objects.requireNonNull(include, "include");
    if (include.isEmpty()) {
      throw new IllegalArgumentException("include: at least one glob is required");
    }
    include = List.copyOf(include);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
    Objects.requireNonNull(scanInterval, "scanInterval");
    if (scanInterval.isNegative()) {
      throw new IllegalArgumentException("scanInterval: must not be negative, was " + scanInterval);
    }
    if (maxLineBytes < MIN_LINE_BYTES) {
      throw new IllegalArgumentException("maxLineBytes: must be at least " + MIN_LINE_BYTES + ", was " + maxLineBytes);
    }
    Objects.requireNonNull(rotateWait, "rotateWait");
    if (rotateWait.isNegative()) {
      throw new IllegalArgumentException("rotateWait: must not be negative, was " + rotateWait);
    }
  }

  /**
   * The tailer part of an exporter configuration: its globs, scan interval and line limit, with the default
   * {@code rotateWait}.
   */
  public static TailerSettings from(ExporterConfig config) {
    return new TailerSettings(config.include(), config.exclude(), config.scanInterval(), config.lines().maxLineBytes(),
        DEFAULT_ROTATE_WAIT);
  }

  /** The defaults for {@code include}, excluding nothing. */
  public static TailerSettings defaults(List<String> include) {
    return new TailerSettings(include, List.of(), DEFAULT_SCAN_INTERVAL, DEFAULT_MAX_LINE_BYTES, DEFAULT_ROTATE_WAIT);
  }
}
