package io.logferry.k8s.sidecar;

import io.logferry.cli.LogFormat;
import io.logferry.cli.Redactor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The sidecar's log lines: {@code java.util.logging} (part of the JDK, a few dozen classes) on stderr, so that stdout
 * carries only events with {@code --sink stdout}. One line per record in the command's own format ({@link LogFormat}):
 * text by default, one JSON object with {@code --log-format json}; messages and stack traces pass through
 * {@link Redactor}. The AWS SDK's SLF4J logging arrives here through slf4j-jdk14, at WARN and above.
 */
final class SidecarLogging {

  private SidecarLogging() {}

  /** Replaces the root logger's handlers with one stderr handler in {@code format}. */
  static void install(LogFormat format) {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) root.removeHandler(h);
    ConsoleHandler handler = new ConsoleHandler(); // System.err
    handler.setLevel(Level.ALL);
    handler.setFormatter(new LineFormatter(format));
    root.addHandler(handler);
    root.setLevel(Level.INFO);
    Logger.getLogger("software.amazon").setLevel(Level.WARNING);
  }

  static final class LineFormatter extends Formatter {
    private final LogFormat format;

    LineFormatter(LogFormat format) {
      this.format = format;
    }

    @Override
    public String format(LogRecord record) {
      String exception = null;
      if (record.getThrown() != null) {
        StringWriter trace = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(trace));
        exception = Redactor.redact(trace.toString());
      }
      String line = format.line(record.getInstant(), level(record.getLevel()), String.valueOf(record.getLoggerName()),
          Redactor.redact(formatMessage(record)), format == LogFormat.JSON ? exception : null);
      if (format != LogFormat.JSON && exception != null) line = line + System.lineSeparator() + exception.stripTrailing();
      return line + System.lineSeparator();
    }

    private static String level(Level level) {
      if (level.intValue() >= Level.SEVERE.intValue()) return "ERROR";
      if (level.intValue() >= Level.WARNING.intValue()) return "WARN";
      if (level.intValue() >= Level.INFO.intValue()) return "INFO";
      return "DEBUG";
    }
  }
}
