package io.logferry.reports.study;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The measured components the model composes, fitted from one run set ({@link ComponentFit}). CPU in CPU-seconds,
 * memory in MiB, freshness in seconds.
 *
 * @param sidecarFixedCpuPerHour a logging sidecar's steady CPU per hour before its bytes (intercept of the fit over
 *     rates above zero: a sidecar with nothing to ship sleeps for less, see {@link ComponentFit})
 * @param sidecarCpuPerMiB a sidecar's CPU per MiB shipped (slope)
 * @param sidecarRssMiB a sidecar's mean resident memory
 * @param dsBaseCpuPerHour a DaemonSet process's steady CPU per hour, before pods and bytes
 * @param dsCpuPerPodHour a DaemonSet's extra CPU per pod it watches, per hour
 * @param dsCpuPerMiB a DaemonSet's CPU per MiB shipped
 * @param dsRssMiB a DaemonSet process's mean resident memory
 * @param cronFixedCpu a run-once's CPU with nothing to read (JVM start, scan, checkpoint)
 * @param cronCpuPerMiB a run-once's CPU per MiB read and shipped
 * @param cronCpuPerFile a run-once's CPU per file it finds
 * @param cronFixedWall a run-once's start-to-exit time with nothing to read
 * @param cronWallPerMiB its extra wall time per MiB
 * @param cronWallPerFile its extra wall time per file
 * @param cronRssMiB a run-once's mean resident memory while it runs
 * @param sidecarP95 sidecar freshness p95 (steady windows, rate > 0)
 * @param dsP95 DaemonSet freshness p95 (steady windows, rate > 0)
 */
public record Coefficients(
    double sidecarFixedCpuPerHour,
    double sidecarCpuPerMiB,
    double sidecarRssMiB,
    double dsBaseCpuPerHour,
    double dsCpuPerPodHour,
    double dsCpuPerMiB,
    double dsRssMiB,
    double cronFixedCpu,
    double cronCpuPerMiB,
    double cronCpuPerFile,
    double cronFixedWall,
    double cronWallPerMiB,
    double cronWallPerFile,
    double cronRssMiB,
    double sidecarP95,
    double dsP95) {

  /**
   * These coefficients with another shipper's sidecar (idle and per-MiB CPU, RSS, freshness): "what if the sidecar
   * were {@code peer}'s", the DaemonSet and CronJob terms unchanged.
   */
  public Coefficients withSidecarOf(Coefficients peer) {
    return new Coefficients(peer.sidecarFixedCpuPerHour, peer.sidecarCpuPerMiB, peer.sidecarRssMiB, dsBaseCpuPerHour,
        dsCpuPerPodHour, dsCpuPerMiB, dsRssMiB, cronFixedCpu, cronCpuPerMiB, cronCpuPerFile, cronFixedWall,
        cronWallPerMiB, cronWallPerFile, cronRssMiB, peer.sidecarP95, dsP95);
  }

  /** These coefficients with another shipper's DaemonSet terms. */
  public Coefficients withDaemonSetOf(Coefficients peer) {
    return new Coefficients(sidecarFixedCpuPerHour, sidecarCpuPerMiB, sidecarRssMiB, peer.dsBaseCpuPerHour,
        peer.dsCpuPerPodHour, peer.dsCpuPerMiB, peer.dsRssMiB, cronFixedCpu, cronCpuPerMiB, cronCpuPerFile,
        cronFixedWall, cronWallPerMiB, cronWallPerFile, cronRssMiB, sidecarP95, peer.dsP95);
  }

  /** Name to value, in declaration order: what the calculator's JavaScript receives and the tornado varies. */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (var c : Coefficients.class.getRecordComponents()) {
      try {
        m.put(c.getName(), (Double) c.getAccessor().invoke(this));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return m;
  }

  public static Coefficients fromMap(Map<String, Double> m) {
    var comps = Coefficients.class.getRecordComponents();
    Object[] args = new Object[comps.length];
    Class<?>[] types = new Class<?>[comps.length];
    for (int i = 0; i < comps.length; i++) {
      args[i] = m.get(comps[i].getName());
      types[i] = double.class;
    }
    try {
      return Coefficients.class.getDeclaredConstructor(types).newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Human description of each component, for tables. */
  public static final Map<String, String> LABELS = Map.ofEntries(
      Map.entry("sidecarFixedCpuPerHour", "sidecar fixed CPU s/h"),
      Map.entry("sidecarCpuPerMiB", "sidecar CPU s/MiB"),
      Map.entry("sidecarRssMiB", "sidecar mean RSS MiB"),
      Map.entry("dsBaseCpuPerHour", "DaemonSet base CPU s/h"),
      Map.entry("dsCpuPerPodHour", "DaemonSet CPU s/h per pod"),
      Map.entry("dsCpuPerMiB", "DaemonSet CPU s/MiB"),
      Map.entry("dsRssMiB", "DaemonSet mean RSS MiB"),
      Map.entry("cronFixedCpu", "run-once fixed CPU s"),
      Map.entry("cronCpuPerMiB", "run-once CPU s/MiB"),
      Map.entry("cronCpuPerFile", "run-once CPU s/file"),
      Map.entry("cronFixedWall", "run-once fixed wall s"),
      Map.entry("cronWallPerMiB", "run-once wall s/MiB"),
      Map.entry("cronWallPerFile", "run-once wall s/file"),
      Map.entry("cronRssMiB", "run-once mean RSS MiB"),
      Map.entry("sidecarP95", "sidecar freshness p95 s"),
      Map.entry("dsP95", "DaemonSet freshness p95 s"));
}
