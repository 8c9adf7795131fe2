package io.logferry.endpoint;

import java.time.Clock;
import java.util.Objects;

/**
 * How to start a {@link LocalCloudWatchLogs}. Start from {@link #defaults()} and use the {@code with*} methods.
 *
 * @param host address to bind; only loopback is sensible (the endpoint has no authentication)
 * @param port TCP port, 0 for a free one
 * @param tls serve HTTPS with a self-signed certificate generated at start
 * @param recording what to keep of accepted events
 * @param faults faults injected from the start
 * @param seed seed of the fault-injection {@link java.util.Random}
 * @param clock source of "now" for the 14-day/2-hour/retention windows and ingestion times
 * @param threads request-handling threads (latency injection blocks one thread per delayed request)
 * @param region region used in ARNs
 * @param accountId account used in ARNs
 */
public record Options(
    String host,
    int port,
    boolean tls,
    RecordingMode recording,
    Faults faults,
    long seed,
    Clock clock,
    int threads,
    String region,
    String accountId) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_THREADS = 16;
  public static final long DEFAULT_SEED = 42L;

  public Options {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(recording, "recording");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(accountId, "accountId");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be within [0, 65535], got " + port);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
  }

  public static Options defaults() {
    return new Options(DEFAULT_HOST, 0, false, RecordingMode.FULL, Faults.NONE, DEFAULT_SEED, Clock.systemUTC(),
        DEFAULT_THREADS, "us-east-1", "000000000000");
  }

  public Options withHost(String value) {
    return new Options(value, port, tls, recording, faults, seed, clock, threads, region, accountId);
  }

  public Options withPort(int value) {
    return new Options(host, value, tls, recording, faults, seed, clock, threads, region, accountId);
  }

  public Options withTls(boolean value) {
    return new Options(host, port, value, recording, faults, seed, clock, threads, region, accountId);
  }

  public Options withRecording(RecordingMode value) {
    return new Options(host, port, tls, value, faults, seed, clock, threads, region, accountId);
  }

  public Options withFaults(Faults value) {
    return new Options(host, port, tls, recording, value, seed, clock, threads, region, accountId);
  }

  public Options withSeed(long value) {
    return new Options(host, port, tls, recording, faults, value, clock, threads, region, accountId);
  }

  public Options withClock(Clock value) {
    return new Options(host, port, tls, recording, faults, seed, value, threads, region, accountId);
  }

  public Options withThreads(int value) {
    return new Options(host, port, tls, recording, faults, seed, clock, value, region, accountId);
  }

  public Options withRegion(String value) {
    return new Options(host, port, tls, recording, faults, seed, clock, threads, value, accountId);
  }

  public Options withAccountId(String value) {
    return new Options(host, port, tls, recording, faults, seed, clock, threads, region, value);
  }
}
