package io.logferry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.checkpoint.Checkpointer;
import io.logferry.checkpoint.Checkpoints;
import io.logferry.events.ExporterEvents;
import io.logferry.events.StreamKey;
import io.logferry.pipeline.Batch;
import io.logferry.pipeline.LogEvent;
import io.logferry.sink.ExportResult;
import io.logferry.sink.LogSink;
import io.logferry.sink.StreamReader;
import io.logferry.sink.cloudwatch.CloudWatchSink;
import io.logferry.sink.cloudwatch.CloudWatchSinkConfig;
import io.logferry.source.SourceId;
import io.logferry.time.Ticker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One crash, replayed against a real endpoint (the strict local one or moto) through the real CloudWatch sink: a run
 * journals batches and sends some of them (the rest were in flight and never arrived), then dies without writing a
 * checkpoint; the restart reconciles the journal by reading the stream back. Used by the endpoint-specific tests.
 */
final class ReconcileScenarios implements AutoCloseable {

  static final String GROUP = "/logferry/reconcile";
  static final SourceId FILE = new SourceId("dev1:ino42:head", 0);

  final Path state;
  final URI endpoint;
  final String region;
  private final List<LogSink> sinks = new ArrayList<>();

  ReconcileScenarios(Path state, URI endpoint, String region) {
    this.state = state;
    this.endpoint = endpoint;
    this.region = region;
  }

  LogSink sink(Duration reconcileTimeout) {
    LogSink s = CloudWatchSink.create(
        new CloudWatchSinkConfig(region, endpoint, true, true, null, 4, Duration.ofSeconds(20), Duration.ofSeconds(5),
            null).withReconcileTimeout(reconcileTimeout),
        ExporterEvents.NOOP);
    sinks.add(s);
    return s;
  }

  /**
   * {@code count} batches of {@code size} lines of one file for {@code stream}, in read order; batch {@code i}'s
   * timestamps are 100 seconds of their own (StreamOrder keeps a stream's requests in flight disjoint like this).
   */
  static List<Batch> batches(String stream, int count, int size) {
    StreamKey key = new StreamKey(GROUP, stream);
    long base = System.currentTimeMillis() - 3_600_000;
    List<Batch> out = new ArrayList<>();
    long offset = 0;
    for (int i = 0; i < count; i++) {
      List<LogEvent> events = new ArrayList<>();
      long bytes = 0;
      for (int j = 0; j < size; j++) {
        String msg = stream + " batch " + i + " line " + j;
        int len = msg.getBytes(StandardCharsets.UTF_8).length;
        offset += len + 1;
        events.add(new LogEvent(base + i * 100_000L + j, msg, len, FILE, offset));
        bytes += len + 26;
      }
      out.add(new Batch(key, events, bytes, base + i * 100_000L, base + i * 100_000L + size - 1));
    }
    return out;
  }

  /** A run that journals every batch, sends those in {@code arrived}, and dies (no checkpoint written). */
  void crashedRun(List<Batch> batches, Set<Integer> arrived) {
    LogSink sink = sink(Duration.ofSeconds(10));
    Checkpoints checkpoints = Checkpointer.open(state, ExporterEvents.NOOP, Ticker.system());
    ExactlyOnce run = ExactlyOnce.start(state, checkpoints, reader(sink), ExporterEvents.NOOP, Ticker.system());
    for (int i = 0; i < batches.size(); i++) {
      Batch b = batches.get(i);
      boolean send = arrived.contains(i);
      run.dispatched(b);
      run.send(b, () -> {
        if (send) deliver(sink, b);
      });
    }
    run.close(); // waits for the journal's sends; the journal file stays as a crash leaves it
  }

  static void deliver(LogSink sink, Batch b) {
    ExportResult r = sink.export(b).join();
    assertThat(r.isDelivered()).as(r.toString()).isTrue();
  }

  /** The restart: reconciles what the crashed run journaled, with reads bounded by {@code bound}. */
  ExactlyOnce restart(Duration bound) {
    LogSink sink = sink(bound);
    Checkpoints checkpoints = Checkpointer.open(state, ExporterEvents.NOOP, Ticker.system());
    return ExactlyOnce.start(state, checkpoints, reader(sink), ExporterEvents.NOOP, Ticker.system());
  }

  static StreamReader reader(LogSink sink) {
    return sink.streamReader().orElseThrow();
  }

  /** Feeds the re-read (every event again, from the file's start) through the filter; returns what was dropped. */
  static List<Integer> droppedBatches(ExactlyOnce restarted, List<Batch> batches) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < batches.size(); i++) {
      int dropped = 0;
      for (LogEvent e : batches.get(i).events()) {
        if (restarted.skipping() && restarted.delivered(e)) dropped++;
      }
      assertThat(dropped).as("batch %d is dropped whole or not at all", i).isIn(0, batches.get(i).size());
      if (dropped > 0) out.add(i);
    }
    return out;
  }

  @Override
  public void close() {
    for (LogSink s : sinks) s.close();
  }
}
