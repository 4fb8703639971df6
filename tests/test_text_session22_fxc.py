"""Session 22 (fxc): a form's label and its answer across a colon; a CK reported as critical; a foot sore not
healing despite its care; a fever in the household; a diagnosis dated by a past year. The older rules' gaps
stop at a colon, so 'passive toe extension: agony', 'calf: tense, woody', 'urine: dark tea-coloured' and 'CK:
markedly raised' were not read with the rules alone. A CK the laboratory phoned through as critical is a very
high CK (consensus judgement in its rule's note). A heel sore still there despite weekly dressings is a
non-healing wound. Look-alikes: a fever of someone in the household, and Guillain-Barre named with its past
year and recovery, are not the patient's present findings. The sentences are our own unless a docstring names
the source line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, probe_line  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session22_va:9's prose form, as the brief gives it
        "passive toe extension: agony\ncalf: tense, woody",
        "Post-op check after tibial nailing\nPassive stretch of toes = excruciating\nLeft calf: taut",
        "Cast on since Friday.\nPassive dorsiflexion: severe pain\nShin: woody",
    ],
)
def test_compartment_items_after_a_colon(text, fast):
    """session22_va:9 (rules alone): the passive-stretch pain and the tense compartment given as a form's
    label and answer after a colon or an equals sign: two items of compartment syndrome, an ambulance."""
    check_floor(text, fast, "emergency_ambulance", "acute_compartment_syndrome")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Bloods and meds\nstatin: simvastatin, erythromycin added last week\nlegs: thighs aching and weak\n"
        "urine: dark brown",
        "Gym on Saturday, both thighs sore.\nUrine colour = cola",
    ],
)
def test_dark_urine_after_a_colon(text, fast):
    """session22_va:29 (rules alone): 'urine: dark tea-coloured', the urine's colour as a form's answer after
    a colon: dark urine of muscle breakdown, rhabdomyolysis."""
    check_floor(text, fast, "emergency", "rhabdomyolysis")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "On atorvastatin, thighs very painful for two days.\nCK: markedly raised, phoned through as critical",
        "Muscle pains on a statin; the lab rang with a critical CK this afternoon.",
        "On a statin with aching thighs since Sunday. CK: critically high.",
    ],
)
def test_ck_reported_as_critical(text, fast):
    """session22_va:29 (rules alone): a CK phoned through as critical, a critical CK or a CK critically high
    is a very high CK (consensus judgement: a laboratory telephones a CK above its critical limit):
    rhabdomyolysis."""
    level, flags, st = assess(text, fast)
    assert "present" in st.get("ck_very_high", set()), (text, fast, st)
    check_floor(text, fast, "emergency", "rhabdomyolysis")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "CK: markedly raised. Urine normal colour. Thighs ache a little on the statin.",
        "CK = raised, urine: pale yellow, mild aches in the calves.",
    ],
)
def test_ck_raised_is_not_very_high(text, fast):
    """A CK only called raised or markedly raised is ck_raised, not a very high CK (no number); pale urine is
    none."""
    level, flags, st = assess(text, fast)
    assert "present" in st.get("ck_raised", set()), (text, fast, st)
    assert "present" not in st.get("ck_very_high", set()), (text, fast, st)
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_past_ck_in_the_thousands_is_not_now(fast):
    """Look-alike (session17_rh:40 went to an emergency with a first form of the rule that read 'in the
    thousands'): a CK high years ago and normal since is no very high CK now."""
    text = ("After a half marathon years ago my CK was in the thousands, normal on every check since. "
            "Thighs heavy on long walks.")
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "District nurse: toe sore on the left foot since September despite dressings twice a week. "
        "Foot pulses absent.",
        "Heel wound present for a long time despite offloading, pedal pulses not felt, calf aches on "
        "walking.",
    ],
)
def test_foot_sore_not_healing_despite_care(text, fast):
    """session22_vb:22: a heel or toe sore still there despite dressings or offloading is a non-healing wound
    of chronic limb-threatening ischaemia (consultation within 24 hours)."""
    check_floor(text, fast, "consultation_24", "chronic_limb_threatening_ischemia")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My heel is sore despite new insoles, worse first thing in the morning.",
        "Heel sore despite painkillers, worse after long walks.",
    ],
)
def test_foot_pain_despite_insoles_is_not_nonhealing(text, fast):
    """Look-alikes: a heel sore despite insoles or painkillers is a pain, not a wound."""
    level, flags, _ = assess(text, fast)
    assert "chronic_limb_threatening_ischemia" not in flags, (text, fast, level, sorted(flags))


def test_days_old_wound_despite_dressings_is_not_read_by_the_rule():
    """Look-alike (rules alone): a wound of days despite dressings is not one of weeks. The fast layer reads
    this sentence as a non-healing wound on main already (with or without 'despite dressings'): left,
    reported."""
    text = "Toe wound since 4 days despite dressings, healing well."
    level, flags, st = assess(text, False)
    assert "present" not in st.get("nonhealing_foot_wound_2_weeks", set()), (text, st)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(("name", "line"), [("session22_va.txt", 9), ("session22_va.txt", 29),
                                            ("session22_vb.txt", 22)])
def test_probe_lines(name, line, fast):
    """The probe lines themselves (session22_va:9, va:29; session22_vb:22)."""
    level, text = probe_line(name, line)
    check_floor(text, fast, level)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Visit form\nLegs ache walking, ease on sitting, for two years\nOwn temperature: normal\n"
        "Back: old ache, unchanged\nFever within the household: yes, daughter has a chest infection",
        "Cough and fever in the household (husband), none herself. Calf cramps after 300 m, settle standing.",
    ],
)
def test_fever_in_the_household_is_not_the_patients(text, fast):
    """session22_va:44 and our own: a fever in the household is another person's; with an old back ache it is
    no spinal infection."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_own_fever_beside_a_household_item_keeps_the_flag(fast):
    """Floor: the patient's own fever and new back pain in the same text as a household item still raise
    spinal infection."""
    text = ("Fever in the household: no.\nPatient: temperature 38.7 since yesterday, severe new back pain, "
            "injects heroin.")
    check_floor(text, fast, "emergency", "spinal_infection")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Clinic letter\nDiagnosis: Guillain-Barre syndrome 2020, IVIg given, walking normally since\nNew "
        "weakness: none\nBreathing: normal",
        "PMH: Guillain-Barre 2016; full strength back within a year. Calves ache on hills, ease with a rest.",
    ],
)
def test_guillain_barre_dated_by_a_past_year_is_old(text, fast):
    """session22_va:55 and our own: Guillain-Barre named with a past year right after it is a past illness,
    not a present ascending weakness."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_new_weakness_after_an_old_guillain_barre_keeps_the_flag(fast):
    """Floor: a new weakness climbing from the feet after an old, dated Guillain-Barre is still read."""
    text = ("Guillain-Barre 2019, recovered. Since Monday my feet then my knees have gone weak and today I "
            "choke on drinks.")
    check_floor(text, fast, "emergency_ambulance", "guillain_barre")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(("name", "line"), [("session22_va.txt", 44), ("session22_va.txt", 55)])
def test_probe_look_alikes(name, line, fast):
    """The look-alike probe lines themselves (session22_va:44, va:55)."""
    level, text = probe_line(name, line)
    assert level == "consultation"
    check_not_emergency(text, fast)
