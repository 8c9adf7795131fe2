package io.logferry.bench;

import com.sun.net.httpserver.HttpServer;
import io.logferry.events.ExporterEvents;
import io.logferry.events.StreamKey;
import io.logferry.pipeline.Batch;
import io.logferry.pipeline.Batcher;
import io.logferry.pipeline.Batchers;
import io.logferry.pipeline.LogEvent;
import io.logferry.sink.ExportResult;
import io.logferry.sink.LogSink;
import io.logferry.sink.cloudwatch.CloudWatchLimits;
import io.logferry.sink.cloudwatch.CloudWatchSink;
import io.logferry.sink.cloudwatch.CloudWatchSinkConfig;
import io.logferry.sink.cloudwatch.PutLogEventsPath;
import io.logferry.source.SourceId;
import io.logferry.testbed.LineFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsRequest;

/**
 * Batching and PutLogEvents request building, per MiB of messages: where the send path spends CPU before the network.
 *
 * <p>Each invocation takes 4 MiB of nginx events (about 21,600, already decoded, as the assembler emits them) through
 * progressively more of the send path, so the differences between methods are the cost of each step:
 *
 * <ul>
 *   <li>{@code baseline}: iterate the events and sum their sizes;
 *   <li>{@code batch}: the batcher under CloudWatch's limits (1 MiB incl. 26 B per event, 10,000 events, 24 h span);
 *   <li>{@code batchAndBuildRequests} (the wrong variant, the sink's path until 2026-12): plus one SDK
 *       {@code PutLogEventsRequest} per batch (a copy sorted by timestamp, one {@code InputLogEvent} per event);
 *   <li>{@code batchBuildAndMarshal} (the wrong variant, continued): plus {@code client.putLogEvents} on a real SDK
 *       client whose HTTP client is a no-op (it drains the body and answers {@code 200 {}}): the SDK's JSON
 *       marshalling, SigV4 signing (a SHA-256 of every body) and response handling, without a socket;
 *   <li>{@code batchAndWriteBodies} (the sink's path): the batcher, then the sink's request builder (sort, range
 *       check) and its {@code PutLogEventsBody}: the JSON body written by jackson-core into a reused buffer;
 *   <li>{@code batchWriteSignAndSend} (the sink's path, continued): plus SigV4 signing with the SDK's
 *       {@code AwsV4HttpSigner} and the same no-op HTTP client, answer read with jackson-core: compare with
 *       {@code batchBuildAndMarshal};
 *   <li>{@code sinkOverLoopbackHttp}: the batcher feeding the public {@code CloudWatchSink} (concurrency 4, its
 *       retries, provisioning and dead-letter logic) pointed at an in-process HTTP server that drains each request and
 *       answers {@code 200 {}}: the whole client side of a send, over loopback. The server's CPU is in the
 *       measurement too (same process), so this is an upper bound of the client's own cost.
 * </ul>
 *
 * Scores are milliseconds per MiB of messages (4 per invocation). Every invocation builds its own batcher and
 * requests from the immutable event list, so nothing carries over between invocations.
 *
 * <p>Observed (2026-11-23, 2-core Intel Xeon VM, JDK 17, 1 fork, 2 warm-up + 3 measured iterations of 1 s, machine
 * shared with other builds at load 5-14, so errors are wide; results/jmh/20261123T221341Z-reduced*.json):
 * ms per MiB: baseline 0.010; batch 0.148; batchAndBuildRequests 0.577; batchBuildAndMarshal 5.79; sinkOverLoopbackHttp 20.7.
 *
 * <p>Observed (2026-12-01, same machine kind, JDK 17, load average 30-55: wall-clock scores were meaningless, so
 * these are process CPU ms per MiB measured by calling the methods in a loop for 3 s of CPU each after 1-1.5 s of
 * CPU warm-up, 3 rounds, last round shown; indicative only): batch 0.07; batchAndBuildRequests 0.34;
 * batchBuildAndMarshal (SDK model + marshaller + signing) 8.3 (rounds 25.7, 10.6, 8.3); batchAndWriteBodies 0.87
 * (jackson-core's generator instead: 2.5); batchWriteSignAndSend 2.0 (rounds 3.2, 2.2, 2.0): about 4x less CPU than
 * the SDK path for the same bytes on the wire.
 *
 * <p>HOW TO RUN THIS TEST:
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar BatchBenchmark
 * java -jar bench/target/benchmarks.jar BatchBenchmark -f 1 -wi 1 -i 1 -w 1s -r 1s   # smoke
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@OperationsPerInvocation(BatchBenchmark.INPUT_MIB)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class BatchBenchmark {

  static final int INPUT_MIB = 4;
  private static final StreamKey KEY = new StreamKey("bench", "host/app.log");
  private static final Comparator<LogEvent> BY_TIMESTAMP = Comparator.comparingLong(LogEvent::timestamp);

  private List<LogEvent> events;
  private CloudWatchLogsClient noopClient;
  private PutLogEventsPath sendPath;
  private HttpServer server;
  private ExecutorService serverThreads;
  private LogSink sink;

  @Setup
  public void setup() throws IOException {
    long now = System.currentTimeMillis();
    SourceId source = new SourceId("1:1", 0);
    events = new ArrayList<>();
    long offset = 0;
    for (byte[] line : BenchFiles.lines(LineFormat.NGINX_COMBINED, (long) INPUT_MIB << 20)) {
      offset += line.length + 1;
      events.add(new LogEvent(now, line, 0, line.length, source, offset));
    }
    noopClient = CloudWatchLogsClient.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create("http://127.0.0.1:9"))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
        .httpClient(new NoopHttpClient())
        .build();
    sendPath = new PutLogEventsPath(new NoopHttpClient());

    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    serverThreads = Executors.newFixedThreadPool(4);
    server.setExecutor(serverThreads);
    server.createContext("/", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      byte[] body = "{}".getBytes(StandardCharsets.US_ASCII);
      exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    // The sink uses the SDK's default credentials chain; these placeholders are for the local server only.
    System.setProperty("aws.accessKeyId", "bench");
    System.setProperty("aws.secretAccessKey", "bench");
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    sink = CloudWatchSink.create(new CloudWatchSinkConfig("us-east-1", endpoint, false, false, null,
        CloudWatchSinkConfig.DEFAULT_MAX_CONCURRENCY, Duration.ofMinutes(1), Duration.ofSeconds(30), null),
        ExporterEvents.NOOP);
  }

  @TearDown
  public void tearDown() {
    sink.close();
    noopClient.close();
    sendPath.close();
    server.stop(0);
    serverThreads.shutdownNow();
  }

  @Benchmark
  public long baseline() {
    long bytes = 0;
    for (LogEvent e : events) bytes += e.byteLength();
    return bytes;
  }

  @Benchmark
  public long batch() {
    List<Batch> batches = batches();
    long n = 0;
    for (Batch b : batches) n += b.events().size() + b.bytes();
    return n;
  }

  @Benchmark
  public long batchAndBuildRequests() {
    long n = 0;
    for (Batch b : batches()) n += request(b).logEvents().size();
    return n;
  }

  @Benchmark
  public long batchBuildAndMarshal() {
    long n = 0;
    for (Batch b : batches()) {
      noopClient.putLogEvents(request(b));
      n += b.events().size();
    }
    return n;
  }

  @Benchmark
  public long batchAndWriteBodies() {
    return sendPath.writeBodies(batches(), System.currentTimeMillis());
  }

  @Benchmark
  public long batchWriteSignAndSend() {
    return sendPath.writeSignAndSend(batches(), System.currentTimeMillis());
  }

  @Benchmark
  public long sinkOverLoopbackHttp() {
    List<CompletableFuture<ExportResult>> pending = new ArrayList<>();
    Batcher batcher = Batchers.create(CloudWatchLimits.batchLimits(), Duration.ofHours(1), io.logferry.time.Ticker.system(),
        b -> pending.add(sink.export(b)));
    for (LogEvent e : events) batcher.add(KEY, e);
    batcher.flushAll();
    long accepted = 0;
    for (CompletableFuture<ExportResult> f : pending) {
      ExportResult r = f.join();
      if (!r.isDelivered()) throw new IllegalStateException("batch not delivered: " + r.failure());
      accepted += r.accepted();
    }
    return accepted;
  }

  private List<Batch> batches() {
    List<Batch> out = new ArrayList<>();
    Batcher batcher = Batchers.create(CloudWatchLimits.batchLimits(), Duration.ofHours(1),
        io.logferry.time.Ticker.system(), out::add);
    for (LogEvent e : events) batcher.add(KEY, e);
    batcher.flushAll();
    return out;
  }

  private static PutLogEventsRequest request(Batch batch) {
    List<LogEvent> sorted = new ArrayList<>(batch.events());
    sorted.sort(BY_TIMESTAMP);
    List<InputLogEvent> input = new ArrayList<>(sorted.size());
    for (LogEvent e : sorted) input.add(InputLogEvent.builder().timestamp(e.timestamp()).message(e.message()).build());
    return PutLogEventsRequest.builder()
        .logGroupName(batch.key().group())
        .logStreamName(batch.key().stream())
        .logEvents(input)
        .build();
  }

  /** An HTTP client that never touches the network: it reads the whole body (so it is produced) and answers 200. */
  static final class NoopHttpClient implements SdkHttpClient {
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() throws IOException {
          if (request.contentStreamProvider().isPresent()) {
            try (InputStream in = request.contentStreamProvider().get().newStream()) {
              in.transferTo(OutputStream.nullOutputStream());
            }
          }
          return HttpExecuteResponse.builder()
              .response(SdkHttpResponse.builder().statusCode(200)
                  .putHeader("Content-Type", "application/x-amz-json-1.1")
                  .putHeader("Content-Length", Integer.toString(EMPTY_OBJECT.length))
                  .build())
              .responseBody(AbortableInputStream.create(new ByteArrayInputStream(EMPTY_OBJECT)))
              .build();
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public void close() {}
  }

  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder().include(BatchBenchmark.class.getSimpleName()).build()).run();
  }
}
