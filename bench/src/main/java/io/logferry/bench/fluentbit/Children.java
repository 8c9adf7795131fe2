package io.logferry.bench.fluentbit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every tool process this benchmark started, so that a benchmark stopped by a signal takes them with it (a shipper
 * in follow mode does not watch its stdin, unlike the endpoint).
 */
final class Children {

  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-children"));
  }

  private Children() {}

  static Process track(Process p) {
    LIVE.add(p);
    p.onExit().thenRun(() -> LIVE.remove(p));
    return p;
  }
}
