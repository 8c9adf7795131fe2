package io.logferry.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The objects a kubernetes-target window creates: the project's own kustomize output (rendered with
 * {@code kubectl kustomize}, as the manifests' own tests do), changed only where a window must differ, and accepted by
 * an API server (fabric8's mock in CRUD mode).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesManifestsTest {

  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static final String NS = "bench-ns";

  KubernetesClient client;

  static boolean kubectlPresent() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "kubectl"))) return true;
    }
    return false;
  }

  static KubernetesSettings settings(String storageClass, String accessMode) {
    return new KubernetesSettings(NS, List.of(StudyMode.SIDECAR, StudyMode.DAEMONSET, StudyMode.CRONJOB), 3, 3, 50,
        300, 60, "*/2 * * * *", storageClass, accessMode, 15, 600);
  }

  /** Each overlay rendered once per test run; parsed afresh for every test (the manifests mutate what they get). */
  private static final Map<Path, byte[]> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

  static KubernetesManifests.Renderer cachedKubectl(KubernetesClient parser) {
    assumeTrue(kubectlPresent(), "kubectl is not installed (the kustomize tests of k8s-sidecar skip alike)");
    return dir -> {
      byte[] yaml = RENDERED.get(dir);
      if (yaml == null) RENDERED.put(dir, yaml = KubernetesManifests.kubectlKustomize(dir));
      return parser.load(new java.io.ByteArrayInputStream(yaml)).items();
    };
  }

  List<HasMetadata> objects(StudyMode mode, KubernetesSettings s) throws Exception {
    List<HasMetadata> objects = new KubernetesManifests(REPO, cachedKubectl(client), s)
        .objects(mode, mode.label() + "-r1");
    for (HasMetadata o : objects) {
      assertThat(o.getMetadata().getNamespace()).isEqualTo(NS);
      assertThat(o.getMetadata().getLabels()).containsEntry(KubernetesManifests.BENCH_LABEL, mode.label() + "-r1");
      assertThat(o.getMetadata().getAnnotations() == null ? Map.of() : o.getMetadata().getAnnotations())
          .doesNotContainKey("eks.amazonaws.com/role-arn");
      client.resource(o).inNamespace(NS).create(); // an API server accepts every one
    }
    return objects;
  }

  static <T> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  static Container container(PodSpec pod, String name) {
    List<Container> all = new ArrayList<>(pod.getContainers());
    if (pod.getInitContainers() != null) all.addAll(pod.getInitContainers());
    return all.stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
  }

  static Map<String, String> env(Container c) {
    return c.getEnv().stream().filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue, (a, b) -> b));
  }

  static void assertHardened(Container c) {
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(c.getName()).contains("ALL");
  }

  @Test
  void sidecarWindowRunsTheManifestsPodAsAJobWithTheTestbedWritersOwnArgsAndANonRootSidecar() throws Exception {
    List<HasMetadata> objects = objects(StudyMode.SIDECAR, settings(null, "ReadWriteOnce"));

    Job writers = (Job) objects.get(objects.size() - 1);
    assertThat(writers.getMetadata().getName()).isEqualTo("logferry-bench-writers-sidecar");
    assertThat(writers.getSpec().getParallelism()).isEqualTo(3);
    assertThat(writers.getSpec().getCompletions()).isEqualTo(3);
    assertThat(writers.getSpec().getBackoffLimit()).isZero();
    PodSpec pod = writers.getSpec().getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    Container app = container(pod, "app");
    assertThat(app.getImage()).startsWith("logferry/logferry-testbed:");
    assertThat(app.getCommand()).contains("io.logferry.testbed.LogWriterMain");
    assertThat(app.getArgs()).containsExactly("--file", "/logs/access.log", "--writer", "$(POD_NAME)", "--rotate",
        "rename", "--rotate-bytes", "10485760", "--keep", "5", "--rate", "50", "--duration", "300s");
    assertHardened(app);
    Container sidecar = container(pod, "logferry-sidecar");
    assertThat(pod.getInitContainers()).extracting(Container::getName).contains("logferry-sidecar");
    assertThat(sidecar.getRestartPolicy()).isEqualTo("Always"); // native: stopped after the writer exits
    assertThat(sidecar.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertHardened(sidecar);
    assertThat(env(sidecar)).containsEntry("LOGFERRY_ENDPOINT", "http://logferry-local-endpoint." + NS + ".svc:4566");
    assertThat(objects).extracting(HasMetadata::getKind).doesNotContain("CronJob", "DaemonSet")
        .contains("Service", "Secret", "ServiceAccount");
    assertThat(client.batch().v1().jobs().inNamespace(NS).withName("logferry-bench-writers-sidecar").get()).isNotNull();
    assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).extracting(d -> d.getMetadata().getName())
        .containsExactly("logferry-local-endpoint");
  }

  @Test
  void cronJobWindowKeepsARealScheduleWithForbidAndAppliesTheStorageOptions() throws Exception {
    List<HasMetadata> objects = objects(StudyMode.CRONJOB, settings("efs-sc", "ReadWriteMany"));

    CronJob cj = only(objects, CronJob.class);
    assertThat(cj.getSpec().getSchedule()).isEqualTo("*/2 * * * *");
    assertThat(cj.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(cj.getSpec().getSuspend()).isFalse();
    PodSpec runPod = cj.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    Container runOnce = container(runPod, "logferry-cronjob");
    assertThat(runOnce.getArgs()).startsWith("run-once").contains("--summary-json");
    assertThat(runOnce.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertHardened(runOnce);
    assertThat(env(runOnce)).containsEntry("LOGFERRY_ENDPOINT", "http://logferry-local-endpoint." + NS + ".svc:4566");
    PersistentVolumeClaim logs = objects.stream().filter(o -> o.getMetadata().getName().equals("logferry-logs"))
        .map(PersistentVolumeClaim.class::cast).findFirst().orElseThrow();
    assertThat(logs.getSpec().getStorageClassName()).isEqualTo("efs-sc");
    assertThat(logs.getSpec().getAccessModes()).containsExactly("ReadWriteMany");

    Job writers = (Job) objects.get(objects.size() - 1);
    Container writer = container(writers.getSpec().getTemplate().getSpec(), "writer");
    assertThat(writer.getArgs()).startsWith("--file", "/logs/$(POD_NAME)/access.log").contains("--duration", "300s")
        .doesNotContain("--error-file");
    assertHardened(writer);
    // No Job made by hand: the only Job is the writers'; the CronJob controller makes the runs.
    assertThat(objects).filteredOn(o -> o instanceof Job).hasSize(1);
  }

  @Test
  void cronJobWindowWithoutAStorageClassUsesTheClustersDefault() throws Exception {
    List<HasMetadata> objects = objects(StudyMode.CRONJOB, settings(null, "ReadWriteOnce"));
    PersistentVolumeClaim logs = objects.stream().filter(o -> o.getMetadata().getName().equals("logferry-logs"))
        .map(PersistentVolumeClaim.class::cast).findFirst().orElseThrow();
    assertThat(logs.getSpec().getStorageClassName()).isNull();
    assertThat(logs.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
  }

  @Test
  void daemonSetWindowShipsThisNamespacesAppLogsFromTheHostPathWithWritersThatStayNonRoot() throws Exception {
    List<HasMetadata> objects = objects(StudyMode.DAEMONSET, settings(null, "ReadWriteOnce"));

    DaemonSet ds = only(objects, DaemonSet.class);
    PodSpec node = ds.getSpec().getTemplate().getSpec();
    Container shipper = container(node, "logferry");
    assertThat(env(shipper)).containsEntry("LOGFERRY_INCLUDE", "/var/log/logferry-apps/" + NS + "/*/*.log*")
        .containsEntry("LOGFERRY_ENDPOINT", "http://logferry-local-endpoint." + NS + ".svc:4566")
        .containsEntry("LOGFERRY_STREAM", "{dir:2}/{dir}/{file}");
    assertThat(shipper.getEnvFrom().get(0).getSecretRef().getName()).isEqualTo("local-endpoint-credentials");
    assertThat(shipper.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertHardened(shipper);
    assertThat(node.getVolumes()).filteredOn(v -> v.getName().equals("checkpoints")).singleElement()
        .satisfies(v -> assertThat(v.getHostPath().getPath()).isEqualTo("/var/lib/logferry-node/daemonset-r1"));

    Job writers = (Job) objects.get(objects.size() - 1);
    PodSpec pod = writers.getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("app");
    Container app = container(pod, "app");
    assertThat(app.getSecurityContext().getRunAsUser()).isNull(); // the pod's non-root uid
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertHardened(app);
    assertThat(app.getVolumeMounts()).filteredOn(m -> m.getName().equals("logs")).singleElement()
        .satisfies(m -> assertThat(m.getSubPathExpr()).isEqualTo("$(POD_NAMESPACE)/$(POD_NAME)"));
    assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("logs")).singleElement()
        .satisfies(v -> assertThat(v.getHostPath().getPath()).isEqualTo("/var/log/logferry-apps"));
    Container owner = pod.getInitContainers().get(0);
    assertThat(pod.getInitContainers()).hasSize(1);
    assertThat(owner.getCommand()).containsExactly("chown", "10001:10001", "/logs");
    assertThat(owner.getSecurityContext().getCapabilities().getAdd()).containsExactly("CHOWN");
    assertHardened(owner);
  }

  @Test
  void settingsRefuseWhatACronJobOrAVolumeCannotDo() {
    assertThatThrownBy(() -> new KubernetesSettings(NS, List.of(StudyMode.CRONJOB), 3, 1, 1, 300, 0,
        "*/10 * * * * *", null, "ReadWriteOnce", 15, 600)).hasMessageContaining("5 fields (minute resolution)");
    assertThatThrownBy(() -> new KubernetesSettings(NS, List.of(StudyMode.CRONJOB), 3, 1, 1, 60, 0,
        "*/1 * * * *", null, "ReadWriteOnce", 15, 600)).hasMessageContaining(">= 120");
    assertThatThrownBy(() -> new KubernetesSettings(NS, List.of(StudyMode.SIDECAR), 3, 1, 1, 300, 0,
        "*/1 * * * *", null, "ReadWriteSometimes", 15, 600)).hasMessageContaining("--access-mode");
    assertThatThrownBy(() -> KubernetesSettings.parse(Map.of("modes", "sidecar,fargate")))
        .hasMessageContaining("unknown mode fargate");
    KubernetesSettings s = KubernetesSettings.parse(Map.of("storage-class", "gp3", "access-mode", "ReadWriteMany"));
    assertThat(s.modes()).containsExactly(StudyMode.SIDECAR, StudyMode.DAEMONSET, StudyMode.CRONJOB);
    assertThat(s.storageClass()).isEqualTo("gp3");
    assertThat(s.accessMode()).isEqualTo("ReadWriteMany");
    assertThat(s.schedule()).isEqualTo("*/1 * * * *");
    assertThat(KubernetesStudy.scheduleSeconds("*/5 * * * *")).isEqualTo(300);
    assertThat(KubernetesStudy.scheduleSeconds("* * * * *")).isEqualTo(60);
  }
}
