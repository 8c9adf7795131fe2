#!/usr/bin/env bash
# From a fresh clone: runs the quick benchmark profiles, then writes the report.
#   reports/regenerate.sh [--full] [any reports/generate.sh option...]
# Quick (default): bench/run-quick.sh (JMH + whole-process, quick profile) and
# bench/run-cluster-benchmark.sh --profile quick (sidecar vs CronJob scenarios). --full runs bench/run-full.sh and
# bench/run-cluster-benchmark.sh --profile full instead (tens of minutes on 2 cores).
# A benchmark script that is missing is reported and skipped, so the report is made from whatever results exist.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=quick
if [ "${1:-}" = "--full" ]; then profile=full; shift; fi

run_if_present() {
  local script="$1"; shift
  if [ -x "$script" ] || [ -f "$script" ]; then
    echo "regenerate: $script $*" >&2
    bash "$script" "$@"
  else
    echo "regenerate: $script is not in this checkout: skipped, its results are not refreshed" >&2
  fi
}

# The benchmarks need the apps and the bench jar; the scripts build what is missing (offline when the repo is warm).
if [ "$profile" = quick ]; then
  run_if_present bench/run-quick.sh
else
  run_if_present bench/run-full.sh
fi
run_if_present bench/run-cluster-benchmark.sh --profile "$profile"

exec reports/generate.sh "$@"
