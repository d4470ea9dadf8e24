#!/usr/bin/env bash
# Start-up to the first frame (docs/performance.md, "Start-up to first frame"): hyperfine runs
# `kgx` with KGX_EXIT_AFTER_FIRST_FRAME (a test-support hook: this builds kgx with the feature)
# inside tmux, since the explorer needs a terminal, against `kgx --version` for process start.
#   benches/scripts/startup.sh [FILE]        default: the built-in graph (needs tmux, hyperfine)
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --features test-support --bin kgx
for tool in tmux hyperfine; do
  command -v "$tool" >/dev/null || { echo "startup.sh: $tool is needed (apt-get install $tool)" >&2; exit 1; }
done
report=$(mktemp --suffix .md)
session=kgx-startup-$$
tmux new -d -s "$session" -x 200 -y 60 "hyperfine --warmup 5 --runs ${RUNS:-100} --output=inherit -N \
  --export-markdown $report 'env KGX_EXIT_AFTER_FIRST_FRAME=1 ./target/release/kgx ${1:-}' \
  './target/release/kgx --version'; tmux wait-for -S $session"
tmux wait-for "$session"
cat "$report"
rm -f "$report"
