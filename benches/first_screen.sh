#!/usr/bin/env bash
# The browser as a user sees it, on a large file, in tmux at 120x40: seconds from typing the
# command to the first screen (the header names the events) and to the loaded list (the header
# says N/N events); then, with the list loaded, seconds from typing a word query at once to its
# count in the header, and for a second word added to it. The screen is read every 30 ms, so a
# figure can be up to 40 ms late. Prints one line per run.
#
# Needs tmux and bc. Usage: benches/first_screen.sh FILE [RUNS] [ENV=VALUE...]
#   benches/first_screen.sh /tmp/g1m.ron 5 TIMELINE_CACHE=off
#   benches/first_screen.sh /tmp/g1m.ron 5 TIMELINE_CACHE=/tmp/tlcache   # after one run made the entry
set -euo pipefail

# Without arguments of its own, so that its `shift` is this script's.
. "$(dirname "$0")/first_screen_args.sh"
session=first-screen-$$
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
header() { tmux capture-pane -p -t "$session" | head -1; }

# Waits until the header holds $1 and not $2; the seconds since $3.
wait_header() {
    for _ in $(seq 1 3000); do
        local line
        line=$(header)
        if [[ "$line" == *"$1"* ]] && [[ -z "$2" || "$line" != *"$2"* ]]; then
            since "$3"
            return
        fi
        sleep 0.03
    done
    echo "timed out"
}

for _ in $(seq 1 "$runs"); do
    tmux new-session -d -s "$session" -x 120 -y 40
    sleep 0.3
    start=$(now)
    tmux send-keys -t "$session" "env $* $timeline $file" Enter
    first=$(wait_header " events" "" "$start")
    loaded=$(wait_header "/" "loading" "$start")
    sleep 1
    tmux send-keys -t "$session" /
    sleep 0.3
    start=$(now)
    tmux send-keys -t "$session" ceasefire
    word=$(wait_header "“ceasefire”" "counting" "$start")
    tmux send-keys -t "$session" Enter /
    sleep 0.3
    start=$(now)
    tmux send-keys -t "$session" " embassy"
    next=$(wait_header "“ceasefire embassy”" "counting" "$start")
    tmux send-keys -t "$session" Enter q
    sleep 0.3
    tmux kill-session -t "$session" 2>/dev/null || true
    echo "first screen ${first}s  loaded ${loaded}s  first word query ${word}s  next ${next}s"
done
