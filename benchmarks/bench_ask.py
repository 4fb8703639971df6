"""``legdx ask`` speed and quality on the evaluation set, warm.

    .venv/bin/python benchmarks/bench_ask.py [--repeat 5] [--rerank]

Prints recall@3 / recall@5 of the required statements, whether every out-of-scope question was declined
and the precision of declines, per split (dev was used to calibrate the thresholds, heldout was not),
then the median and p95 time of one knowledge answer over all questions repeated ``--repeat`` times
(budget: median under 50 ms with BM25 alone), the one-off cost of loading the knowledge base and
building the index, and the time of one what-if on a structured case (two engine runs).
"""

from __future__ import annotations

import argparse
import statistics
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--rerank", action="store_true", help="use the dense re-rank ([embeddings] extra)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    from legdx.ask.answer import ask
    from legdx.ask.eval import evaluate, format_report, load_questions
    from legdx.ask.retrieve import default_index

    default_index()
    ask("How is the ABI measured?", rerank=args.rerank)
    startup = time.perf_counter() - t0

    for split in ("dev", "heldout", "all"):
        print(format_report(evaluate(split, rerank=args.rerank)))

    qs = load_questions()
    times = []
    for _ in range(args.repeat):
        for q in qs:
            t = time.perf_counter()
            ask(q.q, audience=q.audience, rerank=args.rerank)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    median = statistics.median(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    case = {"age": 72, "findings": {"leg_symptoms_with_walking": "present", "smoking_history": "present"}}
    ask("what if pulses were absent", case=case)
    wi = []
    for _ in range(20):
        t = time.perf_counter()
        ask("what if the ABI were 0.85", case=case)
        wi.append((time.perf_counter() - t) * 1000)
    print(f"knowledge answers: {len(times)} timed, median {median:.2f} ms, p95 {p95:.2f} ms "
          f"(budget median < 50 ms: {'ok' if median < 50 else 'OVER'})")
    print(f"start-up (knowledge base + statements + index): {startup:.2f} s")
    print(f"what-if on a structured case (two assessments): median {statistics.median(wi):.1f} ms")


if __name__ == "__main__":
    main()
