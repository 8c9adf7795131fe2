package io.logferry.bench.fluentbit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** One of the shippers compared: how to run it as a drain and as a sidecar, and what to record about it. */
interface Tool {

  /** {@code fluent-bit} or {@code logferry}: in file names and results. */
  String name();

  /** Version, binary, configuration, flags: everything a reader needs to reproduce the run. */
  Map<String, Object> describe();

  /**
   * Reads {@code file} from its start to its end and exits.
   *
   * @param endpoint null for the null sink
   */
  Launch drain(Path work, Path file, String group, TlsEndpoint endpoint) throws IOException;

  /** Tails {@code file} from its start, shipping to {@code endpoint}, until SIGTERM. */
  Launch sidecar(Path work, Path file, String group, TlsEndpoint endpoint, int httpPort) throws IOException;

  /** Whether a drain run's exit code means it read everything (before the delivery check). */
  default boolean drainExitOk(int exitCode) {
    return exitCode == 0;
  }
}
