package io.logferry.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Sets up a {@link CommandLine} the same way in both packagings: the declared options ({@link Settings}), defaults of
 * the other options from the environment and properties,
 * case-insensitive enum values ({@code --sink stdout}), and usage errors as one line with exit code 2.
 */
public final class LogferryCommandLine {

  private LogferryCommandLine() {}

  public static CommandLine configure(CommandLine commandLine, EnvironmentDefaults defaults) {
    CommandOptions.installAll(commandLine, defaults);
    commandLine.setDefaultValueProvider(defaults);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setParameterExceptionHandler(new UsageErrorHandler(defaults));
    commandLine.setExecutionExceptionHandler(
        (error, cl, parseResult) -> {
          // Commands handle their own exceptions through OutputOptions; this catches anything that escapes.
          PrintWriter err = cl.getErr();
          err.println("logferry: " + ErrorMessages.describe(error));
          err.flush();
          return ExitCodes.from(error);
        });
    return commandLine;
  }

  /** One line naming the option (and where its value came from), then a pointer to --help. */
  static final class UsageErrorHandler implements IParameterExceptionHandler {
    private final EnvironmentDefaults defaults;

    UsageErrorHandler(EnvironmentDefaults defaults) {
      this.defaults = defaults;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
      CommandLine cl = ex.getCommandLine();
      PrintWriter err = cl.getErr();
      String message = ex.getMessage();
      ArgSpec arg = ex.getArgSpec();
      if (arg instanceof OptionSpec option && !cl.getParseResult().hasMatchedOption(option)) {
        String origin = defaults.origin(option.longestName()).orElse(null);
        if (origin != null) message = message + " (from " + origin + ")";
      }
      err.println("logferry: " + Redactor.redact(message));
      err.println("logferry: see '" + cl.getCommandSpec().qualifiedName() + " --help'");
      err.flush();
      return ExitCodes.USAGE;
    }
  }
}
