#!/bin/sh
# Loads of the same generated 1M-entity graph as kgx JSON, Neo4j APOC JSON Lines and
# FollowTheMoney JSON Lines, in one run, and the peak RSS of each load against its file size
# (issue 11's targets: load <= 1.5x native, peak RSS <= 2x the file). See docs/performance.md.
#
#   sh benches/formats.sh [ENTITIES]      # default 1000000; files go to /tmp (about 1.7 GB)
set -eu
n=${1:-1000000}
cargo build --release --example gen_graph --example import_perf
bin=./target/release/examples
for f in native apoc ftm; do
  "$bin/gen_graph" --entities "$n" --seed 7 --format "$f" > "/tmp/gen-$n.$f.json"
done
ls -l /tmp/gen-"$n".*.json
"$bin/import_perf" /tmp/gen-"$n".native.json /tmp/gen-"$n".apoc.json /tmp/gen-"$n".ftm.json
for f in native apoc ftm; do
  /usr/bin/time -f "$f: peak RSS %M KB, %e s wall, %U s user, %S s sys" \
    "$bin/import_perf" --once "/tmp/gen-$n.$f.json"
done
