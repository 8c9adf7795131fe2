package io.logferry.k8s.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The kustomize overlays render offline with {@code kubectl kustomize} into the layouts they promise. */
@EnableKubernetesMockClient(crud = true)
class SidecarKustomizeTest {

  KubernetesClient client;

  static boolean kubectlPresent() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "kubectl"))) return true;
    }
    return false;
  }

  List<HasMetadata> render(String dir) throws Exception {
    return new Renderer(client).render(dir);
  }

  /** {@code kubectl kustomize DIR}, parsed by fabric8; the test is skipped where kubectl is not installed. */
  record Renderer(KubernetesClient client) {
    List<HasMetadata> render(String dir) throws Exception {
      return client.load(new ByteArrayInputStream(renderYaml(dir))).items();
    }

    static byte[] renderYaml(String dir) throws Exception {
      assumeTrue(kubectlPresent(), "kubectl is not installed");
      Process p = new ProcessBuilder("kubectl", "kustomize", dir).start();
      byte[] out = p.getInputStream().readAllBytes();
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(err).isZero();
      return out;
    }
  }

  @Test
  void nativeOverlayMakesLogferryAnInitContainerThatRestartsAlways() throws Exception {
    List<HasMetadata> objects = render("deploy/kustomize/overlays/native");
    PodSpec pod = SidecarManifestTest.pod(objects);
    assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("app");
    assertThat(pod.getInitContainers()).singleElement().satisfies(c -> {
      assertThat(c.getName()).isEqualTo(SidecarManifestTest.LOGFERRY);
      assertThat(c.getRestartPolicy()).isEqualTo("Always");
      assertThat(c.getStartupProbe()).isNotNull();
    });
    SidecarManifestTest.assertSidecarShape(pod);
    assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("logging-demo"));
    for (HasMetadata o : objects) client.resource(o).create();
    Deployment stored = client.apps().deployments().inNamespace("logging-demo").withName(SidecarManifestTest.DEPLOYMENT).get();
    assertThat(stored.getSpec().getTemplate().getSpec().getInitContainers()).hasSize(1);
  }

  @Test
  void ungatedNativeOverlayLetsTheAppStartWithoutWaitingForLogferry() throws Exception {
    List<HasMetadata> objects = render("deploy/kustomize/overlays/native-ungated");
    PodSpec pod = SidecarManifestTest.pod(objects);
    assertThat(pod.getInitContainers()).singleElement().satisfies(c -> {
      assertThat(c.getName()).isEqualTo(SidecarManifestTest.LOGFERRY);
      assertThat(c.getRestartPolicy()).isEqualTo("Always");
      assertThat(c.getStartupProbe()).as("no startup probe: the kubelet starts the app once the process started").isNull();
    });
    SidecarManifestTest.assertSidecarShape(pod);
  }

  @Test
  void classicOverlayKeepsTwoContainersAndSetsTheRole() throws Exception {
    List<HasMetadata> objects = render("deploy/kustomize/overlays/classic");
    PodSpec pod = SidecarManifestTest.pod(objects);
    assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("app", SidecarManifestTest.LOGFERRY);
    assertThat(pod.getInitContainers()).isEmpty();
    SidecarManifestTest.assertSidecarShape(pod);
    assertThat(SidecarManifestTest.logferry(pod).getImage())
        .isEqualTo("111122223333.dkr.ecr.eu-west-1.amazonaws.com/logferry-sidecar:0.1.0");
    assertThat(SidecarManifestTest.only(objects, ServiceAccount.class, "logferry").getMetadata().getAnnotations())
        .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/logferry-sidecar-logging-demo");
  }

  @Test
  void localEndpointOverlayIsNativeWithoutIrsa() throws Exception {
    List<HasMetadata> objects = render("deploy/kustomize/overlays/local-endpoint");
    PodSpec pod = SidecarManifestTest.pod(objects);
    Container logferry = SidecarManifestTest.logferry(pod);
    assertThat(pod.getInitContainers()).containsExactly(logferry);
    assertThat(logferry.getRestartPolicy()).isEqualTo("Always");
    assertThat(SidecarManifestTest.env(logferry).get("LOGFERRY_ENDPOINT").getValue()).startsWith("http://logferry-local-endpoint.");
    assertThat(logferry.getEnvFrom()).singleElement().satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("local-endpoint-credentials"));
    assertThat(SidecarManifestTest.only(objects, ServiceAccount.class, "logferry").getMetadata().getAnnotations())
        .doesNotContainKey("eks.amazonaws.com/role-arn");
    SidecarManifestTest.assertSidecarShape(pod);
  }

  @Test
  void podMonitorOverlayScrapesLogferrysOwnPortInsteadOfClaimingThePodsAnnotations() throws Exception {
    List<HasMetadata> objects = render("deploy/kustomize/overlays/podmonitor");
    PodSpec pod = SidecarManifestTest.pod(objects);
    Container logferry = SidecarManifestTest.logferry(pod);
    assertThat(logferry.getPorts()).singleElement().satisfies(p -> assertThat(p.getName()).isEqualTo("logferry-http"));
    GenericKubernetesResource monitor =
        objects.stream().filter(GenericKubernetesResource.class::isInstance).map(GenericKubernetesResource.class::cast)
            .filter(o -> o.getKind().equals("PodMonitor")).findFirst().orElseThrow();
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getNamespace()).isEqualTo("logging-demo");
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
    @SuppressWarnings("unchecked")
    Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("podMetricsEndpoints")).get(0);
    assertThat(endpoint).containsEntry("port", "logferry-http").containsEntry("path", "/q/metrics");
    Deployment deployment = SidecarManifestTest.only(objects, Deployment.class, SidecarManifestTest.DEPLOYMENT);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).doesNotContainKey("prometheus.io/scrape");
    // The PodMonitor selects the pods by a label they carry.
    assertThat(spec.toString()).contains(deployment.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/name"));
  }
}
