package io.logferry.bench;

import io.logferry.Exporter;
import io.logferry.config.ExporterConfig;
import io.logferry.events.ExporterEvents;
import io.logferry.sink.NullSink;
import io.logferry.sink.cloudwatch.CloudWatchLimits;
import io.logferry.testbed.LineFormat;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * The sidecar's idle cost: CPU used per second of wall time by {@code Exporter.follow()} when there is nothing to
 * read, for poll intervals of 100 ms, 250 ms (the default) and 1 s.
 *
 * <p>A sidecar runs next to every pod for its whole life and is idle most of the time, so its idle CPU multiplied by
 * the number of pods is what it costs a cluster. This is not a latency: timing a poll cycle would miss the sleeping
 * in between and the JVM's own background work. So the benchmark sleeps in 100 ms windows and reports CPU time
 * as {@link AuxCounters} of type OPERATIONS, which JMH divides by the measured wall time:
 *
 * <ul>
 *   <li>{@code followThreadCpuMicros}: CPU of the thread running {@code follow()} ({@code ThreadMXBean}), in µs per
 *       second of wall time: the exporter's own polling (stat calls, discovery scans, flush and checkpoint timers);
 *   <li>{@code processCpuMicros}: CPU of the whole forked JVM ({@code getProcessCpuTime}, i.e. {@code /proc} utime +
 *       stime), µs per second: adds GC, JIT and JMH's own sleeping thread.
 * </ul>
 *
 * 1000 µs/s is 0.1 % of one core. The primary score ("windows"/s, about 10) is meaningless; read the two counters.
 * {@code pollMillis=none} is the baseline: the same JVM and JMH loop with no exporter running. The tailed file is
 * read to its end (1,000 lines delivered to a {@code NullSink}) before measuring, so the exporter is truly idle.
 *
 * <p>Observed (2026-11-23, 2-core Intel Xeon VM, JDK 17, 1 fork, 2 warm-up + 3 measured iterations of 1 s, machine
 * shared with other builds at load 5-14, so errors are wide; results/jmh/20261123T221341Z-reduced*.json):
 * µs of CPU per second (poll 100 ms / 250 ms / 1 s): follow thread 2,291 / 1,013 / 453; whole JVM 5,477 / 3,493 / 2,998; baseline (none) whole JVM 1,991.
 *
 * <p>HOW TO RUN THIS TEST:
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar IdleBenchmark
 * java -jar bench/target/benchmarks.jar IdleBenchmark -p pollMillis=250 -f 1 -wi 1 -i 1 -w 1s -r 2s   # smoke
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(1)
@State(Scope.Benchmark)
public class IdleBenchmark {

  private static final long WINDOW_MILLIS = 100;
  private static final int LINES = 1000;

  @Param({"none", "100", "250", "1000"})
  public String pollMillis;

  private Path dir;
  private Exporter exporter;
  private Thread follower;

  @Setup
  public void setup() throws IOException, InterruptedException {
    if (pollMillis.equals("none")) return;
    dir = BenchFiles.scratch("idle");
    Path file = dir.resolve("app.log");
    Files.createFile(file);
    NullSink sink = NullSink.create(CloudWatchLimits.batchLimits());
    ExporterConfig config = ExporterConfig.defaults(List.of(file.toString()), dir.resolve("checkpoints"), "bench")
        .withPollInterval(Duration.ofMillis(Long.parseLong(pollMillis)));
    exporter = Exporter.create(config, sink, ExporterEvents.NOOP);
    follower = new Thread(exporter::follow, "logferry-follow");
    follower.start();
    try (var writer = io.logferry.testbed.LogWriter.open(
        io.logferry.testbed.LogWriter.Settings.of(file, "idle", LineFormat.NGINX_COMBINED))) {
      writer.write(LINES);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (sink.events() < LINES) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("follow did not deliver the lines in 30 s");
      Thread.sleep(20);
    }
  }

  @TearDown
  public void tearDown() throws InterruptedException {
    if (exporter != null) {
      exporter.stop();
      follower.join(TimeUnit.SECONDS.toMillis(30));
      exporter.close();
    }
    BenchFiles.deleteTree(dir);
  }

  /** CPU used since the previous window, accumulated per iteration; JMH normalises it by the iteration's wall time. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class CpuCounters {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public long followThreadCpuMicros;
    public long processCpuMicros;

    private long lastThreadNanos;
    private long lastProcessNanos;
    private long threadId = -1;

    @Setup(Level.Iteration)
    public void start(IdleBenchmark bench) {
      followThreadCpuMicros = 0;
      processCpuMicros = 0;
      threadId = bench.follower == null ? -1 : bench.follower.getId();
      lastThreadNanos = threadCpu();
      lastProcessNanos = OS.getProcessCpuTime();
    }

    void sample() {
      long t = threadCpu();
      long p = OS.getProcessCpuTime();
      followThreadCpuMicros += (t - lastThreadNanos) / 1000;
      processCpuMicros += (p - lastProcessNanos) / 1000;
      lastThreadNanos = t;
      lastProcessNanos = p;
    }

    private long threadCpu() {
      return threadId < 0 ? 0 : Math.max(0, THREADS.getThreadCpuTime(threadId));
    }
  }

  @Benchmark
  public void window(CpuCounters counters) throws InterruptedException {
    Thread.sleep(WINDOW_MILLIS);
    counters.sample();
  }

  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder().include(IdleBenchmark.class.getSimpleName()).build()).run();
  }
}
