package io.logferry.bench.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scenario lists. QUICK takes a few minutes (2 and 4 pods, 20 s, run-once every 5 s, two faults with short
 * outages); FULL is the measurement (1/4/8 pods x 2 rates, 60 s, run-once every 10 and 30 s, every fault, a 60 s
 * outage). Runs are ordered so that an interrupted FULL run still holds a complete comparison: the 4-pod grid and
 * the faults first, then 1 and 8 pods.
 */
public enum Profile {
  QUICK {
    @Override
    public List<Scenario> scenarios() {
      List<Scenario> out = new ArrayList<>();
      Duration t = Duration.ofSeconds(20);
      Duration every = Duration.ofSeconds(5);
      for (int pods : new int[] {2, 4}) {
        out.add(scenario(Mode.BASELINE, Fault.NONE, pods, 50, t, every, Duration.ZERO));
        out.add(scenario(Mode.SIDECAR, Fault.NONE, pods, 50, t, every, Duration.ZERO));
        out.add(scenario(Mode.CRONJOB, Fault.NONE, pods, 50, t, every, Duration.ZERO));
      }
      for (Mode m : new Mode[] {Mode.SIDECAR, Mode.CRONJOB}) {
        out.add(scenario(m, Fault.ENDPOINT_DOWN, 2, 50, t, every, Duration.ofSeconds(10)));
        out.add(scenario(m, Fault.SHIPPER_KILLED, 2, 50, t, every, Duration.ZERO));
      }
      return out;
    }
  },
  FULL {
    @Override
    public List<Scenario> scenarios() {
      List<Scenario> out = new ArrayList<>();
      Duration t = Duration.ofSeconds(60);
      Duration ten = Duration.ofSeconds(10);
      for (int pods : new int[] {4, 1, 8}) {
        for (double rate : new double[] {20, 200}) {
          out.add(scenario(Mode.BASELINE, Fault.NONE, pods, rate, t, ten, Duration.ZERO));
          out.add(scenario(Mode.SIDECAR, Fault.NONE, pods, rate, t, ten, Duration.ZERO));
          out.add(scenario(Mode.CRONJOB, Fault.NONE, pods, rate, t, ten, Duration.ZERO));
          out.add(scenario(Mode.CRONJOB, Fault.NONE, pods, rate, t, Duration.ofSeconds(30), Duration.ZERO));
        }
        if (pods == 4) out.addAll(faults(t, ten));
      }
      return out;
    }

    private List<Scenario> faults(Duration t, Duration every) {
      List<Scenario> out = new ArrayList<>();
      for (Fault f : Fault.values()) {
        if (f == Fault.NONE) continue;
        // The outage must fit in the run with time to catch up: 60 s down from 20 s into a 100 s run.
        Duration run = f == Fault.ENDPOINT_DOWN ? Duration.ofSeconds(100) : t;
        Duration down = f == Fault.ENDPOINT_DOWN ? Duration.ofSeconds(60) : Duration.ZERO;
        for (Mode m : new Mode[] {Mode.SIDECAR, Mode.CRONJOB}) {
          if (f.appliesTo(m)) out.add(scenario(m, f, 4, 100, run, every, down));
        }
      }
      return out;
    }
  };

  /** The scenario runs of this profile, in the order they run. */
  public abstract List<Scenario> scenarios();

  static Profile parse(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Scenario scenario(
      Mode mode, Fault fault, int pods, double rate, Duration t, Duration every, Duration faultDuration) {
    // 128 KiB files (nginx lines are ~200 B): a rotation every ~650 lines, so every run rotates by rename.
    return new Scenario(mode, fault, pods, rate, t, every, "nginx", "rename", 128L << 10, faultDuration);
  }
}
