package io.logferry.bench.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lines each writer says it wrote, from its own exit line in its pod log ({@code LogWriterMain} prints
 * {@code {"writer":...,"events":N,...}} when its duration is over): the written side of the delivery audit is
 * counted, never assumed from rate x duration.
 */
final class WriterCounts {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, Long> events = new TreeMap<>();
  private final Map<String, Long> bytes = new TreeMap<>();

  /**
   * Reads every writer exit line of one pod's log.
   *
   * @return how many exit lines it held (0: the writer did not finish, and its pod counts as unknown, not as 0)
   */
  int addPodLog(String log) {
    int found = 0;
    for (String line : log.split("\n")) {
      String s = line.strip();
      if (!s.startsWith("{") || !s.contains("\"writer\"")) continue;
      try {
        JsonNode n = JSON.readTree(s);
        if (!n.hasNonNull("writer") || !n.hasNonNull("events")) continue;
        events.merge(n.get("writer").asText(), n.get("events").asLong(), Long::sum);
        bytes.merge(n.get("writer").asText(), n.path("bytes").asLong(), Long::sum);
        found++;
      } catch (java.io.IOException e) {
        // Not a writer's exit line (the writer prints nothing else to stdout, but a pod log can hold anything).
      }
    }
    return found;
  }

  /** Lines written per writer id (the {@code seq=<writer>:} token of its lines). */
  Map<String, Long> written() {
    return Map.copyOf(events);
  }

  long total() {
    return events.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Mean bytes per line over all writers (newline included), 0 without lines. */
  double lineBytes() {
    long n = total();
    return n == 0 ? 0 : bytes.values().stream().mapToLong(Long::longValue).sum() / (double) n;
  }
}
