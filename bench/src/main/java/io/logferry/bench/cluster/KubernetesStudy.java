package io.logferry.bench.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.logferry.study.StudyRun;
import io.logferry.testbed.DeliveryAudit;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One study window on a real cluster: deploys one mode from the project's manifests ({@link KubernetesManifests}),
 * lets the manifests' own writers write for the window, reads the shippers' CPU and memory from the metrics API
 * every {@code metricsIntervalSeconds}, counts what was written from the writers' exit lines (pod log API) and what
 * was accepted from the in-cluster local endpoint (through the API server's service proxy), and returns the window
 * as a {@link StudyRun} like the local study's, with {@code target=kubernetes} in its provenance; then deletes
 * everything it created.
 *
 * <p>The CronJob runs on its own schedule (>= 1 minute, concurrencyPolicy Forbid, as in the manifests): its Jobs are
 * made by the cluster's CronJob controller, never by this class. After the writers finished, the window waits for
 * one scheduled run that started after them (the run that ships their last lines), then suspends the CronJob.
 */
final class KubernetesStudy {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final KubernetesManifests manifests;
  private final KubernetesSettings settings;
  private final StudyEnvironment env;
  private final Progress progress;
  private final Duration poll;
  private final List<HasMetadata> created = new ArrayList<>();

  KubernetesStudy(KubernetesClient client, KubernetesManifests manifests, KubernetesSettings settings,
      StudyEnvironment env, Progress progress, Duration poll) {
    this.client = client;
    this.manifests = manifests;
    this.settings = settings;
    this.env = env;
    this.progress = progress;
    this.poll = poll;
  }

  private String ns() {
    return settings.namespace();
  }

  /** Runs one window of {@code mode} and returns its result; always deletes what it created. */
  StudyRun run(StudyMode mode, int repetition, String profile) throws Exception {
    String runId = mode.label() + "-r" + repetition;
    String date = Instant.now().toString();
    List<String> notes = new ArrayList<>();
    try {
      ensureNamespace();
      List<HasMetadata> objects = manifests.objects(mode, runId);
      for (HasMetadata o : objects.subList(0, objects.size() - 1)) create(o);
      awaitDeploymentReady(KubernetesManifests.ENDPOINT_SERVICE);
      if (mode == StudyMode.DAEMONSET) awaitDaemonSetReady(KubernetesManifests.DAEMONSET);
      Load load = new Load();
      load.sample();
      PodMetricsSamples shipper = new PodMetricsSamples(KubernetesManifests.shipperContainer(mode));
      create(objects.get(objects.size() - 1));
      String writersJob = KubernetesManifests.writersJob(mode);
      long t0 = System.nanoTime();
      long lastMetrics = Long.MIN_VALUE;
      long deadline = t0 + TimeUnit.SECONDS.toNanos(settings.windowSeconds() + settings.timeoutSeconds());
      double writersDoneAt = -1;
      double settledAt = -1;
      long acceptedBefore = -1;
      double acceptedSteadySince = -1;
      while (System.nanoTime() < deadline) {
        double now = (System.nanoTime() - t0) / 1e9;
        boolean reading = lastMetrics == Long.MIN_VALUE || System.nanoTime() - lastMetrics >= TimeUnit.SECONDS.toNanos(
            settings.metricsIntervalSeconds());
        if (reading) {
          lastMetrics = System.nanoTime();
          sampleMetrics(shipper, now, mode.follows() ? settings.warmupSeconds() : 0, notes);
          load.sample();
        }
        if (writersDoneAt < 0 && jobFinished(writersJob, settings.pods())) {
          writersDoneAt = now;
          progress.note(String.format("  %s: writers done at %.0f s", runId, now));
        }
        if (writersDoneAt >= 0) {
          if (mode == StudyMode.SIDECAR) {
            settledAt = now; // the Job completes only after every native sidecar drained and exited
          } else if (mode == StudyMode.CRONJOB) {
            if (scheduledRunFinishedAfter(writersDoneAt, t0)) settledAt = now;
          } else if (reading) {
            // The DaemonSet never exits: settled once the endpoint's count stops moving for two readings.
            long accepted = acceptedEvents();
            if (accepted == acceptedBefore) {
              if (acceptedSteadySince < 0) acceptedSteadySince = now;
              if (now - acceptedSteadySince >= 2 * settings.metricsIntervalSeconds()) settledAt = now;
            } else {
              acceptedSteadySince = -1;
            }
            acceptedBefore = accepted;
          }
        }
        if (settledAt >= 0) break;
        Thread.sleep(poll.toMillis());
      }
      double end = (System.nanoTime() - t0) / 1e9;
      sampleMetrics(shipper, end, mode.follows() ? settings.warmupSeconds() : 0, notes);
      if (settledAt < 0) {
        notes.add(String.format("not settled after %.0f s (writers %s): the figures cover what arrived by then", end,
            writersDoneAt < 0 ? "still running" : "done at " + Math.round(writersDoneAt) + " s"));
      }
      if (mode == StudyMode.CRONJOB) {
        client.batch().v1().cronjobs().inNamespace(ns()).withName(KubernetesManifests.CRONJOB)
            .edit(cj -> { cj.getSpec().setSuspend(true); return cj; });
      }
      WriterCounts counts = writerCounts(mode, writersJob, notes);
      DeliveryAudit audit = new DeliveryAudit();
      GroundTruth.LongList lags = new GroundTruth.LongList();
      for (String line : endpointText("events").split("\n")) {
        if (line.isBlank()) continue;
        Endpoint.Event e = HttpEndpoint.parseEvent(line);
        audit.accept(e.message());
        long lag = Freshness.lagMillis(e.message(), e.ingestionTime());
        if (lag >= 0 || Freshness.writeMillis(e.message()) >= 0) lags.add(lag);
      }
      DeliveryAudit.Result total = audit.total(counts.written());
      List<StudyRun.CronRun> cronRuns = mode == StudyMode.CRONJOB ? cronRuns(t0, shipper, notes) : List.of();
      load.sample();
      notes.add("target=kubernetes: " + clusterDescription());
      notes.add("cost from the metrics API (PodMetrics of container " + KubernetesManifests.shipperContainer(mode)
          + ", read every " + settings.metricsIntervalSeconds() + " s, integrated): a rate averaged over"
          + " metrics-server's window, not the kernel's accounting of the process");
      notes.add("shared log volume: storageClass " + (settings.storageClass() == null ? "(cluster default)"
          : settings.storageClass()) + ", accessMode " + settings.accessMode());
      StudyRun.Setup setup = new StudyRun.Setup(mode.label(), "logferry", "none", settings.pods(),
          settings.ratePerPod(), counts.lineBytes(), settings.windowSeconds(),
          mode.follows() ? settings.warmupSeconds() : 0,
          mode == StudyMode.CRONJOB ? scheduleSeconds(settings.schedule()) : null, null, null);
      StudyRun.Outcome outcome = new StudyRun.Outcome(cost(mode, shipper, end), WindowRunner.freshness(lags.toArray()),
          new StudyRun.Delivery(total.written(), total.delivered(), total.lost(), total.duplicated()),
          cronRuns, mode == StudyMode.CRONJOB ? forbiddenTicks() : 0, null, List.copyOf(notes));
      return new StudyRun(StudyRun.SCHEMA_VERSION, "e2e", "k8s-" + runId, profile, "k8s-" + runId, repetition,
          new StudyRun.Provenance(date, env.commit(), "the images' JDK (see their Dockerfiles)", List.of(),
              clusterMachine(), load.toLoad(), StudyRun.Provenance.KUBERNETES),
          setup, outcome);
    } finally {
      cleanUp(runId);
    }
  }

  /** "*&#47;N * * * *" gives N x 60 s; other minute-field forms 60 s (the smallest gap a cron can have); macros 3600 s. */
  static Integer scheduleSeconds(String schedule) {
    String minute = schedule.trim().split("\\s+")[0];
    if (minute.startsWith("*/")) return Integer.parseInt(minute.substring(2)) * 60;
    if (minute.equals("*")) return 60;
    return schedule.trim().startsWith("@") ? 3600 : 60;
  }

  private StudyRun.Cost cost(StudyMode mode, PodMetricsSamples s, double windowEnd) {
    double cpu = s.cpuSeconds();
    if (mode.follows()) {
      double warm = s.warmupCpuSeconds();
      double steady = cpu - warm;
      double steadySeconds = Math.max(0, windowEnd - settings.warmupSeconds());
      Double perPodHour = steadySeconds > 0 ? steady / steadySeconds * 3600 / settings.pods() : null;
      return new StudyRun.Cost(s.processes(), PodMetricsSamples.METHOD, cpu, warm, steady, steadySeconds,
          perPodHour, s.peakMiB(), s.meanMiBTotal());
    }
    Double perPodHour = windowEnd > 0 ? cpu / windowEnd * 3600 / settings.pods() : null;
    return new StudyRun.Cost(s.processes(), PodMetricsSamples.METHOD, cpu, null, null, null, perPodHour,
        s.peakMiB(), s.timeAveragedMiB(windowEnd));
  }

  private void sampleMetrics(PodMetricsSamples s, double at, double warmup, List<String> notes) {
    try {
      PodMetricsList list = client.top().pods().metrics(ns());
      s.add(at, list, warmup);
    } catch (KubernetesClientException e) {
      String note = "metrics API unavailable (" + e.getCode() + "): install metrics-server; CPU and memory are 0";
      if (!notes.contains(note)) notes.add(note);
    }
  }

  private WriterCounts writerCounts(StudyMode mode, String job, List<String> notes) {
    WriterCounts counts = new WriterCounts();
    List<Pod> pods = client.pods().inNamespace(ns()).withLabel("job-name", job).list().getItems();
    int missing = 0;
    for (Pod p : pods) {
      String log = client.pods().inNamespace(ns()).withName(p.getMetadata().getName())
          .inContainer(KubernetesManifests.writerContainer(mode)).getLog();
      if (counts.addPodLog(log == null ? "" : log) == 0) missing++;
    }
    if (pods.size() != settings.pods() || missing > 0) {
      notes.add("written counted from " + (pods.size() - missing) + " of " + settings.pods()
          + " writer pods' exit lines; the others wrote an unknown number of lines");
    }
    return counts;
  }

  /** Every Job the CronJob controller made in this window, with its pod's summary line and metrics. */
  private List<StudyRun.CronRun> cronRuns(long t0, PodMetricsSamples samples, List<String> notes) {
    Instant start = Instant.now().minusNanos(System.nanoTime() - t0);
    List<Job> jobs = new ArrayList<>(cronJobs());
    jobs.sort(Comparator.comparing(j -> j.getMetadata().getName()));
    List<StudyRun.CronRun> out = new ArrayList<>();
    int index = 0;
    for (Job j : jobs) {
      Pod pod = client.pods().inNamespace(ns()).withLabel("job-name", j.getMetadata().getName()).list().getItems()
          .stream().findFirst().orElse(null);
      Map<String, Long> summary = Map.of();
      int exit = -1;
      double started = 0;
      double wall = 0;
      if (j.getStatus() != null && j.getStatus().getStartTime() != null) {
        Instant s = Instant.parse(j.getStatus().getStartTime());
        started = Duration.between(start, s).toMillis() / 1000.0;
        if (j.getStatus().getCompletionTime() != null) {
          wall = Duration.between(s, Instant.parse(j.getStatus().getCompletionTime())).toMillis() / 1000.0;
        }
      }
      PodMetricsSamples.Series series = null;
      if (pod != null) {
        summary = runSummary(client.pods().inNamespace(ns()).withName(pod.getMetadata().getName())
            .inContainer(KubernetesManifests.CRONJOB).getLog());
        exit = summary.containsKey("exitCode") ? summary.get("exitCode").intValue() : -1;
        series = samples.byPod().get(pod.getMetadata().getName());
      }
      if (series == null) notes.add("run " + j.getMetadata().getName() + ": no PodMetrics reading during its life");
      out.add(new StudyRun.CronRun(index++, summary.getOrDefault("files", 0L) == 0 ? "cold" : "scheduled", started,
          wall, series == null ? 0 : series.cpuSeconds, series == null ? 0 : series.peakMiB,
          summary.getOrDefault("files", 0L), summary.getOrDefault("bytesRead", 0L),
          summary.getOrDefault("eventsDelivered", 0L), exit));
    }
    return out;
  }

  /** The {@code --summary-json} line of a run-once's log: {@code {"mode":"run-once",...,"eventsDelivered":N,...}}. */
  static Map<String, Long> runSummary(String log) {
    if (log == null) return Map.of();
    for (String line : log.split("\n")) {
      String s = line.strip();
      if (!s.startsWith("{") || !s.contains("\"eventsDelivered\"")) continue;
      try {
        JsonNode n = JSON.readTree(s);
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
          if (e.getValue().isNumber()) out.put(e.getKey(), e.getValue().asLong());
        });
        return out;
      } catch (IOException e) {
        // not the summary line
      }
    }
    return Map.of();
  }

  /**
   * Schedule ticks the CronJob controller skipped because a run was still active (concurrencyPolicy Forbid): it
   * records each as an Event with reason {@code JobAlreadyActive} on the CronJob (repeats folded into its count).
   */
  int forbiddenTicks() {
    int n = 0;
    for (var e : client.v1().events().inNamespace(ns()).list().getItems()) {
      if (e.getInvolvedObject() == null || !"CronJob".equals(e.getInvolvedObject().getKind())
          || !KubernetesManifests.CRONJOB.equals(e.getInvolvedObject().getName())
          || !"JobAlreadyActive".equals(e.getReason())) {
        continue;
      }
      n += e.getCount() == null ? 1 : e.getCount();
    }
    return n;
  }

  private List<Job> cronJobs() {
    return client.batch().v1().jobs().inNamespace(ns()).list().getItems().stream()
        .filter(j -> j.getMetadata().getOwnerReferences() != null && j.getMetadata().getOwnerReferences().stream()
            .anyMatch(r -> "CronJob".equals(r.getKind()) && KubernetesManifests.CRONJOB.equals(r.getName())))
        .toList();
  }

  private boolean scheduledRunFinishedAfter(double writersDoneAt, long t0) {
    Instant writersDone = Instant.now().minusNanos(System.nanoTime() - t0).plusMillis((long) (writersDoneAt * 1000));
    // Job times have a one-second resolution: a run that started in the writers' last second may have started
    // before their last line, so only a run of a later second counts (scheduled runs start on minute boundaries).
    Instant second = writersDone.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    return cronJobs().stream().anyMatch(j -> j.getStatus() != null && j.getStatus().getStartTime() != null
        && j.getStatus().getCompletionTime() != null
        && Instant.parse(j.getStatus().getStartTime()).isAfter(second));
  }

  private boolean jobFinished(String name, int completions) {
    Job j = client.batch().v1().jobs().inNamespace(ns()).withName(name).get();
    if (j == null || j.getStatus() == null) return false;
    int succeeded = j.getStatus().getSucceeded() == null ? 0 : j.getStatus().getSucceeded();
    int failed = j.getStatus().getFailed() == null ? 0 : j.getStatus().getFailed();
    return succeeded + failed >= completions;
  }

  private long acceptedEvents() {
    try (var p = new com.fasterxml.jackson.core.JsonFactory().createParser(endpointText("stats"))) {
      return HttpEndpoint.parseStats(p).acceptedEvents();
    } catch (IOException e) {
      return -1;
    }
  }

  /** {@code GET /_logferry/<path>} of the in-cluster endpoint, through the API server's service proxy. */
  String endpointText(String path) {
    String body = client.raw("/api/v1/namespaces/" + ns() + "/services/" + KubernetesManifests.ENDPOINT_SERVICE
        + ":" + KubernetesManifests.ENDPOINT_PORT + "/proxy/_logferry/" + path);
    return body == null ? "" : body;
  }

  private void ensureNamespace() {
    if (client.namespaces().withName(ns()).get() != null) return;
    // hostPath volumes (the daemonset mode) need the "privileged" Pod Security level.
    Namespace n = new NamespaceBuilder().withNewMetadata().withName(ns())
        .addToLabels(KubernetesManifests.BENCH_LABEL, "true")
        .addToLabels("pod-security.kubernetes.io/enforce", "privileged").endMetadata().build();
    client.namespaces().resource(n).create();
    progress.note("created namespace " + ns() + " (kept: delete it with kubectl delete namespace " + ns() + ")");
  }

  private void create(HasMetadata o) {
    created.add(client.resource(o).inNamespace(ns()).create());
  }

  private void awaitDeploymentReady(String name) throws InterruptedException {
    awaitReady("Deployment " + name, () -> {
      Deployment d = client.apps().deployments().inNamespace(ns()).withName(name).get();
      return d != null && d.getStatus() != null && d.getStatus().getReadyReplicas() != null
          && d.getStatus().getReadyReplicas() >= d.getSpec().getReplicas();
    });
  }

  private void awaitDaemonSetReady(String name) throws InterruptedException {
    awaitReady("DaemonSet " + name, () -> {
      DaemonSet d = client.apps().daemonSets().inNamespace(ns()).withName(name).get();
      return d != null && d.getStatus() != null && d.getStatus().getDesiredNumberScheduled() != null
          && d.getStatus().getDesiredNumberScheduled() > 0
          && d.getStatus().getDesiredNumberScheduled().equals(d.getStatus().getNumberReady());
    });
  }

  private void awaitReady(String what, java.util.function.BooleanSupplier ready) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.timeoutSeconds());
    while (!ready.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + " not ready after " + settings.timeoutSeconds() + " s (images loaded?"
            + " see bench/README.md, \"Kubernetes target\")");
      }
      Thread.sleep(poll.toMillis());
    }
  }

  /** Deletes everything this window created (and the Jobs and pods they made), newest first, and waits. */
  void cleanUp(String runId) {
    // The cluster's garbage collector would remove the Jobs the CronJob made and the pods of every Job once their
    // owners are gone; deleting them by the run's label does not depend on it (nor on the owners' propagation).
    try {
      client.batch().v1().jobs().inNamespace(ns()).withLabel(KubernetesManifests.BENCH_LABEL, runId).delete();
      client.pods().inNamespace(ns()).withLabel(KubernetesManifests.BENCH_LABEL, runId).delete();
    } catch (RuntimeException e) {
      progress.note("cannot delete the Jobs and pods of " + runId + ": " + e.getMessage());
    }
    for (int i = created.size() - 1; i >= 0; i--) {
      HasMetadata o = created.get(i);
      try {
        client.resource(o).inNamespace(ns()).withPropagationPolicy(
            io.fabric8.kubernetes.api.model.DeletionPropagation.FOREGROUND).withTimeout(settings.timeoutSeconds(),
            TimeUnit.SECONDS).delete();
      } catch (RuntimeException e) {
        progress.note("cannot delete " + o.getKind() + " " + o.getMetadata().getName() + ": " + e.getMessage());
      }
    }
    created.clear();
  }

  private String clusterDescription() {
    List<Node> nodes = client.nodes().list().getItems();
    if (nodes.isEmpty()) return "no nodes listed";
    var info = nodes.get(0).getStatus() == null ? null : nodes.get(0).getStatus().getNodeInfo();
    return nodes.size() + " node(s)" + (info == null ? "" : ", kubelet " + info.getKubeletVersion() + ", "
        + info.getOsImage() + ", " + info.getContainerRuntimeVersion());
  }

  /** The cluster as the study's machine: cores and memory summed over nodes, the first node's kernel. */
  StudyRun.Machine clusterMachine() {
    List<Node> nodes = client.nodes().list().getItems();
    double cores = 0;
    double mem = 0;
    String kernel = "unknown";
    for (Node n : nodes) {
      if (n.getStatus() == null) continue;
      if (n.getStatus().getCapacity() != null) {
        var cpu = n.getStatus().getCapacity().get("cpu");
        var memory = n.getStatus().getCapacity().get("memory");
        if (cpu != null) cores += cpu.getNumericalAmount().doubleValue();
        if (memory != null) mem += memory.getNumericalAmount().doubleValue() / (1024.0 * 1024.0);
      }
      if (n.getStatus().getNodeInfo() != null) kernel = n.getStatus().getNodeInfo().getKernelVersion();
    }
    return new StudyRun.Machine("kubernetes: " + clusterDescription(), (int) Math.round(cores), Math.round(mem),
        kernel);
  }

  /** The cluster's load: CPU cores in use summed over nodes (NodeMetrics), against their capacity. */
  final class Load {
    double before = Double.NaN;
    double last;
    double max;

    void sample() {
      double used = 0;
      try {
        for (var m : client.top().nodes().metrics().getItems()) {
          if (m.getUsage() != null && m.getUsage().get("cpu") != null) {
            used += m.getUsage().get("cpu").getNumericalAmount().doubleValue();
          }
        }
      } catch (KubernetesClientException e) {
        return;
      }
      if (Double.isNaN(before)) before = used;
      last = used;
      max = Math.max(max, used);
    }

    StudyRun.Load toLoad() {
      int cores = clusterMachine().cores();
      return new StudyRun.Load(Double.isNaN(before) ? 0 : before, last, max, cores > 0 && max > cores);
    }
  }
}
