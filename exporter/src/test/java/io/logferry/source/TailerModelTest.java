package io.logferry.source;

import io.logferry.checkpoint.OffsetLedger;
import io.logferry.checkpoint.Checkpoints;
import io.logferry.checkpoint.Checkpointer;
import io.logferry.testing.FakeTicker;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model-based test of the tailer (after Vector's {@code file_watcher/tests}): random, seeded sequences of writes,
 * rotations, truncations, deletions, polls with random budgets, acknowledgements and restarts from the written
 * checkpoint run against real files, while a model records every byte written to every file generation. At the end
 * the tailer is drained and what it handed over, re-assembled per source with its offsets, must be exactly what was
 * written.
 *
 * <p>What "exactly" means, per generation of a file (a file's content until it is truncated):
 * <ul>
 *   <li>it is read under at most one {@link SourceId} (a renamed file is not read again as a new file), from offset 0,
 *       in contiguous pieces (no byte skipped or repeated, in order);
 *   <li>what was read is a prefix of what was written; and all of it when no rotation tool or restart could have
 *       taken it away: the only generations allowed to be incomplete are those truncated by copytruncate (the
 *       unread tail went to the copy), those deleted or renamed away before any scan saw them, and those renamed
 *       away or deleted when a restart happened (a new process cannot find them).
 * </ul>
 */
class TailerModelTest {

  private static final int FILES = 3;
  private static final int ACTIONS = 80;
  private static final Duration SCAN = Duration.ofSeconds(1);
  private static final Duration ROTATE_WAIT = Duration.ofSeconds(2);
  private static final int MAX_LINE = 32;
  private static final Pattern GEN = Pattern.compile("^g(\\d+):");
  private static final String[] ALPHABET = {"a", "b", "c", "x", "y", "z", "é", "€", "😀", " "};

  @TempDir Path dir;
  @TempDir Path state;

  /** One generation of one file in the model: everything written to it, and whether all of it must be read. */
  private static final class Generation {
    final int id;
    final ByteArrayOutputStream content = new ByteArrayOutputStream();
    boolean discovered;
    boolean mayBeIncomplete;
    int seq;

    Generation(int id) {
      this.id = id;
    }
  }

  private final FakeTicker ticker = new FakeTicker();
  private final RecordingEvents events = new RecordingEvents();
  private final RecordingConsumer consumer = new RecordingConsumer();
  private final List<Generation> generations = new ArrayList<>();
  private final Generation[] live = new Generation[FILES];
  private final List<Generation> orphans = new ArrayList<>();
  private final List<String> log = new ArrayList<>();
  private Checkpoints checkpoints;
  private OffsetLedger ledger;
  private FileTailer tailer;
  private boolean freshTailer;
  private int renames;
  /** Index of the first piece each tailer session handed over. */
  private final List<Integer> sessionStarts = new ArrayList<>();

  static List<Long> seeds() {
    List<Long> seeds = new ArrayList<>();
    for (long s = 1; s <= 150; s++) {
      seeds.add(s);
    }
    return seeds;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void linesReadAreExactlyTheLinesWrittenThroughRotationsTruncationsAndRestarts(long seed) throws IOException {
    Random random = new Random(seed);
    openTailer();
    try {
      for (int i = 0; i < ACTIONS; i++) {
        step(random);
      }
      drain();
      verify(seed);
    } finally {
      tailer.close();
    }
  }

  private Path path(int file) {
    return dir.resolve("f" + file + ".log");
  }

  private void openTailer() {
    checkpoints = Checkpointer.open(state, events, ticker);
    tailer = FileTailers.create(new TailerSettings(List.of(dir + "/*.log"), List.of(), SCAN, MAX_LINE, ROTATE_WAIT),
        ledger = new OffsetLedger(checkpoints, ticker), events, ticker);
    freshTailer = true;
    sessionStarts.add(consumer.pieces.size());
  }

  private Generation newGeneration(int file) throws IOException {
    Generation g = new Generation(generations.size());
    generations.add(g);
    live[file] = g;
    return g;
  }

  private void write(int file, String text) throws IOException {
    Generation g = live[file];
    if (g == null) {
      g = newGeneration(file);
      Files.createFile(path(file));
    }
    byte[] bytes = text.getBytes(UTF_8);
    // Every line begins with its generation's id, so a source can be matched to the generation it read.
    Files.write(path(file), bytes, StandardOpenOption.APPEND);
    g.content.write(bytes);
  }

  private String lineStart(int file) {
    Generation g = live[file];
    int id = g == null ? generations.size() : g.id;
    int seq = g == null ? 0 : g.seq++;
    return "g" + id + ":" + seq + ":";
  }

  private boolean atLineStart(int file) {
    Generation g = live[file];
    if (g == null || g.content.size() == 0) {
      return true;
    }
    byte[] b = g.content.toByteArray();
    return b[b.length - 1] == '\n';
  }

  private static String letters(Random random, int max) {
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return sb.toString();
  }

  private void step(Random random) throws IOException {
    events.events.add("|" + log.size());
    int file = random.nextInt(FILES);
    int action = random.nextInt(100);
    if (action < 30) {
      int lines = 1 + random.nextInt(5);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < lines; i++) {
        boolean start = i > 0 || atLineStart(file);
        sb.append(start ? lineStart(file) : "").append(letters(random, 40)).append('\n');
      }
      log.add("WriteLines f" + file + " x" + lines);
      write(file, sb.toString());
    } else if (action < 40) {
      String piece = (atLineStart(file) ? lineStart(file) : "") + letters(random, 20);
      log.add("WritePartial f" + file + " " + piece.length());
      write(file, piece);
    } else if (action < 47) {
      if (live[file] != null) {
        log.add("RenameRotate f" + file);
        Generation g = live[file];
        Files.move(path(file), dir.resolve("f" + file + ".log." + (++renames)));
        if (!g.discovered) {
          g.mayBeIncomplete = true; // no scan ever saw it under a matched path
        }
        orphans.add(g);
        newGeneration(file);
        Files.createFile(path(file));
      }
    } else if (action < 53) {
      if (live[file] != null) {
        log.add("CopyTruncate f" + file);
        Generation g = live[file];
        Files.copy(path(file), dir.resolve("f" + file + ".log.copy" + (++renames)));
        try (FileChannel ch = FileChannel.open(path(file), StandardOpenOption.WRITE)) {
          ch.truncate(0);
        }
        g.mayBeIncomplete = true; // what was not read before the truncate is only in the copy
        Generation next = newGeneration(file);
        next.discovered = g.discovered; // same inode: the tailer already has it open
      }
    } else if (action < 58) {
      if (live[file] != null) {
        log.add("Delete f" + file);
        Generation g = live[file];
        Files.delete(path(file));
        if (!g.discovered) {
          g.mayBeIncomplete = true;
        }
        orphans.add(g);
        live[file] = null;
      }
    } else if (action < 88) {
      long budget = switch (random.nextInt(3)) {
        case 0 -> 1 + random.nextInt(60);
        case 1 -> 4096;
        default -> Long.MAX_VALUE;
      };
      boolean advance = random.nextBoolean();
      log.add("Poll " + budget + (advance ? " +scan" : ""));
      poll(budget, advance);
    } else if (action < 94) {
      log.add("Ack");
      acknowledgeAll();
    } else {
      log.add("Restart");
      acknowledgeAll();
      checkpoints.write();
      tailer.close();
      for (Generation g : orphans) {
        g.mayBeIncomplete = true; // a new process cannot find a file that left the globs
      }
      for (Generation g : live) {
        if (g != null) {
          g.discovered = false; // the new process has to find it again
        }
      }
      orphans.clear();
      openTailer();
    }
  }

  private int session(int pieceIndex) {
    int session = 0;
    while (session + 1 < sessionStarts.size() && sessionStarts.get(session + 1) <= pieceIndex) {
      session++;
    }
    return session;
  }

  private void poll(long budget, boolean advance) {
    if (advance) {
      ticker.advance(SCAN);
    }
    if (advance || freshTailer) {
      for (Generation g : live) {
        if (g != null) {
          g.discovered = true; // this poll scans and finds the file at its path
        }
      }
    }
    freshTailer = false;
    tailer.poll(consumer, budget);
  }

  /** Acknowledges what this session handed over (a SourceId means something only within its process). */
  private void acknowledgeAll() {
    Map<SourceId, Long> upTo = new HashMap<>();
    List<RecordingConsumer.Piece> pieces = consumer.pieces;
    for (int i = sessionStarts.get(sessionStarts.size() - 1); i < pieces.size(); i++) {
      upTo.merge(pieces.get(i).source(), pieces.get(i).end(), Math::max);
    }
    upTo.forEach((s, o) -> ledger.acknowledged(s.fileKey(), s.generation(), o));
  }

  private void drain() {
    int quiet = 0;
    for (int i = 0; i < 1000 && quiet < 4; i++) {
      poll(Long.MAX_VALUE, true);
      acknowledgeAll();
      quiet = tailer.caughtUp() ? quiet + 1 : 0;
    }
    assertThat(tailer.caughtUp()).as("caught up after draining").isTrue();
    tailer.flushUnterminated(consumer);
  }

  private void verify(long seed) {
    String context = "seed " + seed + ", actions " + log + ", events " + events.events;
    // Re-assemble each source's bytes from its pieces, checking they are contiguous from offset 0.
    // A SourceId names a generation within one process: after a restart, a file without a checkpoint (never
    // acknowledged) is generation 0 again even when its inode once belonged to another file. So a stream is a
    // SourceId plus the session it started in; only a new session may start a SourceId over at offset 0.
    Map<String, ByteArrayOutputStream> streams = new LinkedHashMap<>();
    Map<SourceId, Long> next = new HashMap<>();
    Map<SourceId, Integer> lastSession = new HashMap<>();
    Map<SourceId, Integer> incarnation = new HashMap<>();
    for (int i = 0; i < consumer.pieces.size(); i++) {
      RecordingConsumer.Piece p = consumer.pieces.get(i);
      int session = session(i);
      long expectedStart = next.getOrDefault(p.source(), 0L);
      if (p.start() != expectedStart) {
        if (p.start() == 0 && lastSession.get(p.source()) < session) {
          incarnation.merge(p.source(), 1, Integer::sum);
        } else {
          fail("%s: source %s piece %d (session %d, previous piece in session %s) starts at %d, expected %d (%s)",
              context, p.source(), i, session, lastSession.get(p.source()), p.start(), expectedStart, p.text());
        }
      }
      lastSession.put(p.source(), session);
      long terminator = p.end() - p.start() - p.bytes().length;
      assertThat(terminator).as(context).isBetween(0L, 1L);
      assertThat(p.bytes()).as(context).doesNotContain((byte) '\n');
      assertThat(p.bytes().length).as(context).isLessThanOrEqualTo(MAX_LINE);
      if (!p.complete()) {
        assertThat(terminator).as(context).isZero();
      }
      String stream = p.source() + "#" + incarnation.getOrDefault(p.source(), 0);
      ByteArrayOutputStream out = streams.computeIfAbsent(stream, s -> new ByteArrayOutputStream());
      out.writeBytes(p.bytes());
      if (terminator == 1) {
        out.write('\n');
      }
      next.put(p.source(), p.end());
    }
    // Match each source to the generation it read, by the id its first line carries.
    Map<Integer, String> readBy = new HashMap<>();
    for (Map.Entry<String, ByteArrayOutputStream> e : streams.entrySet()) {
      String text = e.getValue().toString(UTF_8);
      Matcher m = GEN.matcher(text);
      if (!m.find()) {
        // Only the first bytes of a generation's first line, handed over when it was truncated (the rest is in the
        // copy): too short to carry the id, it must still be the start of some truncated generation.
        byte[] fragment = e.getValue().toByteArray();
        assertThat(generations).as("%s: %s read %s, the start of no truncated generation", context, e.getKey(), text)
            .anyMatch(g -> g.mayBeIncomplete && g.content.size() >= fragment.length
                && Arrays.equals(Arrays.copyOf(g.content.toByteArray(), fragment.length), fragment));
        continue;
      }
      int id = Integer.parseInt(m.group(1));
      String previous = readBy.put(id, e.getKey());
      if (previous != null) {
        fail("%s: generation g%d was read twice, as %s and as %s", context, id, previous, e.getKey());
      }
      byte[] written = generations.get(id).content.toByteArray();
      byte[] read = e.getValue().toByteArray();
      assertThat(read.length).as("%s: g%d read more than written", context, id).isLessThanOrEqualTo(written.length);
      assertThat(Arrays.copyOf(written, read.length)).as("%s: g%d read bytes", context, id).isEqualTo(read);
      if (!generations.get(id).mayBeIncomplete) {
        assertThat(new String(read, UTF_8)).as("%s: g%d must be read completely", context, id)
            .isEqualTo(new String(written, UTF_8));
      }
    }
    for (Generation g : generations) {
      if (!readBy.containsKey(g.id) && !g.mayBeIncomplete) {
        assertThat(g.content.size()).as("%s: g%d was never read", context, g.id).isZero();
      }
    }
  }
}
