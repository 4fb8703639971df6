"""Session 25 (rf): a bare 'Red flags:' heading no longer hides the red flags written under it.

The old cue 'red flags' (context_rules.yaml, HYPOTHETICAL, forward 12) was meant for safety-netting ('red
flags explained: saddle numbness, ...') but made every checklist under a 'Red flags:' heading hypothetical:
a ticked 'saddle anaesthesia - yes' was under-triaged and development21 q227's 'saddle anaesthesia - no;
bladder/bowel - normal' read hypothetical instead of absent. Now the heading lets each item take its own
answer, as 'Red flag screen:' always did; the advice wordings stay hypothetical. The same for 'Warning
signs:'; ': none of' answers a whole screen. The sentences are our own unless a docstring names the source
line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import (  # noqa: E402
    MODES,
    check_floor,
    check_not_emergency,
    probe_line,
    states,
)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Back pain. Red flags: saddle anaesthesia - yes.",
        "Back pain. Red flags: saddle anaesthesia: yes, bladder: no.",
        "Back pain. Red flags: saddle anaesthesia present.",
        "Back pain. Red flags: saddle anaesthesia +ve.",
        "Back pain. Red flags: positive for saddle anaesthesia.",
        "Back pain. Red flags: new saddle numbness since yesterday.",
        "Lumbar pain for a week. Red flags: numb saddle area noted today.",
        "Red flag sx: saddle anaesthesia - yes. Otherwise well.",
        "Red flag symptoms: saddle anaesthesia present, bladder normal.",
        "RF: saddle anaesthesia - yes.",
        "Warning signs: saddle anaesthesia - yes.",
        "Red flags reviewed: saddle anaesthesia - yes.",
        "Red flags for CES: saddle numbness - yes, bladder - no.",
        "Reviewed red flags: saddle anaesthesia - yes.",
        "Asked about the warning signs: saddle anaesthesia - yes.",
    ],
)
def test_checklist_answer_yes_is_an_emergency(text, fast):
    """The brief's forms (a 'Red flags:' heading whose item is answered yes or told as new)."""
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
def test_other_flags_under_a_heading_keep_their_floor(fast):
    """Other red flags under the same headings: a cold pale foot, legs weaker over days, fever in a person who
    injects."""
    check_floor("Claudicant. Red flags: right foot cold and pale since this morning.", fast, "emergency")
    weak = "Red flags: both legs getting weaker over three days, now struggling to stand."
    check_floor(weak, fast, "emergency")
    text = "Back pain, injects heroin. Red flags: fever - yes, 38.9 today."
    check_floor(text, fast, "emergency")
    got = states(text, fast)
    assert got.get("fever_with_back_pain") == {"present"}, got


@pytest.mark.parametrize("fast", MODES)
def test_q227_checklist_of_noes_reads_absent(fast):
    """development21 q227 ('Red flags: saddle anaesthesia - no; bladder/bowel - normal; ...'), our words."""
    got = states("Sciatica. Red flags: saddle anaesthesia - no; bladder/bowel - normal; fever - no.", fast)
    assert got.get("saddle_anesthesia") == {"absent"}, got
    assert "hypothetical" not in got.get("new_urinary_retention_or_incontinence", {"absent"}), got


@pytest.mark.parametrize("fast", MODES)
def test_probe_screen_with_a_yes_keeps_its_floor(fast):
    """session14_pp:17: a physio's screen, 'Saddle numbness Y, new since yesterday'."""
    level, text = probe_line("session14_pp.txt", 17)
    assert level == "emergency"
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Red flags explained: saddle numbness, bladder changes - return if these occur.",
        "Red flags: nil.",
        "Red flags: none of saddle numbness, bladder or bowel change.",
        "Red flag advice given re CES.",
        "Red flags discussed: numb bottom, bladder trouble - to attend ED.",
        "Red flags to watch for: saddle numbness, bladder change.",
        "Explained the CES red flags: saddle numbness, urinary retention.",
        "The website's list of red flags: saddle numbness, bladder changes.",
        "Red flags reviewed with the patient: saddle numbness, bladder change.",
        # session 26 (lf): 'Warning signs of cauda equina: numb saddle area, bladder change.' (no advice
        # word, no answer) now reads as 'Red flags of ...: ...' does, its items present ('warning signs'
        # headings as 'red flags' headings: tests/test_text_session26_lf.py); the advice forms stay here
        "Warning signs of cauda equina explained: numb saddle area, bladder change.",
        "I have explained the warning signs: saddle numbness, bladder change.",
    ],
)
def test_advice_look_alikes_are_no_emergency(text, fast):
    check_not_emergency(text, fast)




@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Back pain. Red flags: saddle anaesthesia - yes.",
        "Red flags: none of saddle numbness, bladder or bowel change.",
        "Explained the CES red flags: saddle numbness, urinary retention.",
        "Warning signs: saddle anaesthesia - yes.",
        "What warning signs should I look out for? My legs tingle on long walks.",
    ],
)
def test_fast_and_plain_context_read_alike(reader_pairs, fast, text):
    """The new cues read the same on the fast ConText path and on medspaCy's plain one."""
    f, s = reader_pairs[fast]
    assert f.read(text).model_dump_json() == s.read(text).model_dump_json()
