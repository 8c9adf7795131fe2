package io.logferry.k8s.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.logferry.cli.Durations;
import io.logferry.cli.ServeOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The manifest Quarkus generates at build time ({@code target/kubernetes/kubernetes.yml}, built before the tests):
 * the demo app with logferry beside it, sharing the log volume (read-only for logferry), hardened, probed, with time
 * to drain; accepted by an API server (the fabric8 mock in CRUD mode); and the same as the kustomize base.
 */
@EnableKubernetesMockClient(crud = true)
class SidecarManifestTest {

  static final Path GENERATED = Path.of("target/kubernetes/kubernetes.yml");
  static final Path KUSTOMIZE_BASE = Path.of("deploy/kustomize/base/logferry-sidecar.yaml");
  static final String DEPLOYMENT = "logferry-sidecar";
  static final String LOGFERRY = "logferry-sidecar";

  KubernetesClient client;
  List<HasMetadata> objects;

  @BeforeEach
  void load() throws Exception {
    assertThat(GENERATED).as("run the build first: ./mvnw -pl k8s-sidecar -am test").exists();
    objects = load(client, GENERATED);
  }

  static List<HasMetadata> load(KubernetesClient client, Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return client.load(in).items();
    }
  }

  static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type, String name) {
    List<T> matches =
        objects.stream().filter(type::isInstance).map(type::cast).filter(o -> o.getMetadata().getName().equals(name)).toList();
    assertThat(matches).as(type.getSimpleName() + " " + name).hasSize(1);
    return matches.get(0);
  }

  static PodSpec pod(List<HasMetadata> objects) {
    return only(objects, Deployment.class, DEPLOYMENT).getSpec().getTemplate().getSpec();
  }

  /** logferry's container, wherever the layout put it (containers or initContainers). */
  static Container logferry(PodSpec pod) {
    return Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream())
        .filter(c -> c.getName().equals(LOGFERRY)).findFirst().orElseThrow();
  }

  static Container app(PodSpec pod) {
    return pod.getContainers().stream().filter(c -> c.getName().equals("app")).findFirst().orElseThrow();
  }

  static Optional<VolumeMount> mountAt(Container c, String path) {
    return c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst();
  }

  static Map<String, EnvVar> env(Container c) {
    return c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
  }

  /** The structure every layout (generated, classic, native, local) must keep. */
  static void assertSidecarShape(PodSpec pod) {
    Container logferry = logferry(pod);
    Container app = app(pod);
    VolumeMount appLogs = mountAt(app, "/logs").orElseThrow();
    VolumeMount logferryLogs = mountAt(logferry, "/logs").orElseThrow();
    assertThat(logferryLogs.getName()).isEqualTo(appLogs.getName());
    assertThat(logferryLogs.getReadOnly()).isTrue();
    assertThat(appLogs.getReadOnly()).isNotEqualTo(Boolean.TRUE);
    var volumes = pod.getVolumes().stream().collect(Collectors.toMap(v -> v.getName(), v -> v));
    assertThat(volumes.get(appLogs.getName()).getEmptyDir()).isNotNull();
    VolumeMount checkpoints = mountAt(logferry, "/var/lib/logferry").orElseThrow();
    assertThat(checkpoints.getName()).isNotEqualTo(appLogs.getName());
    assertThat(volumes.get(checkpoints.getName()).getEmptyDir()).isNotNull();
    assertThat(mountAt(app, "/var/lib/logferry")).isEmpty();

    Map<String, EnvVar> env = env(logferry);
    assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
    assertThat(env.get("NODE_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
    assertThat(env.get("LOGFERRY_STREAM").getValue()).contains("{env:POD_NAME}", "{env:POD_NAMESPACE}", "{env:NODE_NAME}");

    SecurityContext sc = logferry.getSecurityContext();
    assertThat(sc.getRunAsNonRoot()).isTrue();
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();

    assertThat(httpPath(logferry.getLivenessProbe())).isEqualTo("/q/health/live");
    assertThat(httpPath(logferry.getReadinessProbe())).isEqualTo("/q/health/ready");
    assertThat(logferry.getResources().getLimits()).containsKey("memory");
    assertThat(logferry.getResources().getRequests()).containsKeys("cpu", "memory");

    // Kubernetes waits terminationGracePeriodSeconds after SIGTERM: the drain deadline must fit, with room to exit.
    long drainSeconds = Durations.parse(env.get("LOGFERRY_DRAIN_DEADLINE").getValue()).getSeconds();
    assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(drainSeconds + 2);
    assertThat(pod.getServiceAccountName()).isEqualTo("logferry");
    assertThat(env).doesNotContainKeys("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
    assertThat(pod.getAutomountServiceAccountToken()).as("logferry never calls the Kubernetes API").isFalse();
    assertThat(logferry.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(ServeOptions.DEFAULT_HTTP_PORT));
    assertThat(logferry.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(ServeOptions.DEFAULT_HTTP_PORT);
  }

  static String httpPath(Probe probe) {
    return probe.getHttpGet().getPath();
  }

  @Test
  void generatedDeploymentRunsLogferryBesideTheApp() {
    PodSpec pod = pod(objects);
    assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("app", LOGFERRY);
    assertThat(logferry(pod).getArgs()).containsExactly("follow");
    assertSidecarShape(pod);
    ServiceAccount sa = only(objects, ServiceAccount.class, "logferry");
    assertThat(sa.getMetadata().getAnnotations()).containsKey("eks.amazonaws.com/role-arn");
  }

  @Test
  void theDrainAndItsMarginFitInTheGracePeriod() {
    PodSpec pod = pod(objects);
    long drain = Durations.parse(env(logferry(pod)).get("LOGFERRY_DRAIN_DEADLINE").getValue()).getSeconds();
    assertThat(drain + FollowSession.JOIN_MARGIN.getSeconds()).isLessThan(pod.getTerminationGracePeriodSeconds());
  }

  @Test
  void metricsAreScrapableOnTheHealthPort() {
    Container logferry = logferry(pod(objects));
    int port = logferry.getPorts().get(0).getContainerPort();
    assertThat(logferry.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(port);
    Service service = only(objects, Service.class, DEPLOYMENT);
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getTargetPort().getIntVal()).isEqualTo(port));
    // The app's pod keeps its one annotation-based scrape target: logferry is scraped by a PodMonitor (overlays/podmonitor).
    Deployment deployment = only(objects, Deployment.class, DEPLOYMENT);
    assertThat(deployment.getMetadata().getAnnotations()).doesNotContainKeys("prometheus.io/scrape", "prometheus.io/port");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).doesNotContainKeys("prometheus.io/scrape", "prometheus.io/port");
  }

  @Test
  void selectorsCarryNoVersionAndNothingNamesTheBuildMachine() throws Exception {
    Deployment deployment = only(objects, Deployment.class, DEPLOYMENT);
    // Selectors are immutable: a version in them would make every upgrade fail.
    assertThat(deployment.getSpec().getSelector().getMatchLabels()).containsOnlyKeys("app.kubernetes.io/name");
    assertThat(only(objects, Service.class, DEPLOYMENT).getSpec().getSelector()).containsOnlyKeys("app.kubernetes.io/name");
    String text = Files.readString(GENERATED);
    assertThat(text)
        .doesNotContain(Path.of("").toAbsolutePath().getParent().toString())
        .doesNotContain(System.getProperty("user.home"))
        .doesNotContain("app.quarkus.io/build-timestamp")
        .doesNotContain("app.quarkus.io/vcs-uri");
    assertThat(only(objects, ServiceAccount.class, "logferry").getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void everyObjectIsAcceptedByTheApiServerAndReadsBack() {
    for (HasMetadata object : objects) client.resource(object).inNamespace("apps").create();
    for (HasMetadata object : objects) {
      assertThat(client.resources(object.getClass()).inNamespace("apps").withName(object.getMetadata().getName()).get())
          .as(object.getKind()).isNotNull();
    }
    Deployment stored = client.apps().deployments().inNamespace("apps").withName(DEPLOYMENT).get();
    assertThat(stored.getSpec().getTemplate().getSpec()).isEqualTo(pod(objects));
  }

  static void sortEnv(PodSpec pod) {
    Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream())
        .forEach(c -> c.getEnv().sort(Comparator.comparing(EnvVar::getName)));
  }

  @Test
  void kustomizeBaseHoldsWhatQuarkusGenerates() throws Exception {
    List<HasMetadata> base = load(client, KUSTOMIZE_BASE);
    assertThat(base).extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
    PodSpec fromBase = pod(base);
    PodSpec generated = pod(objects);
    sortEnv(fromBase);
    sortEnv(generated);
    assertThat(fromBase).isEqualTo(generated);
    assertThat(only(base, Service.class, DEPLOYMENT).getSpec().getPorts())
        .isEqualTo(only(objects, Service.class, DEPLOYMENT).getSpec().getPorts());
    assertThat(only(base, ServiceAccount.class, "logferry")).isEqualTo(only(objects, ServiceAccount.class, "logferry"));
  }
}
