package io.logferry.reports;

import io.logferry.study.RunSet;
import io.logferry.study.StudyJson;
import io.logferry.study.StudyRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Finds and reads a study run set (the shared schema, strictly) and builds its report. */
final class StudyReports {

  private StudyReports() {}

  /**
   * The newest run set directory under {@code dir} (names start with a UTC stamp), or the one named {@code only}. A
   * kubernetes-target run set ({@code *-kubernetes}: another machine, e2e windows only) is reported only when named:
   * it never replaces the local study as the headline.
   */
  static Path newest(Path dir, String only) throws IOException {
    if (!Files.isDirectory(dir)) return null;
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> Files.isRegularFile(p.resolve(RunSet.FILE_NAME)))
          .filter(p -> only == null ? !p.getFileName().toString().endsWith("-kubernetes")
              : p.getFileName().toString().equals(only))
          .max(Comparator.comparing(p -> p.getFileName().toString())).orElse(null);
    }
  }

  static Report build(Path runSetDir, String head, Map<String, Double> params) throws IOException {
    RunSet rs = StudyJson.read(runSetDir.resolve(RunSet.FILE_NAME), RunSet.class);
    List<StudyRun> runs = StudyJson.readRunSet(runSetDir);
    try {
      return new StudyReportBuilder(rs, runs, head, params, measuredCodeChanges(rs.commit(), head)).build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(runSetDir + ": " + e.getMessage(), e);
    }
  }

  /** What a study does not run (the report, results, docs, tests): a change there leaves its measurements HEAD's. */
  static boolean outsideMeasuredCode(String path) {
    return path.startsWith("reports/") || path.startsWith("results/") || path.startsWith("docs/")
        || path.contains("/src/test/") || path.endsWith(".md");
  }

  /**
   * The files changed between {@code measured} (the run set's commit) and {@code head} that are part of what the
   * study ran, or null when git cannot tell (no repository, an unknown or dirty commit).
   */
  static List<String> measuredCodeChanges(String measured, String head) {
    if (measured == null || measured.contains("+dirty") || head == null || head.equals("unknown")) return null;
    try {
      Process p = new ProcessBuilder("git", "diff", "--name-only", measured, head).redirectErrorStream(false).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
      return out.lines().filter(l -> !l.isBlank() && !outsideMeasuredCode(l)).toList();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** {@code git rev-parse HEAD} of the working directory, or "unknown". */
  static String head() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
