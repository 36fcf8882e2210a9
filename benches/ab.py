#!/usr/bin/env python3
"""Two or more builds of timeline timed against each other as whole processes, on a shared machine.

Each round runs every build once, in turn (the order reversed every other round), so that a
build started or finished elsewhere on the machine weighs on all of them alike; after one
warm-up run each, it prints per build the median wall time and the median CPU time (user +
system, from the kernel), which other work on the machine disturbs far less.

usage: benches/ab.py ROUNDS 'ENV' 'ARGS' NAME=BINARY ...
  ENV   variables for every run, as 'A=1 B=2'; {name} in a value becomes the build's name
        (so that each build keeps its own cache folder: 'TIMELINE_CACHE=/tmp/c-{name}')
  ARGS  the command's arguments, split on spaces
example: benches/ab.py 7 TIMELINE_CACHE=off 'list --actor actor-7 /tmp/e100k.ron' \\
             before=/tmp/timeline-before after=target/release/timeline
"""
import os
import statistics
import subprocess
import sys
import time


def run(binary, args, env):
    """(wall seconds, CPU seconds) of one run."""
    start = time.perf_counter()
    child = subprocess.Popen([binary] + args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    rounds, variables, args = int(sys.argv[1]), sys.argv[2], sys.argv[3].split()
    builds = [b.split("=", 1) for b in sys.argv[4:]]
    pairs = dict(v.split("=", 1) for v in variables.split())

    def env(name):
        return dict(os.environ, **{k: v.replace("{name}", name) for k, v in pairs.items()})

    for name, binary in builds:
        run(binary, args, env(name))
    times = {name: [] for name, _ in builds}
    for r in range(rounds):
        for name, binary in builds if r % 2 == 0 else builds[::-1]:
            times[name].append(run(binary, args, env(name)))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average {load}; {rounds} rounds; {variables or '-'} timeline {' '.join(args)}")
    for name, _ in builds:
        wall, cpu = sorted(w for w, _ in times[name]), sorted(c for _, c in times[name])
        print(
            f"  {name:10} wall {statistics.median(wall):.3f} s ({wall[0]:.3f}–{wall[-1]:.3f}), "
            f"cpu {statistics.median(cpu):.3f} s ({cpu[0]:.3f}–{cpu[-1]:.3f})"
        )


main()
