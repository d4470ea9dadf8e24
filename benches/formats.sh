#!/bin/sh
# Loads of the same generated 1M-entity graph as kgx JSON, Neo4j APOC JSON Lines and
# FollowTheMoney JSON Lines, in one run, and the peak RSS of each load against its file size
# (issue 11's targets: load <= 1.5x native, peak RSS <= 2x the file); then a generated Wikidata
# JSON dump of ITEMS items (about 17 KB each: 60000 make 1.05 GB) streamed by `kgx check`, its
# peak RSS against its size (target: below it). See docs/performance.md.
#
#   sh benches/formats.sh [ENTITIES] [ITEMS]   # default 1000000 60000; files go to /tmp (2.8 GB)
set -eu
n=${1:-1000000}
items=${2:-60000}
cargo build --release --example gen_graph --example import_perf --bin kgx
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
"$bin/gen_graph" --entities "$items" --seed 7 --format wikidata > "/tmp/gen-$items.wikidata.json"
size=$(stat -c %s "/tmp/gen-$items.wikidata.json")
/usr/bin/time -o /tmp/gen-wikidata.time -f "%M %e %U %S" ./target/release/kgx check "/tmp/gen-$items.wikidata.json" > /tmp/gen-wikidata.out
head -1 /tmp/gen-wikidata.out
awk -v size="$size" '{ printf "wikidata dump: %d bytes, peak RSS %d KB = %.2fx the file, %s s wall, %s s user, %s s sys\n", size, $1, $1 * 1024 / size, $2, $3, $4 }' /tmp/gen-wikidata.time
