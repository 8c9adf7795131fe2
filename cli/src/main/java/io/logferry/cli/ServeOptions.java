package io.logferry.cli;

import io.logferry.ConfigException;
import picocli.CommandLine.Option;

/**
 * The HTTP face of {@code follow} (health and metrics): the port, and what readiness means. Only {@code follow} has it;
 * the server is opened by the command after its options were validated, so {@code --help} and {@code --version} never
 * listen on anything.
 */
public final class ServeOptions {

  /**
   * The default port. Chosen away from the ports apps and other sidecars commonly take in a shared pod network
   * namespace: 80/443/3000/5000/8000/8080/8443/9000, Prometheus (9090) and its exporters' block (9100-9999), Fluent
   * Bit (2020), Vector (8686), the OpenTelemetry Collector (4317, 4318, 8888, 13133), Envoy/Istio (9901, 15000-15090),
   * Linkerd (4140-4191).
   */
  public static final int DEFAULT_HTTP_PORT = 7437;

  /** What {@code /q/health/ready} follows. */
  public enum ReadinessMode {
    /** Ready while the exporter runs (configured, checkpoint lock held, pipeline loop started). The default. */
    RUNNING,
    /** Also requires the sink: a batch accepted recently, or the sink's healthcheck passes. Opt-in. */
    SINK
  }

  @Option(
      names = "--http-port",
      defaultValue = "" + DEFAULT_HTTP_PORT,
      paramLabel = "PORT",
      description = {
        "Port of the health (/q/health/live, /q/health/ready, /q/health/started) and metrics (/q/metrics) server,",
        "opened only once the options are valid; 0 picks a free port. Default: ${DEFAULT-VALUE}."
      })
  int httpPort = DEFAULT_HTTP_PORT;

  @Option(
      names = "--readiness",
      defaultValue = "running",
      paramLabel = "running|sink",
      description = {
        "What readiness follows. running (default): the exporter runs, so a CloudWatch outage never takes the app's pod",
        "out of its Services. sink: also CloudWatch accepting batches (opt-in; for a DaemonSet or a dedicated pod)."
      })
  ReadinessMode readiness = ReadinessMode.RUNNING;

  /** The port to listen on, checked: 0 to 65535. */
  public int httpPort() {
    if (httpPort < 0 || httpPort > 65_535) {
      throw new ConfigException("--http-port (LOGFERRY_HTTP_PORT) must be 0 to 65535, not " + httpPort);
    }
    return httpPort;
  }

  public ReadinessMode readiness() {
    return readiness;
  }
}
