package io.logferry.sink;

import static io.logferry.testing.SinkBatches.batch;
import static io.logferry.testing.SinkBatches.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.events.StreamKey;
import io.logferry.sink.cloudwatch.CloudWatchLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

class NullSinkTest {

  @Test
  void countsEventsAndBytesAndDeliversEverything() {
    NullSink sink = NullSink.create(CloudWatchLimits.batchLimits());
    StreamKey key = new StreamKey("g", "s");
    ExportResult first = sink.export(batch(key, List.of(event(1, "abc"), event(2, "de")))).join();
    ExportResult second = sink.export(batch(key, List.of(event(3, "é")))).join();

    assertThat(first).isEqualTo(ExportResult.delivered(2, 0, 0, 0));
    assertThat(second.isDelivered()).isTrue();
    assertThat(sink.batches()).isEqualTo(2);
    assertThat(sink.events()).isEqualTo(3);
    assertThat(sink.bytes()).isEqualTo((3 + 26) + (2 + 26) + (2 + 26));
    assertThat(sink.limits()).isEqualTo(CloudWatchLimits.batchLimits());
    assertThat(sink.healthcheck()).isNull();
  }
}
