"""Session 17 (the lead): what development30 (the blind part blind22, opened this session) had under-triaged,
in invented sentences of our own; each read in both modes. Three tables: floors (a text and the least triage
and flag it must raise), look-alikes (no emergency) and readings (a finding read in a state, or not read)."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, check_floor, check_not_emergency, states  # noqa: E402

FLOORS = [
    # development30 aj007 (a stroke told on a call): the relative who looks for the call handler is no family
    # history; a question whether the speech is normal is no denial, and a voice that sounds drunk is slurred
    (
        "stroke",
        "emergency_ambulance",
        "Q: Any droop of the face? A: (son checks) her smile has gone lopsided on the left.",
    ),
    (
        "stroke",
        "emergency_ambulance",
        "Husband on the phone. Q: Is her speech normal? A: She sounded like she was drunk when she rang me.",
    ),
    ("stroke", "emergency_ambulance", "Is his speech normal? No. Left arm weak since 2pm."),
    ("stroke", "emergency_ambulance", "Wife looked: his mouth is drooping on one side. Legs ache walking."),
    # the bladder 'accidents' rule still reads a leak told as accidents
    ("cauda_equina", "emergency", "Back pain and her bladder has let her down, two accidents since Sunday."),
    # a spinal injection done days ago with a fever is still a recent procedure
    ("spinal_infection", "emergency", "Nerve root block 5 days ago, now fever 38.5 and back pain."),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session17_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


LOOK_ALIKES = [
    # a question about normal speech answered yes stays a denial
    "Q: Is his speech normal? A: Yes. Calves ache after 200 yards and ease when he stands still.",
    # a relative's own stroke is still a family history
    "His daughter had a stroke last year with a drooping mouth. He has aching calves on walking.",
    # a drink, not a voice
    "He got drunk at the wedding on Saturday and his calves ache after walking up the hill.",
    # 'no accidents' about the bladder denies (its 'no' had been hidden inside the accidents rule's match)
    "Calves ache after 300 yards. Waterworks are the same as ever and no accidents.",
    "Bladder fine, never any accidents. Thighs ache walking uphill.",
    # a spinal injection planned or booked is none done (fxb's injection words had read it as recent)
    "Sciatica down the left leg for two months. Plan: nerve root injection, review in clinic.",
    "Booked for a caudal epidural next month; the leg pain shoots to the ankle.",
    # an epidural abscess a student listed is a student's answer, not a planned injection (that longer match
    # had hidden the answer's hypothetical cue: a spinal infection on a tutor's inflammatory back pain)
    "Tutor case: 30-year-old, back pain for a year, worse at night. Student listed spinal epidural abscess.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_session17_look_alike(text, fast):
    check_not_emergency(text, fast)


READINGS = [
    ("Is her speech normal? Yes, it is.", "speech_disturbance", "absent"),
    ("Q: Is his speech normal? A: No.", "speech_disturbance", "present"),
    ("His daughter had a stroke last year with a drooping mouth.", "facial_droop", "family"),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text,finding,state", READINGS)
def test_session17_reading(text, finding, state, fast):
    assert state in states(text, fast).get(finding, set())


@pytest.mark.parametrize("fast", MODES)
def test_session17_question_with_another_answer_is_no_denial(fast):
    """'Is his speech normal?' answered with something else neither denies nor affirms the speech problem by
    the question's own words (the answer's words are read as they stand)."""
    got = states("Is his speech normal? He is hard to follow on the phone. Legs ache on walking.", fast)
    assert "absent" not in got.get("speech_disturbance", set())
