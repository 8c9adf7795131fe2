package io.logferry.reports;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * Reads {@code results/} and writes the reports.
 *
 * <pre>
 * reports/generate.sh [--results results] [--out reports] [--run-set NAME] [--label "where the results came from"]
 *                     [--prices prices.properties] [--price vcpuHour=0.05 ...] [--format markdown,html]
 * </pre>
 *
 * One report per cluster run set ({@code results/cluster/<date>-<profile>/}) in {@code <out>/<run set>/}; the newest
 * run set's report is also written to {@code <out>/} itself. Exit codes: 0 written, 2 usage error, 1 I/O failure.
 */
public final class ReportMain {

  private ReportMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, Instant.now()));
  }

  /** Everything {@link #main} does, without exiting: for tests and for embedding. */
  public static int run(String[] args, PrintStream out, PrintStream err, Instant now) {
    // Charts are drawn with Java2D into SVG text: no display is needed, and none must be looked for.
    System.setProperty("java.awt.headless", "true");
    Path results = Path.of("results");
    Path outDir = Path.of("reports", "latest");
    String only = null;
    String label = null;
    Properties priceProps = new Properties();
    Set<ReportFormat> formats = EnumSet.allOf(ReportFormat.class);
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--results" -> results = Path.of(value(args, ++i, a));
          case "--out" -> outDir = Path.of(value(args, ++i, a));
          case "--run-set" -> only = value(args, ++i, a);
          case "--label" -> label = value(args, ++i, a);
          case "--prices" -> {
            Path f = Path.of(value(args, ++i, a));
            try (InputStream in = Files.newInputStream(f)) {
              Properties fromFile = new Properties();
              fromFile.load(in);
              fromFile.forEach(priceProps::putIfAbsent);
            } catch (IOException e) {
              throw new IllegalArgumentException("cannot read --prices " + f + ": " + e.getMessage(), e);
            }
          }
          case "--price" -> {
            String kv = value(args, ++i, a);
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--price wants key=value, got '" + kv + "'");
            priceProps.setProperty(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
          }
          case "--format" -> {
            formats = EnumSet.noneOf(ReportFormat.class);
            for (String f : value(args, ++i, a).split(",")) {
              formats.add(ReportFormat.valueOf(f.trim().toUpperCase(Locale.ROOT)));
            }
          }
          case "-h", "--help" -> {
            out.println("usage: reports/generate.sh [--results DIR] [--out DIR] [--run-set NAME] [--label TEXT] "
                + "[--prices FILE] [--price key=value]... [--format markdown,html]");
            out.println("prices: " + String.join(", ", Prices.KEYS.keySet()));
            return 0;
          }
          default -> throw new IllegalArgumentException("unknown option '" + a + "' (try --help)");
        }
      }
      // A key is the study model's (io.logferry.reports.study.Parameters), the older report's (Prices), or both.
      java.util.Map<String, Double> studyParams = io.logferry.reports.study.Parameters.defaults();
      Properties legacy = new Properties();
      for (String key : priceProps.stringPropertyNames()) {
        boolean known = false;
        if (studyParams.containsKey(key)) {
          known = true;
          try {
            studyParams.put(key, Double.parseDouble(priceProps.getProperty(key).trim()));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("price '" + key + "' is not a number: '" + priceProps.getProperty(key) + "'");
          }
        }
        if (Prices.KEYS.containsKey(key)) {
          known = true;
          legacy.setProperty(key, priceProps.getProperty(key));
        }
        if (!known) {
          throw new IllegalArgumentException("unknown price '" + key + "'; known: "
              + String.join(", ", studyParams.keySet()) + ", " + String.join(", ", Prices.KEYS.keySet()));
        }
      }
      Prices prices = Prices.from(legacy, Prices.defaults());
      return generate(results, label == null ? results.toString() : label, outDir, only, prices, studyParams, formats,
          out, now);
    } catch (IllegalArgumentException e) {
      err.println("logferry-reports: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("logferry-reports: " + e.getMessage());
      return 1;
    }
  }

  static int generate(Path results, String label, Path outDir, String only, Prices prices, Set<ReportFormat> formats,
      PrintStream out, Instant now) throws IOException {
    return generate(results, label, outDir, only, prices, io.logferry.reports.study.Parameters.defaults(), formats, out,
        now);
  }

  static int generate(Path results, String label, Path outDir, String only, Prices prices,
      java.util.Map<String, Double> studyParams, Set<ReportFormat> formats, PrintStream out, Instant now)
      throws IOException {
    if (!Files.isDirectory(results)) throw new IllegalArgumentException("no results directory at " + results);
    // The study (results/study/<stamp>-<profile>/) is the headline report; the component benchmarks (JMH, whole
    // process) and the older cluster run sets go under benchmarks/.
    Path study = StudyReports.newest(results.resolve("study"), only);
    if (study != null) {
      Report report = StudyReports.build(study, StudyReports.head(), studyParams);
      for (ReportFormat f : formats) f.create(outDir).print(report);
      out.println("wrote " + outDir + " (study " + study.getFileName() + ", " + report.charts().size() + " charts)");
      outDir = outDir.resolve("benchmarks");
      only = null;
    }
    ReadResult<JmhResult> jmh = new JmhResultReader().read(results.resolve("jmh"));
    ReadResult<ProcessResult> process = new ProcessResultReader().read(results.resolve("process"));
    ClusterResultReader clusterReader = new ClusterResultReader();
    List<Path> runSets = new ArrayList<>(clusterReader.runSets(results.resolve("cluster")));
    if (only != null) {
      String name = only;
      runSets.removeIf(p -> !p.getFileName().toString().equals(name));
      if (runSets.isEmpty()) throw new IllegalArgumentException("no run set '" + only + "' under " + results + "/cluster");
    }
    List<RunSet> sets = new ArrayList<>();
    for (Path dir : runSets) {
      ReadResult<ClusterRun> cluster = clusterReader.read(dir);
      if (cluster.items().isEmpty() && (runSets.size() > 1 && only == null)) {
        out.println("skipped " + dir + ": no scenario runs in it");
        continue;
      }
      sets.add(runSet(dir.getFileName().toString(), label, cluster, jmh, process));
    }
    // The headline report is the newest run set by its runs' start dates; on the same day a full profile run
    // outranks a quick one (directory names alone would put "quick" after "full").
    sets.sort(java.util.Comparator.comparing(ReportMain::lastDay)
        .thenComparing(rs -> !rs.quick())
        .thenComparing(RunSet::name));
    if (sets.isEmpty()) {
      sets.add(runSet("no-cluster-results", label, new ReadResult<>(List.of(), List.of(
          "no run set under " + results + "/cluster: the sidecar/CronJob sections are empty")), jmh, process));
    }
    for (int i = 0; i < sets.size(); i++) {
      RunSet rs = sets.get(i);
      Report report = new ReportBuilder(rs, CostModel.fit(rs.cluster(), rs.process(), prices), now).build();
      boolean newest = i == sets.size() - 1;
      List<Path> targets = new ArrayList<>();
      if (sets.size() > 1 || only != null) targets.add(outDir.resolve(rs.name()));
      if (newest) targets.add(outDir);
      for (Path target : targets) {
        for (ReportFormat f : formats) f.create(target).print(report);
        out.println("wrote " + target + " (" + rs.name() + ": " + rs.cluster().size() + " scenario runs, "
            + rs.process().size() + " process runs, " + rs.jmh().size() + " JMH results, "
            + report.charts().size() + " charts, " + rs.problems().size() + " notes)");
      }
    }
    return 0;
  }

  private static RunSet runSet(String name, String results, ReadResult<ClusterRun> cluster,
      ReadResult<JmhResult> jmh, ReadResult<ProcessResult> process) {
    List<String> problems = new ArrayList<>(cluster.problems());
    problems.addAll(process.problems());
    problems.addAll(jmh.problems());
    return new RunSet(name, results, cluster.items(), jmh.items(), process.items(), problems);
  }

  /** {@code 2026-11-23}: the day of the run set's latest run (ISO dates sort as text). */
  static String lastDay(RunSet rs) {
    String last = rs.cluster().stream().map(r -> r.environment().date()).max(String::compareTo).orElse("");
    return last.length() >= 10 ? last.substring(0, 10) : last;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
    return args[i];
  }
}
