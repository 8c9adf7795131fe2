package io.logferry.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CostModelTest {

  /** Sidecar: 36 CPU s per pod-hour idle + 0.5 CPU s/MiB, 100 MiB held; CronJob: 20 CPU s per cold start + 0.2 s/MiB. */
  private static CostModel model(Prices prices) {
    return new CostModel(prices, new CostModel.Fit(36, 0.5, 2, "test"), new CostModel.Fit(20, 0.2, 2, "test"),
        100 / 1024.0, 200 / 1024.0);
  }

  @Test
  void breakEvenIsWhereBothModesCostTheSame() {
    CostModel m = model(Prices.defaults());
    double rate = 2;       // MiB per pod-hour
    double interval = 300; // a 5-minute freshness target

    double n = m.breakEvenPods(rate, interval);

    assertThat(n).isGreaterThan(1).isFinite();
    assertThat(m.sidecarPerHour(n, rate)).isCloseTo(m.cronjobPerHour(n, rate, interval), within(1e-12));
    assertThat(m.sidecarPerHour(2 * n, rate)).as("above N* the CronJob is cheaper")
        .isGreaterThan(m.cronjobPerHour(2 * n, rate, interval));
    assertThat(m.sidecarPerHour(n / 2, rate)).as("below N* the sidecars are cheaper")
        .isLessThan(m.cronjobPerHour(n / 2, rate, interval));
  }

  @Test
  void aShorterFreshnessTargetNeedsMorePodsToBreakEven() {
    CostModel m = model(Prices.defaults());

    assertThat(m.breakEvenPods(2, 60)).isCloseTo(5 * m.breakEvenPods(2, 300), within(1e-9));
  }

  @Test
  void theSharedVolumesTrafficCanOutweighTheSidecarsIdleCost() {
    // At list prices EFS I/O is 0.09 $/GB: at 20 MiB/h per pod that is more than an idle sidecar costs.
    assertThat(model(Prices.defaults()).breakEvenPods(20, 300)).isInfinite();
  }

  @Test
  void cronJobNeverWinsWhenItsPerMiBCostOutweighsTheSidecarsIdleCost() {
    // Expensive RWX I/O: every MiB through the shared volume costs more than a sidecar saves.
    Prices p = Prices.from(props("rwxWritePerGb", "100"), Prices.defaults());

    assertThat(model(p).breakEvenPods(1000, 300)).isInfinite();
  }

  @Test
  void ingestionIsTheSameInBothModesAndOutsideTheComparison() {
    CostModel m = model(Prices.defaults());

    assertThat(m.ingestPerHour(10, 1024)).isCloseTo(10 * 0.50, within(1e-12));
    assertThat(m.sidecarPerHour(10, 0)).isCloseTo(10 * m.sidecarIdlePerPodHour(), within(1e-15));
  }

  @Test
  void fitsALineThroughTheMeasuredWorkloads() {
    CostModel.Fit f = CostModel.fitOrFallback(List.of(new double[] {10, 7}, new double[] {30, 11},
        new double[] {20, 9}), "sidecar", Double.NaN, Double.NaN);

    assertThat(f.intercept()).isCloseTo(5, within(1e-9));
    assertThat(f.slope()).isCloseTo(0.2, within(1e-9));
    assertThat(f.method()).contains("least-squares");
  }

  @Test
  void withOneWorkloadSplitsARunIntoColdStartAndDrain() {
    CostModel.Fit f = CostModel.fitOrFallback(List.of(new double[] {4, 3}), "CronJob run", Double.NaN, 1.0);

    assertThat(f.intercept()).isEqualTo(1.0);
    assertThat(f.slope()).isCloseTo(0.5, within(1e-12));
    assertThat(f.method()).contains("cold start");
  }

  @Test
  void pricesAreOverridableAndUnknownOrBadKeysAreRejected() {
    Prices p = Prices.from(props("vcpuHour", "0.1"), Prices.defaults());

    assertThat(p.vcpuHour()).isEqualTo(0.1);
    assertThat(p.isDefault("vcpuHour")).isFalse();
    assertThat(p.isDefault("memGibHour")).isTrue();
    assertThat(Prices.KEYS.keySet()).isEqualTo(p.asMap().keySet());
    assertThatThrownBy(() -> Prices.from(props("cpuHour", "1"), Prices.defaults()))
        .hasMessageContaining("unknown price 'cpuHour'");
    assertThatThrownBy(() -> Prices.from(props("vcpuHour", "cheap"), Prices.defaults()))
        .hasMessageContaining("not a number");
    assertThatThrownBy(() -> Prices.from(props("vcpuHour", "-1"), Prices.defaults()))
        .hasMessageContaining("must be >= 0");
  }

  @Test
  void fitsTheCronJobFromEveryRunOnceProcessOfTheSteadyRuns() throws Exception {
    java.nio.file.Path set = java.nio.file.Path.of(getClass().getResource("/results/cluster/2026-11-23-quick").toURI());
    List<ClusterRun> runs = new ClusterResultReader().read(set).items();

    CostModel m = CostModel.fit(runs, List.of(), Prices.defaults());

    // The fixture's runs cost 0.5 CPU s to start and 0.002 CPU s per event of 180 bytes.
    double cpuPerMiB = 0.002 / (180 / (1024.0 * 1024.0));
    assertThat(m.cronjobFit().intercept()).isCloseTo(0.5, within(1e-6));
    assertThat(m.cronjobFit().slope()).isCloseTo(cpuPerMiB, within(1e-3));
    assertThat(m.cronjobFit().method()).contains("run-once process");
    assertThat(m.cronjobRssGiB()).isCloseTo(120000 / 1024.0 / 1024.0, within(1e-9));
  }

  @Test
  void medianAndQuartilesInterpolateBetweenRanks() {
    Spread s = Spread.of(List.of(4.0, 1.0, Double.NaN, 3.0, 2.0));

    assertThat(s.n()).isEqualTo(4);
    assertThat(s.median()).isEqualTo(2.5);
    assertThat(s.min()).isEqualTo(1);
    assertThat(s.max()).isEqualTo(4);
    assertThat(s.q1()).isEqualTo(1.75);
    assertThat(s.q3()).isEqualTo(3.25);
    assertThat(Spread.of(List.of()).present()).isFalse();
  }

  private static Properties props(String k, String v) {
    Properties p = new Properties();
    p.setProperty(k, v);
    return p;
  }
}
