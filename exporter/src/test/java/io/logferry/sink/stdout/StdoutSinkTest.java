package io.logferry.sink.stdout;

import static io.logferry.testing.SinkBatches.batch;
import static io.logferry.testing.SinkBatches.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.events.StreamKey;
import io.logferry.sink.ExportResult;
import io.logferry.sink.LogSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StdoutSinkTest {

  private static final StreamKey KEY = new StreamKey("/k8s/app", "pod-1");

  @Test
  void printsOneLinePerEventWithIsoTimestampAndStream() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LogSink sink = StdoutSink.create(new PrintStream(bytes, false, StandardCharsets.UTF_8));
    ExportResult result = sink.export(batch(KEY, List.of(event(0, "hello"), event(1_700_000_000_123L, "wörld")))).join();

    assertThat(result).isEqualTo(ExportResult.delivered(2, 0, 0, 0));
    // Flushed by export itself: no close needed to see the output.
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("1970-01-01T00:00:00Z /k8s/app/pod-1 hello\n2023-11-14T22:13:20.123Z /k8s/app/pod-1 wörld\n");
  }

  @Test
  void keepsMultilineEventsOnOneLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LogSink sink = StdoutSink.create(new PrintStream(bytes, false, StandardCharsets.UTF_8));
    sink.export(batch(KEY, List.of(event(0, "Exception\n\tat a.b(C.java:1)\r")))).join();
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("1970-01-01T00:00:00Z /k8s/app/pod-1 Exception\\n\tat a.b(C.java:1)\\r\n");
  }

  @Test
  void reportsFailureWhenTheStreamBreaks() {
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("Broken pipe");
          }
        };
    LogSink sink = StdoutSink.create(new PrintStream(broken, false, StandardCharsets.UTF_8));
    ExportResult result = sink.export(batch(KEY, List.of(event(0, "x")))).join();
    assertThat(result.isDelivered()).isFalse();
    assertThat(sink.healthcheck()).isNotNull();
  }
}
