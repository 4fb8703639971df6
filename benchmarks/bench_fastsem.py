"""Speed of the fast semantic layer (``legdx.text.fastsem``) next to the rule reader, on one core.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_fastsem.py [--parts development5,development7]
        [--repeat 5]

Reads every narrative of the given development parts with the reader alone, then times the layer's
proposals for the same narratives (given the reader's findings), and prints CPU milliseconds per narrative
for each (best of ``--repeat`` passes: on a shared machine other processes only ever add time). The layer's
first call (loading its data, about 0.1 s) is outside the timing; its caches (per word, per sentence) are
cleared before every pass, so repeated text is not free.
"""

from __future__ import annotations

import argparse
import time


def best_cpu_ms(fn, items: list, repeat: int, before=None) -> float:
    best = float("inf")
    for _ in range(repeat):
        if before is not None:
            before()
        c0 = time.process_time()
        for it in items:
            fn(it)
        best = min(best, (time.process_time() - c0) * 1000 / len(items))
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parts", default="development5,development7")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from legdx.text import fastsem
    from legdx.text.evaluate import load_corpus
    from legdx.text.reader import Reader

    texts = [c.text for p in args.parts.split(",") for c in load_corpus(p)]  # type: ignore[arg-type]
    reader = Reader(fast_semantic=False)  # the rules alone (the layer is on by default since session 7)
    reader.read(texts[0])
    t0 = time.perf_counter()
    probes = fastsem.get_probes()
    load = time.perf_counter() - t0
    have = [{f.id for f in reader.read(t).findings} for t in texts]
    words = sum(len(t.split()) for t in texts) / len(texts)

    def clear() -> None:
        f = probes.featurizer
        f._hcache.clear()
        f._wcache.clear()
        if f.dims:
            f.wp._cache.clear()
        if probes.guard is not None:
            probes.guard._prepared.clear()

    rules = best_cpu_ms(reader.read, texts, args.repeat)
    idx = list(range(len(texts)))
    layer = best_cpu_ms(lambda i: probes.propose(texts[i], have[i]), idx, args.repeat, clear)
    n_props = sum(len(probes.propose(t, h)) for t, h in zip(texts, have, strict=True))
    print(f"{len(texts)} narratives of {args.parts} ({words:.0f} words on average); layer data loaded in "
          f"{load * 1000:.0f} ms")
    print(f"rules alone:        {rules:.2f} CPU ms per narrative ({1000 / rules:.0f} per CPU-second)")
    print(f"fast semantic layer: {layer:.3f} CPU ms per narrative ({n_props} proposals)")
    both = rules + layer
    print(f"rules + layer:      {both:.2f} CPU ms per narrative ({1000 / both:.0f} per CPU-second)")


if __name__ == "__main__":
    main()
