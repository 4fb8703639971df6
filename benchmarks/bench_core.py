"""Core engine speed: one structured assessment in process, and a batch through the vectorised path.

    .venv/bin/python benchmarks/bench_core.py [--batch 100000] [--single 2000]

Prints the median time per single assessment (budget: under 1 ms), the batch rate, and the ratio of
the batch path's per-case cost against the single path measured in the same process (budget: the batch
path at least 50x faster per case). Both paths are warmed up first; the knowledge base loads once.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import numpy as np

from legdx import model
from legdx.engine import batch, core
from legdx.engine.assess import assess
from legdx.engine.compiled import default_compiled


def twenty_finding_case(ck, rng: random.Random) -> model.Case:
    """A structured case with 20 stated findings drawn from the askable ones, and ABI pressures (both
    arms, DP and PT on both legs; drawn at random so the calculators see new numbers every time)."""
    fids = rng.sample(ck.askable, 20)
    arm = rng.randint(110, 170)
    return model.Case.model_validate(
        {
            "age": rng.randint(45, 85),
            "sex": rng.choice(["male", "female"]),
            "findings": {f: rng.choice(["present", "absent"]) for f in fids},
            "measurements": {
                "brachial_right": arm,
                "brachial_left": arm + rng.randint(-20, 8),
                "dp_right": rng.randint(40, 200),
                "pt_right": rng.randint(40, 200),
                "dp_left": rng.randint(40, 200),
                "pt_left": rng.randint(40, 200),
            },
        }
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=100_000)
    ap.add_argument("--single", type=int, default=2_000)
    args = ap.parse_args()
    rng = random.Random(7)
    t0 = time.perf_counter()
    ck = default_compiled()
    load_s = time.perf_counter() - t0
    cases = [twenty_finding_case(ck, rng) for _ in range(200)]
    for c in cases:  # warm-up (these cases are not timed)
        assess(c)
    fresh = [twenty_finding_case(ck, rng) for _ in range(2 * args.single)]  # each timed once

    # single path: full assessment (differential, triage, work-up, management, citations)
    times = []
    for c in fresh[: args.single]:
        t = time.perf_counter()
        assess(c)
        times.append(time.perf_counter() - t)
    med = statistics.median(times)
    # single path, reasoning only (differential + red flags + triage), for comparison
    rtimes = []
    for c in fresh[args.single :]:
        t = time.perf_counter()
        st = core.prepare(c, ck)
        diff = core.differential(ck, st)
        hits = core.red_flags(ck, st)
        core.triage(ck, st, diff, hits, "clinician")
        rtimes.append(time.perf_counter() - t)
    rmed = statistics.median(rtimes)

    # the single path's fast forms against their plain reference forms, same cases, same process
    prepared = [core.prepare(c, ck) for c in cases]
    diffs = [core.differential(ck, st) for st in prepared]

    def timed(fn) -> float:  # median seconds per case over the prepared cases, 5 rounds
        out = []
        for _ in range(5):
            for i, st in enumerate(prepared):
                t = time.perf_counter()
                fn(st, diffs[i])
                out.append(time.perf_counter() - t)
        return statistics.median(out)

    fast_diff = timed(lambda st, d: core.differential(ck, st))
    plain_diff = timed(
        lambda st, d: [
            core.score_condition(ck, cid, st.findings, st.setting, st.age) for cid in ck.condition_ids
        ]
    )
    fast_next = timed(lambda st, d: core.best_unknowns(ck, d, st.findings))
    plain_next = timed(lambda st, d: [core.best_unknown(ck, r, st.findings) for r in d])

    # batch path: states matrix built directly (as the screener does), then scored
    n = args.batch
    base = batch.from_cases(cases, ck)
    reps = -(-n // len(cases))
    states = np.tile(base.states, (reps, 1))[:n]
    variables = {k: np.tile(v, reps)[:n] for k, v in base.variables.items()}
    big = batch.Batch(states, variables, "primary_care")
    batch.score(batch.Batch(states[:1000], {k: v[:1000] for k, v in variables.items()}), ck)  # warm-up
    t = time.perf_counter()
    res = batch.score(big, ck)
    bt = time.perf_counter() - t
    per_case_batch = bt / n
    assert res.probabilities.shape[0] == n

    print(
        f"knowledge base load + compile: {load_s * 1000:.0f} ms "
        f"({len(ck.condition_ids)} conditions, {len(ck.finding_ids)} findings)"
    )
    print(
        f"single assessment, 20 findings + ABI, full report: median {med * 1e3:.3f} ms "
        f"(p90 {sorted(times)[int(0.9 * len(times))] * 1e3:.3f} ms), {1 / med:,.0f} cases/s  [budget < 1 ms]"
    )
    print(
        "single path, reasoning only (prepare + differential + red flags + triage): "
        f"median {rmed * 1e3:.3f} ms"
    )
    print(
        f"differential: {fast_diff * 1e6:.0f} us vs plain per-condition form {plain_diff * 1e6:.0f} us "
        f"({plain_diff / fast_diff:.1f}x); next questions: {fast_next * 1e6:.0f} us vs plain "
        f"{plain_next * 1e6:.0f} us ({plain_next / fast_next:.1f}x)"
    )
    print(
        f"batch path: {n:,} cases in {bt:.2f} s = {per_case_batch * 1e6:.2f} us/case, {n / bt:,.0f} cases/s"
    )
    print(f"ratio (single full / batch per case): {med / per_case_batch:,.0f}x  [budget >= 50x]")
    print(f"ratio (single reasoning-only / batch per case): {rmed / per_case_batch:,.0f}x")


if __name__ == "__main__":
    main()
