"""Session 24, the lead: checks made while merging the helpers' branches."""

import pytest

from text_readings import MODES, check_floor, states


@pytest.mark.parametrize("fast", MODES)
def test_ems_as_the_ambulance_service_is_no_morning_stiffness(fast: bool) -> None:
    # f1 read the clinic's 'EMS' (early morning stiffness) before a number of minutes; 'EMS 20 minutes
    # away' is the ambulance service and read a brief stiffness and a morning stiffness denied
    text = "EMS 20 minutes away, legs cold and numb since an hour."
    found = states(text, fast)
    assert "morning_stiffness_over_45_min" not in found, found
    assert "brief_stiffness_after_rest" not in found, found
    check_floor(text, fast, "emergency_ambulance", "acute_limb_ischemia")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", ["EMS ~2 h, eases with exercise.", "EMS: 90 min most days."])
def test_ems_with_a_colon_or_tilde_is_still_the_morning_stiffness(fast: bool, text: str) -> None:
    assert states(text, fast).get("morning_stiffness_over_45_min") == {"present"}
