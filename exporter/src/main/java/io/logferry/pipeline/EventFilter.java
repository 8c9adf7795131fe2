package io.logferry.pipeline;

import io.logferry.config.ConfigException;
import io.logferry.config.InputConfig.FilterConfig;
import io.logferry.events.StreamKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The filter stage between the assembler and the batcher (Fluent Bit's {@code grep} and a redaction filter): each
 * event of an input passes its filters in order; {@code include} keeps only matching events, {@code exclude} drops
 * matching ones, {@code redact} replaces every match with a mask. It runs before batching, so a dropped line or a
 * redacted value never reaches a sink, a request, the dead-letter file or a log line.
 *
 * <p>Dropping an event is safe for the checkpoint: the next event of the same file carries a larger commit offset,
 * which covers the dropped one (as for empty lines). A dropped event at the very end of a file is read and dropped
 * again after a restart, never shipped. Not thread-safe: driven by the pipeline thread.
 */
public final class EventFilter implements EventListener {

  private final Pattern[] patterns;
  private final FilterConfig.Kind[] kinds;
  private final String[] masks;
  private final Matcher[] matchers;
  private final int maxEventBytes;
  private final EventListener next;
  private long dropped;

  private EventFilter(List<FilterConfig> filters, int maxEventBytes, EventListener next, String where) {
    int n = filters.size();
    this.patterns = new Pattern[n];
    this.kinds = new FilterConfig.Kind[n];
    this.masks = new String[n];
    this.matchers = new Matcher[n];
    for (int i = 0; i < n; i++) {
      FilterConfig f = filters.get(i);
      patterns[i] = compile(f, where + "filters[" + (i + 1) + "]");
      kinds[i] = f.kind();
      masks[i] = f.mask() == null ? "" : Matcher.quoteReplacement(f.mask());
      matchers[i] = patterns[i].matcher("");
    }
    this.maxEventBytes = maxEventBytes;
    this.next = Objects.requireNonNull(next, "next");
  }

  /**
   * {@code next} behind {@code filters}, or {@code next} itself when there are none (no cost without filters).
   *
   * @param where prefix for messages, e.g. {@code "inputs[2]."}
   * @throws ConfigException naming the filter when its pattern is not a valid regex
   */
  public static EventListener wrap(List<FilterConfig> filters, int maxEventBytes, EventListener next, String where) {
    if (filters == null || filters.isEmpty()) return next;
    return new EventFilter(filters, maxEventBytes, next, where);
  }

  /** Checks every pattern without building anything that outlives the call. */
  public static void validate(List<FilterConfig> filters, String where) {
    List<FilterConfig> list = filters == null ? List.of() : new ArrayList<>(filters);
    for (int i = 0; i < list.size(); i++) compile(list.get(i), where + "filters[" + (i + 1) + "]");
  }

  private static Pattern compile(FilterConfig f, String name) {
    try {
      return Pattern.compile(f.pattern());
    } catch (PatternSyntaxException e) {
      throw new ConfigException(
          name + "." + f.kind().name().toLowerCase(java.util.Locale.ROOT) + " '" + f.pattern() + "': not a valid regex: "
              + e.getDescription() + " near index " + e.getIndex());
    }
  }

  @Override
  public void onEvent(StreamKey key, LogEvent event) {
    LogEvent e = event;
    for (int i = 0; i < kinds.length; i++) {
      Matcher m = matchers[i].reset(e.message());
      switch (kinds[i]) {
        case INCLUDE -> {
          if (!m.find()) {
            dropped++;
            return;
          }
        }
        case EXCLUDE -> {
          if (m.find()) {
            dropped++;
            return;
          }
        }
        case REDACT -> {
          if (m.find()) {
            String redacted = m.replaceAll(masks[i]);
            if (redacted.isEmpty()) {
              dropped++; // CloudWatch refuses empty messages; there is nothing left to ship
              return;
            }
            if (Utf8.length(redacted) > maxEventBytes) {
              // A mask longer than what it replaced pushed the event over the limit: cut it, never ship a secret.
              long cut = Utf8.cut(redacted, 0, redacted.length(), maxEventBytes);
              redacted = redacted.substring(0, Utf8.cutEnd(cut));
            }
            e = new LogEvent(e.timestamp(), redacted, e.source(), e.commitOffset());
          }
        }
      }
    }
    next.onEvent(key, e);
  }

  /** Events dropped by {@code include}/{@code exclude} so far. */
  public long dropped() {
    return dropped;
  }
}
