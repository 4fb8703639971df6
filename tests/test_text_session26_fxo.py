"""Session 26 (fxo): four look-alikes of the new probe files that read at an emergency level.

A fever the children have, in a text where the writer denies their own; the sciatica an epidural was given
for, in a text where the leg pain is better since; a calf swelling of last month that a scan found free of
clot and that has gone; toes gone white and numb in the snow that went pink again within minutes. Each
look-alike has urgent twins that must keep their floor: the writer's own fever, a back worse after the
injection, a leg weak after it, a calf swollen again or with the scan still to come, toes still white and
cold. The sentences are our own unless a docstring names the probe line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, probe_line  # noqa: E402

# --- the children's fever (session26_xg:48) ---------------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
def test_probe_children_fever_writer_denies(fast):
    """session26_xg:48: the children off school with temperatures, the writer 'fine myself, no fever'."""
    level, text = probe_line("session26_xg.txt", 48)
    assert level == "consultation"
    check_not_emergency(text, fast)
    assert assess(text, fast)[2].get("fever_with_back_pain") == {"family"}


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "The grandchildren have all had temperatures since Sunday; I haven't got a temperature myself. My "
        "lower back aches from lifting them, legs fine.",
        "Both my children are off nursery with fevers, no fever in me though, I checked. Back stiff after "
        "carrying them about, walking fine.",
    ],
)
def test_children_fever_writer_denies(text, fast):
    """session26_xg:48: the fever is the children's when the writer denies their own."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "The kids had temperatures last week and now I've got a fever of 38.6 and my lower back is agony.",
        "All the kids are off with temperatures and I've got a temperature of 38.9 too, with severe back "
        "pain.",
    ],
)
def test_children_fever_and_my_own(text, fast):
    """Twin of session26_xg:48: the writer has a fever of their own with back pain (spinal infection)."""
    check_floor(text, fast, "emergency", "spinal_infection")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My dad has a temperature of 38.7 and severe back pain; the grandchildren are fine, I've no fever.",
        "The grandchildren are fine, my dad has had a temperature of 38.7 since Monday and his back is "
        "agony. I've no fever myself.",
    ],
)
def test_children_fine_relative_has_the_fever(text, fast):
    """Twin of session26_xg:48: a relative writing about the patient, whose fever sits before or after a
    clause about the children; the writer's own 'no fever' does not give the patient's away."""
    check_floor(text, fast, "emergency", "spinal_infection")


# --- the sciatica an injection was given for (session26_xg:50) --------------------------------------


@pytest.mark.parametrize("fast", MODES)
def test_probe_epidural_for_sciatica_better(fast):
    """session26_xg:50: an epidural for sciatica three weeks ago, leg pain much better, no fever."""
    level, text = probe_line("session26_xg.txt", 50)
    assert level == "consultation"
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Nerve root block for my right sciatica ten days ago and the leg pain has settled a lot. Back fine, "
        "no temperature, walking normally.",
        "Had an epidural steroid injection for my L5 sciatica a fortnight ago; the leg is much better, no "
        "fever, strength normal.",
    ],
)
def test_injection_for_sciatica_better(text, fast):
    """session26_xg:50: the pain the injection treated is better since; nothing new, worse or feverish."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Epidural for my sciatica 12 days ago. The leg pain was better at first but now my back is much "
        "worse every day and I feel feverish.",
        "Had an epidural steroid injection for sciatica last week. Leg pain much better, but since "
        "yesterday my right leg is weak and I keep tripping.",
        "Injection for my sciatica three weeks ago, the leg pain has eased, but I've had a temperature of "
        "38.5 since last night and my back hurts.",
        "Had an epidural steroid injection for sciatica nine days ago. The sciatica is no better.",
    ],
)
def test_injection_then_alarm(text, fast):
    """Twins of session26_xg:50: a back worse with a fever, a new weak leg, a fever with back pain, or the
    sciatica not better after a recent spinal injection (spinal infection, as before)."""
    check_floor(text, fast, "emergency", "spinal_infection")


# --- a calf scare scanned clear and gone (session26_xg:54) ------------------------------------------


@pytest.mark.parametrize("fast", MODES)
def test_probe_calf_swelled_last_month_scan_clear(fast):
    """session26_xg:54: a calf that swelled last month, ultrasound clear, no clot, swelling gone."""
    level, text = probe_line("session26_xg.txt", 54)
    assert level == "consultation"
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Two weeks ago my right calf swelled up after a long flight. The scan showed no clot and the "
        "swelling has completely gone. These days my back aches after gardening.",
        "Last month my left calf was swollen and tender to touch. The doppler was normal and the swelling "
        "has settled. I'd like advice about my bunion.",
    ],
)
def test_calf_swelling_scanned_clear_and_gone(text, fast):
    """session26_xg:54: a past one-leg swelling, scanned free of clot and gone, is no DVT today."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Last month my left calf swelled and the scan was clear, no clot. Now the same calf is swollen "
        "again and tender.",
        "My right calf swelled up yesterday and is tender to touch; the scan is booked for tomorrow.",
        "Three weeks ago my calf swelled; the ultrasound was clear then. It is still swollen and sore to "
        "squeeze.",
        "Last month my left calf swelled, the scan was clear and the swelling has gone. A week ago my right "
        "calf swelled up and it's hot and tender to touch.",
    ],
)
def test_calf_swollen_now(text, fast):
    """Twins of session26_xg:54: a calf swollen again, swollen with the scan to come, still swollen, or the
    other calf swollen now beside an old scare."""
    check_floor(text, fast, "emergency", "deep_vein_thrombosis")


# --- white toes in the cold that pinked up (session26_xi:45) ----------------------------------------


@pytest.mark.parametrize("fast", MODES)
def test_probe_toes_white_in_snow_pink_again(fast):
    """session26_xi:45: toes white and numb in the snow, pink again within ten minutes by the radiator."""
    level, text = probe_line("session26_xi.txt", 45)
    assert level == "self_care"
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Swimming in the cold sea my toes went white and numb; back on the beach they pinked up within five "
        "minutes and feel normal, both feet warm.",
        "Frosty morning on the allotment and my toes went white and numb. Inside by the fire the colour "
        "came back within a few minutes and they're fine now.",
    ],
)
def test_cold_white_toes_pinked_up(text, fast):
    """session26_xi:45: a colour change brought on by cold that went back to pink within minutes."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Out in the snow an hour ago my left foot went white and numb and it is still white and cold now by "
        "the fire.",
        "My right foot went white and numb in the snow, it went pink again within ten minutes but now it's "
        "white again and cold.",
        "Sitting indoors my right foot suddenly went white and numb, then went pink again after ten minutes.",
        "In the snow my toes went pink again within minutes, but this morning my right foot went white and "
        "numb.",
    ],
)
def test_white_numb_foot_not_passed(text, fast):
    """Twins of session26_xi:45: a foot still white and cold, white again, one that went white at rest
    indoors with no cold about it, or white this morning after an old spell that passed (acute limb
    ischaemia, as before)."""
    check_floor(text, fast, "emergency", "acute_limb_ischemia")


def test_gate_lets_the_new_takebacks_through():
    """The four takebacks of this session find the same spans through the reader's literal gate
    (``Reader._taken_back``) as their regexes find ungated (session 18's gate test, on the probe lines)."""
    from legdx.text.reader import get_reader

    r = get_reader(fast_semantic=False)
    names = {"others_fever_denied_mine", "procedure_indication_eased", "calf_swelling_scanned_gone",
             "cold_white_toes_pink_again"}
    seen = set()
    for name, line in (("session26_xg.txt", 48), ("session26_xg.txt", 50), ("session26_xg.txt", 54),
                       ("session26_xi.txt", 45)):
        text = probe_line(name, line)[1]
        ungated = sorted(
            (m.span("x"), tb)
            for rx, req, unless, _state, _ids, tb in r._takebacks
            if (req is None or req.search(text)) and (unless is None or not unless.search(text))
            for m in rx.finditer(text)
            if m.start("x") < m.end("x")
        )
        got = sorted(((a, b), tb) for a, b, _s, _i, tb in r._taken_back(text))
        assert got == ungated, text
        seen |= {tb for _span, tb in got}
    assert names <= seen
