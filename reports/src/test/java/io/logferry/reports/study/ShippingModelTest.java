package io.logferry.reports.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShippingModelTest {

  /** Round numbers of the order the study measures. */
  static final Coefficients C = new Coefficients(20, 0.5, 90, 20, 1, 0.5, 100, 2.5, 0.2, 0.001, 1.5, 0.05, 0.0005,
      80, 2, 2);
  static final Map<String, Double> P = Parameters.defaults();

  static ShippingModel.ModeResult mode(List<ShippingModel.ModeResult> rs, String mode) {
    return rs.stream().filter(r -> r.mode().equals(mode)).findFirst().orElseThrow();
  }

  @Test
  void sidecarCostIsPerPodIdlePlusPerMiB() {
    var sc = mode(ShippingModel.evaluate(C, P, 10, 4, 600, "usage"), "sidecar");
    assertThat(sc.cpuSecondsPerHour()).isCloseTo(10 * (20 + 0.5 * 4), within(1e-9));
    double expected = 220 / 3600.0 * P.get("vcpuHour") + 10 * 90 / 1024.0 * P.get("memGibHour");
    assertThat(sc.dollarsPerHour()).isCloseTo(expected, within(1e-12));
  }

  @Test
  void cronJobCannotMeetATargetBelowAMinute() {
    var rs = ShippingModel.evaluate(C, P, 10, 4, 30, "usage");
    for (String m : List.of("cronjob-efs-elastic", "cronjob-efs-bursting", "cronjob-hostpath")) {
      assertThat(mode(rs, m).meets()).as(m).isFalse();
    }
    assertThat(mode(rs, "sidecar").meets()).isTrue();
  }

  @Test
  void cronJobPicksTheLongestMinuteIntervalThatMeetsTheTarget() {
    var cj = mode(ShippingModel.evaluate(C, P, 10, 4, 600, "usage"), "cronjob-hostpath");
    assertThat(cj.intervalSeconds() % 60).isZero();
    assertThat(cj.p95Seconds()).isLessThanOrEqualTo(600);
    assertThat(0.95 * (cj.intervalSeconds() + 60) + P.get("jobOverheadSeconds") + C.cronFixedWall()).isGreaterThan(600);
  }

  @Test
  void aCronJobShardsWhenOneRunCannotDrainItsBacklogInTime() {
    var small = mode(ShippingModel.evaluate(C, P, 10, 10, 600, "usage"), "cronjob-efs-elastic");
    var huge = mode(ShippingModel.evaluate(C, P, 10_000, 100, 600, "usage"), "cronjob-efs-elastic");
    assertThat(small.shards()).isEqualTo(1);
    assertThat(huge.shards()).isGreaterThan(1);
  }

  @Test
  void efsElasticPaysPerGigabyteWrittenAndRead() {
    var rs = ShippingModel.evaluate(C, P, 100, 100, 600, "usage");
    double diff = mode(rs, "cronjob-efs-elastic").dollarsPerHour() - mode(rs, "cronjob-efs-bursting").dollarsPerHour();
    assertThat(diff).isCloseTo(100 * 100 / 1024.0 * (P.get("efsWritePerGb") + P.get("efsReadPerGb")), within(1e-9));
  }

  @Test
  void breakEvenIsTheFirstPodCountAtWhichTheModeIsNoDearer() {
    double n = ShippingModel.breakEven(C, P, "daemonset", 10, 600, "usage");
    assertThat(n).isGreaterThanOrEqualTo(1);
    var at = ShippingModel.evaluate(C, P, n, 10, 600, "usage");
    assertThat(mode(at, "daemonset").dollarsPerHour()).isLessThanOrEqualTo(mode(at, "sidecar").dollarsPerHour());
    if (n > 1) {
      var before = ShippingModel.evaluate(C, P, n - 1, 10, 600, "usage");
      assertThat(mode(before, "daemonset").dollarsPerHour()).isGreaterThan(mode(before, "sidecar").dollarsPerHour());
    }
  }

  @Test
  void requestsBasisPricesWhatKubernetesReserves() {
    var sc = mode(ShippingModel.evaluate(C, P, 10, 4, 600, "requests"), "sidecar");
    assertThat(sc.dollarsPerHour()).isCloseTo(
        10 * (P.get("sidecarCpuRequest") * P.get("vcpuHour") + P.get("sidecarMemRequestMiB") / 1024.0 * P.get("memGibHour")),
        within(1e-12));
    // The manifest's requests (k8s-sidecar/deploy/kustomize/base/logferry-sidecar.yaml), not a guess.
    assertThat(P.get("sidecarCpuRequest")).isEqualTo(0.02);
    assertThat(P.get("sidecarMemRequestMiB")).isEqualTo(96.0);
  }

  @Test
  void coefficientsSurviveTheirMapForm() {
    assertThat(Coefficients.fromMap(C.asMap())).isEqualTo(C);
  }
}
