package io.logferry.reports;

import java.util.List;

/**
 * One whole-process benchmark run (bench's {@code results/process/*.json}): the real {@code logferry} binary draining
 * a generated file into a sink.
 *
 * @param sink what the events were delivered to (null sink, local endpoint...)
 * @param cpuSecondsPerGiB user+system CPU seconds per GiB of input
 * @param runSeconds the run's own elapsed time from its summary (JVM start excluded): wall − run is the start-up
 * @param missing the fields this file lacked (shown in the report, never silently zero)
 */
public record ProcessResult(
    Environment environment,
    String profile,
    String label,
    String sink,
    String jvmFlags,
    double mibPerSecond,
    double linesPerSecond,
    double cpuSecondsPerGiB,
    double peakRssMiB,
    double wallSeconds,
    double runSeconds,
    String file,
    List<String> missing) {

  /** The series a throughput bar belongs to: sink and JDK. */
  public String sinkAndJdk() {
    return sink + " · JDK " + environment.jdkVersion();
  }

  /** The bar series: JDK, plus the variant label and the profile when they are not the plain default. */
  public String variant() {
    return "JDK " + environment.jdkVersion() + (label.isEmpty() ? "" : " " + label) + " · " + profile;
  }
}
