#!/usr/bin/env bash
# fzf over the same names kgx searches, as a whole process per query (docs/performance.md,
# "fzf --filter"): the names file comes from `perf FILE --names NAMES`.
#   benches/scripts/fzf.sh /tmp/1m.names.big.txt        (needs fzf and GNU time)
set -euo pipefail
names=${1:?usage: benches/scripts/fzf.sh NAMES}
command -v fzf >/dev/null || { echo "fzf.sh: fzf is needed (apt-get install fzf)" >&2; exit 1; }
for q in t tr tra trai train "openai inv" "nvda h100" xqz; do
  # fzf exits 1 when nothing matches (`nvda h100`): a result, not a failure.
  status=0
  /usr/bin/time -f "fzf '$q': %e s wall, %U s user, %S s sys" fzf --filter "$q" < "$names" > /dev/null 2> >(grep -v '^Command exited with non-zero status 1$' >&2) || status=$?
  [ "$status" -le 1 ] || { echo "fzf.sh: fzf '$q' failed ($status)" >&2; exit 1; }
done
