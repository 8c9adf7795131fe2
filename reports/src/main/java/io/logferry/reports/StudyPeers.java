package io.logferry.reports;

import io.logferry.reports.study.Coefficients;
import io.logferry.reports.study.ComponentFit;
import io.logferry.reports.study.ShippingModel;
import io.logferry.study.StudyRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The study's peers beside logferry: Fluent Bit's sidecar and DaemonSet measured in the same steady windows (same
 * writers process, endpoint over HTTPS, /proc method and warm-up split). Compares configuration by configuration,
 * with ratios paired by window (both shippers in the same minutes of machine load), and says what the peer changes in
 * the answer: the break-even of logferry's DaemonSet against a Fluent Bit sidecar, with its bootstrap interval.
 */
final class StudyPeers {

  static final String LOGFERRY = "logferry";
  static final String FLUENT_BIT = "fluent-bit";
  /** The freshness target of the peer's cost comparison: loose enough that every follow mode meets it. */
  static final double COST_ONLY_TARGET_SECONDS = 600;

  private final List<StudyRun> runs;
  private final Map<String, Double> params;
  private final Coefficients logferry;
  private final List<Coefficients> logferryDraws;
  private final ComponentFit.Fitted peer;
  private final List<Coefficients> peerDraws;
  private final String peerError;

  StudyPeers(List<StudyRun> runs, Map<String, Double> params, Coefficients logferry, List<Coefficients> logferryDraws,
      int draws, long seed) {
    this.runs = runs;
    this.params = params;
    this.logferry = logferry;
    this.logferryDraws = logferryDraws;
    ComponentFit.Fitted fitted = null;
    List<Coefficients> d = List.of();
    String error = null;
    if (has(FLUENT_BIT)) {
      try {
        fitted = ComponentFit.fit(runs, FLUENT_BIT);
        d = ComponentFit.bootstrap(runs, draws, seed, FLUENT_BIT);
      } catch (RuntimeException e) {
        error = e.getMessage();
      }
    }
    this.peer = fitted;
    this.peerDraws = d;
    this.peerError = error;
  }

  boolean has(String shipper) {
    return runs.stream().anyMatch(r -> shipper.equals(r.setup().shipper()) && r.kind().equals("steady"));
  }

  /** Steady runs of one shipper. */
  private List<StudyRun> steady(String shipper) {
    return runs.stream().filter(r -> r.kind().equals("steady") && shipper.equals(r.setup().shipper())).toList();
  }

  static String key(StudyRun r) {
    return r.setup().mode() + "/" + r.setup().pods() + "/" + Fmt.num(r.setup().ratePerPod());
  }

  /** The answer's sentence on the peer (always present: without a peer it says that none was measured). */
  String answerSentence() {
    if (!has(FLUENT_BIT)) {
      return "**Peer:** none in this run set (no Fluent Bit binary was given), so the answer is logferry's alone.";
    }
    if (peer == null) {
      return "**Peer:** Fluent Bit ran beside logferry, but too few of its runs to fit its components (" + peerError
          + "); its measurements are in \"Peers\".";
    }
    Coefficients fb = peer.point();
    Coefficients mixed = logferry.withSidecarOf(fb);
    // A pure cost question: F = 10 min, which both follow modes meet, so only what they cost decides.
    double f = COST_ONLY_TARGET_SECONDS;
    double n = ShippingModel.breakEven(mixed, params, "daemonset", 10, f, "usage");
    double own = ShippingModel.breakEven(logferry, params, "daemonset", 10, f, "usage");
    double fbOnly = ShippingModel.breakEven(mixed.withDaemonSetOf(fb), params, "daemonset", 10, f, "usage");
    String ci = interval(i -> ShippingModel.breakEven(
        logferryDraws.get(i).withSidecarOf(peerDraws.get(i)), params, "daemonset", 10, f, "usage"));
    boolean lessCpu = fb.sidecarFixedCpuPerHour() < logferry.sidecarFixedCpuPerHour();
    boolean lessRss = fb.sidecarRssMiB() < logferry.sidecarRssMiB();
    String lighter = lessCpu && lessRss ? "a lighter sidecar"
        : lessRss ? "a sidecar lighter in memory and heavier in CPU"
        : lessCpu ? "a sidecar lighter in CPU and heavier in memory" : "a heavier sidecar";
    String verdict;
    if (Double.isNaN(n) && Double.isNaN(own)) {
      verdict = "as with logferry's own sidecar, logferry's DaemonSet does not break even within 1-100,000 pods.";
    } else if (Double.isNaN(n)) {
      verdict = "**the verdict changes**: against Fluent Bit sidecars logferry's DaemonSet is cheaper at no N in "
          + "1-100,000 (with logferry's own sidecar: from N = " + nstar(own) + ").";
    } else {
      verdict = "the verdict holds: a node DaemonSet still beats a sidecar per pod once a node runs enough pods, from "
          + "N = " + nstar(n) + " (95 % interval " + ci + ")" + (nstar(n).equals(nstar(own)) ? ", as with"
          : " instead of N = " + nstar(own) + " with") + " logferry's own sidecar.";
    }
    return String.format(Locale.ROOT,
        "**With Fluent Bit as the sidecar** (measured beside logferry in the same windows: fixed %s CPU s/h and %s MiB "
            + "per logging pod against logferry's %s and %s, %s; 10 MiB/h per pod, priced by usage, freshness "
            + "left out as both follow modes ship within seconds), %s A Fluent Bit DaemonSet against Fluent Bit "
            + "sidecars breaks even at N = %s.",
        Fmt.num(fb.sidecarFixedCpuPerHour()), Fmt.num(fb.sidecarRssMiB()), Fmt.num(logferry.sidecarFixedCpuPerHour()),
        Fmt.num(logferry.sidecarRssMiB()), lighter, verdict, nstar(fbOnly));
  }

  private String interval(java.util.function.IntToDoubleFunction f) {
    int m = Math.min(logferryDraws.size(), peerDraws.size());
    if (m == 0) return Fmt.MISSING;
    double[] v = new double[m];
    for (int i = 0; i < m; i++) {
      double x = f.applyAsDouble(i);
      v[i] = Double.isNaN(x) ? Double.POSITIVE_INFINITY : x;
    }
    java.util.Arrays.sort(v);
    return nstar(v[(int) Math.floor(0.025 * (m - 1))]) + "–" + nstar(v[(int) Math.ceil(0.975 * (m - 1))]);
  }

  static String nstar(double n) {
    return Double.isNaN(n) || Double.isInfinite(n) ? "never" : Fmt.integer(n);
  }

  Report.Section section() {
    List<Report.Block> b = new ArrayList<>();
    if (!has(FLUENT_BIT)) {
      b.add(new Report.Paragraph("No peer was measured in this run set: the study was run without a Fluent Bit "
          + "binary (`FLUENT_BIT=/path/to/fluent-bit bench/run-study.sh` or `--fluent-bit PATH` adds a Fluent Bit "
          + "sidecar and DaemonSet beside every logferry follow deployment of the steady kind and of the end-to-end kind "
          + "up to 8 pods)."));
      return new Report.Section("peers", "Peers: Fluent Bit beside logferry", b);
    }
    String version = runs.stream().filter(r -> FLUENT_BIT.equals(r.setup().shipper())).findFirst()
        .map(r -> r.provenance().jdk()).orElse("Fluent Bit");
    b.add(new Report.Paragraph("Fluent Bit (" + version + ", config `bench/fluent-bit/study-follow.conf`) ran as a "
        + "sidecar (one process per pod over its own directory, own offsets DB) and as a node DaemonSet (one process "
        + "over every pod directory of its deployment) beside logferry's deployments in the same steady windows: the "
        + "same writers process, the same strict local endpoint over HTTPS, CPU from /proc at the end of the warm-up "
        + "and of the window, the same delivery check (every line accepted exactly once, counted by the endpoint). "
        + "Cells: median (min–max) over the repetitions; n = windows. Ratio = Fluent Bit / logferry, paired by "
        + "window (both in the same minutes of load), median (min–max) of the per-window ratios. RSS is per process "
        + "(a sidecar per pod; the DaemonSet's one process)."));
    Map<String, List<StudyRun>> lf = group(steady(LOGFERRY));
    Map<String, List<StudyRun>> fb = group(steady(FLUENT_BIT));
    List<List<String>> rows = new ArrayList<>();
    ToDoubleFunction<StudyRun> cpu = r -> nz(r.outcome().cost().cpuSecondsPerPodHour());
    ToDoubleFunction<StudyRun> rss = r -> r.outcome().cost().meanRssMiBTotal()
        / (r.setup().mode().equals("sidecar") ? r.setup().pods() : 1);
    ToDoubleFunction<StudyRun> p95 = r -> r.outcome().freshness().count() == 0 ? Double.NaN
        : r.outcome().freshness().p95Ms() / 1000.0;
    for (Map.Entry<String, List<StudyRun>> e : fb.entrySet()) {
      List<StudyRun> f = e.getValue();
      List<StudyRun> l = lf.getOrDefault(e.getKey(), List.of());
      StudyRun first = f.get(0);
      long lost = f.stream().mapToLong(r -> r.outcome().delivery().lost()).sum();
      long dup = f.stream().mapToLong(r -> r.outcome().delivery().duplicated()).sum();
      long lfLost = l.stream().mapToLong(r -> r.outcome().delivery().lost()).sum();
      long lfDup = l.stream().mapToLong(r -> r.outcome().delivery().duplicated()).sum();
      rows.add(List.of(first.setup().mode(), Integer.toString(first.setup().pods()), Fmt.num(first.setup().ratePerPod())
          + " (" + StudyReportBuilder.spread(l, ComponentFit::linesPerSecondPerPod) + ")",
          l.size() + " / " + f.size(),
          StudyReportBuilder.spread(l, cpu), StudyReportBuilder.spread(f, cpu), paired(l, f, cpu),
          StudyReportBuilder.spread(l, rss), StudyReportBuilder.spread(f, rss), paired(l, f, rss),
          StudyReportBuilder.spread(l, p95), StudyReportBuilder.spread(f, p95),
          lfLost + " / " + lfDup, lost + " / " + dup));
    }
    b.add(new Report.Table("logferry and Fluent Bit, steady state in the same windows",
        List.of("mode", "pods", "lines/s per pod target (written)", "n (logferry / Fluent Bit)", "CPU s per pod-hour logferry",
            "CPU s per pod-hour Fluent Bit", "CPU ratio FB/lf", "mean RSS MiB logferry", "mean RSS MiB Fluent Bit",
            "RSS ratio FB/lf", "p95 s logferry", "p95 s Fluent Bit", "lost / dup logferry", "lost / dup Fluent Bit"),
        rows));
    b.add(chart("peers-cpu", "Steady CPU per pod-hour vs rate, logferry and Fluent Bit", "CPU s per pod-hour (log)",
        cpu, lf, fb, "Median over the windows (n per point in the table above); bars = min–max. The idle point "
            + "(0 lines/s) is plotted at 1 line/s on the log axis. Sidecars: 1 pod per process; DaemonSet: per pod of "
            + "its process (1 pod idle, 8 pods at 20 and 200 lines/s; 32 pods at 20 in the full profile)."));
    ToDoubleFunction<StudyRun> rssPerPod = r -> r.outcome().cost().meanRssMiBTotal() / r.setup().pods();
    b.add(chart("peers-rss", "Mean RSS per pod vs rate, logferry and Fluent Bit", "mean RSS MiB per pod (log)",
        rssPerPod, lf, fb, "Mean resident set over the window per pod (a sidecar's whole process; the DaemonSet's "
            + "process divided by its pods). Median, bars = min–max over the windows; idle plotted at 1 line/s."));
    if (peer != null) {
      List<List<String>> crows = new ArrayList<>();
      Map<String, Double> fbm = peer.point().asMap();
      Map<String, Double> lfm = logferry.asMap();
      for (String k : List.of("sidecarFixedCpuPerHour", "sidecarCpuPerMiB", "sidecarRssMiB", "sidecarP95",
          "dsBaseCpuPerHour", "dsCpuPerPodHour", "dsCpuPerMiB", "dsRssMiB", "dsP95")) {
        crows.add(List.of(Coefficients.LABELS.getOrDefault(k, k), Fmt.num(lfm.get(k)), Fmt.num(fbm.get(k)),
            ci(k)));
      }
      b.add(new Report.Table("Follow components fitted per shipper (the same least squares; Fluent Bit n: sidecar "
          + peer.n().get("sidecar") + ", DaemonSet " + peer.n().get("daemonset") + " runs; 95 % bootstrap interval, "
          + peerDraws.size() + " draws)", List.of("component", "logferry", "Fluent Bit", "Fluent Bit 95 % CI"), crows));
      if (peer.point().dsBaseCpuPerHour() < 0 || logferry.dsBaseCpuPerHour() < 0) {
        b.add(new Report.Paragraph("A negative DaemonSet base is not a saving: the line through the DaemonSets' "
            + "logging windows crosses zero below their fewest pods because the cost per pod grows with the pods "
            + "watched (it is a fit over 8 and more pods, not a measurement at 0)."));
      }
    }
    b.add(new Report.Paragraph(answerSentence()));
    List<List<String>> erows = new ArrayList<>();
    for (StudyRun r : runs) {
      if (!r.kind().equals("e2e") || !FLUENT_BIT.equals(r.setup().shipper())) continue;
      StudyRun.Freshness f = r.outcome().freshness();
      erows.add(List.of(r.setup().mode(), "r" + r.repetition(), Integer.toString(r.setup().pods()),
          Fmt.num(r.setup().ratePerPod()),
          Fmt.num(nz(r.outcome().cost().cpuSecondsPerPodHour())),
          Fmt.num(r.outcome().cost().meanRssMiBTotal() / r.setup().pods()),
          f.count() == 0 ? Fmt.MISSING : Fmt.num(f.p95Ms() / 1000.0),
          r.outcome().delivery().lost() + " / " + r.outcome().delivery().duplicated(),
          r.provenance().load().overloaded() ? "yes" : "no"));
    }
    if (!erows.isEmpty()) {
      b.add(new Report.Table("Fluent Bit in the end-to-end windows (one row per repetition, each its own window; no "
          + "model is fitted for it)",
          List.of("mode", "repetition", "pods", "lines/s per pod", "CPU s per pod-hour", "mean RSS MiB per pod", "p95 s",
              "lost / dup", "overloaded"), erows));
    }
    return new Report.Section("peers", "Peers: Fluent Bit beside logferry", b);
  }

  private String ci(String key) {
    double[] v = peerDraws.stream().mapToDouble(d -> d.asMap().get(key)).filter(x -> !Double.isNaN(x)).sorted()
        .toArray();
    if (v.length == 0) return Fmt.MISSING;
    return Fmt.num(v[(int) Math.floor(0.025 * (v.length - 1))]) + " – " + Fmt.num(v[(int) Math.ceil(0.975 * (v.length - 1))]);
  }

  static Map<String, List<StudyRun>> group(List<StudyRun> rs) {
    Map<String, List<StudyRun>> m = new TreeMap<>();
    for (StudyRun r : rs) m.computeIfAbsent(key(r), k -> new ArrayList<>()).add(r);
    return m;
  }

  /** Per-window ratios peer / logferry (the same window holds both), median (min–max), with their n. */
  static String paired(List<StudyRun> l, List<StudyRun> f, ToDoubleFunction<StudyRun> x) {
    Map<String, Double> byWindow = new LinkedHashMap<>();
    for (StudyRun r : l) byWindow.put(r.window(), x.applyAsDouble(r));
    List<Double> ratios = new ArrayList<>();
    for (StudyRun r : f) {
      Double base = byWindow.get(r.window());
      double v = x.applyAsDouble(r);
      if (base != null && base > 0 && !Double.isNaN(base) && !Double.isNaN(v)) ratios.add(v / base);
    }
    if (ratios.isEmpty()) return Fmt.MISSING;
    double[] s = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double med = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    String range = s.length == 1 ? "" : " (" + Fmt.num(s[0]) + "–" + Fmt.num(s[s.length - 1]) + ")";
    return Fmt.num(med) + "x" + range + ", n = " + s.length;
  }

  private static Report.Chart chart(String id, String title, String yLabel, ToDoubleFunction<StudyRun> y,
      Map<String, List<StudyRun>> lf, Map<String, List<StudyRun>> fb, String caption) {
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    for (String mode : List.of("sidecar", "daemonset")) {
      for (Map.Entry<String, Map<String, List<StudyRun>>> s : Map.of("logferry", lf, "Fluent Bit", fb).entrySet()
          .stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())).toList()) {
        YIntervalSeries series = new YIntervalSeries(s.getKey() + " " + mode);
        for (List<StudyRun> g : s.getValue().values()) {
          StudyRun first = g.get(0);
          if (!first.setup().mode().equals(mode)) continue;
          double[] v = g.stream().mapToDouble(y).filter(d -> !Double.isNaN(d) && d > 0).sorted().toArray();
          if (v.length == 0) continue;
          double med = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
          series.add(Math.max(1, first.setup().ratePerPod()), med, v[0], v[v.length - 1]);
        }
        if (series.getItemCount() > 0) data.addSeries(series);
      }
    }
    return Charts.intervals(id, title, "lines/s per pod (log; idle at 1)", yLabel, data, caption);
  }

  static double nz(Double d) {
    return d == null ? Double.NaN : d;
  }
}
