package io.logferry.pipeline;

import io.logferry.events.StreamKey;
import io.logferry.testing.FakeTicker;
import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.source.SourceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property tests over random event streams (seeded {@link Random}; jqwik does not run on the JUnit 6 platform).
 * Each seed draws limits, streams and a mix of adds, expiry flushes and clock moves, then checks the invariants:
 * every event comes out exactly once, in per-stream order, in batches that are never empty and never over a limit.
 */
class BatcherPropertyTest {

  private static final int SEEDS = 300;

  @Test
  void everyEventIsHandedOverOnceInOrderWithinEveryLimit() {
    for (int seed = 0; seed < SEEDS; seed++) {
      runScenario(seed);
    }
  }

  private static void runScenario(long seed) {
    Random random = new Random(seed);
    int maxEvents = 1 + random.nextInt(random.nextBoolean() ? 5 : 200);
    int overhead = random.nextInt(30);
    int maxEventBytes = 4 + random.nextInt(300);
    long maxBytes = maxEventBytes + overhead + random.nextInt(2_000);
    long maxSpan = 1 + random.nextInt(random.nextBoolean() ? 10 : 100_000);
    BatchLimits limits = new BatchLimits(maxEvents, maxBytes, overhead, maxEventBytes, maxSpan);
    byte[] messageBytes = "m".repeat(maxEventBytes).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    FakeTicker ticker = new FakeTicker();
    List<Batch> out = new ArrayList<>();
    int[] handedOver = new int[1];
    Batcher batcher =
        Batchers.create(
            limits,
            Duration.ofMillis(1 + random.nextInt(1000)),
            ticker,
            batch -> {
              out.add(batch);
              handedOver[0] += batch.size();
            });

    int streams = 1 + random.nextInt(5);
    List<StreamKey> keys = new ArrayList<>();
    for (int i = 0; i < streams; i++) keys.add(new StreamKey("g", "s" + i));
    Map<StreamKey, List<LogEvent>> sent = new HashMap<>();
    long[] clock = new long[streams];
    int steps = random.nextInt(2_000);
    long sequence = 0;
    String context = "seed " + seed + " limits " + limits;

    for (int step = 0; step < steps; step++) {
      int action = random.nextInt(100);
      if (action < 90) {
        int s = random.nextInt(streams);
        // Mostly ascending times with jitter, sometimes jumps backwards or far ahead.
        clock[s] += random.nextInt(100) - (random.nextInt(10) == 0 ? 200 : 0);
        if (random.nextInt(50) == 0) clock[s] += maxSpan * (1 + random.nextInt(3));
        int bytes = random.nextInt(maxEventBytes + 1);
        // commitOffset carries a global sequence number so identity survives equal messages.
        LogEvent e = new LogEvent(clock[s], messageBytes, 0, bytes, new SourceId("f" + s, 0), sequence++);
        batcher.add(keys.get(s), e);
        sent.computeIfAbsent(keys.get(s), k -> new ArrayList<>()).add(e);
      } else if (action < 95) {
        ticker.advance(Duration.ofMillis(random.nextInt(600)));
      } else {
        batcher.flushExpired();
      }
      assertThat(batcher.pendingEvents()).as(context).isEqualTo((int) sequence - handedOver[0]);
    }
    batcher.flushAll();
    assertThat(batcher.pendingEvents()).as(context).isZero();

    Map<StreamKey, List<LogEvent>> received = new HashMap<>();
    for (Batch b : out) {
      assertThat(b.events()).as(context).isNotEmpty();
      assertThat(b.size()).as(context).isLessThanOrEqualTo(maxEvents);
      long bytes = 0;
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (LogEvent e : b.events()) {
        bytes += e.byteLength() + overhead;
        min = Math.min(min, e.timestamp());
        max = Math.max(max, e.timestamp());
      }
      assertThat(b.bytes()).as(context).isEqualTo(bytes).isLessThanOrEqualTo(maxBytes);
      assertThat(b.minTimestamp()).as(context).isEqualTo(min);
      assertThat(b.maxTimestamp()).as(context).isEqualTo(max);
      assertThat(max - min).as(context).isLessThanOrEqualTo(maxSpan);
      received.computeIfAbsent(b.key(), k -> new ArrayList<>()).addAll(b.events());
    }
    // Exactly once and in per-stream order: the received sequence per stream is identical to the sent one.
    assertThat(received.keySet()).as(context).isEqualTo(sent.keySet());
    for (Map.Entry<StreamKey, List<LogEvent>> e : sent.entrySet()) {
      assertThat(received.get(e.getKey())).as(context + " stream " + e.getKey()).containsExactlyElementsOf(e.getValue());
    }
  }
}
