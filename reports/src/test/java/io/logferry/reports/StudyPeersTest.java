package io.logferry.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.reports.study.Parameters;
import io.logferry.study.RunSet;
import io.logferry.study.StudyJson;
import io.logferry.study.StudyRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peers section and sentence over the committed quick run set (logferry only) and over the same run set with a
 * peer added in the test: each logferry follow run of a steady window gets a twin marked {@code fluent-bit} with a
 * quarter of its CPU and a tenth of its RSS, so the expected ratios are known exactly.
 */
class StudyPeersTest {

  static final Path RUN_SET = Path.of("src/test/resources/study-results/study/20261201T220835Z-quick");

  static List<StudyRun> logferryRuns() throws Exception {
    return StudyJson.readRunSet(RUN_SET);
  }

  static RunSet runSet() throws Exception {
    return StudyJson.read(RUN_SET.resolve(RunSet.FILE_NAME), RunSet.class);
  }

  /** A peer twin of a logferry steady run: same window, pods and rate; CPU x 0.25, RSS x 0.1. */
  static StudyRun twin(StudyRun r) {
    StudyRun.Setup s = r.setup();
    StudyRun.Cost c = r.outcome().cost();
    Function<Double, Double> quarter = d -> d == null ? null : d * 0.25;
    StudyRun.Cost cost = new StudyRun.Cost(c.processes(), c.cpuMethod(), c.cpuSeconds() * 0.25,
        quarter.apply(c.warmupCpuSeconds()), quarter.apply(c.steadyCpuSeconds()), c.steadySeconds(),
        quarter.apply(c.cpuSecondsPerPodHour()), c.peakRssMiB() * 0.1, c.meanRssMiBTotal() * 0.1);
    StudyRun.Outcome o = r.outcome();
    return new StudyRun(r.schemaVersion(), r.kind(), r.id().replace(r.window() + "-", r.window() + "-fb-"),
        r.profile(), r.window(), r.repetition(),
        new StudyRun.Provenance(r.provenance().date(), r.provenance().commit(), "Fluent Bit v5.1.1 (no JVM)",
            List.of(), r.provenance().machine(), r.provenance().load()),
        new StudyRun.Setup(s.mode(), "fluent-bit", s.fault(), s.pods(), s.ratePerPod(), s.lineBytes(),
            s.windowSeconds(), s.warmupSeconds(), s.cronIntervalSeconds(), s.backlogBytes(), s.backlogFiles()),
        new StudyRun.Outcome(cost, o.freshness(), o.delivery(), o.cronRuns(), o.cronRunsSkipped(), o.fault(),
            o.notes()));
  }

  static List<StudyRun> withPeer() throws Exception {
    List<StudyRun> all = new ArrayList<>(logferryRuns());
    for (StudyRun r : logferryRuns()) if (r.kind().equals("steady")) all.add(twin(r));
    return all;
  }

  static String markdown(List<StudyRun> runs, Path out) throws Exception {
    Report report = new StudyReportBuilder(runSet(), runs, "abc", Parameters.defaults()).build();
    new MarkdownReporter(out).print(report);
    return java.nio.file.Files.readString(out.resolve("report.md"));
  }

  static String section(String md, String title) {
    int at = md.indexOf("## " + title);
    assertThat(at).as(title).isNotNegative();
    int end = md.indexOf("\n## ", at + 3);
    return md.substring(at, end < 0 ? md.length() : end);
  }

  /** The logferry-only report, built once for both tests (a study report bootstraps 400 draws). */
  private static String alone;

  static synchronized String alone(Path out) throws Exception {
    if (alone == null) alone = markdown(logferryRuns(), out);
    return alone;
  }

  @Test
  void withoutAPeerTheReportSaysLogferryRanAlone(@TempDir Path out) throws Exception {
    String md = alone(out);
    assertThat(section(md, "The answer")).contains("**Peer:** none in this run set");
    assertThat(section(md, "Peers")).contains("No peer was measured").doesNotContain("| sidecar |");
  }

  @Test
  void aPeerIsComparedPairedByWindowAndNeverPooledIntoLogferrysComponents(@TempDir Path out) throws Exception {
    String alone = alone(out.resolve("alone"));
    String md = markdown(withPeer(), out.resolve("peer"));
    // logferry's own component table and fitted components do not change when a peer is added.
    assertThat(section(md, "Components")).isEqualTo(section(alone, "Components"));
    String peers = section(md, "Peers");
    // Every follow configuration of the steady windows, n = 3 for both shippers, exact paired ratios.
    assertThat(peers).contains("| sidecar | 1 | 20.0 (").contains("| daemonset | 8 | 200 (");
    assertThat(peers).contains("0.250x (0.250–0.250), n = 3").contains("0.100x (0.100–0.100), n = 3");
    assertThat(peers).contains("charts/peers-cpu.svg").contains("charts/peers-rss.svg");
    assertThat(java.nio.file.Files.readString(out.resolve("peer/charts/peers-cpu.svg")))
        .contains("Fluent Bit sidecar").contains("logferry daemonset");
    assertThat(section(md, "The answer")).contains("**With Fluent Bit as the sidecar**").contains("a lighter sidecar")
        .containsPattern("DaemonSet (does not break even|.*is cheaper at no N|.*from N = [0-9,]+ \\(95 % interval)");
  }
}
