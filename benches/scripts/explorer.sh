#!/usr/bin/env bash
# The explorer on a big file, as a user sees it, measured through tmux (docs/performance.md,
# "The explorer on the 1M file"): launch to the first frame with results and to the search index
# built after it (no `indexing…` left), then per typed key of `t r a i n` the time until the
# query line changes (echo) and until no `searching…` marker is left (result), Ctrl-u back to
# the empty query, moving between the two biggest hubs (the first two results of the empty
# query), and the explorer's peak memory (VmHWM) once the cycle marks are computed.
#   benches/scripts/explorer.sh /tmp/1m.big.json [ROUNDS]      (needs tmux; default 3 rounds)
# The times include tmux's round trip and the polling loop (capture-pane every 5 ms), which
# takes a core of its own: they sit 40-70 ms above the search times of examples/perf.
set -euo pipefail
file=${1:?usage: benches/scripts/explorer.sh FILE [ROUNDS]}
rounds=${2:-3}
cd "$(dirname "$0")/../.."
cargo build --release --bin kgx
command -v tmux >/dev/null || { echo "explorer.sh: tmux is needed (apt-get install tmux)" >&2; exit 1; }
session=kgx-bench-$$
ms() { echo $((($2 - $1) / 1000000)); }
first_line() { tmux capture-pane -p -t "$session" | head -1; }
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT

t0=$(date +%s%N)
tmux new -d -s "$session" -x 200 -y 60 "./target/release/kgx '$file'"
until first_line | grep -q ' of '; do sleep 0.005; done
echo "first frame with results: $(ms "$t0" "$(date +%s%N)") ms after launch"
# A large graph's search index is built after the first frame (the results say `indexing…`);
# the keys below are timed once it is ready, as before that change.
while tmux capture-pane -p -t "$session" | sed -n 2p | grep -q indexing; do sleep 0.005; done
echo "search index ready: $(ms "$t0" "$(date +%s%N)") ms after launch"

key() { # KEY [what]: prints echo and result times for one key
  local before t0 t1 t2
  before=$(first_line)
  t0=$(date +%s%N)
  tmux send-keys -t "$session" "$@"
  while [ "$(first_line)" = "$before" ]; do sleep 0.005; done
  t1=$(date +%s%N)
  while tmux capture-pane -p -t "$session" | sed -n 2p | grep -q searching; do sleep 0.005; done
  t2=$(date +%s%N)
  echo "$(ms "$t0" "$t1") $(ms "$t0" "$t2")"
}
move() { # KEY: time until anything on screen changes
  local before t0
  before=$(tmux capture-pane -p -t "$session")
  t0=$(date +%s%N)
  tmux send-keys -t "$session" "$1"
  while [ "$(tmux capture-pane -p -t "$session")" = "$before" ]; do sleep 0.005; done
  ms "$t0" "$(date +%s%N)"
}
for round in $(seq "$rounds"); do
  line="round $round: echo/result ms:"
  for k in t r a i n; do line+=" $k $(key -l "$k" | tr ' ' /)"; done
  line+="; Ctrl-u $(key C-u | tr ' ' /)"
  tmux send-keys -t "$session" Tab
  sleep 0.5
  line+="; hub moves ms: $(move Down) $(move Up) $(move Down) $(move Up)"
  tmux send-keys -t "$session" /
  echo "$line"
done
pid=$(tmux list-panes -t "$session" -F '#{pane_pid}')
sleep "${KGX_BENCH_SETTLE:-10}" # the cycle marks are computed on a thread after the first frame
echo "explorer peak memory: $(grep VmHWM "/proc/$pid/status" | awk '{print $2}') KB (VmHWM), now $(grep VmRSS "/proc/$pid/status" | awk '{print $2}') KB"
