"""Precision and recall of a worklist against a synthetic population's ground truth (legdx synth)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class RuleScore:
    rule: str
    flagged: int
    truth: int
    true_positives: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.flagged if self.flagged else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.truth if self.truth else 1.0


def compare(
    worklist: Path, truth: Path, yield_rule: str | None = "abi_referral", budget: int = 1000
) -> tuple[list[RuleScore], dict[str, float]]:
    """Per rule scores, and the observed PAD yield among the first ``budget`` patients of ``yield_rule``."""
    import pyarrow.parquet as pq

    wl = pq.read_table(worklist, columns=["patient_id", "rule", "rank"]).to_pylist()
    tr = pq.read_table(truth).to_pylist()
    pred: dict[str, set[str]] = {}
    for r in wl:
        pred.setdefault(r["rule"], set()).add(r["patient_id"])
    gt: dict[str, set[str]] = {}
    has_pad = set()
    for r in tr:
        for rule in (r["rules"] or "").split(";"):
            if rule:
                gt.setdefault(rule, set()).add(r["patient_id"])
        if r.get("has_pad"):
            has_pad.add(r["patient_id"])
    scores = [
        RuleScore(
            rule,
            len(pred.get(rule, set())),
            len(gt.get(rule, set())),
            len(pred.get(rule, set()) & gt.get(rule, set())),
        )
        for rule in sorted(set(pred) | set(gt))
    ]
    observed: dict[str, float] = {}
    if yield_rule:
        ranked = sorted((r for r in wl if r["rule"] == yield_rule), key=lambda r: r["rank"])
        top = [r["patient_id"] for r in ranked[:budget]]
        found = sum(1 for p in top if p in has_pad)
        observed = {
            "budget": budget,
            "abis": len(top),
            "pad_found": found,
            "ppv": round(found / len(top), 4) if top else 0.0,
            "pad_found_all": sum(1 for r in ranked if r["patient_id"] in has_pad),
            "referrals": len(ranked),
        }
    return scores, observed
