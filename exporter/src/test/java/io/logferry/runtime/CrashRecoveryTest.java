package io.logferry.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.Exporter;
import io.logferry.ExporterEvents;
import io.logferry.endpoint.Faults;
import io.logferry.testbed.DeliveryAudit;
import io.logferry.testbed.LineFormat;
import io.logferry.testbed.LogWriter;
import io.logferry.testing.RunOnceMain;
import io.logferry.testing.ShippingFixture;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kill -9} of a run-once in the middle of shipping, then a rerun: nothing lost, duplicates bounded. */
class CrashRecoveryTest {

  @TempDir Path dir;

  @Test
  void killNineMidRunThenRerunLosesNothingAndDuplicatesAtMostTheBatchesInFlight() throws Exception {
    Path logs = dir.resolve("logs");
    Path state = dir.resolve("state");
    long total = 150_000;
    try (LogWriter w =
        LogWriter.open(
            LogWriter.Settings.of(logs.resolve("access.log"), "access", LineFormat.NGINX_COMBINED)
                .withRotation(LogWriter.Rotation.RENAME, 4 * 1024 * 1024, 100))) {
      w.write((int) total);
    }
    try (ShippingFixture fixture = new ShippingFixture()) {
      // Slow acknowledgements so that the kill lands with batches in flight and a checkpoint already written.
      fixture.endpoint().setFaults(Faults.NONE.withLatencyMs(300));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  "-Daws.accessKeyId=AKIDLOGFERRYTEST",
                  "-Daws.secretAccessKey=logferry-test-secret",
                  RunOnceMain.class.getName(),
                  fixture.endpoint().endpoint().toString(),
                  logs + "/access.log*",
                  state.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("child.log").toFile());
      Process child = pb.start();
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> fixture.endpoint().stats().acceptedEvents() > total / 3 || !child.isAlive());
      assertThat(child.isAlive()).as("the child must still be shipping when killed").isTrue();
      child.destroyForcibly(); // SIGKILL
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      long acceptedBeforeKill = fixture.endpoint().stats().acceptedEvents();
      assertThat(acceptedBeforeKill).isLessThan(total);

      fixture.endpoint().setFaults(Faults.NONE);
      try (Exporter exporter =
          Exporter.create(
              ShippingFixture.config(List.of(logs + "/access.log*"), state),
              fixture.sink(state.resolve("dead-letter.jsonl"), Duration.ofSeconds(30)),
              ExporterEvents.NOOP)) {
        RunSummary rerun = exporter.runOnce();
        assertThat(rerun.complete()).as(rerun.toString()).isTrue();
      }
      DeliveryAudit.Result result = fixture.audit(Map.of("access", total));
      assertThat(result.lost()).isZero();
      // At most the batches that were in flight (4 concurrent requests of up to 10,000 events) plus those acknowledged
      // after the last checkpoint write of the killed run.
      assertThat(result.duplicated()).isLessThanOrEqualTo(4 * 10_000 + acceptedBeforeKill);
    }
  }
}
