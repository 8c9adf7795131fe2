#!/usr/bin/env bash
# logferry beside Fluent Bit (issue 11): drains of one generated nginx log to the null sink and to a fresh local
# endpoint over HTTPS (tools alternating, order swapped each repetition, >= 3 repetitions), and sidecars tailing files
# written at 20 and 200 lines/s (replicas of both tools side by side, CPU and RSS after warm-up from /proc). Every
# line must be accepted exactly once (the endpoint's message hashes) or the run is not a figure. Writes
# results/vs-fluent-bit/<stamp>[-label].json (schema: results/README.md). `--help` for the options.
#
#   bench/run-vs-fluent-bit.sh --fluent-bit /path/to/fluent-bit          # full: ~6 min drains + 2 x 10 min sidecars
#   FLUENT_BIT=/path/to/fluent-bit bench/run-vs-fluent-bit.sh --only sidecar --rates 20
#   bench/run-vs-fluent-bit.sh --size 64m --repetitions 1 --duration 60s --warmup 20s --replicas 1   # smoke, ~3 min
# Without --fluent-bit/FLUENT_BIT, logferry runs alone and the output says so.
#
# Fluent Bit is not part of this repository (never commit its code or binary). To get the binary measured here
# (5.1.1): take a snapshot of https://github.com/fluent/fluent-bit at tag v5.1.1 (its DEVELOPER_GUIDE.md describes
# building from source), install cmake flex bison libssl-dev libyaml-dev libsqlite3-dev pkg-config, then
#   mkdir build && cd build && cmake .. -DCMAKE_BUILD_TYPE=Release -DFLB_MINIMAL=On -DFLB_IN_TAIL=On \
#     -DFLB_OUT_NULL=On -DFLB_OUT_STDOUT=On -DFLB_OUT_CLOUDWATCH_LOGS=On -DFLB_TLS=On -DFLB_AWS=On -DFLB_SIGNV4=On \
#     -DFLB_SQLDB=On -DFLB_PREFER_SYSTEM_LIB_SQLITE=On -DFLB_HTTP_SERVER=On -DFLB_TESTS_RUNTIME=Off \
#     -DFLB_TESTS_INTERNAL=Off -DFLB_EXAMPLES=Off -DFLB_WASM=Off -DFLB_LUAJIT=Off -DFLB_KAFKA=Off \
#     -DFLB_OUT_KAFKA=Off -DFLB_IN_KAFKA=Off -DFLB_USE_SIMDUTF=No -DFLB_UNICODE_ENCODER=Off \
#     && make -j2        # ~13 min on 2 cores; binary: build/bin/fluent-bit
# (simdutf off: Debian 12's gcc 12 fails on its AVX2 code; it only serves UTF-16 input, unused by tail/cloudwatch.)
# The configurations it runs with are committed under bench/fluent-bit/ and copied into every result.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=bench/target/benchmarks.jar
if [ ! -f "$JAR" ] || [ ! -f k8s-cronjob/target/quarkus-app/quarkus-run.jar ] || [ ! -f k8s-sidecar/target/lean/logferry-sidecar.jar ] \
   || ! ls local-endpoint/target/*-all.jar >/dev/null 2>&1; then
  ./mvnw -B -q -ntp -pl bench,k8s-cronjob,k8s-sidecar,local-endpoint -am package -DskipTests
fi
# Run from a copy: a rebuild during a long run must not swap classes under it.
RUN_JAR=$(mktemp --tmpdir logferry-vs-fluent-bit-XXXXXX.jar)
trap 'rm -f "$RUN_JAR"' EXIT
cp "$JAR" "$RUN_JAR"
"${JAVA:-java}" -cp "$RUN_JAR" io.logferry.bench.fluentbit.FluentBitComparison "$@"
