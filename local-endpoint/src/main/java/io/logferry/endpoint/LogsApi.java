package io.logferry.endpoint;

import static io.logferry.endpoint.PutLogEventsLimits.MAX_AGE_MILLIS;
import static io.logferry.endpoint.PutLogEventsLimits.MAX_BATCH_BYTES;
import static io.logferry.endpoint.PutLogEventsLimits.MAX_EVENTS;
import static io.logferry.endpoint.PutLogEventsLimits.MAX_EVENT_BYTES;
import static io.logferry.endpoint.PutLogEventsLimits.MAX_FUTURE_MILLIS;
import static io.logferry.endpoint.PutLogEventsLimits.MAX_SPAN_MILLIS;

import com.fasterxml.jackson.core.JsonGenerator;
import io.logferry.endpoint.LogStore.LogGroup;
import io.logferry.endpoint.LogStore.StreamLog;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The CloudWatch Logs operations over a {@link LogStore}; each writes its response object to a generator. */
final class LogsApi {

  private static final long DAY_MILLIS = 24L * 60 * 60 * 1000;
  private static final int MAX_DESCRIBE_LIMIT = 50;
  private static final int MAX_GET_LIMIT = 10_000;

  private final LogStore store;
  private final Counters counters;
  private final Clock clock;
  private final String arnPrefix;

  LogsApi(LogStore store, Counters counters, Clock clock, String region, String accountId) {
    this.store = store;
    this.counters = counters;
    this.clock = clock;
    this.arnPrefix = "arn:aws:logs:" + region + ":" + accountId + ":log-group:";
  }

  // ---- groups and streams ----

  void createLogGroup(JsonFields in, JsonGenerator out) throws IOException {
    String name = validGroup(in.requiredString("logGroupName"));
    LogGroup created = new LogGroup(name, clock.millis());
    if (store.groups.putIfAbsent(name, created) != null) {
      throw ApiException.alreadyExists("groupAlreadyExists", "The specified log group already exists");
    }
    out.writeStartObject();
    out.writeEndObject();
  }

  void createLogStream(JsonFields in, JsonGenerator out) throws IOException {
    String groupName = validGroup(in.requiredString("logGroupName"));
    String streamName = validStream(in.requiredString("logStreamName"));
    LogGroup group = existingGroup(groupName);
    StreamLog created = new StreamLog(streamName, clock.millis(), store.mode);
    if (group.streams.putIfAbsent(streamName, created) != null) {
      throw ApiException.alreadyExists("streamAlreadyExists", "The specified log stream already exists");
    }
    out.writeStartObject();
    out.writeEndObject();
  }

  void deleteLogGroup(JsonFields in, JsonGenerator out) throws IOException {
    String name = in.requiredString("logGroupName");
    if (store.groups.remove(name) == null) {
      throw ApiException.notFound("groupNotFound", "The specified log group does not exist.");
    }
    out.writeStartObject();
    out.writeEndObject();
  }

  void deleteLogStream(JsonFields in, JsonGenerator out) throws IOException {
    LogGroup group = existingGroup(in.requiredString("logGroupName"));
    if (group.streams.remove(in.requiredString("logStreamName")) == null) {
      throw ApiException.notFound("streamNotFound", "The specified log stream does not exist.");
    }
    out.writeStartObject();
    out.writeEndObject();
  }

  void putRetentionPolicy(JsonFields in, JsonGenerator out) throws IOException {
    LogGroup group = existingGroup(in.requiredString("logGroupName"));
    Long days = in.number("retentionInDays");
    if (days == null || !PutLogEventsLimits.isValidRetention(days)) {
      throw ApiException.invalidParameter(
          "invalidRetention", "1 validation error detected: Value '" + days
              + "' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set");
    }
    group.retentionDays = days.intValue();
    out.writeStartObject();
    out.writeEndObject();
  }

  void deleteRetentionPolicy(JsonFields in, JsonGenerator out) throws IOException {
    existingGroup(in.requiredString("logGroupName")).retentionDays = 0;
    out.writeStartObject();
    out.writeEndObject();
  }

  void describeLogGroups(JsonFields in, JsonGenerator out) throws IOException {
    String prefix = in.string("logGroupNamePrefix");
    int limit = limit(in, MAX_DESCRIBE_LIMIT);
    String after = in.string("nextToken");
    List<LogGroup> all = new ArrayList<>(store.groups.values());
    all.sort(Comparator.comparing(g -> g.name));
    out.writeStartObject();
    out.writeArrayFieldStart("logGroups");
    int written = 0;
    String last = null;
    boolean more = false;
    for (LogGroup g : all) {
      if ((prefix != null && !g.name.startsWith(prefix)) || (after != null && g.name.compareTo(after) <= 0)) {
        continue;
      }
      if (written == limit) {
        more = true;
        break;
      }
      out.writeStartObject();
      out.writeStringField("logGroupName", g.name);
      out.writeNumberField("creationTime", g.creationTime);
      if (g.retentionDays > 0) {
        out.writeNumberField("retentionInDays", g.retentionDays);
      }
      out.writeNumberField("metricFilterCount", 0);
      out.writeStringField("arn", arnPrefix + g.name + ":*");
      out.writeStringField("logGroupArn", arnPrefix + g.name);
      out.writeNumberField("storedBytes", g.storedBytes());
      out.writeStringField("logGroupClass", "STANDARD");
      out.writeEndObject();
      written++;
      last = g.name;
    }
    out.writeEndArray();
    if (more) {
      out.writeStringField("nextToken", last);
    }
    out.writeEndObject();
  }

  void describeLogStreams(JsonFields in, JsonGenerator out) throws IOException {
    LogGroup group = existingGroup(in.groupName());
    String prefix = in.string("logStreamNamePrefix");
    String orderBy = in.string("orderBy");
    boolean byLastEvent = "LastEventTime".equals(orderBy);
    if (orderBy != null && !byLastEvent && !"LogStreamName".equals(orderBy)) {
      throw ApiException.invalidParameter("invalidParameter", "orderBy must be LogStreamName or LastEventTime");
    }
    if (byLastEvent && prefix != null) {
      throw ApiException.invalidParameter(
          "invalidParameter", "Cannot order by LastEventTime with a logStreamNamePrefix.");
    }
    boolean descending = in.bool("descending", false);
    int limit = limit(in, MAX_DESCRIBE_LIMIT);
    int offset = offsetToken(in.string("nextToken"));
    List<StreamLog> streams = new ArrayList<>();
    for (StreamLog s : group.streams.values()) {
      if (prefix == null || s.name.startsWith(prefix)) {
        streams.add(s);
      }
    }
    Comparator<StreamLog> order = byLastEvent
        ? Comparator.comparingLong((StreamLog s) -> {
            long[] t = s.eventTimes();
            return t == null ? Long.MIN_VALUE : t[1];
          }).thenComparing(s -> s.name)
        : Comparator.comparing(s -> s.name);
    streams.sort(descending ? order.reversed() : order);
    int end = Math.min(streams.size(), offset + limit);
    out.writeStartObject();
    out.writeArrayFieldStart("logStreams");
    for (int i = offset; i < end; i++) {
      StreamLog s = streams.get(i);
      out.writeStartObject();
      out.writeStringField("logStreamName", s.name);
      out.writeNumberField("creationTime", s.creationTime);
      long[] times = s.eventTimes();
      if (times != null) {
        out.writeNumberField("firstEventTimestamp", times[0]);
        out.writeNumberField("lastEventTimestamp", times[1]);
        out.writeNumberField("lastIngestionTime", times[2]);
      }
      out.writeStringField("arn", arnPrefix + group.name + ":log-stream:" + s.name);
      out.writeNumberField("storedBytes", s.storedBytes());
      out.writeEndObject();
    }
    out.writeEndArray();
    if (end < streams.size()) {
      out.writeStringField("nextToken", Integer.toString(end));
    }
    out.writeEndObject();
  }

  // ---- PutLogEvents ----

  void putLogEvents(PutLogEventsRequest r, JsonGenerator out) throws IOException {
    validGroup(r.group);
    validStream(r.stream);
    validateBatch(r);
    LogGroup group = existingGroup(r.group);
    StreamLog stream = group.streams.get(r.stream);
    if (stream == null) {
      throw ApiException.notFound("streamNotFound", "The specified log stream does not exist.");
    }

    // Events are in chronological order (checked above), so too-old and expired events form a prefix and too-new
    // events a suffix; the stored events are the range in between.
    long now = clock.millis();
    long oldCutoff = now - MAX_AGE_MILLIS;
    long newCutoff = now + MAX_FUTURE_MILLIS;
    int retention = group.retentionDays;
    long expiredCutoff = retention > 0 ? now - retention * DAY_MILLIS : Long.MIN_VALUE;
    int n = r.count;
    int tooOldEnd = 0;
    while (tooOldEnd < n && r.timestamps[tooOldEnd] < oldCutoff) {
      tooOldEnd++;
    }
    int expiredEnd = 0;
    while (expiredEnd < n && r.timestamps[expiredEnd] < expiredCutoff) {
      expiredEnd++;
    }
    int tooNewStart = n;
    while (tooNewStart > 0 && r.timestamps[tooNewStart - 1] > newCutoff) {
      tooNewStart--;
    }
    int from = Math.max(tooOldEnd, expiredEnd);
    int to = Math.max(from, tooNewStart);
    long bytes = from < to ? stream.append(r, from, to, now) : 0;
    counters.accepted(to - from, bytes);
    counters.rejectedEvents("tooOld", tooOldEnd);
    counters.rejectedEvents("expired", Math.max(0, expiredEnd - tooOldEnd));
    counters.rejectedEvents("tooNew", n - Math.max(tooNewStart, from));

    out.writeStartObject();
    if (tooOldEnd > 0 || expiredEnd > 0 || tooNewStart < n) {
      out.writeObjectFieldStart("rejectedLogEventsInfo");
      if (tooNewStart < n) {
        out.writeNumberField("tooNewLogEventStartIndex", tooNewStart); // inclusive
      }
      if (tooOldEnd > 0) {
        out.writeNumberField("tooOldLogEventEndIndex", tooOldEnd); // exclusive
      }
      if (expiredEnd > 0) {
        out.writeNumberField("expiredLogEventEndIndex", expiredEnd); // exclusive
      }
      out.writeEndObject();
    }
    out.writeEndObject();
  }

  /** Every batch-level rule AWS enforces; the first violated one is reported as InvalidParameterException. */
  private static void validateBatch(PutLogEventsRequest r) {
    if (r.count == 0) {
      throw ApiException.invalidParameter("emptyBatch", "The batch of log events must contain at least one event.");
    }
    if (r.count > MAX_EVENTS) {
      throw ApiException.invalidParameter("tooManyEvents", "1 validation error detected: Value at 'logEvents' "
          + "failed to satisfy constraint: Member must have length less than or equal to " + MAX_EVENTS
          + " (got " + r.count + ")");
    }
    if (r.firstMissingTimestamp >= 0) {
      throw ApiException.invalidParameter(
          "missingTimestamp", "Log event " + r.firstMissingTimestamp + " has no timestamp.");
    }
    if (r.firstEmptyMessage >= 0) {
      throw ApiException.invalidParameter("emptyMessage", "1 validation error detected: Value at 'logEvents."
          + (r.firstEmptyMessage + 1) + ".member.message' failed to satisfy constraint: "
          + "Member must have length greater than or equal to 1");
    }
    if (r.maxEventBytes > MAX_EVENT_BYTES) {
      throw ApiException.invalidParameter("eventTooLarge", "Log event too large: " + r.maxEventBytes
          + " bytes (with " + PutLogEventsLimits.EVENT_OVERHEAD_BYTES + " bytes overhead) exceeds limit of "
          + MAX_EVENT_BYTES);
    }
    if (r.totalBatchBytes > MAX_BATCH_BYTES) {
      throw ApiException.invalidParameter("batchTooLarge",
          "Upload too large: " + r.totalBatchBytes + " bytes exceeds limit of " + MAX_BATCH_BYTES);
    }
    long[] ts = r.timestamps;
    for (int i = 1; i < r.count; i++) {
      if (ts[i] < ts[i - 1]) {
        throw ApiException.invalidParameter("notChronological",
            "Log events in a single PutLogEvents request must be in chronological order.");
      }
    }
    if (ts[r.count - 1] - ts[0] > MAX_SPAN_MILLIS) {
      throw ApiException.invalidParameter("spanTooLong",
          "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
    }
  }

  // ---- reading ----

  /** One stored event with its stream, for the read operations. */
  private record Hit(String stream, long timestamp, long ingestionTime, String message, int seq) {}

  void getLogEvents(JsonFields in, JsonGenerator out) throws IOException {
    requireMessages("GetLogEvents");
    LogGroup group = existingGroup(in.groupName());
    String streamName = in.requiredString("logStreamName");
    StreamLog stream = group.streams.get(streamName);
    if (stream == null) {
      throw ApiException.notFound("streamNotFound", "The specified log stream does not exist.");
    }
    long start = in.number("startTime", Long.MIN_VALUE);
    long end = in.number("endTime", Long.MAX_VALUE);
    int limit = limit(in, MAX_GET_LIMIT);
    List<Hit> hits = new ArrayList<>();
    collect(stream, start, end, null, hits);
    hits.sort(Comparator.comparingLong(Hit::timestamp).thenComparingInt(Hit::seq));
    String token = in.string("nextToken");
    int n = hits.size();
    int from;
    int to;
    if (token == null) {
      boolean head = in.bool("startFromHead", false);
      from = head ? 0 : Math.max(0, n - limit);
      to = head ? Math.min(n, limit) : n;
    } else if (token.startsWith("f/")) {
      from = Math.min(n, parseToken(token.substring(2)));
      to = Math.min(n, from + limit);
    } else if (token.startsWith("b/")) {
      to = Math.min(n, parseToken(token.substring(2)));
      from = Math.max(0, to - limit);
    } else {
      throw ApiException.invalidParameter("invalidToken", "The specified nextToken is invalid.");
    }
    out.writeStartObject();
    out.writeArrayFieldStart("events");
    for (int i = from; i < to; i++) {
      Hit h = hits.get(i);
      out.writeStartObject();
      out.writeNumberField("timestamp", h.timestamp);
      out.writeStringField("message", h.message);
      out.writeNumberField("ingestionTime", h.ingestionTime);
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeStringField("nextForwardToken", "f/" + to);
    out.writeStringField("nextBackwardToken", "b/" + from);
    out.writeEndObject();
  }

  void filterLogEvents(JsonFields in, JsonGenerator out) throws IOException {
    requireMessages("FilterLogEvents");
    LogGroup group = existingGroup(in.groupName());
    List<String> names = in.strings("logStreamNames");
    String prefix = in.string("logStreamNamePrefix");
    if (names != null && prefix != null) {
      throw ApiException.invalidParameter(
          "invalidParameter", "logStreamNames and logStreamNamePrefix are mutually exclusive.");
    }
    long start = in.number("startTime", Long.MIN_VALUE);
    long end = in.number("endTime", Long.MAX_VALUE);
    int limit = limit(in, MAX_GET_LIMIT);
    int offset = offsetToken(in.string("nextToken"));
    String[] terms = filterTerms(in.string("filterPattern"));
    List<StreamLog> searched = new ArrayList<>();
    for (StreamLog s : group.streams.values()) {
      if ((names == null || names.contains(s.name)) && (prefix == null || s.name.startsWith(prefix))) {
        searched.add(s);
      }
    }
    searched.sort(Comparator.comparing(s -> s.name));
    List<Hit> hits = new ArrayList<>();
    for (StreamLog s : searched) {
      collect(s, start, end, terms, hits);
    }
    hits.sort(Comparator.comparingLong(Hit::timestamp).thenComparing(Hit::stream).thenComparingInt(Hit::seq));
    int to = Math.min(hits.size(), offset + limit);
    out.writeStartObject();
    out.writeArrayFieldStart("events");
    for (int i = offset; i < to; i++) {
      Hit h = hits.get(i);
      out.writeStartObject();
      out.writeStringField("logStreamName", h.stream);
      out.writeNumberField("timestamp", h.timestamp);
      out.writeStringField("message", h.message);
      out.writeNumberField("ingestionTime", h.ingestionTime);
      out.writeStringField("eventId", h.stream.hashCode() + "-" + h.seq);
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeArrayFieldStart("searchedLogStreams");
    for (StreamLog s : searched) {
      out.writeStartObject();
      out.writeStringField("logStreamName", s.name);
      out.writeBooleanField("searchedCompletely", true);
      out.writeEndObject();
    }
    out.writeEndArray();
    if (to < hits.size()) {
      out.writeStringField("nextToken", Integer.toString(to));
    }
    out.writeEndObject();
  }

  /**
   * A simple subset of the filter pattern syntax: a quoted pattern is one literal phrase, otherwise every
   * whitespace-separated term must occur (AWS ANDs terms); matching is case-sensitive substring search.
   */
  static String[] filterTerms(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      return null;
    }
    String p = pattern.strip();
    if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
      return new String[] {p.substring(1, p.length() - 1)};
    }
    return p.split("\\s+");
  }

  private static void collect(StreamLog stream, long start, long end, String[] terms, List<Hit> hits) {
    List<RecordedEvent> events = stream.events("");
    for (int i = 0; i < events.size(); i++) {
      RecordedEvent e = events.get(i);
      if (e.timestamp() < start || e.timestamp() >= end || !matches(e.message(), terms)) {
        continue;
      }
      hits.add(new Hit(stream.name, e.timestamp(), e.ingestionTime(), e.message(), i));
    }
  }

  private static boolean matches(String message, String[] terms) {
    if (terms == null) {
      return true;
    }
    for (String t : terms) {
      if (!message.contains(t)) {
        return false;
      }
    }
    return true;
  }

  private void requireMessages(String operation) {
    if (store.mode != RecordingMode.FULL) {
      throw new ApiException(400, "InvalidOperationException", "messagesNotRecorded",
          operation + " needs recording mode FULL; this endpoint records " + store.mode.name().toLowerCase(Locale.ROOT));
    }
  }

  // ---- helpers ----

  private LogGroup existingGroup(String name) {
    LogGroup g = name == null ? null : store.group(name);
    if (g == null) {
      throw ApiException.notFound("groupNotFound", "The specified log group does not exist.");
    }
    return g;
  }

  private static String validGroup(String name) {
    if (!PutLogEventsLimits.isValidGroupName(name)) {
      throw ApiException.invalidParameter("invalidGroupName", "1 validation error detected: Value '" + name
          + "' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
          + "[\\.\\-_/#A-Za-z0-9]+ and have length between 1 and " + PutLogEventsLimits.MAX_NAME_LENGTH);
    }
    return name;
  }

  private static String validStream(String name) {
    if (!PutLogEventsLimits.isValidStreamName(name)) {
      throw ApiException.invalidParameter("invalidStreamName", "1 validation error detected: Value '" + name
          + "' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
          + "[^:*]* and have length between 1 and " + PutLogEventsLimits.MAX_NAME_LENGTH);
    }
    return name;
  }

  private static int limit(JsonFields in, int max) {
    long limit = in.number("limit", max);
    if (limit < 1 || limit > max) {
      throw ApiException.invalidParameter("invalidParameter", "limit must be between 1 and " + max);
    }
    return (int) limit;
  }

  private static int offsetToken(String token) {
    return token == null ? 0 : parseToken(token);
  }

  private static int parseToken(String token) {
    try {
      int v = Integer.parseInt(token);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiException.invalidParameter("invalidToken", "The specified nextToken is invalid.");
    }
  }
}
