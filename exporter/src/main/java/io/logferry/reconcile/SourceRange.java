package io.logferry.reconcile;

import io.logferry.source.SourceId;

/**
 * The events of one file generation in one batch: those whose bytes lie in {@code (lo, hi]}.
 *
 * <p>Offsets are commit offsets ({@code LogEvent.commitOffset}): an event covers the bytes after the previous
 * event's commit offset up to its own. Pieces of a line split at the event size limit all carry the line's start as
 * commit offset except the last, so several events can share one; {@code hiCount} says how many events with commit
 * offset {@code hi} belong to the batch (the ones first read), which tells them from the pieces after the batch.
 *
 * @param lo the commit offset of the event before the batch's first one of this file (where its bytes start)
 * @param hi the commit offset of the batch's last event of this file
 * @param hiCount how many of the batch's events of this file have commit offset {@code hi}
 */
public record SourceRange(String fileKey, long generation, long lo, long hi, int hiCount) {

  public SourceId source() {
    return new SourceId(fileKey, generation);
  }
}
