package io.logferry.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * How logferry's own lines look on stderr ({@code --log-format}): {@code text}, {@code logferry: <message>} for people,
 * or {@code json}, one object per line for a log pipeline ({@code {"timestamp":...,"level":...,"logger":...,
 * "message":...}}, plus {@code "exception"} when there is one). Messages are redacted before they get here.
 */
public enum LogFormat {
  TEXT,
  JSON;

  private static final JsonFactory JSON_FACTORY = new JsonFactory();

  /** One line without its line separator. */
  public String line(Instant time, String level, String logger, String message, String exception) {
    if (this == TEXT) return "logferry: " + message;
    StringWriter out = new StringWriter(message.length() + 96);
    try (JsonGenerator json = JSON_FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("timestamp", time.toString());
      json.writeStringField("level", level);
      json.writeStringField("logger", logger);
      json.writeStringField("message", message);
      if (exception != null) json.writeStringField("exception", exception);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }
}
