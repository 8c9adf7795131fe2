package io.logferry.bench.fluentbit;

import io.logferry.bench.process.MachineInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * logferry as its images run it: {@code run-once} of the CronJob app ({@code k8s-cronjob}) for drains, {@code follow}
 * of the sidecar app ({@code k8s-sidecar}) for sidecar runs, each with its own JVM flags (by default the
 * {@code JAVA_OPTS_APPEND} of its {@code Dockerfile.jvm}) and, on JDK 25+, an AOT cache trained here the way the
 * image build trains it (same flags and class path, a small file to the null sink), unless turned off.
 */
public final class LogferryTool implements Tool {

  /** How long the sidecar's training run follows before SIGTERM. */
  private static final long SIDECAR_TRAINING_MILLIS = 8_000;

  private final Path javaHome;
  private final Path cronjobJar;
  private final Path sidecarJar;
  private final List<String> drainFlags;
  private final List<String> sidecarFlags;
  private final String flagsSource;
  private final List<String> probePaths;
  private final Path drainAot;
  private final Path sidecarAot;
  private final List<String> sidecarArgs;
  private final Map<String, String> extraEnv;

  LogferryTool(Path javaHome, Path cronjobJar, Path sidecarJar, List<String> drainFlags, List<String> sidecarFlags,
      String flagsSource, List<String> probePaths, Path drainAot, Path sidecarAot, List<String> sidecarArgs,
      Map<String, String> extraEnv) {
    this.sidecarArgs = List.copyOf(sidecarArgs);
    this.extraEnv = Map.copyOf(extraEnv);
    this.javaHome = javaHome;
    this.cronjobJar = cronjobJar.toAbsolutePath();
    this.sidecarJar = sidecarJar.toAbsolutePath();
    this.drainFlags = List.copyOf(drainFlags);
    this.sidecarFlags = List.copyOf(sidecarFlags);
    this.flagsSource = flagsSource;
    this.probePaths = List.copyOf(probePaths);
    this.drainAot = drainAot;
    this.sidecarAot = sidecarAot;
  }

  Path java() {
    return javaHome.resolve("bin/java");
  }

  @Override
  public String name() {
    return "logferry";
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jdk", MachineInfo.jdk(javaHome));
    m.put("drainApp", "k8s-cronjob run-once: " + cronjobJar);
    m.put("sidecarApp", "k8s-sidecar follow: " + sidecarJar);
    m.put("drainJvmFlags", drainCommandFlags());
    m.put("sidecarJvmFlags", sidecarCommandFlags());
    m.put("jvmFlagsSource", flagsSource);
    m.put("aotCache", drainAot != null || sidecarAot != null ? "trained here like the image build (null sink, same flags)" : "off");
    m.put("healthProbes", probePaths);
    m.put("sidecarExtraArgs", sidecarArgs);
    m.put("extraEnv", extraEnv);
    m.put("sidecarImageEnv", imageEnv(sidecarJar.getParent().getParent().getParent().resolve("src/main/docker/Dockerfile.jvm")));
    return m;
  }

  private List<String> drainCommandFlags() {
    List<String> f = new ArrayList<>(drainFlags);
    if (drainAot != null) f.add("-XX:AOTCache=" + drainAot);
    return f;
  }

  private List<String> sidecarCommandFlags() {
    List<String> f = new ArrayList<>(sidecarFlags);
    if (sidecarAot != null) f.add("-XX:AOTCache=" + sidecarAot);
    return f;
  }

  @Override
  public Launch drain(Path work, Path file, String group, TlsEndpoint endpoint) throws IOException {
    Path state = Files.createDirectories(work.resolve("state"));
    List<String> cmd = new ArrayList<>();
    cmd.add(java().toString());
    cmd.addAll(drainCommandFlags());
    cmd.addAll(List.of("-jar", cronjobJar.toString(), "run-once", "--summary-json", "--group", group, "--stream", "stream",
        "--checkpoint-dir", state.toString(), "--include", file.toAbsolutePath().toString()));
    sinkOptions(cmd, endpoint);
    // The AOT cache is tied to the class path as it was at training: run from the app's folder.
    Map<String, String> env = env();
    env.putAll(extraEnv);
    return new Launch(cmd, env, cronjobJar.getParent(), List.of());
  }

  @Override
  public Launch sidecar(Path work, Path file, String group, TlsEndpoint endpoint, int httpPort) throws IOException {
    Path state = Files.createDirectories(work.resolve("state"));
    List<String> cmd = new ArrayList<>();
    cmd.add(java().toString());
    cmd.addAll(sidecarCommandFlags());
    cmd.addAll(List.of("-jar", sidecarJar.toString(), "follow", "--http-port", Integer.toString(httpPort), "--group", group, "--stream", "stream",
        "--checkpoint-dir", state.toString(), "--include", file.toAbsolutePath().toString()));
    sinkOptions(cmd, endpoint);
    cmd.addAll(sidecarArgs);
    List<String> probes = probePaths.stream().map(p -> "http://127.0.0.1:" + httpPort + p).toList();
    Map<String, String> env = env();
    env.putAll(imageEnv(sidecarJar.getParent().getParent().getParent().resolve("src/main/docker/Dockerfile.jvm")));
    env.putAll(extraEnv);
    return new Launch(cmd, env, sidecarJar.getParent(), probes);
  }

  private static void sinkOptions(List<String> cmd, TlsEndpoint endpoint) {
    if (endpoint == null) {
      cmd.addAll(List.of("--sink", "null"));
    } else {
      cmd.addAll(List.of("--sink", "cloudwatch", "--endpoint", endpoint.url().toString(), "--region", "us-east-1",
          "--trust-store", endpoint.certificatePem().toString()));
    }
  }

  /** The {@code ENV MALLOC_*} lines of an image's Dockerfile: native-memory settings the image runs with. */
  public static Map<String, String> imageEnv(Path dockerfile) {
    Map<String, String> env = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(dockerfile)) {
        String t = line.trim();
        if (t.startsWith("ENV MALLOC_") && t.indexOf('=') > 0) {
          String kv = t.substring("ENV ".length());
          env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1).replace("\"", ""));
        }
      }
    } catch (IOException e) {
      // no Dockerfile next to the app: run with the JVM's defaults
    }
    return env;
  }

  static Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    // A local endpoint takes any credentials; these are placeholders, not secrets.
    env.put("AWS_ACCESS_KEY_ID", "logferry-bench");
    env.put("AWS_SECRET_ACCESS_KEY", "logferry-bench");
    env.put("AWS_REGION", "us-east-1");
    return env;
  }

  private static void awaitLive(Process p, String url) throws InterruptedException {
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (p.isAlive() && System.nanoTime() < deadline) {
      try {
        var res = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).timeout(java.time.Duration.ofSeconds(5)).build(),
            java.net.http.HttpResponse.BodyHandlers.discarding());
        if (res.statusCode() == 200) return;
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
  }

  /**
   * Trains an AOT cache as the image build does: the same flags plus {@code -XX:AOTCacheOutput}, shipping a small
   * file to the null sink ({@code follow} is stopped with SIGTERM after a few seconds). Returns the cache, or null
   * (with a note on stderr) when the JVM wrote none.
   */
  public static Path trainAot(Path java, Path jar, List<String> flags, boolean follow, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path aot = dir.resolve((follow ? "sidecar" : "cronjob") + ".aot");
    Files.deleteIfExists(aot);
    Path logs = Files.createDirectories(dir.resolve("train-logs-" + (follow ? "sidecar" : "cronjob")));
    Files.writeString(logs.resolve("app.log"), "training line\n".repeat(100));
    Path state = dir.resolve("train-state-" + (follow ? "sidecar" : "cronjob"));
    Dirs.deleteTree(state);
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.addAll(flags);
    cmd.add("-XX:AOTCacheOutput=" + aot);
    int port = follow ? Dirs.freePort() : 0;
    cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString(), follow ? "follow" : "run-once"));
    if (follow) cmd.addAll(List.of("--http-port", Integer.toString(port)));
    cmd.addAll(List.of("--sink", "null",
        "--group", "/train", "--stream", "train", "--checkpoint-dir", state.toString(), "--include", logs + "/*.log"));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(jar.toAbsolutePath().getParent().toFile())
        .redirectErrorStream(true).redirectOutput(dir.resolve((follow ? "sidecar" : "cronjob") + "-training.log").toFile());
    pb.environment().putAll(env());
    Process p = pb.start();
    if (follow) {
      // SIGTERM only once the app serves health: a SIGTERM during Quarkus start-up was seen to hang the JVM (the
      // shutdown hook waits for the command, the command for the drain the hook would start).
      awaitLive(p, "http://127.0.0.1:" + port + "/q/health/live");
      Thread.sleep(SIDECAR_TRAINING_MILLIS);
      p.destroy();
    }
    if (!p.waitFor(10, TimeUnit.MINUTES)) { // a loaded machine takes minutes to assemble the cache
      p.destroyForcibly();
      System.err.println("note: AOT training of " + jar + " did not finish; running without a cache");
      return null;
    }
    if (!Files.isRegularFile(aot)) {
      System.err.println("note: AOT training of " + jar + " wrote no cache (exit " + p.exitValue() + ", see "
          + dir.resolve((follow ? "sidecar" : "cronjob") + "-training.log") + "); running without one");
      return null;
    }
    return aot;
  }
}
