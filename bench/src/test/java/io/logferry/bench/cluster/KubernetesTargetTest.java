package io.logferry.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The kubernetes target against fabric8's mock API server in CRUD mode: what it creates, how many, and cleanup. */
@EnableKubernetesMockClient(crud = true)
class KubernetesTargetTest {

  static final String NS = "logferry-bench";
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static final String ENDPOINT = "http://logferry-local-endpoint.logferry-bench.svc:4566";

  KubernetesClient client;

  private KubernetesTarget target() {
    return new KubernetesTarget(client, REPO, NS, new HttpEndpoint(ENDPOINT, URI.create("http://127.0.0.1:1")),
        new Progress(System.err));
  }

  private static Scenario scenario(Mode mode, int pods) {
    return new Scenario(mode, Fault.NONE, pods, 20, Duration.ofSeconds(30), Duration.ofSeconds(10), "nginx",
        "rename", 1 << 20, Duration.ZERO);
  }

  @AfterEach
  void noLeftovers() {
    client.apps().deployments().inAnyNamespace().delete();
  }

  @Test
  void sidecarScenarioDeploysTheSidecarManifestScaledToThePodsAndPointedAtTheEndpoint() throws Exception {
    KubernetesTarget t = target();
    t.deploy(scenario(Mode.SIDECAR, 3));

    assertThat(client.namespaces().withName(NS).get()).isNotNull();
    Deployment d = client.apps().deployments().inNamespace(NS).withName("logferry-sidecar").get();
    assertThat(d.getSpec().getReplicas()).isEqualTo(3);
    assertThat(d.getSpec().getTemplate().getSpec().getContainers()).extracting(Container::getName)
        .containsExactlyInAnyOrder("app", "logferry-sidecar");
    Map<String, String> env = env(d, "logferry-sidecar");
    assertThat(env).containsEntry("LOGFERRY_ENDPOINT", ENDPOINT).containsEntry("LOGFERRY_GROUP", Commands.GROUP)
        .containsEntry("LOGFERRY_STREAM", "{env:POD_NAME}/{file}").containsKey("AWS_ACCESS_KEY_ID");
    String script = d.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals("app")).findFirst().orElseThrow().getArgs().get(0);
    assertThat(script).contains("seq=${POD_NAME}:$i t=$t").contains("-lt 30 ").contains("-lt 20 ");
    assertThat(client.services().inNamespace(NS).withName("logferry-sidecar").get()).isNotNull();
    assertThat(client.serviceAccounts().inNamespace(NS).withName("logferry").get().getMetadata().getAnnotations())
        .doesNotContainKey("eks.amazonaws.com/role-arn");

    t.cleanUp();
    assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.services().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.serviceAccounts().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void baselineScenarioDeploysTheAppWithoutItsSidecar() throws Exception {
    KubernetesTarget t = target();
    t.deploy(scenario(Mode.BASELINE, 2));
    Deployment d = client.apps().deployments().inNamespace(NS).withName("logferry-sidecar").get();
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    assertThat(d.getSpec().getTemplate().getSpec().getContainers()).extracting(Container::getName)
        .containsExactly("app");
    assertThat(client.services().inNamespace(NS).list().getItems()).isEmpty();
    t.cleanUp();
    assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void cronJobScenarioScalesTheWritersSuspendsTheScheduleAndCreatesJobsFromItsTemplate() throws Exception {
    Scenario s = scenario(Mode.CRONJOB, 4);
    KubernetesTarget t = target();
    t.deploy(s);

    Deployment writers = client.apps().deployments().inNamespace(NS).withName("demo-log-writer").get();
    assertThat(writers.getSpec().getReplicas()).isEqualTo(4);
    CronJob cj = client.batch().v1().cronjobs().inNamespace(NS).withName("logferry-cronjob").get();
    assertThat(cj.getSpec().getSuspend()).isTrue();
    assertThat(client.persistentVolumeClaims().inNamespace(NS).list().getItems()).hasSize(2)
        .allSatisfy(pvc -> assertThat(pvc.getSpec().getStorageClassName()).isNull());

    assertThat(t.triggerCronRun(s)).isTrue();
    var jobs = client.batch().v1().jobs().inNamespace(NS).list().getItems();
    assertThat(jobs).hasSize(1);
    Container c = jobs.get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getArgs()).contains("run-once");
    assertThat(c.getEnv()).extracting(EnvVar::getName).contains("LOGFERRY_ENDPOINT", "LOGFERRY_STREAM");

    t.cleanUp();
    assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.batch().v1().cronjobs().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.persistentVolumeClaims().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void usesTheGeneratedManifestWhenBuiltElseTheKustomizeBase() {
    Path sidecar = KubernetesTarget.manifest(REPO, Mode.SIDECAR);
    assertThat(sidecar.toString()).endsWith(java.nio.file.Files.exists(REPO.resolve(KubernetesTarget.SIDECAR_MANIFEST))
        ? KubernetesTarget.SIDECAR_MANIFEST : KubernetesTarget.SIDECAR_BASE);
    assertThat(KubernetesTarget.manifest(REPO, Mode.CRONJOB)).exists();
  }

  private static Map<String, String> env(Deployment d, String container) {
    return d.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(container)).findFirst().orElseThrow().getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue, (a, b) -> b));
  }
}
