package io.logferry.source;

import io.logferry.checkpoint.OffsetLedger;
import java.util.List;

/**
 * Discovers files by glob and reads them through rotation (rename/create and copytruncate), by polling: no inotify,
 * which does not work on NFS/EFS. Not thread-safe: one pipeline thread drives it.
 *
 * <p>Built by {@code FileTailers.create(TailerSettings, OffsetLedger, ExporterEvents, Ticker)}: the tailer asks the
 * {@link OffsetLedger} where each file starts (a file whose identity has a checkpoint at its checkpointed offset, any
 * other file at 0) and tells it what it found (opened, truncated, read to its end, closed). Acknowledgements go to the
 * ledger, not to the tailer; the ledger tells the tailer when a file read to its end is delivered, so it is closed.
 */
public interface FileTailer extends AutoCloseable {

  /**
   * Rescans for files when the scan interval has passed (always on the first call), then reads what is new from the
   * tailed files, fairly, at most about {@code maxBytes} in total, handing lines to {@code consumer}.
   *
   * @return bytes read by this call (0 when nothing was new)
   */
  long poll(LineConsumer consumer, long maxBytes);

  /**
   * Run-once: rescans now, then freezes the set of files and each one's current size. Later polls read only up to
   * those sizes and never add files. A file truncated after the snapshot is read from 0 up to its new size.
   */
  void snapshot();

  /** True when every tailed file has been read up to its end (or its snapshot size), so a poll would read nothing. */
  boolean caughtUp();

  /**
   * Hands over, as complete lines, the unterminated last line of every file that has one (run-once at its end, or
   * follow at the end of a drain), so nothing waits forever for a newline that will not come.
   */
  void flushUnterminated(LineConsumer consumer);

  /** What the tailer tracks now. */
  List<TailedFile> files();

  /** Closes every open file. Idempotent. */
  @Override
  void close();
}
