package io.logferry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.endpoint.Faults;
import io.logferry.faults.FaultTable.Mode;
import io.logferry.runtime.RunSummary;
import io.logferry.testbed.DeliveryAudit;
import io.logferry.testbed.LogWriter;
import java.nio.file.Path;
import java.util.Map;

/** The endpoint-fault scenarios (throttling, 5xx, latency, dropped connections), one driver per mode. */
final class EndpointFaults {

  /** Run-once: enough lines for several full-size requests, with rename rotations in between. */
  static final int RUN_ONCE_LINES = 20_000;

  /** Follow: many small requests (batches cut by the flush interval), with rename rotations. */
  static final int FOLLOW_CHUNKS = 40;
  static final int FOLLOW_CHUNK_LINES = 250;

  private EndpointFaults() {}

  /** Writes, then ships in one run under {@code faults}; returns the audit after asserting the run completed. */
  static DeliveryAudit.Result runOnce(Path dir, Faults faults, String injected) throws Exception {
    try (FaultHarness h = new FaultHarness(dir);
        LogWriter w = h.writer("access.log", "access", LogWriter.Rotation.RENAME, 512 * 1024)) {
      w.write(RUN_ONCE_LINES);
      h.fixture.endpoint().setFaults(faults);
      RunSummary summary = h.runOnceComplete(h.config("access.log*"));
      assertThat(summary.eventsDelivered()).isEqualTo(RUN_ONCE_LINES);
      assertThat(h.fixture.endpoint().stats().injected(injected)).as("faults injected").isPositive();
      return h.audit(Map.of("access", w.eventsWritten()));
    }
  }

  /** Follows under {@code faults} while a writer appends in chunks; stops once everything arrived. */
  static DeliveryAudit.Result follow(Path dir, Faults faults, String injected) throws Exception {
    try (FaultHarness h = new FaultHarness(dir);
        LogWriter w = h.writer("access.log", "access", LogWriter.Rotation.RENAME, 256 * 1024)) {
      h.fixture.endpoint().setFaults(faults);
      h.follow(
          h.config("access.log*"),
          () -> {
            for (int i = 0; i < FOLLOW_CHUNKS; i++) {
              w.write(FOLLOW_CHUNK_LINES);
              Thread.sleep(20);
            }
          },
          () -> Map.of("access", w.eventsWritten()));
      assertThat(h.fixture.endpoint().stats().injected(injected)).as("faults injected").isPositive();
      return h.audit(Map.of("access", w.eventsWritten()));
    }
  }

  /** Asserts lost = 0 and duplicated = 0, then records the row. */
  static void assertExactlyOnceAndRecord(String scenario, Mode mode, DeliveryAudit.Result result) {
    assertThat(result.lost()).as("%s %s: lost", scenario, mode).isZero();
    assertThat(result.duplicated()).as("%s %s: duplicated", scenario, mode).isZero();
    FaultTable.record(scenario, mode, result, "lost 0, duplicated 0");
  }
}
