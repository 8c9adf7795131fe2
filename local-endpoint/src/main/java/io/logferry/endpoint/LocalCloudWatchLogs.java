package io.logferry.endpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.logferry.endpoint.LogStore.LogGroup;
import io.logferry.endpoint.LogStore.StreamLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A strict local CloudWatch Logs endpoint (JSON 1.1 protocol) with fault injection and a record of what it
 * accepted, for tests and benchmarks.
 *
 * <pre>{@code
 * try (LocalCloudWatchLogs cw = LocalCloudWatchLogs.start(Options.defaults())) {
 *   CloudWatchLogsClient client = CloudWatchLogsClient.builder().endpointOverride(cw.endpoint())...build();
 *   ...
 *   assertThat(cw.events("group", "stream")).hasSize(3);
 * }
 * }</pre>
 *
 * All methods are thread-safe.
 */
public final class LocalCloudWatchLogs implements AutoCloseable {

  static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

  static {
    // The JDK server writes the response head and body in separate writes; with Nagle's algorithm on, each response
    // then waits for the client's delayed ACK (~40 ms per request, measured: 20x slower). The JDK reads this property
    // once, when its server classes load, so it must be set before the first HttpServer of this JVM; a value chosen
    // by the user is kept.
    if (System.getProperty(NODELAY_PROPERTY) == null) {
      System.setProperty(NODELAY_PROPERTY, "true");
    }
  }

  private final Options options;
  private final LogStore store;
  private final Counters counters = new Counters();
  private final FaultInjector faults;
  private final HttpServer server;
  private final ExecutorService executor;
  private final URI endpoint;
  private final SelfSignedTls tls;
  private final Path tlsDir;
  private volatile boolean closed;

  private LocalCloudWatchLogs(Options options) throws IOException {
    this.options = options;
    this.store = new LogStore(options.recording());
    this.faults = new FaultInjector(options.faults(), options.seed());
    JsonFactory json = JsonFactory.builder().build();
    InetSocketAddress bind = new InetSocketAddress(options.host(), options.port());
    if (options.tls()) {
      tlsDir = Files.createTempDirectory("logferry-endpoint-tls");
      tls = SelfSignedTls.generate(tlsDir);
      HttpsServer https = HttpsServer.create(bind, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext));
      server = https;
    } else {
      tlsDir = null;
      tls = null;
      server = HttpServer.create(bind, 0);
    }
    executor = Executors.newFixedThreadPool(options.threads(), new DaemonThreads());
    server.setExecutor(executor);
    LogsApi api = new LogsApi(store, counters, options.clock(), options.region(), options.accountId());
    server.createContext("/", new ApiHandler(json, api, store, counters, faults));
    server.createContext(ControlHandler.PREFIX, new ControlHandler(json, this));
    server.start();
    String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    endpoint = URI.create((options.tls() ? "https" : "http") + "://" + host + ":" + server.getAddress().getPort());
  }

  /** Binds, (generates the certificate,) and starts serving; the endpoint is ready when this returns. */
  public static LocalCloudWatchLogs start(Options options) throws IOException {
    return new LocalCloudWatchLogs(Objects.requireNonNull(options, "options"));
  }

  /** The base URI for {@code endpointOverride}, e.g. {@code http://127.0.0.1:43127}. */
  public URI endpoint() {
    return endpoint;
  }

  public Options options() {
    return options;
  }

  /** The trust material when started with {@link Options#tls()}. */
  public Optional<TlsMaterial> tls() {
    return tls == null ? Optional.empty() : Optional.of(tls.material);
  }

  /** The accepted events of one stream in acceptance order (FULL mode); empty for an unknown stream. */
  public List<RecordedEvent> events(String group, String stream) {
    requireFull();
    LogGroup g = store.group(group);
    StreamLog s = g == null ? null : g.streams.get(stream);
    return s == null ? List.of() : s.events(group);
  }

  /** Every accepted event, by group then stream name, each stream in acceptance order (FULL mode). */
  public List<RecordedEvent> allEvents() {
    requireFull();
    List<RecordedEvent> all = new ArrayList<>();
    forEachStreamUnchecked((group, stream) -> all.addAll(stream.events(group)));
    return all;
  }

  /** One {@link #messageHash(CharSequence)} per accepted event of the stream, in acceptance order (any mode). */
  public long[] messageHashes(String group, String stream) {
    LogGroup g = store.group(group);
    StreamLog s = g == null ? null : g.streams.get(stream);
    return s == null ? new long[0] : s.messageHashes();
  }

  /**
   * The 64-bit hash COUNTS mode keeps per message, so a benchmark can compare what it sent with what was accepted
   * without the endpoint holding the text. It mixes the UTF-16 code units four at a time; it is not cryptographic.
   */
  public static long messageHash(CharSequence message) {
    return MessageText.hash(message);
  }

  public EndpointStats stats() {
    return counters.snapshot();
  }

  public Faults faults() {
    return faults.faults();
  }

  /** Replaces the injected faults; takes effect for requests that have not yet been decided. */
  public void setFaults(Faults next) {
    faults.set(Objects.requireNonNull(next, "faults"));
  }

  /**
   * Makes the endpoint down ({@link Faults#down()}: the connection closed unread) for the requests signed with one of
   * {@code accessKeyIds}, and only for them, until replaced (an empty set: up for everyone): a network partition
   * between some clients and CloudWatch while the others ship on. Independent of {@link #setFaults}.
   */
  public void setDownFor(Set<String> accessKeyIds) {
    faults.setDownFor(Objects.requireNonNull(accessKeyIds, "accessKeyIds"));
  }

  /** Creates the group and the stream if absent (what a provisioning client would do), bypassing faults. */
  public void createLogStream(String group, String stream) {
    if (!PutLogEventsLimits.isValidGroupName(group) || !PutLogEventsLimits.isValidStreamName(stream)) {
      throw new IllegalArgumentException("invalid log group or stream name");
    }
    long now = options.clock().millis();
    LogGroup g = store.groups.computeIfAbsent(group, name -> new LogGroup(name, now));
    g.streams.computeIfAbsent(stream, name -> new StreamLog(name, now, store.mode));
  }

  /** Forgets every group, stream, event and counter; the faults stay as they are. */
  public void reset() {
    store.clear();
    counters.reset();
  }

  /** Stops serving at once and removes the generated TLS files; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    executor.shutdownNow();
    if (tlsDir != null) {
      try (Stream<Path> files = Files.walk(tlsDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // Best effort: only temporary files of a throwaway certificate are left behind.
      }
    }
  }

  @Override
  public String toString() {
    return "LocalCloudWatchLogs[" + endpoint + ", " + options.recording() + "]";
  }

  // ---- package-private, for the control paths ----

  interface StreamVisitor {
    void visit(String group, StreamLog stream) throws IOException;
  }

  void forEachStream(StreamVisitor visitor) throws IOException {
    List<LogGroup> groups = new ArrayList<>(store.groups.values());
    groups.sort(Comparator.comparing(g -> g.name));
    for (LogGroup g : groups) {
      List<StreamLog> streams = new ArrayList<>(g.streams.values());
      streams.sort(Comparator.comparing(s -> s.name));
      for (StreamLog s : streams) {
        visitor.visit(g.name, s);
      }
    }
  }

  private void forEachStreamUnchecked(StreamVisitor visitor) {
    try {
      forEachStream(visitor);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void requireFull() {
    if (options.recording() != RecordingMode.FULL) {
      throw new IllegalStateException("events are kept only in recording mode FULL; use messageHashes() or stats()");
    }
  }

  private static final class DaemonThreads implements ThreadFactory {
    private final AtomicInteger n = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "logferry-endpoint-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
