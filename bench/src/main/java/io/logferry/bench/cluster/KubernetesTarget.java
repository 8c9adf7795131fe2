package io.logferry.bench.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a scenario in the cluster of the current kubeconfig with the manifests the apps' builds generate
 * ({@code k8s-sidecar/target/kubernetes/kubernetes.yml}, {@code k8s-cronjob/target/kubernetes/kubernetes.yml}):
 * deploys them into one namespace, scales the demo Deployment to the scenario's pods, lets the demo containers
 * write numbered, time-stamped lines at the scenario's rate, collects the figures from the endpoint and the
 * sidecars' {@code /q/metrics} (through the API server's pod proxy), then deletes everything it created.
 *
 * <p>The CronJob's schedule has a one-minute granularity, so for the benchmark's shorter intervals the CronJob is
 * created suspended and its Jobs are created from its jobTemplate every interval (what
 * {@code kubectl create job --from=cronjob/...} does), with the same Forbid policy: no Job while one is active.
 *
 * <p>The demo containers are busybox, not LogWriterMain (there is no testbed image): their lines carry
 * {@code seq=<pod>:<n> t=<seconds>000}, so freshness on this target has a one-second resolution.
 */
final class KubernetesTarget implements AutoCloseable {

  static final String SIDECAR_MANIFEST = "k8s-sidecar/target/kubernetes/kubernetes.yml";
  static final String CRONJOB_MANIFEST = "k8s-cronjob/target/kubernetes/kubernetes.yml";
  /** The same objects without build annotations (their tests keep them in step with the generated files). */
  static final String SIDECAR_BASE = "k8s-sidecar/deploy/kustomize/base/logferry-sidecar.yaml";
  static final String CRONJOB_BASE = "k8s-cronjob/deploy/kustomize/base/logferry-cronjob.yaml";
  static final String SIDECAR_DEPLOYMENT = "logferry-sidecar";
  static final String WRITER_DEPLOYMENT = "demo-log-writer";
  static final String CRONJOB = "logferry-cronjob";
  static final String BENCH_LABEL = "logferry.io/bench";

  private final KubernetesClient client;
  private final Path repo;
  private final String namespace;
  private final Endpoint endpoint;
  private final Progress progress;
  private final List<HasMetadata> created = new ArrayList<>();
  private int jobIndex;
  private HasMetadata createdNamespace;

  KubernetesTarget(KubernetesClient client, Path repo, String namespace, Endpoint endpoint, Progress progress) {
    this.client = client;
    this.repo = repo;
    this.namespace = namespace;
    this.endpoint = endpoint;
    this.progress = progress;
  }

  static KubernetesTarget connect(Path repo, String namespace, Endpoint endpoint, Progress progress) {
    return new KubernetesTarget(new KubernetesClientBuilder().build(), repo, namespace, endpoint, progress);
  }

  /** The objects of the mode's generated manifest, patched for this scenario, created in the namespace. */
  List<HasMetadata> deploy(Scenario s) throws IOException {
    if (client.namespaces().withName(namespace).get() == null) {
      createdNamespace = client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
          .addToLabels(BENCH_LABEL, "true").endMetadata().build()).create();
    }
    Path manifest = manifest(repo, s.mode());
    List<HasMetadata> objects;
    try (InputStream in = Files.newInputStream(manifest)) {
      objects = client.load(in).items();
    }
    List<HasMetadata> out = new ArrayList<>();
    for (HasMetadata o : objects) {
      o.getMetadata().setNamespace(namespace);
      o.getMetadata().setResourceVersion(null);
      if (o.getMetadata().getLabels() == null) o.getMetadata().setLabels(new LinkedHashMap<>());
      o.getMetadata().getLabels().put(BENCH_LABEL, s.name());
      if (o.getMetadata().getAnnotations() != null) {
        o.getMetadata().getAnnotations().remove("eks.amazonaws.com/role-arn");
      }
      if (s.mode() == Mode.BASELINE && !(o instanceof Deployment)) continue;
      patch(s, o);
      out.add(client.resource(o).inNamespace(namespace).createOr(existing -> existing.update()));
    }
    created.addAll(out);
    return out;
  }

  /** Faults this target can inject: the endpoint's. Killing a process or deleting a directory is local-only. */
  static boolean supports(Scenario s) {
    return s.fault() == Fault.NONE || s.fault() == Fault.THROTTLED || s.fault() == Fault.ENDPOINT_DOWN;
  }

  /** The generated manifest of the mode's app when it has been built, else its kustomize base. */
  static Path manifest(Path repo, Mode mode) {
    Path generated = repo.resolve(mode == Mode.CRONJOB ? CRONJOB_MANIFEST : SIDECAR_MANIFEST);
    return Files.isRegularFile(generated) ? generated : repo.resolve(mode == Mode.CRONJOB ? CRONJOB_BASE : SIDECAR_BASE);
  }

  private void patch(Scenario s, HasMetadata o) {
    if (o instanceof Deployment d) {
      d.getSpec().setReplicas(s.pods());
      for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
        if (c.getName().equals("app") || c.getName().equals("writer")) {
          c.setArgs(List.of(writerScript(s, c.getName().equals("writer"))));
        } else if (c.getName().equals(SIDECAR_DEPLOYMENT)) {
          if (s.mode() == Mode.BASELINE) continue;
          setEnv(c, shipperEnv("{env:POD_NAME}/{file}"));
        }
      }
      if (s.mode() == Mode.BASELINE) {
        d.getSpec().getTemplate().getSpec().getContainers().removeIf(c -> c.getName().equals(SIDECAR_DEPLOYMENT));
      }
    } else if (o instanceof CronJob cj) {
      // Jobs are created by the runner at the scenario's interval (see the class comment).
      cj.getSpec().setSuspend(true);
      for (Container c : cj.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers()) {
        setEnv(c, shipperEnv("{dir}/{file}"));
      }
    } else if (o instanceof PersistentVolumeClaim pvc) {
      // A local cluster has no EFS: the default storage class, single-node access (kind, minikube).
      pvc.getSpec().setStorageClassName(null);
      pvc.getSpec().setAccessModes(List.of("ReadWriteOnce"));
    }
  }

  private Map<String, String> shipperEnv(String stream) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LOGFERRY_ENDPOINT", endpoint.url());
    env.put("LOGFERRY_GROUP", Commands.GROUP);
    env.put("LOGFERRY_STREAM", stream);
    env.put("LOGFERRY_REGION", Commands.REGION);
    env.put("LOGFERRY_FLUSH_INTERVAL", "1s");
    env.putAll(Commands.ENV);
    return env;
  }

  private static void setEnv(Container c, Map<String, String> values) {
    List<EnvVar> env = new ArrayList<>(c.getEnv() == null ? List.of() : c.getEnv());
    env.removeIf(e -> values.containsKey(e.getName()));
    values.forEach((k, v) -> env.add(new EnvVarBuilder().withName(k).withValue(v).build()));
    c.setEnv(env);
  }

  /**
   * A busybox loop writing {@code rate} lines a second (in one burst a second) for the scenario's duration, each
   * with the testbed's {@code seq=<writer>:<n>} and {@code t=<millis>} tokens, then idling (so the pod stays up).
   */
  static String writerScript(Scenario s, boolean perPodDirectory) {
    long perSecond = Math.max(1, Math.round(s.rate()));
    long seconds = s.duration().toSeconds();
    String file = perPodDirectory ? "\"$dir/app.log\"" : "/logs/app.log";
    return (perPodDirectory ? "dir=\"/logs/${POD_NAME}\"; mkdir -p \"$dir\"; " : "")
        + "i=0; s=0\n"
        + "while [ $s -lt " + seconds + " ]; do\n"
        + "  t=\"$(date +%s)000\"; j=0\n"
        + "  while [ $j -lt " + perSecond + " ]; do\n"
        + "    echo \"$(date -u +%Y-%m-%dT%H:%M:%SZ) INFO handled order seq=${POD_NAME}:$i t=$t\" >> " + file + "\n"
        + "    i=$((i+1)); j=$((j+1))\n"
        + "  done\n"
        + "  s=$((s+1)); sleep 1\n"
        + "done\n"
        + "echo \"written $i\"; while true; do sleep 3600; done\n";
  }

  /** Creates one Job from the CronJob's template, unless one is still active (concurrencyPolicy Forbid). */
  boolean triggerCronRun(Scenario s) {
    boolean active = client.batch().v1().jobs().inNamespace(namespace).withLabel(BENCH_LABEL, s.name()).list()
        .getItems().stream().anyMatch(j -> j.getStatus() != null && j.getStatus().getActive() != null
            && j.getStatus().getActive() > 0);
    if (active) return false;
    CronJob cj = client.batch().v1().cronjobs().inNamespace(namespace).withName(CRONJOB).get();
    Job job = new JobBuilder()
        .withNewMetadata().withName(CRONJOB + "-bench-" + (jobIndex++)).withNamespace(namespace)
        .addToLabels(BENCH_LABEL, s.name()).endMetadata()
        .withSpec(cj.getSpec().getJobTemplate().getSpec())
        .build();
    created.add(client.batch().v1().jobs().inNamespace(namespace).resource(job).create());
    return true;
  }

  /** Runs {@code s} in the cluster and returns its figures. */
  Map<String, Object> run(Scenario s) throws Exception {
    endpoint.faults(0, false);
    endpoint.reset();
    if (s.fault() == Fault.THROTTLED) endpoint.faults(0.3, false);
    Instant start = Instant.now();
    try {
      deploy(s);
      String deployment = s.mode() == Mode.CRONJOB ? WRITER_DEPLOYMENT : SIDECAR_DEPLOYMENT;
      client.apps().deployments().inNamespace(namespace).withName(deployment).waitUntilReady(5, TimeUnit.MINUTES);
      long t0 = System.nanoTime();
      long duration = s.duration().toMillis();
      long nextCron = 0;
      int triggered = 0, skipped = 0;
      boolean down = false;
      while ((System.nanoTime() - t0) / 1_000_000 < duration + 2000) {
        long now = (System.nanoTime() - t0) / 1_000_000;
        if (s.fault() == Fault.ENDPOINT_DOWN) {
          boolean shouldBeDown = now >= duration / 5 && now < duration / 5 + s.faultDuration().toMillis();
          if (shouldBeDown != down) endpoint.faults(0, down = shouldBeDown);
        }
        if (s.mode() == Mode.CRONJOB && now >= nextCron) {
          nextCron += s.cronInterval().toMillis();
          if (triggerCronRun(s)) triggered++;
          else skipped++;
        }
        progress.update(s, now, duration, endpoint.stats().acceptedEvents());
        Thread.sleep(1000);
      }
      endpoint.faults(0, false);
      Map<String, Object> metrics = new LinkedHashMap<>();
      if (s.mode() == Mode.SIDECAR) metrics = sidecarMetrics(s);
      if (s.mode() == Mode.CRONJOB) {
        awaitJobs(s);
        triggerCronRun(s); // the final run after the writers stopped
        triggered++;
        awaitJobs(s);
      } else if (s.mode() == Mode.SIDECAR) {
        // Scale to zero: every pod gets SIGTERM and its sidecar drains within terminationGracePeriodSeconds.
        client.apps().deployments().inNamespace(namespace).withName(SIDECAR_DEPLOYMENT).scale(0);
        client.pods().inNamespace(namespace).withLabel("app.kubernetes.io/name", SIDECAR_DEPLOYMENT)
            .waitUntilCondition(p -> p == null, 2, TimeUnit.MINUTES);
      }
      GroundTruth truth = new GroundTruth();
      endpoint.events(truth::accept);
      Map<String, Long> written = new LinkedHashMap<>();
      truth.freshnessByWriter().keySet().forEach(w -> written.put(w, s.duration().toSeconds() * Math.round(s.rate())));
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("wallSeconds", Duration.between(start, Instant.now()).toMillis() / 1000.0);
      f.put("freshnessMillis", truth.freshness());
      f.put("freshnessMillisByPod", truth.freshnessByWriter());
      f.put("freshnessResolutionMillis", 1000);
      f.put("api", Figures.api(endpoint.stats()));
      f.put("delivery", truth.deliveryTotal(written));
      f.put("deliveryByPod", truth.delivery(written));
      f.put("writtenSource", "rate x duration per pod seen at the endpoint (busybox writers report no counts)");
      f.put("sidecarMetrics", metrics);
      if (s.mode() == Mode.CRONJOB) {
        f.put("cronJobsCreated", triggered);
        f.put("cronRunsSkipped", skipped);
        f.put("cronJobs", jobFigures(s));
      }
      return f;
    } finally {
      cleanUp();
    }
  }

  private void awaitJobs(Scenario s) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      boolean active = client.batch().v1().jobs().inNamespace(namespace).withLabel(BENCH_LABEL, s.name()).list()
          .getItems().stream().anyMatch(j -> j.getStatus() == null || j.getStatus().getCompletionTime() == null
              && (j.getStatus().getFailed() == null || j.getStatus().getFailed() == 0));
      if (!active) return;
      Thread.sleep(1000);
    }
  }

  /** Start-to-completion of each Job (the cluster's view of a run's duration, image pull and scheduling included). */
  private List<Map<String, Object>> jobFigures(Scenario s) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Job j : client.batch().v1().jobs().inNamespace(namespace).withLabel(BENCH_LABEL, s.name()).list().getItems()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", j.getMetadata().getName());
      if (j.getStatus() != null && j.getStatus().getStartTime() != null && j.getStatus().getCompletionTime() != null) {
        m.put("seconds", Duration.between(Instant.parse(j.getStatus().getStartTime()),
            Instant.parse(j.getStatus().getCompletionTime())).toSeconds());
      }
      m.put("succeeded", j.getStatus() == null ? null : j.getStatus().getSucceeded());
      m.put("failed", j.getStatus() == null ? null : j.getStatus().getFailed());
      out.add(m);
    }
    return out;
  }

  /** The sidecar's health and metrics port (logferry's --http-port default, ServeOptions.DEFAULT_HTTP_PORT). */
  static final int SIDECAR_HTTP_PORT = 7437;

  /** Selected series of every sidecar's {@code /q/metrics}, read through the API server's pod proxy. */
  private Map<String, Object> sidecarMetrics(Scenario s) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Pod p : client.pods().inNamespace(namespace).withLabel("app.kubernetes.io/name", SIDECAR_DEPLOYMENT)
        .list().getItems()) {
      String path =
          "/api/v1/namespaces/" + namespace + "/pods/" + p.getMetadata().getName() + ":" + SIDECAR_HTTP_PORT + "/proxy/q/metrics";
      try {
        out.put(p.getMetadata().getName(), PrometheusText.select(client.raw(path)));
      } catch (RuntimeException e) {
        out.put(p.getMetadata().getName(), Map.of("error", String.valueOf(e.getMessage())));
      }
    }
    return out;
  }

  /** Deletes everything this target created, newest first. */
  void cleanUp() {
    for (int i = created.size() - 1; i >= 0; i--) {
      HasMetadata o = created.get(i);
      try {
        client.resource(o).inNamespace(namespace).withTimeout(60, TimeUnit.SECONDS).delete();
      } catch (RuntimeException e) {
        progress.note("cannot delete " + o.getKind() + " " + o.getMetadata().getName() + ": " + e.getMessage());
      }
    }
    created.clear();
  }

  /** Deletes what the runs left and the namespace, if this target created it. */
  @Override
  public void close() {
    cleanUp();
    if (createdNamespace != null) client.resource(createdNamespace).delete();
    client.close();
  }
}
