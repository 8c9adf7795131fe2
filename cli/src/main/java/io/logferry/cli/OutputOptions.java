package io.logferry.cli;

import io.logferry.runtime.RunSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Output and the one error handler (the shape of the Quarkus CLI's {@code OutputOptionMixin}): an exception becomes
 * one line {@code logferry: <message>} and an exit code ({@link ExitCodes#from(Throwable)}); {@code --verbose} adds the
 * stack trace. Everything printed goes through {@link Redactor}.
 */
public final class OutputOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = {"-e", "--verbose"},
      description = "Print stack traces with errors, and every file added, rotated or truncated.")
  boolean verbose;

  @Option(
      names = "--summary-json",
      description = "Print the run summary as one JSON object on stdout instead of the line for humans on stderr.")
  boolean summaryJson;

  @Option(
      names = "--log-format",
      defaultValue = "text",
      paramLabel = "text|json",
      description = "logferry's own lines on stderr: text (default) or json, one object per line. Default: ${DEFAULT-VALUE}.")
  LogFormat logFormat = LogFormat.TEXT;

  public boolean verbose() {
    return verbose;
  }

  public LogFormat logFormat() {
    return logFormat;
  }

  public PrintWriter err() {
    return mixee.commandLine().getErr();
  }

  public PrintWriter out() {
    return mixee.commandLine().getOut();
  }

  /** Prints one line on stderr, redacted: {@code logferry: <line>}, or a JSON object with {@code --log-format json}. */
  public void info(String line) {
    print("INFO", Redactor.redact(line), null);
  }

  private void print(String level, String message, String exception) {
    PrintWriter err = err();
    err.println(logFormat.line(Instant.now(), level, "logferry." + mixee.name(), message, exception));
    err.flush();
  }

  /**
   * Reports the exception that ended the command and returns its exit code.
   *
   * @param context what was being done, e.g. "run-once", or {@code null}
   */
  public int handleCommandException(Throwable error, String context) {
    int code = ExitCodes.from(error);
    String message = ErrorMessages.describe(error);
    if (logFormat == LogFormat.JSON) {
      String trace = null;
      if (verbose) {
        StringWriter t = new StringWriter();
        error.printStackTrace(new PrintWriter(t));
        trace = Redactor.redact(t.toString());
      }
      print("ERROR", Redactor.redact(context == null ? message : context + ": " + message), trace);
      return code;
    }
    info(context == null ? message : context + ": " + message);
    if (verbose) {
      StringWriter trace = new StringWriter();
      error.printStackTrace(new PrintWriter(trace));
      err().print(Redactor.redact(trace.toString()));
      err().flush();
    } else if (code != ExitCodes.USAGE) {
      err().println("logferry: (rerun with --verbose for the stack trace)");
      err().flush();
    }
    return code;
  }

  /**
   * Prints the summary and returns the run's exit code. JSON goes to stdout unless stdout carries the events
   * ({@code --sink stdout}), then to stderr.
   */
  public int printSummary(String mode, RunSummary summary, boolean stdoutCarriesEvents) {
    int code = ExitCodes.from(summary);
    if (summaryJson) {
      PrintWriter target = stdoutCarriesEvents ? err() : out();
      target.println(SummaryPrinter.json(mode, summary, code));
      target.flush();
    } else {
      info(SummaryPrinter.human(mode, summary));
    }
    return code;
  }
}
