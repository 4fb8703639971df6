"""Session 14 (fx14e): numbers, muscle breakdown and potassium; periodic paralysis. Invented sentences of
our own (each comment names the probe line it came from), in both modes, with look-alikes that must not
fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency  # noqa: E402

FLOORS = [
    # session14_ps:22: words between the test name and the value, a thousands comma
    (
        "rhabdomyolysis",
        "emergency",
        "Thighs aching and weak since the new statin; CK result this morning 12,800 U/L.",
    ),
    (
        "rhabdomyolysis",
        "emergency",
        "GP query: started statin six weeks ago, now weak aching legs walking, CK back today "
        "at 14,500 U/L. No dark urine noticed yet. Disposition?",
    ),
    # session14_ps:26: a low potassium value after 'very low'
    (
        None,
        "emergency",
        "Both legs gave out this morning and I can't get up; the surgery said my potassium was really "
        "low 2.2 and to go in.",
    ),
    # session14_ps:29: the sample named between the test and the value; weakness of all four limbs
    (None, "emergency", "Weak in all four limbs on waking, potassium on the venous gas 1.8 mmol/L."),
    (None, "emergency", "She has weakness of her arms and legs today, K+ on the VBG 2.0."),
    # session14_ps:23: brownish urine after a long run on a raised statin dose
    (
        "rhabdomyolysis",
        "emergency",
        "After the half marathon on his new higher statin dose his legs ache and his pee is brownish.",
    ),
    # session14_ps:28: a known hypokalaemic periodic paralysis, an attack not settling with potassium
    (
        None,
        "emergency",
        "Known hypokalemic periodic paralysis; both legs weak since 6am and it is not settling with my "
        "usual potassium tablets.",
    ),
]

LOOKALIKES = [
    # session14_ps:43: concentrated urine after a night without drinking
    "Long shift with little to drink, my wee was dark brownish-yellow first thing and pale by the "
    "afternoon. No aches.",
    # session14_ps:26: a number after 'low' that is a time, not a value
    "My potassium was low 2 weeks ago and is fine now; legs are a bit tired walking.",
    # session14_ps:28 / ps:49: a known periodic paralysis with a short spell that went
    "I have hypokalaemic periodic paralysis; a brief spell of heavy legs after the gym went within "
    "half an hour.",
    # session14_ps:22: a normal CK with words between
    "On a statin, calves ache a little walking, CK back today at 180 U/L, no weakness.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(("flag", "floor", "text"), FLOORS)
def test_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalike_not_emergency(text, fast):
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_potassium_time_is_not_a_value(fast):
    """session14_ps:26: 'potassium was low 2 weeks ago' reads no value of 2 (no severe-hypokalaemia
    emergency), though the words still say a low potassium."""
    text = "My potassium was low 2 weeks ago, legs weak today."
    level, _, states = assess(text, fast)
    assert "potassium_low" in states, (text, fast, states)
    check_not_emergency(text, fast)
