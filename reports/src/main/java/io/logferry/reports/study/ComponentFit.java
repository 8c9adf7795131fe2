package io.logferry.reports.study;

import io.logferry.study.StudyRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Fits the {@link Coefficients} from the component runs of a run set, and bootstraps them: each draw resamples the
 * runs with replacement within each configuration (same mode, pods and rate; same backlog point), so every draw keeps
 * the design of the experiment and only the repetitions' spread varies.
 *
 * <ul>
 *   <li>sidecar: steady CPU per pod-hour = fixed + perMiB x MiB per pod-hour (least squares over the steady windows
 *       whose pod writes: an idle sidecar costs a step less than one that ships anything, about 8 against 20 CPU s/h
 *       in the 20261202T035624Z-full run set, so a line through the idle point under-predicted every logging sidecar
 *       of the end-to-end windows by about 22 %; the idle cost is reported apart, from the rate-0 windows);
 *   <li>DaemonSet: steady CPU per hour = base + perPod x pods + perMiB x MiB per hour, likewise over the windows whose
 *       pods write (8 and 32 pods at 20 lines/s, 8 at 200) when there are three such configurations: fitted through
 *       its idle one-pod point as well, the line under-predicted the end-to-end DaemonSets by 11 to 29 % in the
 *       20261202T035624Z-full run set, worst at one pod;
 *   <li>run-once: CPU (and wall time) per run = fixed + perMiB x MiB + perFile x files (over the backlog runs).
 * </ul>
 *
 * <p>The follow terms come from one shipper's runs ({@code Setup.shipper}): logferry's by default, or a peer's
 * (Fluent Bit's sidecar and DaemonSet measured in the same windows); the run-once terms are always logferry's (the
 * peer has no CronJob mode). Shippers are never pooled.
 */
public final class ComponentFit {

  static final double MIB = 1024.0 * 1024.0;

  private ComponentFit() {}

  /**
   * Lines per second per pod that were written, from the writers' own counts over the window: what the shipper had
   * to ship. The target rate ({@code setup.ratePerPod}) still names the configuration; the bytes come from here. The
   * study's writers process fell far short of its targets in the run sets up to 20261202T035624Z-full (its rotation
   * stat()ed 100,000 names per rotation: 1.05 lines/s per pod written for a target of 20), so a byte axis from the
   * target would put every measured cost at 19x the bytes it shipped.
   */
  public static double linesPerSecondPerPod(StudyRun r) {
    StudyRun.Delivery d = r.outcome().delivery();
    double seconds = r.setup().windowSeconds();
    if (d == null || d.written() <= 0 || seconds <= 0 || r.setup().pods() <= 0) return r.setup().ratePerPod();
    return d.written() / (double) r.setup().pods() / seconds;
  }

  /** The fit with the number of runs behind each group; {@code notes} says what had to fall back. */
  public record Fitted(Coefficients point, Map<String, Integer> n, List<String> notes) {}

  public static Fitted fit(List<StudyRun> runs) {
    return fit(runs, LOGFERRY);
  }

  static final String LOGFERRY = "logferry";

  /** The fit with the follow terms from {@code followShipper}'s runs. */
  public static Fitted fit(List<StudyRun> runs, String followShipper) {
    List<String> notes = new ArrayList<>();
    Groups g = Groups.of(runs, followShipper);
    Coefficients c = fit(g, notes);
    Map<String, Integer> n = new LinkedHashMap<>();
    n.put("sidecar", g.sidecar.size());
    n.put("daemonset", g.daemonset.size());
    n.put("backlog", g.backlog.size());
    return new Fitted(c, n, notes);
  }

  /** {@code draws} bootstrap refits (draws whose design became singular are skipped, so fewer may return). */
  public static List<Coefficients> bootstrap(List<StudyRun> runs, int draws, long seed) {
    return bootstrap(runs, draws, seed, LOGFERRY);
  }

  /** Bootstrap refits with the follow terms from {@code followShipper}'s runs. */
  public static List<Coefficients> bootstrap(List<StudyRun> runs, int draws, long seed, String followShipper) {
    Groups g = Groups.of(runs, followShipper);
    SplittableRandom random = new SplittableRandom(seed);
    List<Coefficients> out = new ArrayList<>();
    for (int i = 0; i < draws; i++) {
      Groups r = new Groups(resample(g.sidecar, ComponentFit::steadyKey, random),
          resample(g.daemonset, ComponentFit::steadyKey, random),
          resample(g.backlog, ComponentFit::backlogKey, random));
      try {
        out.add(fit(r, new ArrayList<>()));
      } catch (RuntimeException e) {
        // a singular resample: skipped
      }
    }
    return out;
  }

  record Groups(List<StudyRun> sidecar, List<StudyRun> daemonset, List<StudyRun> backlog) {
    static Groups of(List<StudyRun> runs, String followShipper) {
      List<StudyRun> sc = new ArrayList<>();
      List<StudyRun> ds = new ArrayList<>();
      List<StudyRun> bl = new ArrayList<>();
      for (StudyRun r : runs) {
        if (followShipper.equals(r.setup().shipper()) && r.kind().equals("steady")
            && r.outcome().cost().cpuSecondsPerPodHour() != null) {
          if (r.setup().mode().equals("sidecar")) sc.add(r);
          if (r.setup().mode().equals("daemonset")) ds.add(r);
        }
        if (LOGFERRY.equals(r.setup().shipper()) && r.kind().equals("backlog") && r.outcome().cronRuns().size() == 1
            && r.outcome().cronRuns().get(0).exitCode() == 0) {
          bl.add(r);
        }
      }
      return new Groups(sc, ds, bl);
    }
  }

  static String steadyKey(StudyRun r) {
    return r.setup().mode() + "/" + r.setup().pods() + "/" + r.setup().ratePerPod();
  }

  static String backlogKey(StudyRun r) {
    return r.setup().backlogFiles() + "/" + r.setup().backlogBytes() / (1 << 20);
  }

  static List<StudyRun> resample(List<StudyRun> runs, Function<StudyRun, String> key, SplittableRandom random) {
    Map<String, List<StudyRun>> strata = new LinkedHashMap<>();
    for (StudyRun r : runs) strata.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
    List<StudyRun> out = new ArrayList<>();
    for (List<StudyRun> s : strata.values()) {
      for (int i = 0; i < s.size(); i++) out.add(s.get(random.nextInt(s.size())));
    }
    return out;
  }

  /** MiB per pod-hour the shipper had to ship (written lines, not the target rate). */
  public static double mibPerPodHour(StudyRun r) {
    return linesPerSecondPerPod(r) * r.setup().lineBytes() * 3600 / MIB;
  }

  private static Coefficients fit(Groups g, List<String> notes) {
    if (g.sidecar.size() < 3 || g.daemonset.size() < 3 || g.backlog.size() < 4) {
      throw new IllegalArgumentException("too few component runs to fit: sidecar " + g.sidecar.size()
          + ", DaemonSet " + g.daemonset.size() + ", backlog " + g.backlog.size());
    }
    // Sidecar: per pod-hour vs MiB per pod-hour.
    List<StudyRun> logging = g.sidecar.stream().filter(r -> r.setup().ratePerPod() > 0).toList();
    List<StudyRun> scFit = logging.size() >= 3 ? logging : g.sidecar;
    if (scFit == g.sidecar) notes.add("sidecar CPU fitted through its idle windows too: fewer than 3 logging ones");
    double[] sc = ols(scFit, r -> new double[] {mibPerPodHour(r)}, r -> r.outcome().cost().cpuSecondsPerPodHour());
    double scRss = median(g.sidecar.stream().mapToDouble(r -> r.outcome().cost().meanRssMiBTotal() / r.setup().pods()).toArray());
    // DaemonSet: per process-hour vs pods and MiB per hour, over the windows whose pods write (as the sidecar's).
    List<StudyRun> dsLogging = g.daemonset.stream().filter(r -> r.setup().ratePerPod() > 0).toList();
    boolean loggingSuffices = dsLogging.stream().map(ComponentFit::steadyKey).distinct().count() >= 3
        && dsLogging.stream().mapToInt(r -> r.setup().pods()).distinct().count() > 1;
    List<StudyRun> dsFit = loggingSuffices ? dsLogging : g.daemonset;
    if (!loggingSuffices) notes.add("DaemonSet CPU fitted through its idle windows too: fewer than 3 logging configurations");
    double[] ds;
    boolean podsVary = dsFit.stream().mapToInt(r -> r.setup().pods()).distinct().count() > 1;
    if (podsVary) {
      ds = ols(dsFit, r -> new double[] {r.setup().pods(), r.setup().pods() * mibPerPodHour(r)},
          r -> r.outcome().cost().cpuSecondsPerPodHour() * r.setup().pods());
    } else {
      double[] two = ols(dsFit, r -> new double[] {r.setup().pods() * mibPerPodHour(r)},
          r -> r.outcome().cost().cpuSecondsPerPodHour() * r.setup().pods());
      ds = new double[] {two[0], 0, two[1]};
      notes.add("DaemonSet runs all watched the same number of pods: the per-pod term is 0 and folded into the base");
    }
    double dsRss = median(g.daemonset.stream().mapToDouble(r -> r.outcome().cost().meanRssMiBTotal()).toArray());
    // Run-once: per run vs MiB and files.
    Function<StudyRun, double[]> x = r -> new double[] {r.setup().backlogBytes() / MIB, r.setup().backlogFiles()};
    double[] cpu = ols(g.backlog, x, r -> r.outcome().cronRuns().get(0).cpuSeconds());
    double[] wall = ols(g.backlog, x, r -> r.outcome().cronRuns().get(0).wallSeconds());
    double cronRss = median(g.backlog.stream().mapToDouble(r -> r.outcome().cost().meanRssMiBTotal()).toArray());
    double scP95 = median(g.sidecar.stream().filter(r -> r.setup().ratePerPod() > 0 && r.outcome().freshness().count() > 0)
        .mapToDouble(r -> r.outcome().freshness().p95Ms() / 1000.0).toArray());
    double dsP95 = median(g.daemonset.stream().filter(r -> r.setup().ratePerPod() > 0 && r.outcome().freshness().count() > 0)
        .mapToDouble(r -> r.outcome().freshness().p95Ms() / 1000.0).toArray());
    return new Coefficients(sc[0], sc[1], scRss, ds[0], ds[1], ds[2], dsRss, cpu[0], cpu[1], cpu[2], wall[0], wall[1],
        wall[2], cronRss, scP95, dsP95);
  }

  /** Least squares with an intercept: {intercept, slopes...}. */
  static double[] ols(List<StudyRun> runs, Function<StudyRun, double[]> x, Function<StudyRun, Double> y) {
    double[][] xs = new double[runs.size()][];
    double[] ys = new double[runs.size()];
    for (int i = 0; i < runs.size(); i++) {
      xs[i] = x.apply(runs.get(i));
      ys[i] = y.apply(runs.get(i));
    }
    OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
    ols.newSampleData(ys, xs);
    return ols.estimateRegressionParameters();
  }

  static double median(double[] v) {
    if (v.length == 0) return Double.NaN;
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
