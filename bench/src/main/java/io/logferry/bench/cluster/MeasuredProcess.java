package io.logferry.bench.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One child process of a scenario run (writer, sidecar or run-once) with its CPU and memory. The command runs under
 * GNU time when {@code /usr/bin/time} exists (exact CPU and peak RSS from wait4, see {@link GnuTime}); a
 * {@link Sampler} reads /proc every {@link Sampler#PERIOD_MILLIS} ms for the mean RSS and as the fallback without
 * GNU time (then CPU misses at most the last period before exit).
 */
final class MeasuredProcess {

  static final Path GNU_TIME = Path.of("/usr/bin/time");

  private final String role;
  private final String pod;
  private final Process process;
  private final Path timeReport;
  private final Path stdout;
  private final long startNanos = System.nanoTime();
  private volatile long targetPid;
  private long lastCpuTicks;
  private long lastHwmKb;
  private long rssSumKb;
  private long rssSamples;

  private MeasuredProcess(String role, String pod, Process process, Path timeReport, Path stdout) {
    this.role = role;
    this.pod = pod;
    this.process = process;
    this.timeReport = timeReport;
    this.stdout = stdout;
    this.targetPid = timeReport == null ? process.pid() : -1;
  }

  /** Starts {@code command} with its stdout/stderr in {@code logDir}/{@code name}.out/.err. */
  static MeasuredProcess start(
      String role, String pod, String name, List<String> command, Map<String, String> env, Path logDir) {
    try {
      Files.createDirectories(logDir);
      Path out = logDir.resolve(name + ".out");
      Path err = logDir.resolve(name + ".err");
      Path report = null;
      List<String> cmd = new ArrayList<>();
      if (Files.isExecutable(GNU_TIME)) {
        report = logDir.resolve(name + ".time");
        Files.deleteIfExists(report);
        cmd.addAll(List.of(GNU_TIME.toString(), "-f", GnuTime.FORMAT, "-o", report.toString()));
      }
      cmd.addAll(command);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().putAll(env);
      return new MeasuredProcess(role, pod, pb.start(), report, out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
    }
  }

  String role() {
    return role;
  }

  String pod() {
    return pod;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The measured process itself (the child of GNU time), or -1 while it has not appeared yet. */
  long targetPid() {
    long pid = targetPid;
    if (pid < 0) {
      Optional<ProcessHandle> child = process.toHandle().children().findFirst();
      if (child.isPresent()) targetPid = pid = child.get().pid();
    }
    return pid;
  }

  /** SIGTERM to the measured process (not to GNU time, which would die without forwarding it). */
  void terminate() {
    signal(false);
  }

  /** SIGKILL to the measured process. */
  void kill() {
    signal(true);
  }

  private void signal(boolean force) {
    long pid = targetPid();
    Optional<ProcessHandle> h = pid > 0 ? ProcessHandle.of(pid) : Optional.of(process.toHandle());
    h.ifPresent(p -> {
      if (force) p.destroyForcibly();
      else p.destroy();
    });
  }

  boolean waitFor(long millis) throws InterruptedException {
    return process.waitFor(millis, TimeUnit.MILLISECONDS);
  }

  /** Records one /proc reading (called by the sampler thread only). */
  synchronized void sample() {
    long pid = targetPid();
    if (pid < 0) return;
    ProcFs.read(pid).ifPresent(r -> {
      lastCpuTicks = r.cpuTicks();
      lastHwmKb = Math.max(lastHwmKb, r.hwmKb());
      rssSumKb += r.rssKb();
      rssSamples++;
    });
  }

  /** The child's stdin (GNU time passes it through): commands to a process that reads them. */
  java.io.OutputStream stdin() {
    return process.getOutputStream();
  }

  /** The child's stderr so far ("" when unreadable). */
  String stderr() {
    try {
      Path err = stdout.resolveSibling(stdout.getFileName().toString().replaceFirst("\\.out$", ".err"));
      return Files.readString(err, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  String stdout() {
    try {
      return Files.readString(stdout, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The figures of the exited process; waits for it. */
  synchronized ProcessFigures figures() throws InterruptedException {
    process.waitFor();
    double wallFallback = (System.nanoTime() - startNanos) / 1e9;
    double sampledCpu = lastCpuTicks / (double) ProcFs.CLOCK_TICKS_PER_SECOND;
    long meanRss = rssSamples == 0 ? 0 : rssSumKb / rssSamples;
    if (timeReport != null) {
      try {
        GnuTime t = GnuTime.parse(Files.readString(timeReport, StandardCharsets.US_ASCII));
        return new ProcessFigures(role, pod, t.wallSeconds(), t.cpuSeconds(), sampledCpu, t.maxRssKb(), meanRss,
            rssSamples, t.exitCode(), "wait4");
      } catch (IOException | RuntimeException e) {
        // fall through to the sampled figures
      }
    }
    return new ProcessFigures(role, pod, wallFallback, sampledCpu, sampledCpu, lastHwmKb, meanRss, rssSamples,
        process.exitValue(), "proc-sampled");
  }

  /**
   * The figures of one process.
   *
   * @param wallSeconds start to exit
   * @param cpuSeconds user + system CPU over the whole life (exact with method wait4)
   * @param sampledCpuSeconds the last /proc reading (a lower bound; compare with cpuSeconds for the sampling error)
   * @param peakRssKb peak resident set
   * @param meanRssKb mean of the sampled resident sets
   * @param samples number of /proc readings
   * @param cpuMethod wait4 (GNU time) or proc-sampled
   */
  record ProcessFigures(
      String role,
      String pod,
      double wallSeconds,
      double cpuSeconds,
      double sampledCpuSeconds,
      long peakRssKb,
      long meanRssKb,
      long samples,
      int exitCode,
      String cpuMethod) {}

  /** Reads /proc for every registered live process every {@value #PERIOD_MILLIS} ms on one daemon thread. */
  static final class Sampler implements AutoCloseable {
    static final long PERIOD_MILLIS = 200;
    private final List<MeasuredProcess> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;

    Sampler() {
      thread = new Thread(this::loop, "proc-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    MeasuredProcess track(MeasuredProcess p) {
      processes.add(p);
      return p;
    }

    private void loop() {
      while (!stopped) {
        for (MeasuredProcess p : processes) {
          if (p.isAlive()) p.sample();
          else processes.remove(p);
        }
        try {
          Thread.sleep(PERIOD_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    @Override
    public void close() {
      stopped = true;
      thread.interrupt();
    }
  }
}
