package io.logferry.bench.cluster;

import io.logferry.study.StudyRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the study runs: the machine, the JDK of the child processes and the commit of the measured checkout. */
record StudyEnvironment(StudyRun.Machine machine, String jdk, String commit) {

  static StudyEnvironment detect(Path repo, Path java) {
    Environment e = Environment.detect(repo, java);
    return new StudyEnvironment(new StudyRun.Machine(e.machine(), e.cores(), memTotalMiB(), e.kernel()),
        firstLine(e.jdk()), e.commit());
  }

  int cores() {
    return machine.cores();
  }

  StudyRun.Provenance provenance(String date, List<String> jvmFlags, StudyRun.Load load) {
    return new StudyRun.Provenance(date, commit, jdk, jvmFlags, machine, load);
  }

  private static String firstLine(String jdk) {
    // "openjdk version "17.0.15" 2025-04-15; OpenJDK Runtime..." -> the version and the runtime line
    return jdk == null ? "unknown" : jdk.replace("; ", " | ");
  }

  static long memTotalMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return Runtime.getRuntime().maxMemory() >> 20;
  }
}
