#!/usr/bin/env bash
# Where the time goes (docs/performance.md, "Load" and "Search"): `perf record` of one run of
# examples/perf, reported per thread and per function.
#   benches/scripts/profile.sh FILE load            the load and the search index (--phase load)
#   benches/scripts/profile.sh FILE query Q         20 fresh searches for Q (--profile-query Q)
#   benches/scripts/profile.sh FILE import          examples/import_perf --once FILE (APOC, FtM…)
# Needs `perf` (apt-get install linux-perf, or linux-tools-$(uname -r)) and permission to record
# (kernel.perf_event_paranoid ≤ 2, or root). Prints the share of samples per thread (main =
# `perf`/`import_perf`, the read-ahead and resolver threads by their names or ids) and the
# functions above 1.5% of all samples; the raw data stays in the printed perf.data file.
set -euo pipefail
file=${1:?usage: benches/scripts/profile.sh FILE load|query Q|import}
what=${2:-load}
cd "$(dirname "$0")/../.."
command -v perf >/dev/null || { echo "profile.sh: perf is needed (apt-get install linux-perf)" >&2; exit 1; }
cargo build --release --examples --features test-support
data=$(mktemp --suffix .perf.data)
case $what in
  load) run=(./target/release/examples/perf "$file" --phase load) ;;
  query) run=(./target/release/examples/perf "$file" --profile-query "${3:?query Q}") ;;
  import) run=(./target/release/examples/import_perf --once "$file") ;;
  *) echo "profile.sh: what is one of load, query Q, import" >&2; exit 2 ;;
esac
perf record -F 999 -g -o "$data" -- "${run[@]}" >/dev/null
echo "== samples per thread"
perf report -i "$data" --stdio --no-children --sort pid -g none --percent-limit 1 2>/dev/null | grep -v '^#' | grep -v '^$'
echo "== functions (self time, ≥ 1.5% of samples)"
perf report -i "$data" --stdio --no-children --sort sym -g none --percent-limit 1.5 2>/dev/null | grep -v '^#' | grep -v '^$'
echo "perf data: $data"
