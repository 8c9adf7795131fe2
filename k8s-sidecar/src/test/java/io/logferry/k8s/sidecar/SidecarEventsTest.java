package io.logferry.k8s.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.events.StreamKey;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each core event moves its own meter, and only that one. */
class SidecarEventsTest {

  static final StreamKey KEY = new StreamKey("g", "s");

  final SidecarEvents events = new SidecarEvents(new FollowSession(code -> {}, code -> {}), "1.2.3");

  /** The value of the sample {@code name{tags}} in the scrape, or 0 when absent. */
  double sample(String name, String... tags) {
    StringBuilder labels = new StringBuilder();
    for (int i = 0; i < tags.length; i += 2) labels.append(tags[i]).append("=\"").append(tags[i + 1]).append("\",");
    String prefix = name + (labels.length() == 0 ? "" : "{" + labels + "}") + " ";
    return new String(events.scrape(), java.nio.charset.StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
        .findFirst()
        .orElse(0);
  }

  double counter(String name, String... tags) {
    return sample(name.replace('.', '_') + "_total", tags);
  }

  @Test
  void eventsRefusedBeforeSendingAreDeadLetteredButNotCountedAsRejected() {
    events.eventsDeadLettered(KEY, 2, "too_old");
    assertThat(counter("logferry.dead.lettered.events", "reason", "too_old")).isEqualTo(2);
    assertThat(counter("logferry.rejected.events", "reason", "too_old")).isZero();

    // CloudWatch rejected one: the core reports it as rejected and as dead-lettered.
    events.eventsRejected(KEY, 1, "expired");
    events.eventsDeadLettered(KEY, 1, "expired");
    assertThat(counter("logferry.rejected.events", "reason", "expired")).isEqualTo(1);
    assertThat(counter("logferry.dead.lettered.events", "reason", "expired")).isEqualTo(1);
  }

  @Test
  void filesTailedFollowsAddedAndRemovedAndRotationsAreCountedByKind() {
    events.fileAdded(Path.of("/logs/a.log"), "k1", 0);
    events.fileAdded(Path.of("/logs/b.log"), "k2", 0);
    events.fileRotated(Path.of("/logs/a.log"), Path.of("/logs/a.log.1"), "k1");
    events.fileTruncated(Path.of("/logs/b.log"), "k2", 10);
    events.fileTruncated(Path.of("/logs/b.log"), "k2", 10);
    events.fileRemoved(Path.of("/logs/a.log.1"), "k1");
    assertThat(sample("logferry_files_tailed")).isEqualTo(1);
    assertThat(counter("logferry.rotations", "kind", "rename")).isEqualTo(1);
    assertThat(counter("logferry.rotations", "kind", "copytruncate")).isEqualTo(2);
  }

  @Test
  void everyRequestIsALatencySampleByOutcomeAndBatchesSetTheLastSentTimestamp() {
    assertThat(sample("logferry_last_batch_sent_timestamp_seconds")).isNaN();
    events.requestCompleted(KEY, false, TimeUnit.MILLISECONDS.toNanos(30));
    events.requestCompleted(KEY, true, TimeUnit.MILLISECONDS.toNanos(40));
    events.requestCompleted(KEY, true, TimeUnit.MILLISECONDS.toNanos(60));
    assertThat(sample("logferry_put_log_events_seconds_count", "outcome", "ok")).isEqualTo(2);
    assertThat(sample("logferry_put_log_events_seconds_sum", "outcome", "ok")).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(sample("logferry_put_log_events_seconds_bucket", "outcome", "ok", "le", "0.05")).isEqualTo(1);
    assertThat(sample("logferry_put_log_events_seconds_count", "outcome", "error")).isEqualTo(1);

    long before = System.currentTimeMillis();
    events.batchSent(KEY, 3, 90, 1);
    double sentAt = sample("logferry_last_batch_sent_timestamp_seconds");
    assertThat(sentAt * 1000).isBetween((double) before - 1, (double) System.currentTimeMillis() + 1);
  }

  @Test
  void buildInfoCarriesTheVersion() {
    String scrape = new String(events.scrape(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(scrape).containsPattern("(?m)^logferry_build_info\\{java=\"[^\"]+\",version=\"1\\.2\\.3\",} 1\\.0$");
  }
}
