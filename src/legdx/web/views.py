"""What the web pages show, computed from an ``Assessment`` (or an interview step): banner, probability
bars, the work-up flow diagram, both legs with their ABI, the management timeline, and what changed
between two assessments. Presentation only: nothing medical is decided here; every number shown comes
from the assessment or the knowledge base.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

from legdx import model
from legdx.knowledge.schema import TRIAGE_ORDER
from legdx.report.document import EMERGENCY_LEVELS, level_words, likelihood_words, pct

AUDIENCES = ("clinician", "patient")

#: Words of the page chrome, per audience (the assessment itself is already worded for its audience).
WORDS: dict[str, dict[str, str]] = {
    "clinician": {
        "tagline": "Decision support for leg symptoms related to walking",
        "start_title": "Leg symptoms with walking: what is going on?",
        "start_intro": "Paste the history, or take the guided interview: red flags first, then the questions "
        "that best separate the differential.",
        "who": "Who is using legdx?",
        "paste_title": "Paste a description",
        "paste_label": "History or clinical note (free text)",
        "paste_hint": "For example: 72-year-old man, bilateral buttock and thigh pain after 200 m, eased by "
        "sitting or leaning on a trolley, not by standing still.",
        "paste_button": "Read and assess",
        "interview_title": "Guided interview",
        "interview_intro": "One question at a time, red flags first. It stops when no remaining question "
        "could change the triage level or the leading diagnosis, and says why.",
        "interview_button": "Start the interview",
        "age": "Age (years)",
        "sex": "Sex",
        "setting": "Setting",
        "patient_id": "Patient identifier (optional)",
        "patient_id_hint": "Assessments with the same identifier can be compared later. Avoid names.",
        "why": "Why this is asked",
        "yes": "Yes",
        "no": "No",
        "unsure": "Not sure",
        "back": "Back",
        "stop": "Stop and assess now",
        "phase_red_flag_screen": "Red-flag screen",
        "phase_information_gain": "Narrowing the differential",
        "live_title": "Differential and triage so far",
        "done_title": "Interview finished",
        "see_result": "See the assessment",
        "result_title": "Assessment",
        "diff_title": "Differential: pre-test and post-test probability",
        "diff_note": "Each condition on its own (conditions can coexist, so they need not add up to 100%). "
        "Open a row for the evidence for and against, with likelihood ratios and sources.",
        "pretest": "pre-test",
        "posttest": "post-test",
        "workup_title": "Work-up",
        "abi_title": "Ankle-brachial index (ABI)",
        "mgmt_title": "Management plan",
        "pitfalls_title": "Pitfalls",
        "refs_title": "References",
        "ask_title": "Ask a follow-up question",
        "ask_label": "Your question about this assessment",
        "saved_title": "Saved assessments",
        "changes_title": "What changed",
        "findings_title": "Findings used",
        "print": "Print / save as PDF",
    },
    "patient": {
        "tagline": "Help to understand leg symptoms that come with walking",
        "start_title": "Why do my legs hurt, feel heavy or go numb when I walk?",
        "start_intro": "Describe what happens in your own words, or answer simple questions one at a time. "
        "We check for warning signs first.",
        "who": "Who is using legdx?",
        "paste_title": "Describe it in your own words",
        "paste_label": "What happens to your legs, and when?",
        "paste_hint": "For example: my calves cramp after 5 minutes of walking and ease when I stand still.",
        "paste_button": "Read my description",
        "interview_title": "Answer questions one at a time",
        "interview_intro": "Warning signs come first. We stop as soon as more questions would not change "
        "the advice, and tell you why.",
        "interview_button": "Start the questions",
        "age": "Your age (years)",
        "sex": "Sex",
        "setting": "Where are you?",
        "patient_id": "A name or nickname to find this again (optional)",
        "patient_id_hint": "Use the same one next time to see what changed.",
        "why": "Why am I asked this?",
        "yes": "Yes",
        "no": "No",
        "unsure": "Not sure",
        "back": "Back",
        "stop": "Stop and see the advice now",
        "phase_red_flag_screen": "Warning signs",
        "phase_information_gain": "Finding the likely cause",
        "live_title": "So far",
        "done_title": "Thank you: that is enough questions",
        "see_result": "See what this could mean",
        "result_title": "What this could mean",
        "diff_title": "Possible causes",
        "diff_note": "Each chance is for that cause on its own. More than one cause can be present, so they "
        "do not add up to 100%. Open a row to see what made it more or less likely.",
        "pretest": "before your answers",
        "posttest": "after your answers",
        "workup_title": "Tests your doctor may suggest",
        "abi_title": "Blood pressure in the arms and ankles (ABI)",
        "mgmt_title": "Treatment steps over time",
        "pitfalls_title": "Good to know",
        "refs_title": "Where this information comes from",
        "ask_title": "Ask a question",
        "ask_label": "Your question",
        "saved_title": "Saved results",
        "changes_title": "What changed",
        "findings_title": "What you told us",
        "print": "Print / save as PDF",
    },
}

SETTINGS = (
    ("primary_care", "Primary care / general practice"),
    ("specialty_clinic", "Specialty clinic"),
    ("emergency_department", "Emergency department"),
    ("general_population", "Community / screening"),
)
PATIENT_SETTINGS = (
    ("primary_care", "At home, or seeing my family doctor"),
    ("specialty_clinic", "At a specialist clinic"),
    ("emergency_department", "In an emergency department"),
)
SEXES = (("", "Not stated"), ("female", "Female"), ("male", "Male"), ("other", "Other"))

#: Category -> CSS class and words, for ABI legs (words are always printed beside the colour).
ABI_CATEGORY_WORDS = {
    "abnormal": "Abnormal",
    "borderline": "Borderline",
    "normal": "Normal",
    "noncompressible": "Noncompressible",
    None: "Not measured",
}


def level_class(level: str) -> str:
    return "level-" + re.sub(r"[^a-z0-9_]", "", level).replace("_", "-")


def is_emergency(level: str) -> bool:
    return level in EMERGENCY_LEVELS


@dataclass
class Banner:
    level: str
    css: str
    words: str
    label: str
    action: str
    prompt: str
    emergency: bool


def banner(level: str, label: str, action: str, audience: str) -> Banner:
    urgent = is_emergency(level)
    prompt = "Do this now" if urgent else ("Next step" if audience == "clinician" else "What to do")
    return Banner(level, level_class(level), level_words(level), label.rstrip("."), action, prompt, urgent)


def assessment_banner(a: model.Assessment) -> Banner:
    return banner(a.triage.level, a.triage.label, a.triage.action, a.audience)


# --------------------------------------------------------------------------------------------------
# Differential bars


@dataclass
class EvidenceRow:
    name: str
    finding: str
    state: str
    lr: str
    lr_used: str
    adjusted: bool
    adjustment: str | None
    grade: str
    source: str
    note: str | None


@dataclass
class Bar:
    id: str
    name: str
    post: float
    pre: float
    post_text: str
    pre_text: str
    post_width: str  # SVG width, percent (0-100)
    pre_width: str
    direction: str  # up | down | same
    direction_words: str
    hallmark: str
    urgency_words: str
    pre_source: str
    pre_note: str | None
    codes: str
    evidence_for: list[EvidenceRow] = field(default_factory=list)
    evidence_against: list[EvidenceRow] = field(default_factory=list)
    more_likely: list[tuple[str, str]] = field(default_factory=list)  # patient: (name, source)
    less_likely: list[tuple[str, str]] = field(default_factory=list)
    next_question: str | None = None


def _num(x: float) -> str:
    return f"{x:.3g}"


def _evidence(evs: list[model.Evidence]) -> list[EvidenceRow]:
    out = []
    for e in evs:
        adjusted = abs(e.lr_used - e.lr) > 1e-9 * max(1.0, abs(e.lr))
        out.append(
            EvidenceRow(
                e.name,
                e.finding,
                e.state,
                _num(e.lr),
                _num(e.lr_used),
                adjusted,
                e.adjustment,
                e.grade + (", unverified" if e.unverified else ""),
                e.source,
                e.note,
            )
        )
    return out


def _width(p: float) -> str:
    return f"{max(0.0, min(1.0, p)) * 100:.1f}"


def bars(a: model.Assessment) -> list[Bar]:
    patient = a.audience == "patient"
    out = []
    for d in a.differential:
        delta = d.probability - d.pretest_probability
        direction = "up" if delta > 0.005 else "down" if delta < -0.005 else "same"
        if patient:
            words = {
                "up": "more likely after your answers",
                "down": "less likely after your answers",
                "same": "unchanged by your answers",
            }[direction]
            post_text, pre_text = likelihood_words(d.probability), likelihood_words(d.pretest_probability)
        else:
            words = {"up": "raised", "down": "lowered", "same": "unchanged"}[direction]
            post_text, pre_text = pct(d.probability), pct(d.pretest_probability)
        codes = "; ".join(
            f"{ {'icd10cm': 'ICD-10-CM', 'snomed': 'SNOMED CT'}.get(k, k) } {', '.join(v)}"
            for k, v in d.codes.items()
            if v
        )
        nq = None
        n = d.most_informative_unknown
        if n is not None:
            if patient:
                nq = (
                    f'"{n.question or n.name}" If yes: {likelihood_words(n.probability_if_present)}; '
                    f"if no: {likelihood_words(n.probability_if_absent)}."
                )
            else:
                nq = (
                    f"{n.name}: {pct(n.probability_if_present)} if present, "
                    f"{pct(n.probability_if_absent)} if absent."
                )
        b = Bar(
            id=d.id,
            name=d.name,
            post=d.probability,
            pre=d.pretest_probability,
            post_text=post_text,
            pre_text=pre_text,
            post_width=_width(d.probability),
            pre_width=_width(d.pretest_probability),
            direction=direction,
            direction_words=words,
            hallmark=d.hallmark,
            urgency_words=level_words(d.urgency),
            pre_source=d.pretest.source,
            pre_note=d.pretest.note,
            codes=codes,
            next_question=nq,
        )
        if patient:
            b.more_likely = [(e.name, e.source) for e in d.evidence_for if abs(e.lr_used - 1) > 1e-9]
            b.less_likely = [(e.name, e.source) for e in d.evidence_against if abs(e.lr_used - 1) > 1e-9]
        else:
            b.evidence_for = _evidence(d.evidence_for)
            b.evidence_against = _evidence(d.evidence_against)
        out.append(b)
    return out


def live_bars(top: list[tuple[str, float]], names: dict[str, str], audience: str) -> list[dict[str, str]]:
    """The interview's running differential (no pre-test values there)."""
    fmt = likelihood_words if audience == "patient" else pct
    return [{"id": cid, "name": names.get(cid, cid), "text": fmt(p), "width": _width(p)} for cid, p in top]


# --------------------------------------------------------------------------------------------------
# Work-up flow diagram (inline SVG, vertical so that it stays readable on a phone)

FLOW_W = 400
_BOX_X = 56
_LINE_H = 19
_WRAP = 36


@dataclass
class FlowBox:
    n: int
    y: int
    h: int
    lines: list[str]
    status: str  # done | current | later
    status_words: str
    title_y: list[int]
    status_y: int
    why: list[tuple[str, str, str]]  # (condition, text, source)
    reading: list[tuple[str, str, str]]  # (result, meaning, source)
    name: str
    source: str


@dataclass
class Flow:
    width: int
    height: int
    boxes: list[FlowBox]
    arrows: list[tuple[int, int]]  # (y1, y2)
    current: str | None
    summary: str


def workup_flow(a: model.Assessment, condition_names: dict[str, str]) -> Flow | None:
    items = sorted(a.workup, key=lambda w: w.order)
    if not items:
        return None
    patient = a.audience == "patient"
    current = next((w.test for w in items if not w.done), None)
    boxes: list[FlowBox] = []
    arrows: list[tuple[int, int]] = []
    y = 8
    for i, w in enumerate(items, 1):
        lines = textwrap.wrap(w.name, _WRAP) or [w.name]
        h = 30 + _LINE_H * len(lines) + 6
        if w.done:
            status, words = "done", "Done" if not patient else "Done already"
        elif w.test == current:
            status = "current"
            words = "Next step: the patient is here" if not patient else "You are here: next step"
        else:
            status, words = "later", "Later, if needed"
        title_y = [y + 24 + _LINE_H * k for k in range(len(lines))]
        boxes.append(
            FlowBox(
                n=i,
                y=y,
                h=h,
                lines=lines,
                status=status,
                status_words=words,
                title_y=title_y,
                status_y=y + 24 + _LINE_H * len(lines),
                why=[(condition_names.get(r.condition, r.condition), r.text, r.source) for r in w.why],
                reading=[
                    (str(it.get("result") or ""), str(it.get("meaning") or ""), str(it.get("source") or ""))
                    for it in w.interpretation
                ],
                name=w.name,
                source=w.source,
            )
        )
        y += h
        if i < len(items):
            arrows.append((y + 2, y + 22))
            y += 24
    done = sum(1 for b in boxes if b.status == "done")
    cur = next((b.name for b in boxes if b.status == "current"), None)
    summary = f"{len(boxes)} steps in order; {done} done" + (f"; next: {cur}" if cur else "; all done") + "."
    return Flow(FLOW_W, y + 8, boxes, arrows, current, summary)


# --------------------------------------------------------------------------------------------------
# ABI: both legs drawn, categories coloured and labelled

ABI_FIELDS = (
    ("brachial_right", "Right arm (brachial)", "arms"),
    ("brachial_left", "Left arm (brachial)", "arms"),
    ("dp_right", "Right dorsalis pedis (DP)", "right"),
    ("pt_right", "Right posterior tibial (PT)", "right"),
    ("dp_left", "Left dorsalis pedis (DP)", "left"),
    ("pt_left", "Left posterior tibial (PT)", "left"),
    ("toe_right", "Right great toe", "toes"),
    ("toe_left", "Left great toe", "toes"),
)


@dataclass
class LegView:
    side: str
    title: str
    category: str | None
    css: str
    words: str
    abi: str | None
    severity: str | None
    ankle: str
    toe: str | None
    x: int


def legs(calc: model.Calculation | None) -> list[LegView]:
    """Both legs from an ABI calculation's result (patient's right drawn on the viewer's left, as when
    facing the patient; each leg is labelled)."""
    result = calc.result if calc is not None else {}
    out = []
    for side, x in (("right", 40), ("left", 220)):
        r = result.get(side) or {}
        measured = bool(r.get("measured")) and r.get("abi") is not None
        cat = r.get("category") if measured else None
        bits = []
        for art in ("dp", "pt"):
            if r.get(art) is not None:
                bits.append(f"{art.upper()} {r[art]:g}")
        toe = None
        if r.get("toe_pressure") is not None:
            toe = f"Toe {r['toe_pressure']:g} mmHg"
            if r.get("tbi") is not None:
                toe += f", TBI {r['tbi']:.2f}" + (f" ({r['tbi_category']})" if r.get("tbi_category") else "")
        out.append(
            LegView(
                side=side,
                title=f"{side.capitalize()} leg",
                category=cat,
                css="abi-" + (cat or "none"),
                words=ABI_CATEGORY_WORDS.get(cat, str(cat).capitalize()),
                abi=f"{r['abi']:.2f}" if measured else None,
                severity=str(r["severity"]) if measured and r.get("severity") and cat == "abnormal" else None,
                ankle=" · ".join(bits) + " mmHg" if bits else "no ankle pressure",
                toe=toe,
                x=x,
            )
        )
    return out


def abi_values(calc: model.Calculation | None) -> dict[str, str]:
    """The pressures an ABI calculation used, to fill the form again."""
    if calc is None:
        return {}
    r = calc.result
    vals: dict[str, Any] = {
        "brachial_right": r.get("brachial_right"),
        "brachial_left": r.get("brachial_left"),
    }
    for side in ("right", "left"):
        leg = r.get(side) or {}
        vals[f"dp_{side}"] = leg.get("dp")
        vals[f"pt_{side}"] = leg.get("pt")
        vals[f"toe_{side}"] = leg.get("toe_pressure")
    return {k: f"{v:g}" for k, v in vals.items() if isinstance(v, int | float)}


def calculation(a: model.Assessment, cid: str) -> model.Calculation | None:
    return next((c for c in a.calculations if c.id == cid), None)


# --------------------------------------------------------------------------------------------------
# Management timeline (weeks)

_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:-|–|to|and)\s*(\d+(?:\.\d+)?)\s*(weeks?|months?|years?)\b", re.I)
_SINGLE = re.compile(r"(\d+(?:\.\d+)?)\s*(weeks?|months?|years?)\b", re.I)
_NOW = re.compile(r"\b(hours?|same[- ]day|today|immediately|now)\b", re.I)
_PER = {"w": 1.0, "m": 4.345, "y": 52.18}
MAX_WEEKS = 104


def weeks_in(text: str | None) -> list[int]:
    """Week numbers a timeline sentence mentions ("12 weeks", "6 and 12 weeks", "2 weeks to 6 months")."""
    if not text:
        return []
    found: set[int] = set()
    spans: list[tuple[int, int]] = []
    for m in _RANGE.finditer(text):
        f = _PER[m.group(3)[0].lower()]
        found.update({round(float(m.group(1)) * f), round(float(m.group(2)) * f)})
        spans.append(m.span())
    for m in _SINGLE.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        found.add(round(float(m.group(1)) * _PER[m.group(2)[0].lower()]))
    if not found and _NOW.search(text):
        found.add(0)
    return sorted(w for w in found if 0 <= w <= MAX_WEEKS)


@dataclass
class TimelineStep:
    n: int
    stage: int
    action: str
    timeline: str | None
    decision_point: str | None
    recommendation: str | None
    grade: str
    source: str
    applies: str
    weeks: list[int]


@dataclass
class Timeline:
    condition: str
    name: str
    probability: str
    steps: list[TimelineStep]
    axis_max: int
    ticks: list[tuple[int, float]]  # (week, x)
    markers: list[tuple[float, int, str]]  # (x, week, step numbers)
    stages: list[tuple[int, list[TimelineStep]]]


_AX0, _AX1 = 20.0, 352.0


def _x(week: int, axis_max: int) -> float:
    return round(_AX0 + (_AX1 - _AX0) * week / axis_max, 1)


def timeline(plan: model.ManagementPlan, audience: str) -> Timeline:
    steps = []
    for i, st in enumerate(sorted(plan.steps, key=lambda s: s.stage), 1):
        wk = weeks_in(st.timeline)  # the schedule; decision points may quote trial follow-up times
        steps.append(
            TimelineStep(
                i,
                st.stage,
                st.action,
                st.timeline,
                st.decision_point,
                st.recommendation,
                st.grade + ("; unverified" if st.unverified else ""),
                st.source,
                st.applies,
                wk,
            )
        )
    weeks = sorted({w for s in steps for w in s.weeks})
    top = max([12, *weeks])
    step = 4 if top <= 24 else 8 if top <= 52 else 13
    axis_max = -(-top // step) * step
    ticks = [(w, _x(w, axis_max)) for w in range(0, axis_max + 1, step)]
    markers = []
    for w in weeks:
        nums = ", ".join(str(s.n) for s in steps if w in s.weeks)
        markers.append((_x(w, axis_max), w, nums))
    stages: dict[int, list[TimelineStep]] = {}
    for s in steps:
        stages.setdefault(s.stage, []).append(s)
    prob = likelihood_words(plan.probability) if audience == "patient" else pct(plan.probability)
    return Timeline(plan.condition, plan.name, prob, steps, axis_max, ticks, markers, sorted(stages.items()))


# --------------------------------------------------------------------------------------------------
# What changed between two assessments of the same patient


@dataclass
class ConditionChange:
    id: str
    name: str
    before: str
    after: str
    delta_pp: float | None
    delta_text: str
    direction: str


@dataclass
class Changes:
    triage_before: Banner
    triage_after: Banner
    triage_direction: str  # more urgent | less urgent | unchanged
    top_before: str | None
    top_after: str | None
    top_changed: bool
    conditions: list[ConditionChange]
    flags_added: list[str]
    flags_removed: list[str]
    findings_changed: list[tuple[str, str, str]]  # (name, before state, after state)


def changes(before: model.Assessment, after: model.Assessment, n: int = 6) -> Changes:
    b_banner, a_banner = assessment_banner(before), assessment_banner(after)
    ib, ia = TRIAGE_ORDER.index(before.triage.level), TRIAGE_ORDER.index(after.triage.level)
    direction = "more urgent" if ia < ib else "less urgent" if ia > ib else "unchanged"
    bp = {d.id: d for d in before.differential}
    ap = {d.id: d for d in after.differential}
    ids: list[str] = []
    for d in (*after.differential[:n], *before.differential[:n]):
        if d.id not in ids:
            ids.append(d.id)
    rows = []
    for cid in ids:
        b, a = bp.get(cid), ap.get(cid)
        name = (a or b).name if (a or b) else cid  # type: ignore[union-attr]
        if a is not None and b is not None:
            dpp = (a.probability - b.probability) * 100
            text = f"{dpp:+.0f} points" if abs(dpp) >= 0.5 else "no change"
            direction_c = "up" if dpp >= 0.5 else "down" if dpp <= -0.5 else "same"
        else:
            dpp, text, direction_c = None, "new" if b is None else "no longer listed", "same"
        rows.append(
            ConditionChange(
                cid,
                name,
                pct(b.probability) if b else "-",
                pct(a.probability) if a else "-",
                dpp,
                text,
                direction_c,
            )
        )
    rows.sort(
        key=lambda r: (
            -max(ap[r.id].probability if r.id in ap else 0, bp[r.id].probability if r.id in bp else 0)
        )
    )
    bf = {h.id: h.name for h in before.red_flags}
    af = {h.id: h.name for h in after.red_flags}
    bfind = {f.id: (f.name, f.state) for f in before.findings}
    afind = {f.id: (f.name, f.state) for f in after.findings}
    fchanged: list[tuple[str, str, str]] = []
    for fid, (name, state) in afind.items():
        old = bfind.get(fid)
        if old is None or old[1] != state:
            fchanged.append((name, old[1] if old else "not stated", state))
    for fid, (name, state) in bfind.items():
        if fid not in afind:
            fchanged.append((name, state, "not stated"))
    top_b = before.differential[0].id if before.differential else None
    top_a = after.differential[0].id if after.differential else None
    return Changes(
        b_banner,
        a_banner,
        direction,
        before.differential[0].name if before.differential else None,
        after.differential[0].name if after.differential else None,
        top_b != top_a,
        rows,
        [v for k, v in af.items() if k not in bf],
        [v for k, v in bf.items() if k not in af],
        fchanged,
    )
