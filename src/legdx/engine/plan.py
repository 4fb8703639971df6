"""Work-up, management, pitfalls and the direction-with-exertion check, from the knowledge base."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from itertools import compress
from typing import Any

from legdx import model
from legdx.engine.compiled import CompiledKB, remember
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
    cited: list[str | None] | None = None,
) -> list[model.WorkupItem]:
    """The tests to consider, most useful first. ``cited``, when given, receives the sources the items
    show, in their order: each test's, then its reasons', then its interpretation lines'."""
    t = tables(ck, audience)
    refs_of, measured_of, tests = t.refs, t.measured, t.tests
    # test id -> [its item, weight (highest probability asking for it), done, order, its reasons'
    # sources, its reasons (the item's ``why`` list, filled here while the item is built)]
    rows: dict[str, list[Any]] = {}
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
        for when, tid, why, why_source in refs:
            if when is not None and when(ctx) is not True:
                continue
            row = rows.get(tid)
            if row is not None:
                row[5].append(why)
                row[4].append(why_source)
                if p > row[1]:
                    row[1] = p
                continue
            test_id, order, source, done_when, name, interpretation = tests[tid]
            done = done_when is not None and done_when(ctx) is True
            whys = [why]
            rows[tid] = [
                _WorkupItem(
                    test=test_id,
                    name=name,
                    order=order,
                    why=whys,
                    interpretation=interpretation,
                    source=source,
                    done=done,
                ),
                p,
                done,
                order,
                [why_source],
                whys,
            ]
    if len(rows) < 2:
        ordered = list(rows.items())
    else:
        keyed = [(row[2], row[3], -row[1], tid, row) for tid, row in rows.items()]  # test ids are unique
        keyed.sort(key=_four)
        ordered = [(k[3], k[4]) for k in keyed]
    if cited is not None:
        test_sources = t.test_sources
        for tid, row in ordered:
            cited.append(tests[tid][2])
            cited.extend(row[4])
            cited.extend(test_sources[tid])
    return [row[0] for _tid, row in ordered]


def _four(k: tuple[bool, int, float, str, list[Any]]) -> tuple[bool, int, float, str]:
    return k[:4]


_WorkupItem = model.full_maker(model.WorkupItem)
_ManagementPlan = model.full_maker(model.ManagementPlan)

# compiled ``when`` (None when it is ``true``), test id, reason line, the reason's source
_RefRow = tuple[rules.Compiled | None, str, model.WorkupReason, str]
# test id, order, source, compiled ``done_when`` (or None), name, interpretation lines
_TestRow = tuple[str, int, str, rules.Compiled | None, str, list[dict[str, object]]]
# compiled ``when`` (None when it is ``true``), the step when it applies, when it needs checking, source
_StepRow = tuple[rules.Compiled | None, model.ManagementStep, model.ManagementStep, str]
_PitfallRow = tuple[str, str, model.Pitfall]  # text, source, output piece


@dataclass(frozen=True)
class Tables:
    """The plan's fixed pieces for one knowledge base and audience, built once (shared, immutable).

    The rows carry the plain values the plan reads of each piece (sources, texts, orders), so that the
    per-case code reads no attribute of a knowledge-base or output model (pydantic attribute reads are
    comparatively slow)."""

    # condition -> its work-up entries (``_RefRow``), in the KB's order; and
    # those whose rule reads a measurement (the only ones shown outside the leading conditions)
    refs: dict[str, list[_RefRow]]
    measured: dict[str, list[_RefRow]]
    tests: dict[str, _TestRow]
    # test -> the sources of its interpretation lines, in order
    test_sources: dict[str, tuple[str, ...]]
    steps: dict[str, list[_StepRow]]  # condition -> management steps in plan order
    names: dict[str, str]  # condition -> name
    pitfalls: dict[str, list[_PitfallRow]]  # condition -> its pitfalls
    first_pitfall: model.Pitfall  # the direction-with-exertion pitfall
    workup_floor: float
    urgency_sources: dict[str, str]  # condition -> the source of its usual urgency


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
        urgency_sources={cid: c.urgency.source for cid, c in kb.conditions.items()},
    )


def _workup_refs(ck: CompiledKB, cid: str, audience: str) -> list[_RefRow]:
    """A condition's work-up entries with the compiled rule, the test and the reason line each adds to
    its test (one output piece per entry and audience)."""
    return [
        (
            None if ref.when is True else rules.compiled(ref.when),
            ref.test,
            model.fast(model.WorkupReason, condition=cid, text=getattr(ref.why, audience), source=ref.source),
            ref.source,
        )
        for ref in ck.kb.conditions[cid].workup
    ]


def _test_words(ck: CompiledKB, tid: str, audience: str) -> _TestRow:
    """A test with its compiled ``done_when`` rule, its name and its interpretation lines (shared)."""
    test = ck.kb.tests[tid]
    done = rules.compiled(test.done_when) if test.done_when is not None else None
    words = getattr(test.name, audience), _interpretation(ck, tid, audience)
    return test.id, test.order, test.source, done, *words


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
        out.append((None if st.when is True else rules.compiled(st.when), yes, check, st.source))
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
    ck: CompiledKB,
    ctx: rules.Context,
    lead: list[CondResult],
    audience: str,
    cited: list[str | None] | None = None,
) -> list[model.ManagementPlan]:
    """A plan per leading condition (the steps whose rule holds or may hold). ``cited``, when given,
    receives the steps' sources in their order."""
    t = tables(ck, audience)
    steps_of, names = t.steps, t.names
    plans = []
    for r in lead:
        steps = []
        for when, yes, check, source in steps_of[r.id]:
            if when is None:
                steps.append(yes)
            else:
                applies = when(ctx)
                if applies is False:
                    continue
                steps.append(yes if applies else check)
            if cited is not None:
                cited.append(source)
        if steps:
            plans.append(
                _ManagementPlan(condition=r.id, name=names[r.id], probability=r.probability, steps=steps)
            )
    return plans


def pitfalls(
    ck: CompiledKB, lead: list[CondResult], audience: str, cited: list[str | None] | None = None
) -> list[model.Pitfall]:
    """The direction-with-exertion pitfall, then each leading condition's own (each text once).
    ``cited``, when given, receives their sources in order."""
    t = tables(ck, audience)
    first = t.first_pitfall
    of = t.pitfalls
    out: list[model.Pitfall] = [first]
    sources = [first.source]
    seen = {first.text}
    for r in lead:
        for text, source, pf in of[r.id]:
            if text not in seen:
                seen.add(text)
                out.append(pf)
                sources.append(source)
    if cited is not None:
        cited.extend(sources)
    return out


def _pitfalls_of(ck: CompiledKB, cid: str, audience: str) -> list[_PitfallRow]:
    """A condition's pitfalls as output pieces for one audience, with their texts and sources (built
    once, shared)."""
    out = []
    for pf in ck.kb.conditions[cid].pitfalls:
        text = getattr(pf.text, audience)
        out.append((text, pf.source, model.fast(model.Pitfall, text=text, source=pf.source, condition=cid)))
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
    findings = state.findings
    stated = findings.keys() & ck.exertion_set
    if not stated:
        return None
    t = _direction_table(ck, audience)
    # in the knowledge base's order
    reported = sorted([f for f in stated if findings[f] is True], key=t.index.__getitem__)
    if not reported:
        return None
    kind_of = t.kind
    kinds = {kind_of[f] for f in reported}
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
    names = ", ".join(map(t.name.__getitem__, reported))
    lines = [f"{'What you told us' if pat else 'Reported'}: {names}."]
    # What fits and what goes against: the conditions whose own LRs for the reported direction findings
    # point up (fits) or down (against). The 'against' list is ordered by pre-test probability: those are
    # the conditions people most often reach for by mistake.
    up, down = _directions(ck, t, tuple(reported))
    # ``diff`` is already ordered by probability (ties by pre-test probability, then id)
    ids = list(map(_id, diff))
    fits = list(compress(diff, map(up.__contains__, ids)))[:4] if up else []
    against = sorted(compress(diff, map(down.__contains__, ids)), key=_minus_prior)[:3] if down else []
    label = t.label
    if fits:
        lines.append(
            ("This fits with: " if pat else "This pattern fits: ")
            + "; ".join([label[r.id] for r in fits])
            + "."
        )
    if against:
        lines.append(
            ("This does not fit well with: " if pat else "It goes against: ")
            + "; ".join([label[r.id] for r in against])
            + "."
        )
    return model.fast(
        model.DirectionCheck,
        reported=reported,
        message=" ".join(lines),
        conflicts=conflicts,
        source=t.source,
    )


def _directions(ck: CompiledKB, t: _DirectionTable, reported: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """The conditions with a direction with exertion whose LRs+ for the reported direction findings add
    up above 0 (fits) and below 0 (against). They depend on the reported findings' ids alone (kept in
    ``ck.memo`` by those ids, like the entries by their links' codes; bounded as there)."""
    memo = ck.memo
    key = ("directions", *reported)
    got: Any = memo.get(key)
    if got is None:
        score: dict[str, float] = {}
        contributions = t.contributions
        for f in reported:
            for cid, log_pos in contributions[f]:
                score[cid] = score.get(cid, 0.0) + log_pos
        walking = t.walking
        up = {c for c, v in score.items() if v > 0 and c in walking}
        down = {c for c, v in score.items() if v < 0 and c in walking}
        got = remember(memo, key, (up, down))
    return got


@dataclass(frozen=True)
class _DirectionTable:
    """What ``direction_check`` reads of the knowledge base for one audience (session 26, spa: built once
    per compiled knowledge base; it depends on nothing else)."""

    index: dict[str, int]  # direction finding -> its position in ``ck.exertion_findings``
    kind: dict[str, str]  # direction finding -> its kind of direction with exertion
    name: dict[str, str]  # direction finding -> its name
    # direction finding -> (condition, log LR+) of its links with an LR+, in ``ck.by_finding`` order
    contributions: dict[str, tuple[tuple[str, float], ...]]
    walking: frozenset[str]  # ``_exertion_conditions``
    label: dict[str, str]  # condition with a direction with exertion -> "name (walking; relief)"
    source: str


def _direction_table(ck: CompiledKB, audience: str) -> _DirectionTable:
    def make() -> _DirectionTable:
        kb = ck.kb
        walking = _exertion_conditions(ck)
        return _DirectionTable(
            index={f: i for i, f in reversed(list(enumerate(ck.exertion_findings)))},
            kind={f: kb.findings[f].exertion for f in ck.exertion_findings},  # type: ignore[misc]
            name={f: getattr(kb.findings[f].name, audience) for f in ck.exertion_findings},
            contributions={
                f: tuple((u.condition, u.log_pos) for u in ck.by_finding[f] if u.log_pos is not None)
                for f in ck.exertion_findings
            },
            walking=walking,
            label={
                cid: f"{getattr(kb.conditions[cid].name, audience)} ({_describe(ck, cid, audience)})"
                for cid in ck.condition_ids
                if cid in walking
            },
            source=kb.settings.direction_source,
        )

    return ck.once(("direction_table", audience), make)


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
