package io.logferry.source;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records every piece a tailer hands over, copying the bytes (the buffer is the tailer's). */
final class RecordingConsumer implements LineConsumer {

  record Piece(SourceId source, Path path, byte[] bytes, long start, long end, boolean complete) {
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  final List<Piece> pieces = new ArrayList<>();
  final List<SourceId> ended = new ArrayList<>();

  @Override
  public void onLine(SourceId source, Path path, byte[] buf, int off, int len, long startOffset, long endOffset,
      boolean complete) {
    pieces.add(new Piece(source, path, Arrays.copyOfRange(buf, off, off + len), startOffset, endOffset, complete));
  }

  @Override
  public void onSourceEnd(SourceId source, Path path) {
    ended.add(source);
  }

  /** The complete lines' text, in order, re-joining pieces of long lines. */
  List<String> lines() {
    List<String> out = new ArrayList<>();
    Map<SourceId, StringBuilder> open = new LinkedHashMap<>();
    for (Piece p : pieces) {
      StringBuilder sb = open.computeIfAbsent(p.source(), s -> new StringBuilder());
      sb.append(p.text());
      if (p.complete()) {
        out.add(sb.toString());
        open.remove(p.source());
      }
    }
    return out;
  }

  List<String> lines(SourceId source) {
    List<String> out = new ArrayList<>();
    for (Piece p : pieces) {
      if (p.source().equals(source) && p.complete()) {
        out.add(p.text());
      }
    }
    return out;
  }

  /** Highest end offset handed over per source: what a consumer that delivered everything would acknowledge. */
  Map<SourceId, Long> readUpTo() {
    Map<SourceId, Long> out = new LinkedHashMap<>();
    for (Piece p : pieces) {
      out.merge(p.source(), p.end(), Math::max);
    }
    return out;
  }

  void clear() {
    pieces.clear();
    ended.clear();
  }
}
