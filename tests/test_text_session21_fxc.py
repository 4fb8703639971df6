"""Session 21 (fxc): leftovers the session's helpers saw.

A form's bladder field telling a stress leak of years is no new incontinence (a new leak stays urgent); a
paper that 'says nothing about clots' tells no previous clot; toes lifted back (a passive stretch) are no foot
hurting at rest; 'getting better with' is no onset at waking; a state 'fine' when walking a distance is no
easing by walking; a discharge summary's negative duplex is a known over-triage. The sentences are our own
unless a docstring names the source line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import (  # noqa: E402
    BOTH_MODES,
    assess,
    check_floor,
    check_not_emergency,
    probe_line,
    states,
)

NEW_INC = "new_urinary_retention_or_incontinence"


# --- 1. a form's bladder field: a stress leak of years ------------------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "Bladder: leaking when I cough or sneeze for years since the kids",
        "Bladder: leaking when she laughs, has done for years.",
        "Bladder: incontinent when I sneeze, since my pregnancies.",
        "Bladder: dribbling for years since the menopause.",
    ],
)
def test_stress_leak_of_years_is_no_new_incontinence(text, fast):
    """The lead's list (a form field): a leak on coughing or sneezing over years since the births is the
    common stress incontinence, not the new sphincter failure of cauda equina."""
    level, flags, st = assess(text, fast)
    assert "present" not in st.get(NEW_INC, set()), (text, st)
    assert "cauda_equina" not in flags
    check_not_emergency(text, fast)


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "Bladder: leaked twice this week (new)",
        "Bladder: leaking",
        "Bladder: leaking when I cough, new this week.",
        "Bladder: leaking since the kids, much worse since Monday.",
        "Bladder: incontinent",
    ],
)
def test_new_leak_in_a_form_stays_urgent(text, fast):
    """A leak told with no course, or told new or worse lately even beside a cough or the births, keeps the
    cauda equina flag (the safer reading)."""
    check_floor(text, fast, "emergency", "cauda_equina")


# --- 2. a paper that says nothing about clots ---------------------------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "The letter from my knee scope says nothing about clots.",
        "Her discharge summary mentions nothing about clots.",
    ],
)
def test_says_nothing_about_clots_is_no_previous_dvt(text, fast):
    """session21_ub:35: 'discharge paper from my knee scope says nothing about clots' had read a previous
    DVT."""
    assert "present" not in states(text, fast).get("previous_dvt", set())


@BOTH_MODES
def test_probe_ub35_stays_emergency_without_previous_dvt(fast):
    level, text = probe_line("session21_ub.txt", 35)
    assert level == "emergency"
    got, flags, st = assess(text, fast)
    assert "present" not in st.get("previous_dvt", set())
    check_floor(text, fast, "emergency", "deep_vein_thrombosis")


@BOTH_MODES
def test_nothing_about_without_a_saying_verb_negates_nothing(fast):
    """'can do nothing about the pain' keeps the pain."""
    text = "I can do nothing about the pain in my calf when I walk."
    assert "present" in states(text, fast).get("calf_pain_location", set())


# --- 3. toes lifted back: a passive stretch, not rest pain --------------------------------------------------


@BOTH_MODES
def test_probe_ub27_compartment_without_rest_pain(fast):
    """session21_ub:27: a shin kicked, a rock-hard calf, 'even lifting the toes back is agony, lying down
    doesn't help': compartment syndrome at an ambulance, no chronic limb-threatening ischaemia."""
    level, text = probe_line("session21_ub.txt", 27)
    assert level == "emergency_ambulance"
    check_floor(text, fast, "emergency_ambulance", "acute_compartment_syndrome")
    got, flags, st = assess(text, fast)
    assert "chronic_limb_threatening_ischemia" not in flags
    assert "present" not in st.get("rest_pain_forefoot_night", set())


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "After the tackle his shin is tense and bending his toes back is agony, lying still is no help.",
        "Pulling her toes up hurts terribly, lying down changes nothing.",
    ],
)
def test_toes_stretched_is_no_rest_pain(text, fast):
    assert "present" not in states(text, fast).get("rest_pain_forefoot_night", set())


@BOTH_MODES
def test_toes_hurting_in_bed_stays_rest_pain(fast):
    """The rest pain itself is still read: the toes that hurt lying in bed at night."""
    text = "My left toes are agony lying in bed at night and I hang the foot out of bed."
    check_floor(text, fast, "consultation_24", "chronic_limb_threatening_ischemia")


# --- 4. 'getting better with' is no onset at waking ---------------------------------------------------------


@BOTH_MODES
def test_getting_better_with_is_no_onset_hours_ago(fast):
    """session15_ql:1's first sentence ('getting steadily better with the exercise class'): the onset rule
    'get/wake ... with' read it as an onset hours ago, and with a pale, cool foot of no date it made an acute
    limb."""
    text = (
        "My calf pain has been getting steadily better with the exercise class. My left foot is pale and "
        "cool these days."
    )
    level, flags, st = assess(text, fast)
    assert "acute_limb_ischemia" not in flags
    assert "present" not in st.get("sudden_onset_leg_pain", set())
    check_not_emergency(text, fast)


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "He got up this morning with a cold white left foot.",
        "She woke up with her right leg cold and pale.",
    ],
)
def test_got_up_or_woke_with_a_cold_limb_stays_acute(text, fast):
    check_floor(text, fast, "emergency", "acute_limb_ischemia")


@BOTH_MODES
def test_probe_ql1_stays_ambulance(fast):
    level, text = probe_line("session15_ql.txt", 1)
    check_floor(text, fast, level, "acute_limb_ischemia")


# --- 5. fine when walking a distance ---------------------------------------------------------------------


IMPROVES = "symptoms_improve_with_walking"


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "He can manage fine when he walks more than 2 miles",
        "She is okay if she walks a mile or more.",
        "His calves feel fine when he walks to the shops.",
    ],
)
def test_fine_walking_a_distance_is_no_easing(text, fast):
    """The lead's list: a state 'fine' when walking a distance or to a place is a walking capacity, not a
    symptom eased by walking."""
    assert "present" not in states(text, fast).get(IMPROVES, set())


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "It's fine when I walk about, sitting is the worst.",
        "The ache settles when I walk about.",
        "It stops once I get walking.",
        "The burning eases when he walks around the bedroom.",
    ],
)
def test_easing_by_walking_still_read(text, fast):
    assert "present" in states(text, fast).get(IMPROVES, set())


# --- 6. a negative duplex: a known over-triage ------------------------------------------------------------


def test_probe_ub39_is_a_known_over_triage():
    """session21_ub:39: the calf pain and swelling are read right and the duplex's negative result has no
    finding, so the DVT condition's same-day escalation keeps it at emergency (a knowledge-base question):
    the line is in KNOWN_OVER."""
    from test_text_probes import KNOWN_OVER

    level, text = probe_line("session21_ub.txt", 39)
    assert level == "consultation"
    assert any(text.startswith(k) for k in KNOWN_OVER)
    for fast in (True, False):
        st = states(text, fast)
        assert "present" in st.get("unilateral_calf_swelling", set())
