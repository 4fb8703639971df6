"""Work-up, management, pitfalls and the direction-with-exertion check, from the knowledge base."""

from __future__ import annotations

from typing import Any

from legdx import model
from legdx.engine.compiled import CompiledKB
from legdx.engine.core import CaseState, CondResult, FlagHit
from legdx.knowledge import rules
from legdx.knowledge.schema import TRIAGE_ORDER


def leading(ck: CompiledKB, diff: list[CondResult], hits: list[FlagHit]) -> list[CondResult]:
    """The conditions whose work-up and management are shown: the top three, any at or above the
    leading-probability setting, and those a raised red flag points to."""
    cut = ck.kb.settings.get("leading_probability")
    flagged = {c for h in hits for c in ck.kb.red_flags[h.id].conditions}
    out = [r for i, r in enumerate(diff) if i < 3 or r.probability >= cut or r.id in flagged]
    return out


def _ctx(state: CaseState, diff: list[CondResult], level: str) -> rules.Context:
    return rules.Context(
        findings=state.findings,
        variables=state.variables,
        probabilities={r.id: r.probability for r in diff},
        triage_rank=TRIAGE_ORDER.index(level),
        triage_order=TRIAGE_ORDER,
    )


def workup(
    ck: CompiledKB,
    state: CaseState,
    diff: list[CondResult],
    lead: list[CondResult],
    level: str,
    audience: str,
) -> list[model.WorkupItem]:
    kb = ck.kb
    ctx = _ctx(state, diff, level)
    items: dict[str, model.WorkupItem] = {}
    weight: dict[str, float] = {}
    floor = kb.settings.get("workup_probability")
    lead_ids = {r.id for r in lead}
    for r in diff:
        is_lead = r.id in lead_ids
        if not is_lead and r.probability < floor:
            continue
        for ref, reads_vars, when in _workup_refs(ck, r.id):
            if not is_lead and not reads_vars:
                continue  # outside the leading conditions, only tests that the case's measurements call for
            if when(ctx) is not True:
                continue
            test = kb.tests[ref.test]
            why = model.fast(
                model.WorkupReason, condition=r.id, text=getattr(ref.why, audience), source=ref.source
            )
            if ref.test in items:
                items[ref.test].why.append(why)
                weight[ref.test] = max(weight[ref.test], r.probability)
                continue
            done = test.done_when is not None and rules.compiled(test.done_when)(ctx) is True
            items[ref.test] = model.fast(
                model.WorkupItem,
                test=test.id,
                name=getattr(test.name, audience),
                order=test.order,
                why=[why],
                interpretation=_interpretation(ck, test.id, audience),
                source=test.source,
                done=done,
            )
            weight[ref.test] = r.probability
    return sorted(items.values(), key=lambda w: (w.done, w.order, -weight[w.test], w.test))


def _workup_refs(ck: CompiledKB, cid: str) -> list[tuple[Any, bool, rules.Compiled]]:
    """A condition's work-up entries with whether each reads a measurement, and its compiled rule."""
    return ck.once(
        ("workup_refs", cid),
        lambda: [
            (ref, bool(rules.referenced_variables(ref.when)), rules.compiled(ref.when))
            for ref in ck.kb.conditions[cid].workup
        ],
    )


def _steps(ck: CompiledKB, cid: str) -> list[tuple[Any, rules.Compiled]]:
    return ck.once(
        ("steps", cid), lambda: [(st, rules.compiled(st.when)) for st in ck.kb.conditions[cid].management]
    )


def _interpretation(ck: CompiledKB, test_id: str, audience: str) -> list[dict[str, object]]:
    """How to read a test's results (built once per test and audience; shared, never mutated)."""
    return ck.once(
        ("interpretation", audience, test_id),
        lambda: [
            {
                "result": it.result,
                "meaning": getattr(it.meaning, audience),
                "source": it.source,
                "unverified": it.unverified,
            }
            for it in ck.kb.tests[test_id].interpretation
        ],
    )


def management(
    ck: CompiledKB,
    state: CaseState,
    diff: list[CondResult],
    lead: list[CondResult],
    level: str,
    audience: str,
) -> list[model.ManagementPlan]:
    kb = ck.kb
    ctx = _ctx(state, diff, level)
    plans = []
    for r in lead:
        cond = kb.conditions[r.id]
        steps = []
        for st, when in _steps(ck, r.id):
            applies = when(ctx)
            if applies is False:
                continue
            how = "yes" if applies else "check"
            steps.append(
                ck.shared(
                    ("step", audience, r.id, st.id, how),
                    model.ManagementStep,
                    id=st.id,
                    stage=st.stage,
                    action=getattr(st.action, audience),
                    timeline=st.timeline,
                    decision_point=st.decision_point,
                    recommendation=st.recommendation,
                    source=st.source,
                    grade=st.grade,
                    unverified=st.unverified,
                    applies=how,
                )
            )
        if steps:
            steps.sort(key=lambda s: s.stage)
            plans.append(
                model.fast(
                    model.ManagementPlan,
                    condition=r.id,
                    name=getattr(cond.name, audience),
                    probability=r.probability,
                    steps=steps,
                )
            )
    return plans


def pitfalls(ck: CompiledKB, lead: list[CondResult], audience: str) -> list[model.Pitfall]:
    kb = ck.kb
    first = ck.shared(
        ("pitfall", audience, ""),
        model.Pitfall,
        text=getattr(kb.settings.direction_pitfall, audience),
        source=kb.settings.direction_source,
    )
    out: list[model.Pitfall] = [first]
    seen = {out[0].text}
    for r in lead:
        for pf in kb.conditions[r.id].pitfalls:
            text = getattr(pf.text, audience)
            if text not in seen:
                seen.add(text)
                out.append(
                    ck.shared(
                        ("pitfall", audience, r.id, text),
                        model.Pitfall,
                        text=text,
                        source=pf.source,
                        condition=r.id,
                    )
                )
    return out


_WALK_WORDS = {
    "worse": "worse with walking",
    "better": "better with walking or movement",
    "worse_then_better": "worse in the first minutes, then better (second wind)",
    "briefly_better": "briefly better after a short effort",
    "not_related": "not related to walking",
    "variable": "variable with walking",
}


def direction_check(
    ck: CompiledKB, state: CaseState, diff: list[CondResult], audience: str
) -> model.DirectionCheck | None:
    """What the reported direction with exertion means, and which likely conditions it contradicts."""
    kb = ck.kb
    reported = [f for f in ck.exertion_findings if state.findings.get(f) is True]
    if not reported:
        return None
    kinds = {kb.findings[f].exertion for f in reported}
    pat = audience == "patient"
    conflicts: list[str] = []
    if "worse_with_exertion" in kinds and "better_with_exertion" in kinds:
        conflicts.append(
            "You said walking makes things both worse and better: tell your doctor which feeling does which, "
            "and after how long."
            if pat
            else "Both worsening and improvement with exertion were reported: ask which symptom does which, "
            "and over what time (a second wind follows early worsening)."
        )
    if "relieved_by_rest" in kinds and "relieved_by_posture" in kinds:
        conflicts.append(
            "Both standing still and sitting down were said to help: people can have both a back problem "
            "and a circulation problem."
            if pat
            else "Relief by standing still and relief needing sitting or flexion were both reported: "
            "coexisting PAD and spinal stenosis is common in older people."
        )
    names = ", ".join(getattr(kb.findings[f].name, audience) for f in reported)
    lines = [f"{'What you told us' if pat else 'Reported'}: {names}."]
    # What fits and what goes against: the conditions whose own LRs for the reported direction findings
    # point up (fits) or down (against). The 'against' list is ordered by pre-test probability: those are
    # the conditions people most often reach for by mistake.
    score: dict[str, float] = {}
    for f in reported:
        for use in ck.by_finding[f]:
            if use.log_pos is not None:
                score[use.condition] = score.get(use.condition, 0.0) + use.log_pos
    by_p = sorted(diff, key=lambda r: -r.probability)
    fits = [r for r in by_p if score.get(r.id, 0.0) > 0 and kb.conditions[r.id].exertion][:4]
    against = sorted(
        (r for r in diff if score.get(r.id, 0.0) < 0 and kb.conditions[r.id].exertion),
        key=lambda r: -r.prior.p,
    )[:3]
    if fits:
        lines.append(
            ("This fits with: " if pat else "This pattern fits: ")
            + "; ".join(
                f"{getattr(kb.conditions[r.id].name, audience)} ({_describe(ck, r.id, audience)})"
                for r in fits
            )
            + "."
        )
    if against:
        lines.append(
            ("This does not fit well with: " if pat else "It goes against: ")
            + "; ".join(
                f"{getattr(kb.conditions[r.id].name, audience)} ({_describe(ck, r.id, audience)})"
                for r in against
            )
            + "."
        )
    return model.fast(
        model.DirectionCheck,
        reported=reported,
        message=" ".join(lines),
        conflicts=conflicts,
        source=kb.settings.direction_source,
    )


def _describe(ck: CompiledKB, cid: str, audience: str) -> str:
    ex = ck.kb.conditions[cid].exertion
    assert ex is not None
    relief = ex.relief if audience == "clinician" else ex.patient
    return f"{_WALK_WORDS.get(ex.walking, ex.walking)}; {relief}"
