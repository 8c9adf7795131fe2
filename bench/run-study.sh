#!/usr/bin/env bash
# The whole study in one command: builds what is missing, runs the study's profile on this machine, then writes the
# report (reports/report.md, report.html with the calculator, charts/) from the new run set.
#   [FLUENT_BIT=/path/to/fluent-bit] bench/run-study.sh [--profile quick|full] [any run-cluster-benchmark.sh option...]
# With FLUENT_BIT (or --fluent-bit PATH) a Fluent Bit sidecar and DaemonSet run beside logferry's steady and
# end-to-end deployments in the same windows; without it logferry runs alone and the results and the report say so.
# Three repetitions of everything, interleaved: per repetition one combined window (steady, e2e and fault deployments
# side by side), the backlog runs and (full) an endpoint-down window. quick: ~10 min on an idle 2-core machine (65-s
# windows, N = 1 and 8 end to end); full: ~54 min (10-minute windows, N = 1, 8 and 32). The run prints its
# estimate at the start; every result records the load of its warm-up and of its measured interval.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash bench/run-cluster-benchmark.sh "$@"
bash reports/generate.sh
echo "run-study: done in $(( $(date +%s) - start )) s" >&2
