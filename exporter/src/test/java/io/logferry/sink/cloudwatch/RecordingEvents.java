package io.logferry.sink.cloudwatch;

import io.logferry.events.ExporterEvents;
import io.logferry.events.StreamKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the sink's internal events as readable strings. */
final class RecordingEvents implements ExporterEvents {
  final List<String> sent = new CopyOnWriteArrayList<>();
  final List<String> retried = new CopyOnWriteArrayList<>();
  final List<String> failed = new CopyOnWriteArrayList<>();
  final List<String> deadLettered = new CopyOnWriteArrayList<>();
  final List<String> rejected = new CopyOnWriteArrayList<>();
  final List<String> requests = new CopyOnWriteArrayList<>();

  @Override
  public void batchSent(StreamKey key, int events, long bytes, long latencyNanos) {
    sent.add(key + " " + events + " " + bytes);
  }

  @Override
  public void batchRetried(StreamKey key, int attempt, boolean throttled, String reason) {
    retried.add(key + " " + attempt + " " + (throttled ? "throttled" : "error") + " " + reason);
  }

  @Override
  public void batchFailed(StreamKey key, int events, String reason) {
    failed.add(key + " " + events + " " + reason);
  }

  @Override
  public void eventsDeadLettered(StreamKey key, int events, String reason) {
    deadLettered.add(key + " " + events + " " + reason);
  }

  @Override
  public void eventsRejected(StreamKey key, int events, String reason) {
    rejected.add(key + " " + events + " " + reason);
  }

  @Override
  public void requestCompleted(StreamKey key, boolean succeeded, long latencyNanos) {
    requests.add(key + " " + (succeeded ? "ok" : "error"));
  }
}
