package io.logferry.pipeline;

import io.logferry.config.ConfigException;
import io.logferry.config.ExporterConfig;
import io.logferry.config.ExporterConfig.MultilineConfig;
import io.logferry.config.ExporterConfig.OversizePolicy;
import io.logferry.events.ExporterEvents;
import io.logferry.events.StreamKey;
import io.logferry.source.SourceId;
import io.logferry.time.Ticker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@link EventAssembler}: per source, decode → oversize (split or truncate) → multiline → timestamp → event.
 *
 * <p><b>commitOffset.</b> Every event carries the offset up to which it and the events before it cover the file: the
 * end of its (last) line, or, for all but the last event of a split line, the line's start. Offsets of the events of
 * one source therefore never decrease, and a checkpoint taken at any acknowledged event never lands inside a line or
 * inside an open multiline event: a crash re-reads the whole line (at-least-once) rather than skipping its rest.
 * Empty lines (outside a multiline event) produce no event, since CloudWatch rejects empty messages; the next
 * event's offset covers them.
 *
 * <p><b>Hot path.</b> A complete line that fits one event, with no multiline rule and no timestamp source
 * configured, costs an ASCII scan (eight bytes at a time; a UTF-8 validation instead when it finds a non-ASCII
 * byte), one copy of its bytes into the source's {@link MessageArena}, one {@link LogEvent} and a clock read: no
 * {@link String}, no regex, no builder, no boxing. Messages stay UTF-8 from the file to the request body; a
 * {@link String} is made only where text is needed (multiline start pattern, timestamp regex or JSON field).
 */
final class DefaultEventAssembler implements EventAssembler {

  /** The smallest event limit accepted: one code point of any width always fits, so splitting always progresses. */
  static final int MIN_EVENT_BYTES = 4;

  private static final byte[] MARKER_BYTES = OversizePolicy.TRUNCATION_MARKER.getBytes(StandardCharsets.UTF_8);
  private static final byte[] NEWLINE = {'\n'};
  private static final byte[] EMPTY = new byte[0];

  /** A buffer that grew past this for a long line is dropped after it, instead of being kept per source. */
  private static final int KEEP_BUFFER_BYTES = 64 * 1024;

  private final int maxEventBytes;
  private final boolean truncate;
  private final EventListener listener;
  private final ExporterEvents events;
  private final Ticker ticker;
  private final TimestampExtractor timestamps;
  private final Pattern startPattern;
  private final long flushTimeoutNanos;
  private final int maxLines;
  private final NameTemplate groupTemplate;
  private final NameTemplate streamTemplate;
  private final Function<String, String> env;

  private final Map<SourceId, SourceState> sources = new HashMap<>();
  /** The source of the previous call: lines come in runs per file, so this skips most map lookups. */
  private SourceState last;
  /** Open multiline events over all sources, so that {@link #flushExpired()} costs nothing when there are none. */
  private int openEvents;

  DefaultEventAssembler(
      ExporterConfig config,
      BatchLimits limits,
      EventListener listener,
      ExporterEvents events,
      Ticker ticker,
      Function<String, String> env) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(limits, "limits");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.events = events == null ? ExporterEvents.NOOP : events;
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.env = Objects.requireNonNull(env, "env");
    if (limits.maxEventBytes() < MIN_EVENT_BYTES) {
      throw new IllegalArgumentException("maxEventBytes must be at least " + MIN_EVENT_BYTES);
    }
    this.maxEventBytes = limits.maxEventBytes();
    this.truncate = config.lines() != null && config.lines().oversize() == OversizePolicy.TRUNCATE;
    this.timestamps = TimestampExtractor.of(config.parser());

    MultilineConfig multiline = config.multiline();
    if (multiline != null && multiline.enabled()) {
      try {
        this.startPattern = Pattern.compile(multiline.startPattern());
      } catch (PatternSyntaxException e) {
        throw new ConfigException("multiline.startPattern: not a valid regex: " + e.getDescription(), e);
      }
      if (multiline.flushTimeout() == null || multiline.flushTimeout().isNegative() || multiline.flushTimeout().isZero()) {
        throw new ConfigException("multiline.flushTimeout must be positive");
      }
      if (multiline.maxLines() < 1) throw new ConfigException("multiline.maxLines must be at least 1");
      this.flushTimeoutNanos = multiline.flushTimeout().toNanos();
      this.maxLines = multiline.maxLines();
    } else {
      this.startPattern = null;
      this.flushTimeoutNanos = 0;
      this.maxLines = 1;
    }

    if (config.groupTemplate() == null || config.groupTemplate().isEmpty()) {
      throw new ConfigException("groupTemplate must be set");
    }
    this.groupTemplate = NameTemplate.parse(config.groupTemplate());
    this.streamTemplate = NameTemplate.parse(
        config.streamTemplate() == null ? ExporterConfig.DEFAULT_STREAM_TEMPLATE : config.streamTemplate());
    groupTemplate.validate(env);
    streamTemplate.validate(env);
  }

  // --- LineConsumer -----------------------------------------------------------------------------------------

  @Override
  public void onLine(
      SourceId source, Path path, byte[] buf, int off, int len, long startOffset, long endOffset, boolean complete) {
    SourceState s = state(source, path);
    if (s.carryLen > 0) {
      // Rare: the previous piece ended inside a character. Rejoin its bytes with this piece before validating.
      byte[] joined = new byte[s.carryLen + len];
      System.arraycopy(s.carry, 0, joined, 0, s.carryLen);
      System.arraycopy(buf, off, joined, s.carryLen, len);
      s.carryLen = 0;
      buf = joined;
      off = 0;
      len = joined.length;
    }
    if (!Utf8.isAscii(buf, off, len)) {
      int open = complete ? 0 : Utf8.incompleteTail(buf, off, len);
      if (open > 0) {
        if (s.carry == null) s.carry = new byte[4];
        System.arraycopy(buf, off + len - open, s.carry, 0, open);
        s.carryLen = open;
        len -= open;
      }
      if (!Utf8.isValid(buf, off, len)) {
        // Each malformed sequence becomes U+FFFD (3 bytes): the line may grow, and is never dropped.
        buf = Utf8.replaceInvalid(buf, off, len);
        off = 0;
        len = buf.length;
      }
    }
    // From here buf[off, off + len) is well-formed UTF-8, valid only during this call (the reader reuses it).
    if (complete && !s.inLine && len <= maxEventBytes) {
      line(s, buf, off, len, endOffset);
    } else {
      piece(s, buf, off, len, startOffset, endOffset, complete);
    }
  }

  @Override
  public void onSourceEnd(SourceId source, Path path) {
    SourceState s = sources.remove(source);
    if (s == null) return;
    if (s == last) last = null;
    if (path != null) s.path = path;
    if (s.carryLen > 0) {
      // The file ended inside a character: what is left becomes U+FFFD, never dropped.
      byte[] rest = Utf8.replaceInvalid(s.carry, 0, s.carryLen);
      s.carryLen = 0;
      piece(s, rest, 0, rest.length, s.lineEnd, s.lineEnd, false);
    }
    if (s.inLine) piece(s, EMPTY, 0, 0, s.lineEnd, s.lineEnd, true);
    closeOpen(s);
  }

  // --- EventAssembler ---------------------------------------------------------------------------------------

  @Override
  public void flushExpired() {
    if (openEvents == 0) return;
    long now = ticker.nanoTime();
    for (SourceState s : sources.values()) {
      if (s.open && now - s.lastLineNanos >= flushTimeoutNanos) closeOpen(s);
    }
  }

  /** Emits every open multiline event. A line still arriving in pieces stays until its last piece (or source end). */
  @Override
  public void flushAll() {
    if (openEvents == 0) return;
    for (SourceState s : sources.values()) closeOpen(s);
  }

  // --- per source -------------------------------------------------------------------------------------------

  private SourceState state(SourceId source, Path path) {
    SourceState s = last;
    if (s == null || !s.id.equals(source)) {
      s = sources.get(source);
      if (s == null) {
        s = new SourceState(source, streamKey(path));
        if (startPattern != null) s.matcher = startPattern.matcher("");
        sources.put(source, s);
      }
      last = s;
    }
    s.path = path;
    return s;
  }

  /** Rendered once per source, from the path it had when first read: a renamed file keeps its stream. */
  private StreamKey streamKey(Path path) {
    return new StreamKey(
        NameTemplate.sanitizeGroupName(groupTemplate.render(path, env)),
        NameTemplate.sanitizeStreamName(streamTemplate.render(path, env)));
  }

  /** A piece of a line, or a whole line longer than one event. */
  private void piece(SourceState s, byte[] b, int off, int len, long start, long end, boolean complete) {
    if (!s.inLine) {
      s.inLine = true;
      s.lineStart = start;
      s.lineBytes = 0;
      s.piecesEmitted = 0;
      s.truncated = false;
      s.lineReadTime = ticker.currentTimeMillis();
      if (s.pending == null) s.pending = new ByteBuffer(Math.max(16, len));
    }
    s.lineEnd = end;
    s.lineBytes += len;
    if (truncate) {
      truncatePiece(s, b, off, len, complete);
    } else {
      splitPiece(s, b, off, len, complete);
    }
  }

  private void splitPiece(SourceState s, byte[] b, int off, int len, boolean complete) {
    ByteBuffer p = s.pending;
    p.append(b, off, len);
    if (p.length > maxEventBytes) {
      if (s.piecesEmitted == 0) closeOpen(s); // the open multiline event comes first, in file order
      int pos = 0;
      // Leave the last part (at least one byte) for the line's end: the line's last event carries its end offset.
      while (p.length - pos > maxEventBytes) {
        int cut = Utf8.prefix(p.bytes, pos, p.length - pos, maxEventBytes);
        if (s.piecesEmitted == 0) s.lineTimestamp = timestamp(p.bytes, pos, cut, s.lineReadTime);
        emit(s, s.lineTimestamp, p.bytes, pos, cut, s.lineStart);
        s.piecesEmitted++;
        pos += cut;
      }
      p.dropFirst(pos);
    }
    if (!complete) return;
    long end = s.lineEnd;
    if (s.piecesEmitted == 0) {
      // line() copies what it keeps before anything appends to the buffer again.
      line(s, p.bytes, 0, p.length, end);
      endLine(s);
    } else {
      emit(s, s.lineTimestamp, p.bytes, 0, p.length, end);
      events.lineOversized(s.path, s.lineBytes, s.piecesEmitted + 1);
      endLine(s);
    }
  }

  private void truncatePiece(SourceState s, byte[] b, int off, int len, boolean complete) {
    ByteBuffer p = s.pending;
    if (!s.truncated) {
      p.append(b, off, len);
      if (p.length > maxEventBytes) {
        boolean marker = maxEventBytes >= MARKER_BYTES.length + 1;
        p.length = Utf8.prefix(p.bytes, 0, p.length, marker ? maxEventBytes - MARKER_BYTES.length : maxEventBytes);
        if (marker) p.append(MARKER_BYTES, 0, MARKER_BYTES.length);
        s.truncated = true; // later pieces of this line are only counted
      }
    }
    if (!complete) return;
    long end = s.lineEnd;
    if (!s.truncated) {
      line(s, p.bytes, 0, p.length, end);
      endLine(s);
      return;
    }
    closeOpen(s);
    long lineBytes = s.lineBytes;
    emit(s, timestamp(p.bytes, 0, p.length, s.lineReadTime), p.bytes, 0, p.length, end);
    endLine(s);
    events.lineOversized(s.path, lineBytes, 1);
  }

  private void endLine(SourceState s) {
    s.inLine = false;
    if (s.pending.bytes.length > KEEP_BUFFER_BYTES) {
      s.pending = null;
    } else {
      s.pending.length = 0;
    }
  }

  /** A complete line of at most {@code maxEventBytes}, valid in {@code b} only during this call. */
  private void line(SourceState s, byte[] b, int off, int len, long end) {
    if (startPattern == null) {
      if (len == 0) return;
      emit(s, timestamp(b, off, len, ticker.currentTimeMillis()), b, off, len, end);
      return;
    }
    long now = ticker.nanoTime();
    String text = Utf8.decodeValid(b, off, len);
    if (s.matcher.reset(text).lookingAt()) {
      closeOpen(s);
      open(s, text, b, off, len, end, now);
    } else if (s.open) {
      if (s.joined.length + 1L + len > maxEventBytes) {
        closeOpen(s); // joining would overflow one event: ship what we have, continue in a new one
        open(s, text, b, off, len, end, now);
      } else {
        s.joined.append(NEWLINE, 0, 1);
        s.joined.append(b, off, len);
        s.lines++;
        s.openCommit = end;
        s.lastLineNanos = now;
      }
    } else if (len > 0) {
      // A continuation with nothing open (after a flush by timeout, maxLines or size, or at the top of a file that
      // starts with a trace): it opens an event and the following continuations join it.
      open(s, text, b, off, len, end, now);
    }
    if (s.open && s.lines >= maxLines) closeOpen(s);
  }

  private void open(SourceState s, String text, byte[] b, int off, int len, long end, long now) {
    s.open = true;
    openEvents++;
    if (s.joined == null) s.joined = new ByteBuffer(Math.max(256, len * 4));
    s.joined.length = 0;
    s.joined.append(b, off, len);
    s.lines = 1;
    s.openCommit = end;
    s.lastLineNanos = now;
    // A multiline event's time is its first line's.
    s.openTimestamp = timestamps.readTimeOnly() ? ticker.currentTimeMillis() : timestamps.timestamp(text, ticker.currentTimeMillis());
  }

  private void closeOpen(SourceState s) {
    if (!s.open) return;
    s.open = false;
    openEvents--;
    ByteBuffer j = s.joined;
    if (j.length > 0) emit(s, s.openTimestamp, j.bytes, 0, j.length, s.openCommit);
    if (j.bytes.length > KEEP_BUFFER_BYTES) {
      s.joined = null;
    } else {
      j.length = 0;
    }
  }

  /** The timestamp of the line in {@code b}; decodes it only when a timestamp source is configured. */
  private long timestamp(byte[] b, int off, int len, long readTime) {
    if (timestamps.readTimeOnly()) return readTime;
    return timestamps.timestamp(Utf8.decodeValid(b, off, len), readTime);
  }

  /** Copies the message out of {@code b} (which its owner reuses) into the source's arena. */
  private void emit(SourceState s, long timestamp, byte[] b, int off, int len, long commitOffset) {
    listener.onEvent(s.key, s.arena.event(timestamp, b, off, len, s.id, commitOffset));
  }

  /** A growable byte array: a line arriving in pieces, or an open multiline event. */
  private static final class ByteBuffer {
    byte[] bytes;
    int length;

    ByteBuffer(int capacity) {
      bytes = new byte[capacity];
    }

    void append(byte[] b, int off, int len) {
      if (length + len > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(length + len, 2 * bytes.length));
      }
      System.arraycopy(b, off, bytes, length, len);
      length += len;
    }

    void dropFirst(int n) {
      System.arraycopy(bytes, n, bytes, 0, length - n);
      length -= n;
    }
  }

  /** What one source has in flight. Touched only by the pipeline thread. */
  private static final class SourceState {
    final SourceId id;
    final StreamKey key;
    final MessageArena arena = new MessageArena();
    Path path;

    // Bytes of a character cut by a piece boundary, kept for the next piece.
    byte[] carry;
    int carryLen;

    // A line arriving in pieces, or longer than one event.
    boolean inLine;
    long lineStart;
    long lineEnd;
    long lineBytes;
    long lineReadTime;
    long lineTimestamp;
    int piecesEmitted;
    boolean truncated;
    ByteBuffer pending;

    // The open multiline event.
    Matcher matcher;
    boolean open;
    ByteBuffer joined;
    int lines;
    long openCommit;
    long openTimestamp;
    long lastLineNanos;

    SourceState(SourceId id, StreamKey key) {
      this.id = id;
      this.key = key;
    }
  }
}
