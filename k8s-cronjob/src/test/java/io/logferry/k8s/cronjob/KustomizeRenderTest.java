package io.logferry.k8s.cronjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The kustomize layout renders offline with {@code kubectl kustomize}, and each overlay changes what it says. */
@EnableKubernetesMockClient(crud = true)
class KustomizeRenderTest {

  KubernetesClient client;

  static boolean kubectlPresent() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "kubectl"))) return true;
    }
    return false;
  }

  List<HasMetadata> render(String dir) throws Exception {
    assumeTrue(kubectlPresent(), "kubectl is not installed");
    Process p = new ProcessBuilder("kubectl", "kustomize", dir).redirectErrorStream(false).start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isZero();
    return client.load(new ByteArrayInputStream(out)).items();
  }

  static CronJob cronJob(List<HasMetadata> objects) {
    return CronJobManifestTest.only(objects, CronJob.class, "logferry-cronjob");
  }

  static String env(CronJob cronJob, String name) {
    return CronJobManifestTest.logferry(cronJob).getEnv().stream()
        .filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
  }

  @Test
  void baseRendersEveryObject() throws Exception {
    List<HasMetadata> base = render("deploy/kustomize/base");
    assertThat(base).extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder("ServiceAccount", "PersistentVolumeClaim", "PersistentVolumeClaim", "Deployment", "CronJob");
  }

  @Test
  void awsOverlaySetsNamespaceRoleImageAndGroup() throws Exception {
    List<HasMetadata> aws = render("deploy/kustomize/overlays/aws");
    assertThat(aws).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("logging-demo"));
    ServiceAccount sa = CronJobManifestTest.only(aws, ServiceAccount.class, "logferry");
    assertThat(sa.getMetadata().getAnnotations())
        .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/logferry-cronjob-logging-demo");
    CronJob cronJob = cronJob(aws);
    assertThat(CronJobManifestTest.logferry(cronJob).getImage())
        .isEqualTo("111122223333.dkr.ecr.eu-west-1.amazonaws.com/logferry-cronjob:0.1.0");
    assertThat(env(cronJob, "LOGFERRY_GROUP")).isEqualTo("/eks/logging-demo/apps");
    // The strategic merge keeps what the base has.
    assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(env(cronJob, "LOGFERRY_RETENTION_DAYS")).isEqualTo("30");
  }

  @Test
  void localEndpointOverlayDropsIrsaAndPointsAtTheLocalEndpoint() throws Exception {
    List<HasMetadata> local = render("deploy/kustomize/overlays/local-endpoint");
    ServiceAccount sa = CronJobManifestTest.only(local, ServiceAccount.class, "logferry");
    assertThat(sa.getMetadata().getAnnotations()).doesNotContainKey("eks.amazonaws.com/role-arn");
    CronJob cronJob = cronJob(local);
    assertThat(env(cronJob, "LOGFERRY_ENDPOINT")).startsWith("http://logferry-local-endpoint.");
    assertThat(CronJobManifestTest.logferry(cronJob).getEnvFrom()).singleElement()
        .satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("local-endpoint-credentials"));
    assertThat(CronJobManifestTest.logferry(cronJob).getArgs()).containsExactly("run-once", "--max-duration=45s");
    assertThat(cronJob.getSpec().getJobTemplate().getSpec().getActiveDeadlineSeconds()).isEqualTo(55L);
    PersistentVolumeClaim logs = CronJobManifestTest.only(local, PersistentVolumeClaim.class, "logferry-logs");
    assertThat(logs.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    // The rendered objects are valid for an API server.
    for (HasMetadata o : local) client.resource(o).create();
    assertThat(client.resources(CronJob.class).inNamespace("logferry-local").withName("logferry-cronjob").get()).isNotNull();
  }
}
