package io.logferry.k8s.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logferry.Exporter;
import io.logferry.cli.ServeOptions;
import io.logferry.config.ExporterConfig;
import io.logferry.events.ExporterEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liveness follows the pipeline loop, readiness the running exporter (and the sink only when asked): a CloudWatch
 * outage is neither a reason to restart logferry nor, by default, to take the app's pod out of its Services.
 */
class HealthChecksTest {

  @TempDir Path tmp;

  @Test
  void byDefaultAnUnreachableSinkLeavesThePodReadyAndLive() throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Files.writeString(logs.resolve("app.log"), "one\n");
    FollowSession session = new FollowSession(code -> {}, code -> {});
    ExporterReadiness readiness = new ExporterReadiness(session, Duration.ofMinutes(2), Duration.ofHours(1));
    PipelineLiveness liveness = new PipelineLiveness(session, Duration.ofMinutes(1));
    assertThat(readiness.call().up()).as("not ready before following").isFalse();

    FollowSessionTest.StuckSink sink = new FollowSessionTest.StuckSink();
    ExporterConfig config =
        ExporterConfig.defaults(List.of(logs + "/*.log"), tmp.resolve("cp"), "g")
            .withPollInterval(Duration.ofMillis(20))
            .withFlushInterval(Duration.ofMillis(20))
            .withDrainDeadline(Duration.ofMillis(500));
    session.start(Exporter.create(config, sink, ExporterEvents.NOOP), sink, config.drainDeadline(), e -> 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.exports.get() != null);

    HealthResponse ready = readiness.call();
    assertThat(ready.up()).isTrue();
    assertThat(ready.data()).containsEntry("follows", "running");
    assertThat(sink.healthchecks.get()).as("the sink is not even asked").isZero();
    assertThat(liveness.call().up()).isTrue();

    session.stopAndAwait();
    assertThat(readiness.call().up()).isFalse();
    assertThat(liveness.call().up()).isFalse();
  }

  @Test
  void whenReadinessFollowsTheSinkAnUnreachableSinkMakesItNotReadyButKeepsItLive() throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Files.writeString(logs.resolve("app.log"), "one\n");
    FollowSession session = new FollowSession(code -> {}, code -> {});
    ExporterReadiness readiness = new ExporterReadiness(session, Duration.ofMinutes(2), Duration.ofHours(1));
    PipelineLiveness liveness = new PipelineLiveness(session, Duration.ofMinutes(1));
    readiness.follow(ServeOptions.ReadinessMode.SINK);
    assertThat(readiness.call().up()).as("not ready before following").isFalse();

    FollowSessionTest.StuckSink sink = new FollowSessionTest.StuckSink();
    ExporterConfig config =
        ExporterConfig.defaults(List.of(logs + "/*.log"), tmp.resolve("cp"), "g")
            .withPollInterval(Duration.ofMillis(20))
            .withFlushInterval(Duration.ofMillis(20))
            .withDrainDeadline(Duration.ofMillis(500));
    session.start(Exporter.create(config, sink, ExporterEvents.NOOP), sink, config.drainDeadline(), e -> 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.exports.get() != null);

    HealthResponse notReady = readiness.call();
    assertThat(notReady.up()).isFalse();
    assertThat(notReady.data().get("reason").toString())
        .startsWith("unreachable")
        .doesNotContain("abc123");
    readiness.call();
    assertThat(sink.healthchecks.get()).as("the sink's healthcheck is cached between probes").isEqualTo(1);
    assertThat(liveness.call().up()).isTrue();

    session.stopAndAwait();
    assertThat(liveness.call().up()).isFalse();
  }
}
