"""Session 24, the lead: checks made while merging the helpers' branches."""

import pytest

from text_readings import MODES, check_floor, check_not_emergency, states


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


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", [
    "Back pain for a week. I'm worried about the numbness in my bottom.",
    "Sciatica since Friday and now I'm really concerned about this numbness around my back passage.",
])
def test_a_worry_about_the_writers_own_numbness_keeps_it_present(fast: bool, text: str) -> None:
    # fxb's report: the 'worried about' cues read the saddle numbness possible (a consultation)
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
def test_a_worry_about_getting_numbness_is_still_no_finding(fast: bool) -> None:
    text = "Back pain for a week. I'm worried about getting numbness down below like my friend did."
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", [
    "Back pain for a week. I'm worried about the numbness in my bottom.",
    "Back pain for a week. I'm worried about getting numbness down below like my friend did.",
])
def test_the_worry_pseudo_rule_reads_alike_on_both_context_paths(reader_pairs, fast: bool, text: str) -> None:
    f, s = reader_pairs[fast]
    assert f.read(text).model_dump_json() == s.read(text).model_dump_json()


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", [
    "Previous diagnosis: cauda equina syndrome, decompressed, well since.",
    "PMH: Dx cauda equina syndrome, decompressed.",
    "Knee pain. Past history - Dx: metastatic cord compression, treated with radiotherapy.",
])
def test_a_stated_diagnosis_in_the_past_history_is_no_emergency(fast: bool, text: str) -> None:
    # the stated_dx findings were of kind history, and a historical history finding reads present (wd, wd2)
    check_not_emergency(text, fast)
