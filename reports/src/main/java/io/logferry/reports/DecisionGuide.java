package io.logferry.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which mode wins, for the measured workloads, on cost, on freshness and on loss risk; and where the CronJob becomes
 * cheaper than per-pod sidecars for a freshness target (see {@link CostModel} for the formula).
 */
public final class DecisionGuide {

  /** One measured steady workload: the sidecar against one CronJob interval. */
  public record Verdict(
      String workload,
      String cronjob,
      double mibPerPodHour,
      double sidecarUsdPerHour,
      double cronjobUsdPerHour,
      double cronjobWithoutRwxUsdPerHour,
      String cheaper,
      double sidecarP95Seconds,
      double cronjobP95Seconds,
      String fresher) {}

  /** One fault scenario: lines lost and duplicated in each mode (medians over repetitions). */
  public record FaultOutcome(
      String fault, double sidecarLost, double sidecarDuplicated, double cronjobLost, double cronjobDuplicated,
      String safer) {}

  /** The pods at which one CronJob every {@code freshnessTargetSeconds} costs what the sidecars cost. */
  public record BreakEven(double freshnessTargetSeconds, double mibPerPodHour, double pods) {}

  private final List<Verdict> verdicts;
  private final List<FaultOutcome> faults;
  private final List<BreakEven> breakEvens;

  private DecisionGuide(List<Verdict> verdicts, List<FaultOutcome> faults, List<BreakEven> breakEvens) {
    this.verdicts = verdicts;
    this.faults = faults;
    this.breakEvens = breakEvens;
  }

  public static DecisionGuide of(
      List<ClusterRun> runs, CostModel model, List<Double> freshnessTargetsSeconds, List<Double> mibPerPodHourRates) {
    List<RunGroup> groups = RunGroup.of(runs);
    List<Verdict> verdicts = new ArrayList<>();
    for (RunGroup sc : groups) {
      if (!sc.first().steady() || !ClusterRun.SIDECAR.equals(sc.mode())) continue;
      for (RunGroup cj : groups) {
        if (!cj.first().steady() || !ClusterRun.CRONJOB.equals(cj.mode())) continue;
        if (cj.first().pods() != sc.first().pods() || cj.first().ratePerPod() != sc.first().ratePerPod()) continue;
        // Ingestion is the same bytes in both modes: compare without it so rounding of equal sums cannot decide.
        double scCost = sc.median(r -> model.measuredPerHour(r).get("total") - model.measuredPerHour(r).get("ingestion"));
        double cjCost = cj.median(r -> model.measuredPerHour(r).get("total") - model.measuredPerHour(r).get("ingestion"));
        double cjNoRwx = cj.median(r -> model.measuredPerHour(r).get("cpu") + model.measuredPerHour(r).get("memory"));
        double scP95 = sc.median(r -> r.freshness().p95());
        double cjP95 = cj.median(r -> r.freshness().p95());
        verdicts.add(new Verdict(sc.workload(), cj.modeLabel(), sc.median(ClusterRun::mibPerPodHour),
            scCost, cjCost, cjNoRwx, lower(scCost, cjCost, "sidecar", "cronjob"), scP95, cjP95,
            lower(scP95, cjP95, "sidecar", "cronjob")));
      }
    }

    Map<String, double[]> byFault = new LinkedHashMap<>();
    for (RunGroup g : groups) {
      if (g.first().steady()) continue;
      double[] v = byFault.computeIfAbsent(g.first().fault(), k -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN});
      int at = ClusterRun.SIDECAR.equals(g.mode()) ? 0 : ClusterRun.CRONJOB.equals(g.mode()) ? 2 : -1;
      if (at < 0) continue;
      v[at] = g.median(ClusterRun::linesLost);
      v[at + 1] = g.median(ClusterRun::linesDuplicated);
    }
    List<FaultOutcome> faults = new ArrayList<>();
    byFault.forEach((fault, v) -> faults.add(new FaultOutcome(fault, v[0], v[1], v[2], v[3],
        saferOf(v[0], v[1], v[2], v[3]))));

    List<BreakEven> be = new ArrayList<>();
    for (double f : freshnessTargetsSeconds) {
      for (double r : mibPerPodHourRates) be.add(new BreakEven(f, r, model.breakEvenPods(r, f)));
    }
    return new DecisionGuide(List.copyOf(verdicts), List.copyOf(faults), List.copyOf(be));
  }

  public List<Verdict> verdicts() {
    return verdicts;
  }

  public List<FaultOutcome> faults() {
    return faults;
  }

  public List<BreakEven> breakEvens() {
    return breakEvens;
  }

  /** Lost lines weigh more than duplicates (a duplicate is visible and removable, a loss is not). */
  static String saferOf(double scLost, double scDup, double cjLost, double cjDup) {
    if (Double.isNaN(scLost) || Double.isNaN(cjLost)) {
      return Double.isNaN(scLost) && Double.isNaN(cjLost) ? "—" : Double.isNaN(scLost) ? "cronjob only" : "sidecar only";
    }
    if (scLost != cjLost) return scLost < cjLost ? "sidecar" : "cronjob";
    double sd = Double.isNaN(scDup) ? 0 : scDup;
    double cd = Double.isNaN(cjDup) ? 0 : cjDup;
    if (sd != cd) return sd < cd ? "sidecar" : "cronjob";
    return "tie";
  }

  private static String lower(double a, double b, String an, String bn) {
    if (Double.isNaN(a) || Double.isNaN(b)) return "—";
    if (a == b) return "tie";
    return a < b ? an : bn;
  }
}
