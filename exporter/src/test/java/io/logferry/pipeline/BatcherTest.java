package io.logferry.pipeline;

import io.logferry.events.StreamKey;
import io.logferry.testing.FakeTicker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logferry.source.SourceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatcherTest {

  private static final StreamKey A = new StreamKey("g", "a");
  private static final StreamKey B = new StreamKey("g", "b");
  private static final SourceId SRC = new SourceId("f", 0);
  private static final long HOUR = Duration.ofHours(1).toMillis();

  private final FakeTicker ticker = new FakeTicker();
  private final List<Batch> out = new ArrayList<>();

  private Batcher batcher(int maxEvents, long maxBytes, int overhead, int maxEventBytes, long span) {
    return Batchers.create(
        new BatchLimits(maxEvents, maxBytes, overhead, maxEventBytes, span), Duration.ofSeconds(1), ticker, out::add);
  }

  private static LogEvent event(long ts, String message) {
    return new LogEvent(ts, message, message.length(), SRC, 0);
  }

  @Test
  void handsOverWhenTheNextEventWouldExceedTheCount() {
    Batcher b = batcher(3, 10_000, 26, 100, HOUR);
    for (int i = 0; i < 7; i++) b.add(A, event(i, "m" + i));

    assertThat(out).extracting(Batch::size).containsExactly(3, 3);
    assertThat(b.pendingEvents()).isEqualTo(1);
    b.flushAll();
    assertThat(out).extracting(Batch::size).containsExactly(3, 3, 1);
    assertThat(b.pendingEvents()).isZero();
  }

  @Test
  void countsBytesWithThePerEventOverhead() {
    Batcher b = batcher(100, 100, 26, 24, HOUR); // each 24-byte event costs 50
    b.add(A, event(0, "x".repeat(24)));
    b.add(A, event(0, "x".repeat(24)));
    assertThat(out).hasSize(1); // exactly full at 100: nothing more can join, handed over at once
    b.add(A, event(0, "x".repeat(10))); // 36
    b.add(A, event(0, "x".repeat(24))); // 86
    b.add(A, event(0, "x".repeat(1))); // 113 > 100: the previous batch goes first

    assertThat(out).extracting(Batch::bytes).containsExactly(100L, 86L);
    assertThat(out).allSatisfy(batch -> assertThat(batch.bytes()).isLessThanOrEqualTo(100));
  }

  @Test
  void handsOverWhenTheTimestampSpanWouldExceedTheLimit() {
    Batcher b = batcher(100, 10_000, 0, 100, HOUR);
    b.add(A, event(10 * HOUR, "a"));
    b.add(A, event(10 * HOUR - HOUR, "b")); // span exactly the limit: allowed
    b.add(A, event(10 * HOUR + 1, "c")); // span would be HOUR + 1
    b.flushAll();

    assertThat(out).extracting(Batch::size).containsExactly(2, 1);
    assertThat(out.get(0).minTimestamp()).isEqualTo(9 * HOUR);
    assertThat(out.get(0).maxTimestamp()).isEqualTo(10 * HOUR);
  }

  @Test
  void keepsOneBatchPerStream() {
    Batcher b = batcher(2, 10_000, 0, 100, HOUR);
    b.add(A, event(0, "a1"));
    b.add(B, event(0, "b1"));
    b.add(A, event(0, "a2"));
    b.add(B, event(0, "b2"));

    assertThat(out).extracting(Batch::key).containsExactly(A, B);
    assertThat(out.get(0).events()).extracting(LogEvent::message).containsExactly("a1", "a2");
    assertThat(out.get(1).events()).extracting(LogEvent::message).containsExactly("b1", "b2");
  }

  @Test
  void flushExpiredHandsOverOnlyBatchesThatWaitedTheInterval() {
    Batcher b = batcher(100, 10_000, 0, 100, HOUR);
    b.add(A, event(0, "a"));
    ticker.advance(Duration.ofMillis(600));
    b.add(B, event(0, "b"));
    ticker.advance(Duration.ofMillis(400));

    b.flushExpired();
    assertThat(out).extracting(Batch::key).containsExactly(A);
    b.add(A, event(0, "a2")); // starts a new batch with a new clock
    ticker.advance(Duration.ofMillis(600));
    b.flushExpired();

    assertThat(out).extracting(Batch::key).containsExactly(A, B);
    assertThat(b.pendingEvents()).isEqualTo(1);
  }

  @Test
  void eventsKeepTheirOrderInsideABatch() {
    Batcher b = batcher(100, 10_000, 0, 100, HOUR);
    b.add(A, event(5, "late"));
    b.add(A, event(1, "early"));
    b.flushAll();

    assertThat(out.get(0).events()).extracting(LogEvent::message).containsExactly("late", "early");
    assertThat(out.get(0).minTimestamp()).isEqualTo(1);
    assertThat(out.get(0).maxTimestamp()).isEqualTo(5);
  }

  @Test
  void rejectsAnEventThatCannotFitAnyRequest() {
    Batcher b = batcher(100, 100, 26, 74, HOUR);

    assertThatThrownBy(() -> b.add(A, event(0, "x".repeat(75)))).isInstanceOf(IllegalArgumentException.class);
    assertThat(b.pendingEvents()).isZero();
  }

  @Test
  void flushAllOnAnEmptyBatcherHandsOverNothing() {
    Batcher b = batcher(100, 10_000, 0, 100, HOUR);
    b.flushAll();
    b.flushExpired();

    assertThat(out).isEmpty();
  }
}
