package io.logferry.bench;

import io.logferry.config.ExporterConfig;
import io.logferry.events.ExporterEvents;
import io.logferry.events.StreamKey;
import io.logferry.pipeline.EventAssembler;
import io.logferry.pipeline.EventAssemblers;
import io.logferry.pipeline.EventListener;
import io.logferry.pipeline.LogEvent;
import io.logferry.sink.cloudwatch.CloudWatchLimits;
import io.logferry.source.SourceId;
import io.logferry.time.Ticker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Feeds pre-split lines to an {@link EventAssembler} as the tailer would (one source, consecutive offsets), and counts
 * what comes out. Shared by the assembler benchmarks so they differ only in configuration.
 */
final class AssemblerRun implements EventListener {

  static final Path PATH = Path.of("/var/log/pods/bench/app/0.log");
  private static final SourceId SOURCE = new SourceId("1:1", 0);

  private final EventAssembler assembler;
  private long events;
  private long messageBytes;
  private long timestampSum;

  AssemblerRun(ExporterConfig config) {
    this.assembler = EventAssemblers.create(config, CloudWatchLimits.batchLimits(), this, ExporterEvents.NOOP,
        Ticker.system(), name -> "bench");
  }

  static ExporterConfig config() {
    return ExporterConfig.defaults(List.of(PATH.toString()), Path.of("unused"), "bench");
  }

  /**
   * Feeds every line, then flushes the open event. The assembler holds nothing afterwards (flushAll closes the open
   * multiline event), so one assembler serves every invocation without carrying state between them.
   *
   * @return a value depending on every event, for the caller to return to JMH
   */
  long feed(List<byte[]> lines) {
    long offset = 0;
    for (byte[] line : lines) {
      long end = offset + line.length + 1;
      assembler.onLine(SOURCE, PATH, line, 0, line.length, offset, end, true);
      offset = end;
    }
    assembler.flushAll();
    long result = events + messageBytes + timestampSum;
    events = 0;
    messageBytes = 0;
    timestampSum = 0;
    return result;
  }

  /** The floor of any assembler: it must at least decode every line to a String. */
  static long decodeOnly(List<byte[]> lines) {
    long chars = 0;
    for (byte[] line : lines) chars += new String(line, StandardCharsets.UTF_8).length();
    return chars;
  }

  @Override
  public void onEvent(StreamKey key, LogEvent event) {
    events++;
    messageBytes += event.byteLength();
    timestampSum += event.timestamp();
  }
}
