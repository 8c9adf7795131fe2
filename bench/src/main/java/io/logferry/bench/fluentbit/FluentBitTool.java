package io.logferry.bench.fluentbit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Fluent Bit with the committed configurations of {@code bench/fluent-bit/} (classic format; the values that differ
 * per run come from {@code LF_*} environment variables, which Fluent Bit substitutes as {@code ${LF_...}}), so the
 * configuration in the repository is byte for byte the one measured. Facts about its {@code cloudwatch_logs}
 * output that the configurations depend on: it refuses the {@code tls} key but always speaks HTTPS, so the endpoint's
 * certificate is given with {@code tls.verify on} and {@code tls.ca_file}; {@code log_key log} sends the raw line
 * (without it the message is the record as JSON); {@code endpoint} and {@code port} point it at the local endpoint;
 * credentials come from the environment (placeholders: the local endpoint checks the SigV4 shape, not the key).
 */
public final class FluentBitTool implements Tool {

  static final String DRAIN_NULL = "drain-null.conf";
  static final String DRAIN_ENDPOINT = "drain-endpoint.conf";
  static final String SIDECAR = "sidecar.conf";

  private final Path binary;
  private final Path configDir;
  private final String version;

  FluentBitTool(Path binary, Path configDir) {
    this.binary = binary.toAbsolutePath();
    this.configDir = configDir.toAbsolutePath();
    this.version = version(this.binary);
  }

  /** The first line of {@code fluent-bit --version}, e.g. {@code Fluent Bit v5.1.1}. */
  public static String version(Path binary) {
    try {
      Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
      return out.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse("unknown");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot run " + binary + " --version: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  @Override
  public String name() {
    return "fluent-bit";
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("binary", binary.toString());
    m.put("version", version);
    m.put("build", "cmake Release from fluent/fluent-bit, flags in bench/run-vs-fluent-bit.sh");
    Map<String, Object> configs = new LinkedHashMap<>();
    for (String name : List.of(DRAIN_NULL, DRAIN_ENDPOINT, SIDECAR)) {
      try {
        configs.put("bench/fluent-bit/" + name, Files.readString(configDir.resolve(name)));
      } catch (IOException e) {
        configs.put("bench/fluent-bit/" + name, "unreadable: " + e.getMessage());
      }
    }
    m.put("configs", configs);
    return m;
  }

  @Override
  public Launch drain(Path work, Path file, String group, TlsEndpoint endpoint) throws IOException {
    Map<String, String> env = env(work, file, group, endpoint);
    String config = endpoint == null ? DRAIN_NULL : DRAIN_ENDPOINT;
    return new Launch(List.of(binary.toString(), "-c", configDir.resolve(config).toString()), env, work, List.of());
  }

  @Override
  public Launch sidecar(Path work, Path file, String group, TlsEndpoint endpoint, int httpPort) throws IOException {
    Map<String, String> env = env(work, file, group, endpoint);
    env.put("LF_HTTP_PORT", Integer.toString(httpPort));
    return new Launch(List.of(binary.toString(), "-c", configDir.resolve(SIDECAR).toString()), env, work,
        List.of("http://127.0.0.1:" + httpPort + "/api/v1/health"));
  }

  private static Map<String, String> env(Path work, Path file, String group, TlsEndpoint endpoint) throws IOException {
    Path state = Files.createDirectories(work.resolve("state"));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LF_LOG_FILE", file.toAbsolutePath().toString());
    env.put("LF_STATE_DIR", state.toAbsolutePath().toString());
    env.put("LF_GROUP", group);
    env.put("LF_STREAM", "stream");
    if (endpoint != null) {
      env.put("LF_ENDPOINT_HOST", endpoint.host());
      env.put("LF_ENDPOINT_PORT", Integer.toString(endpoint.port()));
      env.put("LF_CA_FILE", endpoint.certificatePem().toString());
    }
    // A local endpoint takes any credentials; these are placeholders, not secrets.
    env.put("AWS_ACCESS_KEY_ID", "logferry-bench");
    env.put("AWS_SECRET_ACCESS_KEY", "logferry-bench");
    env.put("AWS_REGION", "us-east-1");
    return env;
  }
}
