package io.logferry.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.bench.cluster.LoadWatch.Phase;
import io.logferry.bench.cluster.LoadWatch.Sample;
import io.logferry.study.StudyRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadWatchTest {

  /** 5-s samples on 2 cores (100 ticks/s per CPU: 1,000 total ticks per sample), busy ticks per sample given. */
  static List<Sample> samples(Phase phase, double[] loads, long[] busyPerSample, long busy0, long total0) {
    List<Sample> out = new ArrayList<>();
    long busy = busy0;
    long total = total0;
    for (int i = 0; i < loads.length; i++) {
      out.add(new Sample(phase, loads[i], busy, total));
      if (i < busyPerSample.length) {
        busy += busyPerSample[i];
        total += 1000;
      }
    }
    return out;
  }

  @Test
  void aStartUpBurstInTheWarmUpDoesNotMakeAQuietMeasuredIntervalOverloaded() {
    List<Sample> s = new ArrayList<>(samples(Phase.WARMUP, new double[] {0.9, 20, 51, 40}, new long[] {}, 0, 0));
    s.addAll(samples(Phase.MEASURED, new double[] {30, 12, 1.4, 1.2, 1.1}, new long[] {900, 200, 150, 150}, 5000,
        8000));
    StudyRun.Load l = LoadWatch.figures(s, 0.9, 1.1, 20, 2);
    StudyRun.Measured m = l.measured();
    assertThat(l.max()).isEqualTo(51); // the whole window's max stays
    assertThat(m.warmupLoadMax()).isEqualTo(51);
    assertThat(m.warmupLoadMedian()).isEqualTo(30);
    assertThat(m.loadMax()).isEqualTo(30);
    assertThat(m.loadMedian()).isEqualTo(1.4);
    assertThat(m.loadSamples()).isEqualTo(5);
    assertThat(m.busyCores()).isEqualTo(1400 / 4000.0 * 2);
    assertThat(m.busyCoresMax()).isEqualTo(1.8);
    assertThat(m.overloaded()).isFalse();
    assertThat(l.overloaded()).isFalse();
  }

  @Test
  void aMeasuredIntervalWhoseCpusWereBusyAlmostAllTheTimeIsOverloadedEvenAtALowLoad() {
    List<Sample> s = samples(Phase.MEASURED, new double[] {1.8, 1.9, 1.9}, new long[] {980, 970}, 0, 0);
    StudyRun.Load l = LoadWatch.figures(s, 1.0, 1.9, 10, 2);
    assertThat(l.measured().busyCores()).isEqualTo(1.95);
    assertThat(l.overloaded()).isTrue();
  }

  @Test
  void aMeasuredIntervalWhoseMedianLoadExceedsTheCoresIsOverloaded() {
    List<Sample> s = samples(Phase.MEASURED, new double[] {2.5, 3.0, 2.2}, new long[] {500, 500}, 0, 0);
    StudyRun.Load l = LoadWatch.figures(s, 2.0, 2.2, 10, 2);
    assertThat(l.measured().loadMedian()).isEqualTo(2.5);
    assertThat(l.overloaded()).isTrue();
  }

  @Test
  void withoutAMeasuredIntervalTheOldWholeWindowRuleApplies() {
    StudyRun.Load l = LoadWatch.figures(samples(Phase.WARMUP, new double[] {3.0}, new long[] {}, 0, 0), 1, 1, 0, 2);
    assertThat(l.measured()).isNull();
    assertThat(l.overloaded()).isTrue();
  }

  @Test
  void busyTicksAreTotalMinusIdleAndIowaitOfTheAggregateCpuLine() {
    long[] t = LoadWatch.parseCpuLine("cpu  100 5 50 800 40 3 2 0 7 0");
    assertThat(t[1]).isEqualTo(100 + 5 + 50 + 800 + 40 + 3 + 2);
    assertThat(t[0]).isEqualTo(100 + 5 + 50 + 3 + 2);
  }
}
