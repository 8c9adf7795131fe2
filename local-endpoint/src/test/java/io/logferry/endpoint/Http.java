package io.logferry.endpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/** Plain HTTP access to the control paths, the way another process would use them. */
final class Http {

  private static final JsonFactory JSON = new JsonFactory();
  private final HttpClient client;
  private final URI base;

  Http(URI base, SSLContext ssl) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (ssl != null) {
      b.sslContext(ssl);
    }
    this.client = b.build();
    this.base = base;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A JSON object's members, nested objects as maps; numbers as Long or Double. */
  static Map<String, Object> object(String json) throws IOException {
    try (JsonParser p = JSON.createParser(json)) {
      p.nextToken();
      return readObject(p);
    }
  }

  /** One object per non-empty line. */
  static List<Map<String, Object>> lines(String body) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (!line.isBlank()) {
        out.add(object(line));
      }
    }
    return out;
  }

  private static Map<String, Object> readObject(JsonParser p) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      out.put(name, switch (t) {
        case START_OBJECT -> readObject(p);
        case VALUE_NUMBER_INT -> p.getLongValue();
        case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
        case VALUE_TRUE, VALUE_FALSE -> t == JsonToken.VALUE_TRUE;
        case VALUE_NULL -> null;
        default -> p.getText();
      });
    }
    return out;
  }
}
