package io.logferry.checkpoint;

/**
 * The checkpoint cannot be read (corrupt, truncated, of an unknown version) or written. A corrupt checkpoint is never
 * reset silently, since that would re-ship or skip data: the message says how to recover.
 */
public final class CheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
