"""The single path's fast forms agree with their plain reference forms on the real knowledge base.

``core.differential`` visits only the links of known findings and ``core.best_unknowns`` walks each
condition's LRs from the largest; ``core.score_condition`` and ``core.best_unknown`` are the plain
one-condition versions they must reproduce exactly (same evidence in the same order, same next question).
Derived findings and red-flag triggers are evaluated only where a known input reaches them, instrument
scores are kept by what they read, and output pieces are shared between assessments: each is checked
against its plain form here.
"""

from __future__ import annotations

import math
import random

import pytest

from legdx import calculators, model
from legdx.calculators import score_instrument, score_instruments
from legdx.engine import core, plan
from legdx.engine.assess import assess
from legdx.engine.compiled import compile_kb, default_compiled
from legdx.knowledge import rules
from legdx.knowledge.loader import default_kb

CK = default_compiled()


def _cases(n: int, seed: int) -> list[model.Case]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        k = rng.randint(0, 45)
        findings = {f: rng.choice(["present", "absent"]) for f in rng.sample(CK.askable, k)}
        meas = {}
        if i % 2:
            meas = {
                "brachial_right": 140,
                "brachial_left": 150,
                "dp_right": rng.randint(40, 200),
                "pt_right": rng.randint(40, 200),
                "dp_left": rng.randint(40, 200),
                "pt_left": 120,
            }
        out.append(
            model.Case.model_validate(
                {
                    "age": rng.choice([None, rng.randint(18, 95), 67.5]),
                    "sex": rng.choice(["male", "female"]),
                    "setting": rng.choice(["primary_care", "specialty_clinic"]),
                    "findings": findings,
                    "measurements": meas,
                }
            )
        )
    return out


def _many_findings(n: int, seed: int) -> list[model.Case]:
    """Cases stating up to 150 findings of any kind: extreme probabilities, large clusters."""
    rng = random.Random(seed)
    pool = list(CK.kb.findings)
    return [
        model.Case.model_validate(
            {
                "age": rng.choice([None, rng.randint(18, 95)]),
                "setting": rng.choice(["primary_care", "specialty_clinic", "emergency_department"]),
                "findings": {
                    f: rng.choice(["present", "absent"])
                    for f in rng.sample(pool, rng.choice([1, 20, 60, 150]))
                },
            }
        )
        for _ in range(n)
    ]


@pytest.mark.parametrize("case", _cases(150, 11) + _many_findings(60, 3), ids=lambda c: str(len(c.findings)))
def test_fast_paths_match_reference(case: model.Case) -> None:
    st = core.prepare(case, CK)
    diff = core.differential(CK, st)
    ref = {cid: core.score_condition(CK, cid, st.findings, st.setting, st.age) for cid in CK.condition_ids}
    assert [r.id for r in diff] == sorted(ref, key=lambda c: (-ref[c].probability, -ref[c].prior.p, c))
    for r in diff:
        q = ref[r.id]
        assert r.logit == q.logit
        assert [(u.finding, s, lg, a) for u, s, lg, a in r.used] == [
            (u.finding, s, lg, a) for u, s, lg, a in q.used
        ]
        assert r.cluster_best == q.cluster_best
    fast = core.best_unknowns(CK, diff, st.findings)
    for r in diff:
        plain = core.best_unknown(CK, r, st.findings)
        got = fast.get(r.id)
        assert got == plain  # same arithmetic: the same floats


def test_shared_results_keep_the_reference_next_question() -> None:
    """Scored conditions are shared between cases with the same prior and stated links, and keep the best
    question among the links not stated: a case that knows that finding otherwise (no LR on that side)
    must still get ``best_unknown``'s answer, and the shared results must equal fresh ones."""
    cases = _cases(80, 31) + _many_findings(40, 32)
    for case in cases + cases[::-1]:  # the second pass finds every result shared, its question kept
        st = core.prepare(case, CK)
        for r in core.differential(CK, st):
            q = core.score_condition(CK, r.id, st.findings, st.setting, st.age)
            assert (r.logit, r.probability, r.cluster_best) == (q.logit, q.probability, q.cluster_best)
            assert core.best_of(CK, r, st.findings) == core.best_unknown(CK, r, st.findings)
            kept = core.open_best(CK, r)
            plain = core.best_unknown(CK, r, {CK.code_finding[c]: True for c in r.codes})
            assert (kept or None) == plain


@pytest.mark.parametrize("case", _cases(60, 7) + _many_findings(20, 8), ids=lambda c: str(len(c.findings)))
def test_reached_rules_match_evaluating_every_rule(case: model.Case) -> None:
    """Derived findings and red-flag triggers that no known input reaches are skipped: the result must be
    the one of evaluating every rule."""
    st = core.prepare(case, CK)
    given = {f: core.USED_STATES[x.state] for f, x in case.findings.items() if x.state in core.USED_STATES}
    for order in (None, CK.derived_order):
        found, origin = dict(given), {f: "input" for f in given}
        warnings: list[model.Warning] = []
        core.derive_findings(CK, found, origin, st.variables, warnings, order)
        if order is None:
            reached = (found, origin, [w.model_dump() for w in warnings])
        else:
            assert reached == (found, origin, [w.model_dump() for w in warnings])
    ctx = rules.Context(findings=st.findings, variables=st.variables)
    every = {rf.id for rf, trigger in CK.flag_fns if trigger(ctx) is True}
    assert {h.id for h in core.red_flags(CK, st)} == every


@pytest.mark.parametrize("case", _cases(60, 5), ids=lambda c: str(len(c.findings)))
def test_engine_instrument_shortcut_matches_full_scoring(case: model.Case) -> None:
    """With ``derived=True`` an instrument's score is kept by the states of what it reads (other cases
    with the same states reuse it); the totals and calculations must equal a full scoring without it."""
    st = core.prepare(case, CK)
    totals = {i.variable for i in CK.kb.instruments.values()}
    base = {k: v for k, v in st.variables.items() if k not in totals}
    fast_vars, fast_calcs = score_instruments(st.findings, base, CK.kb, derived=True)
    slow_vars, slow_calcs = score_instruments(st.findings, base, CK.kb)
    assert fast_vars == slow_vars
    assert [c.model_dump() for c in fast_calcs] == [c.model_dump() for c in slow_calcs]
    for ins in CK.kb.instruments.values():
        a = score_instrument(ins, st.findings, base, CK.kb, derived=True)
        b = score_instrument(ins, st.findings, base, CK.kb)
        assert (a.low, a.high, a.complete) == (b.low, b.high, b.complete)


def test_shared_output_pieces_do_not_change_assessments() -> None:
    """Assessments built with warm caches (evidence lines, next questions, entries, instrument scores ...)
    equal those built from empty caches, in any order."""
    cases = _cases(40, 21) + _many_findings(10, 22)
    audiences = ["clinician", "patient"] * 25
    warm = [assess(c, audience=a).model_dump_json() for c, a in zip(cases, audiences, strict=True)]
    CK.cache.clear()
    CK.memo.clear()
    CK.scored.clear()
    calculators._SCORED.clear()
    back = zip(cases[::-1], audiences[::-1], strict=True)
    cold = [assess(c, audience=a).model_dump_json() for c, a in back]
    assert warm == cold[::-1]


def test_fast_constructor_refuses_missing_and_unknown_fields() -> None:
    with pytest.raises(TypeError, match="missing required field 'code'"):
        model.fast(model.Warning, message="x")
    with pytest.raises(TypeError, match="unknown field"):
        model.fast(model.Warning, code="c", message="m", nonsense=1)
    w = model.fast(model.Warning, code="c", message="m")
    assert w.model_dump() == model.Warning(code="c", message="m").model_dump()
    assert w.model_fields_set == model.Warning(code="c", message="m").model_fields_set
    e = model.maker(model.NextFinding)(
        finding="f", name="n", question=None, probability_if_present=0.5, probability_if_absent=0.1
    )
    assert e.model_dump_json() == model.NextFinding.model_validate(e.model_dump()).model_dump_json()


def test_full_maker_matches_maker_when_every_field_is_given() -> None:
    """``model.full_maker`` (every field a required keyword) builds what ``maker`` builds from the same
    fields, every field counted as set; a missing or unknown field is refused."""
    values = {
        "finding": "f",
        "name": "n",
        "question": None,
        "probability_if_present": 0.5,
        "probability_if_absent": 0.1,
    }
    a = model.full_maker(model.NextFinding)(**values)
    b = model.maker(model.NextFinding)(**values)
    assert type(a) is model.NextFinding
    assert a.model_dump_json() == b.model_dump_json()
    assert a.model_fields_set == b.model_fields_set == set(values)
    assert a.model_fields_set is not model.full_maker(model.NextFinding)(**values).model_fields_set
    with pytest.raises(TypeError):
        model.full_maker(model.NextFinding)(**{k: v for k, v in values.items() if k != "name"})
    with pytest.raises(TypeError):
        model.full_maker(model.NextFinding)(**values, nonsense=1)


def test_walk_clusters_cover_their_links_largest_first() -> None:
    """``Walk.shared``: every link of a cluster with two or more, by largest |log LR| (the walk in
    ``best_given`` stops at the first that cannot beat the counted one)."""
    for cid, w in CK.walks.items():
        by_cluster: dict[str, list[int]] = {}
        for pos, (_f, k, _lp, _ln) in enumerate(w.rows):
            by_cluster.setdefault(k, []).append(pos)
        assert set(w.shared) == {k for k, v in by_cluster.items() if len(v) > 1}, cid
        for k, links in w.shared.items():
            assert sorted(p for _m, p, _f, _lp, _ln in links) == by_cluster[k]
            tops = [m for m, _p, _f, _lp, _ln in links]
            assert tops == sorted(tops, reverse=True)
            for m, p, f, lp, ln in links:
                assert (f, lp, ln) == (w.rows[p][0], w.rows[p][2], w.rows[p][3])
                assert m == max([abs(x) for x in (lp, ln) if x is not None], default=0.0)


def test_differential_with_fractional_ages_matches_reference() -> None:
    """Ages that are not whole years are not cached (``_slots``): the differential still matches."""
    rng = random.Random(41)
    pool = list(CK.kb.findings)
    for _ in range(30):
        case = model.Case.model_validate(
            {
                "age": rng.randint(18, 94) + rng.choice([0.25, 0.5, 0.7]),
                "findings": {f: rng.choice(["present", "absent"]) for f in rng.sample(pool, 25)},
            }
        )
        st = core.prepare(case, CK)
        diff = core.differential(CK, st)
        ref = {
            cid: core.score_condition(CK, cid, st.findings, st.setting, st.age) for cid in CK.condition_ids
        }
        assert [r.id for r in diff] == sorted(ref, key=lambda c: (-ref[c].probability, -ref[c].prior.p, c))
        assert [r.logit for r in diff] == [ref[r.id].logit for r in diff]


def test_round4_is_round_to_four_places() -> None:
    """``core.round4`` gives the float ``round(x, 4)`` gives: random probabilities, values next to every
    tie (k + 0.5) / 10000 and next to every multiple of 1/10000, extremes, and the engine's own."""
    rng = random.Random(4)
    values = [rng.random() for _ in range(200_000)] + [rng.random() ** 8 for _ in range(50_000)]
    values += [1 - rng.random() ** 8 for _ in range(50_000)]
    for k in range(0, 10_001):
        for base in ((k + 0.5) / 10_000, k / 10_000):
            x = base
            for _ in range(3):
                x = math.nextafter(x, 0.0)
                values.append(x)
            x = base
            for _ in range(3):
                x = math.nextafter(x, 1.0)
                values.append(x)
            values.append(base)
    values += [0.0, -0.0, 1.0, 1e-15, 1 - 1e-15, 5e-324, 0.99995, 0.00005, 1.5, -0.3, math.inf]
    for case in _cases(40, 9):
        st = core.prepare(case, CK)
        values += [r.probability for r in core.differential(CK, st)]
    for x in values:
        got, want = core.round4(x), round(x, 4)
        assert got == want and math.copysign(1, got) == math.copysign(1, want), x


def _reference_sources(wu: list[model.WorkupItem], mg: list[model.ManagementPlan], pf: list[model.Pitfall]):
    """The sources the plan shows, read from its output pieces (what ``assess.build`` used to read)."""
    tables = plan.tables(CK, "clinician")
    wu_sources: list[str | None] = []
    for w in wu:
        wu_sources.append(w.source)
        wu_sources.extend(x.source for x in w.why)
        wu_sources.extend(tables.test_sources[w.test])
    mg_sources = [st.source for pl in mg for st in pl.steps]
    return wu_sources, mg_sources, [p.source for p in pf]


@pytest.mark.parametrize("audience", ["clinician", "patient"])
def test_plan_sources_match_its_output_pieces(audience: str) -> None:
    """``plan.workup`` / ``management`` / ``pitfalls`` and ``core.triage`` hand out the sources of what
    they return, in order, without reading the output models: the same as reading them."""
    for case in _cases(80, 31) + _many_findings(20, 32):
        st = core.prepare(case, CK)
        diff = core.differential(CK, st)
        hits = core.red_flags(CK, st)
        tri = core.triage(CK, st, diff, hits, audience)
        assert tri.sources == [r.source for r in tri.reasons]
        lead = plan.leading(CK, diff, hits)
        ctx = plan.rule_context(st, diff, tri.level)
        got: list[list[str | None]] = [[], [], []]
        wu = plan.workup(CK, ctx, diff, lead, audience, got[0])
        mg = plan.management(CK, ctx, lead, audience, got[1])
        pf = plan.pitfalls(CK, lead, audience, got[2])
        assert got == list(_reference_sources(wu, mg, pf))
        # without ``cited`` the plan is the same
        assert plan.workup(CK, ctx, diff, lead, audience) == wu
        assert plan.management(CK, ctx, lead, audience) == mg
        assert plan.pitfalls(CK, lead, audience) == pf


def test_cached_output_pieces_match_a_fresh_knowledge_base() -> None:
    """Output pieces kept between assessments (evidence rows, prior rows, finding pieces, next-question
    words, measurement bounds, plan rows) give the assessments a freshly compiled knowledge base with
    empty caches gives, in either order and for both audiences; the pieces kept are immutable."""
    fresh = compile_kb(default_kb())
    cases = _cases(60, 51) + _many_findings(15, 52)
    cases += [
        model.Case.model_validate(
            {
                "findings": {
                    "leg_symptoms_with_walking": {"state": "present", "span": [0, 9], "text": "walking"},
                    "claudication_history": "absent",
                },
                "measurements": {"brachial_right": 130, "dp_right": 60},
            }
        )
    ]
    for audience in ("clinician", "patient"):
        warm = [assess(c, audience=audience).model_dump_json() for c in cases]
        cold = [assess(c, audience=audience, ck=fresh).model_dump_json() for c in reversed(cases)]
        assert warm == cold[::-1]
    for audience in ("clinician", "patient"):
        given, derived = CK.cache[("finding_tables", audience)]  # type: ignore[misc]
        for (fid, state, origin), fo in given.items():
            assert (fo.id, fo.state, fo.origin, fo.span, fo.text) == (fid, state, origin, None, None)
        for (fid, present), fo in derived.items():
            assert (fo.id, fo.state, fo.origin) == (fid, "present" if present else "absent", "derived")
        table, _words, _pretests, priors = CK.cache[("entry_pieces", audience)]  # type: ignore[misc]
        for row in table:
            if row is not None:
                ev, source, unverified, up, lr_used = row
                assert (ev.source, ev.unverified, ev.lr > 1, ev.lr_used) == (source, unverified, up, lr_used)
        for key, (prior, source, unverified, p) in priors.items():
            assert key == id(prior) and (prior.source, prior.unverified, prior.p) == (source, unverified, p)
    for out in (model.FindingOut, model.Evidence, model.Pitfall, model.WorkupReason):
        assert out.model_config.get("frozen") is True
    assert calculators._bounds(CK.kb) == {m: (d.min, d.max) for m, d in CK.kb.measurements.items()}
