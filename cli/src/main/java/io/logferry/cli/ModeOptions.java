package io.logferry.cli;

/**
 * Which command is running. {@link RunOnceOptions} and {@link FollowOptions} implement it; the options only one
 * command has are declared in {@link Settings} with their mode, and the other command keeps the core's defaults.
 */
public interface ModeOptions {

  /** The mode's name as the user types it, for messages and the summary. */
  String mode();

  /** The mode, to select its options. */
  Setting.Mode kind();
}
