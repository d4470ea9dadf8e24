#!/usr/bin/env bash
# Whole processes, like for like: wall time, CPU time and peak RSS of kgx's commands and of
# `jq empty` on the same file, and the ratios docs/performance.md and the README quote.
#   benches/scripts/process.sh /tmp/1m.big.json     (after benches/scripts/data.sh; needs jq and
#                                                   GNU time: apt-get install jq time)
# Rows: the JSON parse floor (perf --phase floor: serde into IgnoredAny, nothing kept); kgx's
# load with its search index (perf --phase load: read + load + index, the explorer's start-up
# work); `kgx check` (read + load + validate + print counts); `kgx deals`, `kgx flows --limit 0`
# and `kgx cycles` (the analyses' memory peaks); `jq empty`.
set -euo pipefail
file=${1:?usage: benches/scripts/process.sh FILE}
cd "$(dirname "$0")/../.."
# Apart: built together, the example's dev-dependency features (test-support) would be unified
# into the kgx binary measured here.
cargo build --release --bin kgx
cargo build --release --example perf
command -v jq >/dev/null || { echo "process.sh: jq is needed (apt-get install jq)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "process.sh: GNU time is needed (apt-get install time)" >&2; exit 1; }
size=$(stat -c %s "$file")
kgx=./target/release/kgx
perf=./target/release/examples/perf
out=$(mktemp)
measure() { # NAME COMMAND...: one line "NAME wall user sys maxrss_kb" (any exit status:
  # `kgx cycles` exits 1 on a graph without rings, after the same work)
  local name=$1; shift
  /usr/bin/time -q -o "$out" -f "%e %U %S %M" "$@" > /dev/null 2>&1 || true
  echo "$name $(tail -1 "$out")"
}
results=$(
  measure floor "$perf" "$file" --phase floor
  measure load_and_index "$perf" "$file" --phase load
  measure kgx_check "$kgx" check "$file"
  measure kgx_deals "$kgx" deals -f "$file"
  measure kgx_flows "$kgx" flows -f "$file" --limit 0
  measure kgx_cycles "$kgx" cycles -f "$file"
  measure jq_empty jq empty "$file"
)
rm -f "$out"
echo "$results" | awk -v size="$size" '
  { wall[$1] = $2; cpu[$1] = $3 + $4; rss[$1] = $5;
    printf "%-15s %7.2f s wall %7.2f s CPU %9d KB peak = %.2fx the file\n", $1, $2, $3 + $4, $5, $5 * 1024 / size }
  END {
    printf "jq empty / kgx load+index (whole processes): %.1fx wall, %.1fx CPU\n", wall["jq_empty"] / wall["load_and_index"], cpu["jq_empty"] / cpu["load_and_index"]
    printf "jq empty / kgx check (whole processes):      %.1fx wall, %.1fx CPU\n", wall["jq_empty"] / wall["kgx_check"], cpu["jq_empty"] / cpu["kgx_check"]
  }'
