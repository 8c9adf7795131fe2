package io.logferry.checkpoint;

import java.nio.file.Path;

/** Another exporter holds the lock on the checkpoint directory; this one must not read (exit code 4). */
public final class LockHeldException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LockHeldException(Path lockFile) {
    super("another logferry exporter holds the lock " + lockFile + "; not reading (two exporters must never ship the same files at once)");
  }
}
