package io.logferry.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultReadersTest {

  private static Path results() throws Exception {
    return Path.of(ResultReadersTest.class.getResource("/results").toURI());
  }

  private static ClusterRun run(List<ClusterRun> runs, String name) {
    return runs.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void readsScenarioRunsNormalisingModeFaultAndUnits() throws Exception {
    ReadResult<ClusterRun> r = new ClusterResultReader().read(results().resolve("cluster/2026-11-23-quick"));

    assertThat(r.items()).hasSize(10);
    ClusterRun sc = run(r.items(), "sidecar-4pods-50lps-20s");
    assertThat(sc.mode()).isEqualTo("sidecar");
    assertThat(sc.fault()).isEqualTo("none");
    assertThat(sc.pods()).isEqualTo(4);
    assertThat(sc.freshness().p95()).isEqualTo(0.9, within(1e-9));           // 900 ms
    assertThat(sc.rssPeakMiBPerPod()).isEqualTo(95000 / 1024.0, within(1e-9)); // KiB → MiB
    assertThat(sc.rssPeakMiBTotal()).as("sidecars run side by side").isEqualTo(4 * 95000 / 1024.0, within(1e-9));
    assertThat(sc.environment().jdkVersion()).isEqualTo("17.0.15");
    assertThat(sc.environment().cpuModel()).startsWith("Intel");

    ClusterRun fault = run(r.items(), "cronjob-2pods-50lps-20s-every5s-shipper-killed");
    assertThat(fault.fault()).isEqualTo("shipper-killed");
    assertThat(fault.intervalSeconds()).isEqualTo(5);
    assertThat(fault.linesDuplicated()).isEqualTo(120);
    assertThat(fault.rssPeakMiBTotal()).as("one run-once at a time").isEqualTo(90000 / 1024.0, within(1e-9));
  }

  @Test
  void takesColdStartsFromTheRunsThatFoundNothingToShip() throws Exception {
    ReadResult<ClusterRun> r = new ClusterResultReader().read(results().resolve("cluster/2026-11-23-quick"));

    ClusterRun cj = run(r.items(), "cronjob-4pods-50lps-20s-every5s");
    // The cold run (0.92 s) and the final run that delivered 12 events (0.97 s); the scheduled runs shipped batches.
    assertThat(cj.coldStartSeconds()).containsExactly(0.92, 0.97);
    assertThat(cj.runs()).isEqualTo(5);
  }

  @Test
  void reportsFilesThatAreNotRunsAndIgnoresUnknownFields() throws Exception {
    ReadResult<ClusterRun> r = new ClusterResultReader().read(results().resolve("cluster/2026-11-23-quick"));

    assertThat(r.problems()).singleElement().asString()
        .contains("summary-index.json").contains("not a scenario run");
    assertThat(r.items()).allSatisfy(run -> assertThat(run.missing()).isEmpty());
  }

  @Test
  void namesTheFieldsAFileLacksInsteadOfShowingZero(@TempDir Path dir) throws Exception {
    Path set = Files.createDirectories(dir.resolve("cluster/2026-11-24-quick"));
    Files.writeString(set.resolve("sidecar.json"), "{\"mode\":\"SIDECAR\",\"pods\":3,\"ratePerPod\":10,"
        + "\"durationSeconds\":\"PT1M\",\"figures\":{\"freshnessMillis\":{\"p50\":5}}}");

    ReadResult<ClusterRun> r = new ClusterResultReader().read(set);

    ClusterRun run = r.items().get(0);
    assertThat(run.durationSeconds()).isEqualTo(60);
    assertThat(run.freshness().p50()).isEqualTo(0.005, within(1e-12));
    assertThat(run.freshness().p95()).isNaN();
    assertThat(run.missing()).contains("figures.freshnessMillis.p95", "figures.shipper.cpuSeconds",
        "figures.delivery.lost");
    assertThat(r.problems()).singleElement().asString().contains("sidecar.json: lacks").contains("p95");
  }

  @Test
  void readsJmhJsonAndRejectsOtherShapes(@TempDir Path dir) throws Exception {
    ReadResult<JmhResult> r = new JmhResultReader().read(results().resolve("jmh"));

    assertThat(r.problems()).as("the .meta.json file is metadata, not a problem").isEmpty();
    assertThat(r.items()).hasSize(4);
    JmhResult first = r.items().get(0);
    assertThat(first.environment().commit()).startsWith("c4e8881");
    assertThat(first.environment().cpuModel()).isEqualTo("Intel(R) Xeon(R) Processor");
    assertThat(first.profile()).isEqualTo("quick");
    assertThat(r.items().get(3).unitMeaning()).isEqualTo("ms per cold run");
    assertThat(first.benchmark()).isEqualTo("LineSplitBenchmark.split");
    assertThat(first.label()).isEqualTo("LineSplitBenchmark.split [size=1MiB]");
    assertThat(first.score()).isEqualTo(1520.3);
    assertThat(first.unit()).isEqualTo("MB/s");

    Files.writeString(dir.resolve("x.json"), "{\"benchmark\":\"not an array\"}");
    Files.writeString(dir.resolve("y.json"), "[{");
    assertThat(new JmhResultReader().read(dir).problems())
        .anySatisfy(p -> assertThat(p).contains("x.json").contains("not a JMH result"))
        .anySatisfy(p -> assertThat(p).contains("y.json").contains("not JSON"));
  }

  @Test
  void readsProcessResultsAndListsWhatAPartialFileLacks() throws Exception {
    ReadResult<ProcessResult> r = new ProcessResultReader().read(results().resolve("process"));

    assertThat(r.items()).hasSize(4);
    ProcessResult endpoint = r.items().stream().filter(p -> p.sink().equals("endpoint")).findFirst().orElseThrow();
    assertThat(endpoint.mibPerSecond()).isEqualTo(240.0);
    assertThat(endpoint.cpuSecondsPerGiB()).isEqualTo(6.5);
    assertThat(endpoint.environment().cores()).isEqualTo(2);
    assertThat(endpoint.environment().jdkLabel()).isEqualTo("17.0.15 (Debian)");
    assertThat(r.problems()).singleElement().asString()
        .contains("partial.json").contains("figures.cpuSecondsPerGiB").contains("jdk.version");
  }
}
