package io.logferry.k8s.sidecar;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.logferry.ConfigException;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Health ({@code /q/health/live}, {@code /q/health/ready}, {@code /q/health/started}, {@code /q/health}) and metrics
 * ({@code /q/metrics}) on {@code --http-port}, opened by {@link FollowCommand} only after its options were valid.
 *
 * <p>Why not Quarkus' own HTTP server: it listens before picocli has parsed anything, so {@code follow --help} needed a
 * free port, and in a pod whose app already holds that port every invocation exited 1 (a crash loop). Quarkus' server
 * is therefore disabled ({@code quarkus.http.host-enabled=false}); the checks and the meters stay the same beans
 * (SmallRye Health's reporter, Micrometer's Prometheus registry), served here by the JDK's small HTTP server on one
 * daemon thread: probes and scrapes are a few requests a minute.
 */
@Singleton
public class HealthServer {

  private static final Logger LOG = Logger.getLogger(HealthServer.class);
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
    s.createContext("/q/health/live", exchange -> health(exchange, health::getLiveness));
    s.createContext("/q/health/ready", exchange -> health(exchange, health::getReadiness));
    s.createContext("/q/health/started", exchange -> health(exchange, health::getStartup));
    s.createContext("/q/health", exchange -> health(exchange, health::getHealth));
    s.createContext("/q/metrics", this::metrics);
    s.createContext("/", exchange -> send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8)));
    executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "logferry-http");
              t.setDaemon(true);
              return t;
            });
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

  private void health(HttpExchange exchange, Supplier<SmallRyeHealth> check) throws IOException {
    if (!readOnly(exchange)) return;
    SmallRyeHealth result = check.get();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    health.reportHealth(body, result);
    send(exchange, result.isDown() ? 503 : 200, "application/json; charset=utf-8", body.toByteArray());
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
