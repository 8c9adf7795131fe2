package io.logferry.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyPlanTest {

  @Test
  void refusesACronJobScheduleUnderAMinute() {
    assertThatThrownBy(() -> Deployment.cron("cj", 1, 20, 30, StudyFault.NONE))
        .hasMessageContaining("minute resolution");
  }

  @Test
  void everyComponentConfigurationRunsThreeInterleavedTimesInBothProfiles() {
    for (StudyProfile p : StudyProfile.values()) {
      List<StudyProfile.Step> plan = p.plan(0, 0);
      Map<String, Integer> steady = new TreeMap<>();
      List<Integer> backlogReps = new ArrayList<>();
      List<String> order = new ArrayList<>();
      for (StudyProfile.Step s : plan) {
        if (s instanceof StudyProfile.WindowStep w && w.window().kind().equals("steady")) {
          order.add("steady");
          for (Deployment d : w.window().deployments()) steady.merge(d.id(), 1, Integer::sum);
        } else if (s instanceof StudyProfile.BacklogStep b) {
          order.add("backlog");
          backlogReps.add(b.repetition());
          assertThat(b.points()).hasSize(p.backlogs.length);
        }
      }
      assertThat(steady.values()).as(p + " steady").allMatch(n -> n >= StudyProfile.REPETITIONS);
      assertThat(backlogReps).as(p + " backlog").hasSize(StudyProfile.REPETITIONS);
      assertThat(order.subList(0, 4)).as(p + " interleaved").containsExactly("steady", "backlog", "steady", "backlog");
      assertThat(steady.keySet()).contains("sc-r0", "sc-r20", "sc-r200", "sc-r2000");
    }
  }

  @Test
  void theEndToEndWindowHasEveryModeAtEveryPodCountOnAMinuteSchedule() {
    for (StudyProfile p : StudyProfile.values()) {
      Window e2e = p.plan(0, 0).stream().filter(s -> s instanceof StudyProfile.WindowStep)
          .map(s -> ((StudyProfile.WindowStep) s).window()).filter(w -> w.kind().equals("e2e")).findFirst().orElseThrow();
      for (int n : p.e2ePods) {
        for (StudyMode m : StudyMode.values()) {
          assertThat(e2e.deployments()).anyMatch(d -> d.mode() == m && d.pods() == n);
        }
      }
      assertThat(e2e.deployments()).filteredOn(d -> d.mode() == StudyMode.CRONJOB)
          .allMatch(d -> d.cronIntervalSeconds() >= 60);
    }
    assertThat(StudyProfile.FULL.steadySeconds).isGreaterThanOrEqualTo(600);
    assertThat(StudyProfile.FULL.e2ePods).contains(1, 8, 32);
  }

  @Test
  void withFluentBitEveryFollowDeploymentOfTheSteadyAndEndToEndWindowsGetsATwinInTheSameWindow() {
    for (StudyProfile p : StudyProfile.values()) {
      List<StudyProfile.Step> alone = p.plan(0, 0, false);
      List<StudyProfile.Step> peers = p.plan(0, 0, true);
      assertThat(peers).hasSameSizeAs(alone);
      for (int i = 0; i < peers.size(); i++) {
        if (!(peers.get(i) instanceof StudyProfile.WindowStep w)) continue;
        Window a = ((StudyProfile.WindowStep) alone.get(i)).window();
        assertThat(w.window().writeSeconds()).isEqualTo(a.writeSeconds());
        List<Deployment> fb = w.window().deployments().stream().filter(d -> d.shipper() == Shipper.FLUENT_BIT).toList();
        if (a.kind().equals("fault")) {
          assertThat(fb).as(a.id()).isEmpty();
          continue;
        }
        List<Deployment> follow = a.deployments().stream().filter(d -> d.mode().follows()).toList();
        assertThat(fb).as(a.id()).hasSameSizeAs(follow);
        for (Deployment d : follow) {
          assertThat(fb).anyMatch(x -> x.id().equals("fb-" + d.id()) && x.mode() == d.mode() && x.pods() == d.pods()
              && x.rate() == d.rate());
        }
      }
    }
  }

  @Test
  void fluentBitIsRefusedWhereItHasNoLikeForLikeDeployment() {
    assertThatThrownBy(() -> Deployment.cron("cj", 1, 20, 60, StudyFault.NONE).asFluentBit())
        .hasMessageContaining("Fluent Bit");
    assertThatThrownBy(() -> Deployment.follow("sc", StudyMode.SIDECAR, 1, 20, StudyFault.SHIPPER_KILLED).asFluentBit())
        .hasMessageContaining("Fluent Bit");
  }

  @Test
  void theShippersRunWithTheImagesJvmFlagsReadFromTheirDockerfiles() throws Exception {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    Commands c = Commands.in(repo, Path.of("java")).trusting(Path.of("/tmp/ca.pem"));
    String sidecarImage = Files.readString(repo.resolve("k8s-sidecar/src/main/docker/Dockerfile.jvm"));
    assertThat(sidecarImage).contains("JAVA_OPTS_APPEND=\"" + String.join(" ", c.sidecarJvm()) + "\"");
    assertThat(Files.readString(repo.resolve("k8s-cronjob/src/main/docker/Dockerfile.jvm")))
        .contains("JAVA_OPTS_APPEND=\"" + String.join(" ", c.cronjobJvm()) + "\"");
    assertThat(c.followEnv()).containsEntry("MALLOC_ARENA_MAX", "2");
    List<String> follow = c.follow("https://127.0.0.1:1", Path.of("/tmp/cp"), 7000, "/tmp/p/*/app.log*");
    assertThat(follow.subList(1, 1 + c.sidecarJvm().size())).isEqualTo(c.sidecarJvm());
    assertThat(follow).contains("--trust-store=/tmp/ca.pem").endsWith("/tmp/p/*/app.log*");
    assertThat(c.withCronjobAot(Path.of("/tmp/app.aot")).runOnce("https://x", Path.of("/tmp/s"), null, "g"))
        .contains("-XX:AOTCache=/tmp/app.aot", "--trust-store=/tmp/ca.pem");
  }

  @Test
  void oneWritersProcessWritesEveryPodAndStopsOnePodOnCommand(@TempDir Path dir) throws Exception {
    List<PodWriters.Pod> pods = List.of(new PodWriters.Pod(dir.resolve("a/app.log"), "a", 200),
        new PodWriters.Pod(dir.resolve("b/app.log"), "b", 200));
    ConcurrentLinkedQueue<String> stops = new ConcurrentLinkedQueue<>();
    stops.add("a");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      PodWriters.run(pods, 500, 128 << 10, io.logferry.testbed.LineFormat.NGINX_COMBINED, stops);
    } finally {
      System.setOut(old);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).startsWith("{\"started\":true}").contains("{\"writer\":\"a\"").contains("{\"writer\":\"b\"")
        .endsWith("{\"done\":true}" + System.lineSeparator());
    assertThat(Files.readAllLines(dir.resolve("b/app.log"))).hasSizeGreaterThan(50);
  }
}
