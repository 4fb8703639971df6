"""Session 12 (helper fx8): spinal red flags that invented probe lines showed the reader missing
(cauda equina, cord compression, spinal infection, spinal malignancy) and three look-alikes read as
emergencies. Each floor is read in both modes (the fast semantic layer on and the rules alone); the
sentences are our own variants of the probe lines named in the docstrings
(tests/fixtures/probes/session12_pv.txt and session12_pw.txt), with the probe line itself where useful."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, at_least  # noqa: E402

FLOORS = [
    # session12_pv:2: numbness of one buttock and the inner thigh (the saddle's edge)
    (
        "cauda_equina",
        "emergency",
        "My right buttock and the inside of my right thigh have gone numb since the back pain started.",
    ),
    ("cauda_equina", "emergency", "Back pain for a week and now numbness down the inside of both thighs."),
    (
        "cauda_equina",
        "emergency",
        "My left bum cheek and the inside of my left thigh feel numb, like after the dentist, only on "
        "that side. It started with the back pain three days ago and walking makes the leg burn.",
    ),
    # session12_pv:40: passing urine not felt, limited English
    ("cauda_equina", "emergency", "Her back very bad, and she say she not feel when she do a wee now."),
    ("cauda_equina", "emergency", "Since the sciatica flared I don't feel it when I pass water."),
    # session12_pv:41: a lay name of the saddle area
    ("cauda_equina", "emergency", "Sore back and my undercarriage has gone numb since Tuesday."),
    # session12_pv:42: a post-void residual volume
    (
        "cauda_equina",
        "emergency",
        "Low back pain and leg pain; post-void residual 450ml on the ward scanner.",
    ),
    (
        "cauda_equina",
        "emergency",
        "Bladder scan after he passed urine showed 750 ml, with back pain and numb legs.",
    ),
    # session12_pv:33: warmth not felt below a level of the trunk
    (
        "spinal_cord_compression",
        "emergency",
        "From the waist down I can't feel the shower water is warm, and my legs keep jumping.",
    ),
    ("spinal_cord_compression", "emergency", "He cannot feel hot water below his belly button any more."),
    # session12_pv:25, pw:6: a band round the ribs or the chest
    (
        "spinal_cord_compression",
        "emergency",
        "There is a tight band round my ribs and my legs are getting stiff.",
    ),
    ("spinal_cord_compression", "emergency", "numbness round my waist for three days and my legs feel stiff"),
    # session12_pv:11: a temperature after a word of feeling hot, with back pain
    (
        "spinal_infection",
        "emergency",
        "Bad back pain for two days and he is burning up, 39.1, can hardly walk.",
    ),
    # session12_pv:24: cannot lift the legs, with a known cancer
    (
        "spinal_malignancy",
        "emergency",
        "Known prostate cancer. Since this morning he cannot lift his legs off the bed, back is sore.",
    ),
    # session12_pv:27: back pain worst at a small-hours clock time, with weight loss
    (
        "spinal_malignancy",
        "consultation_24",
        "I've lost a stone without trying and my back pain is worst at 4 am.",
    ),
    # found beside session12_pv:47 (fx8): an incontinence with an opioid word, and "cannot control ...
    # bowel or bladder" (read as its absence before)
    ("cauda_equina", "emergency", "On tramadol for the sciatica and now he can't hold his bowels."),
    ("cauda_equina", "emergency", "Low back pain; she cannot control her bowel or bladder since today."),
    # session12_pw:14: "no reason" is no negation of what follows
    ("spinal_malignancy", "consultation_24", "Lost weight for no obvious reason, back pain at night."),
    ("spinal_malignancy", "emergency", "lost 2 stone no reason night back pain now foot drags"),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(("flag", "floor", "text"), FLOORS)
def test_session12_spinal_floor(fast, flag, floor, text):
    """Floors from session12_pv:2, 11, 24, 25, 27, 33, 40, 41, 42 and session12_pw:6, 14 (see the comments):
    the flag is raised and the triage is at least the floor, both modes."""
    level, flags, states = assess(text, fast)
    assert flag in flags, (fast, level, flags, states)
    assert at_least(level, floor), (fast, level, flags, states)


LOOKALIKES = [
    # session12_pv:47: constipation from an opioid, sensation and bladder normal
    "On codeine for my back for a week, and I haven't opened my bowels for three days, feel bunged up. "
    "Bladder fine.",
    "Been taking co-codamol for my sciatica for ten days and now I have not opened my bowels for four days, "
    "hard and straining. I can feel everything normally down below and my bladder is fine.",
    # session12_pv:52: saddle numbness denied with "nothing"
    "Sciatica down my left leg with a numb little toe. Nothing numb around my backside, waterworks normal.",
    # session12_pw:58: a numb bottom after cycling that passed within the hour
    "numb bum after a long spin on the bike gone in half an hour, peeing fine",
    # the residual volume is small
    "Back pain with sciatica; post-void residual 60 ml, bladder scan otherwise normal.",
    # pain (not numbness) of the inner thigh
    "Pain on the inside of my left thigh when I walk, settles with rest.",
    # a fever word without a fever value, and a value that is not a temperature
    "Back ache, my hands feel hot to touch after the dishes.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", LOOKALIKES)
def test_session12_spinal_lookalike(fast, text):
    """Look-alikes from session12_pv:47, pv:52, pw:58 and the families of the new rules: no emergency,
    both modes."""
    level, flags, states = assess(text, fast)
    assert not at_least(level, "emergency"), (fast, level, flags, states)


def test_session12_no_reason_keeps_the_following_finding():
    """session12_pw:14: 'for no reason' no longer negates what follows it (rules alone)."""
    _, _, states = assess("Weight dropping for no reason and night back pain.", False)
    assert "present" in states.get("nocturnal_back_pain", set()), states
