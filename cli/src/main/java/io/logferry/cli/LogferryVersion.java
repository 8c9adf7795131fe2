package io.logferry.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version of the build ({@code project.version}, written into {@code version.properties} by Maven resource
 * filtering), for {@code --version} of both apps and of {@code ./logferry}. Never written by hand.
 */
public final class LogferryVersion implements IVersionProvider {

  private static final String RESOURCE = "version.properties";

  /** {@code 0.1.0-SNAPSHOT}, as the build set it. */
  public static String version() {
    Properties p = new Properties();
    try (InputStream in = LogferryVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the logferry-cli jar");
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String v = p.getProperty("version");
    if (v == null || v.isBlank() || v.contains("${")) {
      throw new IllegalStateException(RESOURCE + " was not filtered by the build: " + v);
    }
    return v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"logferry " + version(), "Java " + System.getProperty("java.version")};
  }
}
