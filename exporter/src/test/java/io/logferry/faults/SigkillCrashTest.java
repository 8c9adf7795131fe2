package io.logferry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.endpoint.Faults;
import io.logferry.faults.FaultTable.Mode;
import io.logferry.testbed.DeliveryAudit;
import io.logferry.testbed.LogWriter;
import io.logferry.testing.AwsTestCredentials;
import io.logferry.testing.FollowMain;
import io.logferry.testing.RunOnceMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} mid-batch, then a restart. Nothing is lost; what is re-sent is bounded by what may have been
 * accepted without being checkpointed: the requests in flight (4 concurrent requests of at most 10,000 events; here
 * about 5,000 nginx lines each) plus those acknowledged within the last checkpoint gap (group commit at the default
 * cadence: the first write as soon as a batch is acknowledged, then at most one per 100 ms, in both modes). The
 * scenarios are long enough that this is at most 5 % of what was written.
 */
@ExtendWith(FaultTable.class)
class SigkillCrashTest {

  static final int IN_FLIGHT_BOUND = 4 * 10_000;

  /** The bound for these scenarios: duplicates at most 5 % of the lines written. */
  static final double MAX_DUPLICATED_SHARE = 0.05;

  @TempDir Path dir;

  /**
   * Lines the at-least-once run-once scenario writes: enough that the design's bound on duplicates
   * ({@link #IN_FLIGHT_BOUND}) is 5 % of them. With 480,000 the test asserted 5 % = 24,000, tighter than the 40,000
   * the design promises, and failed about one run in five (25,553 and 25,971 duplicates; 21,152 in the committed
   * table), before and after the changes of 2026-12-02.
   */
  static final int AT_LEAST_ONCE_LINES = (int) (IN_FLIGHT_BOUND / MAX_DUPLICATED_SHARE);

  @Test
  void killNineDuringARunOnceThenRerunLosesNothingAndDuplicatesLittle() throws Exception {
    try (FaultHarness h = new FaultHarness(dir);
        LogWriter w = h.writer("access.log", "access", LogWriter.Rotation.RENAME, 4 * 1024 * 1024)) {
      w.write(AT_LEAST_ONCE_LINES);
      h.fixture.endpoint().setFaults(Faults.NONE.withLatencyMs(100)); // batches are in flight when the kill lands
      Kill kill = killMidway(h, RunOnceMain.class, AT_LEAST_ONCE_LINES / 3, null);
      h.fixture.endpoint().setFaults(Faults.NONE);
      h.runOnceComplete(h.config("access.log*"));
      record("SIGKILL mid-run, then rerun", Mode.RUN_ONCE, h.audit(Map.of("access", w.eventsWritten())), kill);
    }
  }

  @Test
  void killNineDuringFollowUnderLoadThenRestartLosesNothingAndDuplicatesLittle() throws Exception {
    try (FaultHarness h = new FaultHarness(dir);
        LogWriter w = h.writer("access.log", "access", LogWriter.Rotation.RENAME, 1024 * 1024)) {
      Kill kill = killFollowUnderLoad(h, w, "at-least-once");
      h.fixture.endpoint().setFaults(Faults.NONE);
      h.runOnceComplete(h.config("access.log*"));
      record("SIGKILL under load, then restart", Mode.FOLLOW, h.audit(Map.of("access", w.eventsWritten())), kill);
    }
  }

  /**
   * The same kill with {@code --exactly-once}: the child journals every request before sending it, and the rerun
   * reads the stream back and skips what the endpoint already holds. Nothing is lost and nothing is duplicated.
   */
  @Test
  void killNineDuringARunOnceWithExactlyOnceThenRerunDuplicatesNothing() throws Exception {
    try (FaultHarness h = new FaultHarness(dir);
        LogWriter w = h.writer("access.log", "access", LogWriter.Rotation.RENAME, 4 * 1024 * 1024)) {
      w.write(480_000);
      h.fixture.endpoint().setFaults(Faults.NONE.withLatencyMs(100));
      Kill kill = killMidway(h, RunOnceMain.class, 480_000 / 3, null, "exactly-once");
      h.fixture.endpoint().setFaults(Faults.NONE);
      Reconciled reconciled = new Reconciled();
      h.runOnceReconcilingComplete(h.config("access.log*"), reconciled);
      recordExactlyOnce("SIGKILL mid-run, then rerun, --exactly-once", Mode.RUN_ONCE,
          h.audit(Map.of("access", w.eventsWritten())), kill, reconciled);
    }
  }

  @Test
  void killNineDuringFollowUnderLoadWithExactlyOnceThenRestartDuplicatesNothing() throws Exception {
    try (FaultHarness h = new FaultHarness(dir);
        LogWriter w = h.writer("access.log", "access", LogWriter.Rotation.RENAME, 1024 * 1024)) {
      Kill kill = killFollowUnderLoad(h, w, "exactly-once");
      h.fixture.endpoint().setFaults(Faults.NONE);
      Reconciled reconciled = new Reconciled();
      h.runOnceReconcilingComplete(h.config("access.log*"), reconciled);
      recordExactlyOnce("SIGKILL under load, then restart, --exactly-once", Mode.FOLLOW,
          h.audit(Map.of("access", w.eventsWritten())), kill, reconciled);
    }
  }

  /** What the restart's reconciliation reported. */
  static final class Reconciled implements io.logferry.events.ExporterEvents {
    volatile int found = -1;
    volatile int resent;
    volatile long skipped;
    volatile String detail = "nothing to reconcile";

    @Override
    public void batchesReconciled(int found, int resent, long eventsSkipped, String detail) {
      this.found = found;
      this.resent = resent;
      this.skipped = eventsSkipped;
      this.detail = detail;
    }
  }

  private static void recordExactlyOnce(
      String scenario, Mode mode, DeliveryAudit.Result result, Kill kill, Reconciled reconciled) {
    assertThat(result.lost()).as("%s: lost", scenario).isZero();
    if (reconciled.found < 0) {
      // The kill found nothing in flight and nothing unwritten (the shipper had caught up and its checkpoint covered
      // every journaled request: seen on a quiet machine): nothing to reconcile is then the right answer, and it must
      // mean that nothing the killed process sent was stored after the kill.
      assertThat(kill.storedAfterKill()).as("%s: nothing to reconcile, so nothing was on the wire at the kill (%s)",
          scenario, kill).isZero();
    }
    assertThat(result.duplicated()).as("%s: duplicated (kill at %s; %s)", scenario, kill, reconciled.detail).isZero();
    FaultTable.record(scenario, mode, result, reconciled.found < 0
        ? String.format(java.util.Locale.ROOT, "lost 0, duplicated 0: nothing to reconcile, the checkpoint covered "
            + "every journaled request at the kill (%d events stored after the kill)", kill.storedAfterKill())
        : String.format(java.util.Locale.ROOT,
            "lost 0, duplicated 0: the rerun read %d journaled batches back, found %d (%d events skipped), re-sent %d "
                + "(%d events stored after the kill)",
            reconciled.found + reconciled.resent, reconciled.found, reconciled.skipped, reconciled.resent,
            kill.storedAfterKill()));
  }

  /**
   * What the endpoint had accepted when the child was killed, in the last second before, and what it stored after
   * the kill (requests that were on the wire: their answer found nobody).
   */
  record Kill(long acceptedAtKill, long acceptedInLastSecond, long storedAfterKill) {}

  /**
   * A follow shipping a file that a writer thread fills with 200 lines every 5 ms (50 ms endpoint latency), killed
   * with SIGKILL once 500,000 events were accepted; the writer stops after the kill.
   */
  private Kill killFollowUnderLoad(FaultHarness h, LogWriter w, String delivery) throws Exception {
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer = new Thread(() -> {
      while (writing.get()) {
        w.write(200);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "writer");
    w.write(1000);
    h.fixture.endpoint().setFaults(Faults.NONE.withLatencyMs(50));
    writer.start();
    try {
      return killMidway(h, FollowMain.class, 500_000, writer, delivery);
    } finally {
      writing.set(false);
      writer.join();
    }
  }

  private Kill killMidway(FaultHarness h, Class<?> main, long acceptedBeforeKill, Thread writer) throws Exception {
    return killMidway(h, main, acceptedBeforeKill, writer, "at-least-once");
  }

  private Kill killMidway(FaultHarness h, Class<?> main, long acceptedBeforeKill, Thread writer, String delivery)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"),
                "-Daws.accessKeyId=" + AwsTestCredentials.ACCESS_KEY_ID, "-Daws.secretAccessKey=" + AwsTestCredentials.SECRET_ACCESS_KEY,
                main.getName(), h.fixture.endpoint().endpoint().toString(), h.logs + "/access.log*",
                h.state.toString(), delivery)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    ArrayDeque<long[]> samples = new ArrayDeque<>(); // {nanoTime, accepted}
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> {
          long accepted = h.fixture.endpoint().stats().acceptedEvents();
          samples.addLast(new long[] {System.nanoTime(), accepted});
          return accepted > acceptedBeforeKill || !child.isAlive();
        });
    assertThat(child.isAlive()).as("the child must still be shipping when killed").isTrue();
    child.destroyForcibly(); // SIGKILL
    assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    long now = System.nanoTime();
    long atKill = h.fixture.endpoint().stats().acceptedEvents();
    long secondAgo = 0;
    for (long[] s : samples) {
      if (now - s[0] >= 1_000_000_000L) secondAgo = s[1];
    }
    Thread.sleep(500); // requests on the wire (100 ms of latency) are stored or dropped by now
    return new Kill(atKill, atKill - secondAgo, h.fixture.endpoint().stats().acceptedEvents() - atKill);
  }

  private static void record(String scenario, Mode mode, DeliveryAudit.Result result, Kill kill) {
    assertThat(result.lost()).as("%s: lost", scenario).isZero();
    assertThat(result.duplicated()).as("%s: duplicated (kill at %s)", scenario, kill).isLessThanOrEqualTo(IN_FLIGHT_BOUND);
    long share = (long) Math.floor(MAX_DUPLICATED_SHARE * result.written());
    assertThat(result.duplicated()).as("%s: duplicated <= 5 %% of written (kill at %s)", scenario, kill)
        .isLessThanOrEqualTo(share);
    FaultTable.record(scenario, mode, result, String.format(java.util.Locale.ROOT,
        "lost 0; duplicated <= the requests in flight and those acknowledged in the last checkpoint gap (4 x 10,000 "
            + "events at most) and <= 5 %% of written: %.1f %% (%d stored after the kill)",
        100.0 * result.duplicated() / result.written(), kill.storedAfterKill()));
  }
}
