#!/usr/bin/env bash
# The whole study in one command: builds what is missing, runs the study's profile on this machine, then writes the
# report (reports/report.md, report.html with the calculator, charts/) from the new run set.
#   bench/run-study.sh [--profile quick|full] [any run-cluster-benchmark.sh option...]
# quick: ~10 min on an idle 2-core machine (n = 3 per component configuration, short windows, N = 1 and 8 end to end);
# full: ~55 min (10-minute windows, N = 1, 8 and 32 end to end, every fault). Both record the machine's load.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash bench/run-cluster-benchmark.sh "$@"
bash reports/generate.sh
echo "run-study: done in $(( $(date +%s) - start )) s" >&2
