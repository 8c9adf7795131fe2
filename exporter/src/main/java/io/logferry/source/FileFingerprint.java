package io.logferry.source;

/**
 * How a file is recognised across renames and restarts (Vector's {@code fingerprinter.rs}, both strategies at once).
 *
 * <p>{@code dev:ino} says which file it is while it exists; the head checksum says whether the content is still the
 * content a checkpoint was taken of, so a reused inode or a file truncated and rewritten while nobody watched is not
 * mistaken for the old one.
 *
 * @param device the device (filesystem) id, or 0 when only a file key is available
 * @param inode the inode, or a hash of the platform file key when unix attributes are missing
 * @param headLength how many leading bytes {@code headChecksum} covers (at most {@link #HEAD_BYTES})
 * @param headChecksum CRC32C of the first {@code headLength} bytes
 */
public record FileFingerprint(long device, long inode, int headLength, long headChecksum) {

  /** How many leading bytes the head checksum covers once the file is at least that long. */
  public static final int HEAD_BYTES = io.logferry.checkpoint.Checkpoints.MAX_HEAD_BYTES;

  /** The stable identity string used as checkpoint key and in {@link SourceId}. */
  public String fileKey() {
    return fileKey(device, inode);
  }

  static String fileKey(long device, long inode) {
    return Long.toUnsignedString(device) + ":" + Long.toUnsignedString(inode);
  }
}
