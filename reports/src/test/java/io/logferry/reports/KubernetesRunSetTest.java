package io.logferry.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.study.RunSet;
import io.logferry.study.StudyJson;
import io.logferry.study.StudyRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run set of the bench's kubernetes target (e2e windows of the three modes, {@code provenance.target =
 * kubernetes}, PodMetrics cost) is read with the same schema as a local one, and is never taken for the newest study.
 */
class KubernetesRunSetTest {

  static StudyRun run(String mode, int rep) {
    boolean cron = mode.equals("cronjob");
    StudyRun.Cost cost = cron
        ? new StudyRun.Cost(3, "metrics-api-sampled", 4.5, null, null, null, 13.5, 120, 30)
        : new StudyRun.Cost(mode.equals("sidecar") ? 4 : 1, "metrics-api-sampled", 60, 20.0, 40.0, 480.0, 75.0, 140, 500);
    List<StudyRun.CronRun> runs = new ArrayList<>();
    if (cron) {
      for (int i = 0; i < 3; i++) runs.add(new StudyRun.CronRun(i, "scheduled", 60.0 * i, 8, 1.5, 120, 4, 4096, 40, 0));
    }
    return new StudyRun(StudyRun.SCHEMA_VERSION, "e2e", "k8s-" + mode + "-r" + rep, "quick", "k8s-" + mode + "-r" + rep,
        rep,
        new StudyRun.Provenance("2026-12-02T00:00:00Z", "abc123", "the images' JDK", List.of(),
            new StudyRun.Machine("kubernetes: 1 node(s)", 4, 8192, "6.1.0"), new StudyRun.Load(0.5, 0.7, 1.2, false),
            StudyRun.Provenance.KUBERNETES),
        new StudyRun.Setup(mode, "logferry", "none", 4, 20, 180, 600, cron ? 0 : 120, cron ? 60 : null, null, null),
        new StudyRun.Outcome(cost, new StudyRun.Freshness(4, 500, 900, 950, 990, 1000, 600,
            java.util.Collections.nCopies(21, 600L)), new StudyRun.Delivery(48000, 48000, 0, 0), runs, 0, null,
            List.of("target=kubernetes: 1 node(s)")));
  }

  @Test
  void kubernetesRunSetIsReadLikeALocalOneButNeverTakenForTheNewestStudy(@TempDir Path results) throws Exception {
    Path study = results.resolve("study");
    Path local = study.resolve("20261201T000000Z-quick");
    Path k8s = study.resolve("20261202T000000Z-quick-kubernetes");
    List<String> windows = new ArrayList<>();
    for (int rep = 1; rep <= 3; rep++) {
      for (String mode : List.of("sidecar", "daemonset", "cronjob")) {
        StudyRun r = run(mode, rep);
        StudyJson.writeAtomically(k8s.resolve(r.id() + ".json"), r);
        windows.add(r.window());
      }
    }
    RunSet rs = new RunSet(StudyRun.SCHEMA_VERSION, "quick", "2026-12-02T00:00:00Z", "2026-12-02T01:00:00Z", "abc123",
        List.of("bench/run-cluster-benchmark.sh", "--target", "kubernetes"), windows, 3600, "the images' JDK",
        List.of(), List.of("target=kubernetes"));
    StudyJson.writeAtomically(k8s.resolve(RunSet.FILE_NAME), rs);
    StudyJson.writeAtomically(local.resolve(RunSet.FILE_NAME), rs);

    assertThat(StudyJson.readRunSet(k8s)).hasSize(9)
        .allSatisfy(r -> assertThat(r.provenance().target()).isEqualTo("kubernetes"));
    assertThat(StudyReports.newest(study, null)).isEqualTo(local);
    assertThat(StudyReports.newest(study, k8s.getFileName().toString())).isEqualTo(k8s);
    // The report's model is fitted from component runs (steady windows over rates, backlog runs), which the
    // kubernetes target does not make yet: named, the run set is refused with that cause rather than half-reported.
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> StudyReports.build(k8s, "abc123", io.logferry.reports.study.Parameters.defaults()))
        .hasMessageContaining(k8s.toString()).hasMessageContaining("too few component runs to fit");
  }
}
