package io.logferry.pipeline;

import io.logferry.ConfigException;
import io.logferry.ExporterConfig;
import io.logferry.ExporterConfig.MultilineConfig;
import io.logferry.ExporterConfig.OversizePolicy;
import io.logferry.ExporterEvents;
import io.logferry.source.SourceId;
import io.logferry.time.Ticker;
import java.nio.file.Path;
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
 * configured, costs an ASCII scan (eight bytes at a time), one {@link String} (a plain copy for ASCII), one
 * {@link LogEvent} and a clock read: no regex, no builder, no boxing.
 */
final class DefaultEventAssembler implements EventAssembler {

  /** The smallest event limit accepted: one code point of any width always fits, so splitting always progresses. */
  static final int MIN_EVENT_BYTES = 4;

  private static final String MARKER = OversizePolicy.TRUNCATION_MARKER;
  private static final int MARKER_BYTES = Utf8.length(MARKER);

  /** A builder that grew past this for a long line is dropped after it, instead of being kept per source. */
  private static final int KEEP_BUILDER_CHARS = 64 * 1024;

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
      // Rare: the previous piece ended inside a character. Rejoin its bytes with this piece before decoding.
      byte[] joined = new byte[s.carryLen + len];
      System.arraycopy(s.carry, 0, joined, 0, s.carryLen);
      System.arraycopy(buf, off, joined, s.carryLen, len);
      s.carryLen = 0;
      buf = joined;
      off = 0;
      len = joined.length;
    }
    String text;
    int bytes;
    if (Utf8.isAscii(buf, off, len)) {
      text = Utf8.decodeAscii(buf, off, len);
      bytes = len;
    } else {
      int open = complete ? 0 : Utf8.incompleteTail(buf, off, len);
      if (open > 0) {
        if (s.carry == null) s.carry = new byte[4];
        System.arraycopy(buf, off + len - open, s.carry, 0, open);
        s.carryLen = open;
        len -= open;
      }
      text = Utf8.decode(buf, off, len);
      bytes = Utf8.length(text); // may exceed len: each replaced byte became a 3-byte U+FFFD
    }
    if (complete && !s.inLine && bytes <= maxEventBytes) {
      line(s, text, bytes, endOffset);
    } else {
      piece(s, text, bytes, startOffset, endOffset, complete);
    }
  }

  @Override
  public void onSourceEnd(SourceId source, Path path) {
    SourceState s = sources.remove(source);
    if (s == null) return;
    if (s == last) last = null;
    if (path != null) s.path = path;
    if (s.carryLen > 0) {
      // The file ended inside a character: what is left decodes to U+FFFD, never dropped.
      String rest = Utf8.decode(s.carry, 0, s.carryLen);
      s.carryLen = 0;
      piece(s, rest, Utf8.length(rest), s.lineEnd, s.lineEnd, false);
    }
    if (s.inLine) piece(s, "", 0, s.lineEnd, s.lineEnd, true);
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
  private void piece(SourceState s, String text, int bytes, long start, long end, boolean complete) {
    if (!s.inLine) {
      s.inLine = true;
      s.lineStart = start;
      s.lineBytes = 0;
      s.piecesEmitted = 0;
      s.truncated = false;
      s.pendingBytes = 0;
      s.lineReadTime = ticker.currentTimeMillis();
      if (s.pending == null) s.pending = new StringBuilder(Math.max(16, text.length()));
    }
    s.lineEnd = end;
    s.lineBytes += bytes;
    if (truncate) {
      truncatePiece(s, text, bytes, complete);
    } else {
      splitPiece(s, text, bytes, complete);
    }
  }

  private void splitPiece(SourceState s, String text, int bytes, boolean complete) {
    StringBuilder p = s.pending;
    p.append(text);
    s.pendingBytes += bytes;
    if (s.pendingBytes > maxEventBytes) {
      if (s.piecesEmitted == 0) closeOpen(s); // the open multiline event comes first, in file order
      boolean ascii = s.pendingBytes == p.length(); // equal only when every char is one byte
      int n = p.length();
      int pos = 0;
      int rest = s.pendingBytes;
      // Leave the last part (at least one byte) for the line's end: the line's last event carries its end offset.
      while (rest > maxEventBytes) {
        int cutEnd;
        int cutBytes;
        if (ascii) {
          cutEnd = pos + maxEventBytes;
          cutBytes = maxEventBytes;
        } else {
          long cut = Utf8.cut(p, pos, n, maxEventBytes);
          cutEnd = Utf8.cutEnd(cut);
          cutBytes = Utf8.cutBytes(cut);
        }
        String chunk = p.substring(pos, cutEnd);
        if (s.piecesEmitted == 0) s.lineTimestamp = timestamp(chunk, s.lineReadTime);
        emit(s, s.lineTimestamp, chunk, cutBytes, s.lineStart);
        s.piecesEmitted++;
        pos = cutEnd;
        rest -= cutBytes;
      }
      p.delete(0, pos);
      s.pendingBytes = rest;
    }
    if (!complete) return;
    if (s.piecesEmitted == 0) {
      String whole = p.toString();
      int wholeBytes = s.pendingBytes;
      long end = s.lineEnd;
      endLine(s);
      line(s, whole, wholeBytes, end);
    } else {
      emit(s, s.lineTimestamp, p.toString(), s.pendingBytes, s.lineEnd);
      events.lineOversized(s.path, s.lineBytes, s.piecesEmitted + 1);
      endLine(s);
    }
  }

  private void truncatePiece(SourceState s, String text, int bytes, boolean complete) {
    StringBuilder p = s.pending;
    if (!s.truncated) {
      p.append(text);
      s.pendingBytes += bytes;
      if (s.pendingBytes > maxEventBytes) {
        boolean marker = maxEventBytes >= MARKER_BYTES + 1;
        long cut = Utf8.cut(p, 0, p.length(), marker ? maxEventBytes - MARKER_BYTES : maxEventBytes);
        p.setLength(Utf8.cutEnd(cut));
        s.pendingBytes = Utf8.cutBytes(cut);
        if (marker) {
          p.append(MARKER);
          s.pendingBytes += MARKER_BYTES;
        }
        s.truncated = true; // later pieces of this line are only counted
      }
    }
    if (!complete) return;
    String message = p.toString();
    int messageBytes = s.pendingBytes;
    long end = s.lineEnd;
    if (!s.truncated) {
      endLine(s);
      line(s, message, messageBytes, end);
      return;
    }
    closeOpen(s);
    long lineBytes = s.lineBytes;
    long readTime = s.lineReadTime;
    endLine(s);
    emit(s, timestamp(message, readTime), message, messageBytes, end);
    events.lineOversized(s.path, lineBytes, 1);
  }

  private void endLine(SourceState s) {
    s.inLine = false;
    s.pendingBytes = 0;
    if (s.pending.capacity() > KEEP_BUILDER_CHARS) {
      s.pending = null;
    } else {
      s.pending.setLength(0);
    }
  }

  /** A complete line of at most {@code maxEventBytes}. */
  private void line(SourceState s, String text, int bytes, long end) {
    if (startPattern == null) {
      if (bytes == 0) return;
      emit(s, timestamp(text, ticker.currentTimeMillis()), text, bytes, end);
      return;
    }
    long now = ticker.nanoTime();
    if (s.matcher.reset(text).lookingAt()) {
      closeOpen(s);
      open(s, text, bytes, end, now);
    } else if (s.open) {
      if (s.openBytes + 1L + bytes > maxEventBytes) {
        closeOpen(s); // joining would overflow one event: ship what we have, continue in a new one
        open(s, text, bytes, end, now);
      } else {
        if (s.lines == 1) {
          if (s.joined == null) s.joined = new StringBuilder(Math.max(256, s.first.length() * 4));
          s.joined.append(s.first);
        }
        s.joined.append('\n').append(text);
        s.openBytes += 1 + bytes;
        s.lines++;
        s.openCommit = end;
        s.lastLineNanos = now;
      }
    } else if (bytes > 0) {
      // A continuation with nothing open (after a flush by timeout, maxLines or size, or at the top of a file that
      // starts with a trace): it opens an event and the following continuations join it.
      open(s, text, bytes, end, now);
    }
    if (s.open && s.lines >= maxLines) closeOpen(s);
  }

  private void open(SourceState s, String text, int bytes, long end, long now) {
    s.open = true;
    openEvents++;
    s.first = text;
    s.openBytes = bytes;
    s.lines = 1;
    s.openCommit = end;
    s.lastLineNanos = now;
    s.openTimestamp = timestamp(text, ticker.currentTimeMillis()); // a multiline event's time is its first line's
  }

  private void closeOpen(SourceState s) {
    if (!s.open) return;
    s.open = false;
    openEvents--;
    String message;
    if (s.lines == 1) {
      message = s.first;
    } else {
      message = s.joined.toString();
      if (s.joined.capacity() > KEEP_BUILDER_CHARS) {
        s.joined = null;
      } else {
        s.joined.setLength(0);
      }
    }
    s.first = null;
    if (s.openBytes > 0) emit(s, s.openTimestamp, message, s.openBytes, s.openCommit);
  }

  private long timestamp(String text, long readTime) {
    return timestamps.timestamp(text, readTime);
  }

  private void emit(SourceState s, long timestamp, String message, int bytes, long commitOffset) {
    listener.onEvent(s.key, new LogEvent(timestamp, message, bytes, s.id, commitOffset));
  }

  /** What one source has in flight. Touched only by the pipeline thread. */
  private static final class SourceState {
    final SourceId id;
    final StreamKey key;
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
    StringBuilder pending;
    int pendingBytes;

    // The open multiline event.
    Matcher matcher;
    boolean open;
    String first;
    StringBuilder joined;
    int openBytes;
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
