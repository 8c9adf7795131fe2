#!/usr/bin/env bash
# Cold start of the CronJob's run-once (nothing new to ship) on JDK 17 and JDK 25, with and without class-data
# archives (AppCDS / AOT cache). Writes results/cold/<date>-cold-start.json. Usage: bench/run-cold-start.sh [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f k8s-cronjob/target/quarkus-app/quarkus-run.jar ] && [ -f bench/target/benchmarks.jar ] \
  || ./mvnw -B -q -ntp -pl k8s-cronjob,bench -am package -DskipTests
exec java -cp bench/target/benchmarks.jar io.logferry.bench.cold.ColdStartBenchmark \
  --app k8s-cronjob/target/quarkus-app/quarkus-run.jar "$@"
