#!/usr/bin/env bash
# Writes the sidecar-vs-CronJob report (report.md + charts/*.svg, and a self-contained report.html) from results/.
#   reports/generate.sh [--results results] [--out reports] [--run-set NAME]
#                       [--prices FILE.properties] [--price key=value]... [--format markdown,html]
# Prices: vcpuHour, memGibHour, ingestPerGb, rwxGbMonth, rwxWritePerGb, rwxReadPerGb, rwxRetentionHours
# (defaults and their sources: reports/README.md and the report's "Cost model" section).
# One report per run set (results/cluster/<date>-<profile>/) in <out>/<run set>/ when there are several; the newest is
# also written to <out>/ itself. When chromium is installed, <out>/screenshot.png shows the newest report as rendered.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

out="reports"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = "--out" ] && out="${args[$((i + 1))]}"
done

# Offline when the local Maven repository already has everything (the usual case after one build).
mvn_offline=(-o)
[ -d "$HOME/.m2/repository/org/jfree/jfreechart" ] || mvn_offline=()
./mvnw -q "${mvn_offline[@]}" -pl study-schema,reports -DskipTests compile dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt >&2
"$JAVA" -Djava.awt.headless=true -cp "reports/target/classes:$(cat reports/target/classpath.txt)" \
  io.logferry.reports.ReportMain --out "$out" "$@"

if command -v chromium >/dev/null && [ -f "$out/report.html" ]; then
  profile="$(mktemp -d)"
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
    --window-size=1280,5200 --screenshot="$(cd "$out" && pwd)/screenshot.png" "file://$(cd "$out" && pwd)/report.html" \
    >/dev/null 2>&1 || echo "generate.sh: the screenshot failed (the report itself is written)" >&2
  rm -rf "$profile"
  [ -f "$out/screenshot.png" ] && echo "wrote $out/screenshot.png"
fi
