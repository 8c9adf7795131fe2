package io.logferry.bench;

import io.logferry.checkpoint.Checkpointer;
import io.logferry.checkpoint.Checkpoints;
import io.logferry.events.ExporterEvents;
import io.logferry.source.FileTailer;
import io.logferry.source.FileTailers;
import io.logferry.source.LineConsumer;
import io.logferry.source.SourceId;
import io.logferry.source.TailerSettings;
import io.logferry.time.Ticker;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
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
 * Line scanning and splitting: how fast the tailer turns a file into lines, for short and long lines.
 *
 * <p>The tailer is the first stage of every run and the one that touches every byte; if it cannot do well above
 * 1 GiB/s, nothing behind it can. Each invocation reads a 32 MiB file (in the page cache after the first read) from
 * offset 0 through the real {@code FileTailer} ({@code snapshot()}, then {@code poll} in 4 MiB budgets as the runtime
 * does, until {@code caughtUp()}), handing every line to a consumer that only counts: the cost of finding line ends,
 * cutting pieces at UTF-8 boundaries and the read system calls, nothing else. A fresh tailer per invocation over an
 * empty (never written) checkpoint store makes every invocation start at offset 0, so no call reuses the position a
 * previous one left.
 *
 * <ul>
 *   <li>{@code baselineReadBytes}: the same file read into a 1 MiB buffer and nothing else: the I/O floor.
 *   <li>{@code baselineBufferedReaderReadLine}: the usual Java idiom, which also decodes every line to a String.
 *   <li>{@code tailer}: logferry's tailer.
 * </ul>
 *
 * Scores are MiB/s ({@code @OperationsPerInvocation} of 32 with one 32 MiB file per invocation; the file is the whole
 * number of lines that fit, at most one line short of 32 MiB).
 *
 * <p>Observed (2026-11-23, 2-core Intel Xeon VM, JDK 17, 1 fork, 2 warm-up + 3 measured iterations of 1 s, machine
 * shared with other builds at load 5-14, so errors are wide; results/jmh/20261123T221341Z-reduced*.json):
 * MiB/s: readBytes 7,388 / 7,502 / 7,757 / 8,258; BufferedReader.readLine 664 / 539 / 591 / 569; tailer 1,787 / 1,432 / 1,425 / 2,691 (lineBytes 64 / 194 / 1024 / 16384).
 *
 * <p>HOW TO RUN THIS TEST:
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar ScanBenchmark
 * java -jar bench/target/benchmarks.jar ScanBenchmark -p lineBytes=194 -f 1 -wi 1 -i 1 -w 1s -r 1s   # smoke
 * </pre>
 *
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(ScanBenchmark.FILE_MIB)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ScanBenchmark {

  static final int FILE_MIB = 32;

  /** What the runtime hands the tailer per poll (its read chunk at the default 32 MiB buffer budget). */
  static final long READ_CHUNK = 4L << 20;

  /** Line length including the newline: short, the nginx combined average, long, very long. */
  @Param({"64", "194", "1024", "16384"})
  public int lineBytes;

  private Path dir;
  private Path file;
  private Path checkpointDir;
  private TailerSettings settings;

  @Setup
  public void setup() throws IOException {
    dir = BenchFiles.scratch("scan");
    file = dir.resolve("scan.log");
    BenchFiles.fixedWidthLines(file, lineBytes, (long) FILE_MIB << 20);
    checkpointDir = Files.createDirectories(dir.resolve("checkpoints"));
    settings = new TailerSettings(List.of(file.toString()), List.of(), Duration.ofSeconds(10),
        TailerSettings.DEFAULT_MAX_LINE_BYTES, TailerSettings.DEFAULT_ROTATE_WAIT);
  }

  @TearDown
  public void tearDown() {
    BenchFiles.deleteTree(dir);
  }

  @Benchmark
  public long baselineReadBytes() throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    long total = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      int n;
      while ((n = ch.read(buf)) >= 0) {
        total += n;
        buf.clear();
      }
    }
    return total;
  }

  @Benchmark
  public long baselineBufferedReaderReadLine() throws IOException {
    long lines = 0;
    long chars = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        lines++;
        chars += line.length();
      }
    }
    return lines + chars;
  }

  @Benchmark
  public long tailer() {
    // Never written, so every open is an empty store: the tailer starts at offset 0 (see the class comment).
    Checkpoints checkpoints = Checkpointer.open(checkpointDir, ExporterEvents.NOOP, Ticker.system());
    CountingConsumer counter = new CountingConsumer();
    try (FileTailer tailer = FileTailers.create(settings, checkpoints, ExporterEvents.NOOP, Ticker.system())) {
      tailer.snapshot();
      while (!tailer.caughtUp()) tailer.poll(counter, READ_CHUNK);
      tailer.flushUnterminated(counter);
    }
    return counter.lines + counter.bytes;
  }

  /** Counts lines and bytes: the least a consumer can do while still reading what it is given. */
  static final class CountingConsumer implements LineConsumer {
    long lines;
    long bytes;

    @Override
    public void onLine(SourceId source, Path path, byte[] buf, int off, int len, long startOffset, long endOffset,
        boolean complete) {
      if (complete) lines++;
      bytes += len;
    }
  }

  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder().include(ScanBenchmark.class.getSimpleName()).build()).run();
  }
}
