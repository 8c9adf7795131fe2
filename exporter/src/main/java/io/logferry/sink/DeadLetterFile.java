package io.logferry.sink;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.logferry.events.StreamKey;
import io.logferry.pipeline.LogEvent;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where events go that a sink's service rejected, or would reject, so that they are accounted for without blocking
 * the checkpoint forever: one JSON object per line,
 * {@code {"reason":...,"group":...,"stream":...,"timestamp":...,"message":...}}, appended.
 *
 * <p>A sink {@linkplain #append appends} the events of a batch, then calls {@link #sync} before it reports the batch
 * {@code DELIVERED}: the checkpoint may only pass events that are durably somewhere, here or in the service. Appends
 * and syncs of several threads may interleave freely: every method holds the file's lock, each line is written whole,
 * and a sync covers everything appended before it, whoever appended it.
 *
 * <p>{@link #discarding()} is the variant for a configuration without a file: it counts and forgets.
 */
public final class DeadLetterFile implements AutoCloseable {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final Path path;
  private final FileChannel channel;
  private final JsonGenerator json;
  private final OutputStream out;
  private final Map<String, Long> counts = new TreeMap<>();
  private long total;
  private boolean closed;

  private DeadLetterFile(Path path, FileChannel channel) throws IOException {
    this.path = path;
    this.channel = channel;
    if (channel == null) {
      this.out = null;
      this.json = null;
    } else {
      this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
      this.json = JSON.createGenerator(out, JsonEncoding.UTF8);
      // One object per line: the separator is written by hand after each object.
      json.setRootValueSeparator(null);
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }
  }

  /** Opens (creating it and its directory when missing) {@code path} for appending. */
  public static DeadLetterFile open(Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    FileChannel channel =
        FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    try {
      return new DeadLetterFile(path, channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** A dead-letter sink with no file: events are counted and then dropped. */
  public static DeadLetterFile discarding() {
    try {
      return new DeadLetterFile(null, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // unreachable: nothing is opened
    }
  }

  /** The file, or {@code null} for {@link #discarding()}. */
  public Path path() {
    return path;
  }

  /** Appends one line per event, with {@code reason}; buffered until {@link #sync}. */
  public synchronized void append(StreamKey key, String reason, List<LogEvent> events) throws IOException {
    if (closed) throw new IOException("dead-letter file is closed");
    if (json != null) {
      for (LogEvent event : events) {
        json.writeStartObject();
        json.writeStringField("reason", reason);
        json.writeStringField("group", key.group());
        json.writeStringField("stream", key.stream());
        json.writeNumberField("timestamp", event.timestamp());
        json.writeStringField("message", event.message());
        json.writeEndObject();
        json.writeRaw('\n');
      }
    }
    counts.merge(reason, (long) events.size(), Long::sum);
    total += events.size();
  }

  /** Makes everything appended so far durable (flush, then fsync). */
  public synchronized void sync() throws IOException {
    if (json == null || closed) return;
    json.flush();
    out.flush();
    // force(false): the data and the size are what must survive; the modification time need not.
    channel.force(false);
  }

  /** Events appended since this file was opened. */
  public synchronized long count() {
    return total;
  }

  /** Events appended since this file was opened, by reason. */
  public synchronized Map<String, Long> countsByReason() {
    return Map.copyOf(counts);
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) return;
    try {
      sync();
    } finally {
      closed = true;
      if (channel != null) {
        try {
          json.close();
        } finally {
          channel.close();
        }
      }
    }
  }
}
