"""Speed of the free-text reader (legdx.text), on one core.

    .venv/bin/python benchmarks/bench_text.py [--n 200] [--words 150] [--json]

Prints: import and load times (rules once per process), narratives per second for ~150-word narratives
end to end (text -> findings -> Case), the same with ``legdx.assess`` on each case (narratives new to the
engine, after the process's first 50 assessments, which are timed on their own), a batch of distinct
narratives read and assessed once each with the library's default and frozen as ``legdx eval`` runs them
(``--batch``; session 16), and the sentence splitter comparison (spaCy's sentencizer, the one legdx uses, vs
medspaCy's PyRuSH).
"""

from __future__ import annotations

import argparse
import json
import os
import time


def narratives(n: int, words: int) -> list[str]:
    """``n`` narratives of ``words`` words, cut in turn from the development corpus read end to end."""
    from legdx.text.evaluate import load_corpus

    pool = " ".join(c.text for c in load_corpus("development")).split()
    out: list[str] = []
    i = 0
    while len(out) < n:
        chunk = [pool[(i + k) % len(pool)] for k in range(words)]
        out.append(" ".join(chunk))
        i += words + 7  # shift so that chunks do not repeat exactly
    return out


def rate(fn, texts: list[str], repeat: int = 5) -> tuple[float, float]:
    """Best of ``repeat`` passes: (narratives per second by wall clock, CPU ms per narrative), each the best
    of its own. On a shared machine other processes only ever add time, so the best pass is the estimate
    (round 5: 5 passes, and the CPU time no longer taken from the pass with the best wall clock)."""
    best_rate, best_cpu = 0.0, float("inf")
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        for t in texts:
            fn(t)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        best_rate = max(best_rate, len(texts) / wall)
        best_cpu = min(best_cpu, 1000 * cpu / len(texts))
    return best_rate, best_cpu


_FRESH = """
import time
t0 = time.perf_counter()
from legdx.text.reader import Reader
r = Reader(fast_semantic={fs})
r.read("Pain in both calves when walking 200 m, relieved by standing still. No back pain.")
print(time.perf_counter() - t0, time.process_time())
"""


def run_child(code: str, root: str | None = None) -> list[float]:
    """Run ``code`` in a child interpreter on this process's core; the two numbers it prints last. ``root``:
    run it from that checkout's root with its ``src`` first (``ab_text.py``); None: as this process runs."""
    import subprocess
    import sys

    env = None if root is None else {**os.environ, "PYTHONPATH": os.path.join(root, "src")}
    cmd = [sys.executable, "-c", code]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=root, env=env)
    return [round(float(x), 3) for x in out.stdout.split()[-2:]]


def _fresh_process(fast_semantic: bool) -> list[float]:
    """Seconds from a new interpreter's first statement to a ready ``Reader`` that has read one text (the
    interpreter's own start-up left out), and the child's CPU seconds by then (start-up included), in a
    child process on this process's core."""
    return run_child(_FRESH.format(fs=fast_semantic))


_BATCH = """
import gc, sys, time
sys.path.insert(0, {bench!r})
from bench_text import narratives
import legdx
from legdx.text.reader import get_reader
r = get_reader()
texts = narratives({n}, {words})
legdx.assess(r.read("Calf pain on walking 200 m, relieved by rest.").case)
if {freeze}:
    from legdx.process import freeze_loaded
    freeze_loaded()
spent = [0.0, 0.0]
def on_gc(phase, info):
    if phase == "start":
        spent[1] = time.process_time()
    else:
        spent[0] += time.process_time() - spent[1]
gc.callbacks.append(on_gc)
c0 = time.process_time()
for t in texts:
    legdx.assess(r.read(t).case)
print(1000 * (time.process_time() - c0) / len(texts), 1000 * spent[0] / len(texts))
"""


def _batch(n: int, words: int, freeze: bool) -> list[float]:
    """CPU ms per narrative to read and assess ``n`` distinct narratives once each, as a batch command runs
    them, and the garbage collector's share, in a child process on this process's core (session 16). A
    short run of texts seen before leaves out the collector's full passes: they come every few hundred new
    cases, walk every object alive (the knowledge base, the rules, spaCy's vocabulary) and cost some 0.2 s
    each. ``freeze``: after loading, as ``legdx eval`` and the HTTP server do (``legdx.process``); without
    it, the library's default."""
    bench = os.path.dirname(os.path.abspath(__file__))
    return run_child(_BATCH.format(bench=bench, n=n, words=words, freeze=freeze))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="number of narratives")
    ap.add_argument("--words", type=int, default=150, help="words per narrative")
    ap.add_argument("--json", action="store_true", help="print JSON")
    ap.add_argument("--no-pyrush", action="store_true", help="skip the PyRuSH comparison")
    ap.add_argument(
        "--batch",
        type=int,
        default=1000,
        help="distinct narratives read and assessed once each, library default and frozen as `legdx eval` "
        "runs them, each in a child process (0: skip)",
    )
    ap.add_argument(
        "--mined", action="store_true", help="also time Reader(mined=True), the mined phrase lexicon, in turn"
    )
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core

    res: dict[str, object] = {}
    # session 10: a fresh process as an application starts one (it imports only legdx): from start-up to a
    # ready Reader() and its first reading, with the fast layer on and off (this process imports spaCy and
    # medspaCy itself below, as they come, for the figures after it)
    for fs in (True, False):
        res[f"fresh_process_reader_{'fast' if fs else 'rules'}_s_cpu_s"] = _fresh_process(fs)
    t0 = time.perf_counter()
    import medspacy  # noqa: F401
    import spacy  # noqa: F401

    res["import_spacy_medspacy_s"] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    from legdx.knowledge.loader import default_kb

    kb = default_kb()
    res["load_knowledge_base_s"] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    from legdx.text.reader import Reader
    from legdx.text.rules import load_rules

    rules = load_rules()
    reader = Reader(rules, kb)
    res["load_reader_rules_s"] = round(time.perf_counter() - t0, 3)
    res["targets"] = len(reader.targets)
    res["context_rules"] = len(rules.context.rules)

    texts = narratives(args.n, args.words)
    res["narratives"] = len(texts)
    res["mean_words"] = round(sum(len(t.split()) for t in texts) / len(texts), 1)
    for t in texts[:5]:
        reader.read(t)
    per_s, cpu_ms = rate(reader.read, texts)
    res["read_text_per_s"] = round(per_s, 1)
    res["read_text_cpu_ms"] = round(cpu_ms, 2)
    res["read_text_per_cpu_s"] = round(1000 / cpu_ms, 1)
    if hasattr(os, "getloadavg"):
        res["load_average_1min"] = round(os.getloadavg()[0], 2)
    if args.mined:  # the same texts, lexicon off and on in turn (a shared machine's load moves both alike)
        mreader = Reader(rules, kb, mined=True)
        res["mined_targets"] = len(mreader.targets) - len(reader.targets)
        for t in texts[:5]:
            mreader.read(t)
        off, on = [], []
        for _ in range(3):
            off.append(rate(reader.read, texts, repeat=2)[1])
            on.append(rate(mreader.read, texts, repeat=2)[1])
        res["mined_off_cpu_ms"] = [round(x, 2) for x in off]
        res["mined_on_cpu_ms"] = [round(x, 2) for x in on]
        res["mined_on_per_cpu_s"] = round(1000 / min(on), 1)

    import legdx

    def both(t: str) -> None:
        legdx.assess(reader.read(t).case)

    # session 17 (speed18): the engine builds some pieces on first use and keeps each case's result, so a case
    # assessed before costs little. The process's first assessments are timed on their own (other narratives,
    # once each: the cost of a cold engine), then the measured narratives once each, all new to the engine:
    # the end-to-end figure (the figure of sessions 10-16 was the first 50 assessments of the process)
    others = narratives(args.n + 50, args.words)[args.n :]
    _per_s, cold_ms = rate(both, others, repeat=1)
    res["read_and_assess_first_50_cpu_ms"] = round(cold_ms, 2)
    per_s, cpu_ms = rate(both, texts, repeat=1)
    res["read_and_assess_per_s"] = round(per_s, 1)
    res["read_and_assess_cpu_ms"] = round(cpu_ms, 2)

    if args.batch > 0:
        # session 16: new narratives once each, as a batch command meets them (the figures above repeat
        # texts, and their runs are too short for the collector's full passes)
        for freeze in (False, True):
            cpu, gc_ms = _batch(args.batch, args.words, freeze)
            name = "batch_frozen" if freeze else "batch_library"
            res[f"{name}_read_and_assess_cpu_ms"] = cpu
            res[f"{name}_gc_cpu_ms"] = gc_ms

    if not args.no_pyrush:
        t0 = time.perf_counter()
        pyrush = Reader(rules, kb, sentences="pyrush")
        res["load_reader_pyrush_s"] = round(time.perf_counter() - t0, 3)
        for t in texts[:3]:
            pyrush.read(t)
        per_s, cpu_ms = rate(pyrush.read, texts, repeat=1)
        res["pyrush_read_text_per_s"] = round(per_s, 1)
        res["pyrush_read_text_cpu_ms"] = round(cpu_ms, 2)
        same = sum(
            {(f.id, f.state) for f in reader.read(t).findings}
            == {(f.id, f.state) for f in pyrush.read(t).findings}
            for t in texts
        )
        res["pyrush_same_findings"] = f"{same}/{len(texts)}"

    if args.json:
        print(json.dumps(res, indent=2))
        return
    print("legdx.text speed (one core)")
    for k, v in res.items():
        print(f"  {k:28s} {v}")
    # the target is end to end (read and assess); session 16: the verdict had looked at reading alone
    ok_wall = float(res["read_and_assess_per_s"]) >= 100  # type: ignore[arg-type]
    ok_cpu = 1000 / float(res["read_and_assess_cpu_ms"]) >= 100  # type: ignore[arg-type]
    ok_read = float(res["read_text_per_cpu_s"]) >= 100  # type: ignore[arg-type]
    print(
        f"target >= 100 narratives/s of {args.words} words, end to end (read and assess): wall clock "
        f"{'met' if ok_wall else 'NOT met'}, CPU time {'met' if ok_cpu else 'NOT met'} "
        f"(reading alone, CPU time: {'met' if ok_read else 'NOT met'}; wall clock counts other processes "
        "on a shared machine)"
    )


if __name__ == "__main__":
    main()
