package io.logferry.source;

import java.io.IOException;
import java.util.List;

/**
 * The read budget of one poll, shared fairly across files (Vector's {@code FileServer} fairness, Fluent Bit's
 * per-file {@code buffer_chunk_size}): a busy file cannot starve a quiet one, and a poll never reads more than its
 * budget, so the pipeline's memory is bounded by it. Which files take part is the caller's list; a file failing to
 * read is handed to the caller's {@link ReadFailure} and keeps its offset (retried, never skipped).
 *
 * <p>Owned by one tailer; not thread-safe.
 */
final class FairShareReader {

  private final byte[] buf;
  private final int maxLineBytes;
  private final ReadFailure failure;
  private int cursor;

  FairShareReader(byte[] buf, int maxLineBytes, ReadFailure failure) {
    this.buf = buf;
    this.maxLineBytes = maxLineBytes;
    this.failure = failure;
  }

  /**
   * Round-robin: each round gives every file with unread bytes an equal share of what is left of the budget, so a
   * busy file gets at most its share while others have data, and the rest when they do not. The starting file moves
   * on by one every poll.
   */
  long read(List<FileWatcher> list, LineConsumer consumer, long maxBytes, long now) {
    int n = list.size();
    if (n == 0) {
      return 0;
    }
    int start = Math.floorMod(cursor++, n);
    long total = 0;
    while (total < maxBytes) {
      int active = 0;
      for (FileWatcher w : list) {
        if (readable(w, now)) {
          active++;
        }
      }
      if (active == 0) {
        break;
      }
      long share = Math.max(1, (maxBytes - total) / active);
      long roundBytes = 0;
      for (int i = 0; i < n && total < maxBytes; i++) {
        FileWatcher w = list.get((start + i) % n);
        if (!readable(w, now)) {
          continue;
        }
        try {
          long r = w.read(consumer, buf, Math.min(share, maxBytes - total), maxLineBytes);
          total += r;
          roundBytes += r;
          w.recovered();
        } catch (IOException e) {
          failure.failed(w, now, e); // a consumer's exception is not the file's failure: it propagates
        }
      }
      if (roundBytes == 0) {
        break;
      }
    }
    return total;
  }

  /**
   * A held file (opened empty, now starting like a live file: possibly a copytruncate copy in progress) is not read
   * until it is proven or matched as the copy; reading it from 0 before could send the copied content twice.
   */
  private static boolean readable(FileWatcher w, long now) {
    return w.hasUnread() && !w.waitingForRetry(now) && !(w.unproven() && w.size() > 0);
  }
}
