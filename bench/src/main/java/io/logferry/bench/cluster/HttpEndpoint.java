package io.logferry.bench.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A local endpoint running elsewhere (a standalone {@code LocalEndpointMain}, or one in the cluster), driven through
 * its control paths {@code /_logferry/stats|faults|events|reset}, which are never faulted.
 */
final class HttpEndpoint implements Endpoint {

  private static final JsonFactory JSON = new JsonFactory();
  private final String shipperUrl;
  private final URI control;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * @param shipperUrl the URL the shippers use (inside the cluster, a Service)
   * @param control the URL the runner reaches the same endpoint at (e.g. through a port-forward)
   */
  HttpEndpoint(String shipperUrl, URI control) {
    this.shipperUrl = shipperUrl;
    this.control = control;
  }

  @Override
  public String url() {
    return shipperUrl;
  }

  @Override
  public void faults(double throttleRatio, boolean down) {
    post("faults", String.format(Locale.ROOT, "{\"throttleRatio\":%s,\"down\":%s}", throttleRatio, down));
  }

  @Override
  public void reset() {
    post("reset", "{}");
  }

  @Override
  public Stats stats() {
    try (InputStream in = get("stats"); JsonParser p = JSON.createParser(in)) {
      return parseStats(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stats parseStats(JsonParser p) throws IOException {
    Map<String, Long> ops = Map.of();
    Map<String, Long> rejected = Map.of();
    Map<String, Long> injected = Map.of();
    long events = 0, bytes = 0, batches = 0;
    if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("stats: not a JSON object");
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "requestsByOperation" -> ops = counts(p);
        case "rejectedRequestsByReason" -> rejected = counts(p);
        case "injectedFaults" -> injected = counts(p);
        case "acceptedEvents" -> events = p.getLongValue();
        case "acceptedBytes" -> bytes = p.getLongValue();
        case "acceptedBatches" -> batches = p.getLongValue();
        default -> {
          if (t.isStructStart()) p.skipChildren();
        }
      }
    }
    return new Stats(ops, events, bytes, batches, rejected, injected);
  }

  private static Map<String, Long> counts(JsonParser p) throws IOException {
    Map<String, Long> out = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String k = p.currentName();
      p.nextToken();
      out.put(k, p.getLongValue());
    }
    return out;
  }

  @Override
  public void events(Consumer<Event> sink) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(get("events"), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) sink.accept(parseEvent(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One JSON line of {@code GET /_logferry/events} (FULL recording). */
  static Event parseEvent(String line) throws IOException {
    String stream = "", message = "";
    long ts = 0, ingestion = 0;
    try (JsonParser p = JSON.createParser(line)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case "stream" -> stream = p.getText();
          case "message" -> message = p.getText();
          case "timestamp" -> ts = p.getLongValue();
          case "ingestionTime" -> ingestion = p.getLongValue();
          default -> p.skipChildren();
        }
      }
    }
    return new Event(stream, ts, ingestion, message);
  }

  private InputStream get(String path) throws IOException {
    try {
      HttpResponse<InputStream> r = http.send(
          HttpRequest.newBuilder(control.resolve("/_logferry/" + path)).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      if (r.statusCode() != 200) throw new IOException("GET /_logferry/" + path + ": HTTP " + r.statusCode());
      return r.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private void post(String path, String body) {
    try {
      HttpResponse<String> r = http.send(
          HttpRequest.newBuilder(control.resolve("/_logferry/" + path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new IOException("POST /_logferry/" + path + ": HTTP " + r.statusCode());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {}
}
