#!/usr/bin/env bash
# The full profile: every JMH benchmark with its class-level settings (about 35 minutes on 2 cores), then the
# whole-process benchmark on a 1 GiB log, JDK 17 and 25, null sink and local endpoint. Run it on a quiet machine
# (check `uptime`). Results go to results/jmh/ and results/process/. Extra arguments go to ProcessBenchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
JAR=bench/target/benchmarks.jar
for f in "$JAR" k8s-cronjob/target/quarkus-app/quarkus-run.jar; do
  [ -f "$f" ] || { echo "missing $f; build: ./mvnw -o -q -pl bench,k8s-cronjob -am package -DskipTests" >&2; exit 2; }
done
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=results/jmh/$STAMP-full.json
mkdir -p results/jmh
JMH_ARGS=(${JMH_INCLUDE:-io.logferry.bench})
"$JAVA" -jar "$JAR" "${JMH_ARGS[@]}" -rf json -rff "$OUT"
"$JAVA" -cp "$JAR" io.logferry.bench.process.JmhRunInfo "${OUT%.json}.meta.json" "$OUT" full "${JMH_ARGS[@]}"
echo "wrote $OUT"
"$JAVA" -cp "$JAR" io.logferry.bench.process.ProcessBenchmark --profile full "$@"
