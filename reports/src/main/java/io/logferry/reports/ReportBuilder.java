package io.logferry.reports;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Assembles the report document from a run set: the analysis lives here, the formats only render it. */
final class ReportBuilder {

  /** Freshness targets the break-even table is computed for, in seconds (plus the measured CronJob intervals). */
  static final List<Double> DEFAULT_TARGETS = List.of(60.0, 300.0, 900.0, 3600.0);

  /** Log rates (MiB per pod per hour) the break-even table is computed for, plus the measured ones. */
  static final List<Double> DEFAULT_RATES = List.of(1.0, 10.0, 100.0);

  private final RunSet rs;
  private final CostModel model;
  private final String generatedAt;
  private final List<Report.Section> sections = new ArrayList<>();

  ReportBuilder(RunSet rs, CostModel model, Instant now) {
    this.rs = rs;
    this.model = model;
    this.generatedAt = now.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  Report build() {
    List<ClusterRun> shipping = rs.cluster().stream().filter(r -> !ClusterRun.BASELINE.equals(r.mode())).toList();
    List<RunGroup> groups = RunGroup.of(shipping);
    DecisionGuide guide = DecisionGuide.of(shipping, model, targets(), rates(groups));

    summary(groups, guide);
    decision(guide, groups);
    freshness(groups);
    resources(groups);
    coldStart();
    faults(groups, guide);
    throughput();
    cost(groups);
    method();
    String label = rs.quick() ? " — QUICK profile: shape only, not the measurement" : "";
    return new Report("logferry: sidecar vs CronJob report",
        "Run set `" + rs.name() + "`" + label + " · generated " + generatedAt + " from `" + rs.resultsDir() + "`",
        sections);
  }

  // ---------------------------------------------------------------------------------------------------------------

  private void summary(List<RunGroup> groups, DecisionGuide guide) {
    List<Report.Block> b = new ArrayList<>();
    if (rs.quick()) {
      b.add(new Report.Paragraph("**These results come from the quick profile** (few pods, seconds-long runs, one "
          + "repetition): they show that the pipeline and the report work and the direction of the differences; the "
          + "full profile is the measurement."));
    }
    b.add(new Report.Paragraph(String.format(Locale.ROOT,
        "Inputs: %d scenario runs (%d configurations), %d whole-process runs, %d JMH results. %s",
        rs.cluster().size(), groups.size(), rs.process().size(), rs.jmh().size(),
        rs.problems().isEmpty() ? "Every file was read completely."
            : rs.problems().size() + " notes about missing or unreadable fields are listed under Method.")));
    List<String> bullets = new ArrayList<>();
    long cheaperCron = guide.verdicts().stream().filter(v -> v.cheaper().equals("cronjob")).count();
    long cheaperSc = guide.verdicts().stream().filter(v -> v.cheaper().equals("sidecar")).count();
    long fresherSc = guide.verdicts().stream().filter(v -> v.fresher().equals("sidecar")).count();
    long fresherCron = guide.verdicts().stream().filter(v -> v.fresher().equals("cronjob")).count();
    if (!guide.verdicts().isEmpty()) {
      long cronComputeCheaper = guide.verdicts().stream()
          .filter(v -> v.cronjobWithoutRwxUsdPerHour() < v.sidecarUsdPerHour()).count();
      bullets.add(String.format(Locale.ROOT, "**Cost** (compute + memory + RWX, ingestion excluded as it is equal): "
          + "CronJob cheaper in %d, sidecar in %d of %d measured comparisons. Counting compute and memory only, the "
          + "CronJob would be cheaper in %d: the shared volume's storage and I/O decide.", cheaperCron, cheaperSc,
          guide.verdicts().size(), cronComputeCheaper));
      bullets.add(String.format(Locale.ROOT, "**Freshness** (p95): sidecar fresher in %d, CronJob in %d of %d.",
          fresherSc, fresherCron, guide.verdicts().size()));
    } else {
      bullets.add("No workload was measured in both modes in the steady state: no cost or freshness verdict.");
    }
    if (!guide.faults().isEmpty()) {
      Map<String, List<String>> safer = new LinkedHashMap<>();
      guide.faults().forEach(f -> safer.computeIfAbsent(f.safer(), k -> new ArrayList<>()).add(f.fault()));
      bullets.add("**Loss risk** over " + guide.faults().size() + " fault scenarios (lost lines first, then "
          + "duplicates): " + String.join("; ", safer.entrySet().stream()
              .map(e -> (e.getKey().endsWith("only") ? "measured for the " + e.getKey().replace(" only", "")
                  + " only" : e.getKey().equals("tie") ? "tie" : e.getKey() + " safer") + ": "
                  + String.join(", ", e.getValue())).toList()) + ".");
    }
    List<Double> measuredRates = rates(groups).stream().filter(r -> !DEFAULT_RATES.contains(r)).toList();
    if (!measuredRates.isEmpty()) {
      List<String> parts = new ArrayList<>();
      for (double f : List.of(60.0, 300.0)) {
        for (double r : measuredRates) {
          double n = model.breakEvenPods(r, f);
          parts.add("F = " + duration(f) + ", " + Fmt.num(r) + " MiB/h per pod: "
              + (Double.isInfinite(n) ? "never (sidecars cheaper)" : n <= 1 ? "CronJob cheaper from 1 pod"
                  : "CronJob cheaper above " + (long) Math.ceil(n) + " pods"));
        }
      }
      bullets.add("**Break-even** at the measured rates: " + String.join("; ", parts) + ".");
    }
    b.add(new Report.Bullets(bullets));
    sections.add(new Report.Section("summary", "Summary", b));
  }

  private void decision(DecisionGuide guide, List<RunGroup> groups) {
    List<Report.Block> b = new ArrayList<>();
    b.add(new Report.Paragraph("For each workload measured in both modes: the cheaper mode at the prices of the cost "
        + "model (measured CPU and memory of that run, plus the RWX volume for the CronJob; ingestion left out because "
        + "it is the same bytes), and the fresher one at p95. Medians over repetitions."));
    List<List<String>> rows = new ArrayList<>();
    for (DecisionGuide.Verdict v : guide.verdicts()) {
      rows.add(List.of(v.workload(), v.cronjob(), Fmt.num(v.mibPerPodHour()), Fmt.usd(v.sidecarUsdPerHour()),
          Fmt.usd(v.cronjobUsdPerHour()), Fmt.usd(v.cronjobWithoutRwxUsdPerHour()), v.cheaper(),
          Fmt.num(v.sidecarP95Seconds()),
          Fmt.num(v.cronjobP95Seconds()), v.fresher()));
    }
    b.add(new Report.Table("Measured workloads: who wins", List.of("workload", "against", "MiB/h per pod",
        "sidecar $/h", "cronjob $/h", "of which compute + memory", "cheaper", "sidecar p95 s", "cronjob p95 s",
        "fresher"), rows));

    List<List<String>> frows = new ArrayList<>();
    for (DecisionGuide.FaultOutcome f : guide.faults()) {
      frows.add(List.of(f.fault(), Fmt.integer(f.sidecarLost()), Fmt.integer(f.sidecarDuplicated()),
          Fmt.integer(f.cronjobLost()), Fmt.integer(f.cronjobDuplicated()), f.safer()));
    }
    b.add(new Report.Table("Loss risk per fault scenario (lines; lost weighs more than duplicated)",
        List.of("fault", "sidecar lost", "sidecar duplicated", "cronjob lost", "cronjob duplicated", "safer"), frows));

    b.add(new Report.Paragraph("**Rules of thumb from these measurements:**"));
    b.add(new Report.Bullets(rulesOfThumb(guide, groups)));

    b.add(new Report.Paragraph("**Break-even.** A freshness target F means a CronJob interval of about F (a line "
        + "waits at most one interval plus the run). With `r` MiB/h per pod and `N` pods:"));
    b.add(new Report.Preformatted(String.join("\n",
        "sidecar $/h  = N × (idle + c_sc × r)",
        "cronjob $/h  = (3600 / F) × fixed + (c_cj + rwx_io + rwx_store) × N × r",
        "break-even N* = (3600 / F) × fixed / (idle + (c_sc − c_cj − rwx_io − rwx_store) × r)",
        "                (CronJob cheaper when N > N*; never when the denominator is ≤ 0)",
        "",
        "idle      = " + Fmt.usd(model.sidecarIdlePerPodHour()) + " per pod-hour   (" + Fmt.num(model.sidecarFit().intercept())
            + " CPU s/h + " + Fmt.num(model.sidecarRssGiB() * 1024) + " MiB held all hour)",
        "c_sc      = " + Fmt.usd(model.sidecarPerMiB()) + " per MiB          (" + Fmt.num(model.sidecarFit().slope())
            + " CPU s/MiB)",
        "fixed     = " + Fmt.usd(model.cronjobFixedPerRun()) + " per run           (" + Fmt.num(model.cronjobFit().intercept())
            + " CPU s and " + Fmt.num(model.cronjobWallFit().intercept()) + " s wall per cold start, "
            + Fmt.num(model.cronjobRssGiB() * 1024) + " MiB while running)",
        "c_cj      = " + Fmt.usd(model.cronjobPerMiB()) + " per MiB          (" + Fmt.num(model.cronjobFit().slope())
            + " CPU s/MiB drained)",
        "rwx_io    = " + Fmt.usd(model.rwxIoPerMiB()) + " per MiB          (EFS write + read)",
        "rwx_store = " + Fmt.usd(model.rwxStoragePerMiBHour()) + " per MiB/h        ("
            + Fmt.num(model.prices().rwxRetentionHours()) + " h retained at EFS $/GB-month)",
        "",
        "sidecar fit: " + model.sidecarFit().method(),
        "cronjob fit: " + model.cronjobFit().method(),
        "cronjob wall-time fit: " + model.cronjobWallFit().method())));

    List<Double> rates = guide.breakEvens().stream().map(DecisionGuide.BreakEven::mibPerPodHour).distinct().toList();
    List<String> cols = new ArrayList<>(List.of("freshness target F"));
    rates.forEach(r -> cols.add(Fmt.num(r) + " MiB/h per pod"));
    List<List<String>> brows = new ArrayList<>();
    for (double f : guide.breakEvens().stream().map(DecisionGuide.BreakEven::freshnessTargetSeconds).distinct().toList()) {
      List<String> row = new ArrayList<>(List.of(duration(f)));
      for (double r : rates) {
        guide.breakEvens().stream()
            .filter(x -> x.freshnessTargetSeconds() == f && x.mibPerPodHour() == r)
            .findFirst()
            .ifPresent(x -> row.add(breakEvenCell(x)));
      }
      brows.add(row);
    }
    b.add(new Report.Table("Break-even pod count N* (one CronJob cheaper above it; ≤ 1: cheaper even for one pod; "
        + "never: sidecars cheaper at any pod count); in brackets N* × r, the total MiB/h", cols, brows));

    // Sensitivity: the shared volume's price often decides; show the break-even without it.
    java.util.Properties free = new java.util.Properties();
    free.setProperty("rwxGbMonth", "0");
    free.setProperty("rwxWritePerGb", "0");
    free.setProperty("rwxReadPerGb", "0");
    CostModel noRwx = model.withPrices(Prices.from(free, model.prices()));
    List<List<String>> nrows = new ArrayList<>();
    for (double f : guide.breakEvens().stream().map(DecisionGuide.BreakEven::freshnessTargetSeconds).distinct().toList()) {
      List<String> row = new ArrayList<>(List.of(duration(f)));
      for (double r : rates) row.add(breakEvenCell(new DecisionGuide.BreakEven(f, r, noRwx.breakEvenPods(r, f))));
      nrows.add(row);
    }
    b.add(new Report.Table("Sensitivity: the same break-even if the shared volume cost nothing (storage and I/O = 0), "
        + "e.g. an already-paid file system", cols, nrows));

    // Chart the measured rate where the lines cross (a finite N* at F = 1 min), else the highest measured rate.
    List<Double> measured = groups.stream().filter(g -> ClusterRun.SIDECAR.equals(g.mode()) && g.first().steady())
        .map(g -> g.median(ClusterRun::mibPerPodHour)).filter(d -> !Double.isNaN(d)).sorted().toList();
    double rate = measured.stream().filter(r -> Double.isFinite(model.breakEvenPods(r, 60)))
        .reduce((a, c) -> c).orElse(measured.isEmpty() ? 10 : measured.get(measured.size() - 1));
    XYSeriesCollection data = new XYSeriesCollection();
    XYSeries sc = Charts.series("sidecar");
    XYSeries cj1 = Charts.series("cronjob, F = 1 min");
    XYSeries cj5 = Charts.series("cronjob, F = 5 min");
    XYSeries cj15 = Charts.series("cronjob, F = 15 min");
    double maxPods = Math.max(50, Math.min(2000, 2 * finiteOr(model.breakEvenPods(rate, 60), 25)));
    for (int i = 0; i <= 20; i++) {
      double n = Math.max(1, Math.round(maxPods * i / 20));
      sc.add(n, model.sidecarPerHour(n, rate));
      cj1.add(n, model.cronjobPerHour(n, rate, 60));
      cj5.add(n, model.cronjobPerHour(n, rate, 300));
      cj15.add(n, model.cronjobPerHour(n, rate, 900));
    }
    data.addSeries(sc);
    data.addSeries(cj1);
    data.addSeries(cj5);
    data.addSeries(cj15);
    b.add(Charts.lines("cost-vs-pods", "Modelled cost per hour vs pods (" + Fmt.num(rate) + " MiB/h per pod)",
        "pods", "USD per hour (without ingestion)", data, false,
        "The sidecar line rises with every pod; the CronJob pays per run (steeper at short F) plus per MiB. "
            + "Where they cross is N*."));
    sections.add(new Report.Section("decision", "Decision guide", b));
  }

  private List<String> rulesOfThumb(DecisionGuide guide, List<RunGroup> groups) {
    List<String> out = new ArrayList<>();
    double scP95 = groups.stream().filter(g -> g.first().steady() && ClusterRun.SIDECAR.equals(g.mode()))
        .mapToDouble(g -> g.median(r -> r.freshness().p95())).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN);
    groups.stream().filter(g -> g.first().steady() && ClusterRun.CRONJOB.equals(g.mode()))
        .mapToDouble(g -> g.median(r -> r.freshness().p95() / r.intervalSeconds()))
        .filter(d -> !Double.isNaN(d)).max()
        .ifPresent(ratio -> out.add(String.format(Locale.ROOT, "**Freshness:** a CronJob's p95 freshness was up to "
            + "%.1f× its interval; the sidecar's p95 stayed at or below %s s. A target below one CronJob interval "
            + "plus a run (cold start included) needs the sidecar.", ratio, Fmt.num(scP95))));
    out.add("**Cost:** below N* pods (table below) per-pod sidecars are cheaper; above it one CronJob is. N* grows "
        + "as the freshness target shrinks (more runs per hour, each paying a cold start), and is \"never\" once a "
        + "pod's log rate r makes the CronJob's extra cost per pod, (c_cj + rwx_io + rwx_store − c_sc) × r, reach "
        + "the idle cost of a sidecar: busy pods on a shared volume are cheaper with sidecars.");
    List<String> cronLoses = guide.faults().stream()
        .filter(f -> f.cronjobLost() > 0 && !(f.sidecarLost() >= f.cronjobLost())).map(DecisionGuide.FaultOutcome::fault)
        .toList();
    List<String> scLoses = guide.faults().stream()
        .filter(f -> f.sidecarLost() > 0 && !(f.cronjobLost() >= f.sidecarLost())).map(DecisionGuide.FaultOutcome::fault)
        .toList();
    List<String> dups = guide.faults().stream()
        .filter(f -> f.sidecarDuplicated() > 0 || f.cronjobDuplicated() > 0).map(DecisionGuide.FaultOutcome::fault)
        .toList();
    if (!guide.faults().isEmpty()) {
      out.add("**Loss risk:** " + (cronLoses.isEmpty() ? "the CronJob lost no more lines than the sidecar in any "
          + "fault scenario" : "the CronJob lost more lines under " + String.join(", ", cronLoses)) + "; "
          + (scLoses.isEmpty() ? "the sidecar lost no more than the CronJob in any" : "the sidecar lost more under "
          + String.join(", ", scLoses)) + ". " + (dups.isEmpty() ? "No duplicates." : "Duplicates (at-least-once "
          + "redelivery) appeared under " + String.join(", ", dups) + "."));
    }
    return out;
  }

  private void freshness(List<RunGroup> groups) {
    List<Report.Block> b = new ArrayList<>();
    List<RunGroup> steady = groups.stream().filter(g -> g.first().steady()).toList();
    // The workload measured in the most modes (then the most pods, then the highest rate) is the one to compare.
    RunGroup pick = steady.stream().max(Comparator
        .<RunGroup>comparingLong(g -> steady.stream().filter(o -> o.first().pods() == g.first().pods()
            && o.first().ratePerPod() == g.first().ratePerPod()).count())
        .thenComparingInt(g -> g.first().pods())
        .thenComparingDouble(g -> g.first().ratePerPod())).orElse(null);
    int maxPods = pick == null ? 0 : pick.first().pods();
    double maxRate = pick == null ? 0 : pick.first().ratePerPod();
    DefaultCategoryDataset d = new DefaultCategoryDataset();
    for (RunGroup g : steady) {
      if (g.first().pods() != maxPods || g.first().ratePerPod() != maxRate) continue;
      add(d, g.median(r -> r.freshness().p50()), g.modeLabel(), "p50");
      add(d, g.median(r -> r.freshness().p95()), g.modeLabel(), "p95");
      add(d, g.median(r -> r.freshness().p99()), g.modeLabel(), "p99");
      add(d, g.median(r -> r.freshness().max()), g.modeLabel(), "max");
    }
    chartOrNote(b, d, () -> Charts.bars("freshness", "Freshness per mode (" + maxPods + " pods × "
        + Fmt.num(maxRate) + " lines/s)", "percentile", "seconds from write to ingestion", d,
        "Ingestion time minus the write time stamped in each line. A CronJob's freshness is bounded by its interval "
            + "plus the run; a sidecar's by its batch delay."), "no steady-state freshness figures");
    List<List<String>> rows = new ArrayList<>();
    for (RunGroup g : steady) {
      rows.add(List.of(g.modeLabel(), g.workload(), Fmt.spread(g.spread(r -> r.freshness().p50())),
          Fmt.spread(g.spread(r -> r.freshness().p95())), Fmt.spread(g.spread(r -> r.freshness().p99())),
          Fmt.spread(g.spread(r -> r.freshness().max())), Integer.toString(g.runs().size())));
    }
    b.add(new Report.Table("Freshness in seconds: median (min–max) over repetitions",
        List.of("mode", "workload", "p50", "p95", "p99", "max", "n"), rows));
    sections.add(new Report.Section("freshness", "Freshness", b));
  }

  private void resources(List<RunGroup> groups) {
    List<Report.Block> b = new ArrayList<>();
    List<RunGroup> steady = groups.stream().filter(g -> g.first().steady()).toList();
    Set<Double> rates = new TreeSet<>();
    steady.forEach(g -> rates.add(g.first().ratePerPod()));
    boolean manyRates = rates.size() > 1;
    // The rate measured in the most configurations (then the highest) gives the fullest lines.
    double chartRate = rates.stream().max(Comparator
        .<Double>comparingLong(rate -> steady.stream().filter(g -> g.first().ratePerPod() == rate).count())
        .thenComparingDouble(rate -> rate)).orElse(0.0);
    XYSeriesCollection cpu = new XYSeriesCollection();
    XYSeriesCollection mem = new XYSeriesCollection();
    for (RunGroup g : steady) {
      if (g.first().ratePerPod() != chartRate) continue;
      String key = g.modeLabel();
      addPoint(cpu, key + " total", g.first().pods(), g.median(r -> r.cpuSecondsTotal() / r.durationSeconds() * 1000));
      addPoint(cpu, key + " per pod", g.first().pods(), g.median(r -> r.cpuSecondsPerPod() / r.durationSeconds() * 1000));
      addPoint(mem, key + " total", g.first().pods(), g.median(ClusterRun::rssPeakMiBTotal));
      addPoint(mem, key + " per pod", g.first().pods(), g.median(ClusterRun::rssPeakMiBPerPod));
    }
    String at = manyRates ? " at " + Fmt.num(chartRate) + " lines/s per pod" : "";
    if (cpu.getSeriesCount() > 0) {
      b.add(Charts.lines("cpu-vs-pods", "Shipper CPU vs pods" + at, "pods", "millicores (mean over the run)", cpu,
          false, "Solid: all pods together; dashed: per pod. Writers excluded."));
    } else {
      b.add(new Report.Paragraph("No CPU figures: nothing to chart."));
    }
    if (mem.getSeriesCount() > 0) {
      b.add(Charts.lines("memory-vs-pods", "Shipper peak RSS vs pods" + at, "pods", "MiB", mem, false,
          "Solid: sum over pods (CronJob: one process per run, so total = per run); dashed: per pod."));
    }
    List<List<String>> rows = new ArrayList<>();
    for (RunGroup g : steady) {
      rows.add(List.of(g.modeLabel(), g.workload(),
          Fmt.spread(g.spread(r -> r.cpuSecondsTotal() / r.durationSeconds() * 1000)),
          Fmt.spread(g.spread(r -> r.cpuSecondsPerPod() / r.durationSeconds() * 1000)),
          Fmt.spread(g.spread(ClusterRun::rssPeakMiBTotal)), Fmt.spread(g.spread(ClusterRun::rssPeakMiBPerPod)),
          Fmt.spread(g.spread(ClusterRun::rssMeanMiBTotal)),
          Fmt.spread(g.spread(ClusterRun::putLogEventsCalls)), Fmt.spread(g.spread(ClusterRun::putLogEventsMiB)),
          Fmt.spread(g.spread(ClusterRun::writerMaxLatencyMs)), Integer.toString(g.runs().size())));
    }
    b.add(new Report.Table("CPU, memory and API calls: median (min–max)", List.of("mode", "workload",
        "CPU m total", "CPU m per pod", "peak RSS MiB total", "peak RSS MiB per pod", "mean RSS MiB total",
        "PutLogEvents calls", "PutLogEvents MiB", "writer max write ms", "n"), rows));
    writerInterference(b);
    sections.add(new Report.Section("resources", "CPU and memory", b));
  }

  /** The writers' slowest write per mode, next to the writers-only baseline of the same workload. */
  private void writerInterference(List<Report.Block> b) {
    List<RunGroup> all = RunGroup.of(rs.cluster().stream().filter(ClusterRun::steady).toList());
    Map<String, Map<String, String>> byWorkload = new LinkedHashMap<>();
    Set<String> modes = new LinkedHashSet<>(List.of(ClusterRun.BASELINE));
    for (RunGroup g : all) {
      modes.add(g.modeLabel());
      byWorkload.computeIfAbsent(g.workload(), k -> new LinkedHashMap<>())
          .put(g.modeLabel(), Fmt.spread(g.spread(ClusterRun::writerMaxLatencyMs)));
    }
    if (byWorkload.isEmpty()) return;
    List<String> cols = new ArrayList<>(List.of("workload"));
    modes.forEach(m -> cols.add(m + " ms"));
    List<List<String>> rows = new ArrayList<>();
    byWorkload.forEach((w, m) -> {
      List<String> row = new ArrayList<>(List.of(w));
      modes.forEach(mode -> row.add(m.getOrDefault(mode, Fmt.MISSING)));
      rows.add(row);
    });
    b.add(new Report.Table("Writer interference: the writers' slowest single write, against the writers-only baseline",
        cols, rows));
  }

  private void coldStart() {
    List<Report.Block> b = new ArrayList<>();
    Map<String, List<Double>> byJdk = new LinkedHashMap<>();
    for (ClusterRun r : rs.cluster()) {
      if (!ClusterRun.CRONJOB.equals(r.mode())) continue;
      byJdk.computeIfAbsent("CronJob runs · JDK " + r.environment().jdkVersion(), k -> new ArrayList<>()).addAll(r.coldStartSeconds());
    }
    DefaultCategoryDataset d = new DefaultCategoryDataset();
    List<List<String>> rows = new ArrayList<>();
    byJdk.forEach((jdk, v) -> {
      Spread s = Spread.of(v);
      if (s.present()) d.addValue(s.median(), "median", jdk);
      rows.add(List.of(jdk, Integer.toString(s.n()), Fmt.num(s.median()), Fmt.iqr(s), Fmt.num(s.min()) + "–"
          + Fmt.num(s.max())));
    });
    Map<String, List<Double>> startUps = new LinkedHashMap<>();
    rs.process().stream().sorted(Comparator.comparing(ProcessResult::variant))
        .forEach(p -> startUps.computeIfAbsent("process start-up · " + p.variant(), k -> new ArrayList<>())
            .add(p.wallSeconds() - p.runSeconds()));
    startUps.forEach((k, v) -> {
      Spread s = Spread.of(v);
      if (!s.present()) return;
      d.addValue(s.median(), "median", k);
      rows.add(List.of(k, Integer.toString(s.n()), Fmt.num(s.median()), Fmt.iqr(s),
          Fmt.num(s.min()) + "–" + Fmt.num(s.max())));
    });
    for (JmhResult j : rs.jmh()) {
      if (!j.benchmark().startsWith("ColdBenchmark.")) continue;
      String key = "JMH " + j.benchmark().substring("ColdBenchmark.".length())
          + (j.params().isEmpty() ? "" : " " + j.params().values()) + " · JDK " + j.jdkVersion();
      double seconds = j.unit().equals("ms/op") ? j.score() / 1000 : j.unit().equals("s/op") ? j.score() : Double.NaN;
      if (Double.isNaN(seconds)) continue;
      d.addValue(seconds, "median", key);
      rows.add(List.of(key, "JMH " + j.forks() + " forks", Fmt.num(seconds), Fmt.MISSING,
          Double.isNaN(j.scoreError()) ? Fmt.MISSING : "± " + Fmt.num(j.scoreError() / 1000)));
    }
    chartOrNote(b, d, () -> Charts.bars("cold-start", "Cold start per JDK / variant (median)", "", "seconds", d,
        "Scenario runs: wall time of the CronJob runs that found nothing to ship (JVM start, boot, scan, "
            + "checkpoint). Process start-up: whole-process wall time minus the run's own time (JVM start and boot). "
            + "JMH ColdBenchmark: one fresh JVM per operation."),
        "no cold-start figures (no CronJob runs, no ColdBenchmark)");
    b.add(new Report.Table("Cold start and start-up (seconds)", List.of("JDK / variant", "runs", "median", "IQR",
        "min–max"), rows));
    sections.add(new Report.Section("coldstart", "Cold start", b));
  }

  private void faults(List<RunGroup> groups, DecisionGuide guide) {
    List<Report.Block> b = new ArrayList<>();
    DefaultCategoryDataset d = new DefaultCategoryDataset();
    for (DecisionGuide.FaultOutcome f : guide.faults()) {
      add(d, f.sidecarLost(), "sidecar lost", f.fault());
      add(d, f.sidecarDuplicated(), "sidecar duplicated", f.fault());
      add(d, f.cronjobLost(), "cronjob lost", f.fault());
      add(d, f.cronjobDuplicated(), "cronjob duplicated", f.fault());
    }
    chartOrNote(b, d, () -> Charts.bars("faults", "Lost and duplicated lines per fault scenario", "fault",
        "lines", d, "Lines written but never delivered (lost) or delivered more than once (duplicated)."),
        "no fault-scenario runs in this run set");
    List<List<String>> rows = new ArrayList<>();
    List<String> verdicts = new ArrayList<>();
    for (RunGroup g : groups) {
      if (g.first().steady()) continue;
      rows.add(List.of(g.first().fault(), g.modeLabel(), g.workload(), Fmt.spread(g.spread(ClusterRun::linesWritten)),
          Fmt.spread(g.spread(ClusterRun::linesDelivered)), Fmt.spread(g.spread(ClusterRun::linesLost)),
          Fmt.spread(g.spread(ClusterRun::linesDuplicated)), Fmt.spread(g.spread(r -> r.freshness().max())),
          Integer.toString(g.runs().size())));
      if (!g.first().faultVerdict().isBlank()) {
        verdicts.add("**" + g.first().fault() + ", " + g.modeLabel() + ":** " + g.first().faultVerdict());
      }
    }
    b.add(new Report.Table("Fault scenarios: median (min–max)", List.of("fault", "mode", "workload", "written",
        "delivered", "lost", "duplicated", "freshness max s", "n"), rows));
    if (!verdicts.isEmpty()) {
      b.add(new Report.Paragraph("The scenario runner's verdict per fault run:"));
      b.add(new Report.Bullets(verdicts));
    }
    sections.add(new Report.Section("faults", "Loss and duplicates", b));
  }

  private void throughput() {
    List<Report.Block> b = new ArrayList<>();
    Map<String, List<ProcessResult>> bySinkJdk = new LinkedHashMap<>();
    rs.process().stream()
        .sorted(Comparator.comparing(ProcessResult::sink).thenComparing(p -> p.environment().jdkVersion()))
        .forEach(p -> bySinkJdk.computeIfAbsent(p.sink() + "|" + p.variant(), k -> new ArrayList<>()).add(p));
    DefaultCategoryDataset d = new DefaultCategoryDataset();
    List<List<String>> rows = new ArrayList<>();
    bySinkJdk.forEach((k, list) -> {
      ProcessResult p = list.get(0);
      Spread mibs = Spread.of(list.stream().map(ProcessResult::mibPerSecond).toList());
      add(d, mibs.median(), p.variant(), p.sink());
      rows.add(List.of(p.sink(), p.environment().jdkLabel(), p.label().isEmpty() ? "default" : p.label(), p.profile(),
          Fmt.spread(mibs), Fmt.iqr(mibs),
          Fmt.spread(Spread.of(list.stream().map(ProcessResult::linesPerSecond).toList())),
          Fmt.spread(Spread.of(list.stream().map(ProcessResult::cpuSecondsPerGiB).toList())),
          Fmt.spread(Spread.of(list.stream().map(ProcessResult::peakRssMiB).toList())),
          Integer.toString(list.size())));
    });
    chartOrNote(b, d, () -> Charts.bars("throughput-process", "Whole-process throughput per sink and JDK", "sink",
        "MiB/s", d, "The real binary draining a generated file (median over repetitions)."),
        "no whole-process results");
    b.add(new Report.Table("Whole-process runs: median (min–max)", List.of("sink", "JDK", "variant", "profile", "MiB/s",
        "IQR", "lines/s", "CPU s per GiB", "peak RSS MiB", "n"), rows));

    // JMH: chart the unit most benchmarks share, table everything.
    Map<String, Long> units = new LinkedHashMap<>();
    rs.jmh().forEach(j -> units.merge(j.unitMeaning(), 1L, Long::sum));
    String unit = units.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
    DefaultCategoryDataset jd = new DefaultCategoryDataset();
    List<List<String>> jrows = new ArrayList<>();
    for (JmhResult j : rs.jmh()) {
      if (j.unitMeaning().equals(unit)) jd.addValue(j.score(), "JDK " + j.jdkVersion() + " · " + j.profile(), shortLabel(j));
      jrows.add(List.of(j.label(), j.mode(), Fmt.num(j.score()), Double.isNaN(j.scoreError()) ? Fmt.MISSING
          : "± " + Fmt.num(j.scoreError()), j.unit(), j.unitMeaning(), j.jdkVersion(), j.profile(),
          Integer.toString(j.forks())));
    }
    chartOrNote(b, jd, () -> Charts.bars("throughput-jmh", "JMH scores (" + unit + ")", "benchmark", unit, jd,
        "Primary metric of each benchmark in " + unit + "; benchmarks in other units are in the table."),
        "no JMH results");
    b.add(new Report.Table("JMH results (score ± 99.9% confidence half-width)",
        List.of("benchmark", "mode", "score", "error", "unit", "meaning", "JDK", "profile", "forks"), jrows));
    sections.add(new Report.Section("throughput", "Throughput", b));
  }

  private void cost(List<RunGroup> groups) {
    List<Report.Block> b = new ArrayList<>();
    b.add(new Report.Paragraph("Prices are inputs: override them with `--prices file.properties` or "
        + "`--price key=value`. Defaults are AWS us-east-1 on-demand list prices."));
    List<List<String>> prows = new ArrayList<>();
    Map<String, Double> p = model.prices().asMap();
    Prices.KEYS.forEach((k, src) -> prows.add(List.of("`" + k + "`", Fmt.num(p.get(k)),
        model.prices().isDefault(k) ? "default" : "overridden", src)));
    b.add(new Report.Table("Prices", List.of("key", "value", "", "meaning and source of the default"), prows));
    b.add(new Report.Paragraph("Costs are for consumption on shared nodes (requests sized to what was measured). "
        + "Memory is charged at peak RSS: that is what a pod must request. Sidecars hold it all hour; a CronJob run "
        + "holds it for its wall time. On Fargate-style per-pod billing each Job pod would instead pay at least one "
        + "minute of its requested vCPU and memory per run, which raises the CronJob's fixed cost per run. The sidecar's log files "
        + "sit on node-local emptyDir (no extra charge); the CronJob's on the ReadWriteMany volume, which costs "
        + "storage for the retention time plus Elastic Throughput for the bytes written and read back. "
        + "**CloudWatch ingestion is identical in both modes** (the same bytes are sent) and is shown for scale."));
    List<List<String>> rows = new ArrayList<>();
    for (RunGroup g : groups) {
      if (!g.first().steady()) continue;
      ToDoubleFunction<String> part = k -> g.median(r -> model.measuredPerHour(r).get(k));
      rows.add(List.of(g.modeLabel(), g.workload(), Fmt.num(g.median(ClusterRun::mibPerPodHour)),
          Fmt.usd(part.applyAsDouble("cpu")), Fmt.usd(part.applyAsDouble("memory")), Fmt.usd(part.applyAsDouble("rwx")),
          Fmt.usd(part.applyAsDouble("ingestion")), Fmt.usd(part.applyAsDouble("total")),
          Fmt.usd(part.applyAsDouble("total") * Prices.HOURS_PER_MONTH)));
    }
    b.add(new Report.Table("Measured workloads at these prices (medians)", List.of("mode", "workload",
        "MiB/h per pod", "CPU $/h", "memory $/h", "RWX $/h", "ingestion $/h", "total $/h", "total $/month"), rows));
    sections.add(new Report.Section("cost", "Cost model", b));
  }

  private void method() {
    List<Report.Block> b = new ArrayList<>();
    Set<List<String>> envs = new LinkedHashSet<>();
    rs.cluster().forEach(r -> envs.add(envRow("scenario runs", r.environment())));
    rs.process().forEach(r -> envs.add(envRow("whole-process", r.environment())));
    rs.jmh().forEach(j -> envs.add(envRow("JMH", j.environment())));
    b.add(new Report.Table("Environment (one row per distinct machine/JDK/commit)", List.of("results", "CPU",
        "cores", "memory MiB", "OS", "JDK", "commit", "date", "load avg before"), new ArrayList<>(envs)));
    b.add(new Report.Paragraph("The load average is the machine's 1-minute load when a run started: on a 2-core "
        + "machine shared with other work, a load well above 2 means the figures include waiting for CPU."));
    b.add(new Report.Bullets(List.of(
        "Scenario runs: every pod is a writer process appending to rotating files; sidecar = one `logferry follow` "
            + "per pod, CronJob = one `logferry run-once` over all pods' directories every interval, both against a "
            + "local CloudWatch Logs endpoint that counts PutLogEvents calls and bytes.",
        "Freshness = endpoint ingestion time − write time carried in each line (ground truth, independent of the "
            + "shipper's clock). Lost/duplicated = written lines missing from / repeated at the endpoint.",
        "Medians over repetitions with min–max (and IQR where shown); `n` is the number of repetitions.",
        "Costs: see the cost model; break-even from the fitted per-pod and per-run coefficients.",
        "Report generated by `reports/generate.sh` (module `reports`, JFreeChart 1.5.6 + JFreeSVG 5.0.7).")));
    if (!rs.problems().isEmpty()) {
      b.add(new Report.Paragraph("**What the inputs lacked** (the figures are shown as — instead of guessed):"));
      b.add(new Report.Bullets(rs.problems()));
    }
    List<String> files = new ArrayList<>();
    rs.cluster().forEach(r -> files.add(r.file()));
    rs.process().forEach(r -> files.add(r.file()));
    rs.jmh().stream().map(JmhResult::file).distinct().forEach(files::add);
    b.add(new Report.Paragraph("Input files (" + files.size() + "): " + (files.isEmpty() ? "none"
        : String.join(", ", files.stream().map(f -> "`" + f + "`").toList()))));
    sections.add(new Report.Section("method", "Method and environment", b));
  }

  // ---------------------------------------------------------------------------------------------------------------

  private List<Double> targets() {
    Set<Double> t = new TreeSet<>(DEFAULT_TARGETS);
    rs.cluster().stream().filter(r -> ClusterRun.CRONJOB.equals(r.mode()) && !Double.isNaN(r.intervalSeconds()))
        .forEach(r -> t.add(r.intervalSeconds()));
    return new ArrayList<>(t);
  }

  private static List<Double> rates(List<RunGroup> groups) {
    Set<Double> r = new TreeSet<>(DEFAULT_RATES);
    groups.stream().filter(g -> g.first().steady() && ClusterRun.SIDECAR.equals(g.mode()))
        .map(g -> round1(g.median(ClusterRun::mibPerPodHour)))
        .filter(d -> !Double.isNaN(d) && d > 0)
        .forEach(r::add);
    return new ArrayList<>(r);
  }

  private static List<String> envRow(String kind, Environment e) {
    return List.of(kind, e.cpuModel(), e.cores() == 0 ? Fmt.MISSING : Integer.toString(e.cores()),
        e.memMiB() == 0 ? Fmt.MISSING : Long.toString(e.memMiB()), e.os(), e.jdkLabel(), shortCommit(e.commit()),
        e.date().length() >= 10 ? e.date().substring(0, 10) : e.date(), Fmt.num(e.loadAverage()));
  }

  private static String shortCommit(String c) {
    return c.length() > 12 && c.matches("[0-9a-f]{12}.*") ? c.substring(0, 12) + (c.endsWith("-dirty") ? "-dirty" : "")
        : c;
  }

  private static String shortLabel(JmhResult j) {
    String l = j.label();
    return l.length() > 48 ? l.substring(0, 47) + "…" : l;
  }

  static String podsText(double pods) {
    if (Double.isInfinite(pods)) return "never";
    if (pods <= 1) return "≤ 1";
    return "N* = " + (long) Math.ceil(pods);
  }

  static String breakEvenCell(DecisionGuide.BreakEven x) {
    if (Double.isInfinite(x.pods()) || x.pods() <= 1) return podsText(x.pods());
    return podsText(x.pods()) + " (" + Fmt.num(Math.ceil(x.pods()) * x.mibPerPodHour()) + " MiB/h)";
  }

  static String duration(double seconds) {
    if (seconds >= 3600 && seconds % 3600 == 0) return (long) (seconds / 3600) + " h";
    if (seconds >= 60 && seconds % 60 == 0) return (long) (seconds / 60) + " min";
    return Fmt.num(seconds) + " s";
  }

  /** To 0.1 MiB/h: the same workload measured at several pod counts differs in the third digit only. */
  private static double round1(double d) {
    return Double.isNaN(d) ? d : Math.round(d * 10) / 10.0;
  }

  private static double finiteOr(double d, double fallback) {
    return Double.isNaN(d) || Double.isInfinite(d) ? fallback : d;
  }

  private static void add(DefaultCategoryDataset d, double value, String series, String category) {
    if (!Double.isNaN(value)) d.addValue(value, series, category);
  }

  private static void addPoint(XYSeriesCollection c, String key, double x, double y) {
    if (Double.isNaN(y)) return;
    XYSeries s;
    int i = c.getSeriesIndex(key);
    if (i < 0) {
      s = Charts.series(key);
      c.addSeries(s);
    } else {
      s = c.getSeries(i);
    }
    s.addOrUpdate(x, y);
  }

  private static void chartOrNote(List<Report.Block> b, DefaultCategoryDataset d,
      java.util.function.Supplier<Report.Chart> chart, String note) {
    if (d.getRowCount() == 0) b.add(new Report.Paragraph("No chart: " + note + "."));
    else b.add(chart.get());
  }
}
