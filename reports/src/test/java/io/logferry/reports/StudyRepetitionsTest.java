package io.logferry.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.reports.study.Parameters;
import io.logferry.study.RunSet;
import io.logferry.study.StudyJson;
import io.logferry.study.StudyRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run sets of the combined windows (steady, e2e and fault deployments side by side, three repetitions each, every
 * result with its measured interval's load) are read by kind and repetition; older run sets (one e2e window, no
 * measured-interval load) still read and say which overload rule their flags follow.
 */
class StudyRepetitionsTest {

  static final Path OLD_FULL = Path.of("../results/study/20261202T020704Z-full");

  static StudyRun.Load measured(boolean overloaded) {
    return new StudyRun.Load(0.9, 1.4, 38.0, overloaded,
        new StudyRun.Measured(38.0, 12.0, 1.9, 1.3, 96, 1.2, 1.8, 480, "rule", overloaded));
  }

  /** The run as repetition {@code rep} of a combined window, its CPU scaled by {@code cpu}. */
  static StudyRun as(StudyRun r, int rep, double cpu, StudyRun.Load load) {
    StudyRun.Cost c = r.outcome().cost();
    StudyRun.Cost cost = new StudyRun.Cost(c.processes(), c.cpuMethod(), c.cpuSeconds() * cpu, c.warmupCpuSeconds(),
        c.steadyCpuSeconds(), c.steadySeconds(),
        c.cpuSecondsPerPodHour() == null ? null : c.cpuSecondsPerPodHour() * cpu, c.peakRssMiB(), c.meanRssMiBTotal());
    StudyRun.Outcome o = r.outcome();
    String dep = r.id().replaceFirst("^(steady-r\\d+|e2e|faults)-", "");
    StudyRun.Provenance p = r.provenance();
    return new StudyRun(r.schemaVersion(), r.kind(), r.kind() + "-r" + rep + "-" + dep, r.profile(), "window-r" + rep,
        rep, new StudyRun.Provenance(p.date(), p.commit(), p.jdk(), p.jvmFlags(), p.machine(), load), r.setup(),
        new StudyRun.Outcome(cost, o.freshness(), o.delivery(), o.cronRuns(), o.cronRunsSkipped(), o.fault(),
            o.notes()));
  }

  @Test
  void threeEndToEndAndFaultRepetitionsAreReadByKindAndRepetitionAndAggregated(@TempDir Path out) throws Exception {
    List<StudyRun> runs = new ArrayList<>();
    double[] scale = {1.0, 1.2, 0.8};
    for (StudyRun r : StudyPeersTest.logferryRuns()) {
      switch (r.kind()) {
        case "e2e", "fault" -> {
          for (int rep = 1; rep <= 3; rep++) runs.add(as(r, rep, scale[rep - 1], measured(rep == 2)));
        }
        case "steady" -> runs.add(as(r, r.repetition(), 1.0, measured(false)));
        default -> runs.add(r);
      }
    }
    assertThat(runs.stream().filter(r -> r.kind().equals("e2e")).map(StudyRun::id))
        .contains("e2e-r1-sc-n8", "e2e-r2-sc-n8", "e2e-r3-sc-n8").doesNotHaveDuplicates();
    String md = StudyPeersTest.markdown(runs, out);
    assertThat(md).contains("n = 3 repetitions per component configuration, 3 per end-to-end and fault configuration")
        .contains("the measured interval after the warm-up: median 1-min load above its 2 cores");
    String validation = StudyPeersTest.section(md, "Validation");
    // One row per mode and pod count, n = 3, the measured CPU a median (min–max) over the three windows.
    List<String> rows = validation.lines().filter(l -> l.startsWith("| sidecar") || l.startsWith("| daemonset")
        || l.startsWith("| cronjob")).toList();
    assertThat(rows).hasSize(6);
    for (String row : rows) {
      assertThat(row).contains("| 3 |").contains("1 of 3 (median load " + Fmt.num(1.3) + ", busy cores " + Fmt.num(1.2) + ")");
    }
    StudyRun sc8 = runs.stream().filter(r -> r.id().equals("e2e-r1-sc-n8")).findFirst().orElseThrow();
    double cpu = sc8.outcome().cost().cpuSecondsPerPodHour() * 8;
    assertThat(rows.stream().filter(l -> l.startsWith("| sidecar | 8 |")).findFirst().orElseThrow())
        .contains(Fmt.num(cpu) + " (" + Fmt.num(cpu * 0.8) + "–" + Fmt.num(cpu * 1.2) + ")");
    String faults = StudyPeersTest.section(md, "Loss and duplicates");
    assertThat(faults).contains("| shipper-killed | sidecar | r3 |");
  }

  @Test
  void theOldFullRunSetStillReadsAndSaysItsFlagsFollowTheWholeWindowRule(@TempDir Path out) throws Exception {
    List<StudyRun> runs = StudyJson.readRunSet(OLD_FULL);
    assertThat(runs).isNotEmpty().allMatch(r -> r.provenance().load().measured() == null);
    RunSet set = StudyJson.read(OLD_FULL.resolve(RunSet.FILE_NAME), RunSet.class);
    Report report = new StudyReportBuilder(set, runs, "abc", Parameters.defaults()).build();
    new MarkdownReporter(out).print(report);
    String md = Files.readString(out.resolve("report.md"));
    assertThat(md).contains("the whole window's largest 1-min load, start-up included, above its 2 cores")
        .contains("1 per end-to-end and fault configuration");
  }
}
