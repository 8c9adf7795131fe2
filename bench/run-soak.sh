#!/usr/bin/env bash
# The soak: the sidecar's follow for 1 hour (--duration) at 1,000 lines/s with rename and copytruncate rotation and
# periodic endpoint faults; records RSS, heap after GC, open fds, threads and checkpoint size over time, then audits
# lost = 0 / duplicated = 0. Writes results/soak/<stamp>-soak.json. Smoke test: bench/run-soak.sh --duration 2m
# Options: --duration 1h --rate 1000 --sample 30s --fault-every 5m --out results/soak --sidecar JAR --java PATH
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=bench/target/benchmarks.jar
[ -f "$JAR" ] && [ -f k8s-sidecar/target/lean/logferry-sidecar.jar ] \
  || ./mvnw -B -q -ntp -pl k8s-sidecar,bench -am package -DskipTests
JAVA25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
CHILD_JAVA=$([ -x "$JAVA25" ] && echo "$JAVA25" || echo "${JAVA_HOME:+$JAVA_HOME/bin/}java")
# The harness holds every accepted event (about 300 B each: ~1.1 GiB for an hour at 1,000 lines/s).
exec "${JAVA:-java}" -Xmx3g -cp "$JAR" io.logferry.bench.soak.SoakRun --java "$CHILD_JAVA" "$@"
