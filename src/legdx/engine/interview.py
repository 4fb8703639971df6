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
by either answer, change the triage level or which condition is first, or move the leading condition by
more than the ``interview_margin`` setting; or when ``max_questions`` is reached. It says which.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from legdx import model
from legdx.engine import core
from legdx.engine.compiled import CompiledKB, default_compiled
from legdx.knowledge import rules
from legdx.knowledge.schema import TRIAGE_ORDER

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


def _background(ck: CompiledKB, fid: str) -> float:
    """How often the finding is present among people without a given condition, from the LRs that give
    both sides (P = 1 - specificity, averaged); Q_REFERENCE when no LR gives both sides."""
    cached = ck.cache.get(("background", fid))
    if cached is None:
        rates = []
        for use in ck.by_finding[fid]:
            lp, ln = use.raw.lr_pos, use.raw.lr_neg
            if lp is not None and ln is not None and abs(lp - ln) > 1e-9:
                spec = (lp - 1) / (lp - ln)
                if 0 < spec < 1:
                    rates.append(1 - spec)
        cached = ck.cache[("background", fid)] = sum(rates) / len(rates) if rates else Q_REFERENCE
    return float(cached)  # type: ignore[arg-type]


def _p_given(use: core.LRUse | None, background: float) -> float:
    """P(finding present | condition): from the condition's own LRs, else the finding's background rate."""
    if use is None:
        return background
    lp = use.raw.lr_pos
    ln = use.raw.lr_neg
    if lp is not None and ln is not None and abs(lp - ln) > 1e-9:
        sens = lp * (1 - ln) / (lp - ln)
        if 0 < sens < 1:
            return sens
    if lp is not None:
        return min(0.95, max(0.01, lp * background))
    if ln is not None:
        return min(0.99, max(0.01, 1 - ln * (1 - background)))
    return background


def _entropy(ps: list[float]) -> float:
    total = sum(ps)
    if total <= 0:
        return 0.0
    return -sum((p / total) * math.log(p / total) for p in ps if p > 0)


def asked_ids(case: model.Case) -> set[str]:
    """Findings already answered, including 'unknown' answers (not asked again)."""
    return set(case.findings)


def _snapshot(
    ck: CompiledKB, base: core.CaseState, base_diff: list[core.CondResult], fid: str, value: bool
) -> tuple[int, list[tuple[str, float]]]:
    """Triage rank and differential after one more answer, recomputing only what that answer touches."""
    findings = dict(base.findings)
    findings[fid] = value
    variables = base.variables
    ctx = rules.Context(findings=findings, variables=variables)
    touched = {fid}
    for d in ck.dependents.get(fid, ()):
        v = rules.compiled(ck.kb.findings[d].derive)(ctx)
        if v is not None and findings.get(d) != v:
            findings[d] = v
            touched.add(d)
    if fid in ck.instrument_inputs:
        from legdx import calculators

        inst_vars, _ = calculators.score_instruments(
            findings, variables, ck.kb, derived=True, cuts=ck.instrument_cuts
        )
        if any(variables.get(k) != v for k, v in inst_vars.items()):
            variables = {**variables, **inst_vars}
            before = dict(findings)
            core.derive_findings(ck, findings, {}, variables, [], ck.after_instruments)
            touched |= {k for k, v in findings.items() if before.get(k) != v}
    st = core.CaseState(base.age, base.setting, findings, {}, {}, dict(variables))
    affected = {u.condition for t in touched for u in ck.by_finding.get(t, ())}
    diff = [
        core.score_condition(ck, r.id, findings, st.setting, st.age) if r.id in affected else r
        for r in base_diff
    ]
    diff.sort(key=lambda r: (-r.probability, -r.prior.p, r.id))
    hits = core.red_flags(ck, st)
    tri = core.triage(ck, st, diff, hits, "clinician")
    return TRIAGE_ORDER.index(tri.level), [(r.id, r.probability) for r in diff]


def _fast_probs(ck: CompiledKB, diff: list[core.CondResult], fid: str, value: bool) -> dict[str, float]:
    """Probabilities after one more answer, for a finding that feeds no rule: only its own LRs change."""
    out: dict[str, float] = {}
    k = ck.cluster_of[fid]
    by_id = {r.id: r for r in diff}
    for use in ck.by_finding[fid]:
        lg = use.log_pos if value else use.log_neg
        if lg is None:
            continue
        r = by_id[use.condition]
        cur = r.cluster_best.get(k)
        if cur is None:
            x = r.logit + lg
        elif abs(lg) > abs(cur):
            x = r.logit - cur + lg
        else:
            continue
        out[use.condition] = 1.0 / (1.0 + math.exp(-x)) if -35 < x < 35 else (1.0 if x > 0 else 0.0)
    return out


def _could_change(
    ck: CompiledKB,
    state: core.CaseState,
    diff: list[core.CondResult],
    fid: str,
    base_level: int,
    leader: str,
    p_leader: float,
    margin: float,
    hits: list[core.FlagHit],
    escalation_floor: str | None = None,
) -> bool:
    kb = ck.kb
    for value in (True, False):
        if fid in ck.rule_inputs:
            rank, top = _snapshot(ck, state, diff, fid, value)
            new_leader, new_p = top[0]
            new_p_leader = dict(top).get(leader)
            if new_p_leader is None:
                return True
        else:
            changed = _fast_probs(ck, diff, fid, value)
            if not changed:
                continue
            probs = {r.id: changed.get(r.id, r.probability) for r in diff}
            new_leader = max(probs, key=lambda c: probs[c])
            new_p_leader = probs[leader]
            # the probability-driven level (no rule input changed, so red-flag and escalation floors stay)
            policy = kb.settings.triage
            level = TRIAGE_ORDER.index(policy.default_level)
            for cid, p in probs.items():
                u = kb.conditions[cid].urgency
                if p >= u.min_probability:
                    level = min(level, TRIAGE_ORDER.index(u.level))
            if hits:
                level = min(level, TRIAGE_ORDER.index(hits[0].level))
            if escalation_floor is not None:  # an urgency escalation raised stays too (its inputs feed rules)
                level = min(level, TRIAGE_ORDER.index(escalation_floor))
            rank = level if base_level != TRIAGE_ORDER.index("self_care") else base_level
        if rank != base_level or new_leader != leader or abs(new_p_leader - p_leader) > margin:
            return True
    return False


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
        return (
            d.question is not None
            and d.derive is None
            and fid not in asked
            and d.kind != "test"
            and fid not in state.findings
            and audience in d.ask_in_setting
        )

    def ask(fid: str, phase: str, gain: float, flag: str | None = None) -> Step:
        d = kb.findings[fid]
        assert d.question is not None
        q = Question(fid, getattr(d.question, audience), getattr(d.question.why, audience), phase, gain, flag)
        return Step(q, False, "", n_asked, tri.level, top)

    if n_asked >= max_q:
        return Step(None, True, f"reached the maximum of {max_q} questions", n_asked, tri.level, top)

    # Phase 1: red-flag screen, most urgent flags first.
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
        flag_only |= rules.referenced_findings(kb.red_flags[rid].trigger)

    # Phase 2: expected information gain over the normalised posterior.
    probs = [r.probability for r in diff]
    h0 = _entropy(probs)
    candidates: list[tuple[float, str]] = []
    for fid in ck.askable:
        if not allowed(fid):
            continue
        bg = _background(ck, fid)
        p_pos_c = [_p_given(ck.link(r.id, fid), bg) for r in diff]
        post_pos, post_neg = [], []
        for r, pc in zip(diff, p_pos_c, strict=True):
            post_pos.append(r.probability * pc)
            post_neg.append(r.probability * (1 - pc))
        tot = sum(probs)
        p_yes = sum(post_pos) / tot if tot > 0 else Q_REFERENCE
        gain = h0 - (p_yes * _entropy(post_pos) + (1 - p_yes) * _entropy(post_neg))
        candidates.append((gain, fid))
    candidates.sort(reverse=True)

    # Stop rule: could any remaining answer change the triage level or the leading condition, or move the
    # leading condition by more than the margin? Findings that feed rules (red flags, derived findings,
    # instruments) are simulated in full; the others change only their own LRs, computed directly.
    margin = kb.settings.get("interview_margin")
    base_level = TRIAGE_ORDER.index(tri.level)
    leader, p_leader = diff[0].id, diff[0].probability
    for gain, fid in candidates:
        if fid in flag_only:
            continue
        if _could_change(
            ck, state, diff, fid, base_level, leader, p_leader, margin, hits, tri.escalation_floor
        ):
            return ask(fid, "information_gain", gain)
    if not candidates:
        return Step(None, True, "no questions are left to ask", n_asked, tri.level, top)
    return Step(
        None,
        True,
        f"no remaining question could change the triage level or the leading condition, or move the "
        f"leading condition by more than {margin:.0%}",
        n_asked,
        tri.level,
        top,
    )
