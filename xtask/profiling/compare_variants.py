#!/usr/bin/env python3
"""Interleaved crate-only compile of crate variants: CPU time (wait4 rusage) and wall, medians, ratio to the first."""
import os, subprocess, sys, time, statistics, re
rounds = int(sys.argv[1]); mode = sys.argv[2]; extra = sys.argv[3].split() if sys.argv[3] != "-" else []; dirs = sys.argv[4:]
target = os.path.abspath("target")
env = dict(os.environ, CARGO_TARGET_DIR=target, CARGO_INCREMENTAL="0")
def pkg(d): return re.search(r'^name = "([^"]*)"', open(f"{d}/Cargo.toml").read(), re.M).group(1)
def run(d, args):
    t = time.time(); p = subprocess.Popen(["cargo"] + args, cwd=d, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read(); _, status, ru = os.wait4(p.pid, 0)
    if status != 0: sys.exit(f"{d}: cargo {' '.join(args)} failed:\n{err.decode()[-3000:]}")
    return ru.ru_utime + ru.ru_stime, time.time() - t
for d in dirs: run(d, [mode, "--lib", "-q"] + extra)  # warm-up: deps
res = {d: [] for d in dirs}
for r in range(rounds):
    for k in range(len(dirs)):
        d = dirs[(k + r) % len(dirs)]
        run(d, ["clean", "-q", "-p", pkg(d)])
        cpu, wall = run(d, [mode, "--lib", "-q"] + extra)
        res[d].append((cpu, wall)); print(f"round {r+1} {d}: {cpu:.1f} s CPU {wall:.1f} s wall", file=sys.stderr, flush=True)
base = res[dirs[0]]
print(f"cargo {mode} {' '.join(extra)}: median of {rounds} rounds, CPU s (wall s), ratio to {dirs[0]} (median of per-round CPU ratios)")
for d in dirs:
    cpu = statistics.median(c for c, _ in res[d]); wall = statistics.median(w for _, w in res[d])
    ratio = statistics.median(c / b[0] for (c, _), b in zip(res[d], base))
    print(f"{d:40} {cpu:7.1f} ({wall:6.1f})  {ratio:5.2f}×")
