"""Evaluation of ``legdx ask`` knowledge answers on a fixed question set (``questions.yaml``).

    .venv/bin/python -m legdx.ask.eval [--split dev|heldout|all] [--rerank] [--json] [--show-misses]

For each question that expects statements: recall@3 and recall@5 (the share of required statement ids
among the first 3 or 5 statements the answer actually returns, averaged over questions). For the
questions that must be declined: whether each was declined, and the precision of declines (declined
and out of scope / all declined). Median latency of ``ask()`` per question, warm (the knowledge base and
index are loaded before timing). Splits: ``dev`` was used to calibrate ``ask/data/retrieval.yaml``;
``heldout`` was not.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from legdx.knowledge.loader import load_yaml


class EvalQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    q: str
    audience: Literal["clinician", "patient"]
    expect: list[str] = Field(default_factory=list)
    decline: bool = False
    split: Literal["dev", "heldout"]

    @model_validator(mode="after")
    def _one(self) -> EvalQuestion:
        if self.decline == bool(self.expect):
            raise ValueError("give either expect (statement ids) or decline: true")
        return self


def load_questions() -> list[EvalQuestion]:
    text = (resources.files("legdx.ask.eval") / "questions.yaml").read_text(encoding="utf-8")
    raw = load_yaml(text, "ask/eval/questions.yaml")
    return [EvalQuestion.model_validate(x) for x in raw]


@dataclass
class Miss:
    q: str
    expect: list[str]
    got: list[str]
    kind: str


@dataclass
class Report:
    split: str
    rerank: bool
    questions: int
    answerable: int
    out_of_scope: int
    recall_at_3: float
    recall_at_5: float
    answered_share: float  # answerable questions that were answered (not declined)
    declined_out_of_scope: int
    all_out_of_scope_declined: bool
    decline_precision: float
    wrongly_declined: int
    median_latency_ms: float
    p95_latency_ms: float
    misses: list[Miss] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def evaluate(split: str = "all", *, rerank: bool = False) -> Report:
    from legdx.ask.answer import ask
    from legdx.ask.retrieve import default_index

    qs = [x for x in load_questions() if split == "all" or x.split == split]
    default_index()  # warm: load the KB and build the index before timing
    ask("How is the ABI measured?", rerank=rerank)
    r3: list[float] = []
    r5: list[float] = []
    times: list[float] = []
    answered = declined_oos = wrongly_declined = 0
    misses: list[Miss] = []
    for item in qs:
        t0 = time.perf_counter()
        res = ask(item.q, audience=item.audience, rerank=rerank)
        times.append((time.perf_counter() - t0) * 1000)
        got = [s.id for s in res.statements]
        if item.decline:
            if res.kind == "out_of_scope":
                declined_oos += 1
            else:
                misses.append(Miss(item.q, [], got, res.kind))
            continue
        if res.kind == "out_of_scope":
            wrongly_declined += 1
        else:
            answered += 1
        need = set(item.expect)
        r3.append(len(need & set(got[:3])) / len(need))
        r5.append(len(need & set(got[:5])) / len(need))
        if r5[-1] < 1:
            misses.append(Miss(item.q, item.expect, got, res.kind))
    n_oos = sum(1 for x in qs if x.decline)
    n_ans = len(qs) - n_oos
    declined_total = declined_oos + wrongly_declined
    times.sort()
    return Report(
        split=split,
        rerank=rerank,
        questions=len(qs),
        answerable=n_ans,
        out_of_scope=n_oos,
        recall_at_3=round(statistics.fmean(r3), 4) if r3 else 0.0,
        recall_at_5=round(statistics.fmean(r5), 4) if r5 else 0.0,
        answered_share=round(answered / n_ans, 4) if n_ans else 0.0,
        declined_out_of_scope=declined_oos,
        all_out_of_scope_declined=declined_oos == n_oos,
        decline_precision=round(declined_oos / declined_total, 4) if declined_total else 1.0,
        wrongly_declined=wrongly_declined,
        median_latency_ms=round(statistics.median(times), 3) if times else 0.0,
        p95_latency_ms=round(times[int(0.95 * (len(times) - 1))], 3) if times else 0.0,
        misses=misses,
    )


def format_report(r: Report, show_misses: bool = False) -> str:
    lines = [
        f"legdx ask evaluation - split {r.split}, {'BM25 + dense re-rank' if r.rerank else 'BM25 alone'}",
        f"  questions {r.questions} ({r.answerable} answerable, {r.out_of_scope} out of scope)",
        f"  recall@3 {r.recall_at_3:.3f}   recall@5 {r.recall_at_5:.3f}   answered {r.answered_share:.3f}",
        f"  out of scope declined {r.declined_out_of_scope}/{r.out_of_scope}"
        f" (all declined: {'yes' if r.all_out_of_scope_declined else 'NO'})"
        f"   decline precision {r.decline_precision:.3f}   answerable wrongly declined {r.wrongly_declined}",
        f"  latency median {r.median_latency_ms:.2f} ms   p95 {r.p95_latency_ms:.2f} ms",
    ]
    if show_misses:
        for m in r.misses:
            lines.append(f"  MISS [{m.kind}] {m.q!r} expect {m.expect} got {m.got}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json

    ap = argparse.ArgumentParser(prog="python -m legdx.ask.eval", description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "heldout", "all"], default=None)
    ap.add_argument("--rerank", action="store_true", help="use the dense re-rank ([embeddings] extra)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args(argv)
    splits = [args.split] if args.split else ["dev", "heldout", "all"]
    reports = [evaluate(s, rerank=args.rerank) for s in splits]
    if args.json:
        print(json.dumps([r.as_dict() for r in reports], indent=2))
    else:
        print("\n".join(format_report(r, args.show_misses) for r in reports))
    return 0
