package io.logferry.bench.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logferry.testbed.LineFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataGeneratorTest {

  @Test
  void generatesAtLeastTheTargetAndLessThanOneLineMore(@TempDir Path dir) throws Exception {
    long target = 1L << 20;
    DataGenerator.Generated g = DataGenerator.generate(dir.resolve("a.log"), LineFormat.NGINX_COMBINED, target);

    byte[] bytes = Files.readAllBytes(g.file());
    assertThat(g.bytes()).isEqualTo(bytes.length).isGreaterThanOrEqualTo(target);
    long newlines = 0;
    int lastLineStart = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        newlines++;
        if (i < bytes.length - 1) lastLineStart = i + 1;
      }
    }
    assertThat(g.lines()).isEqualTo(newlines);
    assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
    // Without its last line the file is still short of the target: it stopped as soon as it got there.
    assertThat((long) lastLineStart).isLessThan(target);
  }

  @Test
  void reusesACompleteCachedFileAndRegeneratesAnIncompleteOne(@TempDir Path dir) throws Exception {
    DataGenerator.Generated first = DataGenerator.cached(dir, LineFormat.NGINX_COMBINED, 64 * 1024);
    long modified = Files.getLastModifiedTime(first.file()).toMillis();
    DataGenerator.Generated again = DataGenerator.cached(dir, LineFormat.NGINX_COMBINED, 64 * 1024);
    assertThat(again).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(again.file()).toMillis()).isEqualTo(modified);

    Files.write(first.file(), new byte[] {'x', '\n'}, java.nio.file.StandardOpenOption.APPEND); // no longer matches
    DataGenerator.Generated regenerated = DataGenerator.cached(dir, LineFormat.NGINX_COMBINED, 64 * 1024);
    assertThat(Files.size(regenerated.file())).isEqualTo(regenerated.bytes()).isEqualTo(first.bytes());
  }

  @Test
  void refusesToAppendToAnExistingFile(@TempDir Path dir) throws Exception {
    Path file = Files.createFile(dir.resolve("a.log"));
    assertThatThrownBy(() -> DataGenerator.generate(file, LineFormat.NGINX_COMBINED, 100))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
