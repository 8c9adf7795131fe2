package io.logferry.k8s.sidecar;

import io.logferry.runtime.ExporterStatus;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while the pipeline loop makes progress: its last iteration ({@link ExporterStatus#lastLoopNanos}) is recent.
 * A stuck loop is what a restart fixes; a slow or unreachable CloudWatch is not (that is readiness), so this check
 * never looks at the sink.
 */
@Liveness
@Singleton
public class PipelineLiveness implements HealthCheck {

  private final FollowSession session;
  private final Duration stall;
  private final long createdNanos = System.nanoTime();

  public PipelineLiveness(FollowSession session, @ConfigProperty(name = "logferry.health.loop-stall", defaultValue = "60s") Duration stall) {
    this.session = session;
    this.stall = stall;
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("logferry-pipeline");
    if (session.ended()) return response.down().withData("reason", "the exporter has ended").build();
    Optional<ExporterStatus> status = session.status();
    long now = System.nanoTime();
    long last = status.map(ExporterStatus::lastLoopNanos).filter(n -> n != 0).orElse(createdNanos);
    long idleMillis = Duration.ofNanos(now - last).toMillis();
    boolean live = idleMillis <= stall.toMillis();
    return response.status(live).withData("lastLoopMillisAgo", idleMillis).withData("stallMillis", stall.toMillis()).build();
  }
}
