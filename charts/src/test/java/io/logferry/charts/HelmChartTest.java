package io.logferry.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code charts/logferry} rendered by Helm (embedded through helm-java, no binary) for each shape, parsed by fabric8
 * and accepted by its CRUD mock API server: the DaemonSet agrees with the kustomize DaemonSet, the CronJob with the
 * CronJob packaging, the sidecar snippet is a valid hardened container; selectors carry no version; nothing in the
 * output names the machine that rendered it.
 */
@EnableKubernetesMockClient(crud = true)
class HelmChartTest {

  static final Path CHART = Path.of("logferry");
  static final Path KUSTOMIZE_DAEMONSET = Path.of("../k8s-sidecar/deploy/kustomize/daemonset/logferry-node.yaml");
  static final String NAMESPACE = "logging";

  KubernetesClient client;

  static String template(UnaryOperator<TemplateCommand> values) {
    TemplateCommand command = new Helm(CHART).template().withName("lf").withNamespace(NAMESPACE).withKubeVersion("1.30.0");
    return values.apply(command).call();
  }

  List<HasMetadata> render(UnaryOperator<TemplateCommand> values) {
    String yaml = template(values);
    assertThat(yaml).as("no path of the machine that rendered it")
        .doesNotContain(Path.of("").toAbsolutePath().toString())
        .doesNotContain(System.getProperty("user.home"));
    return client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
  }

  void applyAll(List<HasMetadata> objects) {
    for (HasMetadata o : objects) {
      if (o instanceof GenericKubernetesResource) continue; // a CRD's object (PodMonitor): no CRD in the mock
      client.resource(o).inNamespace(NAMESPACE).create();
      assertThat(client.resource(o).inNamespace(NAMESPACE).get()).as(o.getKind()).isNotNull();
    }
  }

  static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).as(type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  static Map<String, String> env(Container c) {
    return c.getEnv().stream().filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  static void assertHardened(SecurityContext sc) {
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
  }

  static void assertVersionFreeSelector(Map<String, String> selector, Map<String, String> podLabels) {
    assertThat(selector).containsOnlyKeys("app.kubernetes.io/name", "app.kubernetes.io/instance");
    assertThat(podLabels).containsAllEntriesOf(selector).doesNotContainKey("app.kubernetes.io/version");
  }

  @Test
  void daemonSetIsTheDefaultShapeAndMatchesTheKustomizeDaemonSet() throws Exception {
    List<HasMetadata> objects = render(t -> t);
    assertThat(objects).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("ServiceAccount", "DaemonSet");
    DaemonSet ds = only(objects, DaemonSet.class);
    assertThat(ds.getMetadata().getName()).isEqualTo("lf-logferry");
    assertThat(ds.getMetadata().getLabels()).containsEntry("app.kubernetes.io/version", "0.1.0");
    assertVersionFreeSelector(ds.getSpec().getSelector().getMatchLabels(), ds.getSpec().getTemplate().getMetadata().getLabels());
    assertThat(ds.getSpec().getUpdateStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isZero();

    PodSpec pod = ds.getSpec().getTemplate().getSpec();
    Container logferry = pod.getContainers().get(0);
    assertThat(logferry.getImage()).isEqualTo("docker.io/logferry/logferry-sidecar:0.1.0");
    assertThat(logferry.getArgs()).containsExactly("follow");
    assertHardened(logferry.getSecurityContext());
    assertThat(logferry.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSupplementalGroups()).containsExactly(0L);
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getOperator()).isEqualTo("Exists"));
    assertThat(logferry.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(logferry.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("logferry-http");
      assertThat(p.getContainerPort()).isEqualTo(7437);
    });
    Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
    for (VolumeMount m : logferry.getVolumeMounts()) {
      if (m.getMountPath().startsWith("/var/log/")) {
        assertThat(m.getReadOnly()).as(m.getMountPath()).isTrue();
        assertThat(volumes.get(m.getName()).getHostPath().getPath()).isEqualTo(m.getMountPath());
      }
    }
    assertThat(pod.getInitContainers()).singleElement().satisfies(init -> {
      assertThat(init.getSecurityContext().getCapabilities().getAdd()).containsExactly("CHOWN");
      assertThat(init.getCommand()).containsExactly("chown", "10001:10001", "/var/lib/logferry");
    });

    // The same node shipper as deploy/kustomize/daemonset: the options that decide what is read and how it is named.
    List<HasMetadata> kustomize;
    try (InputStream in = Files.newInputStream(KUSTOMIZE_DAEMONSET)) {
      kustomize = client.load(in).items();
    }
    Container fromKustomize = only(kustomize, DaemonSet.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    for (String key : List.of("LOGFERRY_INCLUDE", "LOGFERRY_STREAM", "LOGFERRY_TIMESTAMP_REGEX", "LOGFERRY_TIMESTAMP_FORMAT", "LOGFERRY_READINESS",
        "LOGFERRY_HTTP_PORT", "LOGFERRY_CHECKPOINT_DIR", "LOGFERRY_DRAIN_DEADLINE")) {
      assertThat(env(logferry).get(key)).as(key).isEqualTo(env(fromKustomize).get(key));
    }
    assertThat(env(logferry).get("LOGFERRY_EXCLUDE")).startsWith("/var/log/pods/logging_lf-logferry-*/**,");
    applyAll(objects);
  }

  @Test
  void daemonSetCanRunAsRootWithoutAnyCapabilityForRuntimesWritingPrivateFiles() {
    PodSpec pod = only(render(t -> t.set("daemonset.runAsRoot", true)), DaemonSet.class).getSpec().getTemplate().getSpec();
    SecurityContext sc = pod.getContainers().get(0).getSecurityContext();
    assertThat(sc.getRunAsUser()).isZero();
    assertThat(sc.getRunAsNonRoot()).isFalse();
    assertHardened(sc);
    assertThat(pod.getInitContainers()).as("root owns the checkpoint directory already").isEmpty();
  }

  @Test
  void cronJobShapeRunsOnceOnTheSharedVolumeWithoutProbesOrPort() {
    List<HasMetadata> objects =
        render(t -> t.set("kind", "CronJob").set("cloudwatch.group", "/eks/prod/apps").set("serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn", "arn:aws:iam::111122223333:role/lf"));
    assertThat(objects).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("ServiceAccount", "CronJob", "PersistentVolumeClaim");
    CronJob cron = only(objects, CronJob.class);
    assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    PodSpec pod = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("docker.io/logferry/logferry-cronjob:0.1.0");
    assertThat(c.getArgs()).containsExactly("run-once", "--max-duration=4m");
    assertThat(c.getLivenessProbe()).isNull();
    assertThat(c.getReadinessProbe()).isNull();
    assertThat(c.getPorts()).isEmpty();
    assertThat(env(c)).containsEntry("LOGFERRY_GROUP", "/eks/prod/apps").containsEntry("LOGFERRY_STREAM", "{dir}/{file}")
        .doesNotContainKeys("LOGFERRY_HTTP_PORT", "LOGFERRY_READINESS");
    assertHardened(c.getSecurityContext());
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    VolumeMount logs = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/logs")).findFirst().orElseThrow();
    assertThat(logs.getReadOnly()).isTrue();
    assertThat(only(objects, PersistentVolumeClaim.class).getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    assertThat(only(objects, ServiceAccount.class).getMetadata().getAnnotations())
        .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/lf");
    applyAll(objects);
  }

  @Test
  void sidecarShapeRendersANativeSidecarSnippetWhoseReadinessNeverFollowsCloudWatch() {
    List<HasMetadata> objects = render(t -> t.set("kind", "Sidecar").set("readiness", "sink"));
    assertThat(objects).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap");
    Map<String, String> data = only(objects, ConfigMap.class).getData();
    assertThat(data).containsOnlyKeys("initContainers.yaml", "volumes.yaml", "pod.yaml");
    Container c = Arrays.asList(Serialization.unmarshal(data.get("initContainers.yaml"), Container[].class)).get(0);
    assertThat(c.getRestartPolicy()).isEqualTo("Always");
    assertThat(env(c)).containsEntry("LOGFERRY_READINESS", "running").containsEntry("LOGFERRY_INCLUDE", "/logs/**/*.log*")
        .containsEntry("LOGFERRY_STREAM", "{env:POD_NAMESPACE}/{env:POD_NAME}/{file}");
    assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
    // The sidecar's own measured sizing, not the node shipper's.
    assertThat(c.getResources().getRequests().get("memory").toString()).isEqualTo("96Mi");
    assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("160Mi");
    assertHardened(c.getSecurityContext());
    assertThat(c.getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getMountPath()).isEqualTo("/logs");
      assertThat(m.getReadOnly()).isTrue();
    });
    Volume[] volumes = Serialization.unmarshal(data.get("volumes.yaml"), Volume[].class);
    assertThat(volumes).extracting(Volume::getName).containsExactly("logferry-checkpoints", "logferry-tmp");
    assertThat(data.get("pod.yaml")).contains("automountServiceAccountToken: false");
    applyAll(objects);

    Map<String, String> classic =
        only(render(t -> t.set("kind", "Sidecar").set("sidecar.mode", "classic")), ConfigMap.class).getData();
    Container regular = Serialization.unmarshal(classic.get("containers.yaml"), Container[].class)[0];
    assertThat(regular.getRestartPolicy()).isNull();

    Map<String, String> ungated =
        only(render(t -> t.set("kind", "Sidecar").set("sidecar.gateAppStart", false)), ConfigMap.class).getData();
    Container notGating = Serialization.unmarshal(ungated.get("initContainers.yaml"), Container[].class)[0];
    assertThat(notGating.getStartupProbe()).as("the app starts without waiting for logferry").isNull();
    assertThat(notGating.getReadinessProbe()).isNotNull();
  }

  @Test
  void metricsAreScrapedByAPodMonitorNeverByPrometheusAnnotations() {
    for (String kind : List.of("DaemonSet", "Sidecar")) {
      String yaml = template(t -> t.set("kind", kind).set("podMonitor.enabled", true));
      assertThat(yaml).doesNotContain("prometheus.io/");
      List<HasMetadata> objects = client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
      GenericKubernetesResource monitor = only(objects, GenericKubernetesResource.class);
      assertThat(monitor.getKind()).isEqualTo("PodMonitor");
      assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
      Map<String, Object> spec = map(monitor.getAdditionalProperties().get("spec"));
      List<?> endpoints = (List<?>) spec.get("podMetricsEndpoints");
      assertThat(endpoints).singleElement().satisfies(e -> assertThat(map(e)).containsEntry("port", "logferry-http").containsEntry("path", "/q/metrics"));
    }
    assertThat(template(t -> t.set("kind", "CronJob").set("podMonitor.enabled", true))).doesNotContain("PodMonitor");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }
}
