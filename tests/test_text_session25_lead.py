"""Session 25, the lead: a red-flag checklist headed 'Red flags of X:' (rf's advice words held 'of',
which made an answered 'saddle anaesthesia - yes' hypothetical: an emergency under-triaged in both
modes; 'to' alone likewise). The sentences are our own; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, check_floor, check_not_emergency  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Back pain 4 days. Red flags of CES: saddle anaesthesia - yes, retention - no.",
        "Low back pain since Friday. Red flags of cauda equina: saddle numbness present.",
        # 'to' alone was an advice word too
        "Back pain. Red flags to note: saddle anaesthesia present today.",
    ],
)
def test_an_answered_red_flag_list_of_a_condition_is_a_screen(text, fast):
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Red flags explained: saddle numbness, bladder change.",
        "Red flags of CES discussed with her: return if saddle numbness or bladder change.",
        "Back pain 4 days. Red flags of CES: saddle anaesthesia - no, retention - no.",
        "Red flags to watch for: saddle numbness, bladder change.",
        "Red flags to report straight away: numb bottom, bladder trouble.",
        # a condition's name between the words and the advice word
        "Back pain. Red flags of CES explained: saddle numbness, bladder change.",
        "Back pain. Red flags for cauda equina discussed: saddle numbness, bladder change.",
    ],
)
def test_advice_and_denied_lists_stay_below_an_emergency(text, fast):
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Back pain 4 days. Red flags of CES: saddle anaesthesia - yes, retention - no.",
        "Back pain. Red flags to note: saddle anaesthesia present today.",
        "Red flags to watch for: saddle numbness, bladder change.",
        "Back pain. Red flags of CES explained: saddle numbness, bladder change.",
    ],
)
def test_the_screen_reads_alike_on_both_context_paths(reader_pairs, fast, text):
    f, s = reader_pairs[fast]
    assert f.read(text).model_dump_json() == s.read(text).model_dump_json()
