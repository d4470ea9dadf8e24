#!/usr/bin/env bash
# Issue 18's process-level targets, alternated in one run: the JSON parse floor as a whole
# process (perf --phase floor: read + serde into IgnoredAny), `kgx check`, and the explorer's
# first frame (KGX_EXIT_AFTER_FIRST_FRAME=1, inside tmux: it needs a terminal), each with its
# wall time, CPU time and peak RSS; then the medians and the ratios to the floor and the file.
# With a second file (the same graph as APOC JSON Lines, `gen_graph --format apoc`), `kgx
# check` of it joins each round and its ratio to the native `kgx check` is printed.
#   benches/scripts/speed.sh /tmp/1m.big.json [ROUNDS] [APOC_FILE]   (default 5 rounds)
# Needs tmux and GNU time (apt-get install tmux time).
set -euo pipefail
file=${1:?usage: benches/scripts/speed.sh FILE [ROUNDS] [APOC_FILE]}
rounds=${2:-5}
apoc=${3:-}
cd "$(dirname "$0")/../.."
# test-support for KGX_EXIT_AFTER_FIRST_FRAME (it changes nothing else in the binary).
cargo build --release --features test-support --bin kgx --example perf
[ -x /usr/bin/time ] || { echo "speed.sh: GNU time is needed (apt-get install time)" >&2; exit 1; }
command -v tmux >/dev/null || { echo "speed.sh: tmux is needed (apt-get install tmux)" >&2; exit 1; }
size=$(stat -c %s "$file")
kgx=${KGX:-$PWD/target/release/kgx}   # KGX=path measures another build (a baseline)
perf=$PWD/target/release/examples/perf
tmp=$(mktemp -d)
session=kgx-speed-$$
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$tmp"' EXIT
measure() { # NAME COMMAND...: appends "wall cpu maxrss_kb" to $tmp/NAME
  local name=$1; shift
  /usr/bin/time -q -o "$tmp/out" -f "%e %U %S %M" "$@" > /dev/null 2>&1 || true
  tail -1 "$tmp/out" | awk '{ print $1, $2 + $3, $4 }' >> "$tmp/$name"
}
first_frame() { # the explorer, launched in a 120x40 tmux pane, until its first frame is drawn
  rm -f "$tmp/out"
  tmux new -d -s "$session" -x 120 -y 40 \
    "env KGX_EXIT_AFTER_FIRST_FRAME=1 /usr/bin/time -q -o '$tmp/out' -f '%e %U %S %M' '$kgx' '$file'"
  while tmux has-session -t "$session" 2>/dev/null; do sleep 0.05; done
  tail -1 "$tmp/out" | awk '{ print $1, $2 + $3, $4 }' >> "$tmp/first_frame"
}
for round in $(seq "$rounds"); do
  measure floor "$perf" "$file" --phase floor
  measure check "$kgx" check "$file"
  first_frame
  [ -n "$apoc" ] && measure apoc_check "$kgx" check "$apoc"
  echo "round $round done" >&2
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v c="$2" '{ print $c }' "$tmp/$1" | median; }
floor=$(col floor 1)
printf "%-12s %s\n" what "wall s (median; all) | CPU s | peak RSS KB | wall / floor | RSS / file"
for name in floor check first_frame apoc_check; do
  [ -f "$tmp/$name" ] || continue
  printf "%-12s %s (%s) | %s | %s | %.2fx | %.2fx\n" "$name" "$(col "$name" 1)" \
    "$(awk '{ printf "%s ", $1 }' "$tmp/$name")" "$(col "$name" 2)" "$(col "$name" 3)" \
    "$(echo "$(col "$name" 1) / $floor" | bc -l)" "$(echo "$(col "$name" 3) * 1024 / $size" | bc -l)"
done
if [ -n "$apoc" ]; then
  printf "apoc check / native check: %.2fx; apoc peak RSS / its file: %.2fx\n" \
    "$(echo "$(col apoc_check 1) / $(col check 1)" | bc -l)" \
    "$(echo "$(col apoc_check 3) * 1024 / $(stat -c %s "$apoc")" | bc -l)"
fi
