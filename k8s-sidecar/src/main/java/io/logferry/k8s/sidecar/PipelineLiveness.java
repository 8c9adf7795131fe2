package io.logferry.k8s.sidecar;

import io.logferry.runtime.ExporterStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * Live while the pipeline loop makes progress: its last iteration ({@link ExporterStatus#lastLoopNanos}) is recent.
 * A stuck loop is what a restart fixes; a slow or unreachable CloudWatch is not (that is readiness), so this check
 * never looks at the sink.
 */
final class PipelineLiveness implements HealthCheck {

  private final FollowSession session;
  private final Duration stall;
  private final long createdNanos = System.nanoTime();

  /** @param stall {@code logferry.health.loop-stall} ({@link SidecarSettings}) */
  PipelineLiveness(FollowSession session, Duration stall) {
    this.session = session;
    this.stall = stall;
  }

  @Override
  public HealthResponse call() {
    var response = HealthResponse.named("logferry-pipeline");
    if (session.ended()) return response.withData("reason", "the exporter has ended").down();
    Optional<ExporterStatus> status = session.status();
    long now = System.nanoTime();
    long last = status.map(ExporterStatus::lastLoopNanos).filter(n -> n != 0).orElse(createdNanos);
    long idleMillis = Duration.ofNanos(now - last).toMillis();
    boolean live = idleMillis <= stall.toMillis();
    return response.withData("lastLoopMillisAgo", idleMillis).withData("stallMillis", stall.toMillis()).status(live);
  }
}
