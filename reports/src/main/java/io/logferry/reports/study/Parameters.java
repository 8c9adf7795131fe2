package io.logferry.reports.study;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prices and assumptions of the model: each a named value with its unit and where it comes from (a link and the
 * date it was read, or "assumption"). The calculator in the HTML page receives the same table.
 */
public final class Parameters {

  /** One parameter. {@code low}/{@code high} are the tornado chart's range. */
  public record Parameter(String key, double value, double low, double high, String unit, String source) {}

  private Parameters() {}

  public static final List<Parameter> DEFAULTS = List.of(
      new Parameter("vcpuHour", 0.04048, 0.02, 0.06, "$ per vCPU-hour",
          "AWS Fargate Linux/x86 on-demand, us-east-1, https://aws.amazon.com/fargate/pricing/ (as quoted 2026-11-23; "
              + "range: EC2 node cost per vCPU-hour is lower, ~0.02)"),
      new Parameter("memGibHour", 0.004445, 0.002, 0.007, "$ per GiB-hour",
          "AWS Fargate, us-east-1, https://aws.amazon.com/fargate/pricing/ (as quoted 2026-11-23)"),
      new Parameter("efsStorageGbMonth", 0.30, 0.16, 0.30, "$ per GB-month",
          "Amazon EFS Standard storage, us-east-1, https://aws.amazon.com/efs/pricing/ (read 2026-12-01; low = One Zone)"),
      new Parameter("efsWritePerGb", 0.06, 0.03, 0.09, "$ per GB written",
          "EFS Elastic Throughput writes, https://aws.amazon.com/efs/pricing/ (as quoted by factualminds.com, June 2026)"),
      new Parameter("efsReadPerGb", 0.03, 0.015, 0.045, "$ per GB read",
          "EFS Elastic Throughput reads, https://aws.amazon.com/efs/pricing/ (as quoted by factualminds.com, June 2026)"),
      new Parameter("efsRetentionHours", 24, 6, 72, "hours",
          "assumption: how long shipped files stay on the shared volume before they are deleted"),
      new Parameter("efsBurstKiBPerSecPerGiB", 50, 50, 50, "KiB/s per GiB stored",
          "EFS Bursting baseline throughput, 50 KiB/s per GiB of Standard storage, reads metered 1:3, "
              + "https://docs.aws.amazon.com/efs/latest/ug/performance.html (read 2026-12-01)"),
      new Parameter("podsPerNode", 20, 8, 60, "pods per node",
          "assumption: application pods per node (EKS allows up to 110 per node with prefix delegation)"),
      new Parameter("filesPerPod", 2, 1, 6, "files per pod per run",
          "assumption: files a run finds per pod (the current file and the rotated ones still kept)"),
      new Parameter("jobOverheadSeconds", 5, 2, 15, "seconds per Job",
          "Kubernetes pod start-up latency SLO: p99 <= 5 s for stateless pods with pulled images, "
              + "https://github.com/kubernetes/community/blob/master/sig-scalability/slos/pod_startup_latency.md "
              + "(read 2026-12-01); counted as reserved requests and as freshness delay"),
      new Parameter("sidecarCpuRequest", 0.02, 0.01, 0.05, "vCPU",
          "k8s-sidecar/deploy/kustomize/base/logferry-sidecar.yaml requests.cpu 20m"),
      new Parameter("sidecarMemRequestMiB", 96, 64, 160, "MiB",
          "k8s-sidecar/deploy/kustomize/base/logferry-sidecar.yaml requests.memory 96Mi (limit 160Mi)"),
      new Parameter("dsCpuRequest", 0.1, 0.05, 0.2, "vCPU",
          "k8s-sidecar/deploy/kustomize/daemonset/logferry-node.yaml requests.cpu 100m"),
      new Parameter("dsMemRequestMiB", 192, 128, 256, "MiB",
          "k8s-sidecar/deploy/kustomize/daemonset/logferry-node.yaml requests.memory 192Mi"),
      new Parameter("cronCpuRequest", 0.1, 0.05, 0.2, "vCPU",
          "k8s-cronjob/deploy/kustomize/base/logferry-cronjob.yaml requests.cpu 100m"),
      new Parameter("cronMemRequestMiB", 160, 128, 256, "MiB",
          "k8s-cronjob/deploy/kustomize/base/logferry-cronjob.yaml requests.memory 160Mi"),
      new Parameter("maxRunFraction", 0.8, 0.5, 0.9, "of the interval",
          "assumption: a run must end within this share of its interval (concurrencyPolicy Forbid), else shard"),
      new Parameter("maxRunSeconds", 240, 120, 240, "seconds",
          "k8s-cronjob manifest: --max-duration=4m under activeDeadlineSeconds 260"),
      new Parameter("putLogEventsTps", 5000, 1500, 5000, "requests/s per account and Region",
          "CloudWatch Logs quota: PutLogEvents 5,000 TPS per account per Region in us-east-1, us-west-2 and "
              + "eu-west-1, 1,500 elsewhere, adjustable, "
              + "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html (page not "
              + "reachable from this machine on 2026-12-01: value as last published, verify before relying on it)"),
      new Parameter("flushSeconds", 1, 1, 5, "seconds",
          "the follow shippers' --flush-interval in the study (each pod stream gets at most one call per flush)"),
      new Parameter("ingestPerGb", 0.50, 0.50, 0.50, "$ per GB",
          "CloudWatch Logs Standard ingestion, us-east-1, https://aws.amazon.com/cloudwatch/pricing/ "
              + "(as quoted 2026-11-23): the same bytes in every mode, shown, never compared"));

  public static Map<String, Double> defaults() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (Parameter p : DEFAULTS) m.put(p.key(), p.value());
    return m;
  }

  public static Parameter get(String key) {
    return DEFAULTS.stream().filter(p -> p.key().equals(key)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no parameter " + key));
  }
}
