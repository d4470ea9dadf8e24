#!/usr/bin/env bash
# The explorer's rings view, partners grouping, neighbourhood and compare on a big file, as a user
# sees them, measured through tmux (docs/performance.md, "The explorer's rings, partners and ↻
# marks at 1M"): `Tab c` at the first frame (the view at once, then the money index), then on the
# biggest hub (the empty query's first result): `` ` `` (partners) and back, `n`, and `=` `j` `=`
# (compare the two biggest hubs); the explorer's memory once the index is built.
#   benches/scripts/rings.sh /tmp/1m.big.json [ROUNDS]      (needs tmux; default 3 rounds)
# Each figure is the time from sending the key until the screen that answers it shows, polled
# with `tmux capture-pane` every 10 ms (the polling takes part of a core and part of each figure).
set -euo pipefail
file=${1:?usage: benches/scripts/rings.sh FILE [ROUNDS]}
rounds=${2:-3}
cd "$(dirname "$0")/../.."
cargo build --release --bin kgx
command -v tmux >/dev/null || { echo "rings.sh: tmux is needed (apt-get install tmux)" >&2; exit 1; }
session=kgx-rings-$$
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT
now() { date +%s%N; }
ms() { echo $((($2 - $1) / 1000000)); }
screen() { tmux capture-pane -p -t "$session"; }
wait_for() { # PATTERN [TIMEOUT_S]: until the screen matches (extended regexp)
  local deadline=$(($(date +%s) + ${2:-120}))
  until screen | grep -Eq "$1"; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "rings.sh: timed out waiting for /$1/" >&2; screen >&2; exit 1; }
    sleep 0.01
  done
}
wait_gone() { # PATTERN: until the screen no longer matches
  while screen | grep -Eq "$1"; do sleep 0.01; done
}
timed() { # PATTERN KEY...: send the keys, print ms until PATTERN shows
  local pattern=$1 t0
  shift
  t0=$(now)
  tmux send-keys -t "$session" "$@"
  wait_for "$pattern"
  ms "$t0" "$(now)"
}

launch=$(now)
tmux new -d -s "$session" -x 120 -y 40 "./target/release/kgx '$file'"
wait_for ' of '
frame=$(now)
echo "first frame: $(ms "$launch" "$frame") ms after launch"
tmux send-keys -t "$session" Tab c
wait_for 'working out who pays whom|no money rings of|rings go through|money that goes round'
echo "rings view shown: $(ms "$frame" "$(now)") ms after the first frame"
wait_for 'no money rings of|rings go through|money that goes round'
echo "money index ready (rings listed): $(ms "$frame" "$(now)") ms after the first frame"
tmux send-keys -t "$session" Escape
wait_gone 'no money rings of|rings go through|money that goes round'
# The biggest hub: the empty query's first result, opened with Enter (focus moves to relations).
tmux send-keys -t "$session" Enter
sleep 1
for round in $(seq "$rounds"); do
  line="round $round (ms):"
  line+=" partners $(timed ' Partners [0-9]' '`')"
  line+=", relations again $(tmux send-keys -t "$session" j; timed ' Relations [0-9]' '`')"
  line+=", neighbourhood $(timed ' Neighbourhood of ' n)"
  tmux send-keys -t "$session" Escape
  wait_gone ' Neighbourhood of '
  echo "$line"
done
# Compare: back to the results (`/` then Tab), mark the hub, move to the second result, mark it.
tmux send-keys -t "$session" /
sleep 0.5
tmux send-keys -t "$session" Tab
sleep 0.3
tmux send-keys -t "$session" =
sleep 0.3
tmux send-keys -t "$session" j
sleep 0.5
t0=$(now)
tmux send-keys -t "$session" =
wait_for ' Compare · '
shown=$(now)
wait_gone 'comparing \('
echo "compare the two biggest hubs: view $(ms "$t0" "$shown") ms, filled $(ms "$t0" "$(now)") ms"
pid=$(tmux list-panes -t "$session" -F '#{pane_pid}')
echo "explorer memory: VmHWM $(awk '/VmHWM/ {print $2}' "/proc/$pid/status") KB, VmRSS $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") KB; file $(stat -c %s "$file") bytes"
