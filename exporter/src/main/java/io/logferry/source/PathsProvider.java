package io.logferry.source;

import java.nio.file.Path;
import java.util.List;

/**
 * Discovery: which files should be tailed right now (Vector's {@code PathsProvider}, Fluent Bit's
 * {@code tail_scan.c}). Called by the tailer on its scan interval.
 */
public interface PathsProvider {

  /**
   * The regular files that match now, absolute, in a deterministic (sorted) order. Never throws for a problem with
   * one directory or file (a symlink loop, an unreadable directory): that entry is skipped and reported.
   */
  List<Path> paths();
}
