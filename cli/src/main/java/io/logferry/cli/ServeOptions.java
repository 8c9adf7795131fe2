package io.logferry.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The HTTP face of {@code follow} (health and metrics): the port, and what readiness means. Only {@code follow} has it.
 * The options themselves are declared in {@link Settings} ({@link Settings#HTTP_PORT}, {@link Settings#READINESS}) and
 * resolved through the command's {@link ExporterOptions}, so they also come from {@code LOGFERRY_HTTP_PORT},
 * {@code LOGFERRY_READINESS} and the config file. The server is opened by the command after its options were
 * validated, so {@code --help} and {@code --version} never listen on anything.
 */
// @Command only so that picocli accepts a mixin without options of its own.
@Command
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

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /** The port to listen on (0 to 65535; a bad value is a {@link io.logferry.config.ConfigException} naming its source). */
  public int httpPort() {
    return ExporterOptions.sourcesOf(mixee).get(Settings.HTTP_PORT).value();
  }

  /** What readiness follows. */
  public ReadinessMode readiness() {
    return ExporterOptions.sourcesOf(mixee).get(Settings.READINESS).value();
  }
}
