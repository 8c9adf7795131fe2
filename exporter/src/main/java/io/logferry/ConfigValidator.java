package io.logferry;

import io.logferry.config.ConfigException;
import io.logferry.config.ExporterConfig;
import io.logferry.config.InputConfig;
import io.logferry.pipeline.BatchLimits;
import io.logferry.pipeline.EventAssemblers;
import io.logferry.pipeline.EventFilter;
import io.logferry.source.TailerSettings;
import java.nio.file.FileSystems;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Checks an {@link ExporterConfig} before anything runs (Vector's validate step): every problem is a
 * {@link ConfigException} whose message names the setting and what is expected.
 */
public final class ConfigValidator {

  /**
   * The smallest {@code max-line-bytes}: the tailer's own floor (one UTF-8 character after backing off 3 bytes).
   * The one lower bound, shared with the CLI's declaration of the option.
   */
  public static final int MIN_LINE_BYTES = TailerSettings.MIN_LINE_BYTES;

  private ConfigValidator() {}

  public static void validate(ExporterConfig c, BatchLimits limits, Function<String, String> env) {
    if (c.checkpointDir() == null) throw new ConfigException("checkpoint-dir: a directory is required");
    positive("scan-interval", c.scanInterval());
    positive("poll-interval", c.pollInterval());
    positive("flush-interval", c.flushInterval());
    positive("drain-deadline", c.drainDeadline());
    positive("checkpoint-interval", c.checkpointInterval());
    if (c.maxDuration() != null) positive("max-duration", c.maxDuration());
    if (c.bufferBytes() <= 0) throw new ConfigException("buffer-bytes: must be positive, got " + c.bufferBytes());
    if (c.lines() == null || c.lines().oversize() == null) throw new ConfigException("max-line-bytes/oversize: required");
    if (c.lines().maxLineBytes() < MIN_LINE_BYTES) {
      throw new ConfigException(
          "max-line-bytes: must be at least " + MIN_LINE_BYTES + ", got " + c.lines().maxLineBytes());
    }
    List<InputConfig> inputs = c.effectiveInputs();
    for (int i = 0; i < inputs.size(); i++) {
      InputConfig in = inputs.get(i);
      validate(c.forInput(in), inputs.size() == 1 ? "" : "inputs[" + (i + 1) + "] (" + in.name() + ") ", limits, env);
      EventFilter.validate(in.filters(), inputs.size() == 1 ? "" : "inputs[" + (i + 1) + "].");
      if (in.ignoreOlder() != null) positive(inputs.size() == 1 ? "ignore-older" : "inputs[" + (i + 1) + "].ignore-older", in.ignoreOlder());
    }
  }

  /** The settings of one input (its view of the configuration), messages prefixed with {@code where}. */
  private static void validate(ExporterConfig c, String where, BatchLimits limits, Function<String, String> env) {
    try {
      if (c.include().isEmpty()) throw new ConfigException("include: at least one file pattern is required");
      for (String glob : c.include()) checkGlob("include", glob);
      for (String glob : c.exclude()) checkGlob("exclude", glob);
      if (c.groupTemplate() == null || c.groupTemplate().isBlank()) throw new ConfigException("group: a name or template is required");
      if (c.streamTemplate() == null || c.streamTemplate().isBlank()) throw new ConfigException("stream: a name or template is required");
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
    } catch (ConfigException e) {
      if (where.isEmpty()) throw e;
      throw new ConfigException(where + e.getMessage(), e);
    }
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
