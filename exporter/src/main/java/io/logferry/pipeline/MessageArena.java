package io.logferry.pipeline;

import io.logferry.source.SourceId;

/**
 * Where the assembler copies event messages: one source's messages go, one after the other, into a shared array (a
 * slab), so that an event costs its bytes and a {@link LogEvent}, not an array (and formerly a {@link String}) of its
 * own. The reader's buffer itself cannot be sliced: it is overwritten by the next read while events still wait in
 * batches, so each message is copied exactly once, here.
 *
 * <p><b>Why this is safe.</b> A slab is only ever appended to: once a range is handed out in an event, nothing writes
 * to it again, so the event can be read by any thread (the batcher hands it to the sink's workers through a
 * synchronised queue, which publishes the writes). A full slab is simply replaced; the garbage collector frees it when
 * the last event referencing it is gone.
 *
 * <p><b>What it may pin.</b> One arena per source, so that the slab an event holds is shared only with events of the
 * same stream, which ship in the same or adjacent batches: a slow stream never pins a chatty stream's slabs. Slabs
 * start small and double while the source keeps producing ({@link #MIN_SLAB} to {@link #MAX_SLAB}), so an idle source
 * holds at most a small slab and a busy one amortises its allocation over 16 KiB
 * (about 80 nginx lines). What a source pins beyond its waiting events is at most one slab (16 KiB) and the unused tail
 * of the slabs its waiting events hold: a node agent following 1,000 busy files pins at most ~16 MiB more. A message larger than a quarter of
 * the largest slab gets an array of its own, so the space wasted at a slab's end stays under a quarter.
 *
 * <p>Not thread-safe: used by the pipeline thread only.
 */
final class MessageArena {

  static final int MIN_SLAB = 1024;
  static final int MAX_SLAB = 16 * 1024;
  static final int OWN_ARRAY_ABOVE = MAX_SLAB / 4;

  private byte[] slab;
  private int used;
  private int nextSize = MIN_SLAB;

  /** Copies {@code src[off, off + len)} and returns the event holding the copy. */
  LogEvent event(long timestamp, byte[] src, int off, int len, SourceId source, long commitOffset) {
    if (len > OWN_ARRAY_ABOVE) {
      byte[] own = new byte[len];
      System.arraycopy(src, off, own, 0, len);
      return new LogEvent(timestamp, own, 0, len, source, commitOffset);
    }
    if (slab == null || slab.length - used < len) {
      while (nextSize < len) nextSize *= 2;
      slab = new byte[nextSize];
      used = 0;
      if (nextSize < MAX_SLAB) nextSize *= 2;
    }
    int at = used;
    System.arraycopy(src, off, slab, at, len);
    used += len;
    return new LogEvent(timestamp, slab, at, len, source, commitOffset);
  }
}
