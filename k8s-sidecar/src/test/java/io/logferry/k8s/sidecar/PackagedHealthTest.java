package io.logferry.k8s.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged sidecar, run with the image's lean JVM flags,
 * answers every health probe, in any order, with a status and a JSON body.
 */
class PackagedHealthTest {

  /** The image's flags (src/main/docker/Dockerfile.jvm) that this JDK accepts. */
  static final List<String> LEAN_FLAGS =
      List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx32m", "-Xmn2m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
          "-XX:MaxMetaspaceSize=64m", "-XX:TieredStopAtLevel=1",
          "-XX:ReservedCodeCacheSize=16m", "-XX:-UsePerfData");

  @TempDir Path tmp;

  /** The image's JDK, where the health server's handler threads did not carry the app's class loader. */
  static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  @Test
  void livenessAndReadinessBothAnswerWhicheverIsProbedFirst() throws Exception {
    List<Path> jdks = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"))));
    if (Files.isExecutable(TEMURIN_25.resolve("bin/java"))) jdks.add(TEMURIN_25);
    for (Path jdk : jdks) {
      answersOn(jdk);
    }
  }

  void answersOn(Path jdk) throws Exception {
    for (String first : List.of("/q/health/live", "/q/health/ready")) {
      String second = first.endsWith("live") ? "/q/health/ready" : "/q/health/live";
      Path dir = Files.createTempDirectory(tmp, "run");
      Path logs = Files.createDirectories(dir.resolve("logs"));
      Files.writeString(logs.resolve("app.log"), "one\n");
      try (PackagedFollow follow =
          PackagedFollow.start(jdk, dir, Map.of(), LEAN_FLAGS, "follow", "--http-port", "0", "--sink", "null",
              "--include", logs + "/*.log", "--group", "g", "--stream", "s", "--checkpoint-dir", dir.resolve("cp").toString())) {
        int port = follow.httpPort();
        for (String path : List.of(first, second, first, "/q/health")) {
          HttpResponse<String> response = follow.get(port, path);
          assertThat(response.statusCode()).as(jdk + " " + path + " after " + first + ": " + response.body() + "\n" + follow.err()).isIn(200, 503);
          assertThat(response.body()).as(path).contains("\"status\"").doesNotContain("SRCFG");
        }
        // Once following, both are up (liveness: the loop runs; readiness: the exporter runs).
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
          assertThat(follow.get(port, "/q/health/live").statusCode()).as(follow.err()).isEqualTo(200);
          assertThat(follow.get(port, "/q/health/ready").statusCode()).as(follow.err()).isEqualTo(200);
        });
      }
    }
  }
}
