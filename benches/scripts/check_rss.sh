#!/usr/bin/env bash
# Peak memory of `kgx check` against the size of the file, a baseline build alternated with this
# one in the same run (issue 18's "peak RSS ≤ 1.5× the file", issue 11's "FtM ≤ 2× its file"):
# for each file and round, the baseline then this build under GNU time; then the medians of wall
# time, CPU time (user + system) and peak RSS, and peak RSS / file size.
#   BASE=/tmp/kgx-base benches/scripts/check_rss.sh [ROUNDS] FILE...
# BASE: a kgx binary built from the commit to compare against (cp target/release/kgx
# /tmp/kgx-base on it). Files: gen_graph --entities 1000000 --seed 7 [--format ftm|apoc].
# Needs GNU time (apt-get install time).
set -euo pipefail
base=${BASE:?set BASE to a baseline kgx binary}
rounds=${1:?usage: BASE=... benches/scripts/check_rss.sh ROUNDS FILE...}
shift
cd "$(dirname "$0")/../.."
# test-support as in speed.sh, so the two scripts share one build (it changes nothing measured).
cargo build --release --features test-support --bin kgx
kgx=$PWD/target/release/kgx
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for file in "$@"; do
  size=$(stat -c %s "$file")
  for round in $(seq "$rounds"); do
    for who in base this; do
      bin=$base; [ "$who" = this ] && bin=$kgx
      /usr/bin/time -q -o "$tmp/out" -f "%e %U %S %M" "$bin" check "$file" > /dev/null 2>&1 || true
      tail -1 "$tmp/out" | awk '{ print $1, $2 + $3, $4 }' >> "$tmp/$who"
    done
  done
  printf "%s (%s bytes)\n" "$file" "$size"
  for who in base this; do
    wall=$(awk '{ print $1 }' "$tmp/$who" | median)
    cpu=$(awk '{ print $2 }' "$tmp/$who" | median)
    rss=$(awk '{ print $3 }' "$tmp/$who" | median)
    printf "  %-4s wall %s s, CPU %s s, peak RSS %s KB (all: %s) = %.2fx the file\n" "$who" \
      "$wall" "$cpu" "$rss" "$(awk '{ printf "%s ", $3 }' "$tmp/$who")" \
      "$(echo "$rss * 1024 / $size" | bc -l)"
  done
  rm -f "$tmp/base" "$tmp/this"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
