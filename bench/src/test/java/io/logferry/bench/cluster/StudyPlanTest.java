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

  /** Deployment id -> repetitions, per kind, over the windows of a plan. */
  static Map<String, Map<String, Integer>> byKind(List<StudyProfile.Step> plan) {
    Map<String, Map<String, Integer>> m = new TreeMap<>();
    for (StudyProfile.Step s : plan) {
      if (!(s instanceof StudyProfile.WindowStep w)) continue;
      for (Deployment d : w.window().deployments()) {
        m.computeIfAbsent(d.kindIn(w.window()), k -> new TreeMap<>()).merge(d.id(), 1, Integer::sum);
      }
    }
    return m;
  }

  @Test
  void everyConfigurationOfEveryKindRunsThreeInterleavedTimesInBothProfiles() {
    for (StudyProfile p : StudyProfile.values()) {
      List<StudyProfile.Step> plan = p.plan(0);
      Map<String, Map<String, Integer>> kinds = byKind(plan);
      assertThat(kinds.keySet()).as(p + " kinds").containsExactlyInAnyOrder("steady", "e2e", "fault");
      for (Map.Entry<String, Map<String, Integer>> k : kinds.entrySet()) {
        assertThat(k.getValue().values()).as(p + " " + k.getKey()).allMatch(n -> n == StudyProfile.REPETITIONS);
      }
      assertThat(kinds.get("steady")).containsKeys("sc-r0", "sc-r20", "sc-r200", "sc-r2000");
      assertThat(kinds.get("fault")).containsKeys("sc-kill", "ds-kill", "cj-kill", "sc-del", "cj-rm", "sc-down",
          "ds-down", "cj-down");
      List<String> order = plan.stream().map(StudyMain::name).toList();
      List<String> expected = new ArrayList<>();
      for (int r = 1; r <= StudyProfile.REPETITIONS; r++) {
        expected.add("window-r" + r);
        expected.add("backlog-r" + r);
        if (p.faultWindowSeconds > 0) expected.add("fault-r" + r);
      }
      assertThat(order).as(p + " interleaved: everything of r1, then r2, ...").isEqualTo(expected);
      for (StudyProfile.Step s : plan) {
        if (s instanceof StudyProfile.BacklogStep b) assertThat(b.points()).hasSize(p.backlogs.length);
      }
    }
  }

  @Test
  void resultFilesAreDistinctPerRepetitionAndNamedByTheirKind() {
    for (StudyProfile p : StudyProfile.values()) {
      List<String> ids = new ArrayList<>();
      for (StudyProfile.Step s : p.plan(0, true)) {
        if (!(s instanceof StudyProfile.WindowStep w)) continue;
        for (Deployment d : w.window().deployments()) {
          String id = WindowRunner.resultId(d.kindIn(w.window()), w.window().repetition(), d.id());
          assertThat(id).startsWith(d.kindIn(w.window()) + "-r" + w.window().repetition() + "-");
          ids.add(id);
        }
      }
      assertThat(ids).as(p + " unique").doesNotHaveDuplicates().contains("e2e-r3-sc-n8", "steady-r2-sc-r20",
          "fault-r1-cj-kill");
    }
  }

  @Test
  void theFullPlanRunsTenMinuteWindowsInUnderAnHourAndTheQuickOneInTen() {
    assertThat(StudyProfile.FULL.windowSeconds).isGreaterThanOrEqualTo(600);
    assertThat(StudyProfile.FULL.estimatedSeconds(0, true)).isLessThanOrEqualTo(60 * 60);
    assertThat(StudyProfile.QUICK.estimatedSeconds(0, true)).isLessThanOrEqualTo(10 * 60);
    // The estimate counts every window: the full plan's three 10-minute and three 3-minute windows.
    assertThat(StudyProfile.FULL.estimatedSeconds(0, true)).isGreaterThan(3 * 600 + 3 * 180);
  }

  @Test
  void theFaultsHaveAWindowOfTheirOwnInTheFullPlanAndTheEndpointIsDownForItsOwnDeploymentsOnly() {
    for (StudyProfile.Step s : StudyProfile.FULL.plan(0, true)) {
      if (!(s instanceof StudyProfile.WindowStep ws)) continue;
      Window w = ws.window();
      if (w.id().startsWith("fault-")) {
        assertThat(w.deployments()).allMatch(d -> d.fault() != StudyFault.NONE && d.kindIn(w).equals("fault"));
      } else {
        assertThat(w.deployments()).allMatch(d -> d.fault() == StudyFault.NONE);
      }
    }
    assertThat(Commands.partitioned(Commands.ENV, true)).containsEntry("AWS_ACCESS_KEY_ID", Commands.PARTITIONED_KEY);
    assertThat(Commands.partitioned(Commands.ENV, false)).isSameAs(Commands.ENV);
  }

  @Test
  void theEndToEndDeploymentsHaveEveryModeAtEveryPodCountOnAMinuteScheduleInEveryRepetition() {
    for (StudyProfile p : StudyProfile.values()) {
      for (StudyProfile.Step s : p.plan(0)) {
        if (!(s instanceof StudyProfile.WindowStep ws) || ws.window().id().startsWith("fault-")) {
          continue;
        }
        List<Deployment> e2e = ws.window().deployments().stream().filter(d -> "e2e".equals(d.kind())).toList();
        for (int n : p.e2ePods) {
          for (StudyMode m : StudyMode.values()) {
            assertThat(e2e).anyMatch(d -> d.mode() == m && d.pods() == n);
          }
        }
        assertThat(e2e).filteredOn(d -> d.mode() == StudyMode.CRONJOB).allMatch(d -> d.cronIntervalSeconds() >= 60);
      }
    }
    assertThat(StudyProfile.FULL.e2ePods).contains(1, 8, 32);
  }

  @Test
  void theNextShipperStartsAfterThePreviousUsedItsFirstCpuSecondServesExitedOrWaitedFiveSeconds() {
    assertThat(WindowRunner.startGateOpen(50, false, true, 1_000)).isFalse();
    assertThat(WindowRunner.startGateOpen(100, false, true, 1_000)).isTrue();
    assertThat(WindowRunner.startGateOpen(20, true, true, 300)).isTrue();
    assertThat(WindowRunner.startGateOpen(20, false, false, 300)).isTrue();
    assertThat(WindowRunner.startGateOpen(20, false, true, 5_000)).isTrue();
  }

  @Test
  void withFluentBitEverySteadyAndEverySmallEndToEndFollowDeploymentGetsATwinInTheSameWindow() {
    for (StudyProfile p : StudyProfile.values()) {
      List<StudyProfile.Step> alone = p.plan(0, false);
      List<StudyProfile.Step> peers = p.plan(0, true);
      assertThat(peers).hasSameSizeAs(alone);
      for (int i = 0; i < peers.size(); i++) {
        if (!(peers.get(i) instanceof StudyProfile.WindowStep w)) continue;
        Window a = ((StudyProfile.WindowStep) alone.get(i)).window();
        assertThat(w.window().writeSeconds()).isEqualTo(a.writeSeconds());
        List<Deployment> fb = w.window().deployments().stream().filter(d -> d.shipper() == Shipper.FLUENT_BIT).toList();
        List<Deployment> follow = a.deployments().stream()
            .filter(d -> d.mode().follows() && (d.kindIn(a).equals("steady")
                || d.kindIn(a).equals("e2e") && d.pods() <= StudyProfile.E2E_PEER_MAX_PODS)).toList();
        assertThat(fb).as(a.id()).hasSameSizeAs(follow);
        for (Deployment d : follow) {
          assertThat(fb).anyMatch(x -> x.id().equals("fb-" + d.id()) && x.mode() == d.mode() && x.pods() == d.pods()
              && x.rate() == d.rate() && x.kindIn(a).equals(d.kindIn(a)));
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
