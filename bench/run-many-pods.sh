#!/usr/bin/env bash
# Issue 11 item 4: run-once wall time with nothing new (one file; 10,000 pod directories) and with one new line in
# each of 10,000 files; JDK 25 + AOT cache with the image's flags, JDK 17 as the peer. Writes
# results/cold/<stamp>-many-pods.json. Usage: bench/run-many-pods.sh [--pods 10000] [--runs 5]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f k8s-cronjob/target/quarkus-app/quarkus-run.jar ] && [ -f bench/target/benchmarks.jar ] \
  || ./mvnw -B -q -ntp -pl k8s-cronjob,bench -am package -DskipTests
exec "${JAVA:-java}" -cp bench/target/benchmarks.jar io.logferry.bench.cold.ManyPodsBenchmark "$@"
