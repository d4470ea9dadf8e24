#!/usr/bin/env bash
# The explorer's overview (`i`) on a big file, as a user sees it, measured through tmux
# (docs/performance.md, "The overview at 1M"): launch to the first frame, `Tab i` sent at once,
# the time until the overview's Kinds section shows; then Esc and `i` again (the overview is kept).
#   benches/scripts/overview.sh /tmp/1m.big.json       (needs tmux)
# The overview of a large graph is computed on a thread after the first frame (as the money
# index is), so asking at once measures its whole computation racing the other start-up work.
set -euo pipefail
file=${1:?usage: benches/scripts/overview.sh FILE}
cd "$(dirname "$0")/../.."
cargo build --release --bin kgx --features test-support
session=kgx-overview-$$
start=$(date +%s%N)
tmux new -d -s "$session" -x 120 -y 40 "./target/release/kgx $file"
until tmux capture-pane -p -t "$session" 2>/dev/null | grep -q " of "; do sleep 0.01; done
frame=$((($(date +%s%N) - start) / 1000000))
tmux send-keys -t "$session" Tab i
asked=$((($(date +%s%N) - start) / 1000000))
until tmux capture-pane -p -t "$session" | grep -q "^┃Kinds"; do sleep 0.01; done
shown=$((($(date +%s%N) - start) / 1000000))
tmux send-keys -t "$session" Escape
sleep 0.3
tmux send-keys -t "$session" Tab i
t0=$(date +%s%N)
sleep 0.05
until tmux capture-pane -p -t "$session" | grep -q "^┃Kinds"; do sleep 0.01; done
again=$((($(date +%s%N) - t0) / 1000000))
echo "first frame ${frame} ms; overview shown ${shown} ms ($((shown - asked)) ms after asking at the first frame); asked again: ${again} ms"
tmux kill-session -t "$session"
