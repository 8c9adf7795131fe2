package io.logferry.checkpoint;

import io.logferry.events.ExporterEvents;
import io.logferry.time.Ticker;
import java.nio.file.Path;

/**
 * Opens the durable checkpoint store of a directory (Vector's {@code checkpointer.rs}).
 *
 * <p>On disk: {@code checkpoints.json}, versioned ({@code {"version":1,"files":{"dev:ino":{...}}}}), replaced
 * atomically on every write (temporary file, fsync, rename, fsync of the directory).
 */
public final class Checkpointer {

  /** The stable file name. */
  public static final String FILE_NAME = "checkpoints.json";

  /** The temporary file a write goes through. */
  public static final String TMP_FILE_NAME = "checkpoints.json.tmp";

  private Checkpointer() {}

  /**
   * Loads {@code dir/checkpoints.json} (an empty store when there is none; the directory is created when missing).
   *
   * @throws CheckpointException when the file is corrupt, truncated or of an unknown version; its message names the
   *     file and how to recover. It is never reset silently.
   */
  public static Checkpoints open(Path dir, ExporterEvents events, Ticker ticker) {
    return JsonCheckpoints.open(dir, events, ticker);
  }
}
