package io.logferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.events.StreamKey;
import io.logferry.pipeline.Batch;
import io.logferry.pipeline.LogEvent;
import io.logferry.source.SourceId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AckTrackerTest {

  private static final StreamKey KEY = new StreamKey("g", "s");
  private static final SourceId A = new SourceId("1:1", 0);
  private static final SourceId B = new SourceId("1:2", 0);

  private static Batch batch(Object... sourceAndOffset) {
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < sourceAndOffset.length; i += 2) {
      events.add(new LogEvent(1, "m", 1, (SourceId) sourceAndOffset[i], (Long) sourceAndOffset[i + 1]));
    }
    return new Batch(KEY, events, events.size() * 27L, 1, 1);
  }

  @Test
  void offsetMovesToTheEndOfAnAcknowledgedBatch() {
    AckTracker acks = new AckTracker();
    AckTracker.Ticket t = acks.register(batch(A, 10L, A, 20L));
    assertThat(acks.committed()).isEmpty();
    assertThat(acks.complete(t, true)).containsEntry(A, 20L);
    assertThat(acks.committed()).containsEntry(A, 20L);
    assertThat(acks.inFlight()).isZero();
  }

  @Test
  void laterBatchAcknowledgedFirstDoesNotMoveTheOffsetPastAPendingOne() {
    AckTracker acks = new AckTracker();
    AckTracker.Ticket first = acks.register(batch(A, 10L));
    AckTracker.Ticket second = acks.register(batch(A, 20L));
    assertThat(acks.complete(second, true)).isEmpty();
    assertThat(acks.committed()).doesNotContainKey(A);
    assertThat(acks.complete(first, true)).containsEntry(A, 20L);
  }

  @Test
  void failedBatchBlocksItsSourceForTheRestOfTheRun() {
    AckTracker acks = new AckTracker();
    AckTracker.Ticket first = acks.register(batch(A, 10L));
    AckTracker.Ticket second = acks.register(batch(A, 20L));
    AckTracker.Ticket third = acks.register(batch(A, 30L));
    acks.complete(first, true);
    acks.complete(second, false);
    acks.complete(third, true);
    assertThat(acks.committed()).containsEntry(A, 10L);
    assertThat(acks.blocked(A)).isTrue();
  }

  @Test
  void sourcesInOneBatchMoveIndependently() {
    AckTracker acks = new AckTracker();
    AckTracker.Ticket onlyA = acks.register(batch(A, 10L));
    AckTracker.Ticket both = acks.register(batch(A, 15L, B, 7L));
    Map<SourceId, Long> moved = acks.complete(both, true);
    assertThat(moved).containsOnlyKeys(B).containsEntry(B, 7L);
    assertThat(acks.complete(onlyA, true)).containsEntry(A, 15L);
  }

  @Test
  void aSourceHandedOverWithNothingInFlightIsForgottenSoTheTrackerStaysBoundedThroughRotations() {
    AckTracker acks = new AckTracker();
    for (int generation = 0; generation < 1_000; generation++) {
      SourceId file = new SourceId("1:" + generation, generation);
      acks.complete(acks.register(batch(file, 100L)), true);
      assertThat(acks.drainMoved()).containsEntry(file, 100L);
    }
    assertThat(acks.committed()).isEmpty();
  }

  @Test
  void aSourceWithABatchStillInFlightKeepsItsOffsetAfterHandOverAndMovesOnFromIt() {
    AckTracker acks = new AckTracker();
    AckTracker.Ticket first = acks.register(batch(A, 10L));
    AckTracker.Ticket second = acks.register(batch(A, 20L));
    acks.complete(first, true);
    assertThat(acks.drainMoved()).containsEntry(A, 10L);
    assertThat(acks.committed()).containsEntry(A, 10L);
    assertThat(acks.complete(second, true)).containsEntry(A, 20L);
    assertThat(acks.drainMoved()).containsEntry(A, 20L);
    assertThat(acks.committed()).doesNotContainKey(A);
    // A later batch of the same source starts from nothing remembered and still reports its own end.
    assertThat(acks.complete(acks.register(batch(A, 30L)), true)).containsEntry(A, 30L);
  }

  @Test
  void eventsWithoutASourceAreNotTracked() {
    AckTracker acks = new AckTracker();
    AckTracker.Ticket t = acks.register(batch(null, 0L));
    assertThat(acks.complete(t, true)).isEmpty();
    assertThat(acks.inFlight()).isZero();
  }

  @Test
  void randomCompletionOrderCommitsExactlyTheAcknowledgedPrefix() {
    for (long seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      AckTracker acks = new AckTracker();
      int n = 1 + random.nextInt(30);
      List<AckTracker.Ticket> tickets = new ArrayList<>();
      for (int i = 1; i <= n; i++) tickets.add(acks.register(batch(A, (long) i * 100)));
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < n; i++) order.add(i);
      Collections.shuffle(order, random);
      boolean[] done = new boolean[n];
      for (int i : order) {
        boolean ok = random.nextInt(10) > 0;
        acks.complete(tickets.get(i), ok);
        done[i] = ok;
        int prefix = 0;
        while (prefix < n && done[prefix]) prefix++;
        Long committed = acks.committed().get(A);
        if (prefix == 0) {
          assertThat(committed).as("seed %d", seed).isNull();
        } else {
          assertThat(committed).as("seed %d", seed).isEqualTo(prefix * 100L);
        }
      }
    }
  }
}
