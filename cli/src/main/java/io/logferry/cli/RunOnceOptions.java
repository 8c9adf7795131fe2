package io.logferry.cli;

import picocli.CommandLine.Command;

/** Marks a command as {@code run-once} (the CronJob): its own options, such as {@code --max-duration}, are in {@link Settings}. */
// @Command only so that picocli accepts a mixin without options of its own.
@Command
public final class RunOnceOptions implements ModeOptions {

  @Override
  public String mode() {
    return "run-once";
  }

  @Override
  public Setting.Mode kind() {
    return Setting.Mode.RUN_ONCE;
  }
}
