package io.logferry.checkpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Decides when the entry of a file that is gone (deleted, or rotated out of the include globs) is forgotten, so the
 * checkpoint tracks the files present instead of every file ever seen (Vector's {@code remove_expired}).
 *
 * <p>An entry is forgotten once its file was absent from complete scans for {@code retention}: measured from the last
 * scan that found it in this process, or, for an entry this process never saw (a file deleted between two CronJob
 * runs), from the entry's last update. Why this is safe: nothing can read a file that no glob matches, so its offset
 * is of no use; a file that comes back under the globs after the retention (moved back, or a reused inode) is read
 * from its start, a duplicate and never a loss. A scan that could not read some file's identity is not complete and
 * forgets nothing, so a passing error (an unreadable directory, a file replaced mid-listing) does not count as gone.
 *
 * <p>Not thread-safe: the tailer's thread uses it.
 */
public final class GoneFiles {

  /** Vector expires removed files after 60 s; the same here, in both modes. */
  public static final Duration DEFAULT_RETENTION = Duration.ofSeconds(60);

  private final long retentionMillis;
  private final Map<String, Long> lastSeen = new HashMap<>();

  public GoneFiles(Duration retention) {
    if (retention.isNegative()) {
      throw new IllegalArgumentException("retention: must not be negative, was " + retention);
    }
    this.retentionMillis = retention.toMillis();
  }

  /** Whether {@link #afterScan} with these arguments would forget a key; it changes nothing. */
  public boolean wouldForget(
      Set<String> remembered, Set<String> present, ToLongFunction<String> lastUpdatedMillis, long nowMillis) {
    for (String key : remembered) {
      if (present.contains(key)) {
        continue;
      }
      Long seen = lastSeen.get(key);
      if (nowMillis - (seen != null ? seen : lastUpdatedMillis.applyAsLong(key)) >= retentionMillis) {
        return true;
      }
    }
    return false;
  }

  /**
   * After a complete scan at wall time {@code nowMillis}: the keys among {@code remembered} to forget now.
   *
   * @param remembered keys with state (checkpoint entries, closed identities)
   * @param present keys found by the scan, or still open (a file read to its end through its descriptor)
   * @param lastUpdatedMillis wall time of a remembered key's last checkpoint update, for keys never seen here
   */
  public List<String> afterScan(
      Set<String> remembered, Set<String> present, ToLongFunction<String> lastUpdatedMillis, long nowMillis) {
    List<String> forget = new ArrayList<>();
    for (String key : present) {
      lastSeen.put(key, nowMillis);
    }
    for (String key : remembered) {
      if (present.contains(key)) {
        continue;
      }
      long seen = lastSeen.computeIfAbsent(key, lastUpdatedMillis::applyAsLong);
      if (nowMillis - seen >= retentionMillis) {
        forget.add(key);
      }
    }
    lastSeen.keySet().retainAll(remembered);
    for (String key : forget) {
      lastSeen.remove(key);
    }
    return forget;
  }
}
