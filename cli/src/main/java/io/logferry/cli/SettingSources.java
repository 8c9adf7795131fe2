package io.logferry.cli;

import io.logferry.cli.ConfigFile.Entry;
import io.logferry.cli.ConfigFile.InputEntry;
import io.logferry.config.ConfigException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Resolves every declared option from its sources, and checks each value once, against its declaration. Precedence,
 * highest first:
 *
 * <ol>
 *   <li>the flag ({@code --group}), or for {@code include} the globs given as arguments;
 *   <li>the environment variable ({@code LOGFERRY_GROUP});
 *   <li>the config file's top level ({@code group:}); inside {@code inputs:}, an input's own key comes first of all;
 *   <li>the property ({@code logferry.group}): a system property, or in the Quarkus apps {@code application.properties}
 *       (where the container images keep their defaults, so a config file overrides them);
 *   <li>for {@code region} only: {@code AWS_REGION}, then {@code AWS_DEFAULT_REGION};
 *   <li>the declared default.
 * </ol>
 *
 * A bad value is a {@link ConfigException} naming the option, where the value came from and what is allowed.
 */
final class SettingSources {

  /** A resolved value and where it came from; {@code value} is {@code null} when the option is not set anywhere. */
  record Value<T>(T value, Origin origin) {
    boolean isSet() {
      return value != null;
    }
  }

  private final ParseResult parsed;
  private final List<String> arguments;
  private final EnvironmentDefaults environment;
  private final ConfigFile file;

  SettingSources(ParseResult parsed, List<String> arguments, EnvironmentDefaults environment, ConfigFile file) {
    this.parsed = parsed;
    this.arguments = arguments == null ? List.of() : List.copyOf(arguments);
    this.environment = environment;
    this.file = file;
  }

  ConfigFile file() {
    return file;
  }

  EnvironmentDefaults environment() {
    return environment;
  }

  /** The process-wide (top-level) value of {@code s}. */
  <T> Value<T> get(Setting<T> s) {
    Value<T> v = fromCommandLine(s);
    if (v != null) return v;
    String variable = environment.env(s.variable()).filter(x -> !x.isEmpty()).orElse(null);
    if (variable != null) return convert(s, variable, Origin.variable(s.variable()), null);
    if (file != null && file.top(s.key()) != null) return convert(s, file.top(s.key()), null);
    String property = environment.property(s.property()).orElse(null);
    if (property != null) return convert(s, property, Origin.property(s.property()), null);
    if (s == Settings.REGION) {
      for (String name : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
        String region = environment.env(name).filter(x -> !x.isEmpty()).orElse(null);
        if (region != null) return convert(s, region, Origin.variable(name), null);
      }
    }
    return new Value<>(s.defaultValue(), Origin.DEFAULT);
  }

  /** The value of {@code s} for one input: the input's own key, else the top-level value. */
  <T> Value<T> get(Setting<T> s, InputEntry input) {
    if (input != null && input.keys().containsKey(s.key())) return convert(s, input.keys().get(s.key()), input);
    return get(s);
  }

  /** The value, or a {@link ConfigException} saying where to set it when it is set nowhere. */
  <T> Value<T> require(Setting<T> s, InputEntry input, String why) {
    Value<T> v = get(s, input);
    if (v.isSet()) return v;
    String where = input == null
        ? s.flag() + ", " + s.variable() + " or '" + s.key() + ":' in the config file"
        : "'" + s.key() + ":' in " + input.name() + " (" + input.origin() + ") or at the top level";
    throw new ConfigException(name(s, input) + " is required: " + why + " (set " + where + ")");
  }

  /** How a message names {@code s}: {@code --group}, or {@code inputs[2].group}. */
  static String name(Setting<?> s, InputEntry input) {
    return input == null ? s.flag() : input.name() + "." + s.key();
  }

  /** {@code --group (from variable LOGFERRY_GROUP)}: the option as a message names it, with a non-flag origin. */
  static String describe(Setting<?> s, InputEntry input, Origin origin) {
    String name = origin.kind() == Origin.Kind.FILE && input == null ? s.key() : name(s, input);
    if (origin.kind() == Origin.Kind.FLAG || origin.kind() == Origin.Kind.DEFAULT) return name;
    if (origin.kind() == Origin.Kind.ARGUMENT) return "GLOB argument";
    return name + " (from " + origin + ")";
  }

  private <T> Value<T> fromCommandLine(Setting<T> s) {
    if (s == Settings.INCLUDE && !arguments.isEmpty()) {
      List<String> all = new java.util.ArrayList<>(arguments);
      if (parsed != null && parsed.hasMatchedOption(s.flag())) all.addAll(0, parsed.matchedOptionValue(s.flag(), List.of()));
      @SuppressWarnings("unchecked")
      Value<T> v = (Value<T>) convert(Settings.INCLUDE, String.join(",", all), Origin.ARGUMENT, null);
      return v;
    }
    if (parsed == null) return null;
    if (s.type().isSwitch() && parsed.hasMatchedOption(CommandOptions.negated(s))) {
      return convert(s, "false", Origin.flag(CommandOptions.negated(s)), null);
    }
    OptionSpec option = parsed.matchedOption(s.flag());
    if (option == null) return null;
    if (s.type().isSwitch()) return convert(s, "true", Origin.flag(s.flag()), null);
    Object raw = option.getValue();
    if (raw instanceof List<?> list) {
      List<String> values = list.stream().map(String::valueOf).toList();
      return convert(s, new Entry(values, Origin.flag(s.flag())), null);
    }
    return convert(s, raw == null ? "" : raw.toString(), Origin.flag(s.flag()), null);
  }

  private <T> Value<T> convert(Setting<T> s, String text, Origin origin, InputEntry input) {
    return convert(s, new Entry(text, origin), input);
  }

  @SuppressWarnings("unchecked")
  private <T> Value<T> convert(Setting<T> s, Entry entry, InputEntry input) {
    try {
      T value;
      if (entry.value() instanceof List<?> list) {
        value = s.type().fromList((List<String>) list);
      } else if (entry.value() instanceof Map<?, ?> map) {
        value = s.type().fromMap((Map<String, String>) map);
      } else {
        value = s.type().parse((String) entry.value());
      }
      return new Value<>(value, entry.origin());
    } catch (IllegalArgumentException e) {
      String shown = entry.value() instanceof String text ? " '" + Redactor.redact(text) + "'" : "";
      String secret = s == Settings.TRUST_STORE_PASSWORD ? "" : shown;
      throw new ConfigException(
          describe(s, input, entry.origin()) + secret + ": " + e.getMessage() + "; allowed: " + s.type().allowed());
    }
  }
}
