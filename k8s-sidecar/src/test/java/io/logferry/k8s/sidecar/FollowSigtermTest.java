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
 * The packaged sidecar ({@code target/lean/logferry-sidecar.jar}, built before the tests) as Kubernetes runs it: started, sent
 * SIGTERM, it drains what was written up to then and exits 0. 
 */
class FollowSigtermTest {

  static final Path JAR = Path.of("target/lean/logferry-sidecar.jar");

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
                java.toString(), "-jar", JAR.toString(),
                "follow", "--http-port", "0", "--sink", "stdout", "--include", logs + "/*.log", "--group", "g", "--stream", "s",
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

  /**
   * SIGTERM while the sidecar is still starting (JVM start, option parsing, opening the sink) ends it promptly: nothing
   * was read, so there is nothing to drain, and no wait on an exporter that will never run. Sent at several moments of
   * the start-up, since where it lands is up to the scheduler.
   */
  @Test
  void sigtermDuringStartUpEndsPromptly() throws Exception {
    assertThat(JAR).as("run the build first: ./mvnw -pl k8s-sidecar -am test").exists();
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Files.writeString(logs.resolve("app.log"), "line\n");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    for (long delayMillis : new long[] {150, 400, 800}) {
      Path dir = Files.createTempDirectory(tmp, "run");
      Process p =
          new ProcessBuilder(
                  java.toString(), "-jar", JAR.toString(), "follow", "--http-port", "0", "--sink", "stdout",
                  "--include", logs + "/*.log", "--group", "g", "--stream", "s", "--checkpoint-dir", dir.resolve("cp").toString(),
                  "--drain-deadline", "10s")
              .redirectOutput(dir.resolve("stdout.txt").toFile())
              .redirectError(dir.resolve("stderr.txt").toFile())
              .start();
      try {
        Thread.sleep(delayMillis);
        p.destroy(); // SIGTERM
        String err = "after " + delayMillis + " ms: " + Files.readString(dir.resolve("stderr.txt"));
        assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("ended within 15 s " + err).isTrue();
        // 143: the JVM had not yet installed the drain hook; 0: drained (or nothing to drain).
        assertThat(p.exitValue()).as(err).isIn(0, 143);
        assertThat(Files.readString(dir.resolve("stderr.txt"))).doesNotContain("\tat ");
      } finally {
        p.destroyForcibly();
      }
    }
  }
}
