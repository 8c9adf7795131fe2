package io.logferry.bench.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.logferry.study.RunSet;
import io.logferry.study.StudyJson;
import io.logferry.study.StudyRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code run-cluster-benchmark.sh --target kubernetes}: the study's windows on the cluster of the current kubeconfig,
 * one mode at a time, repetitions interleaved (sidecar, daemonset, cronjob, then again), written as {@link StudyRun}
 * files plus {@code run-set.json} into {@code results/study/<UTC stamp>-<profile>-kubernetes/} so the report reads
 * them like local runs ({@code provenance.target = kubernetes}).
 *
 * <pre>
 * bench/run-cluster-benchmark.sh --target kubernetes [--modes sidecar,daemonset,cronjob] [--repetitions 3]
 *     [--pods 4] [--rate 20] [--window-seconds 600] [--warmup-seconds 120] [--schedule '*&#47;1 * * * *']
 *     [--storage-class NAME] [--access-mode ReadWriteOnce|ReadWriteMany] [--namespace logferry-bench]
 *     [--metrics-interval-seconds 15] [--timeout-seconds 600] [--out results/study]
 * </pre>
 */
final class KubernetesStudyMain {

  private KubernetesStudyMain() {}

  static void run(Map<String, String> o, String[] args, Path repo, StudyEnvironment env) throws Exception {
    KubernetesSettings settings = KubernetesSettings.parse(o);
    String profile = o.getOrDefault("profile", "quick");
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
    Path out = Path.of(o.getOrDefault("out", repo.resolve("results/study").toString()))
        .resolve(stamp + "-" + profile + "-kubernetes");
    Progress progress = new Progress(System.err);
    List<String> command = new ArrayList<>(List.of("bench/run-cluster-benchmark.sh"));
    command.addAll(Arrays.asList(args));
    List<String> windows = new ArrayList<>();
    for (int r = 1; r <= settings.repetitions(); r++) {
      for (StudyMode m : settings.modes()) windows.add("k8s-" + m.label() + "-r" + r);
    }
    String started = Instant.now().toString();
    long t0 = System.nanoTime();
    writeRunSet(out, profile, started, null, env, command, windows, 0);
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      KubernetesManifests manifests = new KubernetesManifests(repo, KubernetesManifests.kubectl(client), settings);
      KubernetesStudy study = new KubernetesStudy(client, manifests, settings, env, progress, Duration.ofSeconds(2));
      progress.note("logferry study on kubernetes (" + client.getMasterUrl() + ", namespace " + settings.namespace()
          + "): " + windows.size() + " windows -> " + out);
      int i = 0;
      for (int r = 1; r <= settings.repetitions(); r++) {
        for (StudyMode m : settings.modes()) {
          progress.note(String.format("[%d/%d] %s r%d", ++i, windows.size(), m.label(), r));
          StudyRun run = study.run(m, r, profile);
          StudyJson.writeAtomically(out.resolve(run.id() + ".json"), run);
          writeRunSet(out, profile, started, null, env, command, windows, (System.nanoTime() - t0) / 1e9);
        }
      }
    }
    writeRunSet(out, profile, started, Instant.now().toString(), env, command, windows, (System.nanoTime() - t0) / 1e9);
    progress.note("done: " + out);
  }

  private static void writeRunSet(Path out, String profile, String started, String finished, StudyEnvironment env,
      List<String> command, List<String> windows, double wallSeconds) throws java.io.IOException {
    StudyJson.writeAtomically(out.resolve(RunSet.FILE_NAME), new RunSet(StudyRun.SCHEMA_VERSION, profile, started,
        finished, env.commit(), command, windows, wallSeconds, "the images' JDK (see their Dockerfiles)", List.of(),
        List.of("target=kubernetes: the cluster of the current kubeconfig; no Fluent Bit peer on this target")));
  }
}
