package io.logferry.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterLockTest {

  @TempDir Path dir;

  @Test
  void aSecondHolderInTheSameProcessIsRefused() throws Exception {
    try (ExporterLock lock = ExporterLock.acquire(dir)) {
      assertThat(lock.isValid()).isTrue();
      // Another thread, another channel: within one JVM tryLock throws OverlappingFileLockException.
      CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
        try (ExporterLock second = ExporterLock.acquire(dir)) {
          return null;
        } catch (Throwable t) {
          return t;
        }
      });
      assertThat(other.get(10, TimeUnit.SECONDS))
          .isInstanceOf(LockHeldException.class)
          .hasMessageContaining(dir.resolve("logferry.lock").toString());
    }
  }

  @Test
  void theLockCanBeTakenAgainAfterClose() {
    ExporterLock first = ExporterLock.acquire(dir);
    first.close();
    first.close(); // idempotent
    try (ExporterLock again = ExporterLock.acquire(dir)) {
      assertThat(again.isValid()).isTrue();
    }
  }

  @Test
  void anotherProcessHoldingTheLockIsRefusedAndItsExitReleasesIt() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        LockHolderMain.class.getName(), dir.toString())
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");

      assertThatThrownBy(() -> ExporterLock.acquire(dir)).isInstanceOf(LockHeldException.class);

      holder.getOutputStream().close(); // tells the holder to exit without releasing explicitly
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
      try (ExporterLock mine = ExporterLock.acquire(dir)) {
        assertThat(mine.isValid()).isTrue(); // the kernel released the dead process's lock
      }
    } finally {
      holder.destroyForcibly();
    }
  }
}
