package io.logferry.k8s.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged sidecar ({@code target/lean/logferry-sidecar.jar}, built before the tests) run as a process, output in files. */
final class PackagedFollow implements AutoCloseable {

  static final Path JAR = Path.of("target/lean/logferry-sidecar.jar");
  private static final Pattern SERVING = Pattern.compile("health and metrics on port (\\d+)");

  final Process process;
  final Path stdout;
  final Path stderr;
  private final HttpClient http = HttpClient.newHttpClient();

  private PackagedFollow(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Starts {@code java [jvmArgs] -jar logferry-sidecar.jar args...} with {@code env} added; output goes under {@code dir}. */
  static PackagedFollow start(Path dir, Map<String, String> env, List<String> jvmArgs, String... args) throws IOException {
    return start(Path.of(System.getProperty("java.home")), dir, env, jvmArgs, args);
  }

  /** As {@link #start(Path, Map, List, String...)}, on the JDK at {@code javaHome}. */
  static PackagedFollow start(Path javaHome, Path dir, Map<String, String> env, List<String> jvmArgs, String... args) throws IOException {
    assertThat(JAR).as("run the build first: ./mvnw -pl k8s-sidecar -am test").exists();
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin").resolve("java").toString());
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(env);
    return new PackagedFollow(pb.start(), out, err);
  }

  int awaitExit() throws Exception {
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited within 60 s").isTrue();
    return process.exitValue();
  }

  String out() throws IOException {
    return Files.readString(stdout);
  }

  String err() throws IOException {
    return Files.readString(stderr);
  }

  /** The port the health server bound, from its start-up line. */
  int httpPort() {
    int[] port = new int[1];
    await().atMost(Duration.ofSeconds(60)).failFast("logferry exited: " + stderr, () -> !process.isAlive()).until(() -> {
      Matcher m = SERVING.matcher(err());
      if (!m.find()) return false;
      port[0] = Integer.parseInt(m.group(1));
      return true;
    });
    return port[0];
  }

  HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
