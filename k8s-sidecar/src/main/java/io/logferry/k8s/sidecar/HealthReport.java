package io.logferry.k8s.sidecar;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * A probe's answer: UP when every check is up (an empty list is up, as for {@code /q/health/started}), as JSON in
 * MicroProfile Health's shape: {@code {"status":"UP","checks":[{"name":"logferry-pipeline","status":"UP","data":{..}}]}}.
 */
record HealthReport(List<HealthResponse> checks) {

  private static final JsonFactory JSON = new JsonFactory();

  HealthReport {
    checks = List.copyOf(checks);
  }

  boolean up() {
    return checks.stream().allMatch(HealthResponse::up);
  }

  byte[] json() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("status", up() ? "UP" : "DOWN");
      g.writeArrayFieldStart("checks");
      for (HealthResponse check : checks) {
        g.writeStartObject();
        g.writeStringField("name", check.name());
        g.writeStringField("status", check.up() ? "UP" : "DOWN");
        if (!check.data().isEmpty()) {
          g.writeObjectFieldStart("data");
          for (Map.Entry<String, Object> e : check.data().entrySet()) {
            Object v = e.getValue();
            if (v instanceof Long || v instanceof Integer) g.writeNumberField(e.getKey(), ((Number) v).longValue());
            else if (v instanceof Boolean b) g.writeBooleanField(e.getKey(), b);
            else g.writeStringField(e.getKey(), String.valueOf(v));
          }
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    out.write('\n');
    return out.toByteArray();
  }
}
