package io.logferry.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.Exporter;
import io.logferry.endpoint.RecordedEvent;
import io.logferry.events.ExporterEvents;
import io.logferry.testbed.LineFormat;
import io.logferry.testbed.LogWriter;
import io.logferry.testing.ShippingFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a CronJob does that a sidecar never does: one run over a shared volume with a directory per pod, one stream per
 * source pod, pods that are gone included.
 */
class ManyPodsTest {

  @TempDir Path dir;

  @Test
  void oneRunShipsEveryPodDirectoryIntoItsOwnStreamIncludingPodsThatAreGone() throws Exception {
    Path volume = dir.resolve("volume");
    Path state = dir.resolve("state");
    int pods = 60;
    Map<String, Long> written = new HashMap<>();
    for (int p = 0; p < pods; p++) {
      String pod = "web-7f9c-" + p;
      try (LogWriter w =
          LogWriter.open(
              LogWriter.Settings.of(volume.resolve(pod).resolve("access.log"), pod, LineFormat.NGINX_COMBINED)
                  .withRotation(LogWriter.Rotation.RENAME, 32 * 1024, 10))) {
        w.write(100 + p * 7);
        written.put(pod, w.eventsWritten());
      }
    }
    // A pod that is gone: its directory stays on the shared volume with its last lines, nobody writes to it any more.
    assertThat(Files.exists(volume.resolve("web-7f9c-0/access.log"))).isTrue();

    try (ShippingFixture fixture = new ShippingFixture();
        Exporter exporter =
            Exporter.create(
                ShippingFixture.config(List.of(volume + "/*/access.log*"), state).withStreamTemplate("{dir}/{file}"),
                fixture.sink(state.resolve("dl.jsonl"), Duration.ofSeconds(30)),
                ExporterEvents.NOOP)) {
      RunSummary summary = exporter.runOnce();
      assertThat(summary.complete()).as(summary.toString()).isTrue();
      assertThat(fixture.auditPerWriter(written).values()).allMatch(r -> r.exactlyOnce());

      Set<String> streams = new TreeSet<>();
      for (RecordedEvent e : fixture.events()) {
        streams.add(e.stream());
        // Each pod's lines are in that pod's stream, rotated files included (the rotation suffix is not in the name).
        assertThat(e.message()).contains("seq=" + e.stream().substring(0, e.stream().indexOf('/')) + ":");
      }
      assertThat(streams).hasSize(pods).allMatch(s -> s.endsWith("/access.log"));
      // A PutLogEvents request carries one stream: at least one request per pod, sent several at a time.
      assertThat(summary.requests()).isGreaterThanOrEqualTo(pods);
    }
  }
}
