package io.logferry.k8s.sidecar;

import io.logferry.cli.EnvironmentDefaults;
import io.logferry.cli.LogferryCommandLine;
import io.logferry.cli.LogferryVersion;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;

/**
 * The sidecar's entry point: {@code java -jar logferry-sidecar.jar follow ...}. Plain Java, no application framework:
 * picocli parses, {@link FollowCommand} runs logferry's core, {@link HealthServer} (the JDK's HTTP server) answers
 * probes and scrapes, and a shutdown hook turns SIGTERM into a drain ({@link FollowSession#shutdown}).
 *
 * <p>Why not Quarkus, which the sidecar ran on before: a pod-long process that ships 20 lines a second is weighed by
 * its resident memory, and that was class metadata: ~9,000 classes, of which the framework (CDI, config, logging,
 * Vert.x/Netty, SmallRye Health, Micrometer) was ~3,200 (bench/README.md "Sidecar footprint"). Quarkus still generates
 * the Kubernetes manifests at build time. Everything here is native-image ready (picocli's annotations are read by
 * reflection, for which picocli-codegen can generate the configuration; nothing else uses reflection).
 */
public final class SidecarMain {

  private SidecarMain() {}

  public static void main(String[] args) {
    // Before anything logs (see SidecarLogManager); a manager given on the command line wins.
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", SidecarLogManager.class.getName());
    }
    Sidecar sidecar = Sidecar.create();
    Thread hook = new Thread(() -> sidecar.session.shutdown(sidecar.exiting), "logferry-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    int code = sidecar.run(args);
    sidecar.exiting = true;
    System.exit(code);
  }

  /** One sidecar's parts, wired by hand (the whole object graph is these few objects). */
  static final class Sidecar {
    final FollowSession session;
    final SidecarEvents events;
    final HealthServer server;
    final ExporterReadiness readiness;
    final SidecarSettings settings;
    /** Set once {@link #run} returned: the shutdown that follows is ours, not a signal. */
    volatile boolean exiting;

    private Sidecar(FollowSession session, SidecarSettings settings) {
      this.session = session;
      this.settings = settings;
      this.events = new SidecarEvents(session, LogferryVersion.version());
      this.readiness = new ExporterReadiness(session, settings.duration("logferry.health.sink-fresh", Duration.ofMinutes(2)),
          settings.duration("logferry.health.sink-cache", Duration.ofSeconds(30)));
      PipelineLiveness liveness = new PipelineLiveness(session, settings.duration("logferry.health.loop-stall", Duration.ofSeconds(60)));
      this.server = new HealthServer(List.of(liveness), List.of(readiness), events::scrape);
    }

    static Sidecar create() {
      return new Sidecar(new FollowSession(), SidecarSettings.load());
    }

    /** For tests in this JVM: {@code session}, and system properties only (not the container's defaults). */
    static Sidecar create(FollowSession session) {
      return new Sidecar(session, SidecarSettings.systemOnly());
    }

    /** Parses {@code args}, runs the command and returns its exit code. */
    int run(String... args) {
      return commandLine().execute(args);
    }

    CommandLine commandLine() {
      CommandLine.IFactory defaults = CommandLine.defaultFactory();
      CommandLine.IFactory factory = new CommandLine.IFactory() {
        @Override
        @SuppressWarnings("unchecked")
        public <K> K create(Class<K> type) throws Exception {
          if (type == FollowCommand.class) return (K) new FollowCommand(session, events, server, readiness);
          return defaults.create(type);
        }
      };
      EnvironmentDefaults env = EnvironmentDefaults.of(System.getenv(), settings::property);
      return LogferryCommandLine.configure(new CommandLine(new LogferryCommand(), factory), env);
    }
  }
}
