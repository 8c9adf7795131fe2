package io.logferry.checkpoint;

import io.logferry.testing.FakeTicker;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logferry.checkpoint.Checkpoints.FileCheckpoint;
import io.logferry.events.ExporterEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointerTest {

  @TempDir Path dir;
  private final FakeTicker ticker = new FakeTicker();
  private final List<String> written = new ArrayList<>();
  private final ExporterEvents events = new ExporterEvents() {
    @Override
    public void checkpointWritten(int files, long latencyNanos) {
      written.add("written " + files);
    }
  };

  private static final FileCheckpoint A = new FileCheckpoint(123, 0, 256, 0xCAFEBABEL, "/var/log/a.log", 1000);
  private static final FileCheckpoint B = new FileCheckpoint(0, 7, 0, 0L, "/var/log/\"odd\" name.log", 2000);

  @Test
  void writesAndReadsBackEveryEntry() {
    Checkpoints cps = Checkpointer.open(dir, events, ticker);
    assertThat(cps.all()).isEmpty();
    cps.update("1:2", A);
    cps.update("1:3", B);
    cps.write();

    Checkpoints reopened = Checkpointer.open(dir, events, ticker);
    assertThat(reopened.all()).containsOnlyKeys("1:2", "1:3");
    assertThat(reopened.get("1:2")).isEqualTo(A);
    assertThat(reopened.get("1:3")).isEqualTo(B);
    assertThat(reopened.file()).isEqualTo(dir.resolve("checkpoints.json"));
    assertThat(written).containsExactly("written 2");
  }

  @Test
  void theFileIsVersionedJson() throws IOException {
    Checkpoints cps = Checkpointer.open(dir, events, ticker);
    cps.update("1:2", A);
    cps.write();
    String json = Files.readString(dir.resolve("checkpoints.json"));
    assertThat(json).startsWith("{\"version\":1,\"files\":{\"1:2\":{\"offset\":123,");
  }

  @Test
  void aWriteReplacesTheFileAtomicallyAndLeavesNoTemporaryFile() throws IOException {
    Checkpoints cps = Checkpointer.open(dir, events, ticker);
    cps.update("1:2", A);
    cps.write();
    cps.update("1:2", new FileCheckpoint(500, 0, 256, 0xCAFEBABEL, "/var/log/a.log", 3000));
    cps.remove("1:3");
    cps.write();
    assertThat(Files.exists(dir.resolve("checkpoints.json.tmp"))).isFalse();
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("checkpoints.json");
    }
    assertThat(Checkpointer.open(dir, events, ticker).get("1:2").offset()).isEqualTo(500);
  }

  @Test
  void removedEntriesAreGoneAfterTheNextWrite() {
    Checkpoints cps = Checkpointer.open(dir, events, ticker);
    cps.update("1:2", A);
    cps.update("1:3", B);
    cps.write();
    cps.remove("1:3");
    cps.write();
    assertThat(Checkpointer.open(dir, events, ticker).all()).containsOnlyKeys("1:2");
  }

  @Test
  void aLeftoverTemporaryFileIsIgnoredInFavourOfTheStableFile() throws IOException {
    Checkpoints cps = Checkpointer.open(dir, events, ticker);
    cps.update("1:2", A);
    cps.write();
    // A crash in the middle of the next write: a partial tmp file, the rename never happened.
    Files.writeString(dir.resolve("checkpoints.json.tmp"), "{\"version\":1,\"files\":{\"1:2\":{\"offs", UTF_8);

    Checkpoints reopened = Checkpointer.open(dir, events, ticker);
    assertThat(reopened.get("1:2")).isEqualTo(A);
    reopened.write(); // and the next write replaces it
    assertThat(Files.exists(dir.resolve("checkpoints.json.tmp"))).isFalse();
  }

  @Test
  void aMissingDirectoryIsCreated() {
    Path nested = dir.resolve("a/b");
    Checkpoints cps = Checkpointer.open(nested, events, ticker);
    cps.write();
    assertThat(Files.exists(nested.resolve("checkpoints.json"))).isTrue();
  }

  @Test
  void aCorruptFileIsRefusedWithRecoveryInstructions() throws IOException {
    Files.writeString(dir.resolve("checkpoints.json"), "this is not json", UTF_8);
    assertRefused("checkpoints.json");
  }

  @Test
  void aTruncatedFileIsRefusedWithRecoveryInstructions() throws IOException {
    Checkpoints cps = Checkpointer.open(dir, events, ticker);
    cps.update("1:2", A);
    cps.write();
    Path file = dir.resolve("checkpoints.json");
    String full = Files.readString(file);
    for (int cut : new int[] {0, 1, full.length() / 2, full.length() - 1}) {
      Files.writeString(file, full.substring(0, cut), UTF_8);
      assertRefused("checkpoints.json");
    }
  }

  @Test
  void anUnknownVersionIsRefusedRatherThanReset() throws IOException {
    Files.writeString(dir.resolve("checkpoints.json"), "{\"version\":2,\"files\":{}}", UTF_8);
    assertThatThrownBy(() -> Checkpointer.open(dir, events, ticker))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("unknown version 2")
        .hasMessageContaining("move it aside");
  }

  @Test
  void entriesMissingFieldsOrWithWrongTypesAreRefused() throws IOException {
    Path file = dir.resolve("checkpoints.json");
    Files.writeString(file, "{\"version\":1,\"files\":{\"1:2\":{\"offset\":5}}}", UTF_8);
    assertRefused("lacks");
    Files.writeString(file, "{\"version\":1,\"files\":{\"1:2\":{\"offset\":\"5\",\"generation\":0,\"headLength\":0,"
        + "\"headChecksum\":0}}}", UTF_8);
    assertRefused("not an integer");
    Files.writeString(file, "{\"files\":{}}", UTF_8);
    assertRefused("no \"version\"");
    Files.writeString(file, "{\"version\":1,\"files\":{}} {}", UTF_8);
    assertRefused("after the end");
  }

  private void assertRefused(String messagePart) {
    assertThatThrownBy(() -> Checkpointer.open(dir, events, ticker))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(dir.resolve("checkpoints.json").toString())
        .hasMessageContaining(messagePart)
        .hasMessageContaining("restore the file from a backup")
        .hasMessageContaining("move it aside");
  }
}
