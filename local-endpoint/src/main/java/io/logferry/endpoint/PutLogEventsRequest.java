package io.logferry.endpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * A PutLogEvents body parsed in one streaming pass into parallel arrays: no tree, no per-event object. In
 * {@link RecordingMode#COUNTS} the message text is hashed and measured from the parser's buffer and never becomes a
 * String. Events past {@link PutLogEventsLimits#MAX_EVENTS} are counted but not kept (the batch will be rejected).
 */
final class PutLogEventsRequest {

  String group;
  String stream;
  int count;
  long[] timestamps = new long[64];
  int[] byteLengths = new int[64];
  String[] messages; // FULL
  long[] hashes; // COUNTS
  long totalBatchBytes;
  int maxEventBytes;
  int firstEmptyMessage = -1;
  int firstMissingTimestamp = -1;

  private PutLogEventsRequest(RecordingMode mode) {
    if (mode == RecordingMode.FULL) {
      messages = new String[64];
    } else {
      hashes = new long[64];
    }
  }

  static PutLogEventsRequest parse(JsonParser p, RecordingMode mode) throws IOException {
    PutLogEventsRequest r = new PutLogEventsRequest(mode);
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new ApiException(400, "SerializationException", "malformedRequest", "Request body is not a JSON object");
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "logGroupName" -> r.group = JsonFields.text(p, t, field);
        case "logStreamName" -> r.stream = JsonFields.text(p, t, field);
        case "logEvents" -> {
          if (t == JsonToken.START_ARRAY) {
            while (p.nextToken() == JsonToken.START_OBJECT) {
              r.parseEvent(p);
            }
          } else if (t != JsonToken.VALUE_NULL) {
            throw JsonFields.badType(field);
          }
        }
        default -> p.skipChildren(); // sequenceToken (ignored by AWS since 2023), entity, ...
      }
    }
    return r;
  }

  private void parseEvent(JsonParser p) throws IOException {
    int index = count++;
    boolean keep = index < PutLogEventsLimits.MAX_EVENTS + 1;
    if (keep && index == timestamps.length) {
      grow();
    }
    boolean sawTimestamp = false;
    boolean sawMessage = false;
    int bytes = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if ("timestamp".equals(field)) {
        if (t != JsonToken.VALUE_NUMBER_INT) {
          throw JsonFields.badType("logEvents.member.timestamp");
        }
        if (keep) {
          timestamps[index] = p.getLongValue();
        }
        sawTimestamp = true;
      } else if ("message".equals(field)) {
        if (t != JsonToken.VALUE_STRING) {
          throw JsonFields.badType("logEvents.member.message");
        }
        sawMessage = true;
        if (messages != null) {
          String text = p.getText();
          bytes = MessageText.utf8Length(text);
          if (keep) {
            messages[index] = text;
          }
        } else {
          char[] buf = p.getTextCharacters();
          int off = p.getTextOffset();
          int len = p.getTextLength();
          bytes = MessageText.utf8Length(buf, off, len);
          if (keep) {
            hashes[index] = MessageText.hash(buf, off, len);
          }
        }
      } else {
        p.skipChildren();
      }
    }
    if (!sawMessage || bytes == 0) {
      if (firstEmptyMessage < 0) {
        firstEmptyMessage = index;
      }
    }
    if (!sawTimestamp && firstMissingTimestamp < 0) {
      firstMissingTimestamp = index;
    }
    if (keep) {
      byteLengths[index] = bytes;
    }
    totalBatchBytes += (long) bytes + PutLogEventsLimits.EVENT_OVERHEAD_BYTES;
    maxEventBytes = Math.max(maxEventBytes, bytes + PutLogEventsLimits.EVENT_OVERHEAD_BYTES);
  }

  private void grow() {
    int n = Math.min(timestamps.length * 2, PutLogEventsLimits.MAX_EVENTS + 1);
    timestamps = Arrays.copyOf(timestamps, n);
    byteLengths = Arrays.copyOf(byteLengths, n);
    if (messages != null) {
      messages = Arrays.copyOf(messages, n);
    } else {
      hashes = Arrays.copyOf(hashes, n);
    }
  }
}
