package io.logferry;

import io.logferry.pipeline.BatchLimits;
import io.logferry.pipeline.EventAssemblers;
import java.util.function.Function;
import java.nio.file.FileSystems;
import java.time.Duration;

/**
 * Checks an {@link ExporterConfig} before anything runs (Vector's validate step): every problem is a
 * {@link ConfigException} whose message names the setting and what is expected.
 */
public final class ConfigValidator {

  private ConfigValidator() {}

  public static void validate(ExporterConfig c, BatchLimits limits, Function<String, String> env) {
    if (c.include().isEmpty()) throw new ConfigException("include: at least one file pattern is required");
    for (String glob : c.include()) checkGlob("include", glob);
    for (String glob : c.exclude()) checkGlob("exclude", glob);
    if (c.checkpointDir() == null) throw new ConfigException("checkpoint-dir: a directory is required");
    positive("scan-interval", c.scanInterval());
    positive("poll-interval", c.pollInterval());
    positive("flush-interval", c.flushInterval());
    positive("drain-deadline", c.drainDeadline());
    positive("checkpoint-interval", c.checkpointInterval());
    if (c.maxDuration() != null) positive("max-duration", c.maxDuration());
    if (c.bufferBytes() <= 0) throw new ConfigException("buffer-bytes: must be positive, got " + c.bufferBytes());
    if (c.groupTemplate() == null || c.groupTemplate().isBlank()) throw new ConfigException("group: a name or template is required");
    if (c.streamTemplate() == null || c.streamTemplate().isBlank()) throw new ConfigException("stream: a name or template is required");
    if (c.lines() == null || c.lines().oversize() == null) throw new ConfigException("max-line-bytes/oversize: required");
    if (c.lines().maxLineBytes() < 1024) {
      throw new ConfigException("max-line-bytes: must be at least 1024, got " + c.lines().maxLineBytes());
    }
    if (c.multiline() == null) throw new ConfigException("multiline: required (use MultilineConfig.NONE)");
    if (c.multiline().enabled()) {
      positive("multiline-timeout", c.multiline().flushTimeout());
      if (c.multiline().maxLines() < 1) throw new ConfigException("multiline-max-lines: must be at least 1");
    }
    ExporterConfig.ParserConfig p = c.parser();
    if (p == null || p.kind() == null) throw new ConfigException("parser: required (plain or json)");
    if (p.timestampRegex() != null && p.timestampFormat() == null) {
      throw new ConfigException("timestamp-format: required with timestamp-regex");
    }
    // Templates, the environment they need, the multiline pattern and the timestamp settings are checked by the
    // assembler that will use them, so the rules live in one place.
    EventAssemblers.validate(c, limits, env);
  }

  private static void checkGlob(String name, String glob) {
    if (glob == null || glob.isBlank()) throw new ConfigException(name + ": an empty file pattern");
    try {
      FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name + ": invalid glob '" + glob + "': " + e.getMessage());
    }
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new ConfigException(name + ": must be a positive duration, got " + d);
    }
  }
}
