package io.logferry.k8s.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.logferry.cli.Durations;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The manifest Quarkus generates at build time ({@code target/kubernetes/kubernetes.yml}, built before the tests):
 * its CronJob is safe to run on a schedule, and every object is accepted by an API server (the fabric8 mock in CRUD
 * mode) and reads back unchanged.
 */
@EnableKubernetesMockClient(crud = true)
class CronJobManifestTest {

  static final Path GENERATED = Path.of("target/kubernetes/kubernetes.yml");
  static final Path KUSTOMIZE_BASE = Path.of("deploy/kustomize/base/logferry-cronjob.yaml");

  KubernetesClient client;
  List<HasMetadata> objects;

  @BeforeEach
  void load() throws Exception {
    assertThat(GENERATED).as("run the build first: ./mvnw -pl k8s-cronjob -am test").exists();
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

  static PodSpec podSpec(CronJob cronJob) {
    return cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
  }

  static Container logferry(CronJob cronJob) {
    return podSpec(cronJob).getContainers().stream().filter(c -> c.getName().equals("logferry-cronjob")).findFirst().orElseThrow();
  }

  /** Quarkus writes env entries in no fixed order; Kubernetes does not care either (names are unique). */
  static void sortEnv(PodSpec spec) {
    for (Container c : spec.getContainers()) c.getEnv().sort(java.util.Comparator.comparing(EnvVar::getName));
  }

  @Test
  void cronJobNeverOverlapsAndStopsBeforeItsDeadline() {
    CronJob cronJob = only(objects, CronJob.class, "logferry-cronjob");
    assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(cronJob.getSpec().getStartingDeadlineSeconds()).isEqualTo(120L);
    assertThat(cronJob.getSpec().getSuccessfulJobsHistoryLimit()).isEqualTo(3);
    assertThat(cronJob.getSpec().getFailedJobsHistoryLimit()).isEqualTo(5);
    var job = cronJob.getSpec().getJobTemplate().getSpec();
    assertThat(job.getBackoffLimit()).isZero();
    assertThat(podSpec(cronJob).getRestartPolicy()).isEqualTo("Never");

    Container c = logferry(cronJob);
    assertThat(c.getArgs()).first().isEqualTo("run-once");
    String maxDuration =
        c.getArgs().stream().filter(a -> a.startsWith("--max-duration=")).findFirst().orElseThrow().substring("--max-duration=".length());
    // logferry stops reading at --max-duration and still has time to ship, checkpoint and exit before Kubernetes kills it.
    assertThat(Durations.parse(maxDuration).getSeconds()).isLessThan(job.getActiveDeadlineSeconds());
  }

  @Test
  void logferryReadsTheSharedClaimReadOnlyAndKeepsCheckpointsOnItsOwnClaim() {
    CronJob cronJob = only(objects, CronJob.class, "logferry-cronjob");
    Map<String, VolumeMount> mounts =
        logferry(cronJob).getVolumeMounts().stream().collect(Collectors.toMap(VolumeMount::getMountPath, m -> m));
    Map<String, Volume> volumes = podSpec(cronJob).getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));

    VolumeMount logs = mounts.get("/logs");
    assertThat(logs.getReadOnly()).isTrue();
    assertThat(volumes.get(logs.getName()).getPersistentVolumeClaim().getClaimName()).isEqualTo("logferry-logs");
    VolumeMount checkpoints = mounts.get("/var/lib/logferry");
    assertThat(checkpoints.getReadOnly()).isNotEqualTo(Boolean.TRUE);
    assertThat(volumes.get(checkpoints.getName()).getPersistentVolumeClaim().getClaimName()).isEqualTo("logferry-checkpoints");
    assertThat(volumes.get(mounts.get("/tmp").getName()).getEmptyDir()).isNotNull();

    PersistentVolumeClaim shared = only(objects, PersistentVolumeClaim.class, "logferry-logs");
    assertThat(shared.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
  }

  @Test
  void containerIsHardenedAndHasNoProbesOrPorts() {
    CronJob cronJob = only(objects, CronJob.class, "logferry-cronjob");
    Container c = logferry(cronJob);
    SecurityContext sc = c.getSecurityContext();
    assertThat(sc.getRunAsNonRoot()).isTrue();
    assertThat(sc.getRunAsUser()).isPositive();
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(podSpec(cronJob).getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

    assertThat(c.getLivenessProbe()).isNull();
    assertThat(c.getReadinessProbe()).isNull();
    assertThat(c.getStartupProbe()).isNull();
    assertThat(c.getPorts()).isNullOrEmpty();
    assertThat(objects).noneMatch(o -> o.getKind().equals("Service") || o.getKind().equals("ServiceMonitor"));
    assertThat(podSpec(cronJob).getAutomountServiceAccountToken()).as("logferry never calls the Kubernetes API").isFalse();
  }

  @Test
  void selectorsCarryNoVersionAndNothingNamesTheBuildMachine() throws Exception {
    Deployment demo = only(objects, Deployment.class, "demo-log-writer");
    assertThat(demo.getSpec().getSelector().getMatchLabels()).doesNotContainKey("app.kubernetes.io/version");
    assertThat(Files.readString(GENERATED))
        .doesNotContain(Path.of("").toAbsolutePath().getParent().toString())
        .doesNotContain(System.getProperty("user.home"))
        .doesNotContain("app.quarkus.io/build-timestamp")
        .doesNotContain("app.quarkus.io/vcs-uri");
  }

  @Test
  void runsAsTheIrsaServiceAccountWithDownwardApiEnvironment() {
    CronJob cronJob = only(objects, CronJob.class, "logferry-cronjob");
    assertThat(podSpec(cronJob).getServiceAccountName()).isEqualTo("logferry");
    ServiceAccount sa = only(objects, ServiceAccount.class, "logferry");
    assertThat(sa.getMetadata().getAnnotations()).containsKey("eks.amazonaws.com/role-arn");

    Map<String, EnvVar> env = logferry(cronJob).getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
    assertThat(env.get("NODE_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
    assertThat(env.get("LOGFERRY_GROUP").getValue()).isNotBlank();
    // One stream per pod directory, set in the manifest rather than hidden in the image: a Job's hostname changes.
    assertThat(env.get("LOGFERRY_STREAM").getValue()).isEqualTo("{dir}/{file}");
    // No credentials in the manifest: IRSA provides them.
    assertThat(env).doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
  }

  @Test
  void demoAppWritesOneDirectoryPerPodOnTheSharedClaim() {
    Deployment demo = only(objects, Deployment.class, "demo-log-writer");
    PodSpec spec = demo.getSpec().getTemplate().getSpec();
    assertThat(spec.getVolumes()).extracting(Volume::getName).doesNotHaveDuplicates();
    Container writer = spec.getContainers().get(0);
    assertThat(writer.getVolumeMounts()).singleElement().satisfies(m -> {
      assertThat(m.getMountPath()).isEqualTo("/logs");
      assertThat(m.getReadOnly()).isNotEqualTo(Boolean.TRUE);
    });
    assertThat(writer.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("POD_NAME");
      assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    });
    // The testbed writer, one directory per pod ($(POD_NAME) is expanded by Kubernetes from the env above).
    assertThat(writer.getImage()).startsWith("logferry/logferry-testbed:");
    assertThat(writer.getCommand()).contains("io.logferry.testbed.LogWriterMain");
    assertThat(String.join(" ", writer.getArgs()))
        .contains("--file /logs/$(POD_NAME)/access.log", "--error-file /logs/$(POD_NAME)/error.log");
    assertThat(spec.getVolumes()).singleElement().satisfies(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("logferry-logs"));
  }

  @Test
  void everyObjectIsAcceptedByTheApiServerAndReadsBack() {
    for (HasMetadata object : objects) {
      client.resource(object).inNamespace("logging").create();
    }
    for (HasMetadata object : objects) {
      HasMetadata stored =
          client.resources(object.getClass()).inNamespace("logging").withName(object.getMetadata().getName()).get();
      assertThat(stored).as(object.getKind() + " " + object.getMetadata().getName()).isNotNull();
      assertThat(stored.getMetadata().getNamespace()).isEqualTo("logging");
    }
    CronJob stored = client.resources(CronJob.class).inNamespace("logging").withName("logferry-cronjob").get();
    assertThat(stored.getSpec()).isEqualTo(only(objects, CronJob.class, "logferry-cronjob").getSpec());
  }

  @Test
  void kustomizeBaseHoldsWhatQuarkusGenerates() throws Exception {
    List<HasMetadata> base = load(client, KUSTOMIZE_BASE);
    assertThat(base).extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
    for (HasMetadata generated : objects) {
      HasMetadata fromBase = only(base, generated.getClass(), generated.getMetadata().getName());
      if (generated instanceof CronJob cronJob) {
        CronJob b = (CronJob) fromBase;
        sortEnv(podSpec(b));
        sortEnv(podSpec(cronJob));
        assertThat(podSpec(b)).as("CronJob pod spec").isEqualTo(podSpec(cronJob));
        assertThat(b.getSpec().getSchedule()).isEqualTo(cronJob.getSpec().getSchedule());
        assertThat(b.getSpec().getConcurrencyPolicy()).isEqualTo(cronJob.getSpec().getConcurrencyPolicy());
        assertThat(b.getSpec().getJobTemplate().getSpec().getActiveDeadlineSeconds())
            .isEqualTo(cronJob.getSpec().getJobTemplate().getSpec().getActiveDeadlineSeconds());
      } else {
        assertThat(fromBase).as(generated.getKind()).isEqualTo(generated);
      }
    }
  }
}
