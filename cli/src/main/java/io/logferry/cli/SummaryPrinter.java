package io.logferry.cli;

import io.logferry.runtime.RunSummary;
import java.util.Locale;

/** Formats a {@link RunSummary}: one line for humans, one JSON object for machines. */
public final class SummaryPrinter {

  private SummaryPrinter() {}

  /** e.g. {@code run-once: delivered 1200/1200 events (1.2 MiB) from 3 files in 4 requests; ... in 1.52s}. */
  public static String human(String mode, RunSummary s) {
    StringBuilder b = new StringBuilder(200);
    b.append(mode)
        .append(s.complete() ? ": delivered " : ": INCOMPLETE, delivered ")
        .append(s.eventsDelivered())
        .append('/')
        .append(s.events())
        .append(" events (")
        .append(bytes(s.bytesDelivered()))
        .append(") from ")
        .append(s.files())
        .append(s.files() == 1 ? " file (" : " files (")
        .append(s.linesRead())
        .append(" lines, ")
        .append(bytes(s.bytesRead()))
        .append(") in ")
        .append(s.requests())
        .append(" requests; retries ")
        .append(s.retries())
        .append(", throttles ")
        .append(s.throttles())
        .append(", dead-lettered ")
        .append(s.deadLettered())
        .append(", failed batches ")
        .append(s.failedBatches())
        .append(", undelivered ")
        .append(s.undeliveredEvents());
    if (s.deadlineReached()) b.append("; stopped at its deadline");
    if (s.eventsAtRisk() > 0) b.append("; ").append(s.eventsAtRisk()).append(" events older than 12 days");
    b.append("; ").append(String.format(Locale.ROOT, "%.2fs", s.elapsed().toNanos() / 1e9));
    return b.toString();
  }

  /** One JSON object on one line; numbers and booleans only (plus the mode), so no escaping is needed. */
  public static String json(String mode, RunSummary s, int exitCode) {
    return "{\"mode\":\"" + mode + "\""
        + ",\"complete\":" + s.complete()
        + ",\"exitCode\":" + exitCode
        + ",\"files\":" + s.files()
        + ",\"linesRead\":" + s.linesRead()
        + ",\"bytesRead\":" + s.bytesRead()
        + ",\"events\":" + s.events()
        + ",\"eventsDelivered\":" + s.eventsDelivered()
        + ",\"bytesDelivered\":" + s.bytesDelivered()
        + ",\"requests\":" + s.requests()
        + ",\"retries\":" + s.retries()
        + ",\"throttles\":" + s.throttles()
        + ",\"deadLettered\":" + s.deadLettered()
        + ",\"failedBatches\":" + s.failedBatches()
        + ",\"undeliveredEvents\":" + s.undeliveredEvents()
        + ",\"deadlineReached\":" + s.deadlineReached()
        + ",\"eventsAtRisk\":" + s.eventsAtRisk()
        + ",\"elapsedMillis\":" + s.elapsed().toMillis()
        + "}";
  }

  static String bytes(long n) {
    if (n < 1024) return n + " B";
    if (n < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    if (n < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    return String.format(Locale.ROOT, "%.2f GiB", n / (1024.0 * 1024 * 1024));
  }
}
