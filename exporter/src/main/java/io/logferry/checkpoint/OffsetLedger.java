package io.logferry.checkpoint;

import io.logferry.checkpoint.Checkpoints.FileCheckpoint;
import io.logferry.checkpoint.Checkpoints.RetiredContent;
import io.logferry.time.Ticker;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The offset ledger: turns acknowledgements into checkpoint entries (Vector's file source, where the finalizer, not
 * the reader, updates the checkpointer). Delivery calls {@link #acknowledged}; the reader only tells the ledger what
 * it found (a file opened, truncated, read to its end, closed, a scan complete) and asks it where a file starts.
 *
 * <p>What it keeps, per file identity ({@code dev:ino}) the reader has open:
 * <ul>
 *   <li>the generation (+1 on every truncation; an acknowledgement of an older generation moves nothing) and the
 *       highest acknowledged offset of the current one;
 *   <li>for the copy of a truncated content (copytruncate's {@code app.log.1}) whose original still had batches in
 *       flight: the original's generation, whose acknowledgements cover the copy's first bytes. The copy's
 *       checkpoint stays at the original's acknowledged offset until they all are, so a crash re-reads those batches
 *       from the copy instead of losing them;
 *   <li>for a file read to its end (rotated away or deleted): its end, so it is released (the reader closes it, see
 *       {@link #onDelivered}) once acknowledgements cover it.
 * </ul>
 * And beyond open files: closed identities (a reused inode must get a later generation, or a late acknowledgement of
 * the old file would move the new file's checkpoint), contents truncated in this session (where their copy resumes),
 * and which entries of gone files to forget ({@link GoneFiles}).
 *
 * <p>The entry written for a file takes the reader's current view of it ({@link FileView}: path and head), so a
 * renamed file's entry names its new path and a grown head is checkpointed as it grows.
 *
 * <p>The pipeline thread calls every method (the reader runs there, and acknowledgements are applied there), so a
 * release can close the reader's file at once. The methods that change entries are synchronized: the
 * {@link CheckpointWriter}'s thread takes its snapshot of the store under the same lock ({@link #write()}), so a
 * change that touches several entries (a truncation moves the file's entry and retires its old content) is written
 * whole or not at all.
 */
public final class OffsetLedger {

  /**
   * A truncated content is matched to a copy only when its head checksum covers at least this many bytes: fewer
   * (a one-line file) could too easily equal the head of an unrelated file that starts alike.
   */
  public static final int MIN_COPY_HEAD_BYTES = 64;

  /** Tells the reader that a file it read to its end is delivered to that end: it may be closed. */
  public interface Releases {
    void delivered(String fileKey);
  }

  /** The reader's current view of an open file: what an entry written now records besides the offset. */
  public interface FileView {
    String pathString();

    int headLength();

    long headChecksum();
  }

  /** Checksum of a file's first {@code length} bytes (the reader does the I/O). */
  @FunctionalInterface
  public interface HeadChecksum {
    long of(int length) throws IOException;
  }

  /** Finds the retired content a new file is the copy of, or returns null (the reader does the I/O). */
  @FunctionalInterface
  public interface CopyProbe {
    RetiredContent match() throws IOException;
  }

  /**
   * Where reading a newly opened file starts.
   *
   * @param generation the generation to read it as
   * @param offset where reading starts
   * @param copyOf the truncated content this file is the copy of, or null
   */
  public record Start(long generation, long offset, RetiredContent copyOf, boolean newGeneration,
      Predecessor predecessor) {
    public boolean copy() {
      return copyOf != null;
    }
  }

  /** A truncated generation whose batches were in flight when its copy was found. */
  public record Predecessor(String fileKey, long generation, long handedOver, long acked) {}

  private record Generation(String fileKey, long generation) {}

  /** One open file as the ledger sees it. */
  private static final class Tracked {
    final String fileKey;
    final FileView view;
    long generation;
    long acked;
    Generation predecessor;
    long predecessorEnd;
    long predecessorAcked;
    boolean ended;
    long endOffset;

    Tracked(String fileKey, FileView view, long generation, long acked) {
      this.fileKey = fileKey;
      this.view = view;
      this.generation = generation;
      this.acked = acked;
    }

    /**
     * The offset a restart may resume at: the own acknowledgements, except while the predecessor's batches below
     * {@link #predecessorEnd} are not all acknowledged (a crash then must re-read them from this copy).
     */
    long committed() {
      return predecessor != null && predecessorAcked < predecessorEnd ? predecessorAcked : acked;
    }
  }

  /**
   * A closed identity. Kept for the session (a few dozen bytes per closed file), see the class comment.
   *
   * @param awaitingRemoval deleted before it was delivered: its entry is removed once it is
   */
  private record Retired(long generation, long endOffset, boolean awaitingRemoval) {}

  /**
   * One truncated generation of this session: its copy (if found) is read from {@code handedOver} (nothing below it
   * is lost: it was handed to the pipeline), while its checkpoint must stay at {@code acked} until the batches in
   * between are acknowledged.
   */
  private static final class TruncatedContent {
    final Generation source;
    final String contentKey;
    final long handedOver;
    long acked;

    TruncatedContent(Generation source, String contentKey, long handedOver, long acked) {
      this.source = source;
      this.contentKey = contentKey;
      this.handedOver = handedOver;
      this.acked = acked;
    }
  }

  private final Checkpoints store;
  private final Ticker ticker;
  private final GoneFiles gone;
  private Releases releases = fileKey -> {};

  private final Map<String, Tracked> open = new HashMap<>();
  private final Map<String, Retired> retired = new HashMap<>();
  private final Map<String, TruncatedContent> truncated = new HashMap<>();
  private final Map<Generation, TruncatedContent> truncatedBySource = new HashMap<>();
  private final Map<Generation, Tracked> copiesByPredecessor = new HashMap<>();

  /**
   * The lowest generation a file identity this ledger has no memory of may be given: one above every generation it
   * forgot ({@link #scanned}). A {@code (fileKey, generation)} pair names one content for the whole process: the
   * acknowledgement tracker keeps the highest offset acknowledged per pair for the run, and batches of a file may
   * still be in flight. Forgetting a closed identity (bounded state) must therefore not let a new file on the same
   * inode (ext4 reuses the numbers of deleted files; logrotate's shift deletes one per rotation) start again at the
   * generation the old file had: its first acknowledgement would report the old file's end, move its entry past its
   * own size, and release it early; found again after it was closed, it then looked truncated and was read from 0
   * (the soak of 2026-12-02 re-sent 24 of 176 copies that way). Kept in memory only: after a restart nothing from the
   * previous process is in flight, so no pair of it can be confused with one of the new process.
   */
  private long generationFloor;

  /** A ledger over {@code store}, forgetting gone files after {@link GoneFiles#DEFAULT_RETENTION}. */
  public OffsetLedger(Checkpoints store, Ticker ticker) {
    this(store, ticker, GoneFiles.DEFAULT_RETENTION);
  }

  public OffsetLedger(Checkpoints store, Ticker ticker, Duration goneRetention) {
    this.store = Objects.requireNonNull(store, "store");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.gone = new GoneFiles(goneRetention);
  }

  /** The store the ledger writes into. */
  public Checkpoints store() {
    return store;
  }

  /** Who closes files once delivered (the reader that owns them). One per ledger; set at the reader's start. */
  public void onDelivered(Releases releases) {
    this.releases = Objects.requireNonNull(releases, "releases");
  }

  // ------------------------------------------------------------------------------------------------ delivery

  /**
   * {@code fileKey} in {@code generation} is acknowledged up to {@code offset} (in order: every byte before it was
   * accepted). Moves the file's entry (in memory; durable with the next {@link Checkpoints#write()}), and releases a
   * file read to its end once this covers that end.
   */
  public synchronized void acknowledged(String fileKey, long generation, long offset) {
    Tracked w = open.get(fileKey);
    if (w != null && w.generation == generation) {
      if (offset > w.acked) {
        w.acked = offset;
        store.update(fileKey, entryOf(w, w.committed()));
      }
      if (w.ended && w.committed() >= w.endOffset) {
        releases.delivered(fileKey);
      }
      return;
    }
    Generation source = new Generation(fileKey, generation);
    Tracked copy = copiesByPredecessor.get(source);
    if (copy != null) {
      // A truncated generation whose copy is being read: its acknowledgements cover the copy's first bytes.
      boolean current = open.get(copy.fileKey) == copy;
      if (offset > copy.predecessorAcked) {
        copy.predecessorAcked = offset;
        if (current) {
          store.update(copy.fileKey, entryOf(copy, copy.committed()));
        }
      }
      if (copy.predecessorAcked >= copy.predecessorEnd) {
        copiesByPredecessor.remove(source);
      }
      if (copy.ended && copy.committed() >= copy.endOffset && current) {
        releases.delivered(copy.fileKey);
      }
      return;
    }
    TruncatedContent t = truncatedBySource.get(source);
    if (t != null) {
      // A truncated generation whose copy was not found yet: a copy found later (or by a later run) starts here.
      if (offset > t.acked) {
        t.acked = offset;
        RetiredContent rc = store.retired().get(t.contentKey);
        if (rc != null) {
          store.retire(new RetiredContent(rc.headLength(), rc.headChecksum(), Math.max(rc.offset(), offset),
              rc.path(), ticker.currentTimeMillis()));
        }
      }
      return;
    }
    Retired r = retired.get(fileKey);
    if (w == null && r != null && r.generation() == generation && offset >= r.endOffset() && r.awaitingRemoval()) {
      // Gone and fully delivered: nothing can read it again, so its entry would only grow the file. The retired
      // generation is remembered, so a new file reusing the inode gets a later one.
      store.remove(fileKey);
      retired.put(fileKey, new Retired(r.generation(), r.endOffset(), false));
    }
    // Otherwise an acknowledgement of an older generation: the file was truncated since, its offset means nothing.
  }

  // ------------------------------------------------------------------------------------------------ the reader

  /** The checkpointed entry of a file identity, or null. */
  public FileCheckpoint checkpoint(String fileKey) {
    return store.get(fileKey);
  }

  /** Old contents of truncated files whose copy may still be found, by content key. */
  public Map<String, RetiredContent> retiredContents() {
    return store.retired();
  }

  /**
   * How far a content truncated in this session was handed over (its copy must hold at least that much), or 0 when
   * it was not truncated in this session.
   */
  public synchronized long handedOver(String contentKey) {
    TruncatedContent t = truncated.get(contentKey);
    return t == null ? 0 : t.handedOver;
  }

  /**
   * Where a newly found file starts. Its checkpoint is used only when the file's first {@code headLength} bytes still
   * have the checkpointed checksum and it is not shorter than the checkpointed offset; otherwise the inode was reused
   * by a new file, or the file was rewritten while nobody watched, and reading starts at 0 in a new generation (the
   * checkpointed content is retired: a copy of it may be found). A file with no usable checkpoint may be the copy of
   * a truncated content ({@code copies}), and is then read from where that content was delivered (or handed over).
   *
   * @param truncatedWhileAway called when the checkpointed content is longer than the file now (truncated between
   *     runs), for the reader's event
   */
  public synchronized Start start(String fileKey, long size, HeadChecksum head, CopyProbe copies,
      Runnable truncatedWhileAway) throws IOException {
    FileCheckpoint cp = store.get(fileKey);
    long generation = 0;
    long start = 0;
    boolean newGeneration = false;
    RetiredContent copyOf = null;
    if (cp != null) {
      generation = cp.generation();
      boolean sameHead = cp.headLength() <= size && head.of(cp.headLength()) == cp.headChecksum();
      if (!sameHead) {
        generation++; // a reused inode or rewritten content: not the bytes the offset counts
        newGeneration = true;
      } else if (cp.offset() > size) {
        generation++;
        newGeneration = true;
        truncatedWhileAway.run();
      } else {
        start = cp.offset();
      }
      if (newGeneration && cp.headLength() >= MIN_COPY_HEAD_BYTES && cp.offset() > 0) {
        // Truncated (copytruncate between two runs) or replaced: the checkpointed content may live on in a copy.
        store.retire(new RetiredContent(cp.headLength(), cp.headChecksum(), cp.offset(), cp.path(),
            ticker.currentTimeMillis()));
      }
      if (!sameHead) {
        // A reused inode: logrotate's shift deletes the oldest file and copytruncate's copy, created right after,
        // often gets its inode while the deleted file's entry is still remembered. The new content may be the
        // copy of a truncated content: matched like any new file, or it would be read again from 0 (the soak
        // re-sent 34 copies that way).
        copyOf = copies.match();
      }
    } else {
      copyOf = copies.match();
    }
    Predecessor predecessor = null;
    if (copyOf != null) {
      // The copy of a truncated content: its first bytes were delivered (or handed over) as that content.
      TruncatedContent t = truncated.remove(copyOf.contentKey());
      if (t != null) {
        truncatedBySource.remove(t.source);
        if (t.acked < t.handedOver) {
          predecessor = new Predecessor(t.source.fileKey(), t.source.generation(), t.handedOver, t.acked);
        }
      }
      start = t != null ? t.handedOver : copyOf.offset();
      newGeneration = true;
      store.forgetRetired(copyOf.contentKey());
    }
    Retired r = retired.remove(fileKey);
    if (r != null && r.generation() >= generation) {
      generation = r.generation() + 1;
      newGeneration = cp == null || generation != cp.generation();
    }
    boolean resumes = cp != null && !newGeneration;
    if (!resumes && generation < generationFloor) {
      // A content new to this ledger: a generation no pair of this process had (see generationFloor).
      generation = generationFloor;
      newGeneration = true;
    }
    return new Start(generation, start, copyOf, newGeneration, predecessor);
  }

  /**
   * The reader opened {@code fileKey} as {@code start} said: from now on its acknowledgements move its entry. A new
   * generation is checkpointed at once (acknowledgements of the old one can no longer move it, and a restart must
   * not resume the new content at the old offset).
   */
  public synchronized void opened(String fileKey, Start start, FileView view) {
    Tracked w = new Tracked(fileKey, view, start.generation(), start.offset());
    Predecessor p = start.predecessor();
    if (p != null) {
      w.predecessor = new Generation(p.fileKey(), p.generation());
      w.predecessorEnd = p.handedOver();
      w.predecessorAcked = p.acked();
      copiesByPredecessor.put(w.predecessor, w);
    }
    open.put(fileKey, w);
    if (start.newGeneration()) {
      store.update(fileKey, entryOf(w, w.committed()));
    }
  }

  /**
   * The reader saw {@code fileKey} truncated: its old generation ended after {@code handedOver} bytes, the new one
   * (read from 0, with the head {@code view} now shows) is checkpointed at 0. When the old content's head is long
   * enough to recognise a copy by ({@code copyable}), it is remembered, durably, with what was acknowledged of it: a
   * copy found now or later (by a later scan, or a later run) is read from there.
   *
   * @return the new generation
   */
  public synchronized long truncated(String fileKey, int oldHeadLength, long oldHeadChecksum, String oldPath, long handedOver,
      boolean copyable) {
    Tracked w = open.get(fileKey);
    Generation old = new Generation(fileKey, w.generation);
    long acked = w.acked;
    w.generation++;
    w.acked = 0;
    w.predecessor = null;
    store.update(fileKey, entryOf(w, 0));
    if (copyable) {
      RetiredContent rc = new RetiredContent(oldHeadLength, oldHeadChecksum, acked, oldPath,
          ticker.currentTimeMillis());
      store.retire(rc);
      TruncatedContent t = new TruncatedContent(old, rc.contentKey(), handedOver, acked);
      truncated.put(t.contentKey, t);
      truncatedBySource.put(old, t);
    }
    return w.generation;
  }

  /** The reader read {@code fileKey} to its end ({@code endOffset}): nothing more will be read from it. */
  public synchronized void ended(String fileKey, long endOffset) {
    Tracked w = open.get(fileKey);
    w.ended = true;
    w.endOffset = endOffset;
  }

  /** True when what was read of {@code fileKey} is acknowledged up to its end. */
  public synchronized boolean delivered(String fileKey) {
    Tracked w = open.get(fileKey);
    return w != null && w.committed() >= w.endOffset;
  }

  /**
   * The reader closed {@code fileKey}, which it had read to its end. A deleted file that is delivered is forgotten
   * at once (nothing could read it again); one still in flight is forgotten when its last acknowledgement comes.
   */
  public synchronized void closed(String fileKey, boolean deleted) {
    Tracked w = open.remove(fileKey);
    boolean delivered = w.committed() >= w.endOffset;
    if (deleted && delivered) {
      store.remove(fileKey);
    }
    retired.put(fileKey, new Retired(w.generation, w.endOffset, deleted && !delivered));
  }

  /** The reader dropped a file it had opened but never read (an empty file reopened as a copy): no trace is kept. */
  public synchronized void dropped(String fileKey) {
    open.remove(fileKey);
  }

  /**
   * Whether {@link #scanned} with {@code found} would forget an entry now; it changes nothing. The tailer asks before
   * it trusts one listing to say a file is gone (see {@code FileDiscovery}).
   */
  public synchronized boolean wouldForget(Set<String> found) {
    ScanView v = view(found);
    return gone.wouldForget(v.remembered(), v.present(), v.lastUpdatedMillis(), v.now());
  }

  /**
   * Bounded state, after a complete scan that found {@code found}: entries of files no complete scan found for the
   * retention are forgotten (see {@link GoneFiles}), and so are closed identities and truncated contents nothing can
   * ask about any more. Open files count as present (a file read to its end through its descriptor).
   */
  public synchronized void scanned(Set<String> found) {
    ScanView v = view(found);
    Map<String, FileCheckpoint> entries = v.entries();
    for (String key : gone.afterScan(v.remembered(), v.present(), v.lastUpdatedMillis(), v.now())) {
      FileCheckpoint cp = entries.get(key);
      Retired r = retired.get(key);
      // Whatever generation is forgotten here is never given again in this process (see generationFloor).
      generationFloor = Math.max(generationFloor, Math.max(cp == null ? 0 : cp.generation() + 1,
          r == null ? 0 : r.generation() + 1));
      store.remove(key);
      // A closed identity whose last batches may still be acknowledged keeps its generation (a reused inode must get
      // a later one); a fully delivered one can never be acknowledged again.
      if (r != null && !r.awaitingRemoval()) {
        retired.remove(key);
      }
    }
    // A truncated content whose copy was never found and whose memory expired from the checkpoint: nothing matches it.
    Map<String, RetiredContent> live = store.retired();
    truncated.values().removeIf(t -> !live.containsKey(t.contentKey));
    truncatedBySource.values().removeIf(t -> !live.containsKey(t.contentKey));
  }

  /**
   * What {@link GoneFiles} judges a scan by: the identities with state (checkpoint entries, closed identities), those
   * present (found by the scan, or still open), and each entry's last update, for identities this process never saw.
   */
  private record ScanView(Map<String, FileCheckpoint> entries, Set<String> remembered, Set<String> present, long now) {
    java.util.function.ToLongFunction<String> lastUpdatedMillis() {
      return k -> {
        FileCheckpoint cp = entries.get(k);
        return cp == null ? now : cp.updatedMillis();
      };
    }
  }

  private ScanView view(Set<String> found) {
    Map<String, FileCheckpoint> entries = store.all();
    Set<String> remembered = new HashSet<>(entries.keySet());
    remembered.addAll(retired.keySet());
    Set<String> present = new HashSet<>(found);
    present.addAll(open.keySet());
    return new ScanView(entries, remembered, present, ticker.currentTimeMillis());
  }

  /**
   * Writes the store durably from a snapshot consistent with this ledger (see the class comment); the fsyncs run
   * outside the ledger's lock.
   *
   * @throws CheckpointException when it cannot be written; the previous file stays intact
   */
  public void write() {
    if (store instanceof JsonCheckpoints json) {
      json.write(this);
    } else {
      synchronized (this) {
        store.write();
      }
    }
  }

  private FileCheckpoint entryOf(Tracked w, long offset) {
    return new FileCheckpoint(offset, w.generation, w.view.headLength(), w.view.headChecksum(), w.view.pathString(),
        ticker.currentTimeMillis());
  }

}
