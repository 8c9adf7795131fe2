package io.logferry.sink.stdout;

import io.logferry.pipeline.Batch;
import io.logferry.pipeline.BatchLimits;
import io.logferry.pipeline.LogEvent;
import io.logferry.sink.ExportResult;
import io.logferry.sink.LogSink;
import io.logferry.sink.cloudwatch.CloudWatchLimits;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Prints events instead of shipping them, for debugging (OpenTelemetry's {@code SystemOutLogRecordExporter}): one
 * line per event, {@code <ISO-8601 timestamp> <group>/<stream> <message>}. Line breaks inside a message (multiline
 * events) are printed as {@code \n} / {@code \r} so that one event stays one line. A batch is printed as one block,
 * so concurrent batches never interleave, then flushed.
 *
 * <p>It reports the CloudWatch limits by default, so that what it prints is batched and split exactly as it would be
 * shipped.
 */
public final class StdoutSink implements LogSink {

  private final PrintStream out;
  private final BatchLimits limits;

  private StdoutSink(PrintStream out, BatchLimits limits) {
    this.out = Objects.requireNonNull(out, "out");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public static LogSink create(PrintStream out) {
    return new StdoutSink(out, CloudWatchLimits.batchLimits());
  }

  public static LogSink create(PrintStream out, BatchLimits limits) {
    return new StdoutSink(out, limits);
  }

  @Override
  public BatchLimits limits() {
    return limits;
  }

  /**
   * Prints the batch; DELIVERED unless the stream reports an error ({@link PrintStream#checkError}, e.g. a closed
   * pipe), in which case nothing may be marked sent.
   */
  @Override
  public CompletableFuture<ExportResult> export(Batch batch) {
    StringBuilder text = new StringBuilder(batch.size() * 64);
    String where = batch.key().toString();
    for (LogEvent event : batch.events()) {
      formatLine(text, event, where);
    }
    boolean error;
    synchronized (out) {
      out.print(text);
      out.flush();
      error = out.checkError();
    }
    return CompletableFuture.completedFuture(
        error ? ExportResult.failed("output stream error", 0, 0) : ExportResult.delivered(batch.size(), 0, 0, 0));
  }

  // VisibleForTesting
  static void formatLine(StringBuilder text, LogEvent event, String where) {
    text.append(Instant.ofEpochMilli(event.timestamp())).append(' ').append(where).append(' ');
    String m = event.message();
    for (int i = 0; i < m.length(); i++) {
      char c = m.charAt(i);
      if (c == '\n') text.append("\\n");
      else if (c == '\r') text.append("\\r");
      else text.append(c);
    }
    text.append('\n');
  }

  @Override
  public String healthcheck() {
    return out.checkError() ? "output stream error" : null;
  }

  @Override
  public void abortRetries() {
    // Nothing is ever retried.
  }

  @Override
  public void close() {
    out.flush();
  }
}
