"""An ``Assessment`` laid out as a clinician's (or a patient's) answer, independent of output format.

``build(assessment)`` returns a ``Document``: a triage banner and an ordered list of sections made of a
few block types (paragraphs, bullet lists, tables, sub-headings). Text is a sequence of ``Run``s so that
each renderer can escape plain text, emphasise, and turn source ids into links in its own way.
Nothing here names a condition or a finding: everything shown comes from the assessment.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from legdx import model
from legdx.knowledge.schema import TRIAGE_ORDER

# --------------------------------------------------------------------------------------------------
# Inline text and blocks

RunKind = Literal["text", "strong", "src", "code"]


@dataclass(frozen=True)
class Run:
    """A piece of inline text: plain, strong, a source id (rendered as ``[id]``) or code."""

    text: str
    kind: RunKind = "text"


Inline = tuple[Run, ...]
Part = str | Run | None


def strong(s: str) -> Run:
    return Run(_clean(s, keep_edges=True), "strong")


def code(s: str) -> Run:
    return Run(_clean(s), "code")


def T(*parts: Part) -> Inline:
    """Inline text from strings and runs; ``None`` parts are skipped and whitespace is normalised."""
    out: list[Run] = []
    for p in parts:
        if p is None:
            continue
        if isinstance(p, Run):
            if p.text:
                out.append(p)
            continue
        s = _clean(p, keep_edges=True)
        if s:
            out.append(Run(s))
        elif p:
            out.append(Run(" "))
    return tuple(out)


def tags(*sources: str | None) -> list[Run | str]:
    """Source tags for a line: `` [a] [b]`` (deduplicated, in order)."""
    seen: list[str] = []
    for s in sources:
        if s and s not in seen:
            seen.append(s)
    out: list[Run | str] = []
    for s in seen:
        out.append(" ")
        out.append(Run(s, "src"))
    return out


def plain(inline: Inline) -> str:
    """The text of an inline as it reads, with source tags as ``[id]``."""
    return "".join(f"[{r.text}]" if r.kind == "src" else r.text for r in inline)


def _clean(s: str, keep_edges: bool = False) -> str:
    body = " ".join(s.split())
    if keep_edges and not body:
        return " " if s else ""
    if keep_edges:
        if s[:1].isspace():
            body = " " + body
        if s[-1:].isspace():
            body = body + " "
    return body


@dataclass
class Para:
    body: Inline
    style: Literal["", "note", "warning", "lead"] = ""


@dataclass
class Item:
    body: Inline
    children: list[Item] = field(default_factory=list)
    anchor: str | None = None  # a link target (references)


@dataclass
class Items:
    items: list[Item]
    ordered: bool = False


@dataclass
class Table:
    header: list[str]
    rows: list[list[Inline]]


@dataclass
class Heading:
    body: Inline


Block = Para | Items | Table | Heading


@dataclass
class Section:
    key: str
    title: str  # "" for an untitled section (e.g. the patient disclaimer at the top)
    blocks: list[Block]


@dataclass
class Banner:
    level: str
    words: str  # the level in words, so colour is never the only signal
    label: str
    action: str
    prompt: str  # "Do this now" for emergencies, "Next step" otherwise
    urgent: bool

    def line(self) -> str:
        return f"{self.words}: {_sentence(self.label)} {self.prompt}: {self.action}"


@dataclass
class Document:
    audience: str
    banner: Banner
    sections: list[Section]
    title: str
    meta: str


# --------------------------------------------------------------------------------------------------
# Words

#: The five triage levels in words (design.md "Fit the ecosystem"); printed beside any colour.
LEVEL_WORDS: dict[str, str] = {
    "emergency_ambulance": "EMERGENCY - CALL AN AMBULANCE",
    "emergency": "EMERGENCY - SAME DAY",
    "consultation_24": "URGENT - WITHIN 24 HOURS",
    "consultation": "ROUTINE APPOINTMENT",
    "self_care": "SELF-CARE",
}
EMERGENCY_LEVELS = frozenset(TRIAGE_ORDER[:2])

#: How many conditions always count as "most likely", and the probability that adds more (presentation
#: only: the engine's own leading set decides which work-up and management are shown).
MOST_LIKELY_MIN = 3
MOST_LIKELY_CUT = 0.2

_PATIENT_WORDS = ((0.9, "very likely"), (0.6, "likely"), (0.4, "about as likely as not"),
                  (0.15, "possible"), (0.05, "unlikely"), (0.0, "very unlikely"))


def level_words(level: str) -> str:
    return LEVEL_WORDS.get(level, level.replace("_", " ").upper())


def pct(p: float) -> str:
    """A probability as a percent: 62%, 0.4%, <0.1%, >99%."""
    if p != p:
        return "?"
    x = p * 100
    if x < 0.1:
        return "<0.1%"
    if x < 1:
        return f"{x:.1f}%"
    if x > 99 and p < 1:
        return ">99%"
    return f"{x:.0f}%"


def likelihood_words(p: float) -> str:
    """A probability for a patient: 'likely (62%)'."""
    for cut, word in _PATIENT_WORDS:
        if p >= cut:
            return f"{word} ({pct(p)})"
    return pct(p)


def num(x: Any) -> str:
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        if math.isnan(x) or math.isinf(x):
            return str(x)
        if x.is_integer() and abs(x) < 1e9:
            return str(int(x))
        return f"{x:.3g}"
    if x is None:
        return "-"
    return str(x)


def humanize(key: str) -> str:
    return key.replace("_", " ")


def _sentence(s: str) -> str:
    s = s.strip()
    return s if not s or s[-1] in ".!?:" else s + "."


# --------------------------------------------------------------------------------------------------
# Building the document


class _Ctx:
    """Lookups over one assessment."""

    def __init__(self, a: model.Assessment) -> None:
        self.a = a
        self.patient = a.audience == "patient"
        self.finding_names = {f.id: f.name for f in a.findings}
        for d in a.differential:
            for e in (*d.evidence_for, *d.evidence_against):
                self.finding_names.setdefault(e.finding, e.name)
        self.condition_names = {d.id: d.name for d in a.differential}
        for p in a.management:
            self.condition_names.setdefault(p.condition, p.name)
        self.by_id = {d.id: d for d in a.differential}
        # conditions a raised red flag points to (when the assessment carries them)
        self.flagged: dict[str, list[model.RedFlagHit]] = {}
        for h in a.red_flags:
            for cid in getattr(h, "conditions", None) or []:
                self.flagged.setdefault(cid, []).append(h)

    def finding(self, fid: str) -> str:
        """A trigger as words: a finding's name, or a variable as given (``abi_right=0.35``)."""
        name = self.finding_names.get(fid)
        if name is None:
            if "=" in fid:
                var, _, value = fid.partition("=")
                return f"{humanize(var)} {value}" if self.patient else fid
            return humanize(fid)
        return name if self.patient else f"{name} ({fid})"

    def condition(self, cid: str) -> str:
        return self.condition_names.get(cid, humanize(cid))


def build(a: model.Assessment) -> Document:
    """Lay out an assessment as a document for its audience."""
    c = _Ctx(a)
    tri = a.triage
    urgent = tri.level in EMERGENCY_LEVELS
    banner = Banner(
        level=tri.level, words=level_words(tri.level), label=tri.label, action=tri.action,
        prompt=("Do this now" if urgent else "Next step") if not c.patient else
        ("Do this now" if urgent else "What to do"),
        urgent=urgent,
    )
    most, others = _split(a)
    # the same body for both audiences; patients also get the disclaimer at the top
    sections: list[Section | None] = [
        _now(c),
        _bottom_line(c, most),
        _direction(c),
        _most_likely(c, most),
        _must_not_miss(c),
        _calculations(c),
        _workup(c),
        _management(c),
        _pitfalls(c),
        _others(c, others),
        _findings(c),
        _warnings(c),
        _references(c),
        Section("disclaimer", "Please note" if c.patient else "Disclaimer", [Para(T(a.disclaimer), "note")]),
    ]
    if c.patient:
        sections.insert(0, Section("disclaimer_top", "", [Para(T(a.disclaimer), "note")]))
    doc_sections = [s for s in sections if s is not None]
    _resolve_references(a, doc_sections)
    case_bits = [f"case {a.case['id']}" if a.case.get("id") else None,
                 f"age {num(a.case['age'])}" if a.case.get("age") is not None else None,
                 a.case.get("sex"),
                 f"setting: {humanize(str(a.case['setting']))}" if a.case.get("setting") else None]
    meta = "; ".join(str(b) for b in case_bits if b)
    meta = (meta + ". " if meta else "") + (
        f"legdx {a.legdx_version}, knowledge base {a.kb_version}, schema {a.schema_version}, "
        f"for {'patients' if c.patient else 'clinicians'}."
    )
    title = "Your leg symptoms: what this could mean" if c.patient else "legdx assessment"
    return Document(a.audience, banner, doc_sections, title, meta)


def _split(a: model.Assessment) -> tuple[list[model.DifferentialEntry], list[model.DifferentialEntry]]:
    most: list[model.DifferentialEntry] = []
    others: list[model.DifferentialEntry] = []
    for i, d in enumerate(a.differential):
        (most if i < MOST_LIKELY_MIN or d.probability >= MOST_LIKELY_CUT else others).append(d)
    return most, others


# 1) What to do now: red flags and why this level ------------------------------------------------


def _now(c: _Ctx) -> Section:
    a = c.a
    blocks: list[Block] = []
    if c.patient:
        blocks.append(Para(T(strong(_sentence(a.triage.label)), " ", a.triage.action), "lead"))
        if a.red_flags:
            blocks.append(Para(T("Warning signs found in what you told us:")))
            blocks.append(Items([
                Item(T(strong(h.name + ": "), _sentence(h.action),
                       " (not yet checked against the source)" if h.unverified else None, *tags(h.source)),
                     [Item(T("Because of: ", ", ".join(c.finding(t) for t in h.triggered_by) or "-"))])
                for h in a.red_flags
            ]))
        reasons = [r for r in a.triage.reasons if not r.red_flag]
        if reasons:
            blocks.append(Para(T("Why:")))
            blocks.append(Items([Item(T(_sentence(r.text), *tags(r.source))) for r in reasons]))
        return Section("now", "What to do now", blocks)

    if a.red_flags:
        blocks.append(Items([
            Item(T(strong(h.name), f" ({level_words(h.level)}): ", _sentence(h.action),
                   " (unverified)" if h.unverified else None, *tags(h.source)),
                 [Item(T("Triggered by: ", ", ".join(c.finding(t) for t in h.triggered_by) or "-"))])
            for h in a.red_flags
        ]))
    else:
        blocks.append(Para(T("No red flag was raised by the stated findings.")))
    floor = a.triage.red_flag_floor
    why = [Item(T(_sentence(r.text), *tags(r.source))) for r in a.triage.reasons]
    if floor:
        why.append(Item(T(f"Red-flag floor: {level_words(floor)}; probabilities cannot lower it.")))
    if why:
        blocks.append(Heading(T("Why this level")))
        blocks.append(Items(why))
    return Section("red_flags", "Red flags and triage", blocks)


# 2) Bottom line ----------------------------------------------------------------------------------


def _bottom_line(c: _Ctx, most: list[model.DifferentialEntry]) -> Section:
    a = c.a
    lead = [d for d in most if d.probability >= MOST_LIKELY_CUT][:2] or most[:1]
    parts: list[Part] = []
    if c.patient:
        if lead:
            parts.append(f"The most likely cause is {lead[0].name}: {likelihood_words(lead[0].probability)}.")
            if len(lead) > 1:
                parts.append(f" {lead[1].name} is also {likelihood_words(lead[1].probability)}.")
        else:
            parts.append("We could not rank any cause from what you told us.")
        parts.append(f" What to do: {_sentence(a.triage.label)}")
        if a.red_flags:
            parts.append(" A warning sign was found, so do not wait.")
        return Section("bottom_line", "In short", [Para(T(*parts), "lead")])

    if lead:
        d0 = lead[0]
        parts.append(f"Leading: {d0.name} at {pct(d0.probability)} (pre-test {pct(d0.pretest_probability)})")
        if len(lead) > 1:
            d1 = lead[1]
            parts.append(f"; also {d1.name} at {pct(d1.probability)} "
                         f"(pre-test {pct(d1.pretest_probability)})")
        parts.append(".")
        parts.extend(tags(*(d.pretest.source for d in lead)))
    else:
        parts.append("No condition could be ranked.")
    flag_names = [h.name for h in a.red_flags]
    parts.append(f" Triage: {level_words(a.triage.level)} ({a.triage.label})")
    if flag_names:
        parts.append(", set by the red flag" + ("s " if len(flag_names) > 1 else " ") + "; ".join(flag_names))
    parts.append(".")
    parts.extend(tags(*(r.source for r in a.triage.reasons)))
    blocks: list[Block] = [Para(T(*parts), "lead")]
    if most and not any(d.evidence_for or d.evidence_against for d in most):
        blocks.append(Para(T("No stated finding moved these probabilities: they are pre-test estimates."),
                           "note"))
    return Section("bottom_line", "Bottom line", blocks)


# 3) Key distinction: direction with exertion -----------------------------------------------------


def _direction(c: _Ctx) -> Section:
    a = c.a
    dc = a.direction_check
    blocks: list[Block] = []
    if dc is not None:
        blocks.append(Para(T(dc.message, *tags(dc.source))))
        if dc.conflicts:
            blocks.append(Items([Item(T(strong("Conflict: " if not c.patient else "Please check: "), x,
                                        *tags(dc.source))) for x in dc.conflicts]))
    else:
        blocks.append(Para(T("Whether walking makes the symptoms worse or better was not stated. "
                             "Ask it first." if not c.patient else
                             "You did not say whether walking makes your legs worse or better. "
                             "Your doctor will ask."), "warning"))
    if a.pitfalls:
        pf = a.pitfalls[0]
        blocks.append(Para(T(strong("Pitfall: " if not c.patient else "Keep in mind: "), _sentence(pf.text),
                             *tags(pf.source))))
    title = "Walking: better or worse?" if c.patient else "Key distinction: direction with exertion"
    return Section("direction", title, blocks)


# 4) Most likely ----------------------------------------------------------------------------------


def _evidence_table(c: _Ctx, evs: list[model.Evidence]) -> Table:
    rows = []
    for e in evs:
        changed = abs(e.lr_used - e.lr) > 1e-9 * max(1.0, abs(e.lr))
        rows.append([
            T(e.name),
            T(e.state),
            T(num(e.lr)),
            T(num(e.lr_used) if changed else "same"),
            T(e.adjustment or ("" if not changed else "adjusted")),
            T(e.grade + (", unverified" if e.unverified else "")),
            T(Run(e.source, "src")),
        ])
    return Table(["Finding", "State", "LR", "LR used", "Adjustment", "Grade", "Source"], rows)


def _age(band: str) -> str:
    return band if "age" in band else f"age {band}"


def _codes(d: model.DifferentialEntry) -> str:
    bits = []
    for system, codes in d.codes.items():
        if codes:
            label = {"icd10cm": "ICD-10-CM", "snomed": "SNOMED CT"}.get(system, system)
            bits.append(f"{label} {', '.join(codes)}")
    return "; ".join(bits)


def _most_likely(c: _Ctx, most: list[model.DifferentialEntry]) -> Section:
    blocks: list[Block] = []
    if not most:
        blocks.append(Para(T("No condition in the differential.")))
    elif c.patient:
        blocks.append(Para(T("Each chance is for that cause on its own. More than one cause can be "
                             "present, so they do not add up to 100%."), "note"))
    else:
        blocks.append(Para(T("Pre-test -> post-test probability for each condition on its own; conditions "
                             "can coexist, so probabilities need not sum to 100%."), "note"))
    for i, d in enumerate(most, 1):
        blocks.extend(_patient_condition(c, i, d) if c.patient else _clinician_condition(c, i, d))
    title = "What this might be" if c.patient else "Most likely"
    return Section("most_likely", title, blocks)


def _clinician_condition(c: _Ctx, i: int, d: model.DifferentialEntry) -> list[Block]:
    blocks: list[Block] = [Heading(T(f"{i}. {d.name}: {pct(d.pretest_probability)} -> {pct(d.probability)}"))]
    pre = d.pretest
    facts = [
        Item(T(f"Pre-test {pct(pre.probability)} ",
               f"({humanize(pre.setting)}, {_age(pre.age_band)}; {pre.grade})",
               f"; {pre.note}" if pre.note else None, *tags(pre.source))),
        Item(T("Hallmark: ", d.hallmark)),
        Item(T(f"Usual urgency: {level_words(d.urgency)}")),
    ]
    codes = _codes(d)
    if codes:
        facts.append(Item(T("Codes: ", codes)))
    if d.unverified_values_used:
        facts.append(Item(T(strong("Unverified: "), "some values behind this estimate are marked unverified "
                            "in the knowledge base.")))
    blocks.append(Items(facts))
    if d.evidence_for:
        blocks.append(Para(T(strong("Evidence for"))))
        blocks.append(_evidence_table(c, d.evidence_for))
    if d.evidence_against:
        blocks.append(Para(T(strong("Evidence against"))))
        blocks.append(_evidence_table(c, d.evidence_against))
    if not d.evidence_for and not d.evidence_against:
        blocks.append(Para(T("No stated finding bears on it."), "note"))
    n = d.most_informative_unknown
    if n is not None:
        q = f" (\"{n.question}\")" if n.question else ""
        blocks.append(Para(T(strong("Most informative unknown: "),
                             f"asking about {n.name}{q} would move it to {pct(n.probability_if_present)} "
                             f"if present / {pct(n.probability_if_absent)} if absent.")))
    return blocks


def _patient_condition(c: _Ctx, i: int, d: model.DifferentialEntry) -> list[Block]:
    blocks: list[Block] = [Heading(T(f"{i}. {d.name}: {likelihood_words(d.probability)}"))]
    items = [Item(T(d.hallmark))]
    up = [e for e in d.evidence_for if abs(e.lr_used - 1) > 1e-9]
    down = [e for e in d.evidence_against if abs(e.lr_used - 1) > 1e-9]
    if up:
        items.append(Item(T("This makes it more likely:"),
                          [Item(T(e.name, *tags(e.source))) for e in up]))
    if down:
        items.append(Item(T("This makes it less likely:"),
                          [Item(T(e.name, *tags(e.source))) for e in down]))
    items.append(Item(T(f"Before your answers it was {likelihood_words(d.pretest_probability)}.",
                        *tags(d.pretest.source))))
    n = d.most_informative_unknown
    if n is not None:
        q = n.question or f"Do you have this: {n.name}?"
        items.append(Item(T(f"A question that would help: \"{q}\" If yes, it would be "
                            f"{likelihood_words(n.probability_if_present)}. If no, "
                            f"{likelihood_words(n.probability_if_absent)}.")))
    blocks.append(Items(items))
    return blocks


# 5) Must not miss --------------------------------------------------------------------------------


def _must_not_miss(c: _Ctx) -> Section | None:
    a = c.a
    rows = [d for d in a.differential if d.urgency in EMERGENCY_LEVELS or d.id in c.flagged]
    rows.sort(key=lambda d: (d.id not in c.flagged, -d.probability))
    if c.patient:
        blocks: list[Block] = []
        if a.red_flags:
            blocks.append(Para(T("You have a warning sign. Do this:")))
            blocks.append(Items([Item(T(strong(h.name + ": "), _sentence(h.action), *tags(h.source)))
                                 for h in a.red_flags]))
        if rows:
            blocks.append(Para(T("Get help at once (call an ambulance or go to an emergency department) "
                                 "if you notice signs of:")))
            blocks.append(Items([Item(T(strong(d.name + ": "), d.hallmark)) for d in rows]))
        if not blocks:
            return None
        return Section("urgent", "When to get help urgently", blocks)
    if not rows:
        return Section("must_not_miss", "Must not miss",
                       [Para(T("No emergency condition is in the differential."))])
    items = []
    for d in rows:
        flags = c.flagged.get(d.id, [])
        items.append(Item(T(
            strong(d.name), f": {pct(d.probability)} (pre-test {pct(d.pretest_probability)}); "
            f"usual urgency {level_words(d.urgency)}",
            f"; pointed to by the red flag {', '.join(h.name for h in flags)}" if flags else None,
            *tags(d.pretest.source, *(h.source for h in flags)))))
    return Section("must_not_miss", "Must not miss", [Items(items)])


# 6) Calculations ---------------------------------------------------------------------------------


def _is_records(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)


def _records_table(rows: list[tuple[str | None, dict[str, Any]]]) -> Table:
    cols: list[str] = []
    for _, r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    labelled = any(label is not None for label, _ in rows)
    header = ([""] if labelled else []) + [humanize(k) for k in cols]
    body = [([T(humanize(label or ""))] if labelled else []) + [T(_value(k, r.get(k))) for k in cols]
            for label, r in rows]
    return Table(header, body)


def _result_blocks(calc: model.Calculation, detail: bool) -> list[Block]:
    """A calculation's result, generically: scalars as lines; mappings that share keys (e.g. one per
    leg) as one table with a row each; a mapping of mappings or a list of records (e.g. instrument
    items) as a table; any other mapping as one line. ``detail=False`` keeps the scalar lines only."""
    result = {k: v for k, v in calc.result.items()
              if not (v is None or v == [] or v == {} or k == "complete" or v == calc.id)}
    flat = {k: v for k, v in result.items()  # records: mappings that are not mappings of mappings
            if isinstance(v, dict) and not all(isinstance(x, dict) or x is None for x in v.values())}
    grouped = [k for k in flat if any(set(flat[k]) & set(flat[o]) for o in flat if o != k)]
    lines: list[Item] = []
    tables: list[Block] = []
    if grouped and detail:
        tables.append(_records_table([(k, flat[k]) for k in grouped]))
    for k, v in result.items():
        if k in grouped:
            continue
        if isinstance(v, dict) and k not in flat:
            if detail:
                rows = [(rk, rv or {}) for rk, rv in v.items()]
                tables += [Para(T(strong(humanize(k)))), _records_table(rows)]
        elif _is_records(v):
            if detail:
                tables += [Para(T(strong(humanize(k)))), _records_table([(None, x) for x in v])]
        elif isinstance(v, dict):
            if detail:
                lines.append(Item(T(f"{humanize(k)}: {_value(k, v)}")))
        else:
            lines.append(Item(T(f"{humanize(k)}: {_value(k, v)}")))
    blocks: list[Block] = []
    if lines:
        blocks.append(Items(lines))
    blocks.extend(tables)
    return blocks


def _value(key: str, v: Any) -> str:
    if isinstance(v, list | tuple):
        if len(v) == 2 and all(isinstance(x, int | float) for x in v) and "range" in key:
            return num(v[0]) if v[0] == v[1] else f"{num(v[0])} to {num(v[1])}"
        return ", ".join(_value(key, x) for x in v) or "-"
    if isinstance(v, dict):
        return "; ".join(f"{humanize(k)} {_value(k, x)}" for k, x in v.items() if x is not None) or "-"
    return num(v)


def _calculations(c: _Ctx) -> Section | None:
    a = c.a
    if not a.calculations:
        return None
    blocks: list[Block] = []
    for calc in a.calculations:
        head = [calc.name]
        if not calc.complete:
            head.append(" (incomplete)" if not c.patient else " (not all questions answered)")
        if calc.unverified:
            head.append(" (unverified)" if not c.patient else " (not yet checked against the source)")
        blocks.append(Heading(T(*head, *tags(calc.source))))
        if not calc.complete:
            blocks.append(Para(T(
                "Some items are missing: the result is given as the range the missing answers allow."
                if not c.patient else "Some answers are missing, so the result is a range."), "warning"))
        if calc.interpretation:
            blocks.append(Items([Item(T(_sentence(x), *tags(calc.source))) for x in calc.interpretation]))
        details = _result_blocks(calc, detail=not c.patient)
        if details:
            blocks.append(Para(T(strong("Details" if not c.patient else "Numbers"))))
            blocks.extend(details)
        if calc.thresholds:
            if c.patient:
                blocks.append(Para(T("What the numbers mean:")))
                blocks.append(Items([Item(T(f"{num(t.value)}: {t.meaning}", *tags(t.source)))
                                     for t in calc.thresholds]))
            else:
                blocks.append(Para(T(strong("Thresholds"))))
                blocks.append(Table(["Threshold", "Value", "Meaning", "Grade", "Source"], [
                    [T(t.id), T(num(t.value)), T(t.meaning),
                     T(t.grade + (", unverified" if t.unverified else "")), T(Run(t.source, "src"))]
                    for t in calc.thresholds]))
    return Section("calculations", "Your measurements" if c.patient else "Calculations", blocks)


# 7) Work-up --------------------------------------------------------------------------------------


def _workup(c: _Ctx) -> Section | None:
    a = c.a
    if not a.workup:
        return None
    items = []
    for w in sorted(a.workup, key=lambda w: (w.done, w.order)):
        children = []
        for y in w.why:
            lead = f"For {c.condition(y.condition)}: " if c.patient else f"Why ({c.condition(y.condition)}): "
            children.append(Item(T(lead, _sentence(y.text), *tags(y.source))))
        if w.interpretation:
            reading = []
            for it in w.interpretation:
                unv = bool(it.get("unverified"))
                reading.append(Item(T(
                    f"{it.get('result', '')}: " if it.get("result") else None,
                    _sentence(str(it.get("meaning", ""))),
                    (" (unverified)" if not c.patient else " (not yet checked)") if unv else None,
                    *tags(it.get("source")))))
            children.append(Item(T("What the result means:" if c.patient else "How to read it:"), reading))
        done = ""
        if w.done:
            done = " (already done)" if c.patient else " (already done: results used above)"
        items.append(Item(T(strong(w.name), done, *tags(w.source)), children))
    title = "Tests your doctor may suggest" if c.patient else "Work-up, in order"
    return Section("workup", title, [Items(items, ordered=True)])


# 8) Management -----------------------------------------------------------------------------------


def _management(c: _Ctx) -> Section | None:
    a = c.a
    if not a.management:
        return None
    blocks: list[Block] = []
    for plan in a.management:
        if c.patient:
            blocks.append(Heading(T(f"If it is {plan.name}: {likelihood_words(plan.probability)}")))
        else:
            blocks.append(Heading(T(f"{plan.name} ({pct(plan.probability)})")))
        items = []
        for st in sorted(plan.steps, key=lambda s: s.stage):
            children = []
            if st.timeline:
                children.append(Item(T("Timeline: " if not c.patient else "When: ", st.timeline)))
            if c.patient:
                if st.applies == "check":
                    children.append(Item(T("Ask your doctor whether this applies to you.")))
            else:
                if st.decision_point:
                    children.append(Item(T("Decision point: ", st.decision_point)))
                rec = f"Recommendation: {st.recommendation}; " if st.recommendation else ""
                children.append(Item(T(f"{rec}grade {st.grade}", "; unverified" if st.unverified else None,
                                       *tags(st.source))))
                if st.applies == "check":
                    children.append(Item(T(strong("Check: "), "depends on something the case does not state; "
                                           "confirm before acting.")))
            prefix = "(check) " if st.applies == "check" and not c.patient else ""
            items.append(Item(T(strong(f"Step {st.stage}: " if c.patient else f"Stage {st.stage}: "), prefix,
                                _sentence(st.action), *tags(st.source)), children))
        blocks.append(Items(items))
    title = "Treatment steps" if c.patient else "Management by diagnosis"
    return Section("management", title, blocks)


# 9) Pitfalls -------------------------------------------------------------------------------------


def _pitfalls(c: _Ctx) -> Section | None:
    rest = c.a.pitfalls[1:]
    if not rest:
        return None
    items = [Item(T(_sentence(p.text), f" ({c.condition(p.condition)})" if p.condition else None,
                    *tags(p.source))) for p in rest]
    return Section("pitfalls", "Good to know" if c.patient else "Pitfalls", [Items(items)])


# 10) Other possibilities -------------------------------------------------------------------------


def _others(c: _Ctx, others: list[model.DifferentialEntry]) -> Section | None:
    if not others:
        return None
    if c.patient:
        return Section("others", "Other, less likely causes", [Items([
            Item(T(f"{d.name}: {likelihood_words(d.probability)}", *tags(d.pretest.source)))
            for d in others])])
    rows = [[T(d.name), T(pct(d.probability)), T(pct(d.pretest_probability)), T(level_words(d.urgency)),
             T(Run(d.pretest.source, "src"))] for d in others]
    header = ["Condition", "Probability", "Pre-test", "Usual urgency", "Pre-test source"]
    return Section("others", "Other possibilities", [Table(header, rows)])


# 11) Findings ------------------------------------------------------------------------------------


def _from_text(f: model.FindingOut) -> str:
    if f.text and f.span:
        return f"\"{f.text}\" (characters {f.span[0]}-{f.span[1]})"
    if f.text:
        return f"\"{f.text}\""
    if f.span:
        return f"characters {f.span[0]}-{f.span[1]}"
    return ""


def _finding_row(f: model.FindingOut) -> list[Inline]:
    return [T(f.name), T(code(f.id)), T(f.state), T(f.origin), T(_from_text(f))]


def _findings(c: _Ctx) -> Section:
    a = c.a
    used = [f for f in a.findings if f.used]
    shown = [f for f in a.findings if not f.used]
    blocks: list[Block] = []
    if c.patient:
        yes = [f for f in used if f.state == "present"]
        no = [f for f in used if f.state == "absent"]
        if yes:
            blocks.append(Para(T("You said yes to: ", "; ".join(f.name for f in yes) + ".")))
        if no:
            blocks.append(Para(T("You said no to: ", "; ".join(f.name for f in no) + ".")))
        if shown:
            blocks.append(Para(T("Also noted, but not used to work out the chances: ",
                                 "; ".join(f"{f.name} ({humanize(f.state)})" for f in shown) + ".")))
        if not blocks:
            blocks.append(Para(T("You did not tell us about any symptoms yet.")))
        return Section("findings", "What you told us", blocks)
    header = ["Finding", "Id", "State", "Origin", "From the text"]
    if used:
        blocks.append(Table(header, [_finding_row(f) for f in used]))
    else:
        blocks.append(Para(T("No finding was stated as present or absent.")))
    if shown:
        blocks.append(Para(T(strong("Shown, not used"), " (historical, family, hypothetical, possible or "
                             "unknown states do not move probabilities):")))
        blocks.append(Table(header, [_finding_row(f) for f in shown]))
    return Section("findings", "Findings used", blocks)


# 12) Warnings ------------------------------------------------------------------------------------


def _warnings(c: _Ctx) -> Section | None:
    ws = c.a.warnings
    if not ws:
        return None
    if c.patient:
        return Section("warnings", "Notes", [Items([Item(T(_sentence(w.message))) for w in ws])])
    return Section("warnings", "Warnings", [Items([
        Item(T(_sentence(w.message), " (", code(w.code), f", at {w.where}" if w.where else None, ")"))
        for w in ws])])


# 13) References ----------------------------------------------------------------------------------


def _references(c: _Ctx) -> Section:
    items = []
    for ct in c.a.citations:
        links = []
        if ct.doi:
            links.append(f"doi:{ct.doi}")
        if ct.url and not (ct.doi and ct.url.rstrip("/").endswith(ct.doi)):
            links.append(ct.url)
        elif ct.url and not ct.doi:
            links.append(ct.url)
        items.append(Item(T(Run(ct.id, "src"), " ", _sentence(ct.citation),
                            " " + ". ".join(links) + "." if links else None,
                            " (citation not re-verified)" if not ct.verified else None), anchor=ct.id))
    title = "Where this information comes from" if c.patient else "References"
    return Section("references", title, [Items(items)])


def _iter_runs(blocks: Iterable[Block]) -> Iterable[Run]:
    for b in blocks:
        if isinstance(b, Para | Heading):
            yield from b.body
        elif isinstance(b, Table):
            for row in b.rows:
                for cell in row:
                    yield from cell
        elif isinstance(b, Items):
            stack = list(b.items)
            while stack:
                it = stack.pop()
                yield from it.body
                stack.extend(it.children)


def _resolve_references(a: model.Assessment, sections: list[Section]) -> None:
    """Make every source tag resolvable: ids cited in the text but absent from ``citations`` get a
    reference entry that says so."""
    known = {ct.id for ct in a.citations}
    refs = next(s for s in sections if s.key == "references")
    missing: list[str] = []
    for s in sections:
        if s is refs:
            continue
        for r in _iter_runs(s.blocks):
            if r.kind == "src" and r.text not in known and r.text not in missing:
                missing.append(r.text)
    if missing:
        items = refs.blocks[0]
        assert isinstance(items, Items)
        for sid in missing:
            items.items.append(Item(T(Run(sid, "src"), " Full citation not included in this assessment (see ",
                                      code("legdx kb sources"), ")."), anchor=sid))
    if not known and not missing:
        refs.blocks = [Para(T("No sources were cited."))]
