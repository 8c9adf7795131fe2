package io.logferry.k8s.sidecar;

import io.logferry.cli.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * The sidecar's own properties: system properties first, then {@code sidecar.properties} in the jar (the container's
 * option defaults such as {@code logferry.checkpoint-dir}, and the health thresholds). The options read them through
 * {@link io.logferry.cli.EnvironmentDefaults} after the command line, {@code LOGFERRY_*} and the config file.
 */
final class SidecarSettings {

  static final String RESOURCE = "sidecar.properties";

  private final Properties bundled;

  private SidecarSettings(Properties bundled) {
    this.bundled = bundled;
  }

  static SidecarSettings load() {
    Properties p = new Properties();
    try (InputStream in = SidecarSettings.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in != null) p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + " from the sidecar's jar", e);
    }
    return new SidecarSettings(p);
  }

  /** System properties only: what a test in this JVM runs with (the container's defaults do not apply). */
  static SidecarSettings systemOnly() {
    return new SidecarSettings(new Properties());
  }

  Optional<String> property(String key) {
    String v = System.getProperty(key);
    if (v == null) v = bundled.getProperty(key);
    return Optional.ofNullable(v).map(String::trim).filter(s -> !s.isEmpty());
  }

  Duration duration(String key, Duration fallback) {
    return property(key).map(Durations::parse).orElse(fallback);
  }
}
