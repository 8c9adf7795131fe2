package io.logferry.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The environment and the properties, as the options see them: {@link SettingSources} reads the declared options
 * ({@link Settings}) from here, and as picocli's default provider it gives the few undeclared ones (output switches
 * such as {@code --verbose}) their {@code LOGFERRY_*} variable or {@code logferry.*} property. For
 * {@code --checkpoint-dir} the property is {@code logferry.checkpoint-dir} and the variable
 * {@code LOGFERRY_CHECKPOINT_DIR}. Properties are system properties in the plain CLI; in the CronJob app anything
 * MicroProfile Config resolves (system property, then {@code application.properties}); in the sidecar jar system
 * properties, then its bundled {@code sidecar.properties}. The precedence of the declared
 * options, config file included, is {@link SettingSources}'s.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {

  /** Prefix of every property key. */
  public static final String PREFIX = "logferry.";

  private final Map<String, String> env;
  private final Function<String, Optional<String>> properties;
  private final Map<String, String> origins = new ConcurrentHashMap<>();

  private EnvironmentDefaults(Map<String, String> env, Function<String, Optional<String>> properties) {
    this.env = Map.copyOf(env);
    this.properties = properties;
  }

  /** The process environment, then system properties. */
  public static EnvironmentDefaults system() {
    return of(System.getenv(), key -> Optional.ofNullable(System.getProperty(key)));
  }

  /** {@code env} first, then {@code properties} (a key such as {@code logferry.group} to its value, if any). */
  public static EnvironmentDefaults of(Map<String, String> env, Function<String, Optional<String>> properties) {
    return new EnvironmentDefaults(env, properties);
  }

  /** The property key of an option: {@code --checkpoint-dir} becomes {@code logferry.checkpoint-dir}. */
  public static String propertyKey(String longOptionName) {
    return PREFIX + longOptionName.replaceFirst("^-+", "");
  }

  /** The environment variable of a key: {@code logferry.checkpoint-dir} becomes {@code LOGFERRY_CHECKPOINT_DIR}. */
  public static String envName(String propertyKey) {
    return propertyKey.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) return null;
    // Declared options are resolved by SettingSources (with the config file between variables and properties).
    if (Settings.byKey(option.longestName().replaceFirst("^-+", "")) != null) return null;
    String key = propertyKey(option.longestName());
    Map<String, String> found = lookup(key);
    if (found.isEmpty()) return null;
    Map.Entry<String, String> first = found.entrySet().iterator().next();
    origins.put(option.longestName(), first.getKey());
    return first.getValue();
  }

  /** Where the default of {@code --option} came from ("environment variable LOGFERRY_X"), if it came from here. */
  public Optional<String> origin(String longOptionName) {
    return Optional.ofNullable(origins.get(longOptionName));
  }

  /** The value of a property such as {@code logferry.group}, if set and not empty. */
  public Optional<String> property(String key) {
    return properties.apply(key).filter(v -> !v.isEmpty());
  }

  /** The value of an environment variable, as this provider sees the environment (for {@code {env:NAME}}). */
  public Optional<String> env(String name) {
    return Optional.ofNullable(env.get(name));
  }

  private Map<String, String> lookup(String key) {
    Map<String, String> result = new LinkedHashMap<>();
    String envName = envName(key);
    String fromEnv = env.get(envName);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      result.put("environment variable " + envName, fromEnv);
      return result;
    }
    Optional<String> fromProperties = properties.apply(key);
    if (fromProperties.isPresent() && !fromProperties.get().isEmpty()) {
      result.put("property " + key, fromProperties.get());
    }
    return result;
  }
}
