package io.logferry.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.zip.CRC32C;

/** Computes {@link FileFingerprint}s: identity from the filesystem, head checksum from the content. */
final class Fingerprinter {

  private Fingerprinter() {}

  /** {@code dev:ino} of the file at {@code path} (following symlinks). */
  static String fileKey(Path path) throws IOException {
    long[] id = identity(path);
    return FileFingerprint.fileKey(id[0], id[1]);
  }

  /** The full fingerprint of the file at {@code path}: identity plus the checksum of up to HEAD_BYTES. */
  static FileFingerprint fingerprint(Path path) throws IOException {
    long[] id = identity(path);
    try (FileChannel ch = FileChannel.open(path)) {
      int len = (int) Math.min(ch.size(), FileFingerprint.HEAD_BYTES);
      long crc = headChecksum(ch, len);
      if (crc < 0) {
        len = 0;
        crc = headChecksum(ch, 0);
      }
      return new FileFingerprint(id[0], id[1], len, crc);
    }
  }

  static long[] identity(Path path) throws IOException {
    try {
      Map<String, Object> attrs = Files.readAttributes(path, "unix:dev,ino");
      return new long[] {((Number) attrs.get("dev")).longValue(), ((Number) attrs.get("ino")).longValue()};
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      // No "unix" view (e.g. Windows): the platform file key still identifies the file while it exists.
      Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
      if (key == null) {
        throw new IOException("the filesystem gives no file identity for " + path, e);
      }
      return new long[] {0L, key.toString().hashCode() & 0xffffffffL};
    }
  }

  /**
   * CRC32C of the first {@code length} bytes read through {@code ch}, or -1 when the file is shorter than that (its
   * head can then not be the head the checksum was taken of).
   */
  static long headChecksum(FileChannel ch, int length) throws IOException {
    byte[] head = new byte[length];
    ByteBuffer bb = ByteBuffer.wrap(head);
    long pos = 0;
    while (bb.hasRemaining()) {
      int n = ch.read(bb, pos);
      if (n < 0) {
        return -1;
      }
      pos += n;
    }
    CRC32C crc = new CRC32C();
    crc.update(head, 0, length);
    return crc.getValue();
  }
}
