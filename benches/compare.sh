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
    printf '| %-44s | %8.2f s | %6s MB |\n' "\`$2\`" "${time[$1]}" "${memory[$1]}"
}

echo "| command | median time | peak memory |"
echo "|---|---|---|"
row vd "vd -b events.csv -o out.md"
row export "timeline export events.ron -o out.md"
row lnav "lnav -n -c ':filter-in actor-7,' events.log > /dev/null"
row list "timeline list --actor actor-7 events.ron > /dev/null"
row check "timeline check events.ron > /dev/null"
echo
awk -v vd="${time[vd]}" -v ex="${time[export]}" -v ln="${time[lnav]}" -v li="${time[list]}" 'BEGIN {
    printf "export: timeline takes %.2f of VisiData'"'"'s time (%.1f× faster; the target is 5× or more)\n", ex / vd, vd / ex
    printf "filter by actor: timeline takes %.2f of lnav'"'"'s time (the target is 1.00 or less)\n", li / ln
}'
