package io.logferry.bench.cluster;

/** How the pods' logs are shipped in one scenario run. */
public enum Mode {
  /** Writers only: the reference for interference and for the machine's own noise. */
  BASELINE,
  /** One {@code logferry follow} process per pod, its own checkpoint dir, SIGTERM at the end so it drains. */
  SIDECAR,
  /** One {@code logferry run-once} process every interval over all pods' directories, plus a final run. */
  CRONJOB;

  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
