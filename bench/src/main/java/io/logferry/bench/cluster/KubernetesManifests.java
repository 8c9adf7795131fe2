package io.logferry.bench.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's own manifests for one study mode, rendered by kustomize and changed only where a measured window
 * must differ from a deployment (each change says why):
 *
 * <ul>
 *   <li>sidecar: {@code k8s-sidecar/deploy/kustomize/overlays/local-endpoint} (native sidecar, the in-cluster local
 *       endpoint);
 *   <li>cronjob: {@code k8s-cronjob/deploy/kustomize/overlays/local-endpoint} (writers on the shared PVC, the CronJob);
 *   <li>daemonset: {@code k8s-sidecar/deploy/kustomize/daemonset} (the node DaemonSet of {@code overlays/daemonset}
 *       without its AWS image and role), with the sidecar overlay's endpoint and its app container as the writers,
 *       writing under the app-log convention {@code /var/log/logferry-apps/<ns>/<pod>/}.
 * </ul>
 *
 * <p>Every mode's writers are the manifests' own testbed container ({@code LogWriterMain} with the manifests' args),
 * given the window's {@code --rate} and a {@code --duration}, and run as a Job of {@code pods} completions from the
 * Deployment's pod template: a Deployment restarts a container that exits, and a writer restarted after its duration
 * would write its numbered lines again; a Job's pod keeps its writer's exit line in the pod log, which is where the
 * written count is read.
 */
final class KubernetesManifests {

  static final String SIDECAR_OVERLAY = "k8s-sidecar/deploy/kustomize/overlays/local-endpoint";
  static final String CRONJOB_OVERLAY = "k8s-cronjob/deploy/kustomize/overlays/local-endpoint";
  static final String DAEMONSET_BASE = "k8s-sidecar/deploy/kustomize/daemonset";

  static final String BENCH_LABEL = "logferry.io/bench";
  static final String ENDPOINT_SERVICE = "logferry-local-endpoint";
  static final int ENDPOINT_PORT = 4566;
  static final String CREDENTIALS_SECRET = "local-endpoint-credentials";
  static final String LOGS_PVC = "logferry-logs";
  static final String SIDECAR_WORKLOAD = "logferry-sidecar";
  static final String CRONJOB_WRITERS = "demo-log-writer";
  static final String CRONJOB = "logferry-cronjob";
  static final String DAEMONSET = "logferry-node";
  /** The hostPath of the app-log convention (k8s-sidecar/deploy/README.md, "app-log convention"). */
  static final String APP_LOGS_HOST_PATH = "/var/log/logferry-apps";
  /** The writers' job: named per mode so a leftover of one mode never passes for another's. */
  static final String WRITERS_JOB_PREFIX = "logferry-bench-writers-";

  /** {@code kubectl kustomize DIR}, parsed. An interface so the runner does not care how the YAML was produced. */
  interface Renderer {
    List<HasMetadata> render(Path dir) throws IOException;
  }

  /** kustomize as built into kubectl: what the project's kustomize tests use. */
  static Renderer kubectl(KubernetesClient parser) {
    return dir -> parser.load(new ByteArrayInputStream(kubectlKustomize(dir))).items();
  }

  /** The YAML of {@code kubectl kustomize DIR}; fails with kubectl's own message. */
  static byte[] kubectlKustomize(Path dir) throws IOException {
    Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("kubectl kustomize " + dir + ": no answer in 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (p.exitValue() != 0) throw new IOException("kubectl kustomize " + dir + " failed: " + err.strip());
    return out;
  }

  private final Path repo;
  private final Renderer renderer;
  private final KubernetesSettings settings;

  KubernetesManifests(Path repo, Renderer renderer, KubernetesSettings settings) {
    this.repo = repo;
    this.renderer = renderer;
    this.settings = settings;
  }

  static String writersJob(StudyMode mode) {
    return WRITERS_JOB_PREFIX + mode.label();
  }

  /** The shipper container's name in its pods. */
  static String shipperContainer(StudyMode mode) {
    return switch (mode) {
      case SIDECAR -> SIDECAR_WORKLOAD;
      case DAEMONSET -> "logferry";
      case CRONJOB -> CRONJOB;
    };
  }

  /** The writer container's name in the writers' pods. */
  static String writerContainer(StudyMode mode) {
    return mode == StudyMode.CRONJOB ? "writer" : "app";
  }

  String endpointUrl() {
    return "http://" + ENDPOINT_SERVICE + "." + settings.namespace() + ".svc:" + ENDPOINT_PORT;
  }

  /**
   * The objects of one window, in creation order: everything but the writers first (endpoint, identities, volumes,
   * the shipper), the writers' Job last, so the shippers are there before the first line is written.
   */
  List<HasMetadata> objects(StudyMode mode, String runId) throws IOException {
    List<HasMetadata> rendered = switch (mode) {
      case SIDECAR -> renderer.render(repo.resolve(SIDECAR_OVERLAY));
      case CRONJOB -> renderer.render(repo.resolve(CRONJOB_OVERLAY));
      case DAEMONSET -> {
        List<HasMetadata> all = new ArrayList<>(renderer.render(repo.resolve(DAEMONSET_BASE)));
        // The endpoint, its credentials and the app Deployment (the writers) of the sidecar overlay; not its
        // ServiceAccount "logferry" or Service, which belong to the sidecar.
        for (HasMetadata o : renderer.render(repo.resolve(SIDECAR_OVERLAY))) {
          String name = o.getMetadata().getName();
          if (name.equals(ENDPOINT_SERVICE) || name.equals(CREDENTIALS_SECRET) || o instanceof Deployment d
              && name.equals(SIDECAR_WORKLOAD)) {
            all.add(o);
          }
        }
        yield all;
      }
    };
    List<HasMetadata> out = new ArrayList<>();
    Job writers = null;
    for (HasMetadata o : rendered) {
      o.getMetadata().setNamespace(settings.namespace());
      o.getMetadata().setResourceVersion(null);
      if (o.getMetadata().getLabels() == null) o.getMetadata().setLabels(new LinkedHashMap<>());
      o.getMetadata().getLabels().put(BENCH_LABEL, runId);
      if (o instanceof ServiceAccount sa && sa.getMetadata().getAnnotations() != null) {
        // No IRSA: the shippers write to the in-cluster local endpoint with its placeholder credentials.
        sa.getMetadata().getAnnotations().remove("eks.amazonaws.com/role-arn");
      }
      if (o instanceof Deployment d && !d.getMetadata().getName().equals(ENDPOINT_SERVICE)) {
        writers = writers(mode, d, runId);
        continue;
      }
      if (o instanceof PersistentVolumeClaim pvc && pvc.getMetadata().getName().equals(LOGS_PVC)) {
        pvc.getSpec().setStorageClassName(settings.storageClass());
        pvc.getSpec().setAccessModes(List.of(settings.accessMode()));
      }
      if (o instanceof CronJob cj) cronJob(cj, runId);
      if (o instanceof DaemonSet ds) daemonSet(ds, runId);
      out.add(o);
    }
    if (writers == null) throw new IOException(mode.label() + ": the rendered manifests have no writers' Deployment");
    out.add(writers);
    return out;
  }

  /** The Deployment's pod template as a Job of {@code pods} completions (see the class comment). */
  private Job writers(StudyMode mode, Deployment d, String runId) {
    PodTemplateSpec template = d.getSpec().getTemplate();
    template.getMetadata().getLabels().put(BENCH_LABEL, runId);
    PodSpec pod = template.getSpec();
    pod.setRestartPolicy("Never");
    Container writer = pod.getContainers().stream().filter(c -> c.getName().equals(writerContainer(mode)))
        .findFirst().orElseThrow(() -> new IllegalStateException(d.getMetadata().getName() + " has no container "
            + writerContainer(mode)));
    writer.setArgs(writerArgs(writer.getArgs()));
    if (mode == StudyMode.SIDECAR) {
      Container shipper = shipper(pod, SIDECAR_WORKLOAD);
      setEnv(shipper, Map.of("LOGFERRY_ENDPOINT", endpointUrl()));
    }
    if (mode == StudyMode.DAEMONSET) appLogConvention(pod, writer);
    return new JobBuilder()
        .withNewMetadata().withName(writersJob(mode)).withNamespace(settings.namespace())
        .addToLabels(BENCH_LABEL, runId).endMetadata()
        .withNewSpec()
        .withParallelism(settings.pods()).withCompletions(settings.pods()).withBackoffLimit(0)
        // A writer that fails is a failed window, not a pod to retry (a retried writer writes its lines again).
        .withTemplate(template)
        .endSpec()
        .build();
  }

  /**
   * The manifests' writer args with the window's rate and a duration. {@code --error-file} is left out: its
   * Java stack traces are continuation lines without the {@code seq=} token the delivery audit counts by, and the
   * manifests configure no multiline rule for them.
   */
  List<String> writerArgs(List<String> args) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      boolean hasValue = i + 1 < args.size();
      switch (a) {
        case "--rate", "--duration" -> i++;
        case "--error-file" -> i++;
        default -> {
          out.add(a);
          if (a.startsWith("--") && hasValue && !args.get(i + 1).startsWith("--")) out.add(args.get(++i));
        }
      }
    }
    out.add("--rate");
    out.add(stripZeros(settings.ratePerPod()));
    out.add("--duration");
    out.add(settings.windowSeconds() + "s");
    return out;
  }

  private static String stripZeros(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** The CronJob keeps its schedule semantics: a real schedule, Forbid, its own Jobs; a summary line per run. */
  private void cronJob(CronJob cj, String runId) {
    if (!"Forbid".equals(cj.getSpec().getConcurrencyPolicy())) {
      throw new IllegalStateException("the CronJob manifest's concurrencyPolicy is "
          + cj.getSpec().getConcurrencyPolicy() + ": the study measures Forbid, what the manifests promise");
    }
    cj.getSpec().setSchedule(settings.schedule());
    cj.getSpec().setSuspend(false);
    // The controller copies these labels to every Job and pod it makes: cleanup finds them by the run's label.
    var jobTemplate = cj.getSpec().getJobTemplate();
    if (jobTemplate.getMetadata() == null) jobTemplate.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    if (jobTemplate.getMetadata().getLabels() == null) jobTemplate.getMetadata().setLabels(new LinkedHashMap<>());
    jobTemplate.getMetadata().getLabels().put(BENCH_LABEL, runId);
    jobTemplate.getSpec().getTemplate().getMetadata().getLabels().put(BENCH_LABEL, runId);
    Container c = shipper(cj.getSpec().getJobTemplate().getSpec().getTemplate().getSpec(), CRONJOB);
    List<String> args = new ArrayList<>(c.getArgs());
    if (!args.contains("--summary-json")) args.add("--summary-json");
    c.setArgs(args);
    setEnv(c, Map.of("LOGFERRY_ENDPOINT", endpointUrl()));
  }

  /**
   * The node DaemonSet, pointed at the local endpoint and at this namespace's app logs only (the node's other pods
   * are not the window's), with a node-local checkpoint directory of its own per run so a repetition never resumes
   * from the previous one's checkpoints.
   */
  private void daemonSet(DaemonSet ds, String runId) {
    PodSpec pod = ds.getSpec().getTemplate().getSpec();
    ds.getSpec().getTemplate().getMetadata().getLabels().put(BENCH_LABEL, runId);
    Container c = shipper(pod, "logferry");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LOGFERRY_ENDPOINT", endpointUrl());
    env.put("LOGFERRY_INCLUDE", "/var/log/logferry-apps/" + settings.namespace() + "/*/*.log*");
    env.put("LOGFERRY_EXCLUDE", "/var/log/logferry-apps/**/*.gz");
    setEnv(c, env);
    c.setEnvFrom(List.of(new EnvFromSourceBuilder().withNewSecretRef().withName(CREDENTIALS_SECRET).endSecretRef()
        .build()));
    for (Volume v : pod.getVolumes()) {
      if (v.getName().equals("checkpoints") && v.getHostPath() != null) {
        v.getHostPath().setPath(v.getHostPath().getPath() + "/" + runId);
      }
    }
  }

  /**
   * The writers of the daemonset mode follow the app-log convention of k8s-sidecar/deploy/README.md: the hostPath
   * {@code /var/log/logferry-apps} mounted with {@code subPathExpr: $(POD_NAMESPACE)/$(POD_NAME)}; no sidecar. The
   * kubelet creates that directory root-owned, so an init container (root with CAP_CHOWN only, like the DaemonSet's
   * own {@code checkpoint-dir-owner}) hands it to the writer's uid; the writer itself stays non-root.
   */
  private static void appLogConvention(PodSpec pod, Container writer) {
    String image = pod.getInitContainers() == null ? null : pod.getInitContainers().stream()
        .filter(c -> c.getName().equals(SIDECAR_WORKLOAD)).map(Container::getImage).findFirst().orElse(null);
    pod.getContainers().removeIf(c -> c.getName().equals(SIDECAR_WORKLOAD));
    if (pod.getInitContainers() != null) pod.getInitContainers().removeIf(c -> c.getName().equals(SIDECAR_WORKLOAD));
    pod.getVolumes().removeIf(v -> v.getName().equals("logs") || v.getName().equals("checkpoints"));
    pod.getVolumes().add(new VolumeBuilder().withName("logs").withNewHostPath().withPath(APP_LOGS_HOST_PATH)
        .withType("DirectoryOrCreate").endHostPath().build());
    setEnv(writer, Map.of());
    List<EnvVar> env = new ArrayList<>(writer.getEnv());
    if (env.stream().noneMatch(e -> e.getName().equals("POD_NAMESPACE"))) {
      env.add(0, new EnvVarBuilder().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef()
          .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().build());
    }
    writer.setEnv(env);
    for (VolumeMount m : writer.getVolumeMounts()) {
      if (m.getName().equals("logs")) m.setSubPathExpr("$(POD_NAMESPACE)/$(POD_NAME)");
    }
    long uid = pod.getSecurityContext() != null && pod.getSecurityContext().getRunAsUser() != null
        ? pod.getSecurityContext().getRunAsUser() : 10001;
    Container owner = new ContainerBuilder()
        .withName("log-dir-owner")
        .withImage(image == null ? "docker.io/logferry/logferry-sidecar:0.1.0" : image)
        .withCommand("chown", uid + ":" + uid, "/logs")
        .withEnv(env)
        .withNewSecurityContext().withRunAsNonRoot(false).withRunAsUser(0L).withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL").withAdd("CHOWN").endCapabilities()
        .endSecurityContext()
        .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("10m"))
        .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("16Mi"))
        .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("32Mi")).endResources()
        .withVolumeMounts(writer.getVolumeMounts())
        .build();
    pod.setInitContainers(new ArrayList<>(List.of(owner)));
  }

  private static Container shipper(PodSpec pod, String name) {
    List<Container> all = new ArrayList<>(pod.getContainers());
    if (pod.getInitContainers() != null) all.addAll(pod.getInitContainers());
    return all.stream().filter(c -> c.getName().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no container " + name + " in the rendered manifests"));
  }

  private static void setEnv(Container c, Map<String, String> values) {
    List<EnvVar> env = new ArrayList<>(c.getEnv() == null ? List.of() : c.getEnv());
    env.removeIf(e -> values.containsKey(e.getName()));
    values.forEach((k, v) -> env.add(new EnvVarBuilder().withName(k).withValue(v).build()));
    c.setEnv(env);
  }
}
