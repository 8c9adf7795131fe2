package io.logferry.runtime;

import io.logferry.events.StreamKey;
import io.logferry.pipeline.Batch;
import io.logferry.pipeline.LogEvent;
import io.logferry.sink.ExportResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keeps the events of one stream in the order they were read, with several requests in flight (issue 14).
 *
 * <h2>Why requests of one stream can reorder</h2>
 * CloudWatch Logs returns a stream's events by timestamp, and events with the same timestamp in the order they were
 * stored. Two requests of one stream in flight at once are stored in whichever order they arrive (and a retried one
 * arrives later still): when their timestamp ranges overlap, their events interleave. The pieces of a line split at
 * 1 MiB share one timestamp and each fills a request, and a burst of lines within one millisecond straddles the cut
 * between two batches: both came back out of order at the default concurrency.
 *
 * <h2>The rule</h2>
 * Two requests of one stream may be in flight together only when their timestamp ranges are disjoint: whichever is
 * stored first, reading by timestamp returns the older range first. A new batch is cut at the highest timestamp
 * {@code M} still outstanding (in flight or held) for its stream: its events after {@code M} (sorted stably, so equal
 * timestamps keep read order) go out at once; its events at or before {@code M} are held, in order, until no request
 * in flight overlaps them. So a split line's pieces go out one after another, a burst straddling two batches costs
 * one extra small request, and a stream whose timestamps advance keeps its full concurrency.
 *
 * <p>Acknowledgements are unaffected: the batch is registered as one unit before it is handed here, and its
 * completion is reported once, after all of its parts completed (failed if any part failed, so at-least-once holds).
 *
 * <p>Thread-safe: {@link #submit} runs on the pipeline thread, completions on sink threads; nothing is sent while the
 * lock is held (a sink may complete a request on the calling thread).
 */
final class StreamOrder {

  /** Sends one part; {@code done} is called exactly once with its result. */
  interface Sender {
    void send(Batch part, Consumer<ExportResult> done);
  }

  private final Sender sender;
  private final Map<StreamKey, Lane> lanes = new HashMap<>();
  private long held;

  StreamOrder(Sender sender) {
    this.sender = sender;
  }

  /** A batch handed over, completed once all its parts are. */
  private static final class Whole {
    final Consumer<ExportResult> done;
    int parts;
    ExportResult failed;
    int accepted;
    int deadLettered;
    int retries;
    int throttles;

    Whole(Consumer<ExportResult> done, int parts) {
      this.done = done;
      this.parts = parts;
    }

    /** @return true when this was the last part */
    boolean add(ExportResult r) {
      retries += r.retries();
      throttles += r.throttles();
      if (r.isDelivered()) {
        accepted += r.accepted();
        deadLettered += r.deadLettered();
      } else if (failed == null) {
        failed = r;
      }
      return --parts == 0;
    }

    ExportResult result() {
      return failed != null
          ? ExportResult.failed(failed.failure(), retries, throttles)
          : ExportResult.delivered(accepted, deadLettered, retries, throttles);
    }
  }

  /** One request's worth of a batch. Compared by identity (two parts may hold equal events). */
  private static final class Part {
    final Batch batch;
    final Whole whole;

    Part(Batch batch, Whole whole) {
      this.batch = batch;
      this.whole = whole;
    }

    boolean overlaps(Part other) {
      return batch.minTimestamp() <= other.batch.maxTimestamp() && other.batch.minTimestamp() <= batch.maxTimestamp();
    }
  }

  /** One stream's requests in flight and parts held back, in read order. */
  private static final class Lane {
    final List<Part> inFlight = new ArrayList<>(4);
    final ArrayDeque<Part> held = new ArrayDeque<>();

    long maxOutstanding() {
      long max = Long.MIN_VALUE;
      for (Part p : inFlight) max = Math.max(max, p.batch.maxTimestamp());
      for (Part p : held) max = Math.max(max, p.batch.maxTimestamp());
      return max;
    }

    boolean idle() {
      return inFlight.isEmpty() && held.isEmpty();
    }
  }

  /** Sends {@code batch} now, or in parts, some later; {@code done} receives the batch's combined result once. */
  void submit(Batch batch, Consumer<ExportResult> done) {
    List<Part> now = new ArrayList<>(2);
    synchronized (this) {
      Lane lane = lanes.computeIfAbsent(batch.key(), k -> new Lane());
      long m = lane.maxOutstanding();
      if (lane.idle() || batch.minTimestamp() > m) {
        Part p = new Part(batch, new Whole(done, 1));
        lane.inFlight.add(p);
        now.add(p);
      } else if (batch.maxTimestamp() <= m) {
        lane.held.addLast(new Part(batch, new Whole(done, 1)));
        held++;
        release(lane, now);
      } else {
        // Split at m: the newer events cannot interleave with anything outstanding, the older ones wait their turn.
        List<LogEvent> sorted = new ArrayList<>(batch.events());
        sorted.sort(Comparator.comparingLong(LogEvent::timestamp)); // stable: equal timestamps keep read order
        int cut = 0;
        while (cut < sorted.size() && sorted.get(cut).timestamp() <= m) cut++;
        Whole whole = new Whole(done, 2);
        Part older = new Part(part(batch, sorted.subList(0, cut)), whole);
        Part newer = new Part(part(batch, sorted.subList(cut, sorted.size())), whole);
        lane.inFlight.add(newer);
        now.add(newer);
        lane.held.addLast(older);
        held++;
        release(lane, now);
      }
    }
    send(now);
  }

  /** Parts held back now (for tests and status). */
  synchronized long held() {
    return held;
  }

  private Batch part(Batch batch, List<LogEvent> events) {
    long bytes = 0;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    long overheadPerEvent = (batch.bytes() - utf8Bytes(batch.events())) / batch.size();
    for (LogEvent e : events) {
      bytes += e.byteLength() + overheadPerEvent;
      min = Math.min(min, e.timestamp());
      max = Math.max(max, e.timestamp());
    }
    return new Batch(batch.key(), new ArrayList<>(events), bytes, min, max);
  }

  private static long utf8Bytes(List<LogEvent> events) {
    long sum = 0;
    for (LogEvent e : events) sum += e.byteLength();
    return sum;
  }

  /** Moves held parts whose range overlaps nothing in flight to in flight, oldest first, stopping at the first that must wait. */
  private void release(Lane lane, List<Part> out) {
    while (!lane.held.isEmpty()) {
      Part head = lane.held.peekFirst();
      for (Part p : lane.inFlight) {
        if (p.overlaps(head)) return;
      }
      lane.held.pollFirst();
      held--;
      lane.inFlight.add(head);
      out.add(head);
    }
  }

  private void send(List<Part> parts) {
    for (Part p : parts) {
      sender.send(p.batch, r -> completed(p, r));
    }
  }

  private void completed(Part p, ExportResult r) {
    List<Part> now = new ArrayList<>(1);
    boolean last;
    synchronized (this) {
      Lane lane = lanes.get(p.batch.key());
      lane.inFlight.remove(p);
      release(lane, now);
      if (lane.idle()) lanes.remove(p.batch.key());
      last = p.whole.add(r);
    }
    send(now);
    if (last) p.whole.done.accept(p.whole.result());
  }
}
