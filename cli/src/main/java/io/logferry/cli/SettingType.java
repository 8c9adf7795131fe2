package io.logferry.cli;

import java.util.List;
import java.util.Map;

/**
 * How one kind of option value is read and which values are allowed. {@link #parse} throws
 * {@link IllegalArgumentException} with a message about the value only; {@link SettingSources} adds the key and where
 * the value came from. Built by {@link SettingTypes}.
 */
public interface SettingType<T> {

  /** The value written as text (a flag's argument, a variable, a YAML scalar). */
  T parse(String text);

  /** The allowed values, for help and errors: {@code "a size from 16 to 1GiB"}, {@code "java, python, go"}. */
  String allowed();

  /** A YAML sequence (or repeated flags); only list types accept one. */
  default T fromList(List<String> values) {
    if (values.size() == 1) return parse(values.get(0));
    throw new IllegalArgumentException("expects one value, not a list");
  }

  /** A YAML mapping; only map types accept one. */
  default T fromMap(Map<String, String> values) {
    throw new IllegalArgumentException("expects one value, not a mapping");
  }

  /** Repeatable on the command line, comma-separated in a variable. */
  default boolean repeatable() {
    return false;
  }

  /** A switch: {@code --x} alone means true, {@code --no-x} false. */
  default boolean isSwitch() {
    return false;
  }
}
