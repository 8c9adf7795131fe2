package io.logferry.cli;

import picocli.CommandLine.Command;

/**
 * Marks a command as {@code follow} (the sidecar): its own options, such as {@code --drain-deadline}, are in
 * {@link Settings}.
 */
// @Command only so that picocli accepts a mixin without options of its own.
@Command
public final class FollowOptions implements ModeOptions {

  @Override
  public String mode() {
    return "follow";
  }

  @Override
  public Setting.Mode kind() {
    return Setting.Mode.FOLLOW;
  }
}
