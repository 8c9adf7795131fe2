package io.logferry.testing;

import io.logferry.events.StreamKey;
import io.logferry.pipeline.Batch;
import io.logferry.pipeline.LogEvent;
import io.logferry.sink.cloudwatch.CloudWatchLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds batches the way the batcher does (bytes counted with CloudWatch's per-event overhead). */
public final class SinkBatches {

  private SinkBatches() {}

  public static LogEvent event(long timestamp, String message) {
    return new LogEvent(timestamp, message, message.getBytes(StandardCharsets.UTF_8).length, null, 0);
  }

  public static Batch batch(StreamKey key, List<LogEvent> events) {
    long bytes = 0;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (LogEvent e : events) {
      bytes += e.byteLength() + CloudWatchLimits.PER_EVENT_OVERHEAD_BYTES;
      min = Math.min(min, e.timestamp());
      max = Math.max(max, e.timestamp());
    }
    return new Batch(key, events, bytes, min, max);
  }
}
