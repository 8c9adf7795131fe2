package io.logferry.k8s.sidecar;

import java.util.logging.LogManager;

/**
 * The JDK's log manager, minus its reset at JVM shutdown. The JDK registers a shutdown hook that resets logging
 * (closes and removes every handler), and it runs at the same time as {@link SidecarMain}'s hook, whose drain on
 * SIGTERM logs its outcome: with the stock manager those lines were lost. Installed by {@link SidecarMain} through
 * {@code java.util.logging.manager} before anything logs; handlers write to stderr and flush every record, so nothing
 * is left unwritten at exit.
 */
public final class SidecarLogManager extends LogManager {

  public SidecarLogManager() {}

  @Override
  public void reset() {
    // Skipped at shutdown, see the class comment. At start-up reset() only precedes reading the default
    // configuration, whose handlers SidecarLogging replaces anyway.
    if (isShutdownHook()) return;
    super.reset();
  }

  private static boolean isShutdownHook() {
    // The JDK's cleaner hook thread is a plain thread started by ApplicationShutdownHooks; there is no API to ask,
    // so the reset is skipped once the runtime is exiting (a hook cannot be added any more).
    try {
      Thread probe = new Thread(() -> {});
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException exiting) {
      return true;
    }
  }
}
