package io.logferry.k8s.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logferry.endpoint.LocalCloudWatchLogs;
import io.logferry.endpoint.Options;
import io.logferry.endpoint.RecordedEvent;
import io.logferry.testbed.DeliveryAudit;
import io.logferry.testbed.LineFormat;
import io.logferry.testbed.LogWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged sidecar against the strict local CloudWatch Logs endpoint, the way a native sidecar ends: the app
 * writes fast and rotates while logferry ships, the app exits, logferry gets SIGTERM at once. Every line the app wrote
 * is in CloudWatch exactly once and logferry exits 0 within its drain deadline.
 */
class FollowUnderLoadSigtermTest {

  static final Path JAR = Path.of("target/lean/logferry-sidecar.jar");

  @TempDir Path tmp;

  @Test
  void sigtermRightAfterTheAppExitsDeliversEveryLineExactlyOnce() throws Exception {
    assertThat(JAR).as("run the build first: ./mvnw -pl k8s-sidecar -am test").exists();
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    try (LocalCloudWatchLogs endpoint = LocalCloudWatchLogs.start(Options.defaults());
        LogWriter app =
            LogWriter.open(
                LogWriter.Settings.of(logs.resolve("app.log"), "app", LineFormat.NGINX_COMBINED)
                    .withRotation(LogWriter.Rotation.RENAME, 512 * 1024, 10_000))) {
      ProcessBuilder pb =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-jar",
              JAR.toString(),
              "follow",
              "--http-port=0",
              "--endpoint=" + endpoint.endpoint(),
              "--region=us-east-1",
              "--group=/logferry/sidecar-test",
              "--stream={file}",
              "--include=" + logs + "/app.log*",
              "--checkpoint-dir=" + tmp.resolve("cp"),
              "--poll-interval=50ms",
              "--flush-interval=200ms",
              "--scan-interval=200ms",
              "--drain-deadline=15s")
              .redirectOutput(tmp.resolve("stdout.txt").toFile())
              .redirectError(tmp.resolve("stderr.txt").toFile());
      pb.environment().put("AWS_ACCESS_KEY_ID", "AKIDLOGFERRYTEST");
      pb.environment().put("AWS_SECRET_ACCESS_KEY", "logferry-test-not-a-secret");
      Process sidecar = pb.start();
      try {
        // The app writes fast in bursts, rotating every 512 KiB, while the sidecar ships (keeping every rotated file:
        // a logrotate that deletes files the shipper has not read yet loses lines whatever the shipper does).
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer =
            new Thread(
                () -> {
                  while (!stop.get() && app.eventsWritten() < 200_000) {
                    app.write(500);
                    try {
                      Thread.sleep(2);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
        writer.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> endpoint.stats().acceptedEvents() > 20_000);
        stop.set(true);
        writer.join();
        sidecar.destroy(); // SIGTERM right after the app exited

        assertThat(sidecar.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(tmp.resolve("stderr.txt"));
        assertThat(sidecar.exitValue()).as(err).isZero();
        assertThat(app.rotations()).isPositive();
        DeliveryAudit audit = new DeliveryAudit();
        for (RecordedEvent e : endpoint.allEvents()) audit.accept(e.message());
        DeliveryAudit.Result result = audit.total(Map.of("app", app.eventsWritten()));
        assertThat(result).isEqualTo(new DeliveryAudit.Result(app.eventsWritten(), app.eventsWritten(), 0, 0));
        assertThat(err).doesNotContain("AKIDLOGFERRYTEST").doesNotContain("logferry-test-not-a-secret");
      } finally {
        sidecar.destroyForcibly();
      }
    }
  }
}
