package io.logferry.sink.cloudwatch;

import io.logferry.events.StreamKey;
import io.logferry.sink.StreamReader;
import io.logferry.sink.cloudwatch.CloudWatchRetryClassifier.Classification;
import io.logferry.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/**
 * {@code GetLogEvents} from the head of a time window ({@code startFromHead}, forward tokens), through the SDK client
 * the sink already uses for control-plane calls. Paced at {@link CloudWatchLimits#RECONCILE_GET_LOG_EVENTS_PER_SECOND}
 * requests per second; a throttled, failed or late read is reported, never retried (the caller re-sends instead).
 *
 * <p>Paging ends when a page comes back with the token that was sent: that is how GetLogEvents says "end of the
 * window" (an empty page with a new token only means the service has not scanned that far yet).
 */
final class CloudWatchStreamReader implements StreamReader {

  private static final long PACE_NANOS = 1_000_000_000L / CloudWatchLimits.RECONCILE_GET_LOG_EVENTS_PER_SECOND;

  private final CloudWatchLogsClient client;
  private final CloudWatchRetryClassifier classifier;
  private final Ticker ticker;
  private final Duration timeBound;
  private long nextCallNanos;
  private boolean called;

  CloudWatchStreamReader(CloudWatchLogsClient client, CloudWatchRetryClassifier classifier, Ticker ticker, Duration timeBound) {
    this.client = client;
    this.classifier = classifier;
    this.ticker = ticker;
    this.timeBound = timeBound;
  }

  @Override
  public Duration timeBound() {
    return timeBound;
  }

  @Override
  public synchronized List<StoredEvent> read(
      StreamKey key,
      long fromMillis,
      long toMillis,
      int maxEvents,
      java.util.function.Predicate<List<StoredEvent>> enough,
      Duration remaining)
      throws Unreadable {
    long deadline = ticker.nanoTime() + remaining.toNanos();
    List<StoredEvent> out = new ArrayList<>();
    String token = null;
    while (out.size() < maxEvents) {
      pace(deadline);
      long left = deadline - ticker.nanoTime();
      if (left <= 0) throw new Unreadable(Reason.TIMEOUT, "time bound reached reading " + key);
      GetLogEventsRequest.Builder request =
          GetLogEventsRequest.builder()
              .logGroupName(key.group())
              .logStreamName(key.stream())
              .startTime(fromMillis)
              .endTime(toMillis + 1) // GetLogEvents' endTime is exclusive
              .startFromHead(true)
              .limit(Math.min(CloudWatchLimits.GET_LOG_EVENTS_MAX_EVENTS_PER_PAGE, maxEvents - out.size()))
              .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofNanos(Math.max(1_000_000L, left))));
      if (token != null) request.nextToken(token);
      GetLogEventsResponse page;
      try {
        page = client.getLogEvents(request.build());
      } catch (RuntimeException e) {
        Classification c = classifier.classify(e);
        Reason reason =
            switch (c.kind()) {
              case THROTTLED -> Reason.THROTTLED;
              case MISSING_RESOURCE -> Reason.STREAM_GONE;
              default -> ticker.nanoTime() - deadline >= 0 ? Reason.TIMEOUT : Reason.ERROR;
            };
        throw new Unreadable(reason, c.reason());
      }
      for (OutputLogEvent e : page.events()) out.add(new StoredEvent(e.timestamp(), e.message()));
      String next = page.nextForwardToken();
      // An empty page ends the window too: GetLogEvents may answer "not scanned that far yet" with one, and ending
      // early can only turn a found request into an undecided one (re-sent), never the reverse.
      if (next == null || next.equals(token) || page.events().isEmpty() || enough.test(out)) break;
      token = next;
    }
    return out;
  }

  /** Waits for this reader's next slot under the quota share; fails when the slot is after the deadline. */
  private void pace(long deadline) throws Unreadable {
    long now = ticker.nanoTime();
    if (!called) {
      called = true;
      nextCallNanos = now;
    }
    long wait = nextCallNanos - now;
    if (wait > 0) {
      if (nextCallNanos - deadline >= 0) {
        throw new Unreadable(Reason.TIMEOUT, "time bound reached waiting for the GetLogEvents quota");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(wait); // paced in real time: the quota is real time too
    }
    nextCallNanos = Math.max(nextCallNanos, ticker.nanoTime()) + PACE_NANOS;
  }
}
