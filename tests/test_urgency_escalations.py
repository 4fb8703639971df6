"""Condition urgency escalations (facts.md 5.3, "...; X -> emergency" where the catalog has no red flag for
X): a floor like a red flag's, whatever the condition's probability, its reason shown and, when its
threshold is a legdx judgement, said to be unverified."""

from __future__ import annotations

import copy

import pytest

import legdx
from legdx.engine.compiled import compile_kb, default_compiled
from legdx.knowledge.loader import cross_check, default_kb


def _assess(potassium: float | None, **findings: str) -> legdx.model.Assessment:
    case: dict = {"age": 62, "sex": "female", "findings": findings}
    if potassium is not None:
        case["measurements"] = {"potassium": potassium}
    return legdx.assess(case)


@pytest.mark.parametrize("weakness", ["bilateral_leg_weakness", "proximal_leg_weakness", "new_leg_weakness"])
def test_severe_hypokalaemia_with_weakness_is_an_emergency(weakness):
    a = _assess(2.3, **{weakness: "present"})
    assert a.triage.level == "emergency"
    # not a catalog red flag (new weakness raises the progressive-deficit flag, at consultation_24)
    assert a.triage.red_flag_floor in (None, "consultation_24")
    texts = [r.text for r in a.triage.reasons]
    sev = [t for t in texts if t.startswith("Severe hypokalaemia")]
    assert len(sev) == 1 and "not verified against a source" in sev[0] and "'emergency'" in sev[0]
    # the less urgent escalation of the same condition says nothing more
    assert not any(t.startswith("Hypokalaemia (potassium below 3.5") for t in texts)


def test_low_potassium_with_weakness_is_same_day_and_without_weakness_routine():
    a = _assess(3.1, bilateral_leg_weakness="present")
    assert a.triage.level == "consultation_24"
    assert any(t.text.startswith("Hypokalaemia (potassium below 3.5") for t in a.triage.reasons)
    assert _assess(2.2, bilateral_leg_weakness="absent").triage.level == "consultation"
    assert _assess(2.2).triage.level == "consultation"
    assert _assess(3.9, bilateral_leg_weakness="present").triage.level == "consultation"


@pytest.mark.parametrize("weakness", ["bilateral_leg_weakness", "proximal_leg_weakness", "new_leg_weakness"])
def test_severe_hyperkalaemia_with_weakness_calls_an_ambulance(weakness):
    """Session 12 (probe session12_pj:9, a paramedic's K+ 7.2 with weak legs, read as a consultation): our
    judgement, unverified, and the reason says so; below 6.5 or without weakness it does not fire."""
    a = _assess(7.0, **{weakness: "present"})
    assert a.triage.level == "emergency_ambulance"
    sev = [r.text for r in a.triage.reasons if r.text.startswith("Severe hyperkalaemia")]
    assert len(sev) == 1 and "not verified against a source" in sev[0]
    assert _assess(6.5, bilateral_leg_weakness="present").triage.level == "emergency_ambulance"
    assert _assess(6.4, bilateral_leg_weakness="present").triage.level == "consultation"
    assert _assess(7.2, bilateral_leg_weakness="absent").triage.level == "consultation"


def test_escalation_holds_however_unlikely_the_condition_is():
    # strong evidence for another, less urgent condition does not lower the escalation
    a = _assess(
        2.4,
        leg_weakness_on_exam="present",
        neurogenic_claudication_history="present",
        improves_bending_forward="present",
        relief_requires_sitting_or_flexion="present",
    )
    metabolic = next(d for d in a.differential if d.id == "metabolic_or_endocrine_weakness")
    assert metabolic.probability < 0.5
    assert a.triage.level == "emergency"


def test_red_flag_above_an_escalation_still_leads():
    a = _assess(2.3, bilateral_leg_weakness="present", saddle_anesthesia="present")
    assert a.triage.level == "emergency" and "cauda_equina" in {f.id for f in a.red_flags}


def test_the_weakness_findings_are_rule_inputs_for_the_interview():
    ck = default_compiled()
    assert {"bilateral_leg_weakness", "proximal_leg_weakness", "new_leg_weakness"} <= ck.rule_inputs


def test_kb_check_rejects_an_escalation_that_is_not_more_urgent():
    kb = copy.deepcopy(default_kb())
    cond = kb.conditions["metabolic_or_endocrine_weakness"]
    *others, last = cond.urgency.escalations
    lowered = last.model_copy(update={"level": "self_care"})
    urgency = cond.urgency.model_copy(update={"escalations": [*others, lowered]})
    kb.conditions["metabolic_or_endocrine_weakness"] = cond.model_copy(update={"urgency": urgency})
    problems = cross_check(kb)
    where = f"urgency.escalations[{len(others)}]"
    assert any(where in p and "at least as urgent" in p for p in problems), problems
    compile_kb(default_kb())  # the packaged KB itself is fine


def test_text_floor_severe_hypokalaemia():
    pytest.importorskip("medspacy")
    from legdx.text.reader import get_reader

    text = "62F on furosemide, three days of weak legs, cannot get up the stairs. K 2.3 mmol/L."
    res = get_reader().read(text)
    assert legdx.assess(res.case).triage.level == "emergency"


def test_interview_stop_rule_keeps_a_raised_escalation():
    """The interview's stop rule simulates answers that feed no rule from their LRs alone; a raised escalation
    must stay in that simulated level (as a red flag's floor does), or every such question would look as if it
    could lower the triage level and the interview would never stop on it."""
    from legdx import model
    from legdx.engine import core, interview

    ck = default_compiled()
    case = model.Case.model_validate(
        {"age": 62, "findings": {"bilateral_leg_weakness": "present"}, "measurements": {"potassium": 2.3}}
    )
    state = core.prepare(case, ck)
    diff = core.differential(ck, state)
    hits = core.red_flags(ck, state)
    tri = core.triage(ck, state, diff, hits, "clinician")
    assert tri.level == "emergency" and tri.escalation_floor == "emergency" and tri.floor is None
    base = interview.TRIAGE_ORDER.index(tri.level)
    leader, p = diff[0].id, diff[0].probability
    plain = [f for f in ck.askable if f not in ck.rule_inputs and f not in state.findings]

    def changing(floor):
        return {
            f for f in plain
            if interview._could_change(ck, state, diff, f, base, leader, p, 1.0, hits, floor)
        }

    with_floor, without = changing("emergency"), changing(None)
    assert with_floor < without  # strictly fewer: the level no longer seems to fall back to consultation


def test_new_one_sided_leg_swelling_is_a_same_day_question():
    """Session 12 (probes session11_pg:24, session12_pw:22: a one-sided swollen calf after a long coach trip,
    Wells 'unlikely'): a suspected DVT is an emergency (same day) whatever its probability; not after a
    previous DVT (the Wells rule decides), nor for swelling of more than 6 weeks, nor with an alternative
    diagnosis stated. Consensus, unverified, and the reason says so."""
    a = legdx.assess({"age": 50, "findings": {"unilateral_calf_swelling": "present"}})
    assert a.triage.level == "emergency"
    sev = [r.text for r in a.triage.reasons if r.text.startswith("A new one-sided leg swelling")]
    assert len(sev) == 1 and "not verified against a source" in sev[0]
    for extra in ({"symptoms_longer_than_6_weeks": "present"}, {"previous_dvt": "present"},
                  {"wells_alternative_diagnosis": "present"}):
        case = {"age": 50, "findings": {"unilateral_calf_swelling": "present", **extra}}
        reasons = legdx.assess(case).triage.reasons
        assert not any(r.text.startswith("A new one-sided leg swelling") for r in reasons)
    pitting = {"age": 50, "findings": {"pitting_edema_one_leg": "present"}}
    assert legdx.assess(pitting).triage.level != "emergency"
