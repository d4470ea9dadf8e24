#!/usr/bin/env bash
# The generated graphs docs/performance.md measures: /tmp/10k.big.json, /tmp/100k.big.json and
# /tmp/1m.big.json (gen_graph, seed 7: the same bytes every time; never commit *.big.json).
#   benches/scripts/data.sh [ENTITIES...]      default: 10000 100000 1000000
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --example gen_graph
sizes=("$@")
((${#sizes[@]})) || sizes=(10000 100000 1000000)
for n in "${sizes[@]}"; do
  if ((n >= 1000000)); then name="$((n / 1000000))m"; else name="$((n / 1000))k"; fi
  ./target/release/examples/gen_graph --entities "$n" --seed 7 > "/tmp/$name.big.json"
  echo "/tmp/$name.big.json: $(stat -c %s "/tmp/$name.big.json") bytes"
done
