"""Work-up, management, pitfalls and the direction-with-exertion check, from the knowledge base."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from itertools import compress
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
    # ``diff`` is ordered by probability (highest first): the top three and those at or above the cut
    # are a prefix
    n = 3
    while n < len(diff) and diff[n].probability >= cut:
        n += 1
    if not hits:
        return diff[:n]
    flagged = {c for h in hits for c in ck.kb.red_flags[h.id].conditions}
    rest = diff[n:]
    return diff[:n] + list(compress(rest, map(flagged.__contains__, map(_id, rest))))


_id = operator.attrgetter("id")
_probability = operator.attrgetter("probability")


def rule_context(state: CaseState, diff: list[CondResult], level: str) -> rules.Context:
    """What the work-up and management rules see: findings, variables, probabilities, triage level."""
    return rules.Context(
        findings=state.findings,
        variables=state.variables,
        probabilities=dict(zip(map(_id, diff), map(_probability, diff), strict=True)),
        triage_rank=TRIAGE_ORDER.index(level),
        triage_order=TRIAGE_ORDER,
    )


def workup(
    ck: CompiledKB,
    ctx: rules.Context,
    diff: list[CondResult],
    lead: list[CondResult],
    audience: str,
) -> list[model.WorkupItem]:
    t = tables(ck, audience)
    refs_of, measured_of, tests = t.refs, t.measured, t.tests
    items: dict[str, model.WorkupItem] = {}
    weight: dict[str, float] = {}
    floor = t.workup_floor
    lead_ids = {r.id for r in lead}
    for r in diff:
        p = r.probability
        if r.id in lead_ids:
            refs = refs_of[r.id]
        elif p >= floor:
            # outside the leading conditions, only tests that the case's measurements call for
            refs = measured_of[r.id]
        else:
            continue
        for when, tid, why in refs:
            if when is not None and when(ctx) is not True:
                continue
            item = items.get(tid)
            if item is not None:
                item.why.append(why)
                if p > weight[tid]:
                    weight[tid] = p
                continue
            test, done_when, name, interpretation = tests[tid]
            items[tid] = _WorkupItem(
                test=test.id,
                name=name,
                order=test.order,
                why=[why],
                interpretation=interpretation,
                source=test.source,
                done=done_when is not None and done_when(ctx) is True,
            )
            weight[tid] = p
    if len(items) < 2:
        return list(items.values())
    keyed = [(w.done, w.order, -weight[tid], tid, w) for tid, w in items.items()]  # test ids are unique
    keyed.sort(key=_four)
    return [k[4] for k in keyed]


def _four(k: tuple[bool, int, float, str, model.WorkupItem]) -> tuple[bool, int, float, str]:
    return k[:4]


_WorkupItem = model.full_maker(model.WorkupItem)
_ManagementPlan = model.full_maker(model.ManagementPlan)

_RefRow = tuple[rules.Compiled | None, str, model.WorkupReason]  # compiled ``when``, test id, reason line
_TestRow = tuple[Any, rules.Compiled | None, str, list[dict[str, object]]]
_StepRow = tuple[rules.Compiled | None, model.ManagementStep, model.ManagementStep]


@dataclass(frozen=True)
class Tables:
    """The plan's fixed pieces for one knowledge base and audience, built once (shared, immutable)."""

    # condition -> its work-up entries (compiled rule, None when it is ``true``; test id; reason line), in
    # the KB's order; and
    # those whose rule reads a measurement (the only ones shown outside the leading conditions)
    refs: dict[str, list[_RefRow]]
    measured: dict[str, list[_RefRow]]
    # test -> (test, compiled ``done_when`` or None, name, interpretation lines)
    tests: dict[str, _TestRow]
    # test -> the sources of its interpretation lines, in order
    test_sources: dict[str, tuple[str, ...]]
    steps: dict[str, list[_StepRow]]  # condition -> management steps in plan order
    names: dict[str, str]  # condition -> name
    pitfalls: dict[str, list[model.Pitfall]]  # condition -> its pitfalls
    first_pitfall: model.Pitfall  # the direction-with-exertion pitfall
    workup_floor: float


def tables(ck: CompiledKB, audience: str) -> Tables:
    """The plan tables of ``ck`` for one audience (built on first use, then kept with ``ck``)."""
    got = ck.cache.get(("plan_tables", audience))
    if got is None:
        got = ck.cache[("plan_tables", audience)] = _tables(ck, audience)
    return got  # type: ignore[return-value]


def _tables(ck: CompiledKB, audience: str) -> Tables:
    kb = ck.kb
    refs = {cid: _workup_refs(ck, cid, audience) for cid in ck.condition_ids}
    measured = {
        cid: [
            row
            for row, ref in zip(rows, kb.conditions[cid].workup, strict=True)
            if rules.referenced_variables(ref.when)
        ]
        for cid, rows in refs.items()
    }
    return Tables(
        refs=refs,
        measured=measured,
        tests={tid: _test_words(ck, tid, audience) for tid in kb.tests},
        test_sources={tid: interpretation_sources(ck, tid) for tid in kb.tests},
        steps={cid: _steps(ck, cid, audience) for cid in ck.condition_ids},
        names={cid: getattr(c.name, audience) for cid, c in kb.conditions.items()},
        pitfalls={cid: _pitfalls_of(ck, cid, audience) for cid in ck.condition_ids},
        first_pitfall=model.fast(
            model.Pitfall,
            text=getattr(kb.settings.direction_pitfall, audience),
            source=kb.settings.direction_source,
        ),
        workup_floor=kb.settings.get("workup_probability"),
    )


def _workup_refs(ck: CompiledKB, cid: str, audience: str) -> list[_RefRow]:
    """A condition's work-up entries with the compiled rule, the test and the reason line each adds to
    its test (one output piece per entry and audience)."""
    return [
        (
            None if ref.when is True else rules.compiled(ref.when),
            ref.test,
            model.fast(model.WorkupReason, condition=cid, text=getattr(ref.why, audience), source=ref.source),
        )
        for ref in ck.kb.conditions[cid].workup
    ]


def _test_words(ck: CompiledKB, tid: str, audience: str) -> _TestRow:
    """A test with its compiled ``done_when`` rule, its name and its interpretation lines (shared)."""
    test = ck.kb.tests[tid]
    done = rules.compiled(test.done_when) if test.done_when is not None else None
    return test, done, getattr(test.name, audience), _interpretation(ck, tid, audience)


def _steps(ck: CompiledKB, cid: str, audience: str) -> list[_StepRow]:
    """A condition's management steps in the order a plan shows them (by stage; the KB's order within
    a stage), each with its compiled rule (None when it is ``true``) and its output when it applies and
    when it needs checking."""
    out = []
    for st in sorted(ck.kb.conditions[cid].management, key=lambda s: s.stage):
        words = {
            "id": st.id,
            "stage": st.stage,
            "action": getattr(st.action, audience),
            "timeline": st.timeline,
            "decision_point": st.decision_point,
            "recommendation": st.recommendation,
            "source": st.source,
            "grade": st.grade,
            "unverified": st.unverified,
        }
        yes = model.fast(model.ManagementStep, **words, applies="yes")
        check = model.fast(model.ManagementStep, **words, applies="check")
        out.append((None if st.when is True else rules.compiled(st.when), yes, check))
    return out


def _interpretation(ck: CompiledKB, test_id: str, audience: str) -> list[dict[str, object]]:
    """How to read a test's results (built once per test and audience; shared, never mutated)."""
    return [
        {
            "result": it.result,
            "meaning": getattr(it.meaning, audience),
            "source": it.source,
            "unverified": it.unverified,
        }
        for it in ck.kb.tests[test_id].interpretation
    ]


def interpretation_sources(ck: CompiledKB, test_id: str) -> tuple[str, ...]:
    """The sources of a test's interpretation lines, in order (the same for both audiences)."""
    return tuple(it.source for it in ck.kb.tests[test_id].interpretation)


def management(
    ck: CompiledKB, ctx: rules.Context, lead: list[CondResult], audience: str
) -> list[model.ManagementPlan]:
    t = tables(ck, audience)
    steps_of, names = t.steps, t.names
    plans = []
    for r in lead:
        steps = []
        for when, yes, check in steps_of[r.id]:
            if when is None:
                steps.append(yes)
                continue
            applies = when(ctx)
            if applies is not False:
                steps.append(yes if applies else check)
        if steps:
            plans.append(
                _ManagementPlan(condition=r.id, name=names[r.id], probability=r.probability, steps=steps)
            )
    return plans


def pitfalls(ck: CompiledKB, lead: list[CondResult], audience: str) -> list[model.Pitfall]:
    """The direction-with-exertion pitfall, then each leading condition's own (each text once)."""
    t = tables(ck, audience)
    first = t.first_pitfall
    of = t.pitfalls
    out: list[model.Pitfall] = [first]
    seen = {first.text}
    for r in lead:
        for pf in of[r.id]:
            if pf.text not in seen:
                seen.add(pf.text)
                out.append(pf)
    return out


def _pitfalls_of(ck: CompiledKB, cid: str, audience: str) -> list[model.Pitfall]:
    """A condition's pitfalls as output pieces for one audience (built once, shared)."""
    return [
        model.fast(model.Pitfall, text=getattr(pf.text, audience), source=pf.source, condition=cid)
        for pf in ck.kb.conditions[cid].pitfalls
    ]


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
    findings = state.findings
    stated = findings.keys() & ck.exertion_set
    if not stated:
        return None
    # in the knowledge base's order
    reported = sorted([f for f in stated if findings[f] is True], key=ck.exertion_findings.index)
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
    # ``diff`` is already ordered by probability (ties by pre-test probability, then id)
    walking = _exertion_conditions(ck)
    up = {c for c, v in score.items() if v > 0 and c in walking}
    down = {c for c, v in score.items() if v < 0 and c in walking}
    ids = list(map(_id, diff))
    fits = list(compress(diff, map(up.__contains__, ids)))[:4] if up else []
    against = sorted(compress(diff, map(down.__contains__, ids)), key=_minus_prior)[:3] if down else []
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


def _minus_prior(r: CondResult) -> float:
    return -r.prior.p


def _exertion_conditions(ck: CompiledKB) -> frozenset[str]:
    """The conditions with a direction with exertion (``exertion`` set in the knowledge base)."""
    return ck.once(
        ("exertion_conditions",), lambda: frozenset(c for c, d in ck.kb.conditions.items() if d.exertion)
    )


def _describe(ck: CompiledKB, cid: str, audience: str) -> str:
    ex = ck.kb.conditions[cid].exertion
    assert ex is not None
    relief = ex.relief if audience == "clinician" else ex.patient
    return f"{_WALK_WORDS.get(ex.walking, ex.walking)}; {relief}"
