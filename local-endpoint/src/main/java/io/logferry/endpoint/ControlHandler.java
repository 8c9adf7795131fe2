package io.logferry.endpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The control paths under {@value #PREFIX}, never subject to faults, so a benchmark can drive a standalone
 * endpoint and read its ground truth:
 * <ul>
 *   <li>{@code GET  /_logferry/stats}: {@link EndpointStats} as JSON
 *   <li>{@code GET  /_logferry/faults}: the current {@link Faults} as JSON
 *   <li>{@code POST /_logferry/faults}: replace the faults; absent members mean 0/false
 *   <li>{@code GET  /_logferry/events}: JSON lines, one accepted event per line
 *   <li>{@code POST /_logferry/reset}: forget groups, streams, events and counters (faults stay)
 * </ul>
 */
final class ControlHandler implements HttpHandler {

  static final String PREFIX = "/_logferry/";

  private final JsonFactory json;
  private final LocalCloudWatchLogs endpoint;

  ControlHandler(JsonFactory json, LocalCloudWatchLogs endpoint) {
    this.json = json;
    this.endpoint = endpoint;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      switch (method + " " + path) {
        case "GET /_logferry/stats" -> sendJson(exchange, 200, g -> writeStats(g, endpoint.stats()));
        case "GET /_logferry/faults" -> sendJson(exchange, 200, g -> writeFaults(g, endpoint.faults()));
        case "POST /_logferry/faults" -> setFaults(exchange);
        case "POST /_logferry/reset" -> {
          drain(exchange);
          endpoint.reset();
          sendJson(exchange, 200, g -> {
            g.writeStartObject();
            g.writeEndObject();
          });
        }
        case "GET /_logferry/events" -> sendEvents(exchange);
        default -> sendError(exchange, 404, "unknown control path: " + method + " " + path);
      }
    }
  }

  private void setFaults(HttpExchange exchange) throws IOException {
    Faults next;
    try (InputStream in = exchange.getRequestBody(); JsonParser p = json.createParser(in)) {
      JsonFields f = JsonFields.parse(p);
      next = new Faults(
          f.decimal("throttleRatio", 0),
          f.decimal("errorRatio", 0),
          f.number("latencyMs", 0),
          f.decimal("dropRatio", 0),
          f.bool("down", false),
          f.bool("allOperations", false));
    } catch (IllegalArgumentException | ApiException | JsonProcessingException e) {
      sendError(exchange, 400, "invalid faults: " + e.getMessage());
      return;
    }
    endpoint.setFaults(next);
    sendJson(exchange, 200, g -> writeFaults(g, next));
  }

  private void sendEvents(HttpExchange exchange) throws IOException {
    drain(exchange);
    exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
    exchange.sendResponseHeaders(200, 0); // chunked: the event log can be large
    try (OutputStream out = exchange.getResponseBody(); JsonGenerator g = json.createGenerator(out)) {
      g.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
      endpoint.forEachStream((group, stream) -> {
        if (endpoint.options().recording() == RecordingMode.FULL) {
          for (RecordedEvent e : stream.events(group)) {
            g.writeStartObject();
            g.writeStringField("group", group);
            g.writeStringField("stream", e.stream());
            g.writeNumberField("timestamp", e.timestamp());
            g.writeNumberField("ingestionTime", e.ingestionTime());
            g.writeStringField("message", e.message());
            g.writeEndObject();
          }
        } else {
          for (long h : stream.messageHashes()) {
            g.writeStartObject();
            g.writeStringField("group", group);
            g.writeStringField("stream", stream.name);
            g.writeStringField("messageHash", Long.toHexString(h));
            g.writeEndObject();
          }
        }
      });
      g.writeRaw('\n');
    }
  }

  static void writeStats(JsonGenerator g, EndpointStats s) throws IOException {
    g.writeStartObject();
    writeMap(g, "requestsByOperation", s.requestsByOperation());
    g.writeNumberField("acceptedEvents", s.acceptedEvents());
    g.writeNumberField("acceptedBytes", s.acceptedBytes());
    g.writeNumberField("acceptedBatches", s.acceptedBatches());
    writeMap(g, "rejectedRequestsByReason", s.rejectedRequestsByReason());
    writeMap(g, "rejectedEventsByReason", s.rejectedEventsByReason());
    writeMap(g, "injectedFaults", s.injectedFaults());
    g.writeEndObject();
  }

  private static void writeMap(JsonGenerator g, String name, Map<String, Long> map) throws IOException {
    g.writeObjectFieldStart(name);
    for (Map.Entry<String, Long> e : map.entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  static void writeFaults(JsonGenerator g, Faults f) throws IOException {
    g.writeStartObject();
    g.writeNumberField("throttleRatio", f.throttleRatio());
    g.writeNumberField("errorRatio", f.errorRatio());
    g.writeNumberField("latencyMs", f.latencyMs());
    g.writeNumberField("dropRatio", f.dropRatio());
    g.writeBooleanField("down", f.down());
    g.writeBooleanField("allOperations", f.allOperations());
    g.writeEndObject();
  }

  interface JsonWriter {
    void write(JsonGenerator g) throws IOException;
  }

  private void sendJson(HttpExchange exchange, int status, JsonWriter writer) throws IOException {
    ByteArrayBuilder body = new ByteArrayBuilder(256);
    try (JsonGenerator g = json.createGenerator(body)) {
      writer.write(g);
    }
    byte[] bytes = body.toByteArray();
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void sendError(HttpExchange exchange, int status, String message) throws IOException {
    drain(exchange);
    sendJson(exchange, status, g -> {
      g.writeStartObject();
      g.writeStringField("error", message);
      g.writeEndObject();
    });
  }

  private static void drain(HttpExchange exchange) {
    try (InputStream in = exchange.getRequestBody()) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException alreadyClosed) {
      // Already read to its end.
    }
  }
}
