package io.logferry.k8s.sidecar;

import io.logferry.Exporter;
import io.logferry.cli.ExitCodes;
import io.logferry.cli.ExporterOptions;
import io.logferry.cli.FollowOptions;
import io.logferry.cli.OutputOptions;
import io.logferry.cli.ServeOptions;
import io.logferry.config.ExporterConfig;
import io.logferry.sink.LogSink;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code logferry follow}: tail and ship until SIGTERM, then drain within {@code --drain-deadline}. The exporter runs
 * on its own thread ({@link FollowSession}); this command waits for it to end on its own. On SIGTERM the drain and the
 * exit code are handled by {@link FollowSession#shutdown} from {@link SidecarMain}'s shutdown hook, since the JVM
 * exits once its hooks are done, whatever this thread is doing.
 */
@Command(
    name = "follow",
    mixinStandardHelpOptions = true,
    versionProvider = io.logferry.cli.LogferryVersion.class,
    description = "Tail and ship until SIGTERM, then drain (0 drained, 1 failed, 2 usage, 3 drain deadline reached, 4 locked).")
public final class FollowCommand implements Callable<Integer> {

  @Mixin ExporterOptions exporter;
  @Mixin FollowOptions follow;
  @Mixin ServeOptions serve;
  @Mixin OutputOptions output;

  private final FollowSession session;
  private final SidecarEvents events;
  private final HealthServer server;
  private final ExporterReadiness readiness;

  FollowCommand(FollowSession session, SidecarEvents events, HealthServer server, ExporterReadiness readiness) {
    this.session = session;
    this.events = events;
    this.server = server;
    this.readiness = readiness;
  }

  @Override
  public Integer call() {
    SidecarLogging.install(output.logFormat());
    try {
      ExporterConfig config = exporter.toConfig(follow);
      exporter.notices().forEach(n -> output.info(follow.mode() + ": " + n));
      readiness.follow(serve.readiness());
      // Opened only now, with valid options: --help, --version and usage errors never listen on anything.
      server.start(serve.httpPort());
      LogSink sink = exporter.openSink(events, System.out);
      Exporter running;
      try {
        running = Exporter.create(config, sink, events);
      } catch (RuntimeException e) {
        sink.close();
        throw e;
      }
      if (!session.start(running, sink, config.drainDeadline(), error -> output.handleCommandException(error, follow.mode()))) {
        // SIGTERM arrived during start-up: nothing was read, nothing to drain.
        running.close();
        server.stop();
        return ExitCodes.OK;
      }
    } catch (RuntimeException e) {
      server.stop();
      return output.handleCommandException(e, follow.mode());
    }
    int code = session.awaitEnd();
    server.stop();
    return code;
  }
}
