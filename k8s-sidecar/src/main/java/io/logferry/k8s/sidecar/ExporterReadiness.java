package io.logferry.k8s.sidecar;

import io.logferry.cli.Redactor;
import io.logferry.cli.ServeOptions.ReadinessMode;
import io.logferry.runtime.ExporterStatus;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Readiness, as {@code --readiness} chooses.
 *
 * <ul>
 *   <li>{@code running} (the default): ready while the exporter runs. A sidecar's readiness is the pod's: if it
 *       followed CloudWatch, an outage or a missing IAM permission would take every app pod out of its Services,
 *       which hurts the app and ships no more logs. Delivery problems show in metrics and logs instead, and the
 *       exporter keeps everything on disk until CloudWatch accepts it.
 *   <li>{@code sink} (opt-in, for a DaemonSet or a dedicated pod): also ready only while the sink answers: a batch was
 *       accepted within {@code logferry.health.sink-fresh}, or else the sink's own healthcheck passes. The
 *       healthcheck (one small request) is cached for {@code logferry.health.sink-cache}, so that probes do not
 *       become load on CloudWatch.
 * </ul>
 */
final class ExporterReadiness implements HealthCheck {

  record Probe(long atNanos, String failure) {}

  private final FollowSession session;
  private final Duration fresh;
  private final Duration cache;
  private final AtomicReference<Probe> lastProbe = new AtomicReference<>();
  private volatile ReadinessMode readiness = ReadinessMode.RUNNING;

  /**
   * @param fresh {@code logferry.health.sink-fresh} ({@link SidecarSettings})
   * @param cache {@code logferry.health.sink-cache}
   */
  ExporterReadiness(FollowSession session, Duration fresh, Duration cache) {
    this.session = session;
    this.fresh = fresh;
    this.cache = cache;
  }

  /** Sets what readiness follows (from {@code --readiness}); {@link ReadinessMode#RUNNING} until then. */
  public void follow(ReadinessMode readiness) {
    this.readiness = readiness;
  }

  @Override
  public HealthResponse call() {
    var response = HealthResponse.named("logferry-ready");
    ReadinessMode mode = readiness;
    response.withData("follows", mode.name().toLowerCase(Locale.ROOT));
    if (!session.started() || session.ended()) {
      return response.withData("reason", session.ended() ? "the exporter has ended" : "starting").down();
    }
    if (mode == ReadinessMode.RUNNING) return response.up();
    long now = System.nanoTime();
    long lastSuccess = session.status().map(ExporterStatus::lastSinkSuccessNanos).orElse(0L);
    if (lastSuccess != 0 && now - lastSuccess <= fresh.toNanos()) {
      return response.withData("lastBatchMillisAgo", Duration.ofNanos(now - lastSuccess).toMillis()).up();
    }
    Probe probe = lastProbe.get();
    if (probe == null || now - probe.atNanos() > cache.toNanos()) {
      String failure = session.sink().map(s -> s.healthcheck()).orElse("no sink");
      probe = new Probe(now, failure);
      lastProbe.set(probe);
    }
    if (probe.failure() == null) return response.up();
    return response.withData("reason", Redactor.redact(probe.failure())).down();
  }
}
