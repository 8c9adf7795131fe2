#!/usr/bin/env bash
# The sidecar / DaemonSet / CronJob study (io.logferry.bench.cluster.StudyMain); --target kubernetes runs it on the
# cluster of the current kubeconfig (bench/README.md, "Kubernetes target").
#   bench/run-cluster-benchmark.sh [--profile quick|full] [--target local|kubernetes] [--only STEP] [--out DIR]
# Builds the testbed, both apps and the bench jar when missing (offline if the Maven repo is warm), then runs every
# step of the profile; results: results/study/<UTC stamp>-<profile>[-kubernetes]/ (StudyRun files, run-set.json).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
bench="bench/target/benchmarks.jar"
need=()

[ -f k8s-sidecar/target/lean/logferry-sidecar.jar ] || need+=(k8s-sidecar)
[ -f k8s-cronjob/target/quarkus-app/quarkus-run.jar ] || need+=(k8s-cronjob)
[ -f "$bench" ] || need+=(bench)
if [ ${#need[@]} -gt 0 ]; then
  echo "run-cluster-benchmark: building ${need[*]}..." >&2
  ./mvnw -B -q -o -pl "$(IFS=,; echo "${need[*]}")" -am package -DskipTests >&2
fi
# The runner holds every accepted event of a run (FULL recording of the in-process endpoint): give it room.
# The harness holds every accepted event of a window for the ground truth (with Fluent Bit twins a full-profile
# steady window accepts ~15 M events): 3 GiB ran out, so the heap is sized for that (STUDY_HEAP to change it).
exec "$JAVA" -Xmx"${STUDY_HEAP:-14g}" -cp "$bench" io.logferry.bench.cluster.StudyMain --repo "$here" "$@"
