package io.logferry.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a dead-letter file back: one flat JSON object per line, as field -> String or Long. */
public final class DeadLetterLines {

  private static final JsonFactory JSON = new JsonFactory();

  private DeadLetterLines() {}

  public static Map<String, Object> parse(String line) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not a JSON object: " + line);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        out.put(name, v == JsonToken.VALUE_NUMBER_INT ? (Object) p.getLongValue() : p.getText());
      }
      if (p.nextToken() != null) throw new IOException("trailing content: " + line);
    }
    return out;
  }

  public static List<Map<String, Object>> read(Path file) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    if (!Files.exists(file)) return out;
    for (String line : Files.readAllLines(file)) out.add(parse(line));
    return out;
  }
}
