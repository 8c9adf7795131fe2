package io.logferry.bench.cluster;

import java.util.Locale;

/**
 * What goes wrong in a fault deployment, half-way through its window, and what it models.
 */
enum StudyFault {
  NONE("no fault"),
  /** The shipper is SIGKILLed: a sidecar or DaemonSet process (restarted at once, as the kubelet does), or a
   * run-once in flight (the next scheduled run continues from the checkpoint). */
  SHIPPER_KILLED("shipper SIGKILLed half-way (follow: restarted at once; run-once: the next scheduled run resumes)"),
  /**
   * Pod 1 is deleted, as each mode's documented storage treats it. Sidecar: the app stops, the sidecar gets SIGTERM
   * after it and drains, then the emptyDir goes. DaemonSet: the app stops and the kubelet removes the pod's log
   * directory on the node 1 s later; the DaemonSet keeps running. CronJob (README "Storage it needs": a shared
   * ReadWriteMany volume, one directory per pod that outlives the pod): the app stops, its directory stays, the next
   * scheduled run ships it.
   */
  POD_DELETED("pod 1 deleted half-way, each mode's documented storage (sidecar: drain then emptyDir removed; "
      + "DaemonSet: node log directory removed 1 s after the app stopped; CronJob: directory kept on the shared volume)"),
  /**
   * CronJob only: pod 1's directory is removed 1 s after its app stopped, before the next run: what happens when the
   * CronJob reads storage that does not outlive the pod (emptyDir-like, or a node-local hostPath cleaned on pod
   * deletion). Not the documented design; it shows what that design protects against.
   */
  POD_DIR_REMOVED("CronJob over storage that does not outlive the pod: pod 1's directory removed 1 s after its app "
      + "stopped, before the next run (not the documented shared-volume design)"),
  /** The endpoint refuses every request for a while (window-wide: every deployment of the window sees it). */
  ENDPOINT_DOWN("CloudWatch endpoint down for this deployment (its every request refused) for a third of the window");

  private final String description;

  StudyFault(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }

  String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  boolean appliesTo(StudyMode mode) {
    return this != POD_DIR_REMOVED || mode == StudyMode.CRONJOB;
  }
}
