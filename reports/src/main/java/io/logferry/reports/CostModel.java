package io.logferry.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns measured CPU and memory into dollars per hour for both modes, and finds the break-even.
 *
 * <pre>
 * sidecar $/h  = pods × (idle $/pod-h + c_sc × r)                        r = MiB/h per pod
 *   idle $/pod-h = idleCpu s/pod-h / 3600 × vCPU-h + peak RSS GiB × GiB-h   (the sidecar holds its memory all hour)
 *   c_sc         = CPU s per MiB / 3600 × vCPU-h
 * cronjob $/h  = runs/h × fixed $/run + (c_cj + rwx_io + rwx_store) × pods × r
 *   runs/h       = 3600 / interval,  interval ≈ freshness target F
 *   fixed $/run  = cold-start CPU s / 3600 × vCPU-h + cold-start wall s / 3600 × peak RSS GiB × GiB-h
 *   c_cj         = drain CPU s per MiB / 3600 × vCPU-h + drain wall s per MiB / 3600 × peak RSS GiB × GiB-h
 *   rwx_io       = (EFS write + EFS read $/GB) / 1024,  rwx_store = retention h × EFS $/GB-month / 730 / 1024
 * ingestion $/h = pods × r / 1024 × CloudWatch $/GB                      (identical in both modes)
 * break-even pods N*(r, F) = (3600/F × fixed $/run) / (idle $/pod-h + (c_sc − c_cj − rwx_io − rwx_store) × r)
 * </pre>
 *
 * The coefficients come from the steady-state runs: a least-squares line through (MiB, CPU s) per pod-hour for the
 * sidecar and per run for the CronJob when the runs span at least two workloads; otherwise the fallback named in
 * {@link Fit#method()}.
 */
public final class CostModel {

  private static final double MIB_PER_GIB = 1024;

  /** How a line CPU = intercept + slope × MiB was obtained, for the report's method section. */
  public record Fit(double intercept, double slope, int points, String method) {}

  private final Prices prices;
  private final Fit sidecar;
  private final Fit cronjob;
  private final Fit cronjobWall;
  private final double sidecarRssGiB;
  private final double cronjobRssGiB;

  CostModel(Prices prices, Fit sidecar, Fit cronjob, double sidecarRssGiB, double cronjobRssGiB) {
    this(prices, sidecar, cronjob, cronjob, sidecarRssGiB, cronjobRssGiB);
  }

  /**
   * @param cronjobWall wall seconds of a run vs MiB (how long its memory is held); the CPU fit stands in for it when
   *     the runs did not record wall time per run (one core busy while running)
   */
  CostModel(Prices prices, Fit sidecar, Fit cronjob, Fit cronjobWall, double sidecarRssGiB, double cronjobRssGiB) {
    this.prices = prices;
    this.sidecar = sidecar;
    this.cronjob = cronjob;
    this.cronjobWall = cronjobWall;
    this.sidecarRssGiB = sidecarRssGiB;
    this.cronjobRssGiB = cronjobRssGiB;
  }

  /** Fits the model to the steady-state runs; process results supply CPU per GiB when the runs cannot. */
  public static CostModel fit(List<ClusterRun> runs, List<ProcessResult> process, Prices prices) {
    List<double[]> sc = new ArrayList<>();
    List<Double> scRss = new ArrayList<>();
    List<double[]> cj = new ArrayList<>();
    List<double[]> cjPerRun = new ArrayList<>();
    List<double[]> cjWallPerRun = new ArrayList<>();
    List<Double> cjRss = new ArrayList<>();
    List<Double> coldStarts = new ArrayList<>();
    for (ClusterRun r : runs) {
      if (!r.steady() || !(r.durationSeconds() > 0) || r.pods() < 1) continue;
      if (ClusterRun.SIDECAR.equals(r.mode())) {
        double x = r.mibPerPodHour();
        // The steady-state figure leaves out the sidecar's boot, paid once per pod lifetime, not every hour.
        double y = finite(r.steadyCpuSecondsPerPodHour()) ? r.steadyCpuSecondsPerPodHour()
            : r.cpuSecondsPerPod() / r.durationSeconds() * 3600;
        if (finite(x) && finite(y)) sc.add(new double[] {x, y});
        scRss.add(r.rssPeakMiBPerPod() / MIB_PER_GIB);
      } else if (ClusterRun.CRONJOB.equals(r.mode())) {
        // Every run-once is a point of its own: the cold run (nothing to ship) pins the fixed cost directly.
        for (ClusterRun.CronRun run : r.cronRuns()) {
          if (run.exitCode() != 0 || !finite(run.mib()) || !finite(run.cpuSeconds())) continue;
          cjPerRun.add(new double[] {run.mib(), run.cpuSeconds()});
          if (finite(run.wallSeconds())) cjWallPerRun.add(new double[] {run.mib(), run.wallSeconds()});
        }
        double runsCount = r.runs() > 0 ? r.runs() : r.durationSeconds() / r.intervalSeconds();
        double x = r.putLogEventsMiB() / runsCount;
        double y = finite(r.runCpuSeconds()) ? r.runCpuSeconds() : r.cpuSecondsTotal() / runsCount;
        if (finite(x) && finite(y)) cj.add(new double[] {x, y});
        cjRss.add(r.rssPeakMiBTotal() / MIB_PER_GIB);
        coldStarts.addAll(r.coldStartSeconds());
      }
    }
    double processCpuPerMiB = Spread.of(shippingLike(process).stream().map(p -> p.cpuSecondsPerGiB() / MIB_PER_GIB)
        .toList()).median();
    Fit sidecarFit = fitOrFallback(sc, "sidecar workload (steady CPU s per pod-hour)", processCpuPerMiB, Double.NaN);
    boolean perRun = cjPerRun.size() >= 3;
    Fit cronFit = fitOrFallback(perRun ? cjPerRun : cj, perRun ? "run-once process (CPU s)" : "CronJob run (CPU s)",
        processCpuPerMiB, Spread.of(coldStarts).median());
    Fit wallFit = cjWallPerRun.size() >= 3
        ? fitOrFallback(cjWallPerRun, "run-once process (wall s)", Double.NaN, Spread.of(coldStarts).median())
        : cronFit;
    return new CostModel(prices, sidecarFit, cronFit, wallFit, zeroIfNaN(Spread.of(scRss).median()),
        zeroIfNaN(Spread.of(cjRss).median()));
  }

  /**
   * The whole-process runs closest to real shipping: the endpoint sink (requests are built and sent) rather than the
   * null sink, and the full profile rather than the quick one, when there are such runs.
   */
  static List<ProcessResult> shippingLike(List<ProcessResult> process) {
    List<ProcessResult> p = process;
    List<ProcessResult> endpoint = p.stream().filter(r -> r.sink().equals("endpoint")).toList();
    if (!endpoint.isEmpty()) p = endpoint;
    List<ProcessResult> full = p.stream().filter(r -> r.profile().equals("full")).toList();
    return full.isEmpty() ? p : full;
  }

  static Fit fitOrFallback(List<double[]> points, String what, double processCpuPerMiB, double coldStartSeconds) {
    if (points.isEmpty()) return new Fit(0, 0, 0, "no steady " + what + " runs: cost taken as 0");
    double distinct = points.stream().mapToDouble(p -> p[0]).distinct().count();
    if (distinct >= 2) {
      Fit f = leastSquares(points);
      if (f.intercept() >= 0 && f.slope() >= 0) {
        return new Fit(f.intercept(), f.slope(), points.size(), String.format(Locale.ROOT,
            "least-squares line through %d %s points (y vs MiB)", points.size(), what));
      }
    }
    String why = distinct >= 2 ? "the least-squares line had a negative intercept or slope (noise)"
        : "one workload only";
    double medX = Spread.of(points.stream().map(p -> p[0]).toList()).median();
    double medY = Spread.of(points.stream().map(p -> p[1]).toList()).median();
    if (finite(coldStartSeconds) && coldStartSeconds <= medY) {
      double slope = medX > 0 ? Math.max(0, (medY - coldStartSeconds) / medX) : 0;
      return new Fit(coldStartSeconds, slope, points.size(), String.format(Locale.ROOT,
          "%s: fixed part = median cold start (%.2f s); per-MiB part = the rest of the median run", why,
          coldStartSeconds));
    }
    if (finite(processCpuPerMiB) && medX > 0) {
      double intercept = Math.max(0, medY - processCpuPerMiB * medX);
      return new Fit(intercept, processCpuPerMiB, points.size(), String.format(Locale.ROOT,
          "%s: per-MiB CPU from the whole-process benchmark (%.3f s/MiB, endpoint sink); fixed part = the measured "
              + "rest", why, processCpuPerMiB));
    }
    return new Fit(0, medX > 0 ? medY / medX : 0, points.size(),
        why + " and nothing to split it: all of it attributed to the MiB shipped (fixed part 0)");
  }

  static Fit leastSquares(List<double[]> pts) {
    double n = pts.size();
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (double[] p : pts) {
      sx += p[0];
      sy += p[1];
      sxx += p[0] * p[0];
      sxy += p[0] * p[1];
    }
    double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    double intercept = (sy - slope * sx) / n;
    return new Fit(intercept, slope, pts.size(), "least squares");
  }

  /** The same measured coefficients at other prices (for sensitivity tables). */
  public CostModel withPrices(Prices other) {
    return new CostModel(other, sidecar, cronjob, cronjobWall, sidecarRssGiB, cronjobRssGiB);
  }

  public Prices prices() {
    return prices;
  }

  public Fit sidecarFit() {
    return sidecar;
  }

  public Fit cronjobFit() {
    return cronjob;
  }

  public double sidecarRssGiB() {
    return sidecarRssGiB;
  }

  public double cronjobRssGiB() {
    return cronjobRssGiB;
  }

  /** $ per hour one idle sidecar costs: its baseline CPU plus the memory it holds all hour. */
  public double sidecarIdlePerPodHour() {
    return sidecar.intercept() / 3600 * prices.vcpuHour() + sidecarRssGiB * prices.memGibHour();
  }

  /** $ per MiB a sidecar spends shipping. */
  public double sidecarPerMiB() {
    return sidecar.slope() / 3600 * prices.vcpuHour();
  }

  /** $ per CronJob run before it ships anything: the cold start, with its memory held meanwhile. */
  public double cronjobFixedPerRun() {
    return cronjob.intercept() / 3600 * prices.vcpuHour()
        + cronjobWall.intercept() / 3600 * cronjobRssGiB * prices.memGibHour();
  }

  /** $ per MiB a CronJob run spends draining. */
  public double cronjobPerMiB() {
    return cronjob.slope() / 3600 * prices.vcpuHour() + cronjobWall.slope() / 3600 * cronjobRssGiB * prices.memGibHour();
  }

  public Fit cronjobWallFit() {
    return cronjobWall;
  }

  /** $ per MiB moved through the RWX volume (written by the app, read by the CronJob). */
  public double rwxIoPerMiB() {
    return (prices.rwxWritePerGb() + prices.rwxReadPerGb()) / MIB_PER_GIB;
  }

  /** $ per hour of storage each MiB/h of log rate keeps on the RWX volume. */
  public double rwxStoragePerMiBHour() {
    return prices.rwxRetentionHours() * prices.rwxGbMonth() / Prices.HOURS_PER_MONTH / MIB_PER_GIB;
  }

  public double ingestPerHour(int pods, double mibPerPodHour) {
    return pods * mibPerPodHour / MIB_PER_GIB * prices.ingestPerGb();
  }

  /** The modelled compute cost of sidecars, without ingestion. */
  public double sidecarPerHour(double pods, double mibPerPodHour) {
    return pods * (sidecarIdlePerPodHour() + sidecarPerMiB() * mibPerPodHour);
  }

  /** The modelled compute + RWX cost of one CronJob every {@code intervalSeconds}, without ingestion. */
  public double cronjobPerHour(double pods, double mibPerPodHour, double intervalSeconds) {
    return 3600 / intervalSeconds * cronjobFixedPerRun()
        + (cronjobPerMiB() + rwxIoPerMiB() + rwxStoragePerMiBHour()) * pods * mibPerPodHour;
  }

  /** The RWX part of {@link #cronjobPerHour}. */
  public double rwxPerHour(double pods, double mibPerPodHour) {
    return (rwxIoPerMiB() + rwxStoragePerMiBHour()) * pods * mibPerPodHour;
  }

  /**
   * The pod count above which one CronJob every {@code intervalSeconds} is cheaper than a sidecar per pod, or
   * +∞ when the CronJob never wins at this rate (its per-MiB cost outweighs the sidecar's idle cost).
   */
  public double breakEvenPods(double mibPerPodHour, double intervalSeconds) {
    double perPodSaving = sidecarIdlePerPodHour()
        + (sidecarPerMiB() - cronjobPerMiB() - rwxIoPerMiB() - rwxStoragePerMiBHour()) * mibPerPodHour;
    if (perPodSaving <= 0) return Double.POSITIVE_INFINITY;
    return 3600 / intervalSeconds * cronjobFixedPerRun() / perPodSaving;
  }

  /**
   * What one measured run costs per hour at these prices, straight from its own figures (not the fitted line):
   * compute = steady CPU s per hour × vCPU-h; memory = peak RSS (sidecars hold it all hour; a CronJob run for its
   * wall time); plus RWX for the CronJob and ingestion for both.
   */
  public Map<String, Double> measuredPerHour(ClusterRun r) {
    Map<String, Double> m = new LinkedHashMap<>();
    double hours = r.durationSeconds() / 3600;
    // Steady state, as a long-lived deployment pays it: the producer's figure leaves out the sidecar's boot (paid
    // once per pod lifetime, not per hour) and scales the CronJob's mean run to the runs an hour of its interval
    // (a short scenario has an extra cold and final run that the hour does not).
    double cpuSecondsPerHour = finite(r.steadyCpuSecondsPerPodHour())
        ? r.steadyCpuSecondsPerPodHour() * r.pods()
        : r.cpuSecondsTotal() / hours;
    double cpu = cpuSecondsPerHour / 3600 * prices.vcpuHour();
    double mem;
    double rwx = 0;
    double mibPerPodHour = r.mibPerPodHour();
    if (ClusterRun.CRONJOB.equals(r.mode())) {
      double rssGiB = r.rssPeakMiBTotal() / MIB_PER_GIB;
      // A Job pod holds (requests) its peak for as long as it lives: mean run wall time × runs an hour.
      double alivePerHour;
      if (finite(r.processSeconds()) && r.runs() > 0 && r.intervalSeconds() > 0) {
        alivePerHour = r.processSeconds() / r.runs() * 3600 / r.intervalSeconds();
      } else if (finite(r.processSeconds())) {
        alivePerHour = r.processSeconds() / hours;
      } else {
        alivePerHour = cpuSecondsPerHour;
      }
      mem = alivePerHour / 3600 * rssGiB * prices.memGibHour();
      rwx = rwxPerHour(r.pods(), mibPerPodHour);
    } else {
      mem = r.rssPeakMiBTotal() / MIB_PER_GIB * prices.memGibHour();
    }
    m.put("cpu", cpu);
    m.put("memory", mem);
    m.put("rwx", rwx);
    m.put("ingestion", ingestPerHour(r.pods(), mibPerPodHour));
    m.put("total", cpu + mem + rwx + m.get("ingestion"));
    return m;
  }

  private static boolean finite(double d) {
    return !Double.isNaN(d) && !Double.isInfinite(d);
  }

  private static double zeroIfNaN(double d) {
    return Double.isNaN(d) ? 0 : d;
  }
}
