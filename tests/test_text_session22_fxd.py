"""Session 22 (fxd): typography as phones, scanners and PDF extraction produce it.

A word cut by a hyphen and a space within a line ('sad- dle', 'uri- nary re- tention') and a soft hyphen or
another invisible character (zero-width space, byte-order mark) inside or before a word are joined back when
the whole is a word of the rules; emoji written in place of words (leg, foot, cold, white) are read as those
words (lexicon.yaml: symbols); a phone's curly apostrophe ('can\u2019t') is read as the straight one.
Look-alikes: real hyphen-space forms ('pre- and post-operative', 'non- smoker') stay apart, a coloured circle
at a line's start is a bullet, and an emoji of a mild, chronic complaint raises nothing. A wound named
straight after a spinal operation is no foot wound (no limb-threatening ischaemia flag); one after a foot
operation still is. The sentences are our own unless a docstring names the source line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, probe_line  # noqa: E402


def _fullwidth(text: str) -> str:
    """``text`` in fullwidth letters and marks, with ideographic spaces."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" for c in text)


def _normalized(text: str) -> str:
    from legdx.text.reader import get_reader

    return get_reader().normalizer.normalize(text)[0]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("new sad- dle numbness", "new saddle numbness"),
        ("uri- nary re- tention", "urinary retention"),
        ("on a bi- lateral sci- atica", "on a bilateral sciatica"),
        ("the pa\u00adtient", "the patient"),
        ("\ufeffnumb\u200bness", "numbness"),
        # look-alikes: both parts words, or the join no word of the rules
        ("pre- and post-operative", "pre- and post operative"),
        ("left- and right-sided", "left- and right sided"),
        ("non- smoker", "non- smoker"),
        ("leg\u200bpain", "leg pain"),
    ],
)
def test_cut_words_and_invisible_characters(text, want):
    """session22_vc:41: the normaliser joins a word cut by a hyphen and a space, drops soft hyphens and other
    invisible characters, and leaves real hyphen-space forms apart."""
    assert _normalized(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("my \U0001f9b5 went \U0001f976", "my leg went cold"),
        ("my \U0001f9b5\U0001f3fd is \u2744\ufe0f", "my leg cold"),
        ("both\U0001f9b6\U0001f9b6", "both foot foot"),
        ("\u26aa calf ache\n\u26aa better standing", "\u26aa calf ache\n\u26aa better standing"),
        ("I can\u2019t walk", "I cannot walk"),
        ("toe gone \u26ab", "toe gone black"),
        ("di\ufb03culty \ufb02exing, sti\ufb00ness", "difficulty flexing, stiffness"),
        ("\uff28\uff25\uff2c\uff30 my leg", "HELP my leg"),
    ],
)
def test_symbols_and_curly_apostrophes(text, want):
    """session22_vc:42: emoji (with a skin tone or the presentation selector) read as the word they stand for,
    a circle at a line's start left as a bullet, a curly apostrophe read as a straight one."""
    got = _normalized(text)
    assert got.split() == want.split() and got.count("\n") == want.count("\n"), got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Referral (scanned): this pa\u00adtient has had numb- ness over the sad- dle area since Monday and "
        "new uri- nary inconti- nence.",
        "Letter: two days of peri- neal numbness and painless re- tention of urine, back- ground of bi- "
        "lateral sci- atica.",
    ],
)
def test_pdf_hyphenation(text, fast):
    """session22_vc:41: saddle numbness and new bladder trouble written with PDF hyphenation: cauda equina."""
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "\ufeffmy \U0001f9b6 turned \u26aa and \u2744\ufe0f 40 mins ago, I can\u2019t feel it and can\u2019t "
        "wiggle my toes \U0001f631",
        "Suddenly half an hour ago my left foot went cold and pale, I can\u2019t feel it and can\u2019t move "
        "my toes.",
    ],
)
def test_emoji_and_curly_apostrophes_limb_ischaemia(text, fast):
    """session22_vc:42: a foot gone white and cold within the hour, no feeling and no movement, told with
    emoji or a phone's apostrophe: acute limb ischaemia with a deficit, an ambulance."""
    check_floor(text, fast, "emergency_ambulance", "acute_limb_ischemia")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(("name", "line"), [("session22_vc.txt", 41), ("session22_vc.txt", 42)])
def test_probe_lines(name, line, fast):
    """The probe lines themselves (session22_vc:41, vc:42)."""
    level, text = probe_line(name, line)
    check_floor(text, fast, level)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Non- smoker. Pre- and post-operative review: calf ache after 200 yards, eases standing still, for a "
        "year.",
        "\u26aa calf cramps after 300 m of walking\n\u26aa better after a 2 min rest\n\u26aa for 6 months",
        "my \U0001f9b6\U0001f9b6 are \U0001f525 at night for years now, diabetic, no change",
    ],
)
def test_look_alikes_not_emergency(text, fast):
    """Look-alikes: real hyphen-space forms, circles as list bullets, burning feet for years: no emergency."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Post-op day 9 after L4/5 discectomy \u2014 wound red and oozing, fever \u2191, back pain much worse "
        "than before the op.",
        "Ten days after her lumbar decompression, wound oozing and red, temperature 38.5 and worse back "
        "pain.",
    ],
)
def test_wound_after_spinal_operation(text, fast):
    """session22_vc:18 (the first sentence is the probe line's opening): the wound of a spinal operation, red
    and oozing, with a fever: a spinal infection, not a foot wound (the chronic limb-threatening ischaemia
    flag had fired)."""
    level, flags, found = assess(text, fast)
    assert "spinal_infection" in flags and level == "emergency", (level, flags)
    assert "chronic_limb_threatening_ischemia" not in flags, flags
    assert "foot_wound_or_sore" not in found, found


@pytest.mark.parametrize("fast", MODES)
def test_wound_after_foot_operation_is_a_foot_wound(fast):
    """Look-alike of session22_vc:18: a wound after a foot operation is still a foot wound."""
    _, _, found = assess("Day 6 after bunion surgery, wound red and oozing, fever 38.4, diabetic.", fast)
    assert "foot_wound_or_sore" in found, found


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    ("text", "floor", "flag"),
    [
        (
            "Back pain for a week, now di\ufb03culty passing urine and both legs \ufb02oppy and weak.",
            "emergency",
            "cauda_equina",
        ),
        (
            _fullwidth("SUDDEN COLD WHITE LEFT LEG, NUMB FOOT"),
            "emergency_ambulance",
            "acute_limb_ischemia",
        ),
        ("my toes have gone \u26ab and wet and smelly, redness spreading, feverish", "emergency", None),
    ],
)
def test_ligatures_fullwidth_and_colour_emoji(text, floor, flag, fast):
    """session22_vc:6, vc:54 (fullwidth letters), vc:21 (a black circle for a black toe), and the ligatures of
    PDF text ('di\ufb03culty'): read as plain letters and words."""
    check_floor(text, fast, floor, flag)
