#!/usr/bin/env bash
# The whole study in one command: builds what is missing, runs the study's profile on this machine, then writes the
# report (reports/report.md, report.html with the calculator, charts/) from the new run set.
#   [FLUENT_BIT=/path/to/fluent-bit] bench/run-study.sh [--profile quick|full] [any run-cluster-benchmark.sh option...]
# With FLUENT_BIT (or --fluent-bit PATH) a Fluent Bit sidecar and DaemonSet run beside logferry's in the same steady
# and end-to-end windows; without it logferry runs alone and the results and the report say so.
# quick: ~10 min on an idle 2-core machine (n = 3 per component configuration, short windows, N = 1 and 8 end to end);
# full: ~55 min (10-minute windows, N = 1, 8 and 32 end to end, every fault). Both record the machine's load.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash bench/run-cluster-benchmark.sh "$@"
bash reports/generate.sh
echo "run-study: done in $(( $(date +%s) - start )) s" >&2
