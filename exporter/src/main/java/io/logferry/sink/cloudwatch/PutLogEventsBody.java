package io.logferry.sink.cloudwatch;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.logferry.pipeline.LogEvent;
import io.logferry.pipeline.StreamKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON body of one {@code PutLogEvents} request, written straight into a reused byte buffer by jackson-core's
 * streaming generator (which escapes and UTF-8-encodes each message in one pass), instead of building an SDK model
 * object per event and letting the SDK marshal it: that path cost about 45 % of the CloudWatch sink's CPU.
 *
 * <p>The body is what the SDK's marshaller writes for the same request, in the <a
 * href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html">JSON 1.1 shape of
 * the API</a>: {@code {"logGroupName":..,"logStreamName":..,"logEvents":[{"timestamp":..,"message":..},..]}}. No
 * sequence token: AWS ignores it since January 2023.
 *
 * <p>Not thread-safe: one body per request in flight. The buffer grows to the largest request written and is kept
 * for the next one, except after an unusually large request (heavily escaped messages), so that a burst of control
 * characters does not pin several MiB per worker for the life of the process.
 */
final class PutLogEventsBody {

  /** A 1 MiB request of short lines (10,000 events) is about 1.4 MiB of JSON; start big enough for typical batches. */
  static final int INITIAL_CAPACITY = 64 * 1024;

  /** Above this (2x the largest unescaped request), the buffer is dropped after use rather than kept. */
  static final int MAX_RETAINED_CAPACITY = 4 * 1024 * 1024;

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final Buffer buffer = new Buffer();

  /**
   * Replaces the body with the request for {@code events} (in the order given, which must be chronological) of
   * stream {@code key}.
   */
  PutLogEventsBody write(StreamKey key, List<LogEvent> events) {
    buffer.reset();
    try (JsonGenerator g = JSON.createGenerator(buffer, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("logGroupName", key.group());
      g.writeStringField("logStreamName", key.stream());
      g.writeArrayFieldStart("logEvents");
      for (int i = 0, n = events.size(); i < n; i++) {
        LogEvent e = events.get(i);
        g.writeStartObject();
        g.writeNumberField("timestamp", e.timestamp());
        g.writeStringField("message", e.message());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // the buffer never throws; only a generator bug could get here
    }
    return this;
  }

  /** The body's bytes: valid in {@code [0, length())} until the next {@link #write} or {@link #release}. */
  byte[] array() {
    return buffer.bytes;
  }

  int length() {
    return buffer.count;
  }

  /** A fresh stream over the body, for the signer (payload hash) and the HTTP client (each may read it once). */
  InputStream newStream() {
    return new ByteArrayInputStream(buffer.bytes, 0, buffer.count);
  }

  /** Drops an unusually large buffer; the next write starts small again. */
  void release() {
    buffer.shrink();
  }

  /** A growable byte array that exposes its contents (ByteArrayOutputStream would copy them out). */
  private static final class Buffer extends OutputStream {
    byte[] bytes = new byte[INITIAL_CAPACITY];
    int count;

    void reset() {
      count = 0;
    }

    void shrink() {
      if (bytes.length > MAX_RETAINED_CAPACITY) bytes = new byte[INITIAL_CAPACITY];
      count = 0;
    }

    private void ensure(int extra) {
      int needed = count + extra;
      if (needed < 0) throw new OutOfMemoryError("request body over 2 GiB");
      if (needed > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
    }

    @Override
    public void write(int b) {
      ensure(1);
      bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, count, len);
      count += len;
    }
  }
}
