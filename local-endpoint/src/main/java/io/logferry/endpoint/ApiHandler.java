package io.logferry.endpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** HTTP glue for the JSON 1.1 API on {@code POST /}: target dispatch, fault injection, error mapping. */
final class ApiHandler implements HttpHandler {

  static final String TARGET_PREFIX = "Logs_20140328.";
  static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  private final JsonFactory json;
  private final LogsApi api;
  private final LogStore store;
  private final Counters counters;
  private final FaultInjector faults;
  private final String requestIdPrefix = UUID.randomUUID().toString().substring(0, 24);
  private final AtomicLong requestIds = new AtomicLong();

  ApiHandler(JsonFactory json, LogsApi api, LogStore store, Counters counters, FaultInjector faults) {
    this.json = json;
    this.api = api;
    this.store = store;
    this.counters = counters;
    this.faults = faults;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      serve(exchange);
    } finally {
      exchange.close(); // after the answer (or after nothing: a dropped connection)
    }
  }

  // The catch clauses must run before the exchange is closed, hence no try-with-resources on the exchange here.
  private void serve(HttpExchange exchange) throws IOException {
    try {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String operation = target != null && target.startsWith(TARGET_PREFIX)
          ? target.substring(TARGET_PREFIX.length()) : null;
      counters.request(operation == null ? "unknown" : operation);
      if (faults.downFor(FaultInjector.accessKeyId(exchange.getRequestHeaders().getFirst("Authorization")))) {
        counters.fault("down");
        abort(exchange); // as Faults.down: closed unread, so nothing of it is stored
        return;
      }
      Faults applicable = faults.applicable(operation);
      if (applicable != null && inject(exchange, applicable, operation)) {
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod()) || operation == null) {
        throw new ApiException(400, "UnknownOperationException", "unknownOperation",
            "Expected POST with header X-Amz-Target: " + TARGET_PREFIX + "<Operation>");
      }
      ByteArrayBuilder body = new ByteArrayBuilder(256);
      try (InputStream in = exchange.getRequestBody();
          JsonParser p = json.createParser(in);
          JsonGenerator out = json.createGenerator(body)) {
        dispatch(operation, p, out);
      }
      send(exchange, 200, body.toByteArray());
    } catch (ApiException e) {
      counters.rejectedRequest(e.reason);
      sendError(exchange, e.status, e.type, e.getMessage());
    } catch (JsonProcessingException e) {
      counters.rejectedRequest("malformedRequest");
      sendError(exchange, 400, "SerializationException", "Malformed JSON request body");
    } catch (IOException e) {
      // The client went away mid-request: nothing was stored (storage happens after the body is fully parsed).
      counters.rejectedRequest("ioError");
    } catch (RuntimeException e) {
      counters.rejectedRequest("internalError");
      sendError(exchange, 500, "ServiceUnavailableException", "Internal failure: " + e.getClass().getSimpleName());
    }
  }

  private void dispatch(String operation, JsonParser p, JsonGenerator out) throws IOException {
    if ("PutLogEvents".equals(operation)) {
      api.putLogEvents(PutLogEventsRequest.parse(p, store.mode), out);
      return;
    }
    JsonFields in = JsonFields.parse(p);
    switch (operation) {
      case "CreateLogGroup" -> api.createLogGroup(in, out);
      case "CreateLogStream" -> api.createLogStream(in, out);
      case "DescribeLogGroups" -> api.describeLogGroups(in, out);
      case "DescribeLogStreams" -> api.describeLogStreams(in, out);
      case "GetLogEvents" -> api.getLogEvents(in, out);
      case "FilterLogEvents" -> api.filterLogEvents(in, out);
      case "PutRetentionPolicy" -> api.putRetentionPolicy(in, out);
      case "DeleteRetentionPolicy" -> api.deleteRetentionPolicy(in, out);
      case "DeleteLogGroup" -> api.deleteLogGroup(in, out);
      case "DeleteLogStream" -> api.deleteLogStream(in, out);
      default -> throw new ApiException(400, "UnknownOperationException", "unknownOperation",
          "Operation not supported by logferry-local-endpoint: " + operation);
    }
  }

  /** Applies latency and the drawn fault; true when the request was answered (or dropped) by the fault. */
  private boolean inject(HttpExchange exchange, Faults f, String operation) throws IOException {
    FaultInjector.Decision decision = faults.decide(f, operation);
    if (decision == FaultInjector.Decision.DOWN) {
      counters.fault("down");
      abort(exchange);
      return true;
    }
    if (f.latencyMs() > 0) {
      counters.fault("latency");
      try {
        Thread.sleep(f.latencyMs());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abort(exchange);
        return true;
      }
    }
    switch (decision) {
      case DROP -> {
        counters.fault("drop");
        drain(exchange); // the request arrived whole; the "server" died before answering
        abort(exchange);
        return true;
      }
      case THROTTLE -> {
        counters.fault("throttle");
        drain(exchange);
        sendError(exchange, 400, "ThrottlingException", "Rate exceeded");
        return true;
      }
      case ERROR_500, ERROR_503 -> {
        counters.fault("serverError");
        drain(exchange);
        sendError(exchange, decision == FaultInjector.Decision.ERROR_500 ? 500 : 503, "ServiceUnavailableException",
            "The service is unavailable (injected fault)");
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  /**
   * Closes the connection without a status line: HttpExchange.close() before sendResponseHeaders closes the
   * underlying socket, which the client sees as an unexpected end of stream.
   */
  private static void abort(HttpExchange exchange) {
    exchange.close();
  }

  private static void drain(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.transferTo(OutputStream.nullOutputStream());
    }
  }

  private void sendError(HttpExchange exchange, int status, String type, String message) throws IOException {
    ByteArrayBuilder body = new ByteArrayBuilder(128);
    try (JsonGenerator g = json.createGenerator(body)) {
      g.writeStartObject();
      g.writeStringField("__type", type);
      g.writeStringField("message", message);
      g.writeEndObject();
    }
    exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
    send(exchange, status, body.toByteArray());
  }

  private void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    try {
      drain(exchange); // keep-alive needs the request fully read
    } catch (IOException alreadyClosed) {
      // The parser closed the body, which reads it to its end: nothing left to drain.
    }
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.getResponseHeaders().set("x-amzn-RequestId", requestIdPrefix + requestIds.incrementAndGet());
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
