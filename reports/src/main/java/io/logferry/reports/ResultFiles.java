package io.logferry.reports;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Lists and parses result files; shared by the readers. */
final class ResultFiles {

  /** Unknown fields are the normal case here: the producers add figures over time. */
  static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private ResultFiles() {}

  /** The {@code .json} files under {@code dir} (recursively), sorted by path so reports are reproducible. */
  static List<Path> jsonFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".json"))
          .sorted()
          .toList();
    }
  }

  static JsonNode parse(Path file) throws IOException {
    return MAPPER.readTree(file.toFile());
  }

  /**
   * The parsed file, or {@code null} after adding {@code "<shown>: not JSON (<first line of the error>)"} to
   * {@code problems}: every reader reports an unparsable file the same way and goes on with the next.
   */
  static JsonNode parseOrReport(Path file, String shown, List<String> problems) {
    try {
      return parse(file);
    } catch (IOException e) {
      problems.add(shown + ": not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
      return null;
    }
  }

  /** The path as shown in the report: relative to the results root when possible. */
  static String display(Path root, Path file) {
    try {
      return root.relativize(file).toString();
    } catch (IllegalArgumentException e) {
      return file.toString();
    }
  }
}
