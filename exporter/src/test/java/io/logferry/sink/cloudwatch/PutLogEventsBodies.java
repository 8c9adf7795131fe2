package io.logferry.sink.cloudwatch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsRequest;

/** Test helper: reads a PutLogEvents body (strict JSON, as a service would) back into the SDK's request model. */
final class PutLogEventsBodies {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private PutLogEventsBodies() {}

  static PutLogEventsRequest parse(byte[] body, int length) {
    PutLogEventsRequest.Builder request = PutLogEventsRequest.builder();
    try (JsonParser p = JSON.createParser(body, 0, length)) {
      expect(p.nextToken(), JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "logGroupName" -> request.logGroupName(string(p, t));
          case "logStreamName" -> request.logStreamName(string(p, t));
          case "sequenceToken" -> request.sequenceToken(string(p, t));
          case "logEvents" -> request.logEvents(events(p, t));
          default -> throw new IllegalStateException("unexpected field " + field);
        }
      }
      if (p.nextToken() != null) throw new IllegalStateException("trailing data after the body");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return request.build();
  }

  private static List<InputLogEvent> events(JsonParser p, JsonToken t) throws IOException {
    expect(t, JsonToken.START_ARRAY);
    List<InputLogEvent> events = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      InputLogEvent.Builder e = InputLogEvent.builder();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        switch (field) {
          case "timestamp" -> {
            expect(v, JsonToken.VALUE_NUMBER_INT);
            e.timestamp(p.getLongValue());
          }
          case "message" -> e.message(string(p, v));
          default -> throw new IllegalStateException("unexpected event field " + field);
        }
      }
      events.add(e.build());
    }
    expect(p.currentToken(), JsonToken.END_ARRAY);
    return events;
  }

  private static String string(JsonParser p, JsonToken t) throws IOException {
    expect(t, JsonToken.VALUE_STRING);
    return p.getText();
  }

  private static void expect(JsonToken actual, JsonToken expected) {
    if (actual != expected) throw new IllegalStateException("expected " + expected + ", got " + actual);
  }
}
