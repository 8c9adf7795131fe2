package io.logferry.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.Exporter;
import io.logferry.checkpoint.Checkpointer;
import io.logferry.endpoint.Faults;
import io.logferry.events.ExporterEvents;
import io.logferry.testbed.LineFormat;
import io.logferry.testbed.LogWriter;
import io.logferry.testing.ShippingFixture;
import io.logferry.time.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run-once writes its checkpoint every {@code checkpointInterval} while it runs, not only at its end: a CronJob killed
 * midway (activeDeadlineSeconds, OOM, node drain) is re-sent by the next run only from its last periodic write.
 */
class RunOnceCheckpointTest {

  @TempDir Path dir;

  @Test
  void aLongRunWritesItsCheckpointWhileItShipsAndEachWriteCoversOnlyAcknowledgedData() throws Exception {
    Path logs = dir.resolve("logs");
    Path state = dir.resolve("state");
    long total = 40_000;
    try (LogWriter w = LogWriter.open(LogWriter.Settings.of(logs.resolve("access.log"), "access",
        LineFormat.NGINX_COMBINED))) {
      w.write((int) total);
    }
    try (ShippingFixture fixture = new ShippingFixture()) {
      fixture.endpoint().setFaults(Faults.NONE.withLatencyMs(300));
      List<long[]> writes = new CopyOnWriteArrayList<>(); // {accepted events, checkpointed offset}
      ExporterEvents events = new ExporterEvents() {
        @Override
        public void checkpointWritten(int files, long latencyNanos) {
          long offset = Checkpointer.open(state, ExporterEvents.NOOP, Ticker.system()).all().values().stream()
              .mapToLong(c -> c.offset()).sum();
          writes.add(new long[] {fixture.endpoint().stats().acceptedEvents(), offset});
        }
      };
      try (Exporter exporter = Exporter.create(
          ShippingFixture.config(List.of(logs + "/access.log"), state).withBufferBytes(2L * 1024 * 1024),
          fixture.sink(state.resolve("dl.jsonl"), Duration.ofSeconds(30)), events)) {
        assertThat(exporter.runOnce().complete()).isTrue();
      }
      assertThat(writes).as("periodic writes before the final one").hasSizeGreaterThan(2);
      assertThat(writes.get(0)[0]).as("the first write happened mid-run").isLessThan(total);
      long fileSize = java.nio.file.Files.size(logs.resolve("access.log"));
      for (long[] wr : writes) {
        // Never past what the endpoint had accepted: lines are about the same size, so offset/size ~ share accepted.
        assertThat(wr[1]).isLessThanOrEqualTo(fileSize);
        assertThat((double) wr[1] / fileSize).isLessThanOrEqualTo((double) wr[0] / total + 0.01);
      }
      assertThat(writes.get(writes.size() - 1)[1]).isEqualTo(fileSize);
      assertThat(fixture.audit(Map.of("access", total)).exactlyOnce()).isTrue();
    }
  }
}
