package io.logferry.reports;

import io.logferry.reports.study.Calculator;
import io.logferry.reports.study.Coefficients;
import io.logferry.reports.study.ComponentFit;
import io.logferry.reports.study.Parameters;
import io.logferry.reports.study.ShippingModel;
import io.logferry.study.RunSet;
import io.logferry.study.StudyRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The study report: the answer first (three sentences and the decision map), the calculator, then the evidence
 * (validation of the model against end-to-end runs, components with their n, freshness, faults, uncertainty, scale,
 * prices and method). Everything is computed from one run set ({@code results/study/<stamp>-<profile>/}).
 */
final class StudyReportBuilder {

  static final int DRAWS = 400;
  /** Freshness targets of the decision map's panels, seconds. */
  static final double[] TARGETS = {10, 120, 600, 3600};
  static final double[] POD_EDGES = logEdges(1, 10_000, 24);
  static final double[] RATE_EDGES = logEdges(0.1, 1000, 20);

  private final RunSet runSet;
  private final List<StudyRun> runs;
  private final String head;
  private final Map<String, Double> params;
  private final ComponentFit.Fitted fitted;
  private final List<Coefficients> draws;
  private final List<String> notes = new ArrayList<>();
  private final StudyPeers peers;

  /**
   * The files changed between the measured commit and HEAD that the measurements ran (everything but the report,
   * the results and the docs), or null when unknown: an empty list lets the banner say the measured code is HEAD's.
   */
  private final List<String> measuredCodeChanges;

  StudyReportBuilder(RunSet runSet, List<StudyRun> runs, String head, Map<String, Double> params) {
    this(runSet, runs, head, params, null);
  }

  StudyReportBuilder(RunSet runSet, List<StudyRun> runs, String head, Map<String, Double> params,
      List<String> measuredCodeChanges) {
    this.runSet = runSet;
    this.runs = runs;
    this.head = head;
    this.measuredCodeChanges = measuredCodeChanges;
    this.params = params;
    this.fitted = ComponentFit.fit(runs);
    this.draws = ComponentFit.bootstrap(runs, DRAWS, 20261201L);
    this.peers = new StudyPeers(runs, params, fitted.point(), draws, DRAWS, 20261202L);
    notes.addAll(fitted.notes());
  }

  Report build() {
    List<Report.Section> sections = new ArrayList<>();
    MapResult map = decisionMap();
    sections.add(answer(map));
    sections.add(calculator());
    sections.add(validation());
    sections.add(components());
    sections.add(peers.section());
    sections.add(freshness());
    sections.add(faults());
    sections.add(uncertainty());
    sections.add(scale());
    sections.add(prices());
    sections.add(method());
    String subtitle = "Study run set " + runSet.profile() + " (" + runSet.started() + "), " + runs.size()
        + " result files; model = measured components x prices; " + draws.size() + " bootstrap draws.";
    return new Report("logferry: sidecar, DaemonSet or CronJob?", subtitle, sections);
  }

  // ---------------------------------------------------------------- the answer

  record MapResult(List<StudyCharts.Panel> panels, Map<Double, Map<String, Integer>> cellsByWinner, int cells) {}

  MapResult decisionMap() {
    List<StudyCharts.Panel> panels = new ArrayList<>();
    Map<Double, Map<String, Integer>> counts = new LinkedHashMap<>();
    int nx = POD_EDGES.length - 1;
    int ny = RATE_EDGES.length - 1;
    for (double f : TARGETS) {
      String[][] winner = new String[ny][nx];
      double[][] conf = new double[ny][nx];
      Map<String, Integer> c = new TreeMap<>();
      for (int y = 0; y < ny; y++) {
        double r = Math.sqrt(RATE_EDGES[y] * RATE_EDGES[y + 1]);
        for (int x = 0; x < nx; x++) {
          double n = Math.round(Math.sqrt(POD_EDGES[x] * POD_EDGES[x + 1]));
          String w = winnerOf(fitted.point(), n, r, f);
          int same = 0;
          for (Coefficients d : draws) if (winnerOf(d, n, r, f).equals(w)) same++;
          winner[y][x] = w;
          conf[y][x] = draws.isEmpty() ? 0 : same / (double) draws.size();
          c.merge(w, 1, Integer::sum);
        }
      }
      counts.put(f, c);
      panels.add(new StudyCharts.Panel("F = " + duration(f) + " (p95)", winner, conf));
    }
    return new MapResult(panels, counts, nx * ny);
  }

  String winnerOf(Coefficients c, double n, double r, double f) {
    ShippingModel.ModeResult best = ShippingModel.cheapest(ShippingModel.evaluate(c, params, n, r, f, "usage"));
    return best == null ? "none" : best.mode();
  }

  Report.Section answer(MapResult map) {
    List<Report.Block> b = new ArrayList<>();
    b.add(new Report.Paragraph(banner()));
    Coefficients c = fitted.point();
    // Sentence 1: seconds-fresh logs.
    Map<String, Integer> tenS = map.cellsByWinner().get(10.0);
    Map<String, Integer> tenMin = map.cellsByWinner().get(600.0);
    double nDs = ShippingModel.breakEven(c, params, "daemonset", 10, 10, "usage");
    String s1 = String.format(Locale.ROOT,
        "**For logs within seconds (p95 %s s sidecar, %s s DaemonSet measured), a node DaemonSet is the cheapest mode "
            + "in %d of %d workloads of the map; it costs less than one sidecar per pod from N = %s pods at 10 MiB/h "
            + "per pod** (%d pods per node assumed), because a sidecar pays its JVM (%s CPU s/h once it ships anything, "
            + "%s MiB) in every pod.",
        Fmt.num(c.sidecarP95()), Fmt.num(c.dsP95()), tenS.getOrDefault("daemonset", 0), map.cells(),
        Double.isNaN(nDs) ? "never (in 1-100,000)" : Fmt.integer(nDs), params.get("podsPerNode").intValue(),
        Fmt.num(c.sidecarFixedCpuPerHour()), Fmt.num(c.sidecarRssMiB()));
    double nCron = ShippingModel.breakEven(c, params, "cronjob-hostpath", 10, 600, "usage");
    String s2 = String.format(Locale.ROOT,
        "**A CronJob cannot be fresher than about a minute (cron fires at most once a minute; measured run: %s s "
            + "start-up, %s CPU s fixed)**; with a 10-minute target it wins %d of %d workloads (a per-node hostPath "
            + "CronJob beats the sidecar from N = %s at 10 MiB/h); over EFS Elastic the I/O alone costs %s per "
            + "pod-hour at 10 MiB/h (%s + %s $/GB written + read) against %s for a whole sidecar.",
        Fmt.num(c.cronFixedWall()), Fmt.num(c.cronFixedCpu()),
        tenMin.entrySet().stream().filter(e -> e.getKey().startsWith("cronjob")).mapToInt(Map.Entry::getValue).sum(),
        map.cells(), Double.isNaN(nCron) ? "never (in 1-100,000)" : Fmt.integer(nCron),
        Fmt.usd(10 / 1024.0 * (params.get("efsWritePerGb") + params.get("efsReadPerGb"))),
        Fmt.num(params.get("efsWritePerGb")), Fmt.num(params.get("efsReadPerGb")),
        Fmt.usd(ShippingModel.evaluate(c, params, 1, 10, 600, "usage").get(0).dollarsPerHour()));
    long overloaded = runs.stream().filter(r -> r.provenance().load().overloaded()).count();
    String s3 = String.format(Locale.ROOT,
        "**How sure:** this is the **%s profile** (n = %d repetitions per component configuration, %d per "
            + "end-to-end and fault configuration, windows of %s); %d of %d runs were on an overloaded machine (%s), "
            + "and the end-to-end check of the model is in \"Validation\": treat the colours as %s.",
        runSet.profile(), minRepetitions(), minRepetitions("e2e", "fault"), windowText(), overloaded, runs.size(),
        overloadRule(),
        runSet.profile().equals("quick") ? "indicative only (a smoke-scale measurement)" : "the measured answer");
    b.add(new Report.Paragraph(s1 + " " + s2 + " " + s3 + writtenShortfall()));
    b.add(new Report.Paragraph(peers.answerSentence()));
    b.add(StudyCharts.decisionMap("decision-map", "Cheapest mode that meets the freshness target (by usage)",
        map.panels(), POD_EDGES, RATE_EDGES,
        "Each cell: the cheapest mode whose predicted p95 freshness meets F, priced by usage (CPU s and mean RSS at "
            + "the default prices, EFS where used); colour intensity = share of " + draws.size()
            + " bootstrap draws of the measured components that pick the same mode. Ingestion ($"
            + Fmt.num(params.get("ingestPerGb")) + "/GB) is the same in every mode and left out."));
    return new Report.Section("answer", "The answer", b);
  }

  /**
   * A warning when the writers fell short of their target rates (median written / target over the runs that log):
   * the model then prices the bytes that were written, and a reader must know the rates behind the map were lower.
   */
  String writtenShortfall() {
    double[] ratio = runs.stream().filter(r -> !r.kind().equals("backlog") && r.setup().ratePerPod() > 0
            && r.outcome().delivery() != null && r.outcome().delivery().written() > 0)
        .mapToDouble(r -> ComponentFit.linesPerSecondPerPod(r) / r.setup().ratePerPod()).sorted().toArray();
    if (ratio.length == 0) return "";
    double med = medianOfSorted(ratio);
    if (med >= 0.9) return "";
    return String.format(Locale.ROOT, " **The pods logged at %s %% of their target rates** (median over %d runs, the "
        + "writers' own counts): every cost per MiB here is priced from the lines written, measured up to %s MiB/h "
        + "per pod and extrapolated beyond.", Fmt.num(100 * med), ratio.length,
        Fmt.num(runs.stream().filter(r -> r.kind().equals("steady")).mapToDouble(ComponentFit::mibPerPodHour).max()
            .orElse(0)));
  }

  String banner() {
    Set<String> commits = runs.stream().map(r -> r.provenance().commit()).collect(Collectors.toCollection(LinkedHashSet::new));
    Set<String> machines = runs.stream().map(r -> r.provenance().machine().cpuModel() + " x"
        + r.provenance().machine().cores()).collect(Collectors.toCollection(LinkedHashSet::new));
    String measured = String.join(", ", commits.stream().map(StudyReportBuilder::shortCommit).toList());
    boolean same = commits.stream().allMatch(cm -> shortCommit(cm).equals(shortCommit(head)));
    return "**Provenance:** measured at commit `" + measured + "` on " + String.join(", ", machines) + ", "
        + runSet.started().substring(0, Math.min(16, runSet.started().length())).replace('T', ' ') + " UTC ("
        + runSet.profile() + " profile, " + Fmt.num(runSet.wallSeconds() / 60) + " min); HEAD is `"
        + shortCommit(head) + "`" + (same ? "." : sinceMeasured(commits.size()));
  }

  /** What changed between the measured commit(s) and HEAD, as far as {@link #measuredCodeChanges} tells. */
  private String sinceMeasured(int measuredCommits) {
    if (measuredCodeChanges != null && measuredCodeChanges.isEmpty() && measuredCommits == 1) {
      return ": since the measured commit only the report, the results and the docs changed, not the code that ran.";
    }
    String changed = " — **the code has changed since these measurements**";
    if (measuredCodeChanges == null || measuredCodeChanges.isEmpty()) return changed + ".";
    List<String> some = measuredCodeChanges.subList(0, Math.min(3, measuredCodeChanges.size()));
    return changed + " (" + measuredCodeChanges.size() + " files, e.g. `" + String.join("`, `", some) + "`).";
  }

  static String shortCommit(String c) {
    if (c == null) return "unknown";
    String dirty = c.endsWith("+dirty") ? "+dirty" : "";
    String bare = c.replace("+dirty", "");
    return (bare.length() > 10 ? bare.substring(0, 10) : bare) + dirty;
  }

  /**
   * How the runs' {@code overloaded} flag was decided: on the measured interval (after the warm-up) where the run
   * recorded it, else on the whole window's maximum 1-min load (run sets written before the split).
   */
  String overloadRule() {
    int cores = runs.isEmpty() ? 0 : runs.get(0).provenance().machine().cores();
    long split = runs.stream().filter(r -> r.provenance().load().measured() != null).count();
    String old = "the whole window's largest 1-min load, start-up included, above its " + cores + " cores";
    if (split == 0) return old;
    String rule = "the measured interval after the warm-up: median 1-min load above its " + cores
        + " cores, or its CPUs busy more than 95 % of the interval";
    return split == runs.size() ? rule : rule + "; " + (runs.size() - split) + " older runs: " + old;
  }

  /** The fewest repetitions of any configuration of the given kinds (0 when there is none). */
  int minRepetitions(String... kinds) {
    Map<String, Integer> byConfig = new LinkedHashMap<>();
    for (StudyRun r : runs) {
      if (!Arrays.asList(kinds).contains(r.kind())) continue;
      byConfig.merge(r.kind() + " " + configKey(r) + " " + r.setup().fault(), 1, Integer::sum);
    }
    return byConfig.values().stream().mapToInt(Integer::intValue).min().orElse(0);
  }

  int minRepetitions() {
    Map<String, Integer> byConfig = new LinkedHashMap<>();
    for (StudyRun r : runs) {
      if (!r.kind().equals("steady") && !r.kind().equals("backlog")) continue;
      byConfig.merge(configKey(r), 1, Integer::sum);
    }
    return byConfig.values().stream().mapToInt(Integer::intValue).min().orElse(0);
  }

  String windowText() {
    Set<String> w = new TreeSet2();
    for (StudyRun r : runs) {
      if (r.kind().equals("steady") || r.kind().equals("e2e")) {
        w.add(r.kind() + " " + Fmt.num(r.setup().windowSeconds()) + " s (warm-up " + Fmt.num(r.setup().warmupSeconds())
            + " s)");
      }
    }
    return String.join(", ", w);
  }

  /** A sorted set (named so the import list stays short). */
  static final class TreeSet2 extends java.util.TreeSet<String> {}

  /** logferry's own runs (the model's components); a peer's runs are compared in "Peers", never pooled. */
  static boolean isLogferry(StudyRun r) {
    return StudyPeers.LOGFERRY.equals(r.setup().shipper());
  }

  static String configKey(StudyRun r) {
    return (isLogferry(r) ? "" : r.setup().shipper() + " ") + (r.kind().equals("backlog")
        ? "backlog " + r.setup().backlogFiles() + " files " + r.setup().backlogBytes() / (1 << 20) + " MiB"
        : r.setup().mode() + " " + r.setup().pods() + " pods " + Fmt.num(r.setup().ratePerPod()) + " lines/s");
  }

  // ---------------------------------------------------------------- calculator

  Report.Section calculator() {
    List<Report.Block> b = new ArrayList<>();
    b.add(new Report.Paragraph("Enter a workload and prices; the page evaluates the model committed with this report "
        + "(the fitted components below, point estimates) in plain JavaScript, without network. F is the p95 "
        + "freshness you accept, in seconds."));
    b.add(new Report.Interactive("calculator", Calculator.html(fitted.point(), params),
        "The calculator is in `report.html` (plain JavaScript, no network). The model's coefficients: "
            + fitted.point().asMap().entrySet().stream().map(e -> e.getKey() + " = " + Fmt.num(e.getValue()))
                .collect(Collectors.joining(", ")) + "."));
    return new Report.Section("calculator", "Calculator", b);
  }

  // ---------------------------------------------------------------- validation

  Report.Section validation() {
    List<Report.Block> b = new ArrayList<>();
    // The model is logferry's: the peer's end-to-end rows are in "Peers".
    List<StudyRun> e2e = runs.stream().filter(r -> r.kind().equals("e2e") && isLogferry(r)).toList();
    b.add(new Report.Paragraph("The model's prediction from the components against end-to-end runs of the three "
        + "modes side by side in one window (one writers process, CronJob every "
        + e2e.stream().map(r -> r.setup().cronIntervalSeconds()).filter(java.util.Objects::nonNull).findFirst()
            .map(i -> i + " s").orElse("—")
        + " on the wall-clock minute). CPU: steady CPU per hour after the warm-up for the follow modes, the "
        + "scheduled runs' CPU per hour for the CronJob. Freshness: CronJob p50 predicted as I/2 + run time, p95 as "
        + "0.95 I + run time (no Job start-up locally). Goal: error <= 15 %."));
    List<List<String>> rows = new ArrayList<>();
    Coefficients c = fitted.point();
    // One row per mode and pod count; the cells are median (min–max) over its repetitions (separate windows), the
    // errors those of the medians.
    Map<String, List<StudyRun>> byConfig = new LinkedHashMap<>();
    for (StudyRun r : e2e) byConfig.computeIfAbsent(r.setup().mode() + "/" + r.setup().pods(), k -> new ArrayList<>()).add(r);
    for (List<StudyRun> g : byConfig.values()) {
      StudyRun r0 = g.get(0);
      Map<StudyRun, double[]> pred = new java.util.IdentityHashMap<>();
      for (StudyRun r : g) pred.put(r, predict(c, r));
      double mib = ComponentFit.mibPerPodHour(r0);
      ToDoubleFunction<StudyRun> measured = StudyReportBuilder::cpuPerHour;
      ToDoubleFunction<StudyRun> p50 = r -> r.outcome().freshness().count() == 0 ? Double.NaN
          : r.outcome().freshness().p50Ms() / 1000.0;
      ToDoubleFunction<StudyRun> p95 = r -> r.outcome().freshness().count() == 0 ? Double.NaN
          : r.outcome().freshness().p95Ms() / 1000.0;
      long overloaded = g.stream().filter(r -> r.provenance().load().overloaded()).count();
      rows.add(List.of(r0.setup().mode(), Integer.toString(r0.setup().pods()), Fmt.num(mib),
          spread(g, r -> pred.get(r)[0]), spread(g, measured),
          error(median(g, r -> pred.get(r)[0]), median(g, measured)),
          spread(g, r -> pred.get(r)[1]), spread(g, p50), spread(g, r -> pred.get(r)[2]), spread(g, p95),
          error(median(g, r -> pred.get(r)[2]), median(g, p95)), Integer.toString(g.size()),
          spread(g, r -> r.setup().windowSeconds()), overloaded + " of " + g.size() + " (" + loadText(g) + ")"));
    }
    b.add(new Report.Table("Model vs end-to-end measurement (median (min–max) over n repetitions, each its own window)",
        List.of("mode", "pods", "MiB/h per pod written", "CPU s/h predicted", "CPU s/h measured", "error", "p50 s predicted",
            "p50 s measured", "p95 s predicted", "p95 s measured", "p95 error", "n", "window s",
            "overloaded (measured interval)"),
        rows));
    long over = rows.stream().filter(r -> isOver(r.get(5)) || isOver(r.get(10))).count();
    b.add(new Report.Paragraph(over == 0 ? "Every prediction is within 15 % of its measurement."
        : over + " of " + rows.size() + " rows miss the 15 % goal. " + missReasons(c, e2e,
            rows.stream().filter(r -> isOver(r.get(5))).map(r -> r.get(0)).collect(Collectors.toSet()),
            rows.stream().filter(r -> isOver(r.get(10))).map(r -> r.get(0)).collect(Collectors.toSet()))));
    return new Report.Section("validation", "Validation: model vs end-to-end runs", b);
  }

  /**
   * Why the rows that miss do, from the measurements themselves, for the modes whose CPU ({@code cpuMiss}) or p95
   * ({@code p95Miss}) misses: a sidecar's cost at rate 0 against its cost at the end-to-end rate (the step the fit
   * over logging windows accounts for); a one-pod DaemonSet against the line through the DaemonSets of 8 and more
   * pods; the CronJob's fixed cost per run from the backlog runs against its scheduled runs.
   */
  String missReasons(Coefficients c, List<StudyRun> e2e, Set<String> cpuMiss, Set<String> p95Miss) {
    List<String> out = new ArrayList<>();
    ToDoubleFunction<StudyRun> cpu = StudyReportBuilder::cpuPerHour;
    double e2eRate = e2e.stream().mapToDouble(r -> r.setup().ratePerPod()).filter(x -> x > 0).min().orElse(Double.NaN);
    List<StudyRun> steadySc = runs.stream().filter(r -> r.kind().equals("steady") && isLogferry(r)
        && r.setup().mode().equals("sidecar") && r.outcome().cost().cpuSecondsPerPodHour() != null).toList();
    List<StudyRun> idle = steadySc.stream().filter(r -> r.setup().ratePerPod() == 0).toList();
    List<StudyRun> atRate = steadySc.stream().filter(r -> r.setup().ratePerPod() == e2eRate).toList();
    if (cpuMiss.contains("sidecar") && !idle.isEmpty() && !atRate.isEmpty()) {
      double mib = ComponentFit.mibPerPodHour(atRate.get(0));
      double predicted = c.sidecarFixedCpuPerHour() + c.sidecarCpuPerMiB() * mib;
      double steadyAtRate = median(atRate, cpu);
      List<String> logging = steadySc.stream().mapToDouble(r -> r.setup().ratePerPod()).filter(x -> x > 0).distinct()
          .sorted().mapToObj(x -> Fmt.num(median(steadySc.stream().filter(r -> r.setup().ratePerPod() == x).toList(),
              cpu)) + " at " + Fmt.num(x)).toList();
      List<StudyRun> e2eSc = e2e.stream().filter(r -> r.setup().mode().equals("sidecar")
          && r.outcome().cost().cpuSecondsPerPodHour() != null).toList();
      String perPod = e2eSc.isEmpty() ? "" : "; the end-to-end sidecars used " + Fmt.num(median(e2eSc,
          r -> cpuPerHour(r) / r.setup().pods())) + " CPU s/h per pod, as one steady sidecar at that rate did: N "
          + "sidecars cost N times one, and the miss is the line's, not the composition's";
      out.add("a sidecar's cost is not linear in its bytes: in the steady windows of this run set one used "
          + Fmt.num(median(idle, cpu)) + " CPU s/h idle, " + Fmt.and(logging) + " lines/s (the step from a JVM that "
          + "sleeps to one that reads, batches and sends every second is not proportional to the bytes, and above it "
          + "the cost rises less than the bytes), so the line the model fits over the logging windows (fixed "
          + Fmt.num(c.sidecarFixedCpuPerHour()) + " CPU s/h + "
          + Fmt.num(c.sidecarCpuPerMiB()) + " CPU s/MiB) puts " + Fmt.num(e2eRate) + " lines/s at "
          + Fmt.num(predicted) + ", " + error(predicted, steadyAtRate) + " off the steady "
          + "windows' own " + Fmt.num(steadyAtRate) + " at that rate" + perPod);
    }
    List<StudyRun> dsOne = e2e.stream().filter(r -> r.setup().mode().equals("daemonset") && r.setup().pods() == 1
        && r.outcome().cost().cpuSecondsPerPodHour() != null).toList();
    int fewestSteady = runs.stream().filter(r -> r.kind().equals("steady") && isLogferry(r)
        && r.setup().mode().equals("daemonset") && r.setup().ratePerPod() > 0).mapToInt(r -> r.setup().pods()).min()
        .orElse(0);
    if (cpuMiss.contains("daemonset") && !dsOne.isEmpty()) {
      double mib = ComponentFit.mibPerPodHour(dsOne.get(0));
      out.add("a DaemonSet over one pod is one follow process over one pod, as a sidecar is: it used "
          + Fmt.num(median(dsOne, cpu)) + " CPU s/h" + (atRate.isEmpty() ? "" : " (a sidecar at the same rate "
          + Fmt.num(median(atRate, cpu)) + ")") + ", while the DaemonSet's line, fitted over its logging windows of "
          + fewestSteady + " and more pods, puts one pod at " + Fmt.num(c.dsBaseCpuPerHour() + c.dsCpuPerPodHour()
          + c.dsCpuPerMiB() * mib) + ": below " + fewestSteady + " pods its cost is not linear in pods, and no steady "
          + "window measures a DaemonSet with fewer logging pods");
    }
    List<StudyRun> cron = e2e.stream().filter(r -> r.setup().mode().equals("cronjob")).toList();
    double[] perRun = cron.stream().flatMap(r -> r.outcome().cronRuns().stream())
        .filter(x -> x.phase().equals("scheduled")).mapToDouble(StudyRun.CronRun::cpuSeconds).sorted().toArray();
    if (cpuMiss.contains("cronjob") && perRun.length > 0) {
      double med = medianOfSorted(perRun);
      out.add("the CronJob's fixed cost per run (" + Fmt.num(c.cronFixedCpu()) + " CPU s) is the intercept of a "
          + "fit over the backlog runs (0 to 10,000 files, up to 64 MiB, each run alone between windows), while its "
          + perRun.length + " scheduled runs inside the windows used a median of " + Fmt.num(med)
          + " CPU s each for about a minute of new lines, so the model mis-prices a CronJob that runs every minute "
          + "by about the difference times 60 runs an hour");
    }
    if (p95Miss.contains("cronjob")) {
      out.add("the CronJob's measured freshness depends on where the writers' start fell between two minute ticks, "
          + "which a window of a few ticks samples only a few times");
    }
    for (String m : p95Miss) {
      if (!m.equals("cronjob")) out.add("the " + m + "'s p95 freshness is its poll and flush intervals plus the "
          + "machine's scheduling delay, which the model takes from the steady windows");
    }
    return out.isEmpty() ? "" : "Reasons, measured in this run set: " + String.join("; ", out) + ".";
  }

  /** A run's measured CPU s per hour over all its pods (NaN when it has none). */
  static double cpuPerHour(StudyRun r) {
    Double perPod = r.outcome().cost().cpuSecondsPerPodHour();
    return perPod == null ? Double.NaN : perPod * r.setup().pods();
  }

  /** The model's CPU s/h, p50 and p95 freshness (s) for the workload of an end-to-end run. */
  static double[] predict(Coefficients c, StudyRun r) {
    double n = r.setup().pods();
    double mib = ComponentFit.mibPerPodHour(r);
    return switch (r.setup().mode()) {
      case "sidecar" -> new double[] {n * (c.sidecarFixedCpuPerHour() + c.sidecarCpuPerMiB() * mib), Double.NaN,
          c.sidecarP95()};
      case "daemonset" -> new double[] {c.dsBaseCpuPerHour() + c.dsCpuPerPodHour() * n + c.dsCpuPerMiB() * n * mib,
          Double.NaN, c.dsP95()};
      default -> {
        int interval = r.setup().cronIntervalSeconds();
        double files = r.outcome().cronRuns().stream().filter(x -> x.phase().equals("scheduled"))
            .mapToDouble(StudyRun.CronRun::files).average().orElse(n);
        double runMib = n * mib * interval / 3600;
        double cpu = 3600.0 / interval * (c.cronFixedCpu() + c.cronCpuPerMiB() * runMib + c.cronCpuPerFile() * files);
        double wall = c.cronFixedWall() + c.cronWallPerMiB() * runMib + c.cronWallPerFile() * files;
        yield new double[] {cpu, interval / 2.0 + wall, 0.95 * interval + wall};
      }
    };
  }

  static double median(List<StudyRun> g, ToDoubleFunction<StudyRun> f) {
    return medianOfSorted(g.stream().mapToDouble(f).filter(x -> !Double.isNaN(x)).sorted().toArray());
  }

  /** The median of sorted values (NaN when there are none). */
  static double medianOfSorted(double[] v) {
    if (v.length == 0) return Double.NaN;
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /**
   * The load of the runs' measured intervals (median 1-min load, busy cores), or the whole-window maximum for runs
   * written before the split existed.
   */
  static String loadText(List<StudyRun> g) {
    boolean split = g.stream().allMatch(r -> r.provenance().load().measured() != null);
    if (!split) return "max load " + spread(g, r -> r.provenance().load().max()) + ", whole window";
    return "median load " + spread(g, r -> r.provenance().load().measured().loadMedian()) + ", busy cores "
        + spread(g, r -> r.provenance().load().measured().busyCores());
  }

  static boolean isOver(String pct) {
    if (!pct.endsWith("%")) return false;
    return Math.abs(Double.parseDouble(pct.replace("%", "").replace("+", ""))) > 15;
  }

  static String error(double predicted, double measured) {
    if (Double.isNaN(predicted) || Double.isNaN(measured) || measured == 0) return Fmt.MISSING;
    return String.format(Locale.ROOT, "%+.0f%%", (predicted - measured) / measured * 100);
  }

  // ---------------------------------------------------------------- components

  Report.Section components() {
    List<Report.Block> b = new ArrayList<>();
    b.add(new Report.Paragraph("Each configuration ran in " + minRepetitions() + " or more interleaved repetitions "
        + "(separate windows; backlog runs in a rotated order per repetition). Cells: median (min–max) over the "
        + "repetitions, n = repetitions. Steady CPU is measured from /proc at the end of the warm-up and at the end of "
        + "the window; the warm-up (JVM start, JIT, first scans) is reported apart."));
    Map<String, List<StudyRun>> steady = group(runs.stream().filter(r -> r.kind().equals("steady") && isLogferry(r))
        .toList());
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, List<StudyRun>> e : steady.entrySet()) {
      List<StudyRun> g = e.getValue();
      StudyRun first = g.get(0);
      rows.add(List.of(first.setup().mode(), Integer.toString(first.setup().pods()),
          Fmt.num(first.setup().ratePerPod()) + " (" + spread(g, ComponentFit::linesPerSecondPerPod) + ")",
          Fmt.num(ComponentFit.mibPerPodHour(first)), Integer.toString(g.size()),
          spread(g, r -> nz(r.outcome().cost().cpuSecondsPerPodHour())),
          spread(g, r -> nz(r.outcome().cost().warmupCpuSeconds()) / r.setup().pods()),
          spread(g, r -> r.outcome().cost().meanRssMiBTotal() / (r.setup().mode().equals("sidecar") ? r.setup().pods() : 1)),
          spread(g, r -> r.outcome().freshness().count() == 0 ? Double.NaN : r.outcome().freshness().p95Ms() / 1000.0),
          Long.toString(g.stream().filter(r -> r.provenance().load().overloaded()).count())));
    }
    b.add(new Report.Table("logferry's follow modes, steady state (per pod; DaemonSet RSS per process)",
        List.of("mode", "pods", "lines/s per pod target (written)", "MiB/h per pod written", "n", "steady CPU s per pod-hour",
            "warm-up CPU s per pod", "mean RSS MiB", "freshness p95 s", "overloaded runs"), rows));
    Map<String, List<StudyRun>> backlog = group(runs.stream().filter(r -> r.kind().equals("backlog")).toList());
    List<List<String>> brows = new ArrayList<>();
    for (List<StudyRun> g : backlog.values()) {
      StudyRun first = g.get(0);
      brows.add(List.of(Integer.toString(first.setup().backlogFiles()),
          Fmt.num(first.setup().backlogBytes() / (1024.0 * 1024.0)), Integer.toString(g.size()),
          spread(g, r -> r.outcome().cronRuns().get(0).cpuSeconds()),
          spread(g, r -> r.outcome().cronRuns().get(0).wallSeconds()),
          spread(g, r -> r.outcome().cronRuns().get(0).peakRssMiB()),
          Long.toString(g.stream().filter(r -> r.outcome().delivery().lost() > 0).count())));
    }
    b.add(new Report.Table("CronJob: one run-once over a prepared backlog (fresh JVM, the image's flags)",
        List.of("files", "MiB", "n", "CPU s", "wall s", "peak RSS MiB", "runs with lines missing"), brows));
    List<List<String>> crows = new ArrayList<>();
    Map<String, Double> point = fitted.point().asMap();
    for (Map.Entry<String, Double> e : point.entrySet()) {
      double[] ci = ci(e.getKey());
      crows.add(List.of(Coefficients.LABELS.getOrDefault(e.getKey(), e.getKey()), "`" + e.getKey() + "`",
          Fmt.num(e.getValue()), Fmt.num(ci[0]) + " – " + Fmt.num(ci[1])));
    }
    b.add(new Report.Table("Fitted components (least squares over the runs above; 95 % bootstrap interval, "
        + draws.size() + " draws, resampling repetitions within each configuration; n: sidecar "
        + fitted.n().get("sidecar") + ", DaemonSet " + fitted.n().get("daemonset") + ", backlog "
        + fitted.n().get("backlog") + " runs)", List.of("component", "key", "estimate", "95 % CI"), crows));
    if (!notes.isEmpty()) b.add(new Report.Bullets(notes));
    return new Report.Section("components", "Components (measured)", b);
  }

  static double nz(Double d) {
    return d == null ? Double.NaN : d;
  }

  double[] ci(String key) {
    double[] v = draws.stream().mapToDouble(d -> d.asMap().get(key)).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (v.length == 0) return new double[] {Double.NaN, Double.NaN};
    return new double[] {v[(int) Math.floor(0.025 * (v.length - 1))], v[(int) Math.ceil(0.975 * (v.length - 1))]};
  }

  static Map<String, List<StudyRun>> group(List<StudyRun> rs) {
    Map<String, List<StudyRun>> m = new TreeMap<>();
    for (StudyRun r : rs) m.computeIfAbsent(configKey(r), k -> new ArrayList<>()).add(r);
    return m;
  }

  static String spread(List<StudyRun> g, ToDoubleFunction<StudyRun> f) {
    double[] v = g.stream().mapToDouble(f).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (v.length == 0) return Fmt.MISSING;
    double med = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    // Equal as printed (e.g. one prediction from the same components in every repetition): no range.
    if (v.length == 1 || Fmt.num(v[0]).equals(Fmt.num(v[v.length - 1]))) return Fmt.num(med);
    return Fmt.num(med) + " (" + Fmt.num(v[0]) + "–" + Fmt.num(v[v.length - 1]) + ")";
  }

  // ---------------------------------------------------------------- freshness

  Report.Section freshness() {
    List<Report.Block> b = new ArrayList<>();
    b.add(new Report.Paragraph("Freshness = the endpoint's ingestion time minus the write time carried in the line "
        + "(both this machine's clock), over every accepted line. Per mode, from the end-to-end window (all modes at "
        + "once, same rate) and the steady windows."));
    Map<String, List<Long>> curves = new LinkedHashMap<>();
    List<List<String>> rows = new ArrayList<>();
    for (StudyRun r : runs) {
      if (!(r.kind().equals("e2e") || r.kind().equals("steady")) || r.outcome().freshness().count() == 0) continue;
      StudyRun.Freshness f = r.outcome().freshness();
      String mode = r.setup().mode() + (isLogferry(r) ? "" : " (" + r.setup().shipper() + ")");
      rows.add(List.of(r.kind() + " r" + r.repetition(), mode, Integer.toString(r.setup().pods()),
          Fmt.num(r.setup().ratePerPod()), Fmt.integer(f.count()), Fmt.num(f.p50Ms() / 1000.0),
          Fmt.num(f.p90Ms() / 1000.0), Fmt.num(f.p95Ms() / 1000.0), Fmt.num(f.p99Ms() / 1000.0),
          Fmt.num(f.maxMs() / 1000.0)));
      if (r.kind().equals("e2e") && f.quantilesMs().size() == 21) {
        // The first repetition's curve per mode and N (the table has every repetition).
        curves.putIfAbsent(mode + " N=" + r.setup().pods(), f.quantilesMs());
      }
    }
    b.add(new Report.Table("Freshness per run (seconds; n = lines)", List.of("window", "mode", "pods", "lines/s per pod",
        "lines", "p50", "p90", "p95", "p99", "max"), rows));
    if (!curves.isEmpty()) {
      b.add(StudyCharts.quantiles("freshness-quantiles", "Freshness distribution per mode (end-to-end, first repetition)", curves,
          "Percentile of lines (x) against seconds from write to acceptance (y, log). The CronJob's curve is the "
              + "uniform wait for the next minute tick plus the run's start-up; the follow modes sit at the poll and "
              + "flush intervals."));
    }
    return new Report.Section("freshness", "Freshness distributions", b);
  }

  // ---------------------------------------------------------------- faults

  Report.Section faults() {
    List<Report.Block> b = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (StudyRun r : runs) {
      if (!r.kind().equals("fault") || r.outcome().fault() == null) continue;
      StudyRun.Delivery d = r.outcome().delivery();
      rows.add(List.of(r.setup().fault(), r.setup().mode(), "r" + r.repetition(), Integer.toString(r.setup().pods()),
          Fmt.integer(d.written()), Fmt.integer(d.delivered()), Fmt.integer(d.lost()), Fmt.integer(d.duplicated()),
          r.outcome().fault().verdict()));
    }
    b.add(new Report.Paragraph("Loss and duplicates per fault, mode and repetition (n = "
        + minRepetitions("fault") + " or more repetitions per fault and mode, one row each; the fault half-way "
        + "through the window; written = the writers' own counts, delivered/lost/duplicated = an audit of every "
        + "accepted line's sequence number). `pod-deleted` follows each mode's documented storage: the sidecar drains "
        + "on SIGTERM before the emptyDir goes; the DaemonSet's node directory is removed 1 s after the app stopped; the "
        + "CronJob's directory stays on the shared ReadWriteMany volume (README, \"Storage it needs\"). "
        + "`pod-dir-removed` is not the documented design: it shows what a CronJob over storage that does not outlive "
        + "the pod would lose."));
    b.add(new Report.Table("Faults", List.of("fault", "mode", "repetition", "pods", "written", "delivered", "lost", "duplicated",
        "verdict"), rows));
    b.add(unfaulted());
    for (StudyRun r : runs) {
      if (r.kind().equals("fault") && r.outcome().fault() != null) {
        b.add(new Report.Paragraph("`" + r.id() + "`: " + r.outcome().fault().description() + ". Timeline: "
            + String.join("; ", r.outcome().fault().timeline()) + "."));
      }
    }
    return new Report.Section("faults", "Loss and duplicates under faults", b);
  }

  /**
   * The same audit over the runs without a fault (steady and end-to-end, every shipper): how many delivered every
   * line exactly once, and a row for each that did not. A loss or duplicate there is nobody's fault injection.
   */
  Report.Block unfaulted() {
    List<StudyRun> clean = runs.stream().filter(r -> (r.kind().equals("steady") || r.kind().equals("e2e"))
        && r.outcome().delivery() != null && r.outcome().delivery().written() > 0).toList();
    List<List<String>> rows = new ArrayList<>();
    for (StudyRun r : clean) {
      StudyRun.Delivery d = r.outcome().delivery();
      if (d.lost() == 0 && d.duplicated() == 0) continue;
      rows.add(List.of(r.id(), r.setup().shipper(), r.setup().mode(), Integer.toString(r.setup().pods()),
          Fmt.integer(d.written()), Fmt.integer(d.delivered()), Fmt.integer(d.lost()), Fmt.integer(d.duplicated())));
    }
    String head = "Without a fault: " + (clean.size() - rows.size()) + " of " + clean.size() + " steady and end-to-end "
        + "runs that wrote lines delivered every line exactly once (same audit)";
    if (rows.isEmpty()) return new Report.Paragraph(head + ".");
    return new Report.Table(head + "; the others:", List.of("run", "shipper", "mode", "pods", "written", "delivered",
        "lost", "duplicated"), rows);
  }

  // ---------------------------------------------------------------- uncertainty

  Report.Section uncertainty() {
    List<Report.Block> b = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (double f : new double[] {10, 600, 3600}) {
      for (double r : new double[] {1, 10, 100}) {
        for (String mode : List.of("daemonset", "cronjob-hostpath", "cronjob-efs-elastic")) {
          double point = ShippingModel.breakEven(fitted.point(), params, mode, r, f, "usage");
          double[] v = draws.stream().mapToDouble(d -> ShippingModel.breakEven(d, params, mode, r, f, "usage"))
              .map(x -> Double.isNaN(x) ? Double.POSITIVE_INFINITY : x).sorted().toArray();
          String ci = v.length == 0 ? Fmt.MISSING
              : nstar(v[(int) Math.floor(0.025 * (v.length - 1))]) + " – " + nstar(v[(int) Math.ceil(0.975 * (v.length - 1))]);
          double req = ShippingModel.breakEven(fitted.point(), params, mode, r, f, "requests");
          rows.add(List.of(duration(f), Fmt.num(r), mode, nstar(point), ci, nstar(req)));
        }
      }
    }
    b.add(new Report.Paragraph("Break-even N*: the smallest number of pods from which the mode costs no more than one "
        + "sidecar per pod (same r, same F; \"never\" = not within 1–100,000; a mode that cannot meet F never breaks "
        + "even). 95 % interval over the bootstrap draws of the measured components at the default prices; prices' "
        + "own uncertainty is in the tornado chart."));
    b.add(new Report.Table("Break-even N* vs the sidecar", List.of("F", "MiB/h per pod", "mode", "N* (usage)",
        "95 % CI", "N* (requests)"), rows));
    b.add(tornado());
    return new Report.Section("uncertainty", "Uncertainty: intervals and sensitivity", b);
  }

  static String nstar(double n) {
    return Double.isNaN(n) || Double.isInfinite(n) ? "never" : Fmt.integer(n);
  }

  Report.Chart tornado() {
    double n = 100;
    double r = 10;
    double f = 600;
    ToDoubleFunction<Object[]> ratio = o -> {
      Coefficients c = (Coefficients) o[0];
      @SuppressWarnings("unchecked")
      Map<String, Double> p = (Map<String, Double>) o[1];
      List<ShippingModel.ModeResult> res = ShippingModel.evaluate(c, p, n, r, f, "usage");
      return res.get(4).dollarsPerHour() / res.get(0).dollarsPerHour();
    };
    double base = ratio.applyAsDouble(new Object[] {fitted.point(), params});
    List<StudyCharts.Bar> bars = new ArrayList<>();
    for (Parameters.Parameter p : Parameters.DEFAULTS) {
      if (p.low() == p.high()) continue;
      Map<String, Double> lo = new LinkedHashMap<>(params);
      lo.put(p.key(), p.low());
      Map<String, Double> hi = new LinkedHashMap<>(params);
      hi.put(p.key(), p.high());
      bars.add(new StudyCharts.Bar(p.key() + " " + Fmt.num(p.low()) + "–" + Fmt.num(p.high()),
          ratio.applyAsDouble(new Object[] {fitted.point(), lo}), ratio.applyAsDouble(new Object[] {fitted.point(), hi})));
    }
    for (String key : fitted.point().asMap().keySet()) {
      double[] ci = ci(key);
      if (Double.isNaN(ci[0])) continue;
      Map<String, Double> lo = new LinkedHashMap<>(fitted.point().asMap());
      lo.put(key, ci[0]);
      Map<String, Double> hi = new LinkedHashMap<>(fitted.point().asMap());
      hi.put(key, ci[1]);
      bars.add(new StudyCharts.Bar(key + " (95 % CI)", ratio.applyAsDouble(new Object[] {Coefficients.fromMap(lo), params}),
          ratio.applyAsDouble(new Object[] {Coefficients.fromMap(hi), params})));
    }
    bars.removeIf(x -> Double.isNaN(x.low()) || Double.isNaN(x.high()));
    bars.sort((x, y) -> Double.compare(Math.abs(y.high() - y.low()), Math.abs(x.high() - x.low())));
    return StudyCharts.tornado("tornado", "Sensitivity: hostPath CronJob cost / sidecar cost at N = 100, 10 MiB/h, "
        + "F = 10 min", "cost ratio (below 1: the CronJob is cheaper)", base, bars,
        "Each bar: the ratio when one input moves to the low and the high end of its range (prices and assumptions: "
            + "the ranges in \"Prices and sources\"; measured components: their 95 % bootstrap interval), all else "
            + "at its default. Longest bars first.");
  }

  // ---------------------------------------------------------------- scale

  Report.Section scale() {
    List<Report.Block> b = new ArrayList<>();
    double r = 10;
    double f = 600;
    List<List<String>> rows = new ArrayList<>();
    double quota = params.get("putLogEventsTps");
    for (double n : new double[] {100, 1000, 10_000}) {
      for (ShippingModel.ModeResult m : ShippingModel.evaluate(fitted.point(), params, n, r, f, "usage")) {
        double jobsPerDay = m.mode().startsWith("cronjob") && m.intervalSeconds() > 0
            ? 86400.0 / m.intervalSeconds() * m.shards() * (m.mode().equals("cronjob-hostpath")
                ? Math.ceil(n / params.get("podsPerNode")) : 1) : 0;
        double checkpointKiB = (m.mode().equals("sidecar") ? 1 : n * params.get("filesPerPod")) * CHECKPOINT_BYTES_PER_FILE
            / 1024.0 / (m.mode().equals("cronjob-hostpath") || m.mode().equals("daemonset")
                ? Math.ceil(n / params.get("podsPerNode")) : 1);
        rows.add(List.of(Fmt.integer(n), m.mode(), Fmt.usd(m.dollarsPerHour()), Fmt.num(m.p95Seconds()),
            m.meets() ? "yes" : "no", m.intervalSeconds() == 0 ? "—" : Integer.toString(m.intervalSeconds()),
            Integer.toString(m.shards()), Fmt.num(m.putCallsPerSecond()),
            Double.isNaN(m.putCallsPerSecond()) ? "—" : m.putCallsPerSecond() > quota ? "**over**" : "ok",
            jobsPerDay == 0 ? "—" : Fmt.integer(jobsPerDay), Fmt.num(checkpointKiB), m.note()));
      }
    }
    b.add(new Report.Paragraph("By the model to 10,000 pods on many nodes (10 MiB/h per pod, F = 10 min, "
        + params.get("podsPerNode").intValue() + " pods per node). PutLogEvents calls: follow modes at most one per "
        + "pod stream per flush (" + Fmt.num(params.get("flushSeconds")) + " s); a CronJob sends its streams' batches "
        + "within its run, so its rate is a burst. The account quota is " + Fmt.integer(quota) + " requests/s per "
        + "Region (see Prices and sources): the follow modes cross it between 1,000 and 10,000 pods unless the flush "
        + "interval grows (fewer, larger batches; freshness grows with it) or the quota is raised. The CronJob must "
        + "shard when one run cannot read its backlog within " + Fmt.num(params.get("maxRunFraction") * 100)
        + " % of its interval; Job churn is the Jobs it creates per day (each a pod start for the scheduler and "
        + "kubelet). Checkpoint size: " + CHECKPOINT_BYTES_PER_FILE + " B per file entry (an estimate of the JSON "
        + "entry size, not measured) x files per checkpoint file."));
    b.add(new Report.Table("Scale by the model", List.of("pods", "mode", "$/h (usage)", "p95 s", "meets F",
        "interval s", "Jobs per run / processes", "PutLogEvents/s", "vs quota", "Jobs per day",
        "checkpoint KiB per file", "note"), rows));
    return new Report.Section("scale", "Scale: 10,000 pods by the model", b);
  }

  static final int CHECKPOINT_BYTES_PER_FILE = 200;

  // ---------------------------------------------------------------- prices

  Report.Section prices() {
    List<List<String>> rows = new ArrayList<>();
    for (Parameters.Parameter p : Parameters.DEFAULTS) {
      rows.add(List.of("`" + p.key() + "`", Fmt.num(params.get(p.key())), p.unit(),
          Fmt.num(p.low()) + "–" + Fmt.num(p.high()), p.source()));
    }
    return new Report.Section("prices", "Prices and sources", List.of(new Report.Table(
        "Every price, quota and assumption of the model (override with --price key=value)",
        List.of("key", "value", "unit", "tornado range", "source (link, date read)"), rows)));
  }

  // ---------------------------------------------------------------- method

  Report.Section method() {
    List<Report.Block> b = new ArrayList<>();
    Set<String> jdks = runs.stream().map(r -> r.provenance().jdk()).collect(Collectors.toCollection(LinkedHashSet::new));
    Set<String> flags = runs.stream().map(r -> r.setup().mode() + ": " + String.join(" ", r.provenance().jvmFlags()))
        .collect(Collectors.toCollection(LinkedHashSet::new));
    double maxLoad = runs.stream().mapToDouble(r -> r.provenance().load().max()).max().orElse(Double.NaN);
    b.add(new Report.Bullets(List.of(
        "Run set: `" + runSet.profile() + "` profile, started " + runSet.started() + ", finished "
            + (runSet.finished() == null ? "— (interrupted)" : runSet.finished()) + ", "
            + Fmt.num(runSet.wallSeconds() / 60) + " min; command `" + String.join(" ", runSet.command()) + "`.",
        "Windows: " + String.join(", ", runSet.windows()) + ".",
        "JDK: " + String.join("; ", jdks) + ".",
        "JVM flags (the images'): " + String.join("; ", flags) + ".",
        "Machine load (1-min average and /proc/stat, sampled every 5 s): up to " + Fmt.num(maxLoad) + " on "
            + (runs.isEmpty() ? 0 : runs.get(0).provenance().machine().cores()) + " cores over whole windows (shipper "
            + "start-up included)" + measuredLoadText() + "; `overloaded` in every table means " + overloadRule()
            + ". Whatever else ran on the machine is in these load figures.",
        "Local simulation: pods are directories written by one writers process (testbed LogWriter, ~"
            + Fmt.num(runs.stream().mapToDouble(r -> r.setup().lineBytes()).filter(x -> x > 0).average().orElse(0))
            + " B nginx lines, rename rotation at 128 KiB, or 10 s of a pod's writing when larger in run sets after "
            + "20261202T035624Z-full); sidecar = one `follow` per pod; DaemonSet = one `follow` "
            + "over every pod directory of its deployment (one node); CronJob = one `run-once` at every wall-clock "
            + "multiple of its interval (Forbid), over every pod directory. Endpoint: the strict local CloudWatch "
            + "Logs endpoint, in the runner's process.",
        "The runner's notes on this run set: " + (runSet.notes() == null || runSet.notes().isEmpty() ? "none"
            : String.join("; ", runSet.notes())) + ".",
        "CPU: wait4 rusage of each whole process (GNU time) and /proc readings at the warm-up's end and the window's "
            + "end (steady state). Memory: mean of /proc VmRSS samples every 200 ms.",
        "Not measured here: Kubernetes itself (no cluster on this machine: see bench/README.md, Kubernetes "
            + "target), network latency to CloudWatch, EFS latency.")));
    return new Report.Section("method", "Method and environment", b);
  }

  /** The measured intervals' load over the runs that recorded it (empty for older run sets). */
  String measuredLoadText() {
    List<StudyRun> split = runs.stream().filter(r -> r.provenance().load().measured() != null).toList();
    if (split.isEmpty()) return "";
    return "; over the measured intervals after the warm-up: median load " + spread(split,
        r -> r.provenance().load().measured().loadMedian()) + ", busy cores " + spread(split,
        r -> r.provenance().load().measured().busyCores()) + " (largest 5-s sample " + Fmt.num(split.stream()
        .mapToDouble(r -> r.provenance().load().measured().busyCoresMax()).max().orElse(Double.NaN)) + ")";
  }

  // ---------------------------------------------------------------- helpers

  static String duration(double seconds) {
    if (seconds < 120) return Fmt.num(seconds) + " s";
    if (seconds < 7200) return Fmt.num(seconds / 60) + " min";
    return Fmt.num(seconds / 3600) + " h";
  }

  static double[] logEdges(double from, double to, int cells) {
    double[] e = new double[cells + 1];
    for (int i = 0; i <= cells; i++) e[i] = from * Math.pow(to / from, i / (double) cells);
    return e;
  }

  static String joined(double[] v) {
    return Arrays.toString(v);
  }
}
