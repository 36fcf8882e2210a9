#!/usr/bin/env bash
# timeline beside the programs a researcher would reach for instead, on the same generated events,
# each run as a whole process:
#   - Markdown from the events: VisiData (`vd -b events.csv -o out.md`) and `timeline export`;
#   - the events of one actor: lnav (`lnav -n -c ':filter-in actor-7,' events.log`) and
#     `timeline list --actor actor-7`.
# Times are hyperfine medians; peak memory is the median of three `/usr/bin/time` runs.
#
# Needs hyperfine, visidata, lnav and GNU time; on Debian: apt-get install hyperfine visidata lnav time
# Usage: benches/compare.sh [EVENTS]   (default 100000)
set -euo pipefail

events=${1:-100000}
runs=${RUNS:-5}
cd "$(dirname "$0")/.."
for tool in hyperfine vd lnav /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "compare.sh needs $tool (see the comment at the top)" >&2; exit 2; }
done
cargo build --release --quiet --bin timeline --example generate
export PATH=$PWD/target/release:$PATH
generate=$PWD/target/release/examples/generate
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

"$generate" --events "$events" >events.ron
"$generate" --events "$events" --as csv >events.csv
"$generate" --events "$events" --as log >events.log
mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.0f MB", b / 1e6 }'; }
echo "$events events: events.ron $(mb events.ron), events.csv $(mb events.csv), events.log $(mb events.log)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
echo "versions: $(timeline --version), VisiData $(vd --version 2>/dev/null | awk '{ print $2; exit }'), $(lnav -V)"
echo

# median seconds of a command, and its median peak memory in MB
seconds() {
    hyperfine --style none --runs "$runs" --warmup 1 --prepare 'rm -f out.md' --export-csv time.csv "$1" >/dev/null 2>&1
    # the command may hold commas: count the columns from the end (median, user, system, min, max)
    awk -F, 'NR == 2 { print $(NF - 4) }' time.csv
}
peak() {
    for _ in 1 2 3; do
        rm -f out.md
        /usr/bin/time -f %M sh -c "$1" 2>&1 >/dev/null | tail -1
    done | sort -n | awk 'NR == 2 { printf "%.0f", $1 / 1024 }'
}

declare -A time memory
row() {
    time[$1]=$(seconds "$2")
    memory[$1]=$(peak "$2")
    printf '| %s | %.2f s | %s MB |\n' "\`$2\`" "${time[$1]}" "${memory[$1]}"
}

# timeline's own cache (see BENCHMARKS.md) lives here for this run; `cold` rows turn it off.
export TIMELINE_CACHE=$work/cache
echo "| command | median time | peak memory |"
echo "|---|---|---|"
row vd "vd -b events.csv -o out.md"
row export_cold "TIMELINE_CACHE=off timeline export events.ron -o out.md"
row export "timeline export events.ron -o out.md"
row lnav "lnav -n -c ':filter-in actor-7,' events.log > /dev/null"
row list_cold "TIMELINE_CACHE=off timeline list --actor actor-7 events.ron > /dev/null"
row list "timeline list --actor actor-7 events.ron > /dev/null"
row check_cold "TIMELINE_CACHE=off timeline check events.ron > /dev/null"
echo
echo "(rows without TIMELINE_CACHE=off read timeline's cache, made by hyperfine's warm-up run)"
ratio() { awk -v a="$2" -v b="$3" -v what="$1" 'BEGIN { printf "%s: %.2f of the time (%.1f× as fast)\n", what, a / b, b / a }'; }
ratio "timeline export, parsing, against VisiData (target: at most 0.20)" "${time[export_cold]}" "${time[vd]}"
ratio "timeline export, cached, against VisiData (target: at most 0.20)" "${time[export]}" "${time[vd]}"
ratio "timeline list --actor, parsing, against lnav (target: at most 1.00)" "${time[list_cold]}" "${time[lnav]}"
ratio "timeline list --actor, cached, against lnav (target: at most 1.00)" "${time[list]}" "${time[lnav]}"
# peak memory against the RON file's size (the table's MB are KiB / 1024)
size=$(stat -c %s events.ron)
against_file() { awk -v m="$2" -v s="$size" -v what="$1" 'BEGIN { printf "%s: %.2f× the size of events.ron (target: under 2)\n", what, m * 1048576 / s }'; }
against_file "peak memory of timeline export, parsing" "${memory[export_cold]}"
against_file "peak memory of timeline export, cached" "${memory[export]}"
against_file "peak memory of timeline list --actor, parsing" "${memory[list_cold]}"
against_file "peak memory of timeline list --actor, cached" "${memory[list]}"
