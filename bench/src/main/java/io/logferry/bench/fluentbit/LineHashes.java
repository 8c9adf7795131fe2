package io.logferry.bench.fluentbit;

import io.logferry.endpoint.LocalCloudWatchLogs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The ground truth of a delivery check: one {@link LocalCloudWatchLogs#messageHash} per line of a file, sorted, so
 * that the multiset the endpoint accepted can be compared with it exactly. Equal sorted arrays mean every line
 * was accepted exactly once (no loss, no duplicate, no altered message) up to 64-bit hash collisions; every
 * generated line carries a unique {@code seq=} token, so equal lines cannot hide a duplicate.
 */
final class LineHashes {

  private LineHashes() {}

  /** The sorted hashes of the lines of {@code file} (without their newline). */
  static long[] ofFile(Path file) {
    long[] out = new long[1 << 16];
    int n = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (n == out.length) out = Arrays.copyOf(out, n * 2);
        out[n++] = LocalCloudWatchLogs.messageHash(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    long[] sorted = Arrays.copyOf(out, n);
    Arrays.sort(sorted);
    return sorted;
  }

  /**
   * The verdict of comparing what was accepted with what was written.
   *
   * @param written lines in the file
   * @param accepted events the endpoint accepted (duplicates included)
   * @param missing written lines not accepted
   * @param extra accepted events beyond one per written line (duplicates or messages never written)
   */
  record Verdict(long written, long accepted, long missing, long extra) {
    boolean exactlyOnce() {
      return missing == 0 && extra == 0 && written == accepted;
    }
  }

  /** Compares two sorted multisets by merging them. */
  static Verdict compare(long[] writtenSorted, long[] acceptedSorted) {
    int i = 0;
    int j = 0;
    long missing = 0;
    long extra = 0;
    while (i < writtenSorted.length && j < acceptedSorted.length) {
      if (writtenSorted[i] == acceptedSorted[j]) {
        i++;
        j++;
      } else if (writtenSorted[i] < acceptedSorted[j]) {
        missing++;
        i++;
      } else {
        extra++;
        j++;
      }
    }
    missing += writtenSorted.length - i;
    extra += acceptedSorted.length - j;
    return new Verdict(writtenSorted.length, acceptedSorted.length, missing, extra);
  }
}
