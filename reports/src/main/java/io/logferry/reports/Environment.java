package io.logferry.reports;

/**
 * Where and on what a result was measured: enough to tell whether two results are comparable. Unknown parts are
 * {@code "unknown"} (or 0 cores), never guessed.
 */
public record Environment(
    String cpuModel,
    int cores,
    long memMiB,
    String os,
    String jdkVersion,
    String jdkVendor,
    String commit,
    String date,
    double loadAverage) {

  /**
   * Without the load average (NaN): for results that do not record it.
   */
  public Environment(
      String cpuModel, int cores, long memMiB, String os, String jdkVersion, String jdkVendor, String commit,
      String date) {
    this(cpuModel, cores, memMiB, os, jdkVersion, jdkVendor, commit, date, Double.NaN);
  }

  static final String UNKNOWN = "unknown";

  /** The JDK as shown in tables and chart legends, e.g. {@code 17.0.15 (Debian)}. */
  public String jdkLabel() {
    return UNKNOWN.equals(jdkVendor) || jdkVendor.isBlank() ? jdkVersion : jdkVersion + " (" + jdkVendor + ")";
  }

  static Environment read(JsonFields f) {
    return new Environment(
        f.text("machine.cpuModel", "machine.cpuModel", "machine", "machine.cpu", "cpuModel", "environment.cpuModel").orElse(UNKNOWN),
        (int) orZero(f.number("machine.cores", JsonFields.Alias.of("machine.cores"), JsonFields.Alias.of("cores"),
            JsonFields.Alias.of("machine.availableProcessors"), JsonFields.Alias.of("environment.cores"))),
        (long) orZero(f.optionalNumber(JsonFields.Alias.of("machine.memTotalMiB"), JsonFields.Alias.of("memTotalMiB"))),
        f.optionalText("machine.os", "os", "kernel").orElse(UNKNOWN),
        f.text("jdk.version", "jdk.version", "jdkVersion", "jdk", "java.version", "environment.jdk")
            .map(Environment::versionOf).orElse(UNKNOWN),
        f.optionalText("jdk.vendor", "jdkVendor", "java.vendor").orElse(UNKNOWN),
        f.text("commit", "commit", "git.commit", "environment.commit").orElse(UNKNOWN),
        f.text("date", "date", "startedAt", "timestamp", "time").orElse(UNKNOWN),
        loadAverage(f.node("loadAverageBefore", "machine.loadAverageBefore", "machine.loadAverage", "loadAverage")));
  }

  /** The 1-minute load average before the run: a number, or the first of {@code [1, 5, 15 min]}. */
  private static double loadAverage(com.fasterxml.jackson.databind.JsonNode n) {
    if (n == null) return Double.NaN;
    if (n.isNumber()) return n.asDouble();
    if (n.isArray() && n.size() > 0 && n.get(0).isNumber()) return n.get(0).asDouble();
    return Double.NaN;
  }

  /** {@code 17.0.15} out of {@code java -version} text ({@code openjdk version "17.0.15" 2025-04-15; ...}). */
  static String versionOf(String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("version \"([^\"]+)\"").matcher(text);
    return m.find() ? m.group(1) : text;
  }

  private static double orZero(double d) {
    return Double.isNaN(d) ? 0 : d;
  }
}
