package io.logferry.source;

import java.nio.file.Path;

/**
 * Receives what a {@link FileTailer} reads, on the tailer's calling thread, in file order per source.
 *
 * <p>The byte array is the tailer's reusable buffer: it is valid only during the call, so a consumer copies (or
 * decodes) what it keeps.
 */
public interface LineConsumer {

  /**
   * One line, or one piece of a line longer than {@code maxLineBytes}.
   *
   * @param source the file generation read from
   * @param path the path the file had when this was read (informational: renamed files keep their source)
   * @param buf the bytes; the line's content is {@code buf[off, off + len)} without its line terminator ({@code \n}
   *     or {@code \r\n})
   * @param startOffset file offset of the first byte of this piece
   * @param endOffset file offset just past this piece, its terminator included when {@code complete}
   * @param complete {@code true} when this piece ends the line; {@code false} when more of the same line follows
   *     (pieces are cut at UTF-8 character boundaries, so each piece decodes on its own)
   */
  void onLine(SourceId source, Path path, byte[] buf, int off, int len, long startOffset, long endOffset, boolean complete);

  /**
   * Nothing more will ever be read from {@code source}: the file was deleted or rotated away and read to its end, or
   * it was truncated (a new generation follows). Lets the consumer flush a pending multiline event of that source.
   */
  default void onSourceEnd(SourceId source, Path path) {}
}
