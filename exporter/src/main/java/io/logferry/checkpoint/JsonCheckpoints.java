package io.logferry.checkpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.logferry.events.ExporterEvents;
import io.logferry.time.Ticker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON-file {@link Checkpoints}. Thread-safe: entries in a concurrent map, writes serialised; a write holds a lock
 * the updaters take only while it snapshots the maps, never while it waits for the disk.
 */
final class JsonCheckpoints implements Checkpoints {

  static final int VERSION = 1;

  /**
   * Retired contents older than this are dropped on write: a copy found after a week is more likely a new file that
   * starts alike than the copy of a content truncated that long ago.
   */
  static final long RETIRED_TTL_MILLIS = 7L * 24 * 3600 * 1000;

  /** At most this many retired contents are kept (the oldest go first), so a file truncated in a loop cannot grow it. */
  static final int MAX_RETIRED = 256;
  private static final JsonFactory JSON = new JsonFactory();

  private final Path dir;
  private final Path file;
  private final Path tmp;
  private final ExporterEvents events;
  private final Ticker ticker;
  private final ConcurrentHashMap<String, FileCheckpoint> entries;
  private final ConcurrentHashMap<String, RetiredContent> retired;
  /** Guards the change count and the snapshot taken of the maps (held briefly, never during I/O). */
  private final Object writeLock = new Object();
  /** Serialises writes to the file (held during the fsyncs). */
  private final Object ioLock = new Object();
  /** Counts changes to the in-memory state; a write that finds no change since the last one does nothing. */
  private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
  /** {@link #changes} as of the last durable write; -1 before the first, so the first write always happens. */
  private long changesWritten = -1;

  private JsonCheckpoints(Path dir, Loaded loaded, ExporterEvents events, Ticker ticker) {
    this.dir = dir;
    this.file = dir.resolve(Checkpointer.FILE_NAME);
    this.tmp = dir.resolve(Checkpointer.TMP_FILE_NAME);
    this.events = events;
    this.ticker = ticker;
    this.entries = new ConcurrentHashMap<>(loaded.files());
    this.retired = new ConcurrentHashMap<>(loaded.retired());
    // A state read from its file is on disk already: only a change makes the next write happen. Without a file, the
    // first write creates it (an empty state included), so a run always leaves a checkpoint behind.
    // A leftover tmp file (a crash mid-write) or retired contents past their TTL are cleaned up by the next write.
    boolean expired = loaded.retired().values().stream()
        .anyMatch(r -> ticker.currentTimeMillis() - r.updatedMillis() > RETIRED_TTL_MILLIS);
    this.changesWritten = loaded.fromFile() && !expired && !Files.exists(tmp) ? 0 : -1;
  }

  /** What a checkpoint file holds. */
  private record Loaded(Map<String, FileCheckpoint> files, Map<String, RetiredContent> retired, boolean fromFile) {
    static final Loaded EMPTY = new Loaded(Map.of(), Map.of(), false);
  }

  static Checkpoints open(Path dir, ExporterEvents events, Ticker ticker) {
    Path file = dir.resolve(Checkpointer.FILE_NAME);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new CheckpointException("cannot create the checkpoint directory " + dir + ": " + e.getMessage(), e);
    }
    // A leftover checkpoints.json.tmp is deliberately ignored. write() renames the tmp file over the stable one only
    // after the tmp file was completely written and fsynced, and rename is atomic. So if a tmp file is still there,
    // the crash happened before the rename: the tmp may be partial or never have reached the disk, while the stable
    // file was itself complete and fsynced before it was renamed into place. The stable file may be older than the
    // tmp, which means re-sending what was acknowledged after it (at-least-once), never skipping anything. The next
    // write() overwrites the tmp file.
    Loaded loaded;
    if (Files.exists(file)) {
      loaded = read(file);
    } else {
      loaded = Loaded.EMPTY;
    }
    return new JsonCheckpoints(dir, loaded, events, ticker);
  }

  @Override
  public FileCheckpoint get(String fileKey) {
    return entries.get(fileKey);
  }

  @Override
  public Map<String, FileCheckpoint> all() {
    return Map.copyOf(entries);
  }

  @Override
  public void update(String fileKey, FileCheckpoint checkpoint) {
    FileCheckpoint old = entries.put(fileKey, checkpoint);
    // The same position again (a file reopened at its checkpoint, an acknowledgement that moved nothing) is no change:
    // a run that finds nothing new then writes nothing, whatever the number of files it remembers.
    if (old == null || !samePosition(old, checkpoint)) {
      changes.incrementAndGet();
    }
  }

  private static boolean samePosition(FileCheckpoint a, FileCheckpoint b) {
    return a.offset() == b.offset() && a.generation() == b.generation() && a.headLength() == b.headLength()
        && a.headChecksum() == b.headChecksum() && java.util.Objects.equals(a.path(), b.path());
  }

  @Override
  public void remove(String fileKey) {
    if (entries.remove(fileKey) != null) {
      changes.incrementAndGet();
    }
  }

  @Override
  public boolean unwritten() {
    synchronized (writeLock) {
      return changes.get() != changesWritten;
    }
  }

  @Override
  public Path file() {
    return file;
  }

  @Override
  public Map<String, RetiredContent> retired() {
    return Map.copyOf(retired);
  }

  @Override
  public void retire(RetiredContent content) {
    retired.put(content.contentKey(), content);
    changes.incrementAndGet();
  }

  @Override
  public void forgetRetired(String contentKey) {
    if (retired.remove(contentKey) != null) {
      changes.incrementAndGet();
    }
  }

  /** The retired contents worth keeping: not expired, at most {@link #MAX_RETIRED}, newest first kept. */
  private TreeMap<String, RetiredContent> liveRetired() {
    long now = ticker.currentTimeMillis();
    List<Map.Entry<String, RetiredContent>> live = new ArrayList<>();
    for (Map.Entry<String, RetiredContent> e : retired.entrySet()) {
      if (now - e.getValue().updatedMillis() > RETIRED_TTL_MILLIS) {
        retired.remove(e.getKey(), e.getValue());
      } else {
        live.add(e);
      }
    }
    live.sort((a, b) -> Long.compare(b.getValue().updatedMillis(), a.getValue().updatedMillis()));
    TreeMap<String, RetiredContent> out = new TreeMap<>();
    for (int i = 0; i < live.size(); i++) {
      if (i < MAX_RETIRED) {
        out.put(live.get(i).getKey(), live.get(i).getValue());
      } else {
        retired.remove(live.get(i).getKey(), live.get(i).getValue());
      }
    }
    return out;
  }

  @Override
  public void write() {
    write(null);
  }

  /**
   * Writes a snapshot of the state taken while holding {@code mutex} (when not null), so a caller that changes
   * several entries under that lock (the {@link OffsetLedger}: a truncation moves a file's entry and retires its old
   * content) is written whole or not at all; the slow part (the fsyncs) runs after the lock is released, so the
   * pipeline thread is never held up by the disk. Writes are serialised: a later snapshot is never overwritten by an
   * earlier one.
   */
  void write(Object mutex) {
    synchronized (ioLock) {
      Snapshot snap;
      if (mutex == null) {
        snap = snapshot();
      } else {
        synchronized (mutex) {
          snap = snapshot();
        }
      }
      if (snap != null) {
        persist(snap);
      }
    }
  }

  private record Snapshot(long changes, TreeMap<String, FileCheckpoint> files, TreeMap<String, RetiredContent> retired) {}

  /** The state to write, or null when the file on disk is the state already. */
  private Snapshot snapshot() {
    synchronized (writeLock) {
      // Nothing changed since the last durable write: the file on disk is the state already. An idle sidecar would
      // otherwise pay an fsync of file and directory (milliseconds) every checkpoint interval for nothing.
      long changesNow = changes.get();
      if (changesNow == changesWritten && Files.exists(file)) return null;
      return new Snapshot(changesNow, new TreeMap<>(entries), liveRetired());
    }
  }

  private void persist(Snapshot snap) {
    long start = ticker.nanoTime();
    try {
      // 1. Write the whole state to the tmp file and force it to disk: until the rename below, a crash leaves the
      //    stable file untouched, and the tmp file is ignored on open.
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        OutputStream out = Channels.newOutputStream(ch);
        try (JsonGenerator g = JSON.createGenerator(out)) {
          g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
          writeJson(g, snap.files(), snap.retired());
        }
        out.flush();
        ch.force(true);
      }
      // 2. Atomic rename: readers see either the old complete file or the new complete file.
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the checkpoint directory " + dir + " does not support atomic rename", e);
      }
      // 3. fsync the directory so the rename itself survives a power loss.
      fsyncDirectory(dir);
    } catch (IOException | RuntimeException e) {
      String reason = "cannot write " + file + ": " + e;
      events.checkpointWriteFailed(reason);
      throw new CheckpointException(reason + " (the previous checkpoint file is intact)", e);
    }
    synchronized (writeLock) {
      // Changes made while the file was written (after the snapshot) are counted after snap.changes(): still unwritten.
      changesWritten = snap.changes();
    }
    events.checkpointWritten(snap.files().size(), ticker.nanoTime() - start);
  }

  private static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory as a channel; on Linux (the target) this works and matters.
      if (System.getProperty("os.name", "").toLowerCase().contains("linux")) {
        throw e;
      }
    }
  }

  private static void writeJson(JsonGenerator g, Map<String, FileCheckpoint> sorted,
      Map<String, RetiredContent> retiredNow) throws IOException {
    g.writeStartObject();
    g.writeNumberField("version", VERSION);
    g.writeObjectFieldStart("files");
    for (Map.Entry<String, FileCheckpoint> e : sorted.entrySet()) {
      FileCheckpoint c = e.getValue();
      g.writeObjectFieldStart(e.getKey());
      g.writeNumberField("offset", c.offset());
      g.writeNumberField("generation", c.generation());
      g.writeNumberField("headLength", c.headLength());
      g.writeNumberField("headChecksum", c.headChecksum());
      if (c.path() != null) {
        g.writeStringField("path", c.path());
      }
      g.writeNumberField("updatedMillis", c.updatedMillis());
      g.writeEndObject();
    }
    g.writeEndObject();
    // Added within version 1: a reader that predates it skips the unknown field (and loses only the copy matching).
    if (!retiredNow.isEmpty()) {
      g.writeObjectFieldStart("retired");
      for (Map.Entry<String, RetiredContent> e : retiredNow.entrySet()) {
        RetiredContent r = e.getValue();
        g.writeObjectFieldStart(e.getKey());
        g.writeNumberField("headLength", r.headLength());
        g.writeNumberField("headChecksum", r.headChecksum());
        g.writeNumberField("offset", r.offset());
        if (r.path() != null) {
          g.writeStringField("path", r.path());
        }
        g.writeNumberField("updatedMillis", r.updatedMillis());
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  // ------------------------------------------------------------------------------------------------ reading

  private static Loaded read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Loaded.EMPTY;
    } catch (IOException e) {
      throw new CheckpointException("cannot read the checkpoint file " + file + ": " + e.getMessage()
          + ". Fix its permissions or the volume, then restart.", e);
    }
    try (JsonParser p = JSON.createParser(bytes)) {
      return parse(p);
    } catch (JsonProcessingException e) {
      throw corrupt(file, e.getOriginalMessage() + " at byte " + e.getLocation().getByteOffset(), e);
    } catch (IOException e) {
      throw corrupt(file, e.getMessage(), e);
    }
  }

  private static CheckpointException corrupt(Path file, String reason, Exception cause) {
    return new CheckpointException("the checkpoint file " + file + " is unreadable (" + reason + "). logferry will "
        + "not guess where to resume. To recover, either restore the file from a backup, or move it aside (e.g. "
        + "mv " + file + " " + file + ".bad) to start over: every matched file is then shipped again from its "
        + "beginning, which duplicates what was already delivered.", cause);
  }

  private static Loaded parse(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new InvalidCheckpoint("empty or not a JSON object");
    }
    Integer version = null;
    Map<String, FileCheckpoint> files = null;
    Map<String, RetiredContent> retiredContents = Map.of();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "version" -> {
          if (!p.currentToken().isNumeric()) {
            throw new InvalidCheckpoint("\"version\" is not a number");
          }
          version = p.getIntValue();
          if (version != VERSION) {
            throw new InvalidCheckpoint("unknown version " + version + ", this logferry reads version " + VERSION
                + " (was it written by a newer release?)");
          }
        }
        case "files" -> files = parseFiles(p);
        case "retired" -> retiredContents = parseRetired(p);
        default -> p.skipChildren();
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new InvalidCheckpoint("truncated");
    }
    if (p.nextToken() != null) {
      throw new InvalidCheckpoint("unexpected content after the end of the JSON object");
    }
    if (version == null) {
      throw new InvalidCheckpoint("no \"version\" field");
    }
    if (files == null) {
      throw new InvalidCheckpoint("no \"files\" field");
    }
    return new Loaded(files, retiredContents, true);
  }

  private static Map<String, RetiredContent> parseRetired(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new InvalidCheckpoint("\"retired\" is not an object");
    }
    Map<String, RetiredContent> out = new TreeMap<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidCheckpoint("retired entry " + key + " is not an object");
      }
      Long headLength = null;
      Long headChecksum = null;
      Long offset = null;
      String path = null;
      long updated = 0;
      JsonToken f;
      while ((f = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "headLength" -> headLength = number(p, key, name);
          case "headChecksum" -> headChecksum = number(p, key, name);
          case "offset" -> offset = number(p, key, name);
          case "updatedMillis" -> updated = number(p, key, name);
          case "path" -> path = v == JsonToken.VALUE_STRING ? p.getText() : null;
          default -> p.skipChildren();
        }
      }
      if (f != JsonToken.END_OBJECT) {
        throw new InvalidCheckpoint("truncated in retired entry " + key);
      }
      if (headLength == null || headChecksum == null || offset == null || offset < 0 || headLength <= 0
          || headLength > Checkpoints.MAX_HEAD_BYTES) {
        throw new InvalidCheckpoint("retired entry " + key + " lacks or has out-of-range headLength, headChecksum "
            + "or offset");
      }
      RetiredContent r = new RetiredContent(headLength.intValue(), headChecksum, offset, path, updated);
      out.put(r.contentKey(), r);
    }
    if (t != JsonToken.END_OBJECT) {
      throw new InvalidCheckpoint("truncated in \"retired\"");
    }
    return out;
  }

  private static Map<String, FileCheckpoint> parseFiles(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new InvalidCheckpoint("\"files\" is not an object");
    }
    Map<String, FileCheckpoint> files = new TreeMap<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidCheckpoint("entry " + key + " is not an object");
      }
      Long offset = null;
      Long generation = null;
      Long headLength = null;
      Long headChecksum = null;
      String path = null;
      Long updated = null;
      JsonToken f;
      while ((f = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "offset" -> offset = number(p, key, name);
          case "generation" -> generation = number(p, key, name);
          case "headLength" -> headLength = number(p, key, name);
          case "headChecksum" -> headChecksum = number(p, key, name);
          case "updatedMillis" -> updated = number(p, key, name);
          case "path" -> {
            if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NULL) {
              throw new InvalidCheckpoint("entry " + key + ": \"path\" is not a string");
            }
            path = v == JsonToken.VALUE_NULL ? null : p.getText();
          }
          default -> p.skipChildren();
        }
      }
      if (f != JsonToken.END_OBJECT) {
        throw new InvalidCheckpoint("truncated in entry " + key);
      }
      if (offset == null || generation == null || headLength == null || headChecksum == null) {
        throw new InvalidCheckpoint("entry " + key + " lacks offset, generation, headLength or headChecksum");
      }
      if (offset < 0 || generation < 0 || headLength < 0 || headLength > Checkpoints.MAX_HEAD_BYTES) {
        throw new InvalidCheckpoint("entry " + key + " has an out-of-range value");
      }
      files.put(key, new FileCheckpoint(offset, generation, headLength.intValue(), headChecksum, path,
          updated == null ? 0L : updated));
    }
    if (t != JsonToken.END_OBJECT) {
      throw new InvalidCheckpoint("truncated in \"files\"");
    }
    return files;
  }

  private static long number(JsonParser p, String key, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw new InvalidCheckpoint("entry " + key + ": \"" + field + "\" is not an integer");
    }
    return p.getLongValue();
  }

  /** A structural problem found while parsing; turned into a {@link CheckpointException} naming the file. */
  private static final class InvalidCheckpoint extends IOException {
    private static final long serialVersionUID = 1L;

    InvalidCheckpoint(String message) {
      super(message);
    }
  }
}
