#!/usr/bin/env bash
# The whole-process benchmark alone: logferry run-once over a generated nginx log (1 GiB by default) as a child
# process, JDK 17 and 25, null sink and local endpoint. Options: --size 1g --jdk17 PATH|none --jdk25 PATH|none
# --sinks null,endpoint --out results/process --jvm-flags "..." --jfr --profile quick|full  (--help for all)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=bench/target/benchmarks.jar
[ -f "$JAR" ] || { echo "missing $JAR; build: ./mvnw -o -q -pl bench,k8s-cronjob -am package -DskipTests" >&2; exit 2; }
exec "${JAVA:-java}" -cp "$JAR" io.logferry.bench.process.ProcessBenchmark "$@"
