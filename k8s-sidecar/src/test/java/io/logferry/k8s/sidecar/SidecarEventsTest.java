package io.logferry.k8s.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.pipeline.StreamKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each core event moves its own meter, and only that one. */
class SidecarEventsTest {

  static final StreamKey KEY = new StreamKey("g", "s");

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final SidecarEvents events = new SidecarEvents(registry, new FollowSession(code -> {}, code -> {}), "1.2.3");

  double counter(String name, String... tags) {
    var c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
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
    assertThat(registry.find("logferry.files.tailed").gauge().value()).isEqualTo(1);
    assertThat(counter("logferry.rotations", "kind", "rename")).isEqualTo(1);
    assertThat(counter("logferry.rotations", "kind", "copytruncate")).isEqualTo(2);
  }

  @Test
  void everyRequestIsALatencySampleByOutcomeAndBatchesSetTheLastSentTimestamp() {
    assertThat(registry.find("logferry.last.batch.sent.timestamp.seconds").gauge().value()).isNaN();
    events.requestCompleted(KEY, false, TimeUnit.MILLISECONDS.toNanos(30));
    events.requestCompleted(KEY, true, TimeUnit.MILLISECONDS.toNanos(40));
    events.requestCompleted(KEY, true, TimeUnit.MILLISECONDS.toNanos(60));
    var ok = registry.find("logferry.put.log.events").tag("outcome", "ok").timer();
    assertThat(ok.count()).isEqualTo(2);
    assertThat(ok.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(100);
    assertThat(registry.find("logferry.put.log.events").tag("outcome", "error").timer().count()).isEqualTo(1);

    long before = System.currentTimeMillis();
    events.batchSent(KEY, 3, 90, 1);
    double sentAt = registry.find("logferry.last.batch.sent.timestamp.seconds").gauge().value();
    assertThat(sentAt * 1000).isBetween((double) before - 1, (double) System.currentTimeMillis() + 1);
  }

  @Test
  void buildInfoCarriesTheVersion() {
    var info = registry.find("logferry.build.info").tag("version", "1.2.3").gauge();
    assertThat(info.value()).isEqualTo(1);
    assertThat(info.getId().getTag("java")).isNotBlank();
  }
}
