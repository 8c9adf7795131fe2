package io.logferry.endpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The top-level members of a small request body: strings, numbers, booleans and arrays of strings. Nested objects
 * are skipped; every operation but PutLogEvents (see {@link PutLogEventsRequest}) needs no more.
 */
final class JsonFields {

  private final Map<String, Object> values;

  private JsonFields(Map<String, Object> values) {
    this.values = values;
  }

  static JsonFields parse(JsonParser p) throws IOException {
    Map<String, Object> values = new HashMap<>();
    JsonToken first = p.nextToken();
    if (first == null) {
      return new JsonFields(values); // empty body: no parameters
    }
    if (first != JsonToken.START_OBJECT) {
      throw new ApiException(400, "SerializationException", "malformedRequest", "Request body is not a JSON object");
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (t) {
        case VALUE_STRING -> values.put(field, p.getText());
        case VALUE_NUMBER_INT -> values.put(field, p.getLongValue());
        case VALUE_NUMBER_FLOAT -> values.put(field, p.getDoubleValue());
        case VALUE_TRUE, VALUE_FALSE -> values.put(field, t == JsonToken.VALUE_TRUE);
        case START_ARRAY -> {
          List<String> list = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
              list.add(p.getText());
            } else {
              p.skipChildren();
            }
          }
          values.put(field, list);
        }
        default -> p.skipChildren();
      }
    }
    return new JsonFields(values);
  }

  static String text(JsonParser p, JsonToken t, String field) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw badType(field);
    }
    return p.getText();
  }

  static ApiException badType(String field) {
    return new ApiException(400, "SerializationException", "malformedRequest", "Unexpected value type for " + field);
  }

  String string(String field) {
    Object v = values.get(field);
    if (v == null) {
      return null;
    }
    if (v instanceof String s) {
      return s;
    }
    throw badType(field);
  }

  String requiredString(String field) {
    String v = string(field);
    if (v == null) {
      throw ApiException.invalidParameter("missingParameter", "Missing required parameter: " + field);
    }
    return v;
  }

  Long number(String field) {
    Object v = values.get(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Long l) {
      return l;
    }
    throw badType(field);
  }

  long number(String field, long dflt) {
    Long v = number(field);
    return v == null ? dflt : v;
  }

  boolean bool(String field, boolean dflt) {
    Object v = values.get(field);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw badType(field);
  }

  double decimal(String field, double dflt) {
    Object v = values.get(field);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw badType(field);
  }

  @SuppressWarnings("unchecked")
  List<String> strings(String field) {
    Object v = values.get(field);
    if (v == null) {
      return null;
    }
    if (v instanceof List<?> l) {
      return (List<String>) l;
    }
    throw badType(field);
  }

  /** {@code logGroupName}, or the name inside {@code logGroupIdentifier} (a name or a log-group ARN). */
  String groupName() {
    String name = string("logGroupName");
    if (name != null) {
      return name;
    }
    String id = string("logGroupIdentifier");
    if (id == null) {
      throw ApiException.invalidParameter(
          "missingParameter", "Missing required parameter: logGroupName or logGroupIdentifier");
    }
    int at = id.indexOf(":log-group:");
    if (id.startsWith("arn:") && at >= 0) {
      String rest = id.substring(at + ":log-group:".length());
      return rest.endsWith(":*") ? rest.substring(0, rest.length() - 2) : rest;
    }
    return id;
  }
}
