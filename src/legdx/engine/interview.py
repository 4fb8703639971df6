"""The adaptive interview: which question next, and when to stop.

Two phases:

1. **Red-flag screen.** Each red flag lists ``screen`` findings. The first screening question of every
   flag not yet settled is asked first, most urgent flag first; a "yes" brings that flag's remaining
   screening questions forward so that its escalations can be judged.
2. **Information gain.** Over the normalised posterior of the conditions, the expected reduction in
   entropy from each askable unknown finding. P(finding | condition) comes from the finding's LRs
   (sensitivity = LR+ (1 - LR-) / (LR+ - LR-) when both are known; with one side only, a reference
   rate of the finding among other conditions, ``q`` below, fills in the other side).

Stop rule: the interview stops when no remaining question (outside the screened-out red flags) could,
by either answer, change the triage level or which condition is first, or move any of the top three by
more than the ``interview_margin`` setting; or when ``max_questions`` is reached. It says which.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from legdx import model
from legdx.engine import core
from legdx.engine.compiled import CompiledKB, default_compiled

#: Reference rate of a finding among people without the condition, where an LR gives only one side.
#: A method choice (legdx_methods), not a clinical fact; it only orders questions.
Q_REFERENCE = 0.1


@dataclass
class Question:
    finding: str
    text: str
    why: str
    phase: str  # red_flag_screen | information_gain
    expected_gain: float
    red_flag: str | None = None


@dataclass
class Step:
    question: Question | None
    should_stop: bool
    stop_reason: str
    asked: int
    triage_level: str
    top: list[tuple[str, float]] = field(default_factory=list)


def _p_given(use: core.LRUse | None) -> float:
    if use is None:
        return Q_REFERENCE
    lp = use.raw.lr_pos
    ln = use.raw.lr_neg
    if lp is not None and ln is not None and abs(lp - ln) > 1e-9:
        sens = lp * (1 - ln) / (lp - ln)
        if 0 < sens < 1:
            return sens
    if lp is not None:
        return min(0.95, max(0.01, lp * Q_REFERENCE))
    if ln is not None:
        return min(0.99, max(0.01, 1 - ln * (1 - Q_REFERENCE)))
    return Q_REFERENCE


def _entropy(ps: list[float]) -> float:
    total = sum(ps)
    if total <= 0:
        return 0.0
    return -sum((p / total) * math.log(p / total) for p in ps if p > 0)


def asked_ids(case: model.Case) -> set[str]:
    """Findings already answered, including 'unknown' answers (not asked again)."""
    return set(case.findings)


def _snapshot(ck: CompiledKB, base: core.CaseState, findings: dict[str, bool]) -> tuple[int, list[tuple[str, float]]]:
    f2, o2, v2, _ = core.resolve(ck, findings, {k: "interview" for k in findings}, base.variables, [])
    st = core.CaseState(base.age, base.setting, f2, o2, {}, v2)
    diff = core.differential(ck, st)
    hits = core.red_flags(ck, st)
    tri = core.triage(ck, st, diff, hits, "clinician")
    from legdx.knowledge.schema import TRIAGE_ORDER

    return TRIAGE_ORDER.index(tri.level), [(r.id, r.probability) for r in diff[:3]]


def next_step(case: model.Case, *, audience: str = "clinician", ck: CompiledKB | None = None) -> Step:
    """The next question for this case (answers so far are the case's findings), or why to stop."""
    ck = ck or default_compiled()
    kb = ck.kb
    state = core.prepare(case, ck)
    diff = core.differential(ck, state)
    hits = core.red_flags(ck, state)
    tri = core.triage(ck, state, diff, hits, audience)
    asked = asked_ids(case)
    top = [(r.id, round(r.probability, 4)) for r in diff[:5]]
    n_asked = sum(1 for f in case.findings.values() if f.origin == "interview")
    max_q = int(kb.settings.get("max_questions"))

    def allowed(fid: str) -> bool:
        d = kb.findings[fid]
        return (d.question is not None and d.derive is None and fid not in asked
                and fid not in state.findings and audience in d.ask_in_setting)

    def ask(fid: str, phase: str, gain: float, flag: str | None = None) -> Step:
        d = kb.findings[fid]
        assert d.question is not None
        q = Question(fid, getattr(d.question, audience), getattr(d.question.why, audience), phase, gain, flag)
        return Step(q, False, "", n_asked, tri.level, top)

    if n_asked >= max_q:
        return Step(None, True, f"reached the maximum of {max_q} questions", n_asked, tri.level, top)

    # Phase 1: red-flag screen, most urgent flags first.
    from legdx.knowledge.schema import TRIAGE_ORDER

    screened_out: set[str] = set()
    flags = sorted(kb.red_flags.values(), key=lambda r: TRIAGE_ORDER.index(r.level))
    hit_ids = {h.id for h in hits}
    for rf in flags:
        screen = [f for f in rf.screen if audience in kb.findings[f].ask_in_setting]
        if not screen:
            continue
        first = screen[0]
        if rf.id in hit_ids or state.findings.get(first) is True:
            # raised or screened positive: ask the rest of its screen so escalations can be judged
            for f in screen[1:]:
                if allowed(f):
                    return ask(f, "red_flag_screen", 0.0, rf.id)
        elif allowed(first):
            return ask(first, "red_flag_screen", 0.0, rf.id)
        else:
            screened_out.add(rf.id)
    flag_only: set[str] = set()
    for rid in screened_out:
        from legdx.knowledge import rules

        flag_only |= rules.referenced_findings(kb.red_flags[rid].trigger)

    # Phase 2: expected information gain over the normalised posterior.
    probs = [r.probability for r in diff]
    h0 = _entropy(probs)
    candidates: list[tuple[float, str]] = []
    for fid in ck.askable:
        if not allowed(fid):
            continue
        p_pos_c = [_p_given(ck.link(r.id, fid)) for r in diff]
        post_pos, post_neg = [], []
        for r, pc in zip(diff, p_pos_c, strict=True):
            post_pos.append(r.probability * pc)
            post_neg.append(r.probability * (1 - pc))
        tot = sum(probs)
        p_yes = sum(post_pos) / tot if tot > 0 else Q_REFERENCE
        gain = h0 - (p_yes * _entropy(post_pos) + (1 - p_yes) * _entropy(post_neg))
        candidates.append((gain, fid))
    candidates.sort(reverse=True)

    # Stop rule: could any remaining question change the decision?
    margin = kb.settings.get("interview_margin")
    base_rank, base_top = _snapshot(ck, state, dict(state.findings))
    base_p = dict(base_top)
    for gain, fid in candidates:
        if fid in flag_only:
            continue
        changes = False
        for value in (True, False):
            rank, new_top = _snapshot(ck, state, {**state.findings, fid: value})
            new_p = dict(new_top)
            if rank != base_rank or new_top[0][0] != base_top[0][0]:
                changes = True
            elif any(abs(new_p.get(c, 0.0) - p) > margin for c, p in base_p.items()):
                changes = True
            if changes:
                break
        if changes:
            return ask(fid, "information_gain", gain)
    if not candidates:
        return Step(None, True, "no questions are left to ask", n_asked, tri.level, top)
    return Step(None, True,
                f"no remaining question could change the triage level or the leading condition, or move any of "
                f"the top three by more than {margin:.0%}", n_asked, tri.level, top)
