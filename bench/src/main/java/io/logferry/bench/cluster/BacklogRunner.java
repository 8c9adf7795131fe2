package io.logferry.bench.cluster;

import io.logferry.study.StudyRun;
import io.logferry.testbed.LineFormat;
import io.logferry.testbed.LogWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CronJob's per-run cost as a function of what it finds: one {@code run-once} (a fresh JVM, the image's flags,
 * a fresh checkpoint directory) over a prepared backlog of {@code files} files holding {@code MiB} MiB of nginx
 * lines in total, each file its own stream. Fitted by the reports as {@code cpu = fixed + perMiB x MiB + perFile x
 * files}; the point with no files is the fixed cost of a run that finds nothing. The backlog is written just before
 * the run, so it is read from the page cache (as a run reading what was written in the last minute would be).
 */
final class BacklogRunner {

  private final Commands commands;
  private final Endpoint endpoint;
  private final Path work;
  private final Progress progress;
  private final StudyEnvironment env;

  BacklogRunner(Commands commands, Endpoint endpoint, Path work, Progress progress, StudyEnvironment env) {
    this.commands = commands;
    this.endpoint = endpoint;
    this.work = work;
    this.progress = progress;
    this.env = env;
  }

  StudyRun run(long files, long mib, int repetition, String profile) throws Exception {
    String name = "backlog-f" + files + "-m" + mib + "-r" + repetition;
    Path dir = work.resolve("backlog").resolve(name);
    LocalTarget.deleteTree(dir.getParent());
    Path logs = dir.resolve("logs");
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    long bytesTarget = mib << 20;
    long lines = 0;
    long bytes = 0;
    double lineBytes = 0;
    for (long f = 0; f < files; f++) {
      Path file = data.resolve(String.format("f-%05d.log", f));
      long share = bytesTarget / files;
      try (LogWriter w = LogWriter.open(LogWriter.Settings.of(file, "b" + f, LineFormat.NGINX_COMBINED))) {
        while (w.bytesWritten() < share) w.write((int) Math.max(1, Math.min(1000, (share - w.bytesWritten()) / 200)));
        lines += w.eventsWritten();
        bytes += w.bytesWritten();
      }
    }
    if (lines > 0) lineBytes = bytes / (double) lines;
    endpoint.faults(0, false);
    endpoint.reset();
    LoadWatch load = new LoadWatch();
    load.start();
    String started = Instant.now().toString();
    Path state = dir.resolve("state");
    Files.createDirectories(state);
    StudyRun.CronRun run;
    MeasuredProcess.ProcessFigures f;
    try (MeasuredProcess.Sampler sampler = new MeasuredProcess.Sampler()) {
      MeasuredProcess p = sampler.track(MeasuredProcess.start("run-once", "all", name,
          commands.runOnce(endpoint.url(), state, null, data + "/*.log"), Commands.ENV, logs));
      if (!p.waitFor(600_000)) p.kill();
      f = p.figures();
      Map<String, Object> summary = LocalTarget.summary(p.stdout());
      run = new StudyRun.CronRun(0, files == 0 ? "cold" : "backlog", 0, f.wallSeconds(), f.cpuSeconds(),
          f.peakRssKb() / 1024.0, WindowRunner.num(summary, "files"), WindowRunner.num(summary, "bytesRead"),
          WindowRunner.num(summary, "eventsDelivered"), f.exitCode());
    }
    load.stop();
    long accepted = endpoint.stats().acceptedEvents();
    List<String> notes = new ArrayList<>();
    if (f.exitCode() != 0) notes.add("run-once exited " + f.exitCode() + ": see " + logs);
    if (accepted != lines) notes.add("accepted " + accepted + " events of " + lines + " lines written");
    progress.note(String.format("  %s: %.2f CPU s, %.2f s wall, %d events, peak %.0f MiB", name, f.cpuSeconds(),
        f.wallSeconds(), accepted, f.peakRssKb() / 1024.0));
    LocalTarget.deleteTree(data);
    return new StudyRun(StudyRun.SCHEMA_VERSION, "backlog", name, profile, "backlog-r" + repetition, repetition,
        env.provenance(started, commands.cronjobJvm(), load.figures(env.cores())),
        new StudyRun.Setup("cronjob", "logferry", "none", 1, 0, lineBytes, 0, 0, null, bytes, (int) files),
        new StudyRun.Outcome(
            new StudyRun.Cost(1, f.cpuMethod(), f.cpuSeconds(), null, null, null, null, f.peakRssKb() / 1024.0,
                f.meanRssKb() / 1024.0),
            StudyRun.Freshness.EMPTY,
            new StudyRun.Delivery(lines, Math.min(lines, accepted), Math.max(0, lines - accepted),
                Math.max(0, accepted - lines)),
            List.of(run), 0, null, notes));
  }
}
