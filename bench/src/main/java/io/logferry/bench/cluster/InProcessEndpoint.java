package io.logferry.bench.cluster;

import io.logferry.endpoint.EndpointStats;
import io.logferry.endpoint.Faults;
import io.logferry.endpoint.LocalCloudWatchLogs;
import io.logferry.endpoint.Options;
import io.logferry.endpoint.RecordedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** The strict local CloudWatch Logs endpoint in the runner's JVM (the shippers stay separate processes). */
final class InProcessEndpoint implements Endpoint {

  private final LocalCloudWatchLogs endpoint;

  private InProcessEndpoint(LocalCloudWatchLogs endpoint) {
    this.endpoint = endpoint;
  }

  static InProcessEndpoint start() {
    return start(false);
  }

  /**
   * With {@code tls}, serves HTTPS with a self-signed certificate (see {@link #certificatePem()}): the study's
   * shippers, logferry and Fluent Bit alike, pay for TLS as they would against CloudWatch.
   */
  static InProcessEndpoint start(boolean tls) {
    try {
      return new InProcessEndpoint(LocalCloudWatchLogs.start(Options.defaults().withTls(tls)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the local endpoint: " + e.getMessage(), e);
    }
  }

  @Override
  public String url() {
    return endpoint.endpoint().toString();
  }

  @Override
  public void faults(double throttleRatio, boolean down) {
    endpoint.setFaults(Faults.NONE.withThrottleRatio(throttleRatio).withDown(down));
  }

  @Override
  public void downFor(java.util.Set<String> accessKeyIds) {
    endpoint.setDownFor(accessKeyIds);
  }

  @Override
  public void reset() {
    endpoint.reset();
  }

  @Override
  public java.nio.file.Path certificatePem() {
    return endpoint.tls().map(io.logferry.endpoint.TlsMaterial::certificatePem).orElse(null);
  }

  @Override
  public Stats stats() {
    EndpointStats s = endpoint.stats();
    return new Stats(s.requestsByOperation(), s.acceptedEvents(), s.acceptedBytes(), s.acceptedBatches(),
        s.rejectedRequestsByReason(), s.injectedFaults());
  }

  @Override
  public void events(Consumer<Event> sink) {
    for (RecordedEvent e : endpoint.allEvents()) {
      sink.accept(new Event(e.stream(), e.timestamp(), e.ingestionTime(), e.message()));
    }
  }

  @Override
  public long acceptedIn(String stream) {
    try {
      return endpoint.events(Commands.GROUP, stream).size();
    } catch (RuntimeException e) {
      return 0; // no such stream (yet)
    }
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
