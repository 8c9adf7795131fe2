package io.logferry.k8s.sidecar;

import io.logferry.cli.LogFormat;
import io.logferry.cli.Redactor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;

/**
 * {@code --log-format json} for the log lines of {@code follow}: one JSON object per line, the same fields as the
 * command's own lines ({@link LogFormat#JSON}). Installed by {@link FollowCommand} once its options are parsed, on
 * every handler under the root logger (Quarkus nests its console handler inside a delayed handler). Lines logged before
 * that (none at the default levels: the banner is off and Quarkus logs at WARN) keep the text format.
 */
final class JsonLogFormatter extends ExtFormatter {

  @Override
  public String format(ExtLogRecord record) {
    String exception = null;
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      exception = Redactor.redact(trace.toString());
    }
    return LogFormat.JSON.line(record.getInstant(), record.getLevel().getName(), String.valueOf(record.getLoggerName()),
            Redactor.redact(String.valueOf(record.getFormattedMessage())), exception)
        + System.lineSeparator();
  }

  /** Sets this formatter on every handler of the root logger, nested ones included. */
  static void install() {
    JsonLogFormatter formatter = new JsonLogFormatter();
    for (Handler h : Logger.getLogger("").getHandlers()) install(h, formatter);
  }

  private static void install(Handler handler, JsonLogFormatter formatter) {
    handler.setFormatter(formatter);
    if (handler instanceof ExtHandler ext) {
      for (Handler nested : ext.getHandlers()) install(nested, formatter);
    }
  }
}
