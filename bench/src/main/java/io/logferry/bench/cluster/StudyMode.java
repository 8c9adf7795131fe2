package io.logferry.bench.cluster;

import java.util.Locale;

/** The three packagings of the same exporter core that the study compares. */
enum StudyMode {
  /** One {@code follow} process per pod over that pod's own directory (emptyDir), its own checkpoints. */
  SIDECAR,
  /** One {@code follow} process per node over every pod directory of the node (hostPath), one checkpoint dir. */
  DAEMONSET,
  /** One {@code run-once} process per schedule tick over every pod directory (shared volume), Forbid. */
  CRONJOB;

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  boolean follows() {
    return this != CRONJOB;
  }
}
