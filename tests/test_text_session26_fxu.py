"""Session 26 (fxu): the under-triaged lines of the three session-26 probe files (xg, xh, xi).

A back told as starting to hurt with no possessive before it; a relative named as a message's source
('From his son: ...') is no family history; both legs that will not hold the person up, and a sudden back
pain on an anticoagulant with legs that fail; a cry when the toes are pulled down, a shin swollen and hard
and a coded 'Query M79.A22 Nontraumatic compartment syndrome'; a toilet seat that feels odd and a bottom
that is not one's own; arms 'going too' after weak legs, with choking and breathlessness. Look-alikes:
the same words without the second fact (no cancer deficit, legs that are fine, one compartment sign, a
chronic exertional compartment syndrome coded the same way). The sentences are our own unless a docstring
names the source line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, probe_line  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "name,line",
    [
        ("session26_xg.txt", 9),
        ("session26_xg.txt", 16),
        ("session26_xg.txt", 34),
        ("session26_xh.txt", 34),
        ("session26_xi.txt", 1),
        ("session26_xi.txt", 24),
    ],
)
def test_probe_lines(name, line, fast):
    """The probe lines themselves, at their gold level or above."""
    level, text = probe_line(name, line)
    check_floor(text, fast, level)


# --- a back that started to hurt, in a person with cancer and weak legs (xg:9) ---------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "PMH: breast cancer with bone secondaries.\nPatient says: back began to ache ten days ago, now "
        "both legs are weak and she keeps stumbling.",
        "Myeloma on treatment. Back started hurting last week and now both legs feel weak on the stairs.",
    ],
)
def test_cancer_back_started_hurting_weak_legs(text, fast):
    """session26_xg:9: a cancer, a back told as starting to hurt, and both legs weak: suspected spinal
    metastasis with a deficit (emergency)."""
    check_floor(text, fast, "emergency", "spinal_malignancy")


@pytest.mark.parametrize("fast", MODES)
def test_back_started_hurting_is_back_pain(fast):
    """The bare 'back started hurting' reads back pain."""
    _, _, st = assess("In her own words: back started hurting on Tuesday after the gardening.", fast)
    assert "present" in st.get("back_pain", set()), st


@pytest.mark.parametrize("fast", MODES)
def test_cancer_back_started_hurting_legs_fine_not_emergency(fast):
    """Look-alike: the same back pain with a cancer and no deficit is a 24-hour review, not an emergency."""
    check_not_emergency("Prostate cancer in remission. Back started hurting after digging on Saturday; legs "
                        "fine, walking normally.", fast)


# --- a sudden back pain on an anticoagulant, legs that will not hold (xg:16) ------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "From her daughter: Mum takes apixaban for her AF.\nFrom Mum: I got a sudden sharp pain in my back "
        "bending to the oven and now my legs won't hold me up.",
        "On rivaroxaban after a clot. Suddenly a terrible pain in his back while gardening, and his legs "
        "will not support him now.",
    ],
)
def test_anticoagulated_sudden_back_pain_legs_fail(text, fast):
    """session26_xg:16: on an anticoagulant, a sudden back pain and both legs failing: a bleed into the
    spinal canal until shown otherwise (as session 13's combine with an onset time: an ambulance)."""
    check_floor(text, fast, "emergency")


@pytest.mark.parametrize("fast", MODES)
def test_from_relative_header_is_not_family_history(fast):
    """'From his son:' names the teller: the warfarin after it is the patient's, not a family history."""
    _, _, st = assess("From his son: he has diabetes and a sore back.", fast)
    assert "family" not in st.get("diabetes", set()), st
    assert "present" in st.get("diabetes", set()), st


@pytest.mark.parametrize("fast", MODES)
def test_relative_in_mid_sentence_stays_family(fast):
    """Look-alike: 'from his father' inside a sentence is no message header: the family history stays."""
    _, _, st = assess("He says he got his diabetes from his father: the whole family has diabetes.", fast)
    assert "present" not in st.get("diabetes", set()), st


@pytest.mark.parametrize("fast", MODES)
def test_plural_legs_wont_hold_is_both_legs(fast):
    """'my legs won't hold me up' is weakness of both legs."""
    _, _, st = assess("Since this morning my legs won't hold me up.", fast)
    assert "present" in st.get("bilateral_leg_weakness", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "On warfarin for AF. Sudden twinge in my back lifting a box yesterday; legs fine, walking normally.",
        "Takes apixaban. A sudden pain in my back when I sneezed this morning, eases when I lie down.",
    ],
)
def test_anticoagulated_sudden_back_pain_legs_fine_not_emergency(text, fast):
    """Look-alike: a sudden back pain on an anticoagulant with the legs fine is no emergency."""
    check_not_emergency(text, fast)


# --- compartment syndrome told in a coded record and in lay words (xh:34) ----------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Crushed his calf under a pallet this afternoon. Calf swollen and hard, he yelps when his toes are "
        "pushed up.",
        "Right shin swollen and tense after football, and she screams when the foot is bent down.",
    ],
)
def test_passive_stretch_and_tense_shin(text, fast):
    """session26_xh:34: a cry when the toes or foot are moved by someone, and a shin or calf swollen and
    hard or tense: two signs of acute compartment syndrome (ambulance)."""
    check_floor(text, fast, "emergency_ambulance", "acute_compartment_syndrome")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Problem list:\nQuery M79.A22 Nontraumatic compartment syndrome of R lower leg\nSeen in ED.",
        "Dx: T79.A2 compartment syndrome of the lower limb.",
    ],
)
def test_coded_compartment_syndrome(text, fast):
    """A coded, queried or labelled compartment syndrome: the clinician's own concern (ambulance)."""
    check_floor(text, fast, "emergency_ambulance", "acute_compartment_syndrome")


@pytest.mark.parametrize("fast", MODES)
def test_coded_chronic_exertional_not_emergency(fast):
    """Look-alike session26_xh:53: a chronic exertional compartment syndrome coded the same way."""
    _, text = probe_line("session26_xh.txt", 53)
    check_not_emergency(text, fast)
    check_not_emergency("Query M79.A21 chronic exertional compartment syndrome of both legs, runner, settles "
                        "with rest.", fast)


@pytest.mark.parametrize("fast", MODES)
def test_one_sign_alone_not_emergency(fast):
    """Look-alike: a sprain healing, the person yelps when the foot is bent up and the pain eases with rest
    (one sign at most): no compartment syndrome."""
    check_not_emergency("Sprained ankle last week, healing well. He yelps when his foot is bent up by the "
                        "physio, but it eases with rest.", fast)


# --- a toilet seat that feels odd, a bottom not one's own (xi:1) -------------------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Hurt my back moving a wardrobe on Friday. Since then sitting on the toilet feels strange.",
        "Strained his back lifting on Sunday. He sat on the loo and said it feels like it isn't his own "
        "bottom.",
    ],
)
def test_odd_seat_or_bottom_not_ones_own(text, fast):
    """session26_xi:1: sitting on the toilet feels odd, a bottom that does not feel like one's own: saddle
    anaesthesia, cauda equina (emergency)."""
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
def test_chair_feels_odd_not_emergency(fast):
    """Look-alike: sitting on a hard chair feels odd after a long drive (no toilet, no saddle area)."""
    check_not_emergency("After the long drive sitting on the kitchen chair feels odd and my hip aches.", fast)


# --- arms 'going too' after weak legs, with choking and breathlessness (xi:24) -----------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Pins and needles in both feet on Saturday, both legs weak by Monday, now her arms are going too and "
        "she coughs on every drink.",
        "Both legs weak since Tuesday, today my hands are going too and I can't get my breath.",
    ],
)
def test_arms_going_too(text, fast):
    """session26_xi:24 (rules alone): legs weak over days, then the arms 'going too', with choking or
    breathlessness: Guillain-Barre with a bulbar or breathing sign (ambulance)."""
    check_floor(text, fast, "emergency_ambulance", "guillain_barre")


# --- a cranial symptom in a person with polymyalgia rheumatica, age not told (xg:34) -----------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "PMH: PMR, prednisolone 7.5 mg.\nHer daughter says she gets pain in her jaw when chewing toast and "
        "has to stop.",
        "Known polymyalgia rheumatica. Since Friday blurred vision in the left eye on and off.",
    ],
)
def test_pmr_with_cranial_symptom_no_age(text, fast):
    """session26_xg:34: a known polymyalgia rheumatica (age 50 or more by its criteria, facts.md) with jaw
    claudication or blurred vision, no age told: giant cell arteritis (emergency)."""
    check_floor(text, fast, "emergency", "giant_cell_arteritis")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Could this be polymyalgia? My jaw aches when I chew gum for a long time.",
        "Known polymyalgia rheumatica, on prednisolone. Shoulders stiff in the mornings again, no headache, "
        "no jaw pain, vision fine.",
    ],
)
def test_pmr_without_a_cranial_symptom_not_emergency(text, fast):
    """Look-alikes: a queried polymyalgia (no diagnosis), and a known one with the cranial symptoms denied."""
    check_not_emergency(text, fast)


def test_gca_flag_known_pmr_branch():
    """The knowledge base: known PMR with jaw claudication fires the GCA flag with no age; known PMR alone
    does not."""
    import legdx
    from legdx.model import Case

    fired = legdx.assess(Case(findings={"known_polymyalgia_rheumatica": True, "jaw_claudication": True}))
    assert "giant_cell_arteritis" in {f.id for f in fired.red_flags}
    alone = legdx.assess(Case(findings={"known_polymyalgia_rheumatica": True}))
    assert "giant_cell_arteritis" not in {f.id for f in alone.red_flags}
