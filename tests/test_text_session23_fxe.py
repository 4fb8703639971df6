"""Session 23 (fxe): writers from outside healthcare and second-person letters (probes session23_wb, wc).

A rise that cannot be made without pushing on the knees is a lay Gowers sign (with feet gone tingly and
fingers weak after a stomach bug, Guillain-Barre); a list told 'normal throughout' denies all of it; a scan
that found no clot and a swelling gone down since hold back the new-swelling escalation; a safety net whose
condition is a list or follows a semicolon, with 'come back' as its action, states nothing; a list of items
each 'normal' or 'her usual' is no bulbar guess of the fast layer; 'show me any cut that won't heal' is
advice; a leg drag there ever since a stroke years ago is no new weakness. Look-alikes keep the present
alarms told beside these. The sentences are our own unless a docstring
names the source line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, probe_line  # noqa: E402

# --- session23_wb:14: a lay Gowers rise told with 'without' ------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Had a tummy bug ten days ago. Since Sunday her feet went tingly, now she can't get up off the stool "
        "without pushing on her thighs and her hands are going weak as well.",
        "After the flu last week his toes went numb, then he couldn't stand up from the pew without using "
        "his "
        "arms, and today his hands are weak too.",
    ],
)
def test_rise_without_pushing_with_ascent_is_guillain_barre(text, fast):
    """session23_wb:14: feet gone tingly after an infection, a rise from a seat impossible without pushing on
    the knees or thighs or using the arms (a lay Gowers sign: proximal leg weakness), and the hands now weak:
    weakness ascending over days, Guillain-Barre."""
    check_floor(text, fast, "emergency", "guillain_barre")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "She can't get up off the bench without pushing on her knees.",
        "He could not rise from the floor without pushing on his thighs.",
    ],
)
def test_rise_without_pushing_is_proximal_weakness(text, fast):
    """The reading itself: the rise told with 'without' and the push after it is proximal leg weakness."""
    _, _, st = assess(text, fast)
    assert "present" in st.get("proximal_leg_weakness", set()), st


@pytest.mark.parametrize("fast", [False])
def test_rise_from_bed_or_car_is_no_gowers_sign(fast):
    """Look-alike: getting out of a van without pushing on the knees is what back pain makes hard (BEDCAR),
    and lifting an arm with the other hand is no rise: the new rule reads neither (rules alone: the fast layer
    guesses on its own)."""
    for text in ["With my back I can't get out of the van without pushing on my knees.",
                 "I can't lift my arm without using my other hand since the shoulder op."]:
        _, _, st = assess(text, fast)
        assert "proximal_leg_weakness" not in st, (text, st)


# --- session23_wb:46: a list told normal throughout --------------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session23_wb:46 itself
        probe_line("session23_wb.txt", 46)[1],
        "Sciatica on the left after lifting. She says bladder control and sensation around the back passage "
        "have "
        "been fine throughout.",
        "MRI for query cauda equina was clear. Bladder control and feeling when wiping have remained normal "
        "all "
        "along.",
    ],
)
def test_list_normal_throughout_is_denied(text, fast):
    """session23_wb:46: a list (bladder control and the saddle's feeling) told normal, fine or unaffected
    'throughout' or 'all along' denies all of it: no cauda equina for a normal scan and sciatica."""
    check_not_emergency(text, fast)
    _, flags, _ = assess(text, fast)
    assert "cauda_equina" not in flags, flags


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Since Friday he has wet himself twice and his bowels have been normal throughout.",
        "She wet herself this morning without knowing, then her walking has been fine throughout.",
        "Wet himself yesterday, his bowels normal throughout.",
    ],
)
def test_wetting_beside_normal_throughout_stays(text, fast):
    """Floor: the 'normal throughout' cue ends at 'and his', 'then' or a comma: a new incontinence told before
    another owner or clause stays present (cauda equina)."""
    check_floor(text, fast, "emergency", "cauda_equina")


# --- session23_wb:47: a negative scan and a swelling gone down ---------------------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session23_wb:47 itself
        probe_line("session23_wb.txt", 47)[1],
        "Her swollen left calf after the fall was scanned on Tuesday and they found no clot. The swelling "
        "has "
        "since settled, only bruising now.",
        "The puffy right calf from the football knock was scanned at A&E, no DVT. Swelling went down over "
        "the "
        "weekend.",
    ],
)
def test_scan_no_clot_swelling_gone_down(text, fast):
    """session23_wb:47: a one-sided calf swelling scanned with no clot found, and the swelling told as gone
    down or settled since: another cause is as likely (wells_alternative_diagnosis), no same-day escalation.
    """
    check_not_emergency(text, fast)
    _, _, st = assess(text, fast)
    assert "present" in st.get("wells_alternative_diagnosis", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My left calf was scanned last month, no clot found, swelling went down. Since yesterday the same "
        "calf "
        "is swollen and hot again.",
        "My right calf swelled up after the flight. Nobody has scanned it. Swelling has gone down a little "
        "but it "
        "is tender behind the knee.",
    ],
)
def test_new_or_continuing_swelling_keeps_dvt_escalation(text, fast):
    """Floor: a swelling new since an old negative scan, or a swelling gone down a little with no scan, keep
    the suspected-DVT emergency."""
    check_floor(text, fast, "emergency")


# --- session23_wc:53 and wc:40: a safety net with a list, after a semicolon, 'come back' -------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session23_wc:53 itself
        probe_line("session23_wc.txt", 53)[1],
        "Your calf cramped at the end of the match and is fine now. Drink plenty; if your pee goes brown, "
        "the "
        "calf swells or it stays sore, come back.",
        "You pulled a hamstring stretching and it is easing. If the thigh swells, your urine turns dark or "
        "the "
        "leg goes cold, get seen the same day.",
    ],
)
def test_safety_net_list_come_back_states_nothing(text, fast):
    """session23_wc:53: a safety net after a semicolon or with a list of conditions, whose action is to come
    back or get seen: its alarms (a swelling, dark urine) are no present findings."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "You said your pee went dark brown after the spin class; if the calf swells again, come back.",
        "Your calf has been swollen and tender since Saturday; if it is still swollen tomorrow, come back.",
        "If I walk a mile, my calf swells and goes tight, so I come back home.",
    ],
)
def test_present_alarm_beside_safety_net_stays(text, fast):
    """Floor: a present alarm told outside the condition, a condition that says the finding is there already
    ('again', 'still'), and a patient's own 'if I walk' with no advice stay emergencies."""
    check_floor(text, fast, "emergency")


@pytest.mark.parametrize("fast", MODES)
def test_safety_net_condition_first_fast_guess(fast):
    """session23_wc:40: 'If that foot ever goes suddenly cold, pale or numb, call 999' (the fast layer had
    guessed a present numbness of the foot for the whole sentence)."""
    _, text = probe_line("session23_wc.txt", 40)
    _, _, st = assess(text, fast)
    assert "present" not in st.get("paresthesia_limb", set()), st
    check_not_emergency(text, fast)


# --- session23_wb:56: a list of items each normal or usual (fast layer) -----------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session23_wb:56 itself
        probe_line("session23_wb.txt", 56)[1],
        "Known myasthenia, legs tire on the hill as always. Swallowing normally, breathing fine, speech her "
        "usual.",
        "Myasthenia for years. Eating normally, voice his usual, no breathlessness. Legs tire by teatime.",
    ],
)
def test_items_normally_or_usual_is_no_crisis(text, fast):
    """session23_wb:56 (default reader): a known myasthenia whose swallow, speech and breathing are told
    'normally', 'fine' or 'her usual': no bulbar guess, no myasthenic crisis."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_myasthenia_with_choking_stays_crisis(fast):
    """Floor: a real bulbar failure in known myasthenia beside a normal item stays an ambulance."""
    text = ("Known myasthenia. Breathing fine but she chokes on her drinks since this morning and her speech "
            "is slurred.")
    check_floor(text, fast, "emergency_ambulance", "myasthenic_crisis")


# --- session23_wc:54: 'show me any ...' -------------------------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Diabetic for years. Show me any cut that won't heal.",
        "Please report any new swelling of the calf to the nurse.",
    ],
)
def test_show_me_any_is_advice(text, fast):
    """session23_wc:54 (the simple form): 'show me any cut that won't heal', 'report any new swelling' are
    things to watch for, not present findings."""
    _, _, st = assess(text, fast)
    assert not any("present" in v for k, v in st.items()
                   if k in ("nonhealing_foot_wound_2_weeks", "unilateral_calf_swelling")), st


@pytest.mark.parametrize("fast", MODES)
def test_shown_cut_that_wont_heal_stays(fast):
    """Floor: a wound the patient showed, not to watch for, keeps its reading ('he showed me the cut')."""
    _, _, st = assess("Diabetic. He showed me the cut on his toe that won't heal, there for a month.", fast)
    assert "present" in st.get("nonhealing_foot_wound_2_weeks", set()), st


# --- the probe lines themselves ---------------------------------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
def test_probe_line_wb14(fast):
    """session23_wb:14 itself (emergency: Guillain-Barre in lay words)."""
    level, text = probe_line("session23_wb.txt", 14)
    check_floor(text, fast, level, "guillain_barre")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(("name", "line"), [("session23_wb.txt", 46), ("session23_wb.txt", 47),
                                            ("session23_wb.txt", 56), ("session23_wc.txt", 53)])
def test_probe_look_alikes(name, line, fast):
    """The look-alike probe lines themselves (session23_wb:46, 47, 56; session23_wc:53) are no emergency."""
    _, text = probe_line(name, line)
    check_not_emergency(text, fast)


# --- session23_wb:55: an old stroke's leg drag 'ever since' ------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session23_wb:55 itself
        probe_line("session23_wb.txt", 55)[1],
        # session12_pv:58 (consultation_24 before this rule, gold consultation)
        probe_line("session12_pv.txt", 58)[1],
        "She had a stroke in 2018 and has dragged her left foot ever since; uses a frame indoors.",
        "Previous stroke. Since his stroke he drags the right leg and walks with a stick.",
    ],
)
def test_old_stroke_drag_ever_since_is_no_new_weakness(text, fast):
    """session23_wb:55 (consultation_24 for consultation): a leg drag told as there ever since a stroke years
    ago is the stroke's old deficit, no new leg weakness (no progressive-deficit flag)."""
    _, flags, st = assess(text, fast)
    assert "progressive_neurological_deficit" not in flags, (flags, st)
    assert "present" not in st.get("new_leg_weakness", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Stroke 3 years ago. Fell on Monday and has dragged his left leg ever since.",
        "Old stroke in 2019 with a limp ever since. Since this morning his right leg has gone weak and "
        "drags.",
        "Stroke years ago, drags the leg ever since, but it is worse and dragging more this week.",
    ],
)
def test_new_drag_after_old_stroke_stays(text, fast):
    """Floor: a drag new since a fall on a weekday, a weakness new this morning in another sentence, or a drag
    told worse this week keep a new leg weakness (consultation within 24 hours or more)."""
    check_floor(text, fast, "consultation_24")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "She lost control of her bladder this morning, then her walking has been fine throughout.",
        "He lost control of his bladder today, walking fine.",
    ],
)
def test_lost_control_of_her_bladder_beside_a_walk(text, fast):
    """Floor (found while writing the 'normal throughout' floors): 'lost control of her bladder' with a walk
    in its sentence had been read as nothing (the screen's bladder rule gives way to a walk; the literal named
    'my' only): a new incontinence, cauda equina."""
    check_floor(text, fast, "emergency", "cauda_equina")
