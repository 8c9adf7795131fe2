package io.logferry.checkpoint;

import java.nio.file.Path;

/** A second process for {@link ExporterLockTest}: takes the lock, says so, exits (without releasing) when stdin closes. */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws Exception {
    ExporterLock lock = ExporterLock.acquire(Path.of(args[0]));
    System.out.println(lock.isValid() ? "locked" : "not locked");
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for the parent to close our stdin
    }
    Runtime.getRuntime().halt(0);
  }
}
