package io.logferry.testbed;

import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts, from the messages an endpoint accepted, how many of each writer's numbered events arrived, how many were
 * lost and how many came more than once. Messages are scanned for the {@code seq=<writer>:<n>} tokens that
 * {@link LineFormat} writes, so a multiline event or a split line is counted by the tokens it carries.
 */
public final class DeliveryAudit {

  /**
   * The verdict for one writer.
   *
   * @param written events the writer wrote
   * @param delivered distinct events seen at least once
   * @param lost written events never seen
   * @param duplicated extra copies seen beyond the first
   */
  public record Result(long written, long delivered, long lost, long duplicated) {
    public boolean exactlyOnce() {
      return lost == 0 && duplicated == 0;
    }
  }

  private final Map<String, BitSet> seen = new HashMap<>();
  private final Map<String, Long> duplicates = new HashMap<>();

  /** Records every sequence token in one accepted message. */
  public void accept(String message) {
    int from = 0;
    while (true) {
      int at = message.indexOf("seq=", from);
      if (at < 0) return;
      int colon = message.indexOf(':', at + 4);
      if (colon < 0) return;
      int end = colon + 1;
      while (end < message.length() && Character.isDigit(message.charAt(end))) end++;
      if (end > colon + 1) {
        String writer = message.substring(at + 4, colon);
        int seq = Integer.parseInt(message.substring(colon + 1, end));
        BitSet bits = seen.computeIfAbsent(writer, w -> new BitSet());
        if (bits.get(seq)) duplicates.merge(writer, 1L, Long::sum);
        else bits.set(seq);
      }
      from = end;
    }
  }

  /** The verdict per writer, given how many events each wrote. */
  public Map<String, Result> results(Map<String, Long> written) {
    Map<String, Result> out = new LinkedHashMap<>();
    for (Map.Entry<String, Long> w : new TreeMap<>(written).entrySet()) {
      BitSet bits = seen.getOrDefault(w.getKey(), new BitSet());
      long n = w.getValue();
      long delivered = bits.get(0, (int) n).cardinality();
      out.put(w.getKey(), new Result(n, delivered, n - delivered, duplicates.getOrDefault(w.getKey(), 0L)));
    }
    return out;
  }

  /** The verdict summed over all writers. */
  public Result total(Map<String, Long> written) {
    long wr = 0, de = 0, lo = 0, du = 0;
    for (Result r : results(written).values()) {
      wr += r.written();
      de += r.delivered();
      lo += r.lost();
      du += r.duplicated();
    }
    return new Result(wr, de, lo, du);
  }
}
