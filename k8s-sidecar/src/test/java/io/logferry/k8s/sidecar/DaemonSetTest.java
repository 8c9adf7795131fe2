package io.logferry.k8s.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.logferry.cli.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node DaemonSet ({@code deploy/kustomize/daemonset}, {@code overlays/daemonset}): rendered offline, shaped as
 * promised (read-only hostPath logs, checkpoints on the node, non-root, tolerations, one pod per node at a time),
 * accepted by an API server (the fabric8 CRUD mock), and its environment drives a real {@code follow} over a
 * {@code /var/log/pods} tree laid out the way the kubelet lays it out.
 */
@EnableKubernetesMockClient(crud = true)
class DaemonSetTest {

  static final String NAME = "logferry-node";

  KubernetesClient client;
  @TempDir Path tmp;

  List<HasMetadata> render() throws Exception {
    return new SidecarKustomizeTest.Renderer(client).render("deploy/kustomize/overlays/daemonset");
  }

  static PodSpec pod(List<HasMetadata> objects) {
    return SidecarManifestTest.only(objects, DaemonSet.class, NAME).getSpec().getTemplate().getSpec();
  }

  static Container logferry(PodSpec pod) {
    return pod.getContainers().stream().filter(c -> c.getName().equals("logferry")).findFirst().orElseThrow();
  }

  static Map<String, String> env(Container c) {
    return c.getEnv().stream().filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  @Test
  void readsTheNodesPodLogsReadOnlyAndKeepsCheckpointsOnTheNode() throws Exception {
    List<HasMetadata> objects = render();
    assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("logging"));
    PodSpec pod = pod(objects);
    Container logferry = logferry(pod);
    Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
    Map<String, VolumeMount> mounts =
        logferry.getVolumeMounts().stream().collect(Collectors.toMap(VolumeMount::getMountPath, m -> m));

    for (String logs : List.of("/var/log/pods", "/var/log/logferry-apps")) {
      VolumeMount m = mounts.get(logs);
      assertThat(m.getReadOnly()).as(logs + " is mounted read-only").isTrue();
      assertThat(volumes.get(m.getName()).getHostPath().getPath()).isEqualTo(logs);
    }
    String checkpointDir = env(logferry).get("LOGFERRY_CHECKPOINT_DIR");
    VolumeMount checkpoints = mounts.get(checkpointDir);
    assertThat(volumes.get(checkpoints.getName()).getHostPath().getType()).isEqualTo("DirectoryOrCreate");
    assertThat(checkpoints.getReadOnly()).isNotEqualTo(Boolean.TRUE);

    assertThat(logferry.getArgs()).containsExactly("follow");
    assertThat(env(logferry)).containsEntry("LOGFERRY_READINESS", "sink").containsKeys("LOGFERRY_GROUP", "LOGFERRY_STREAM");
    assertThat(logferry.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("NODE_NAME");
      assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
    });
    long drain = Durations.parse(env(logferry).get("LOGFERRY_DRAIN_DEADLINE")).getSeconds();
    assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(drain + 2);
    assertThat(pod.getTolerations()).anySatisfy(t -> assertThat(t.getOperator()).isEqualTo("Exists"));

    DaemonSet ds = SidecarManifestTest.only(objects, DaemonSet.class, NAME);
    // Two pods of the DaemonSet on one node would share the checkpoint directory: the second would exit 4.
    assertThat(ds.getSpec().getUpdateStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isZero();
    assertThat(ds.getSpec().getSelector().getMatchLabels()).containsOnlyKeys("app.kubernetes.io/name");
    assertThat(logferry.getImage()).isEqualTo("111122223333.dkr.ecr.eu-west-1.amazonaws.com/logferry-sidecar:0.1.0");
    assertThat(SidecarManifestTest.only(objects, ServiceAccount.class, NAME).getMetadata().getAnnotations())
        .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/logferry-node-logging");

    for (HasMetadata o : objects) client.resource(o).create();
    DaemonSet stored = client.apps().daemonSets().inNamespace("logging").withName(NAME).get();
    assertThat(stored.getSpec().getTemplate().getSpec()).isEqualTo(pod);
  }

  @Test
  void runsNonRootWithAReadOnlyRootAndOnlyTheInitContainerMayChown() throws Exception {
    PodSpec pod = pod(render());
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSupplementalGroups()).as("group 0 reads the runtime's 0640 log files").containsExactly(0L);
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    SecurityContext sc = logferry(pod).getSecurityContext();
    assertThat(sc.getRunAsNonRoot()).isTrue();
    assertThat(sc.getRunAsUser()).isEqualTo(10001L);
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(sc.getPrivileged()).isNotEqualTo(Boolean.TRUE);

    Container init = pod.getInitContainers().get(0);
    assertThat(init.getCommand()).containsExactly("chown", "10001:10001", "/var/lib/logferry");
    assertThat(init.getSecurityContext().getCapabilities().getAdd()).containsExactly("CHOWN");
    assertThat(init.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(init.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(init.getVolumeMounts()).singleElement().satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/var/lib/logferry"));
    for (Container c : List.of(init, logferry(pod))) {
      assertThat(c.getResources().getLimits()).containsKey("memory");
    }
  }

  /**
   * The DaemonSet's own environment, with only the node's root moved into a temporary directory, against the packaged
   * app: container logs in CRI format and an app-written file under the hostPath convention are shipped into streams
   * named from their paths, with the runtime's timestamps; logferry's own pod logs are not shipped.
   */
  @Test
  void itsEnvironmentShipsAKubeletLogTreeIntoStreamsNamedFromThePath() throws Exception {
    assertThat(FollowSigtermTest.JAR).as("run the build first: ./mvnw -pl k8s-sidecar -am test").exists();
    Map<String, String> env = env(logferry(pod(render())));
    Path node = tmp.resolve("node");
    Path container = Files.createDirectories(node.resolve("var/log/pods/shop_web-7d9f_0b1e-uid/nginx"));
    Files.writeString(container.resolve("0.log"),
        "2026-11-30T10:15:00.123456789Z stdout F GET /cart 200\n"
            + "2026-11-30T10:15:01.5Z stderr F upstream timed out\n");
    Path own = Files.createDirectories(node.resolve("var/log/pods/logging_logferry-node-x2v9_9a8b-uid/logferry"));
    Files.writeString(own.resolve("0.log"), "2026-11-30T10:15:00Z stderr F logferry: its own line\n");
    Path appDir = Files.createDirectories(node.resolve("var/log/logferry-apps/shop/web-7d9f"));
    Files.createDirectories(node.resolve("var/lib/logferry")); // the checkpoint hostPath, which the kubelet creates
    Files.writeString(appDir.resolve("app.log"), "order 42 paid\n");

    ProcessBuilder pb =
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
            FollowSigtermTest.JAR.toString(), "follow", "--sink", "stdout", "--http-port", "0", "--poll-interval", "50ms",
            "--flush-interval", "50ms", "--scan-interval", "100ms", "--drain-deadline", "10s")
            .redirectOutput(tmp.resolve("stdout.txt").toFile())
            .redirectError(tmp.resolve("stderr.txt").toFile());
    for (Map.Entry<String, String> e : env.entrySet()) {
      String value = e.getValue().replace("/var/", node + "/var/");
      pb.environment().put(e.getKey(), value);
    }
    pb.environment().put("NODE_NAME", "node-a");
    pb.environment().put("LOGFERRY_LOG_FORMAT", "json");
    Process p = pb.start();
    try {
      Path stdout = tmp.resolve("stdout.txt");
      await().atMost(Duration.ofSeconds(60))
          .failFast("logferry exited: " + tmp.resolve("stderr.txt"), () -> !p.isAlive())
          .until(() -> Files.readAllLines(stdout).size() >= 3);
      p.destroy();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String err = Files.readString(tmp.resolve("stderr.txt"));
      assertThat(p.exitValue()).as(err).isZero();
      List<String> lines = Files.readAllLines(stdout);
      assertThat(lines).as(err).hasSize(3).contains(
          "2026-11-30T10:15:00.123Z /eks/demo/pods/shop_web-7d9f_0b1e-uid/nginx/0.log 2026-11-30T10:15:00.123456789Z stdout F GET /cart 200",
          "2026-11-30T10:15:01.500Z /eks/demo/pods/shop_web-7d9f_0b1e-uid/nginx/0.log 2026-11-30T10:15:01.5Z stderr F upstream timed out");
      assertThat(lines).anySatisfy(l -> assertThat(l).endsWith(" /eks/demo/pods/shop/web-7d9f/app.log order 42 paid"));
      assertThat(lines).noneSatisfy(l -> assertThat(l).contains("its own line"));
      // --log-format json (LOGFERRY_LOG_FORMAT): logferry's own lines are JSON objects, one per line.
      List<String> logLines = err.lines().filter(l -> !l.isBlank()).toList();
      assertThat(logLines).anySatisfy(l -> assertThat(l).startsWith("{\"timestamp\":\"").contains("\"level\":\"INFO\"")
          .contains("\"logger\":\"io.logferry.k8s.sidecar.FollowSession\"").contains("\"message\":\"following; drain deadline"));
      assertThat(logLines).filteredOn(l -> l.contains("logferry")).allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}"));
    } finally {
      p.destroyForcibly();
    }
  }
}
