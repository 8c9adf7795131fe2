package io.logferry.bench.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * One scenario run: {@code pods} pods, each with one writer at {@code rate} lines/s for {@code duration}, shipped in
 * {@code mode} (run-once every {@code cronInterval} for the CronJob), with one {@code fault}.
 *
 * @param format the writers' line format: nginx, java or json (LogWriterMain's --format)
 * @param rotation rename, copytruncate or none (LogWriterMain's --rotate)
 * @param rotateBytes rotate the file when it reaches this size
 * @param faultDuration how long an endpoint outage lasts (ENDPOINT_DOWN only)
 */
public record Scenario(
    Mode mode,
    Fault fault,
    int pods,
    double rate,
    Duration duration,
    Duration cronInterval,
    String format,
    String rotation,
    long rotateBytes,
    Duration faultDuration) {

  public Scenario {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(cronInterval, "cronInterval");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(rotation, "rotation");
    Objects.requireNonNull(faultDuration, "faultDuration");
    if (pods < 1) throw new IllegalArgumentException("pods must be >= 1, got " + pods);
    if (rate <= 0) throw new IllegalArgumentException("rate must be > 0, got " + rate);
    if (!fault.appliesTo(mode)) throw new IllegalArgumentException(fault + " does not apply to " + mode);
    if (fault != Fault.NONE && pods < 2) throw new IllegalArgumentException("fault scenarios need 2 pods or more");
  }

  /**
   * The same scenario shortened to {@code t} (development runs: {@code --duration}); an outage keeps its share of
   * the run (the full profile's 60 s of 100 s).
   */
  public Scenario withDuration(Duration t) {
    Duration down = faultDuration.isZero() ? faultDuration
        : Duration.ofMillis(faultDuration.toMillis() * t.toMillis() / duration.toMillis());
    return new Scenario(mode, fault, pods, rate, t, cronInterval, format, rotation, rotateBytes, down);
  }

  /** A stable name, also the result file's name: {@code cronjob-4pods-100lps-60s-every10s-throttled}. */
  public String name() {
    StringBuilder b = new StringBuilder(mode.label())
        .append('-').append(pods).append("pods-")
        .append(Math.round(rate)).append("lps-")
        .append(duration.toSeconds()).append('s');
    if (mode == Mode.CRONJOB) b.append("-every").append(cronInterval.toSeconds()).append('s');
    if (fault != Fault.NONE) b.append('-').append(fault.label());
    return b.toString();
  }
}
