#!/usr/bin/env bash
# The browser's first screen and loaded list of a large file, timed from the program's output
# itself rather than from the screen: tmux passes everything the program writes to a stamper
# (`pipe-pane`), which notes when the first output drawing "loading" (the first screen's header)
# and the first drawing "/N events" (the loaded list's; the screen is redrawn by differences) came. More exact than
# benches/first_screen.sh, which reads the screen every 30 ms. Prints one line per run.
#
# Needs tmux, bc and python3. Usage: benches/first_screen_stamped.sh FILE [RUNS] [ENV=VALUE...]
set -euo pipefail

# Without arguments of its own, so that its `shift` is this script's.
. "$(dirname "$0")/first_screen_args.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/stamp.py" <<'PY'
import os, re, sys
import time
out = open(sys.argv[1], 'w')
fd = sys.stdin.buffer.fileno()
while True:
    chunk = os.read(fd, 65536)
    if not chunk:
        break
    loaded = len(re.findall(rb'/[0-9]+ events', chunk))
    out.write(f"{time.time():.4f} {chunk.count(b'loading')} {loaded}\n")
    out.flush()
PY
for _ in $(seq 1 "$runs"); do
    tmux new-session -d -s stamped -x 120 -y 40
    sleep 0.3
    rm -f "$work/stamps"
    tmux pipe-pane -t stamped "python3 $work/stamp.py $work/stamps"
    sleep 0.3
    start=$(date +%s.%N)
    tmux send-keys -t stamped "env $* $timeline $file" Enter
    for _ in $(seq 1 1200); do
        awk '$3 > 0 { found = 1 } END { exit !found }' "$work/stamps" 2>/dev/null && break
        sleep 0.05
    done
    sleep 0.5
    tmux send-keys -t stamped q
    sleep 0.5
    tmux kill-session -t stamped
    first=$(awk '$2 > 0 { print $1; exit }' "$work/stamps")
    loaded=$(awk '$3 > 0 { print $1; exit }' "$work/stamps")
    echo "first screen $(echo "$first - $start" | bc)s  loaded $(echo "$loaded - $start" | bc)s"
done
