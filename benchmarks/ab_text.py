"""Reading speed of two checkouts compared in alternating child processes (session 17).

    .venv/bin/python benchmarks/ab_text.py BASE_ROOT [NEW_ROOT] [--pairs 3]

Each child runs from a checkout's root with its own ``src`` first: it reads 200 narratives of about 150 words
three times (the best pass counts), then assesses 50 other narratives (the engine's first use), then reads and
assesses the 200 once each (cases new to the engine). Children of the two checkouts alternate, so that a
shared machine's load falls on both alike; the ratio of the medians (new over base) is the figure to quote.
"""

from __future__ import annotations

import argparse
import os
import statistics

from bench_text import run_child  # this directory: the script's own

_CHILD = r"""
import sys, time
sys.path.insert(0, "benchmarks")
from bench_text import narratives
import legdx
from legdx.text.reader import get_reader
r = get_reader()
pool = narratives(450, 150)
texts, warm = pool[:200], pool[400:450]
for t in texts[:10]:
    r.read(t)
best = float("inf")
for _ in range(3):
    c = time.process_time()
    for t in texts:
        r.read(t)
    best = min(best, time.process_time() - c)
for t in warm:
    legdx.assess(r.read(t).case)
c = time.process_time()
for t in texts:
    legdx.assess(r.read(t).case)
print(1000 * best / len(texts), 1000 * (time.process_time() - c) / len(texts))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base", help="root of the baseline checkout (e.g. a detached git worktree)")
    ap.add_argument("new", nargs="?", default=".", help="root of the checkout to compare (default: here)")
    ap.add_argument("--pairs", type=int, default=3, help="alternating pairs of child processes")
    args = ap.parse_args()
    runs: dict[str, list[tuple[float, float]]] = {"base": [], "new": []}
    for _ in range(args.pairs):
        for name, root in (("base", args.base), ("new", args.new)):
            r, b = run_child(_CHILD, os.path.abspath(root))
            runs[name].append((r, b))
            print(f"{name}: read {r:.2f} ms, read and assess {b:.2f} ms", flush=True)
    for i, label in ((0, "read"), (1, "read and assess (new cases)")):
        base = statistics.median(x[i] for x in runs["base"])
        new = statistics.median(x[i] for x in runs["new"])
        print(f"{label}: base {base:.2f} ms, new {new:.2f} ms, ratio {new / base:.3f}")


if __name__ == "__main__":
    main()
