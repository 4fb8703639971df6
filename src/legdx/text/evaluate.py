"""Evaluation of the reader and of the whole chain (text -> findings -> ``legdx.assess``).

The corpus is ``legdx/text/corpus/{development,development2-6,heldout}.yaml`` (see its
README). Gold findings are marked inline, ``[phrase|finding_id|state]`` (state defaults to present;
``a+b`` names two findings), or, in the blind format (``development2.yaml``, the blind parts), listed
per narrative as ``gold_findings: [{id, state, span}]`` with the span quoted from the text.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from legdx.knowledge.schema import TRIAGE_ORDER

Part = Literal[
    "development", "development2", "development3", "development4", "development5", "development6",
    "development7", "development8", "development9", "development10", "development11", "development12",
    "development13", "development14", "development15", "development16", "development17", "development18",
    "development19", "development20", "development21", "development22", "development23", "development24",
    "development25", "development26", "development27", "development28", "development29",
    "development30", "development31", "heldout",
]
PARTS: tuple[Part, ...] = (
    "development", "development2", "development3", "development4", "development5", "development6",
    "development7", "development8", "development9", "development10", "development11", "development12",
    "development13", "development14", "development15", "development16", "development17", "development18",
    "development19", "development20", "development21", "development22", "development23", "development24",
    "development25", "development26", "development27", "development28", "development29",
    "development30", "development31", "heldout",
)
EMERGENCY_LEVELS = ("emergency_ambulance", "emergency")
_MARK = re.compile(r"\[([^\[\]|]+)\|([^\[\]|]+)(?:\|([a-z]+))?\]")
_STATES = ("present", "absent", "historical", "family", "hypothetical", "possible")


@dataclass
class Gold:
    id: str
    state: str
    span: tuple[int, int]
    text: str


@dataclass
class CorpusCase:
    id: str
    part: str
    style: str
    dx: str
    triage: str
    red_flags: list[str]
    age: float | None
    sex: str | None
    text: str
    gold: list[Gold]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class CaseOutcome:
    id: str
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    dx: str = ""
    top: list[str] = field(default_factory=list)
    triage_gold: str = ""
    triage_pred: str = ""
    red_flags_missed: list[str] = field(default_factory=list)
    age_ok: bool = True
    sex_ok: bool = True


@dataclass
class PartReport:
    part: str
    cases: int
    overall: Counts
    by_state: dict[str, Counts]
    top1: int
    top3: int
    red_flags_gold: int
    red_flags_found: int
    under_triage: int
    over_triage: int
    emergency_under_triage: int
    age_correct: int
    age_total: int
    sex_correct: int
    sex_total: int
    seconds_reading: float
    outcomes: list[CaseOutcome]
    assessed: bool

    @property
    def red_flag_recall(self) -> float:
        return self.red_flags_found / self.red_flags_gold if self.red_flags_gold else 1.0

    def as_dict(self) -> dict[str, Any]:
        def c(x: Counts) -> dict[str, Any]:
            return {
                "tp": x.tp,
                "fp": x.fp,
                "fn": x.fn,
                "precision": round(x.precision, 4),
                "recall": round(x.recall, 4),
                "f1": round(x.f1, 4),
            }

        out: dict[str, Any] = {
            "part": self.part,
            "cases": self.cases,
            "extraction": c(self.overall),
            "extraction_by_state": {s: c(v) for s, v in self.by_state.items()},
            "age_accuracy": round(self.age_correct / self.age_total, 4) if self.age_total else None,
            "sex_accuracy": round(self.sex_correct / self.sex_total, 4) if self.sex_total else None,
            "reading_ms_per_case": round(1000 * self.seconds_reading / max(self.cases, 1), 2),
        }
        if self.assessed:
            out.update(
                {
                    "top1": round(self.top1 / self.cases, 4),
                    "top3": round(self.top3 / self.cases, 4),
                    "red_flag_recall": round(self.red_flag_recall, 4),
                    "red_flags": {"gold": self.red_flags_gold, "found": self.red_flags_found},
                    "under_triage": self.under_triage,
                    "over_triage": self.over_triage,
                    "emergency_under_triage": self.emergency_under_triage,
                }
            )
        return out


# --------------------------------------------------------------------------------------------------
# corpus


def corpus_dir() -> Path:
    return Path(str(resources.files("legdx.text") / "corpus"))


def parse_markup(annotated: str) -> tuple[str, list[Gold]]:
    """Plain text and gold findings from ``[phrase|id(+id)|state]`` markup."""
    out: list[str] = []
    gold: list[Gold] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(annotated):
        before = annotated[pos : m.start()]
        out.append(before)
        length += len(before)
        phrase, ids, state = m.group(1), m.group(2), m.group(3) or "present"
        if state not in _STATES:
            raise ValueError(f"unknown state '{state}' in {m.group()!r}")
        for fid in ids.split("+"):
            gold.append(Gold(fid.strip(), state, (length, length + len(phrase)), phrase))
        out.append(phrase)
        length += len(phrase)
        pos = m.end()
    out.append(annotated[pos:])
    text = "".join(out)
    if "[" in text or "]" in text:
        raise ValueError(f"unbalanced markup near {text[text.find('[') :][:40]!r}")
    return text, gold


def narratives_to_cases(raw: dict[str, Any], part: str, name: str) -> list[CorpusCase]:
    """Cases from the blind format (``narratives`` with quoted ``gold_findings`` spans).

    A span is located at its first occurrence in the text; a span not in the text is an error."""
    cases: list[CorpusCase] = []
    for n in raw["narratives"]:
        text: str = n["text"]
        gold: list[Gold] = []
        for g in n.get("gold_findings") or []:
            start = text.find(g["span"])
            if start < 0:
                raise ValueError(f"{name}: {n['id']}: span {g['span']!r} is not in the text")
            gold.append(Gold(g["id"], g["state"], (start, start + len(g["span"])), g["span"]))
        cases.append(
            CorpusCase(
                id=n["id"],
                part=part,
                style=n["style"],
                dx=n["gold_diagnosis"],
                triage=n["gold_triage"],
                red_flags=list(n.get("gold_red_flags") or []),
                age=n.get("gold_age"),
                sex=n.get("gold_sex"),
                text=text,
                gold=gold,
            )
        )
    return cases


def load_corpus(part: Part | Literal["all"] = "all", root: Path | None = None) -> list[CorpusCase]:
    root = root or corpus_dir()
    parts = PARTS if part == "all" else (part,)
    cases: list[CorpusCase] = []
    for p in parts:
        raw = yaml.safe_load((root / f"{p}.yaml").read_text(encoding="utf-8"))
        if raw.get("split") != p:
            raise ValueError(f"{p}.yaml: 'split' must be '{p}'")
        if "narratives" in raw:
            cases.extend(narratives_to_cases(raw, p, f"{p}.yaml"))
            continue
        for c in raw["cases"]:
            text, gold = parse_markup(c["text"])
            cases.append(
                CorpusCase(
                    id=c["id"],
                    part=p,
                    style=c["style"],
                    dx=c["dx"],
                    triage=c["triage"],
                    red_flags=list(c.get("red_flags") or []),
                    age=c.get("age"),
                    sex=c.get("sex"),
                    text=text,
                    gold=gold,
                )
            )
    return cases


def ignored_ids(part: Part | Literal["all"] = "all", root: Path | None = None) -> set[str]:
    root = root or corpus_dir()
    parts = PARTS if part == "all" else (part,)
    out: set[str] = set()
    for p in parts:
        raw = yaml.safe_load((root / f"{p}.yaml").read_text(encoding="utf-8"))
        out.update(raw.get("ignore") or [])
    return out


# --------------------------------------------------------------------------------------------------
# scoring


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_case(
    case: CorpusCase, result: Any, ignore: set[str]
) -> tuple[Counts, dict[str, Counts], CaseOutcome]:
    """Pairs (finding id, state), counted once per case; a predicted pair is right only when one of its
    mentions overlaps a gold span of the same pair."""
    gold: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for g in case.gold:
        gold.setdefault((g.id, g.state), []).append(g.span)
    pred: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for f in result.findings:
        if f.id in ignore:
            continue
        pred.setdefault((f.id, f.state), []).append(tuple(f.span))
    overall = Counts()
    by_state: dict[str, Counts] = {}
    out = CaseOutcome(case.id)
    for key in set(gold) | set(pred):
        st = by_state.setdefault(key[1], Counts())
        hit = key in gold and key in pred and any(_overlaps(a, b) for a in gold[key] for b in pred[key])
        if hit:
            overall.tp += 1
            st.tp += 1
            continue
        if key in pred:
            overall.fp += 1
            st.fp += 1
            out.spurious.append(f"{key[0]}:{key[1]}")
        if key in gold:
            overall.fn += 1
            st.fn += 1
            out.missed.append(f"{key[0]}:{key[1]}")
    out.age_ok = case.age is None or (result.case.age is not None and abs(result.case.age - case.age) < 0.5)
    out.sex_ok = case.sex is None or result.case.sex == case.sex
    return overall, by_state, out


def evaluate(part: Part, *, reader: Any = None, assess: bool = True, root: Path | None = None,
             cases: list[CorpusCase] | None = None, ignore: set[str] | None = None) -> PartReport:
    """Read every narrative of one part, score the findings and (with ``assess``) the assessment.

    ``cases`` and ``ignore`` replace the part's corpus file (used for the blind held-out part)."""
    from legdx.text.reader import get_reader

    reader = reader or get_reader()
    cases = cases if cases is not None else load_corpus(part, root)
    ignore = ignore if ignore is not None else ignored_ids(part, root)
    overall = Counts()
    by_state: dict[str, Counts] = {s: Counts() for s in _STATES}
    rep = PartReport(part, len(cases), overall, by_state, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0, [], assess)
    assess_fn = None
    if assess:
        import legdx

        assess_fn = legdx.assess
    for case in cases:
        t0 = time.perf_counter()
        result = reader.read(case.text)
        rep.seconds_reading += time.perf_counter() - t0
        o, bs, outcome = score_case(case, result, ignore)
        overall.add(o)
        for s, cnt in bs.items():
            by_state.setdefault(s, Counts()).add(cnt)
        if case.age is not None:
            rep.age_total += 1
            rep.age_correct += outcome.age_ok
        if case.sex is not None:
            rep.sex_total += 1
            rep.sex_correct += outcome.sex_ok
        if assess_fn is not None:
            a = assess_fn(result.case)
            ids = [d.id for d in a.differential]
            outcome.dx, outcome.top = case.dx, ids[:3]
            rep.top1 += bool(ids[:1] == [case.dx])
            rep.top3 += case.dx in ids[:3]
            raised = {h.id for h in a.red_flags}
            rep.red_flags_gold += len(case.red_flags)
            rep.red_flags_found += len(set(case.red_flags) & raised)
            outcome.red_flags_missed = sorted(set(case.red_flags) - raised)
            g, p = TRIAGE_ORDER.index(case.triage), TRIAGE_ORDER.index(a.triage.level)
            outcome.triage_gold, outcome.triage_pred = case.triage, a.triage.level
            if p > g:
                rep.under_triage += 1
                if case.triage in EMERGENCY_LEVELS:
                    rep.emergency_under_triage += 1
            elif p < g:
                rep.over_triage += 1
        rep.outcomes.append(outcome)
    return rep


# --------------------------------------------------------------------------------------------------
# rendering


def _prf(c: Counts) -> str:
    return f"{c.precision:.2f} / {c.recall:.2f} / {c.f1:.2f} ({c.tp + c.fn})"


def render_table(reports: list[PartReport]) -> str:
    """A plain-text table, one column per part (the held-out part named as such)."""
    names = {"development": "development", "development2": "development2", "development3": "development3",
             "development4": "development4", "development5": "development5",
             "development6": "development6", "development7": "development7", "development8": "development8",
             "development9": "development9", "development10": "development10",
             "heldout": "HELD-OUT (used in development)",
             "heldout_blind": "BLIND HELD-OUT"}
    rows: list[tuple[str, list[str]]] = []

    def pct(x: float) -> str:
        return f"{100 * x:.1f}%"

    rows.append(("narratives", [str(r.cases) for r in reports]))
    rows.append(("extraction precision", [f"{r.overall.precision:.3f}" for r in reports]))
    rows.append(("extraction recall", [f"{r.overall.recall:.3f}" for r in reports]))
    rows.append(("extraction F1", [f"{r.overall.f1:.3f}" for r in reports]))
    for s in _STATES:
        if any(
            r.by_state.get(s, Counts()).tp + r.by_state.get(s, Counts()).fp + r.by_state.get(s, Counts()).fn
            for r in reports
        ):
            rows.append(
                (
                    f"  {s}: P / R / F1 (n gold)",
                    [_prf(r.by_state[s]) for r in reports],
                )
            )
    rows.append(("age read correctly", [f"{r.age_correct}/{r.age_total}" for r in reports]))
    rows.append(("sex read correctly", [f"{r.sex_correct}/{r.sex_total}" for r in reports]))
    if all(r.assessed for r in reports):
        rows.append(("top-1 diagnosis", [pct(r.top1 / r.cases) for r in reports]))
        rows.append(("top-3 diagnosis", [pct(r.top3 / r.cases) for r in reports]))
        rows.append(
            (
                "red-flag recall",
                [f"{pct(r.red_flag_recall)} ({r.red_flags_found}/{r.red_flags_gold})" for r in reports],
            )
        )
        rows.append(("under-triage (any)", [str(r.under_triage) for r in reports]))
        rows.append(("under-triage of an emergency", [str(r.emergency_under_triage) for r in reports]))
        rows.append(("over-triage", [str(r.over_triage) for r in reports]))
    rows.append(
        (
            "reading time per narrative",
            [f"{1000 * r.seconds_reading / max(r.cases, 1):.1f} ms" for r in reports],
        )
    )
    w0 = max(len(r[0]) for r in rows)
    widths = [
        max(len(names.get(rep.part, rep.part)), *(len(r[1][i]) for r in rows))
        for i, rep in enumerate(reports)
    ]
    head = " | ".join(
        [" " * w0] + [names.get(r.part, r.part).ljust(w) for r, w in zip(reports, widths, strict=True)]
    )
    lines = [head, "-" * len(head)]
    for label, vals in rows:
        lines.append(" | ".join([label.ljust(w0)] + [v.ljust(w) for v, w in zip(vals, widths, strict=True)]))
    return "\n".join(lines)


def render_details(rep: PartReport) -> str:
    lines = [f"# {rep.part}: cases with a miss"]
    for o in rep.outcomes:
        bits = []
        if o.missed:
            bits.append("missed " + ", ".join(sorted(o.missed)))
        if o.spurious:
            bits.append("extra " + ", ".join(sorted(o.spurious)))
        if o.top and o.dx not in o.top:
            bits.append(f"dx {o.dx} not in top-3 {o.top}")
        if o.red_flags_missed:
            bits.append("red flags missed " + ", ".join(o.red_flags_missed))
        if o.triage_pred and TRIAGE_ORDER.index(o.triage_pred) > TRIAGE_ORDER.index(o.triage_gold):
            bits.append(f"UNDER-TRIAGE {o.triage_pred} < {o.triage_gold}")
        if not o.age_ok:
            bits.append("age wrong")
        if not o.sex_ok:
            bits.append("sex wrong")
        if bits:
            lines.append(f"{o.id}: " + "; ".join(bits))
    return "\n".join(lines)
