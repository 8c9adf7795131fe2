package io.logferry.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.events.StreamKey;
import io.logferry.pipeline.Batch;
import io.logferry.pipeline.LogEvent;
import io.logferry.sink.ExportResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Requests of one stream in flight together never have overlapping timestamp ranges. */
class StreamOrderTest {

  private static final StreamKey KEY = new StreamKey("g", "s");

  private final List<Batch> sent = new ArrayList<>();
  private final List<Consumer<ExportResult>> answers = new ArrayList<>();
  private final List<ExportResult> completed = new ArrayList<>();
  private final StreamOrder order = new StreamOrder((part, done) -> {
    sent.add(part);
    answers.add(done);
  });

  private static Batch batch(long... timestamps) {
    List<LogEvent> events = new ArrayList<>();
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long t : timestamps) {
      events.add(new LogEvent(t, "m" + t, null, 0));
      min = Math.min(min, t);
      max = Math.max(max, t);
    }
    return new Batch(KEY, events, events.size() * 28L, min, max);
  }

  private void answer(int i) {
    answers.get(i).accept(ExportResult.delivered(sent.get(i).size(), 0, 0, 0));
  }

  @Test
  void batchesWithAdvancingTimestampsGoOutTogether() {
    order.submit(batch(1, 2), completed::add);
    order.submit(batch(3, 4), completed::add);
    assertThat(sent).hasSize(2);
    assertThat(order.held()).isZero();
  }

  @Test
  void piecesOfOneTimestampGoOutOneAfterAnother() {
    for (int i = 0; i < 5; i++) order.submit(batch(7), completed::add);
    assertThat(sent).hasSize(1);
    for (int i = 0; i < 5; i++) {
      answer(i);
      assertThat(sent).hasSize(Math.min(5, i + 2));
    }
    assertThat(completed).hasSize(5).allMatch(ExportResult::isDelivered);
  }

  @Test
  void aBatchStraddlingARequestInFlightIsSplitAndItsNewerPartGoesAtOnce() {
    order.submit(batch(1, 2, 5), completed::add);
    order.submit(batch(5, 5, 6, 7), completed::add);
    // {6, 7} cannot interleave with what is in flight; {5, 5} waits for the first request.
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).events()).extracting(LogEvent::timestamp).containsExactly(6L, 7L);
    answer(1);
    assertThat(completed).isEmpty(); // the second batch is done only when both its parts are
    answer(0);
    assertThat(sent).hasSize(3);
    assertThat(sent.get(2).events()).extracting(LogEvent::timestamp).containsExactly(5L, 5L);
    assertThat(completed).hasSize(1);
    answer(2);
    assertThat(completed).hasSize(2);
    assertThat(completed.get(1).accepted()).isEqualTo(4);
  }

  @Test
  void aFailedPartFailsItsBatch() {
    order.submit(batch(1, 5), completed::add);
    order.submit(batch(5, 9), completed::add);
    answers.get(1).accept(ExportResult.failed("boom", 1, 0));
    answer(0);
    answer(2);
    assertThat(completed).hasSize(2);
    assertThat(completed.get(1).isDelivered()).isFalse();
    assertThat(completed.get(1).retries()).isEqualTo(1);
  }
}
