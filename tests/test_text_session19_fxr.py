"""Session 19 (fxr): leftovers other helpers found this session, over-triage and wrong findings.

1. A foot-drop gait's 'slapping the foot down' is no leg hung down for relief (screen.yaml: FOOTSLAP
   voids DANGLE).
2. A sentence that OPENS with 'If' and a subject that is no person states a condition
   (context_rules.yaml: 'If the', scope to the comma or 'then' of the main clause, MAINCLAUSE); 'If I sit
   down it goes', 'Even if I rest ...' and 'If only ...' are no cue.
3. 'week by week' is no recent infection (fastsem_guard.yaml: infection_needs_an_infection_word).
4. Being able to walk ('I can walk fine', 'she's walking OK') is not 'no leg symptoms with walking';
   'Walking is fine' keeps it (target_rules.yaml: _walking_ability).
5. A venous scan told negative ('the doppler was negative') with a swelling told as continuing reads the
   Wells alternative diagnosis (target_rules.yaml: _dvt_scan_negative).

The sentences are our own; the probe lines or brief items they come from are named in each docstring."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, at_least, is_emergency  # noqa: E402

BOTH = pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])


@BOTH
@pytest.mark.parametrize(
    "text",
    [
        "Since my disc went his right foot drags and he walks slapping the foot down on the pavement.",
        "My left foot flops down when I walk and I keep catching my toes on the stairs.",
    ],
)
def test_foot_slap_is_no_relief_by_dependency(text, fast):
    """fxr brief item 1 (cf. session11_pa:37, session19_sg:50): a foot slapped down in walking is a foot
    drop, not
    pain relieved by hanging the leg down; no critical limb ischaemia."""
    level, flags, st = assess(text, fast)
    assert "pain_relieved_by_dependency" not in st, st
    assert "chronic_limb_threatening_ischemia" not in flags, flags


@BOTH
def test_relief_by_hanging_the_foot_down_still_read(fast):
    """fxr brief item 1, the twin: rest pain in the toes eased by hanging the foot down over the bed."""
    text = (
        "My toes burn at night in bed and the only relief is hanging my foot down over the edge of the bed."
    )
    level, flags, st = assess(text, fast)
    assert "present" in st.get("pain_relieved_by_dependency", set()), st
    assert "chronic_limb_threatening_ischemia" in flags, flags


@BOTH
@pytest.mark.parametrize(
    "text",
    [
        "If the legs get weaker or the bladder changes, attend ED.",
        "Sciatica in the left leg for a month. If the numbness spreads to the saddle or you cannot "
        "pee, ring 999.",
        "Calf ache walking for a year. If the foot turns cold and white, then call an ambulance.",
    ],
)
def test_sentence_initial_if_is_a_condition(text, fast):
    """fxr brief item 2: a safety-net told as a sentence that opens with 'If' is no present alarm."""
    level, flags, st = assess(text, fast)
    assert not is_emergency(level), (level, flags, st)


@BOTH
@pytest.mark.parametrize(
    "text,floor",
    [
        ("Even if I rest, the foot stays white and cold, since an hour ago.", "emergency"),
        (
            "If the pain spreads I will ring, but since this morning I cannot pass urine and my "
            "bottom is numb.",
            "emergency",
        ),
        (
            "If it gets worse I'll call. Right now both legs have gone weak since lunch and I wet myself.",
            "emergency",
        ),
    ],
)
def test_if_clause_leaves_the_main_clause_present(text, floor, fast):
    """fxr brief item 2, the twins: 'Even if' is no cue; the alarm after the condition's clause or in the
    next
    sentence stays present."""
    level, flags, st = assess(text, fast)
    assert at_least(level, floor), (level, flags, st)


@BOTH
def test_if_i_sit_down_is_still_a_relief(fast):
    """fxr brief item 2: patients tell their real pattern with 'If I ...' (no cue): relief by standing
    still is read
    (absent here: it does not go off)."""
    level, flags, st = assess("My calves ache after 200 yards. If I stand still it does not go off.", fast)
    assert st.get("relieved_by_standing_still") == {"absent"}, st


@BOTH
@pytest.mark.parametrize(
    "text", ["Her knee pain is getting worse week by week.", "The ache gets worse week by week."]
)
def test_week_by_week_is_no_infection(text, fast):
    """fxr brief item 3 (cf. session16_qv:45, session17_rb:42): a course told week by week is no recent
    infection."""
    level, flags, st = assess(text, fast)
    assert "recent_diarrhea_or_respiratory_infection" not in st, st


@BOTH
def test_a_real_infection_is_still_read(fast):
    """fxr brief item 3, the twin."""
    level, flags, st = assess("He had a bad chest infection two weeks ago and now both legs are weak.", fast)
    assert "present" in st.get("recent_diarrhea_or_respiratory_infection", set()), st


@BOTH
@pytest.mark.parametrize(
    "text",
    ["Thighs stiff after the gym but I can walk fine.", "Mum is walking OK with her frame, just tired."],
)
def test_being_able_to_walk_is_not_no_walking_symptoms(text, fast):
    """fxr brief item 4 (cf. session11_pb:33, session11_pf:34): being able to walk does not say walking
    brings on
    no leg symptoms."""
    level, flags, st = assess(text, fast)
    assert "absent" not in st.get("leg_symptoms_with_walking", set()), st


@BOTH
@pytest.mark.parametrize(
    "text", ["Numb soles for years. Walking is fine.", "Burning feet at night, walking fine."]
)
def test_walking_as_subject_keeps_its_reading(text, fast):
    """fxr brief item 4, the look-alike that keeps its reading (cf. session12_pq:58)."""
    level, flags, st = assess(text, fast)
    assert "absent" in st.get("leg_symptoms_with_walking", set()), st


@BOTH
def test_negative_doppler_reads_the_alternative_diagnosis(fast):
    """fxr brief item 5: 'the doppler was negative' (no clot named) with a calf still swollen reads the
    Wells
    alternative diagnosis; not with the scan still to come."""
    _l, _f, st = assess("The doppler was negative, her calf is still swollen and tender.", fast)
    assert "present" in st.get("wells_alternative_diagnosis", set()), st
    _l, _f, st = assess("Doppler not done yet, calf still swollen and tender.", fast)
    assert "wells_alternative_diagnosis" not in st, st
