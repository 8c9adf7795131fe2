package io.logferry.bench;

import io.logferry.checkpoint.Checkpointer;
import io.logferry.checkpoint.Checkpoints;
import io.logferry.checkpoint.Checkpoints.FileCheckpoint;
import io.logferry.events.ExporterEvents;
import io.logferry.time.Ticker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Checkpoint writes: what one durable write of the checkpoint store costs, by number of tracked files.
 *
 * <p>Both modes write the checkpoint as acknowledgements advance (group commit, at most one write per 100 ms by
 * default); each write is temporary file, fsync, rename, fsync of the directory, so its cost is mostly the disk's flush
 * latency, which bounds how often a checkpoint can sensibly be written. The store holds {@code files} entries; each invocation moves one file's offset forward (a
 * new value every time, as a running exporter does) and writes.
 *
 * <ul>
 *   <li>{@code baselineRenameWithoutFsync}: the same number of bytes written to a temporary file and renamed over the
 *       checkpoint, no fsync: the file-system cost without durability;
 *   <li>{@code baselineRenameWithFsync}: the same, with fsync of the file and of the directory: the durability cost
 *       without logferry's JSON encoding;
 *   <li>{@code write}: {@code Checkpoints.update} + {@code write()}.
 * </ul>
 *
 * The directory is under {@code java.io.tmpdir} (set {@code -Djava.io.tmpdir=} to measure another disk: tmpfs makes
 * fsync free, network volumes make it slow). Scores are microseconds per write.
 *
 * <p>Observed (2026-11-23, 2-core Intel Xeon VM, JDK 17, 1 fork, 2 warm-up + 3 measured iterations of 1 s, machine
 * shared with other builds at load 5-14, so errors are wide; results/jmh/20261123T221341Z-reduced*.json):
 * µs per write (files 1 / 10 / 100 / 1000): write 6,757 / 5,343 / 2,359 / 2,857; rename+fsync 2,196 / 5,049 / 8,723 / 8,294; rename without fsync 936 / 139 / 120 / 323 (fsync dominates; errors are larger than the differences).
 *
 * <p>Observed (2026-12-01, same machine kind, JDK 17, 1 fork, 1 warm-up + 3 measured iterations of 1 s, machine shared
 * at load average 39-46 on 2 cores, errors wider than the scores; results/jmh/20261201T223710Z-checkpoint-cadence*.json):
 * files 1 / 1000: write 8,719 / 12,926 µs; rename+fsync 6,123 / 7,046 µs; cadenceOneSecondAtDefault 81,878 /
 * 137,474 µs, i.e. the default group commit (at most 10 writes/s) keeps the pipeline thread waiting on fsync for 8 %
 * / 14 % of a second of busy shipping on this loaded disk (the 2026-11-23 run at load 5-14: 2.4-6.8 ms per write,
 * i.e. 2-7 %);
 * unchangedIsNotWritten 1.5 / 0.7 µs.
 *
 * <p>Observed (2026-12-02, same machine kind, JDK 17, smoke size: 1 fork, 1 warm-up + 3 measured iterations of 1 s,
 * files=1, load average 21-25, errors wider than the scores; results/jmh/20261202T010238Z-journal-smoke.json): the
 * in-flight journal of --exactly-once: journalOneRequest 3,198 µs, journalFourRequestsGrouped 6,055 µs (1,514 µs per
 * request: the group commit shares fsyncs), write 9,982 µs. The journal's fsync runs on its own thread; a request waits
 * for it, the pipeline thread does not.
 *
 * <p>HOW TO RUN THIS TEST:
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar CheckpointBenchmark
 * java -jar bench/target/benchmarks.jar CheckpointBenchmark -p files=10 -f 1 -wi 1 -i 1 -w 1s -r 1s   # smoke
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class CheckpointBenchmark {

  @Param({"1", "10", "100", "1000"})
  public int files;

  private Path dir;
  private Checkpoints checkpoints;
  private byte[] sameBytes;
  private long offset;

  @Setup
  public void setup() throws IOException {
    dir = BenchFiles.scratch("checkpoint");
    checkpoints = Checkpointer.open(dir, ExporterEvents.NOOP, Ticker.system());
    long now = System.currentTimeMillis();
    for (int i = 0; i < files; i++) {
      checkpoints.update(key(i), new FileCheckpoint(1_000_000L + i, 0, 1024, 0x5eed_0000L + i,
          "/var/log/pods/default_app-" + i + "_0b7f0a9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b/app/0.log", now));
    }
    checkpoints.write();
    sameBytes = Files.readAllBytes(checkpoints.file());
    startJournal();
  }

  @TearDown
  public void tearDown() {
    journal.close();
    BenchFiles.deleteTree(dir);
  }

  private static String key(int i) {
    return "2049:" + (100_000 + i);
  }

  @Benchmark
  public long baselineRenameWithoutFsync() throws IOException {
    Path tmp = dir.resolve("baseline.tmp");
    Files.write(tmp, sameBytes);
    Files.move(tmp, dir.resolve("baseline.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return sameBytes.length;
  }

  @Benchmark
  public long baselineRenameWithFsync() throws IOException {
    Path tmp = dir.resolve("baseline.tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(sameBytes);
      while (buf.hasRemaining()) ch.write(buf);
      ch.force(true);
    }
    Files.move(tmp, dir.resolve("baseline.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
    return sameBytes.length;
  }

  @Benchmark
  public long write() {
    FileCheckpoint previous = checkpoints.get(key(0));
    // A new, larger offset every call: the store sees the same kind of change a running exporter makes.
    checkpoints.update(key(0), new FileCheckpoint(previous.offset() + (++offset), previous.generation(),
        previous.headLength(), previous.headChecksum(), previous.path(), System.currentTimeMillis()));
    checkpoints.write();
    return offset;
  }

  /**
   * The group commit's question on every loop of the pipeline thread, when acknowledgements moved nothing: an update
   * to the same position (no change) and {@code unwritten()}; no write happens. This is what a run that finds nothing
   * new pays per file, and what an idle sidecar pays per poll.
   */
  @Benchmark
  public boolean unchangedIsNotWritten() {
    FileCheckpoint previous = checkpoints.get(key(0));
    checkpoints.update(key(0), previous);
    if (checkpoints.unwritten()) checkpoints.write();
    return checkpoints.unwritten();
  }

  /**
   * The cadence's cost: one second of a busy exporter at the default group commit (one write per 100 ms, so ten writes
   * of the whole store, each after one changed offset). Score: microseconds of the pipeline thread per second of
   * shipping, i.e. {@code score / 10,000} is the share of one thread spent on checkpoints (mostly waiting for fsync).
   */
  @Benchmark
  public long cadenceOneSecondAtDefault() {
    for (int i = 0; i < 10; i++) {
      write();
    }
    return offset;
  }

  // --- the in-flight journal of --exactly-once (issue 14.3) ---------------------------------------------------

  private io.logferry.reconcile.InFlightJournal journal;
  private final io.logferry.events.StreamKey journalKey = new io.logferry.events.StreamKey("/app", "pod/app.log");
  private final io.logferry.reconcile.JournaledPart journalPart =
      new io.logferry.reconcile.JournaledPart(5000, 1_764_633_600_000L, 1_764_633_600_950L, "9f2c04aa13b7e6d1",
          "03ab77c2e90f1d45");
  private long journaled;

  private void startJournal() {
    journal = io.logferry.reconcile.InFlightJournal.start(dir, reason -> {
      throw new IllegalStateException(reason);
    });
  }


  /** One batch journaled and one request waiting for its line to be on disk: what one request pays, alone. */
  private java.util.concurrent.CountDownLatch journalRequests(int requests) {
    java.util.concurrent.CountDownLatch sent = new java.util.concurrent.CountDownLatch(requests);
    for (int i = 0; i < requests; i++) {
      long id = journal.begin(journalKey, 5000, java.util.List.of(
          new io.logferry.reconcile.SourceRange(key(0), 0, journaled, journaled + 1_000_000, 1)));
      journaled += 1_000_000;
      journal.send(id, journalPart, sent::countDown);
    }
    if (journaled % 64_000_000 == 0) journal.checkpointed(r -> true); // as checkpoint writes do: keeps it compact
    return sent;
  }

  /**
   * The journal's latency for one request sent alone (the worst case: no other request shares its fsync): from
   * handing the request over until it may go out. Score: microseconds per request.
   */
  @Benchmark
  public long journalOneRequest() throws InterruptedException {
    journalRequests(1).await();
    return journaled;
  }

  /**
   * Four requests handed over at once (the default --max-concurrency): the group commit covers them with one or two
   * fsyncs. Score: microseconds until all four may go out; divide by four for the cost per request.
   */
  @Benchmark
  public long journalFourRequestsGrouped() throws InterruptedException {
    journalRequests(4).await();
    return journaled;
  }

  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder().include(CheckpointBenchmark.class.getSimpleName()).build()).run();
  }
}
