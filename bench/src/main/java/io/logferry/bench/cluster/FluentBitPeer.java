package io.logferry.bench.cluster;

import io.logferry.bench.fluentbit.FluentBitTool;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fluent Bit as the study's peer: one process per simulated pod (sidecar) or per deployment (DaemonSet) with the
 * committed {@code bench/fluent-bit/study-follow.conf}, whose per-process values come from {@code LF_*} variables,
 * so the configuration in the repository is byte for byte the one measured.
 *
 * @param binary the {@code fluent-bit} executable ({@code FLUENT_BIT} or {@code --fluent-bit}); never committed
 * @param config {@code bench/fluent-bit/study-follow.conf}
 * @param version the first line of {@code fluent-bit --version}
 */
record FluentBitPeer(Path binary, Path config, String version) {

  static final String CONFIG = "study-follow.conf";
  /** Fluent Bit's health endpoint ({@code health_check on}): 200 once its pipeline runs. */
  static final String HEALTH_PATH = "/api/v1/health";

  /** The peer at {@code binary} with the config in {@code repo}; fails fast on a path that is not an executable. */
  static FluentBitPeer of(Path binary, Path repo) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalArgumentException("--fluent-bit / FLUENT_BIT: not an executable file: " + binary);
    }
    Path config = repo.resolve("bench/fluent-bit").resolve(CONFIG);
    if (!Files.isRegularFile(config)) throw new IllegalArgumentException("missing " + config);
    return new FluentBitPeer(binary.toAbsolutePath(), config, FluentBitTool.version(binary));
  }

  List<String> command() {
    return List.of(binary.toString(), "-c", config.toString());
  }

  /**
   * The environment of one process: what it tails, where its offsets DB lives, its health port and the endpoint
   * (host {@code localhost}: the certificate names it; Fluent Bit checks the name).
   */
  Map<String, String> env(String glob, Path stateDir, int httpPort, URI endpoint, Path caPem) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LF_PATH", liveFilesOnly(glob));
    env.put("LF_STATE_DIR", stateDir.toAbsolutePath().toString());
    env.put("LF_HTTP_PORT", Integer.toString(httpPort));
    env.put("LF_GROUP", Commands.GROUP);
    env.put("LF_ENDPOINT_HOST", "localhost");
    env.put("LF_ENDPOINT_PORT", Integer.toString(endpoint.getPort()));
    env.put("LF_CA_FILE", caPem.toAbsolutePath().toString());
    env.putAll(Commands.ENV);
    env.put("AWS_REGION", Commands.REGION);
    return env;
  }

  /**
   * The glob Fluent Bit tails: the live file only ({@code app.log}, not {@code app.log*}), as Fluent Bit is deployed on
   * Kubernetes ({@code /var/log/containers/*.log}). It follows a renamed file by its inode for {@code rotate_wait}; a
   * glob that also matches rotated names finds each rotated file again once {@code rotate_wait} has let it go, its
   * offsets DB entry removed, and reads it again from its head: every rotated file shipped once per rescan while it
   * exists (measured: 5.0 M duplicates for 159 k lines at 2,000 lines/s in {@code results/study/20261202T020704Z-full}).
   * logferry keeps its {@code app.log*} glob: it recognises a rotated file by its identity and resumes at its offset.
   */
  static String liveFilesOnly(String glob) {
    return glob.endsWith("app.log*") ? glob.substring(0, glob.length() - 1) : glob;
  }

  /** What the result files say about the peer. */
  String describe() {
    return version + " (" + binary + "), config bench/fluent-bit/" + CONFIG + "; no JVM";
  }
}
