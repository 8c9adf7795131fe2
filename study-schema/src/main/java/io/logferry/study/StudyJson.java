package io.logferry.study;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads and writes {@link StudyRun} files. Strict on purpose: an unknown or missing-type field fails the read with
 * the file and field named, so the bench and the reports cannot drift apart silently.
 */
public final class StudyJson {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private StudyJson() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /** Temporary file, then an atomic rename: a reader never sees half a file. */
  public static void writeAtomically(Path file, Object value) throws IOException {
    writeTextAtomically(file, value instanceof String s ? s : write(value));
  }

  public static void writeTextAtomically(Path file, String text) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public static StudyRun read(Path file) throws IOException {
    StudyRun run = MAPPER.readValue(file.toFile(), StudyRun.class);
    if (run.schemaVersion() != StudyRun.SCHEMA_VERSION) {
      throw new IOException(file + ": schemaVersion " + run.schemaVersion() + ", this reader knows "
          + StudyRun.SCHEMA_VERSION);
    }
    return run;
  }

  public static <T> T read(Path file, Class<T> type) throws IOException {
    return MAPPER.readValue(file.toFile(), type);
  }

  public static <T> T read(String json, Class<T> type) throws IOException {
    return MAPPER.readValue(json, type);
  }

  /** Every {@code *.json} run file of a run-set directory (not {@code run-set.json}), sorted by name. */
  public static List<StudyRun> readRunSet(Path dir) throws IOException {
    List<StudyRun> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json"))
          .filter(p -> !p.getFileName().toString().equals(RunSet.FILE_NAME))
          .sorted().toList()) {
        out.add(read(f));
      }
    }
    return out;
  }
}
