package io.logferry.k8s.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged sidecar ({@code target/quarkus-app}, built before the tests) as Kubernetes runs it: started, sent
 * SIGTERM, it drains what was written up to then and exits 0. This is the path {@code @QuarkusMainTest} cannot take,
 * since there the application always returns normally.
 */
class FollowSigtermTest {

  static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

  @TempDir Path tmp;

  @Test
  void sigtermDrainsAndExitsZero() throws Exception {
    assertThat(JAR).as("run the build first: ./mvnw -pl k8s-sidecar -am test").exists();
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Path log = logs.resolve("app.log");
    Files.writeString(log, "before start\n");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(), "-Dquarkus.http.port=0", "-jar", JAR.toString(),
                "follow", "--sink", "stdout", "--include", logs + "/*.log", "--group", "g", "--stream", "s",
                "--checkpoint-dir", tmp.resolve("cp").toString(), "--poll-interval", "50ms", "--flush-interval", "50ms",
                "--drain-deadline", "10s")
            // Files, not pipes: Process.destroy() closes the pipes, which would lose what the drain prints.
            .redirectOutput(tmp.resolve("stdout.txt").toFile())
            .redirectError(tmp.resolve("stderr.txt").toFile())
            .start();
    try {
      Path stdout = tmp.resolve("stdout.txt");
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(stdout).contains("g/s before start"));
      Files.writeString(log, "just before sigterm\n", StandardOpenOption.APPEND);

      p.destroy(); // SIGTERM
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String err = Files.readString(tmp.resolve("stderr.txt"));
      assertThat(p.exitValue()).as(err).isZero();
      assertThat(Files.readAllLines(stdout)).as(err).anyMatch(l -> l.endsWith("g/s just before sigterm"));
      assertThat(err).contains("drained: follow: delivered").doesNotContain("\tat ");
    } finally {
      p.destroyForcibly();
    }
  }
}
