package io.logferry.k8s.sidecar;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.logferry.ConfigException;
import io.logferry.cli.Redactor;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Health ({@code /q/health/live}, {@code /q/health/ready}, {@code /q/health/started}, {@code /q/health}) and metrics
 * ({@code /q/metrics}) on {@code --http-port}, opened by {@link FollowCommand} only after its options were valid.
 *
 * <p>Why not Quarkus' own HTTP server: it listens before picocli has parsed anything, so {@code follow --help} needed a
 * free port, and in a pod whose app already holds that port every invocation exited 1 (a crash loop). Quarkus' server
 * is therefore disabled ({@code quarkus.http.host-enabled=false}); the checks and the meters stay the same beans
 * (SmallRye Health's reporter, Micrometer's Prometheus registry), served here by the JDK's small HTTP server on a few
 * daemon threads: probes and scrapes are a few requests a minute, and each health probe is bounded by
 * {@link #PROBE_TIMEOUT}.
 */
@Singleton
public class HealthServer {

  private static final Logger LOG = Logger.getLogger(HealthServer.class);
  /** Below the manifests' probe timeouts' usual floor of a few seconds; a check slower than this is reported down. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
  static final int HANDLER_THREADS = 4;
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final SmallRyeHealthReporter health;
  private final PrometheusMeterRegistry prometheus;
  private HttpServer server;
  private ExecutorService executor;

  public HealthServer(SmallRyeHealthReporter health, PrometheusMeterRegistry prometheus) {
    this.health = health;
    this.prometheus = prometheus;
  }

  /**
   * Listens on every address at {@code port} (0: a free port) and returns the port bound.
   *
   * @throws ConfigException when the port is taken: a configuration error (exit 2) that names the option
   */
  public synchronized int start(int port) {
    if (server != null) throw new IllegalStateException("already serving on " + server.getAddress().getPort());
    HttpServer s;
    try {
      s = HttpServer.create(new InetSocketAddress(port), 16);
    } catch (BindException e) {
      throw new ConfigException(
          "--http-port (LOGFERRY_HTTP_PORT) " + port + " is already in use in this network namespace (another container"
              + " of the pod?): choose a free port");
    } catch (IOException e) {
      throw new ConfigException("--http-port (LOGFERRY_HTTP_PORT) " + port + ": cannot listen: " + e.getMessage(), e);
    }
    s.createContext("/q/health/live", exchange -> health(exchange, health::getLivenessAsync));
    s.createContext("/q/health/ready", exchange -> health(exchange, health::getReadinessAsync));
    s.createContext("/q/health/started", exchange -> health(exchange, health::getStartupAsync));
    s.createContext("/q/health", exchange -> health(exchange, health::getHealthAsync));
    s.createContext("/q/metrics", this::metrics);
    s.createContext("/", exchange -> send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8)));
    // The JDK server creates its handler threads from its own dispatcher thread, whose context class loader is the
    // system one, not Quarkus' application loader. Health checks are beans created lazily on the first probe, and
    // their @ConfigProperty Durations are converted with the converters found through that loader: without Quarkus'
    // DurationConverter, "60s" failed (SRCFG00039) and the probe answered nothing. So the handler threads get the
    // loader of the thread that starts the server (main, inside the Quarkus application).
    ClassLoader appLoader = Thread.currentThread().getContextClassLoader();
    AtomicInteger threads = new AtomicInteger();
    // Several threads, so that one slow readiness probe (a sink healthcheck) never queues liveness behind it; idle
    // ones end, so a sidecar probed every 10 s keeps about one.
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            HANDLER_THREADS, HANDLER_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "logferry-http-" + threads.incrementAndGet());
              t.setDaemon(true);
              t.setContextClassLoader(appLoader);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    executor = pool;
    s.setExecutor(executor);
    s.start();
    server = s;
    int bound = s.getAddress().getPort();
    LOG.infof("health and metrics on port %d (/q/health/live, /q/health/ready, /q/metrics)", bound);
    return bound;
  }

  /** The port bound, or -1 when not serving. */
  public synchronized int port() {
    return server == null ? -1 : server.getAddress().getPort();
  }

  /** Stops listening. Idempotent; safe before {@link #start}. */
  public synchronized void stop() {
    if (server == null) return;
    server.stop(0);
    executor.shutdownNow();
    server = null;
  }

  /**
   * Answers within {@link #PROBE_TIMEOUT}: 200 or 503 from the checks, or 503 with a reason when they failed to run or
   * did not answer in time (an exception used to make the JDK server close the connection without a response).
   */
  private void health(HttpExchange exchange, Supplier<Uni<SmallRyeHealth>> check) throws IOException {
    if (!readOnly(exchange)) return;
    SmallRyeHealth result;
    try {
      result = check.get().await().atMost(PROBE_TIMEOUT);
    } catch (TimeoutException e) {
      LOG.warnf("health probe %s: the checks did not answer within %s", exchange.getRequestURI().getPath(), PROBE_TIMEOUT);
      down(exchange, "the checks did not answer within " + PROBE_TIMEOUT.toMillis() + " ms");
      return;
    } catch (RuntimeException | Error e) {
      LOG.warnf(e, "health probe %s failed", exchange.getRequestURI().getPath());
      down(exchange, String.valueOf(e));
      return;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    health.reportHealth(body, result);
    send(exchange, result.isDown() ? 503 : 200, "application/json; charset=utf-8", body.toByteArray());
  }

  private static void down(HttpExchange exchange, String reason) throws IOException {
    JsonStringEncoder json = JsonStringEncoder.getInstance();
    String body = "{\"status\":\"DOWN\",\"checks\":[],\"reason\":\"" + new String(json.quoteAsString(Redactor.redact(reason))) + "\"}\n";
    send(exchange, 503, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  private void metrics(HttpExchange exchange) throws IOException {
    if (!readOnly(exchange)) return;
    send(exchange, 200, PROMETHEUS_TEXT, prometheus.scrape().getBytes(StandardCharsets.UTF_8));
  }

  /** GET or HEAD of exactly the context's path (contexts match by prefix); otherwise answers 404 or 405. */
  private static boolean readOnly(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
      send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
      return false;
    }
    String method = exchange.getRequestMethod();
    if (method.equals("GET") || method.equals("HEAD")) return true;
    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
    send(exchange, 405, "text/plain; charset=utf-8", new byte[0]);
    return false;
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) out.write(body);
    }
  }
}
