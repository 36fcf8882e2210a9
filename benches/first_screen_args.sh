# Sourced (never run) by the first-screen benches: reads FILE [RUNS] [ENV=VALUE...] from the
# caller's arguments into $file and $runs, leaves the ENV=VALUE words as the arguments, moves to
# the repository and checks that the release binary ($timeline) is built.
file=$(realpath "$1")
runs=${2:-5}
shift $(( $# >= 2 ? 2 : 1 ))
cd "$(dirname "${BASH_SOURCE[0]}")/.."
timeline=$PWD/target/release/timeline
[ -x "$timeline" ] || { echo "build it first: cargo build --release" >&2; exit 2; }
