package io.logferry.k8s.sidecar;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.logferry.cli.Redactor;
import io.logferry.config.ConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Health ({@code /q/health/live}, {@code /q/health/ready}, {@code /q/health/started}, {@code /q/health}) and metrics
 * ({@code /q/metrics}) on {@code --http-port}, opened by {@link FollowCommand} only after its options were valid, so
 * {@code follow --help} never needs a free port (in a pod whose app holds the port, a server that listened first made
 * every invocation exit 1).
 *
 * <p>The JDK's own small HTTP server ({@code com.sun.net.httpserver}, ~60 classes, one dispatcher thread) on a few
 * daemon threads: probes and scrapes are a few requests a minute. It replaced Quarkus' Vert.x/Netty stack with SmallRye
 * Health and Micrometer (~2,000 classes, ~12 MiB of class metadata, bench/README.md "Sidecar footprint"); the paths and
 * the JSON and text formats stayed. Each health probe is bounded by {@link #PROBE_TIMEOUT}: the checks run on a pool of
 * their own, so a slow readiness check (a sink healthcheck) never holds liveness behind it.
 */
public final class HealthServer {

  private static final Logger LOG = Logger.getLogger(HealthServer.class.getName());
  /** Below the manifests' probe timeouts' usual floor of a few seconds; a check slower than this is reported down. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
  static final int HANDLER_THREADS = 4;
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final List<HealthCheck> liveness;
  private final List<HealthCheck> readiness;
  private final Supplier<byte[]> metrics;
  private HttpServer server;
  private ExecutorService executor;
  private ExecutorService checks;

  /**
   * @param metrics the Prometheus text-format scrape
   */
  HealthServer(List<HealthCheck> liveness, List<HealthCheck> readiness, Supplier<byte[]> metrics) {
    this.liveness = List.copyOf(liveness);
    this.readiness = List.copyOf(readiness);
    this.metrics = metrics;
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
    List<HealthCheck> all = new ArrayList<>(liveness);
    all.addAll(readiness);
    s.createContext("/q/health/live", exchange -> health(exchange, liveness));
    s.createContext("/q/health/ready", exchange -> health(exchange, readiness));
    // Started once this server answers: the options were valid and the exporter is being created (no startup checks).
    s.createContext("/q/health/started", exchange -> health(exchange, List.of()));
    s.createContext("/q/health", exchange -> health(exchange, all));
    s.createContext("/q/metrics", this::metrics);
    s.createContext("/", exchange -> send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8)));
    AtomicInteger threads = new AtomicInteger();
    // Several threads, so that one slow readiness probe (a sink healthcheck) never queues liveness behind it; idle
    // ones end, so a sidecar probed every 10 s keeps about one.
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            HANDLER_THREADS, HANDLER_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "logferry-http-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    executor = pool;
    // The checks' own threads: created on demand, ended after 30 s idle; a check still running after its probe timed
    // out holds one thread, never a handler.
    checks = new ThreadPoolExecutor(0, HANDLER_THREADS * 2, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "logferry-health-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.CallerRunsPolicy());
    s.setExecutor(executor);
    s.start();
    server = s;
    int bound = s.getAddress().getPort();
    LOG.info("health and metrics on port " + bound + " (/q/health/live, /q/health/ready, /q/metrics)");
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
    checks.shutdownNow();
    server = null;
  }

  /**
   * Answers within {@link #PROBE_TIMEOUT}: 200 or 503 from the checks, or 503 with a reason when they failed to run or
   * did not answer in time (an exception used to make the JDK server close the connection without a response).
   */
  private void health(HttpExchange exchange, List<HealthCheck> checksToRun) throws IOException {
    if (!readOnly(exchange)) return;
    HealthReport report;
    try {
      report = CompletableFuture.supplyAsync(() -> run(checksToRun), checks).get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warning("health probe " + exchange.getRequestURI().getPath() + ": the checks did not answer within " + PROBE_TIMEOUT);
      down(exchange, "the checks did not answer within " + PROBE_TIMEOUT.toMillis() + " ms");
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      down(exchange, "interrupted");
      return;
    } catch (ExecutionException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      LOG.log(Level.WARNING, "health probe " + exchange.getRequestURI().getPath() + " failed", cause);
      down(exchange, String.valueOf(cause));
      return;
    }
    send(exchange, report.up() ? 200 : 503, "application/json; charset=utf-8", report.json());
  }

  private static HealthReport run(List<HealthCheck> checksToRun) {
    List<HealthResponse> responses = new ArrayList<>(checksToRun.size());
    for (HealthCheck check : checksToRun) responses.add(check.call());
    return new HealthReport(responses);
  }

  private static void down(HttpExchange exchange, String reason) throws IOException {
    JsonStringEncoder json = JsonStringEncoder.getInstance();
    String body = "{\"status\":\"DOWN\",\"checks\":[],\"reason\":\"" + new String(json.quoteAsString(Redactor.redact(reason))) + "\"}\n";
    send(exchange, 503, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  private void metrics(HttpExchange exchange) throws IOException {
    if (!readOnly(exchange)) return;
    send(exchange, 200, PROMETHEUS_TEXT, metrics.get());
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
