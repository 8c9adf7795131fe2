package io.logferry.pipeline;

import io.logferry.source.SourceId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One event on its way to a sink, its message held as well-formed UTF-8 bytes: CloudWatch counts and receives UTF-8,
 * so the sink escapes these bytes straight into the request body, and no {@link String} is made per event unless a
 * consumer asks for one ({@link #message()}: regex filters, stdout, the dead-letter file).
 *
 * <p><b>Sharing.</b> {@code utf8} is usually a slice of a larger array (an arena the assembler copies lines into, see
 * {@code MessageArena}); the range {@code [offset, offset + byteLength)} of it belongs to this event and is never
 * written again by anyone, which is what makes handing the slice to other threads (the sink's workers) safe.
 * Consumers must not write to it either.
 *
 * @param timestamp milliseconds since the epoch (CloudWatch's unit)
 * @param utf8 the array holding the message
 * @param offset where the message starts in {@code utf8}
 * @param byteLength the message's UTF-8 length, never 0 for events the assembler emits (invalid UTF-8 input was
 *     already replaced with U+FFFD, not dropped); every limit CloudWatch enforces counts these bytes
 * @param source the file generation the event was read from, or {@code null} for events with no file behind them
 * @param commitOffset the offset in {@code source} up to which every byte is covered by this event and the events
 *     before it: once they are all acknowledged the checkpoint may move here. For all but the last piece of a split
 *     line this is the line's start, so a crash between pieces re-reads the line instead of skipping its rest.
 */
public record LogEvent(long timestamp, byte[] utf8, int offset, int byteLength, SourceId source, long commitOffset) {

  public LogEvent {
    Objects.requireNonNull(utf8, "utf8");
    Objects.checkFromIndexSize(offset, byteLength, utf8.length);
  }

  /**
   * An event of {@code message}, encoded here. {@code byteLength} must be its UTF-8 length (the form callers used when
   * events carried a {@link String}); prefer {@link #LogEvent(long, String, SourceId, long)}.
   */
  public LogEvent(long timestamp, String message, int byteLength, SourceId source, long commitOffset) {
    this(timestamp, checkedUtf8(message, byteLength), 0, byteLength, source, commitOffset);
  }

  /** An event of {@code message}, encoded to UTF-8 here (a lone surrogate becomes {@code ?}, as in any encoder). */
  public LogEvent(long timestamp, String message, SourceId source, long commitOffset) {
    this(timestamp, message.getBytes(StandardCharsets.UTF_8), source, commitOffset);
  }

  private LogEvent(long timestamp, byte[] utf8, SourceId source, long commitOffset) {
    this(timestamp, utf8, 0, utf8.length, source, commitOffset);
  }

  /** The message decoded, made on each call: for consumers that need text, not for the shipping path. */
  public String message() {
    return new String(utf8, offset, byteLength, StandardCharsets.UTF_8);
  }

  /** Equal events have equal timestamps, sources, offsets and message bytes (not the same array). */
  @Override
  public boolean equals(Object o) {
    return o instanceof LogEvent e
        && timestamp == e.timestamp
        && commitOffset == e.commitOffset
        && Objects.equals(source, e.source)
        && Arrays.equals(utf8, offset, offset + byteLength, e.utf8, e.offset, e.offset + e.byteLength);
  }

  @Override
  public int hashCode() {
    int h = Long.hashCode(timestamp);
    h = 31 * h + Long.hashCode(commitOffset);
    h = 31 * h + Objects.hashCode(source);
    for (int i = offset, end = offset + byteLength; i < end; i++) h = 31 * h + utf8[i];
    return h;
  }

  @Override
  public String toString() {
    return "LogEvent[timestamp=" + timestamp + ", message=" + message() + ", byteLength=" + byteLength + ", source="
        + source + ", commitOffset=" + commitOffset + "]";
  }

  private static byte[] checkedUtf8(String message, int byteLength) {
    byte[] b = message.getBytes(StandardCharsets.UTF_8);
    if (b.length != byteLength) {
      throw new IllegalArgumentException("byteLength " + byteLength + " is not the UTF-8 length " + b.length + " of the message");
    }
    return b;
  }
}
