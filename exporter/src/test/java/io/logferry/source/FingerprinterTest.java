package io.logferry.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprinterTest {

  @TempDir Path dir;

  @Test
  void aRenamedFileKeepsItsFingerprint() throws IOException {
    Path a = dir.resolve("a.log");
    Files.writeString(a, "hello\n");
    FileFingerprint before = Fingerprinter.fingerprint(a);
    Path b = Files.move(a, dir.resolve("b.log"));
    assertThat(Fingerprinter.fingerprint(b)).isEqualTo(before);
    assertThat(before.fileKey()).isEqualTo(before.device() + ":" + before.inode());
  }

  @Test
  void aNewFileAtAnOldPathIsAnotherFile() throws IOException {
    Path a = dir.resolve("a.log");
    Files.writeString(a, "hello\n");
    String first = Fingerprinter.fileKey(a);
    Path moved = Files.move(a, dir.resolve("a.log.1")); // keeps the inode busy, so it cannot be reused
    Files.writeString(a, "hello\n");
    assertThat(Fingerprinter.fileKey(a)).isNotEqualTo(first);
    assertThat(Fingerprinter.fileKey(moved)).isEqualTo(first);
  }

  @Test
  void theHeadChecksumCoversUpTo256BytesAndRecordsHowMany() throws IOException {
    Path a = dir.resolve("a.log");
    Files.writeString(a, "short\n");
    FileFingerprint small = Fingerprinter.fingerprint(a);
    assertThat(small.headLength()).isEqualTo(6);
    assertThat(small.headChecksum()).isEqualTo(crc("short\n"));

    String big = "x".repeat(300);
    Files.writeString(a, big, StandardOpenOption.APPEND);
    FileFingerprint grown = Fingerprinter.fingerprint(a);
    assertThat(grown.headLength()).isEqualTo(FileFingerprint.HEAD_BYTES);
    assertThat(grown.headChecksum()).isEqualTo(crc(("short\n" + big).substring(0, 256)));
    assertThat(grown.fileKey()).isEqualTo(small.fileKey());
  }

  @Test
  void anEmptyFileHasAnEmptyHead() throws IOException {
    Path a = Files.createFile(dir.resolve("a.log"));
    FileFingerprint fp = Fingerprinter.fingerprint(a);
    assertThat(fp.headLength()).isZero();
    assertThat(fp.headChecksum()).isEqualTo(crc(""));
  }

  private static long crc(String s) {
    CRC32C crc = new CRC32C();
    crc.update(s.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }
}
