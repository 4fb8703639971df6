"""Engine arithmetic and rules on a small hand-made knowledge base (tests/fixtures/mini_kb).

Every expected number here is worked out by hand from the fixture's priors and LRs.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legdx import model
from legdx.engine import batch, interview
from legdx.engine.assess import assess
from legdx.engine.compiled import compile_kb
from legdx.errors import InputError
from legdx.knowledge.loader import load

MINI = Path(__file__).parent / "fixtures" / "mini_kb"


@pytest.fixture(scope="module")
def ck():
    return compile_kb(load(MINI))


def p_of(a, cid):
    return next(d for d in a.differential if d.id == cid).probability


def odds_to_p(o):
    return o / (1 + o)


def test_prior_only(ck):
    a = assess({"age": 60}, ck=ck)
    assert p_of(a, "alpha") == pytest.approx(0.2)
    assert p_of(a, "beta") == pytest.approx(0.01)


def test_age_band_prior_is_most_specific(ck):
    a = assess({"age": 75}, ck=ck)
    entry = next(d for d in a.differential if d.id == "alpha")
    assert entry.pretest_probability == pytest.approx(0.4)
    assert entry.pretest.age_band == "70+"


def test_lr_positive_by_hand(ck):
    # prior 0.2 -> odds 0.25; x 4 -> odds 1.0 -> p 0.5
    a = assess({"age": 60, "findings": {"f_walk_worse": "present"}}, ck=ck)
    assert p_of(a, "alpha") == pytest.approx(0.5, abs=1e-4)
    # beta: 0.01 -> odds 0.010101 x 0.3 -> 0.0030303 -> p 0.003021
    assert p_of(a, "beta") == pytest.approx(odds_to_p(0.01 / 0.99 * 0.3), abs=1e-4)


def test_lr_negative_by_hand(ck):
    a = assess({"age": 60, "findings": {"f_walk_worse": "absent"}}, ck=ck)
    assert p_of(a, "alpha") == pytest.approx(odds_to_p(0.25 * 0.25), abs=1e-4)


def test_cluster_counts_only_the_most_informative(ck):
    a = assess({"age": 60, "findings": {"f_walk_worse": "present", "f_walk_worse2": "present"}}, ck=ck)
    assert p_of(a, "alpha") == pytest.approx(0.5, abs=1e-4)  # 4, not 4 x 2
    alpha = next(d for d in a.differential if d.id == "alpha")
    second = next(e for e in alpha.evidence_for if e.finding == "f_walk_worse2")
    assert second.lr == 2.0 and second.lr_used == 1.0
    assert "correlated" in (second.adjustment or "")


def test_wide_ci_is_shrunk(ck):
    w = max(0.5, math.log(10) / math.log(95 / 1.9))
    a = assess({"age": 60, "findings": {"f_wide": "present"}}, ck=ck)
    assert p_of(a, "alpha") == pytest.approx(odds_to_p(0.25 * 13**w), abs=1e-4)
    ev = next(e for d in a.differential if d.id == "alpha" for e in d.evidence_for if e.finding == "f_wide")
    assert ev.lr == 13 and ev.lr_used == pytest.approx(13**w, rel=1e-2)
    assert "wide" in (ev.adjustment or "")


def test_fragile_is_shrunk(ck):
    a = assess({"age": 60, "findings": {"f_fragile": "present"}}, ck=ck)
    assert p_of(a, "alpha") == pytest.approx(odds_to_p(0.25 * 2.0), abs=1e-4)


def test_missing_side_means_no_update(ck):
    # f_better has only lr_pos for alpha: absent does nothing to alpha
    a = assess({"age": 60, "findings": {"f_better": "absent"}}, ck=ck)
    assert p_of(a, "alpha") == pytest.approx(0.2)


def test_direction_reverses_ranking(ck):
    a = assess({"age": 60, "findings": {"f_better": "present", "f_walk_worse": "absent"}}, ck=ck)
    assert a.differential[0].id == "beta"
    assert a.direction_check is not None
    assert "Beta" in a.direction_check.message


def test_red_flag_sets_floor_that_probabilities_cannot_lower(ck):
    # strong evidence against beta, but the red flag still holds the floor
    a = assess({"age": 60, "findings": {"f_danger": "present", "f_walk_worse": "present"}}, ck=ck)
    assert [r.id for r in a.red_flags] == ["danger"]
    assert a.triage.level == "emergency"
    assert a.triage.red_flag_floor == "emergency"
    assert a.triage.action == "Act now"


def test_escalation(ck):
    a = assess({"findings": {"f_danger": "present", "f_danger_worse": "present"}}, ck=ck)
    assert a.triage.level == "emergency_ambulance"


def test_probability_driven_urgency(ck):
    # beta 0.01 -> x 20 (f_better) x 5 (f_danger) ... without the flag: f_better alone -> 0.168 (< 0.3)
    a = assess({"findings": {"f_better": "present"}}, ck=ck)
    assert a.triage.level == "consultation"


def test_self_care_never_without_policy(ck):
    a = assess({"age": 30}, ck=ck)
    assert a.triage.level != "self_care"  # no condition here has self_care urgency


def test_unknown_finding_is_an_error_with_suggestion(ck):
    with pytest.raises(InputError) as exc:
        assess({"findings": {"f_walk_wors": "present"}}, ck=ck)
    assert "findings.f_walk_wors" in str(exc.value)
    assert "f_walk_worse" in str(exc.value)


def test_bad_state_and_age(ck):
    with pytest.raises(InputError) as exc:
        assess({"age": 250, "findings": {"f_better": "maybe"}}, ck=ck)
    text = str(exc.value)
    assert "age" in text and "findings.f_better" in text


def test_workup_done_and_management_check(ck):
    a = assess({"findings": {"f_walk_worse": "present"}}, ck=ck)
    assert [w.test for w in a.workup] == ["t_one"]
    assert a.workup[0].done is False
    plan = next(p for p in a.management if p.condition == "alpha")
    assert [(s.id, s.applies) for s in plan.steps] == [("m1", "yes"), ("m2", "check")]
    a2 = assess({"findings": {"f_walk_worse": "present", "f_wide": "absent"}}, ck=ck)
    assert a2.workup[0].done is True
    plan2 = next(p for p in a2.management if p.condition == "alpha")
    assert [s.id for s in plan2.steps] == ["m1"]


def test_instrument_and_derived(ck):
    a = assess({"age": 70, "findings": {"f_walk_worse": "present"}}, ck=ck)
    calc = next(c for c in a.calculations if c.id == "mini_score")
    assert calc.complete
    derived = {f.id: f for f in a.findings if f.origin == "derived"}
    assert derived["f_old"].state == "present"


def test_citations_cover_every_source_tag(ck):
    a = assess({"age": 60, "findings": {"f_walk_worse": "present", "f_danger": "present"}}, ck=ck)
    cited = {c.id for c in a.citations}
    shown = {e.source for d in a.differential for e in d.evidence_for + d.evidence_against}
    shown |= {d.pretest.source for d in a.differential}
    shown |= {r.source for r in a.red_flags} | {w.source for w in a.workup}
    assert shown <= cited


# ------------------------------------------------------------------------------- properties

FIDS = ["f_walk_worse", "f_walk_worse2", "f_better", "f_wide", "f_fragile", "f_danger", "f_danger_worse"]
state_st = st.dictionaries(st.sampled_from(FIDS), st.sampled_from(["present", "absent", "unknown"]))


@settings(max_examples=150, deadline=None)
@given(extra=state_st)
def test_property_red_flag_floor_never_lowered(ck, extra):
    from legdx.knowledge.schema import TRIAGE_ORDER

    base = {"f_danger": "present"}
    case = {**extra, **base}
    a = assess({"findings": case}, ck=ck)
    assert "danger" in {r.id for r in a.red_flags}
    assert TRIAGE_ORDER.index(a.triage.level) <= TRIAGE_ORDER.index("emergency")


@settings(max_examples=150, deadline=None)
@given(extra=state_st, age=st.one_of(st.none(), st.integers(18, 100)))
def test_property_batch_matches_single(ck, extra, age):
    case = model.Case.model_validate({"age": age, "findings": extra})
    single = assess(case, ck=ck)
    res = batch.score(batch.from_cases([case], ck), ck)
    for d in single.differential:
        assert res.probabilities[0, ck.cond_index[d.id]] == pytest.approx(d.probability, abs=1e-4)
    from legdx.knowledge.schema import TRIAGE_ORDER

    floor = int(res.triage_floor[0])
    expected = TRIAGE_ORDER.index(single.triage.red_flag_floor) if single.triage.red_flag_floor else 5
    assert floor == expected


def test_batch_many_rows(ck):
    cases = [
        model.Case.model_validate({"age": 40 + i % 50, "findings": {FIDS[i % 7]: "present"}})
        for i in range(200)
    ]
    res = batch.score(batch.from_cases(cases, ck), ck)
    assert res.probabilities.shape == (200, 2)
    assert np.all((res.probabilities > 0) & (res.probabilities < 1))


# ------------------------------------------------------------------------------- interview


def test_interview_screens_red_flags_first_then_stops(ck):
    case = model.Case.model_validate({"age": 60})
    step = interview.next_step(case, ck=ck)
    assert step.question is not None and step.question.finding == "f_danger"
    assert step.question.phase == "red_flag_screen"
    asked = 0
    while not step.should_stop and asked < 20:
        assert step.question is not None
        f = dict(case.findings)
        f[step.question.finding] = model.FindingInput(state="absent", origin="interview")
        case = case.model_copy(update={"findings": f})
        step = interview.next_step(case, ck=ck)
        asked += 1
    assert step.should_stop
    assert "no remaining question" in step.stop_reason or "no questions" in step.stop_reason


def test_interview_yes_to_screen_asks_escalation(ck):
    case = model.Case.model_validate({"findings": {"f_danger": {"state": "present", "origin": "interview"}}})
    step = interview.next_step(case, ck=ck)
    assert step.question is not None and step.question.finding == "f_danger_worse"


def test_interview_patient_is_not_asked_exam_findings(ck):
    case = model.Case.model_validate(
        {"age": 60, "findings": {"f_danger": "absent", "f_danger_worse": "absent"}}
    )
    seen = []
    for _ in range(10):
        step = interview.next_step(case, audience="patient", ck=ck)
        if step.should_stop:
            break
        assert step.question is not None
        seen.append(step.question.finding)
        f = dict(case.findings)
        f[step.question.finding] = model.FindingInput(state="unknown", origin="interview")
        case = case.model_copy(update={"findings": f})
    assert "f_wide" not in seen


@settings(max_examples=60, deadline=None)
@given(extra=state_st, age=st.one_of(st.none(), st.integers(18, 100)))
def test_property_fast_built_output_validates(ck, extra, age):
    """The engine builds its output without validation for speed; it must still validate exactly."""
    a = assess({"age": age, "findings": extra}, ck=ck)
    again = model.Assessment.model_validate(a.model_dump())
    assert again.model_dump() == a.model_dump()
    assert model.Assessment.model_validate_json(a.model_dump_json()).model_dump_json() == a.model_dump_json()
