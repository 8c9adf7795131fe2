package io.logferry.reconcile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.logferry.events.StreamKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The in-flight journal: one JSON object per line, appended before a request is sent, in the checkpoint directory.
 *
 * <pre>
 * {"b":7,"g":"group","s":"stream","n":5000,"src":[{"k":"fileKey","gen":0,"lo":1200,"hi":903400,"hn":1}]}
 * {"p":7,"n":5000,"t0":1764633600000,"t1":1764633600950,"h0":"9f2c...","h1":"03ab..."}
 * </pre>
 *
 * A batch line ({@code "b"}) is written when the batch is handed over; a part line ({@code "p"}) when one of its
 * requests is about to be sent. Only part lines wait for the disk: {@link #send} appends the line and queues the
 * send; the journal's own thread writes everything appended so far with one {@code force}, then runs every send that
 * write covered (group commit: while one fsync runs, the next requests gather behind it, so the journal costs at
 * most one fsync at a time, whatever the request rate, and never blocks the pipeline thread).
 *
 * <p>Crash safety: a request is handed to the sink only after the fsync that covers its part line returned, so a
 * request that may have reached CloudWatch is always on disk. A crash in the middle of a write leaves a torn last line,
 * which {@link #read} skips: its request was not sent. The file is replaced by a compacted copy (temporary file,
 * fsync, rename, fsync of the directory) when entries the checkpoint covers make up most of it; between the rename and
 * the next append nothing is lost because the copy holds every live entry.
 *
 * <p>Thread-safe. A failed write makes the journal stop (reported once); sends then go out unjournaled, so a crash
 * after it falls back to re-sending (at-least-once), never to losing.
 */
public final class InFlightJournal implements AutoCloseable {

  public static final String FILE_NAME = "inflight.journal";

  /** The file is compacted only above this size, so that a quiet run never rewrites it. */
  static final long COMPACT_MIN_BYTES = 256 * 1024;

  private static final JsonFactory JSON = new JsonFactory();

  private final Path file;
  private final Consumer<String> failed;
  private final Object lock = new Object();
  /** Live entries (not yet covered by the checkpoint): their sources and their lines, for compaction. */
  private final Map<Long, Entry> live = new LinkedHashMap<>();
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private List<Runnable> waiting = new ArrayList<>();
  private FileChannel channel;
  private long fileBytes;
  private long nextId;
  private boolean broken;
  private boolean closed;
  private long syncs;
  private final Thread syncer;

  private static final class Entry {
    final List<SourceRange> sources;
    final ByteArrayOutputStream lines = new ByteArrayOutputStream(256);

    Entry(List<SourceRange> sources) {
      this.sources = sources;
    }
  }

  private InFlightJournal(Path file, Consumer<String> failed) throws IOException {
    this.file = file;
    this.failed = failed;
    replace(new byte[0]);
    this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    this.syncer = new Thread(this::syncLoop, "logferry-journal");
    syncer.setDaemon(true);
    syncer.start();
  }

  /**
   * Starts an empty journal in {@code dir}, replacing the previous one (read it with {@link #read} first).
   *
   * @param failed told once, with a one-line reason, when a write fails and the journal stops
   */
  public static InFlightJournal start(Path dir, Consumer<String> failed) {
    try {
      return new InFlightJournal(dir.resolve(FILE_NAME), failed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the in-flight journal in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Records a batch handed over (not yet synced: its first part's sync covers it). @return its id */
  public long begin(StreamKey key, int count, List<SourceRange> sources) {
    synchronized (lock) {
      long id = ++nextId;
      byte[] line = batchLine(id, key, count, sources);
      if (broken || closed) return id;
      Entry e = new Entry(List.copyOf(sources));
      e.lines.writeBytes(line);
      live.put(id, e);
      pending.writeBytes(line);
      return id;
    }
  }

  /** Records one request of batch {@code batchId} and runs {@code send} once that record is on disk. */
  public void send(long batchId, JournaledPart part, Runnable send) {
    byte[] line = partLine(batchId, part);
    synchronized (lock) {
      if (!broken && !closed) {
        Entry e = live.get(batchId);
        if (e != null) e.lines.writeBytes(line);
        pending.writeBytes(line);
        waiting.add(send);
        lock.notifyAll();
        return;
      }
    }
    send.run();
  }

  /**
   * Forgets the entries whose every source {@code covered} (the checkpoint just written reaches their {@code hi}),
   * and rewrites the file when forgotten entries make up most of it. Called after a checkpoint write.
   */
  public void checkpointed(Predicate<SourceRange> covered) {
    synchronized (lock) {
      if (broken || closed) return;
      long liveBytes = 0;
      for (Iterator<Entry> it = live.values().iterator(); it.hasNext(); ) {
        Entry e = it.next();
        if (e.sources.stream().allMatch(covered)) {
          it.remove();
        } else {
          liveBytes += e.lines.size();
        }
      }
      if (fileBytes + pending.size() < COMPACT_MIN_BYTES || fileBytes + pending.size() < 4 * liveBytes) return;
      try {
        ByteArrayOutputStream copy = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE, liveBytes));
        for (Entry e : live.values()) copy.writeBytes(e.lines.toByteArray());
        // Sends waiting for the syncer have their lines in pending and in the copy: run them after the copy is durable.
        channel.close();
        replace(copy.toByteArray());
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        fileBytes = copy.size();
        pending.reset();
        runAll(takeWaiting());
      } catch (IOException e) {
        fail(e);
      }
    }
  }

  /** Fsyncs done so far (for the benchmark and tests). */
  public long syncs() {
    synchronized (lock) {
      return syncs;
    }
  }

  /** Entries not yet covered by the checkpoint. */
  public int liveEntries() {
    synchronized (lock) {
      return live.size();
    }
  }

  /** Writes what is pending, runs the sends waiting for it, and stops. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) return;
      closed = true;
      lock.notifyAll();
    }
    try {
      syncer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      runAll(takeWaiting());
      try {
        channel.close();
      } catch (IOException e) {
        // Closing after the last force: nothing durable depends on it.
      }
    }
  }

  // --- the journal thread -----------------------------------------------------------------------------------

  private void syncLoop() {
    while (true) {
      byte[] bytes;
      List<Runnable> covered;
      FileChannel ch;
      synchronized (lock) {
        while (waiting.isEmpty() && !closed) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (waiting.isEmpty()) return;
        bytes = pending.toByteArray();
        pending.reset();
        covered = takeWaiting();
        ch = channel;
        if (!broken) {
          try {
            // Written and forced under the lock: a compaction (which swaps the channel) cannot run meanwhile. The
            // pipeline thread only appends to memory under this lock, so it waits at most one fsync, and only when it
            // journals exactly while a sync runs.
            ch.write(ByteBuffer.wrap(bytes));
            ch.force(false);
            fileBytes += bytes.length;
            syncs++;
          } catch (IOException e) {
            fail(e);
          }
        }
      }
      runAll(covered);
    }
  }

  private List<Runnable> takeWaiting() {
    List<Runnable> out = waiting;
    waiting = new ArrayList<>();
    return out;
  }

  private static void runAll(List<Runnable> sends) {
    for (Runnable r : sends) r.run();
  }

  private void fail(IOException e) {
    if (broken) return;
    broken = true;
    live.clear();
    failed.accept("in-flight journal " + file + ": " + e.getMessage() + "; a crash now re-sends (at-least-once)");
  }

  /** Replaces the file atomically with {@code content}: temporary file, fsync, rename, fsync of the directory. */
  private void replace(byte[] content) throws IOException {
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap(content));
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel d = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some file systems cannot fsync a directory; the rename is still atomic.
    }
  }

  // --- the format -------------------------------------------------------------------------------------------

  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] line(Fields fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(200);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  static byte[] batchLine(long id, StreamKey key, int count, List<SourceRange> sources) {
    return line(g -> {
      g.writeNumberField("b", id);
      g.writeStringField("g", key.group());
      g.writeStringField("s", key.stream());
      g.writeNumberField("n", count);
      writeSources(g, sources);
    });
  }

  private static void writeSources(JsonGenerator g, List<SourceRange> sources) throws IOException {
    g.writeArrayFieldStart("src");
    for (SourceRange r : sources) {
      g.writeStartObject();
      g.writeStringField("k", r.fileKey());
      g.writeNumberField("gen", r.generation());
      g.writeNumberField("lo", r.lo());
      g.writeNumberField("hi", r.hi());
      g.writeNumberField("hn", r.hiCount());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  static byte[] partLine(long batchId, JournaledPart p) {
    return line(g -> {
      g.writeNumberField("p", batchId);
      g.writeNumberField("n", p.count());
      g.writeNumberField("t0", p.firstTimestamp());
      g.writeNumberField("t1", p.lastTimestamp());
      g.writeStringField("h0", p.firstHash());
      g.writeStringField("h1", p.lastHash());
      if (!p.sources().isEmpty()) writeSources(g, p.sources());
    });
  }

  /**
   * The batches a journal file holds, with their parts; empty when there is no file. A line that does not parse (the
   * torn last line of a crash) is skipped, and so is a part whose batch line is missing.
   */
  public static List<JournaledBatch> read(Path dir) {
    Path f = dir.resolve(FILE_NAME);
    if (!Files.exists(f)) return List.of();
    List<String> lines;
    try {
      lines = Files.readAllLines(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the in-flight journal " + f + ": " + e.getMessage(), e);
    }
    Map<Long, Object[]> batches = new LinkedHashMap<>(); // id -> {key, count, sources, parts}
    for (String l : lines) {
      try (JsonParser p = JSON.createParser(l)) {
        Map<String, Object> fields = new LinkedHashMap<>();
        List<SourceRange> sources = new ArrayList<>();
        if (p.nextToken() != JsonToken.START_OBJECT) continue;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken t = p.nextToken();
          if (t == JsonToken.START_ARRAY) {
            while (p.nextToken() == JsonToken.START_OBJECT) {
              Map<String, Object> r = new LinkedHashMap<>();
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String rn = p.currentName();
                p.nextToken();
                r.put(rn, p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : (Object) p.getLongValue());
              }
              sources.add(new SourceRange((String) r.get("k"), (Long) r.get("gen"), (Long) r.get("lo"),
                  (Long) r.get("hi"), ((Long) r.get("hn")).intValue()));
            }
          } else {
            fields.put(name, t == JsonToken.VALUE_STRING ? p.getText() : (Object) p.getLongValue());
          }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) continue; // torn
        if (fields.containsKey("b")) {
          StreamKey key = new StreamKey((String) fields.get("g"), (String) fields.get("s"));
          batches.put((Long) fields.get("b"),
              new Object[] {key, ((Long) fields.get("n")).intValue(), sources, new ArrayList<JournaledPart>()});
        } else if (fields.containsKey("p")) {
          Object[] b = batches.get((Long) fields.get("p"));
          if (b == null) continue;
          @SuppressWarnings("unchecked")
          List<JournaledPart> parts = (List<JournaledPart>) b[3];
          parts.add(new JournaledPart(((Long) fields.get("n")).intValue(), (Long) fields.get("t0"),
              (Long) fields.get("t1"), (String) fields.get("h0"), (String) fields.get("h1"), sources));
        }
      } catch (IOException | RuntimeException e) {
        // A torn or foreign line: skipped (its request, if any, was never sent).
      }
    }
    List<JournaledBatch> out = new ArrayList<>(batches.size());
    for (Map.Entry<Long, Object[]> e : batches.entrySet()) {
      Object[] b = e.getValue();
      @SuppressWarnings("unchecked")
      List<SourceRange> src = (List<SourceRange>) b[2];
      @SuppressWarnings("unchecked")
      List<JournaledPart> parts = (List<JournaledPart>) b[3];
      out.add(new JournaledBatch(e.getKey(), (StreamKey) b[0], (Integer) b[1], src, parts));
    }
    return out;
  }
}
