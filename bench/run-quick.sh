#!/usr/bin/env bash
# The quick profile (about a minute): a few JMH benchmarks with one short iteration each, then the whole-process
# benchmark on a 64 MiB log. Results go to results/jmh/ and results/process/. Extra arguments go to ProcessBenchmark.
# Set JAVA to run JMH on another JDK (the process benchmark picks its JDKs itself: --jdk17/--jdk25).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
JAR=bench/target/benchmarks.jar
for f in "$JAR" k8s-cronjob/target/quarkus-app/quarkus-run.jar; do
  [ -f "$f" ] || { echo "missing $f; build: ./mvnw -o -q -pl bench,k8s-cronjob -am package -DskipTests" >&2; exit 2; }
done
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=results/jmh/$STAMP-quick.json
mkdir -p results/jmh
JMH_ARGS=('ScanBenchmark.tailer|MultilineBenchmark.assemble|BatchBenchmark.batch$|BatchBenchmark.batchBuildAndMarshal|CheckpointBenchmark.write$|DrainBenchmark'
  -p lineBytes=194 -p input=JAVA_APP -p rule=javaStackTrace -p files=10 -p sink=null
  -f 1 -wi 1 -i 1 -w 1s -r 1s)
"$JAVA" -jar "$JAR" "${JMH_ARGS[@]}" -rf json -rff "$OUT"
"$JAVA" -cp "$JAR" io.logferry.bench.process.JmhRunInfo "${OUT%.json}.meta.json" "$OUT" quick "${JMH_ARGS[@]}"
echo "wrote $OUT"
"$JAVA" -cp "$JAR" io.logferry.bench.process.ProcessBenchmark --profile quick "$@"
