package io.logferry.source;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** What an application and logrotate do to a log file, for the tailer's tests: append, shift, copytruncate, rename. */
final class LogRotation {

  private LogRotation() {}

  /** Appends {@code s} as an application's writer would (creating the file on first write). */
  static void append(Path p, String s) throws IOException {
    Files.writeString(p, s, UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** The {@code i}-th rotated name of {@code f}: {@code f.i}. */
  static Path rotated(Path f, int i) {
    return f.resolveSibling(f.getFileName() + "." + i);
  }

  /** logrotate's shift with {@code rotate keep}: delete {@code .keep}, then {@code .keep-1 -> .keep} ... {@code .1 -> .2}. */
  static void shift(Path f, int keep) throws IOException {
    Files.deleteIfExists(rotated(f, keep));
    for (int i = keep - 1; i >= 1; i--) {
      if (Files.exists(rotated(f, i))) {
        Files.move(rotated(f, i), rotated(f, i + 1), StandardCopyOption.ATOMIC_MOVE);
      }
    }
  }

  /** logrotate's copytruncate: shift, copy to {@code .1}, then truncate the file in place. */
  static void copytruncate(Path f, int keep) throws IOException {
    shift(f, keep);
    Files.copy(f, rotated(f, 1), StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
  }

  /** logrotate's default (rename and create): shift, rename to {@code .1}, create an empty file at the path. */
  static void renameCreate(Path f, int keep) throws IOException {
    shift(f, keep);
    Files.move(f, rotated(f, 1), StandardCopyOption.ATOMIC_MOVE);
    Files.createFile(f);
  }
}
