"""Agreement between two annotators of the same narratives, and of the reader with each of them.

How high can extraction F1 go when the gold is one person's reading of a narrative? A second annotator
wrote ``corpus/development5_annotator2.yaml`` from the texts of ``development5.yaml`` alone (without seeing
the first gold or the reader), following the same annotation convention. Scoring one annotation against
the other with the evaluation's own rule (``evaluate.score_case``: a (finding, state) pair counts when
the spans overlap) gives the agreement the reader's F1 target should be read against.

    python -m legdx.text.agreement [--reader] [--json]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml

from legdx.text.evaluate import CorpusCase, Counts, narratives_to_cases, score_case

FIRST = "development5.yaml"
SECOND = "development5_annotator2.yaml"


@dataclass
class Agreement:
    """Extraction agreement of ``hyp`` with ``ref`` (``ref`` counts as the gold), and case-level agreement."""

    cases: int
    strict: Counts  # same (finding, state) pair and overlapping spans: the evaluation's rule
    pairs: Counts  # same (finding, state) pair anywhere in the narrative
    by_state: dict[str, Counts]
    diagnosis_same: int | None = None
    triage_same: int | None = None
    red_flags_ref: int | None = None
    red_flags_hyp: int | None = None
    red_flags_both: int | None = None

    def as_dict(self) -> dict[str, Any]:
        def prf(c: Counts) -> dict[str, float]:
            return {"precision": round(c.precision, 3), "recall": round(c.recall, 3), "f1": round(c.f1, 3)}

        out: dict[str, Any] = {
            "cases": self.cases,
            "strict": prf(self.strict),
            "pairs": prf(self.pairs),
            "by_state": {s: prf(c) | {"ref": c.tp + c.fn} for s, c in sorted(self.by_state.items())},
        }
        if self.diagnosis_same is not None:
            out |= {
                "diagnosis_same": self.diagnosis_same,
                "triage_same": self.triage_same,
                "red_flags": {
                    "ref": self.red_flags_ref, "hyp": self.red_flags_hyp, "both": self.red_flags_both
                },
            }
        return out


def _corpus_file(name: str) -> Path:
    return Path(str(resources.files("legdx.text") / "corpus" / name))


def load_pair(
    first: Path | None = None, second: Path | None = None
) -> tuple[list[CorpusCase], list[CorpusCase], set[str]]:
    """The first annotation's cases, the second annotation's cases on the same texts, and the ignored ids.

    The second file holds only ids and gold (``gold_findings``, ``gold_diagnosis``, ``gold_triage``,
    ``gold_red_flags``); the texts come from the first. A narrative missing from the second file, or one
    the first does not have, is an error."""
    first = first or _corpus_file(FIRST)
    second = second or _corpus_file(SECOND)
    raw1: dict[str, Any] = yaml.safe_load(first.read_text(encoding="utf-8"))
    raw2: dict[str, Any] = yaml.safe_load(second.read_text(encoding="utf-8"))
    by_id = {n["id"]: n for n in raw2["narratives"]}
    texts = {n["id"] for n in raw1["narratives"]}
    extra = sorted(set(by_id) - texts)
    missing = sorted(texts - set(by_id))
    if extra or missing:
        raise ValueError(f"{second.name}: narratives not in {first.name}: {extra}; not annotated: {missing}")
    merged = {
        "narratives": [
            dict(
                n,
                gold_findings=by_id[n["id"]].get("gold_findings") or [],
                gold_diagnosis=by_id[n["id"]]["gold_diagnosis"],
                gold_triage=by_id[n["id"]]["gold_triage"],
                gold_red_flags=by_id[n["id"]].get("gold_red_flags") or [],
            )
            for n in raw1["narratives"]
        ]
    }
    ignore = set(raw1.get("ignore") or [])
    return (
        narratives_to_cases(raw1, "development5", first.name),
        narratives_to_cases(merged, "annotator2", second.name),
        ignore,
    )


def _as_result(case: CorpusCase) -> Any:
    """An annotation in the shape of the reader's result, so that ``score_case`` can score it."""
    return SimpleNamespace(
        findings=[SimpleNamespace(id=g.id, state=g.state, span=g.span) for g in case.gold],
        case=SimpleNamespace(age=case.age, sex=case.sex),
    )


def agree(ref: list[CorpusCase], hyp: list[Any], ignore: set[str]) -> Agreement:
    """Score ``hyp`` (reader results, or annotations via ``_as_result``) against ``ref``, case by case."""
    if len(ref) != len(hyp):
        raise ValueError(f"{len(ref)} reference cases but {len(hyp)} to score")
    strict, pairs = Counts(), Counts()
    by_state: dict[str, Counts] = {}
    for case, result in zip(ref, hyp, strict=True):
        o, bs, _ = score_case(case, result, ignore)
        strict.add(o)
        for s, c in bs.items():
            by_state.setdefault(s, Counts()).add(c)
        gold = {(g.id, g.state) for g in case.gold if g.id not in ignore}
        pred = {(f.id, f.state) for f in result.findings if f.id not in ignore}
        pairs.add(Counts(len(gold & pred), len(pred - gold), len(gold - pred)))
    return Agreement(len(ref), strict, pairs, by_state)


def annotators(first: list[CorpusCase], second: list[CorpusCase], ignore: set[str]) -> Agreement:
    """The second annotation scored against the first, with diagnosis, triage and red-flag agreement."""
    a = agree(first, [_as_result(c) for c in second], ignore)
    both = list(zip(first, second, strict=True))
    a.diagnosis_same = sum(x.dx == y.dx for x, y in both)
    a.triage_same = sum(x.triage == y.triage for x, y in both)
    a.red_flags_ref = sum(len(x.red_flags) for x in first)
    a.red_flags_hyp = sum(len(y.red_flags) for y in second)
    a.red_flags_both = sum(len(set(x.red_flags) & set(y.red_flags)) for x, y in both)
    return a


def _line(label: str, a: Agreement) -> str:
    s, p = a.strict, a.pairs
    states = ", ".join(
        f"{k} {c.f1:.2f} ({c.tp + c.fn})" for k, c in sorted(a.by_state.items()) if c.tp + c.fn
    )
    out = (
        f"{label}\n  F1 {s.f1:.3f} (P {s.precision:.3f} / R {s.recall:.3f}) with overlapping spans; "
        f"{p.f1:.3f} (P {p.precision:.3f} / R {p.recall:.3f}) on pairs alone\n"
        f"  per state (reference pairs): {states}"
    )
    if a.diagnosis_same is not None:
        out += (
            f"\n  same diagnosis {a.diagnosis_same}/{a.cases}, same triage level {a.triage_same}/{a.cases}, "
            f"red flags {a.red_flags_both} in both ({a.red_flags_ref} first, {a.red_flags_hyp} second)"
        )
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m legdx.text.agreement", description=__doc__.split("\n\n")[0])
    ap.add_argument("--reader", action="store_true", help="also score the reader against each annotator")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    first, second, ignore = load_pair()
    results = {"annotator2_vs_annotator1": annotators(first, second, ignore)}
    if args.reader:
        from legdx.text.reader import get_reader

        reader = get_reader()
        read = [reader.read(c.text) for c in first]
        results["reader_vs_annotator1"] = agree(first, read, ignore)
        results["reader_vs_annotator2"] = agree(second, read, ignore)
    if args.json:
        print(json.dumps({k: v.as_dict() for k, v in results.items()}, indent=2))
        return
    labels = {
        "annotator2_vs_annotator1": "second annotator against the first (development5, written blind)",
        "reader_vs_annotator1": "reader against the first annotator (the reader was tuned on it: optimistic)",
        "reader_vs_annotator2": "reader against the second annotator (never tuned on)",
    }
    print("\n".join(_line(labels[k], v) for k, v in results.items()))


if __name__ == "__main__":
    main()
