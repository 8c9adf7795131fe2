package io.logferry.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.reports.study.ComponentFit;
import io.logferry.reports.study.Parameters;
import io.logferry.study.RunSet;
import io.logferry.study.StudyJson;
import io.logferry.study.StudyRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed full run sets at real rates read into the report: the fits, the validation's reasons, the audit of the
 * runs without a fault. {@link #FULL} is the report's (20261202T092849Z-full: one 11-minute window per repetition,
 * the faults in a window of their own); {@link #SPLIT} the one before it (20261202T061755Z-full: steady and
 * end-to-end windows apart), kept for the run without a fault that duplicated lines.
 */
class StudyFullRunSetTest {

  static final Path FULL = Path.of("../results/study/20261202T092849Z-full");
  static final Path SPLIT = Path.of("../results/study/20261202T061755Z-full");
  static final Path QUICK = Path.of("../results/study/20261201T224150Z-quick");

  static List<StudyRun> runs;
  static String md;

  @BeforeAll
  static void build(@TempDir Path out) throws Exception {
    runs = StudyJson.readRunSet(FULL);
    md = report(FULL, out.resolve("full"));
  }

  static String report(Path runSet, Path out) throws Exception {
    RunSet set = StudyJson.read(runSet.resolve(RunSet.FILE_NAME), RunSet.class);
    new MarkdownReporter(out).print(new StudyReportBuilder(set, StudyJson.readRunSet(runSet), "abc",
        Parameters.defaults()).build());
    return Files.readString(out.resolve("report.md"));
  }

  @Test
  void theDaemonSetIsFittedOverItsLoggingWindowsWhenThreeConfigurationsLog() throws Exception {
    assertThat(ComponentFit.fit(runs).notes()).noneMatch(n -> n.startsWith("DaemonSet CPU fitted through its idle"));
    // The quick profile's DaemonSets log at 8 pods only (20 and 200 lines/s): too few to fit pods and bytes apart.
    assertThat(ComponentFit.fit(StudyJson.readRunSet(QUICK)).notes())
        .anyMatch(n -> n.startsWith("DaemonSet CPU fitted through its idle"));
  }

  @Test
  void aRunWithoutAFaultThatDuplicatedLinesIsListedWithItsCounts(@TempDir Path out) throws Exception {
    List<StudyRun> split = StudyJson.readRunSet(SPLIT);
    String faults = StudyPeersTest.section(report(SPLIT, out), "Loss and duplicates under faults");
    long clean = split.stream().filter(r -> (r.kind().equals("steady") || r.kind().equals("e2e"))
        && r.outcome().delivery().written() > 0).count();
    assertThat(faults).contains("Without a fault: " + (clean - 1) + " of " + clean + " steady and end-to-end runs")
        .contains("| e2e-r1-cj-n32 | logferry | cronjob | 32 | 384,000 | 384,000 | 0 | 634 |");
  }

  @Test
  void everyRunWithoutAFaultOfTheReportsRunSetDeliveredEveryLineExactlyOnce() {
    String faults = StudyPeersTest.section(md, "Loss and duplicates under faults");
    long clean = runs.stream().filter(r -> (r.kind().equals("steady") || r.kind().equals("e2e"))
        && r.outcome().delivery().written() > 0).count();
    assertThat(clean).isGreaterThan(60);
    assertThat(faults).contains("Without a fault: " + clean + " of " + clean + " steady and end-to-end runs");
  }

  @Test
  void theValidationGivesAReasonOnlyForTheModesThatMiss() {
    String validation = StudyPeersTest.section(md, "Validation: model vs end-to-end runs");
    assertThat(validation).contains("4 of 9 rows miss the 15 % goal")
        .contains("a DaemonSet over one pod is one follow process over one pod")
        .contains("a sidecar's cost is not linear in its bytes")
        .contains("N sidecars cost N times one, and the miss is the line's, not the composition's")
        .doesNotContain("the CronJob's fixed cost per run");
  }

  @Test
  void everyWriterReachedItsTargetSoNoShortfallIsAnnounced() {
    assertThat(StudyPeersTest.section(md, "The answer")).doesNotContain("of their target rates");
  }

  @Test
  void theBannerSaysWhetherTheCodeThatRanChangedSinceTheMeasuredCommit() throws Exception {
    RunSet set = StudyJson.read(FULL.resolve(RunSet.FILE_NAME), RunSet.class);
    String onlyDocs = new StudyReportBuilder(set, runs, "abc", Parameters.defaults(), List.of()).banner();
    assertThat(onlyDocs).contains("only the report, the results and the docs changed, not the code that ran")
        .doesNotContain("the code has changed");
    String changed = new StudyReportBuilder(set, runs, "abc", Parameters.defaults(),
        List.of("exporter/src/main/java/io/logferry/Exporter.java")).banner();
    assertThat(changed).contains("the code has changed since these measurements")
        .contains("`exporter/src/main/java/io/logferry/Exporter.java`");
    assertThat(StudyReports.outsideMeasuredCode("reports/report.md")).isTrue();
    assertThat(StudyReports.outsideMeasuredCode("results/study/x/run-set.json")).isTrue();
    assertThat(StudyReports.outsideMeasuredCode("bench/src/main/java/io/logferry/bench/cluster/PodWriters.java"))
        .isFalse();
    assertThat(StudyReports.outsideMeasuredCode("bench/fluent-bit/study-follow.conf")).isFalse();
    assertThat(StudyReports.outsideMeasuredCode("exporter/src/test/java/io/logferry/source/BoundedStateTest.java"))
        .isTrue();
  }
}
