package io.logferry.k8s.sidecar;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One check's answer: name, up or down, and data (numbers or strings), rendered by {@link HealthReport} in the JSON
 * shape MicroProfile Health defines ({@code {"name":..,"status":"UP","data":{..}}}), which the sidecar served before
 * it left Quarkus, so dashboards and scripts reading it keep working.
 */
record HealthResponse(String name, boolean up, Map<String, Object> data) {

  HealthResponse {
    // Insertion order is kept (Map.copyOf would not): the JSON lists the data as the check added it.
    data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }

  static Builder named(String name) {
    return new Builder(name);
  }

  /** Collects data in insertion order (the JSON keeps it). */
  static final class Builder {
    private final String name;
    private final Map<String, Object> data = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = name;
    }

    Builder withData(String key, Object value) {
      data.put(key, value);
      return this;
    }

    HealthResponse up() {
      return status(true);
    }

    HealthResponse down() {
      return status(false);
    }

    HealthResponse status(boolean up) {
      return new HealthResponse(name, up, data);
    }
  }
}
