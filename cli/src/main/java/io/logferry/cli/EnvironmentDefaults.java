package io.logferry.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives every option a default from outside the command line, Quarkus style. For {@code --checkpoint-dir} the key is
 * {@code logferry.checkpoint-dir} and the environment variable {@code LOGFERRY_CHECKPOINT_DIR}.
 *
 * <p>Precedence, highest first:
 *
 * <ol>
 *   <li>the option on the command line (picocli never asks a default provider then);
 *   <li>the environment variable ({@code LOGFERRY_GROUP});
 *   <li>the property ({@code logferry.group}): a system property in the plain CLI; in the Quarkus apps anything
 *       MicroProfile Config resolves (system property, then {@code application.properties});
 *   <li>for {@code --region} only: the AWS SDK's own {@code AWS_REGION}, then {@code AWS_DEFAULT_REGION};
 *   <li>the option's built-in default.
 * </ol>
 *
 * Lists ({@code --include}, {@code --exclude}) are comma-separated in the environment and in properties. The
 * provider remembers where each default came from, so that a bad value can be reported with its origin.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {

  /** Prefix of every property key. */
  public static final String PREFIX = "logferry.";

  private static final Map<String, List<String>> FALLBACK_ENV =
      Map.of(PREFIX + "region", List.of("AWS_REGION", "AWS_DEFAULT_REGION"));

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
      return result;
    }
    for (String fallback : FALLBACK_ENV.getOrDefault(key, List.of())) {
      String value = env.get(fallback);
      if (value != null && !value.isEmpty()) {
        result.put("environment variable " + fallback, value);
        return result;
      }
    }
    return result;
  }
}
