"""Session 25 (fxe): episodes, frequency and duration (probe files session25_xe, session25_xf).

A claudication that no longer goes, with a foot cold, numb and grey since some days (acute-on-chronic
limb ischaemia); a toe sore not healing despite dressings told after a comma; a periodic paralysis attack
unlike the usual ones, or a potassium low 'on today's bloods'; a sciatica spread to both legs since this
morning; a weight lost by an amount after a comma that follows a denial ('no known cancer, lost about a
stone'). Look-alikes: a periodic paralysis named with a past, short attack; a numbness from the bike saddle
that wears off within minutes of getting off; a pain down both legs on walking for years. The sentences
are our own unless a docstring names the probe line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, probe_line, states  # noqa: E402


# --- acute-on-chronic limb ischaemia: cold, pale or grey, numb, pain at rest, since some days ---------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session25_xe.txt", 7)[1],
        "My calf has ached on walking for years and eased when I stopped. Since Sunday it hasn't "
        "eased at all, even at rest, and the foot is cold, numb and white.",
        "Since Wednesday his leg is icy, numb and has gone pale, and the pain has not let up at "
        "all, even in bed.",
    ],
)
def test_claudication_turned_constant_with_cold_numb_grey_foot(text, fast):
    """session25_xe:7: a pain no longer going, even in bed, and a foot cold, numb and grey (or white) since a
    weekday: four of the six Ps within the two weeks of acute limb ischaemia, with sensory loss
    (ambulance)."""
    check_floor(text, fast, "emergency_ambulance", "acute_limb_ischemia")


@pytest.mark.parametrize("fast", MODES)
def test_not_gone_even_in_bed_is_pain_at_rest(fast):
    """session25_xe:7: 'it has not gone at all, even in bed' is a pain there at rest (the 'not' had denied
    it)."""
    got = states("The ache in my calf has not gone at all, even in bed.", fast)
    assert "present" in got.get("symptoms_at_rest", set()), got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Since Monday my toes are cold, numb and white when I go out in the frost, and they warm up again "
        "indoors.",
        "For two years my feet have been cold and numb from the diabetes, and the left one looks a bit pale.",
    ],
)
def test_cold_numb_pale_toes_without_rest_pain_or_new_onset(text, fast):
    """Look-alikes of session25_xe:7: cold, numb, white toes in the frost that warm up indoors (no pain at
    rest), and cold numb feet of years: no acute limb ischaemia."""
    check_not_emergency(text, fast)


# --- a toe sore not healing despite dressings ---------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session25_xe.txt", 30)[1],
        "Type 2 diabetes. Ulcer at the side of my little toe since Christmas, it's still the same "
        "despite the "
        "district nurse's dressings.",
        "Wound on the tip of his second toe. Not healing in spite of weekly podiatry and dressings.",
    ],
)
def test_toe_sore_not_healing_despite_dressings(text, fast):
    """session25_xe:30: a sore on the tip of a toe, not getting better despite the dressings (told after a
    comma or in the next sentence): a non-healing wound, chronic limb-threatening ischaemia within 24
    hours."""
    check_floor(text, fast, "consultation_24", "chronic_limb_threatening_ischemia")


@pytest.mark.parametrize("fast", MODES)
def test_toe_sore_of_days_under_a_dressing(fast):
    """A blister on a toe since Saturday under a dressing is no wound of weeks (the combine needs no onset of
    hours or days)."""
    text = "Blister on the side of my little toe since Saturday, it's not better yet despite the dressing."
    _, flags, _ = assess(text, fast)
    assert "chronic_limb_threatening_ischemia" not in flags


# --- periodic paralysis -------------------------------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session25_xe.txt", 32)[1],
        "I have hypokalaemic periodic paralysis. Both legs are too weak to stand and this attack is "
        "not wearing "
        "off like they usually do.",
        "Woke up after a huge pasta dinner with both legs weak. The GP says my potassium in this "
        "morning's blood "
        "test is low.",
    ],
)
def test_periodic_paralysis_attack_unlike_the_usual(text, fast):
    """session25_xe:32: an attack worse than the usual ones, not wearing off as they normally do, or both legs
    weak after a carbohydrate meal with a potassium low 'on today's bloods': severe hypokalaemia with
    weakness."""
    check_floor(text, fast, "emergency")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session25_xe.txt", 51)[1],
        "Familial periodic paralysis, seen by neurology yearly. Last attack in the spring, legs "
        "weak for about "
        "an hour, back to normal the same day.",
    ],
)
def test_periodic_paralysis_named_with_a_past_short_attack(text, fast):
    """session25_xe:51: the name 'periodic paralysis' is no paralysed limb; a past attack of an hour that
    fully recovered is no emergency (it had read acute limb ischaemia at an ambulance)."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_potassium_from_the_bloods_is_low(fast):
    """session25_xe:32: a potassium low with the test between ('on today's bloods', 'from the gas')."""
    for text in ("Her potassium on today's bloods is very low.", "His K+ from the gas came back low."):
        assert "present" in states(text, fast).get("potassium_low", set()), text


# --- sciatica spread to both legs ---------------------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session25_xe.txt", 34)[1],
        "Right-sided sciatica on and off for a year. Since lunchtime it has gone down both legs and it won't "
        "settle.",
        "Sciatica for weeks in the left leg. Since Saturday it's shooting down both legs, day and night.",
    ],
)
def test_sciatica_now_down_both_legs(text, fast):
    """session25_xe:34: a sciatica and then 'it' down both legs since this morning, hours or days: sciatica in
    both legs, the cauda equina flag."""
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
def test_claudication_down_both_legs_on_walking(fast):
    """Look-alike of session25_xe:34: a leg pain of years that goes down both legs on walking and eases
    sitting (no recent onset, nothing at rest): no bilateral sciatica."""
    text = "Had sciatica for years. When I walk to the shops it goes down both legs and it eases once I sit."
    check_not_emergency(text, fast)


# --- bike-saddle numbness that wears off --------------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session25_xe.txt", 50)[1],
        "Spin class three times a week. My bottom goes numb on the bike, it wears off within a few "
        "minutes of "
        "getting off. Bladder fine.",
        "On long rides my privates go numb from the saddle, it comes back as soon as I get off.",
    ],
)
def test_bike_saddle_numbness_that_wears_off(text, fast):
    """session25_xe:50: a numb bottom or privates from the bike saddle that wears off within minutes of
    getting off (after a comma) is the saddle's pressure, no cauda equina."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "After the bike ride on Sunday my bum went numb, it used to wear off within minutes but now it stays "
        "numb all day.",
        "Since the bike ride my bottom has been numb, it hasn't worn off in 48 hours.",
    ],
)
def test_bike_saddle_numbness_that_stays(text, fast):
    """The urgent counterpart: a saddle numbness after a ride that is there now or has not worn off keeps its
    reading (cauda equina)."""
    check_floor(text, fast, "emergency", "cauda_equina")


# --- a weight lost by an amount after a denied item ---------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session25_xf.txt", 13)[1],
        "Retired builder, 70, no previous cancer, lost 6 kg without trying over three months, and "
        "back pain at "
        "night for a month.",
        "No fever, lost half a stone since Easter without dieting, new back pain waking her at night.",
    ],
)
def test_weight_lost_by_an_amount_after_a_denial(text, fast):
    """session25_xf:13: 'no known cancer, lost about a stone without trying': the amount lost is a clause
    of its
    own, not the denied list's next item; with back pain at night, the spinal-malignancy flag (24 hours)."""
    check_floor(text, fast, "consultation_24", "spinal_malignancy")


@pytest.mark.parametrize("fast", MODES)
def test_lost_weight_in_a_denied_list(fast):
    """Look-alike of session25_xf:13: 'lost weight' without an amount in a denied list stays denied."""
    got = states("Denies fever, lost weight or night sweats. Back pain at night.", fast)
    assert "present" not in got.get("unexplained_weight_loss", set()), got
