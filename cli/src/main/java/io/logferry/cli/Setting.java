package io.logferry.cli;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One option, declared once (Fluent Bit's {@code config_map}): its key, type, default, bounds and help. The same
 * declaration becomes the command-line flag {@code --key}, the environment variable {@code LOGFERRY_KEY}, the property
 * {@code logferry.key} and the config-file key {@code key:} ({@link Settings} lists them all;
 * {@link CommandOptions} turns them into picocli options; {@link SettingSources} resolves and checks values).
 *
 * @param key the long option name without dashes, also the config-file key: {@code max-line-bytes}
 * @param label the placeholder in help: {@code SIZE}
 * @param type how text (or a YAML list or map) becomes a value, and which values are allowed
 * @param defaultText the default as a user would write it ({@code "1MiB"}), or {@code null} for none
 * @param help one or two sentences; the default, the variable and the allowed values are appended by the help
 * @param scope where the key may appear in the config file
 * @param modes the commands that have the option
 */
public record Setting<T>(
    String key, String label, SettingType<T> type, String defaultText, String help, Scope scope, Set<Mode> modes) {

  /** Where a setting may be given in the config file. */
  public enum Scope {
    /** Top level only: one value for the process. */
    PROCESS,
    /** Top level (the default of every input) or inside an entry of {@code inputs:}. */
    INPUT,
    /** Command line and environment only (the config file's own location). */
    COMMAND_LINE
  }

  /** The commands. */
  public enum Mode {
    RUN_ONCE,
    FOLLOW;

    public static final Set<Mode> BOTH = EnumSet.allOf(Mode.class);
  }

  public Setting {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(help, "help");
    modes = Set.copyOf(modes);
    if (defaultText != null) type.parse(defaultText); // a default that does not pass its own checks is a bug
  }

  /** {@code --max-line-bytes}. */
  public String flag() {
    return "--" + key;
  }

  /** {@code LOGFERRY_MAX_LINE_BYTES}. */
  public String variable() {
    return "LOGFERRY_" + key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  /** {@code logferry.max-line-bytes}. */
  public String property() {
    return EnvironmentDefaults.PREFIX + key;
  }

  /** The default value, or {@code null}. */
  public T defaultValue() {
    return defaultText == null ? null : type.parse(defaultText);
  }

  static <T> Setting<T> of(String key, String label, SettingType<T> type, String defaultText, String help) {
    return new Setting<>(key, label, type, defaultText, help, Scope.PROCESS, Mode.BOTH);
  }

  Setting<T> perInput() {
    return new Setting<>(key, label, type, defaultText, help, Scope.INPUT, modes);
  }

  Setting<T> commandLineOnly() {
    return new Setting<>(key, label, type, defaultText, help, Scope.COMMAND_LINE, modes);
  }

  Setting<T> only(Mode mode) {
    return new Setting<>(key, label, type, defaultText, help, scope, EnumSet.of(mode));
  }
}
