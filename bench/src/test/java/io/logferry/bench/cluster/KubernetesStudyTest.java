package io.logferry.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetricsListBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsList;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.logferry.study.StudyJson;
import io.logferry.study.StudyRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole windows of the kubernetes target against fabric8's mock API server: CRUD mode for the objects, expectations
 * for what a mock cannot do by itself (pod logs, PodMetrics and NodeMetrics, the local endpoint behind the service
 * proxy), and a small fake "kubelet and controllers" thread that marks workloads ready, runs the writers' Job to
 * completion and, for the CronJob, makes the scheduled Jobs a CronJob controller would.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesStudyTest {

  static final String NS = KubernetesManifestsTest.NS;
  static final List<String> WRITERS = List.of("writers-a", "writers-b");
  static final long T = 1_800_000_000_000L;

  KubernetesMockServer server;
  KubernetesClient client;
  final AtomicBoolean stop = new AtomicBoolean();
  Thread kubelet;

  @BeforeEach
  void cluster() {
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().withNewStatus()
        .addToCapacity("cpu", new Quantity("4")).addToCapacity("memory", new Quantity("8Gi"))
        .withNewNodeInfo().withKernelVersion("6.1.0").withKubeletVersion("v1.31.0").withOsImage("Debian 12")
        .withContainerRuntimeVersion("containerd://1.7").endNodeInfo().endStatus().build()).create();
    server.expect().get().withPath("/apis/metrics.k8s.io/v1beta1/nodes")
        .andReturn(200, new NodeMetricsListBuilder().addNewItem().withNewMetadata().withName("node-1").endMetadata()
            .addToUsage("cpu", new Quantity("1500m")).addToUsage("memory", new Quantity("3Gi")).endItem().build())
        .always();
    // Two written lines each; the endpoint accepted a's both, b's first twice and not its second.
    for (String w : WRITERS) {
      for (String container : List.of("app", "writer")) {
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + w + "/log?pretty=false&container="
            + container).andReturn(200, "{\"writer\":\"" + w + "\",\"events\":2,\"bytes\":200,\"rotations\":0,"
            + "\"maxWriteLatencyMicros\":40,\"achievedRate\":50.00}\n").always();
      }
    }
    String proxy = "/api/v1/namespaces/" + NS + "/services/logferry-local-endpoint:4566/proxy/_logferry/";
    server.expect().get().withPath(proxy + "events").andReturn(200, String.join("\n",
        event("writers-a", 0, 400), event("writers-a", 1, 600), event("writers-b", 0, 1000),
        event("writers-b", 0, 3000))).always();
    server.expect().get().withPath(proxy + "stats").andReturn(200, "{\"acceptedEvents\":4,\"acceptedBytes\":400,"
        + "\"acceptedBatches\":2,\"requestsByOperation\":{\"PutLogEvents\":2}}").always();
  }

  static String event(String writer, int seq, long lagMillis) {
    return "{\"stream\":\"" + writer + "/access.log\",\"timestamp\":" + T + ",\"ingestionTime\":" + (T + lagMillis)
        + ",\"message\":\"10.0.0.1 - - \\\"GET /orders\\\" 200 seq=" + writer + ":" + seq + " t=" + T + "\"}";
  }

  void podMetrics(String container, Map<String, String> cpuByPod) {
    PodMetricsListBuilder b = new PodMetricsListBuilder();
    cpuByPod.forEach((pod, cpu) -> b.addNewItem().withNewMetadata().withName(pod).withNamespace(NS).endMetadata()
        .addNewContainer().withName(container).addToUsage("cpu", new Quantity(cpu))
        .addToUsage("memory", new Quantity("60Mi")).endContainer().endItem());
    PodMetricsList list = b.build();
    server.expect().get().withPath("/apis/metrics.k8s.io/v1beta1/namespaces/" + NS + "/pods").andReturn(200, list)
        .always();
  }

  @AfterEach
  void stopKubelet() throws InterruptedException {
    stop.set(true);
    if (kubelet != null) kubelet.join(5000);
  }

  /** Marks Deployments and DaemonSets ready, completes the writers' Job, and plays the CronJob controller. */
  void startKubelet(StudyMode mode) {
    kubelet = new Thread(() -> {
      Instant writersDone = null;
      int cronRuns = 0;
      while (!stop.get()) {
        try {
          for (Deployment d : client.apps().deployments().inNamespace(NS).list().getItems()) {
            if (d.getStatus() == null || d.getStatus().getReadyReplicas() == null) {
              client.apps().deployments().inNamespace(NS).withName(d.getMetadata().getName())
                  .editStatus(x -> { x.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatus());
                    x.getStatus().setReadyReplicas(x.getSpec().getReplicas()); return x; });
            }
          }
          for (DaemonSet d : client.apps().daemonSets().inNamespace(NS).list().getItems()) {
            if (d.getStatus() == null || d.getStatus().getNumberReady() == null) {
              client.apps().daemonSets().inNamespace(NS).withName(d.getMetadata().getName()).editStatus(x -> {
                x.setStatus(new io.fabric8.kubernetes.api.model.apps.DaemonSetStatus());
                x.getStatus().setDesiredNumberScheduled(1);
                x.getStatus().setNumberReady(1);
                return x;
              });
            }
          }
          String jobName = KubernetesManifests.writersJob(mode);
          Job writers = client.batch().v1().jobs().inNamespace(NS).withName(jobName).get();
          if (writers != null && writersDone == null) {
            Map<String, String> labels = new java.util.HashMap<>(writers.getSpec().getTemplate().getMetadata()
                .getLabels());
            labels.put("job-name", jobName);
            for (String w : WRITERS) {
              client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(w)
                  .withLabels(labels).endMetadata().build()).create();
            }
            if (mode == StudyMode.CRONJOB) {
              cronRun(++cronRuns); // a run while the writers write, and a tick skipped while it ran (Forbid)
              client.v1().events().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.EventBuilder()
                  .withNewMetadata().withName("logferry-cronjob.skipped").endMetadata()
                  .withNewInvolvedObject().withKind("CronJob").withName("logferry-cronjob").endInvolvedObject()
                  .withReason("JobAlreadyActive").withCount(2).build()).create();
            }
            Thread.sleep(300);
            client.batch().v1().jobs().inNamespace(NS).withName(jobName).editStatus(x -> {
              x.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatus());
              x.getStatus().setSucceeded(WRITERS.size());
              return x;
            });
            writersDone = Instant.now();
          }
          if (mode == StudyMode.CRONJOB && writersDone != null && cronRuns == 1
              && Instant.now().isAfter(writersDone.plusMillis(1100))) {
            cronRun(++cronRuns); // the next scheduled run: ships the writers' last lines
          }
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          // an object deleted under our feet by the cleanup: the next loop sees the new state
        }
      }
    }, "fake-kubelet");
    kubelet.setDaemon(true);
    kubelet.start();
  }

  /** What the CronJob controller does at a schedule tick: a Job owned by the CronJob, labelled from its template. */
  void cronRun(int n) {
    String name = "logferry-cronjob-2900000" + n;
    String runId = client.batch().v1().cronjobs().inNamespace(NS).withName("logferry-cronjob").get().getMetadata()
        .getLabels().get(KubernetesManifests.BENCH_LABEL);
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    client.batch().v1().jobs().inNamespace(NS).resource(new JobBuilder().withNewMetadata().withName(name)
        .addToLabels(KubernetesManifests.BENCH_LABEL, runId)
        .addNewOwnerReference().withApiVersion("batch/v1").withKind("CronJob").withName("logferry-cronjob")
        .withUid("uid-1").endOwnerReference().endMetadata()
        .withNewStatus().withStartTime(start.toString()).withCompletionTime(start.plusSeconds(4).toString())
        .withSucceeded(1).endStatus().build()).create();
    client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name + "-x")
        .addToLabels("job-name", name).addToLabels(KubernetesManifests.BENCH_LABEL, runId).endMetadata().build())
        .create();
    server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + name + "-x/log?pretty=false&container="
        + "logferry-cronjob").andReturn(200, "2026-12-02 INFO starting\n{\"mode\":\"run-once\",\"complete\":true,"
        + "\"exitCode\":0,\"files\":2,\"linesRead\":" + n + ",\"bytesRead\":" + (100 * n) + ",\"events\":" + n
        + ",\"eventsDelivered\":" + n + ",\"elapsedMillis\":900}\n").always();
  }

  KubernetesStudy study(StudyMode mode) {
    KubernetesSettings s = new KubernetesSettings(NS, List.of(mode), 3, WRITERS.size(), 50, 300, 0, "*/1 * * * *",
        "efs-sc", "ReadWriteMany", 1, 60);
    return new KubernetesStudy(client, new KubernetesManifests(KubernetesManifestsTest.REPO,
        KubernetesManifestsTest.cachedKubectl(client), s), s,
        new StudyEnvironment(new StudyRun.Machine("test", 2, 1024, "6.1"), "jdk", "abc123"),
        new Progress(System.err), Duration.ofMillis(20));
  }

  void assertCleanedUp() {
    assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.batch().v1().cronjobs().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.apps().daemonSets().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.persistentVolumeClaims().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.services().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.secrets().inNamespace(NS).list().getItems()).isEmpty();
  }

  static void assertCountedFromTheWritersAndTheEndpoint(StudyRun run) {
    // written = the writers' exit lines (2 + 2), not rate x duration (50/s x 300 s x 2)
    assertThat(run.outcome().delivery()).isEqualTo(new StudyRun.Delivery(4, 3, 1, 1));
    assertThat(run.outcome().freshness().count()).isEqualTo(4);
    assertThat(run.outcome().freshness().maxMs()).isEqualTo(3000);
    assertThat(run.outcome().freshness().p50Ms()).isEqualTo(600);
    assertThat(run.setup().lineBytes()).isEqualTo(100.0); // 400 bytes over 4 lines
    assertThat(run.provenance().target()).isEqualTo("kubernetes");
    assertThat(run.provenance().commit()).isEqualTo("abc123");
    assertThat(run.provenance().machine().cores()).isEqualTo(4);
    assertThat(run.provenance().machine().memTotalMiB()).isEqualTo(8192);
    assertThat(run.provenance().machine().kernel()).isEqualTo("6.1.0");
    assertThat(run.provenance().load().max()).isEqualTo(1.5);
    assertThat(run.provenance().load().overloaded()).isFalse();
    assertThat(run.outcome().cost().cpuMethod()).isEqualTo("metrics-api-sampled");
  }

  @Test
  void sidecarWindowCountsWrittenLinesFromPodLogsAndCostFromPodMetricsThenCleansUp(@TempDir Path dir)
      throws Exception {
    podMetrics("logferry-sidecar", Map.of("writers-a", "200m", "writers-b", "100m"));
    startKubelet(StudyMode.SIDECAR);

    StudyRun run = study(StudyMode.SIDECAR).run(StudyMode.SIDECAR, 2, "quick");

    assertCountedFromTheWritersAndTheEndpoint(run);
    assertThat(run.id()).isEqualTo("k8s-sidecar-r2");
    assertThat(run.repetition()).isEqualTo(2);
    assertThat(run.setup().mode()).isEqualTo("sidecar");
    assertThat(run.setup().pods()).isEqualTo(2);
    assertThat(run.setup().cronIntervalSeconds()).isNull();
    StudyRun.Cost cost = run.outcome().cost();
    assertThat(cost.processes()).isEqualTo(2);
    assertThat(cost.peakRssMiB()).isEqualTo(60.0);
    assertThat(cost.meanRssMiBTotal()).isEqualTo(120.0);
    // 0.3 cores held over the time between the first and the last reading
    assertThat(cost.cpuSeconds()).isGreaterThan(0);
    assertThat(cost.cpuSecondsPerPodHour()).isNotNull();
    assertThat(run.outcome().notes()).anyMatch(n -> n.contains("storageClass efs-sc, accessMode ReadWriteMany"));
    assertCleanedUp();
    // the report's reader takes it like a local run
    StudyJson.writeAtomically(dir.resolve(run.id() + ".json"), run);
    assertThat(StudyJson.readRunSet(dir)).containsExactly(run);
  }

  @Test
  void cronJobWindowLeavesTheRunsToTheScheduleAndWaitsForTheRunAfterTheWriters() throws Exception {
    podMetrics("logferry-cronjob", Map.of("logferry-cronjob-29000001-x", "500m", "logferry-cronjob-29000002-x",
        "400m"));
    startKubelet(StudyMode.CRONJOB);

    StudyRun run = study(StudyMode.CRONJOB).run(StudyMode.CRONJOB, 1, "quick");

    assertCountedFromTheWritersAndTheEndpoint(run);
    assertThat(run.setup().cronIntervalSeconds()).isEqualTo(60);
    assertThat(run.outcome().cronRuns()).hasSize(2);
    assertThat(run.outcome().cronRunsSkipped()).isEqualTo(2);
    StudyRun.CronRun last = run.outcome().cronRuns().get(1);
    assertThat(last.exitCode()).isZero();
    assertThat(last.files()).isEqualTo(2);
    assertThat(last.bytesRead()).isEqualTo(200);
    assertThat(last.eventsDelivered()).isEqualTo(2);
    assertThat(last.wallSeconds()).isEqualTo(4.0);
    assertThat(run.outcome().cost().processes()).isEqualTo(2);
    assertThat(run.outcome().cost().peakRssMiB()).isEqualTo(60.0);
    assertThat(run.outcome().notes()).noneMatch(n -> n.startsWith("not settled"));
    assertCleanedUp();
  }

  @Test
  void daemonSetWindowSettlesWhenTheEndpointStopsCountingAndMeasuresTheNodeShipper() throws Exception {
    podMetrics("logferry", Map.of("logferry-node-abcde", "100m"));
    startKubelet(StudyMode.DAEMONSET);

    StudyRun run = study(StudyMode.DAEMONSET).run(StudyMode.DAEMONSET, 1, "quick");

    assertCountedFromTheWritersAndTheEndpoint(run);
    assertThat(run.setup().mode()).isEqualTo("daemonset");
    assertThat(run.outcome().cost().processes()).isEqualTo(1);
    assertThat(run.outcome().cost().cpuSeconds()).isGreaterThan(0.1); // 0.1 cores over >= 2 s of settling
    assertThat(run.outcome().notes()).noneMatch(n -> n.startsWith("not settled"));
    assertCleanedUp();
  }

  @Test
  void podMetricsAreIntegratedBetweenReadingsAndTheWarmupKeptApart() {
    PodMetricsSamples s = new PodMetricsSamples("logferry-sidecar");
    s.add(0, list("p", "1", "100Mi"), 10);
    s.add(10, list("p", "500m", "200Mi"), 10);
    s.add(30, list("p", "0", "150Mi"), 10);
    assertThat(s.cpuSeconds()).isEqualTo(1 * 10 + 0.5 * 20);
    assertThat(s.warmupCpuSeconds()).isEqualTo(10.0);
    assertThat(s.peakMiB()).isEqualTo(200.0);
    assertThat(s.meanMiBTotal()).isEqualTo(150.0);
    assertThat(s.timeAveragedMiB(30)).isEqualTo((200.0 * 10 + 150 * 20) / 30);
  }

  @Test
  void writerCountsComeFromTheWritersExitLinesOnly() {
    WriterCounts c = new WriterCounts();
    assertThat(c.addPodLog("starting\n{\"writer\":\"p-1\",\"events\":7,\"bytes\":700}\n{not json\n")).isEqualTo(1);
    assertThat(c.addPodLog("killed before its exit line\n")).isZero();
    assertThat(c.written()).containsExactly(Map.entry("p-1", 7L));
    assertThat(c.lineBytes()).isEqualTo(100.0);
  }

  static PodMetricsList list(String pod, String cpu, String mem) {
    return new PodMetricsListBuilder().addNewItem().withNewMetadata().withName(pod).endMetadata().addNewContainer()
        .withName("logferry-sidecar").addToUsage("cpu", new Quantity(cpu)).addToUsage("memory", new Quantity(mem))
        .endContainer().endItem().build();
  }
}
