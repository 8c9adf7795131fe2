package io.logferry.reports;

import static io.logferry.reports.JsonFields.Alias.of;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads bench's whole-process results ({@code results/process/*.json}: {@code machine}, {@code jdk}, {@code commit},
 * {@code settings.sink}, {@code figures.mibPerSecond}...). Files whose {@code kind} says they are something else are
 * skipped with a note.
 */
public final class ProcessResultReader {

  public ReadResult<ProcessResult> read(Path dir) throws IOException {
    List<ProcessResult> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path file : ResultFiles.jsonFiles(dir)) {
      String shown = ResultFiles.display(dir.getParent() == null ? dir : dir.getParent(), file);
      JsonNode root = ResultFiles.parseOrReport(file, shown, problems);
      if (root == null) continue;
      if (!root.isObject()) {
        problems.add(shown + ": not a process result (expected one JSON object)");
        continue;
      }
      String kind = root.path("kind").asText("process");
      if (!kind.equals("process")) {
        problems.add(shown + ": kind '" + kind + "', not a process result; skipped");
        continue;
      }
      JsonFields f = new JsonFields(root);
      ProcessResult r = new ProcessResult(
          Environment.read(f),
          f.optionalText("settings.profile", "profile").orElse("?"),
          f.optionalText("settings.label", "label").orElse(""),
          f.text("settings.sink", "settings.sink", "sink").orElse("?"),
          f.optionalText("settings.jvmFlags", "jvmFlags").orElse(""),
          f.number("figures.mibPerSecond", of("figures.mibPerSecond"), of("mibPerSecond"), of("figures.MiBps")),
          f.number("figures.linesPerSecond", of("figures.linesPerSecond"), of("linesPerSecond")),
          f.number("figures.cpuSecondsPerGiB", of("figures.cpuSecondsPerGiB"), of("cpuSecondsPerGiB")),
          f.number("figures.peakRssMiB", of("figures.peakRssMiB"), of("peakRssMiB"),
              JsonFields.Alias.kib("figures.peakRssKiB")),
          f.optionalNumber(of("figures.wallSeconds"), of("wallSeconds")),
          f.optionalNumber(of("figures.runSeconds"), of("runSeconds")),
          shown,
          f.missing());
      if (!r.missing().isEmpty()) problems.add(shown + ": lacks " + String.join(", ", r.missing()));
      out.add(r);
    }
    return new ReadResult<>(out, problems);
  }
}
