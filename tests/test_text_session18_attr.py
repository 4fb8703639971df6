"""Session 18 (attr): who has which symptom, and what a later clause or sentence takes back (reader.yaml:
takebacks). An alarm told of a relative in a sentence of its own, over and done ('last Tuesday', 'fine now'),
in a message the writer says is about themself; a grandchild's fever that the patient 'hasn't caught'; 'that's
his prostate ... not me'; 'I wrote X but meant Y'; 'I told you ... What I meant is ... slowly over two years';
'the note stated X. This is longstanding ...'.

Each look-alike has an emergency twin (the writer's own alarm beside the relative's, a relative's alarm that
is not over, a correction that makes it worse, a true 'as I told you'), all read in both modes. The sentences
are our own; the probe lines they come from are named in each docstring."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, is_emergency  # noqa: E402

# (text, probe) pairs: non-urgent look-alikes that must not reach an emergency level
LOOKALIKES = [
    (
        "Hello, two of us in this house have had a rough month. My wife's foot turned cold and pale "
        "last week; "
        "she had an urgent operation to remove the clot and is home now. I'm writing about myself: I'm 69, "
        "ex-smoker, and my left calf cramps after 200 yards and eases when I stop.",
        "session17_rk:47",
    ),
    (
        "My son's cola-coloured urine after football last month turned out to be muscle breakdown, he's fine "
        "now. As for me, I'm 58 and on atorvastatin, my thighs ache on the stairs for a fortnight. Urine "
        "looks normal.",
        "session17_rk:49",
    ),
    (
        "Hi, both of us got checked today. My husband's leg went cold and white last Tuesday; he had an "
        "emergency operation to clear the clot and is home recovering well. I'm writing for me: I'm 72, I "
        "smoke, and my calves ache after two bus stops and stop hurting when I stand still.",
        "session17_rk:47 (the probe line)",
    ),
    (
        "Correction: I wrote that my bottom was numb but meant my bottom aches when I sit too long. Sciatica "
        "in the left leg for a month. Bladder and bowels normal, strength fine.",
        "session17_ra:45",
    ),
    (
        "CORRECTION, I wrote can't feel my bum but meant can't sit on my bum for long. Sciatica down "
        "the right "
        "leg for 3 weeks, worse sitting. Peeing and pooing normal, normal feeling down there, leg "
        "strength fine.",
        "session17_ra:45 (the probe line)",
    ),
    (
        "My wife reminded me I said my foot went numb suddenly. What I meant is the tingling in my toes has "
        "come on gradually over several years. I have type 2 diabetes. I walk fine.",
        "session17_ra:43",
    ),
    (
        "Ward clerk correction: the referral stated patient incontinent of urine. This is chronic stress "
        "incontinence for many years, under urogynaecology. The new problem is buttock pain on walking.",
        "session17_ra:50",
    ),
    (
        "My wife told me to ask whether the waterworks trouble matters, but that's her bladder, she's up all "
        "night, not me. My calves ache walking uphill as they have for a year.",
        "session17_re:40",
    ),
    (
        "Writing about my dad, 70. The grandkids were over at Easter and the little one had a high "
        "temperature "
        "for three days. Dad is fine, he hasn't caught it, no fever. His lower back aches after "
        "gardening like "
        "always, and his calves cramp after a mile.",
        "session17_rj:26",
    ),
]


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize("text,probe", LOOKALIKES, ids=[p for _t, p in LOOKALIKES])
def test_someone_elses_or_taken_back_alarm_is_no_emergency(text, probe, fast):
    """Look-alikes (probes named in the ids): the alarm belongs to someone else or is taken back by the
    writer."""
    level, flags, st = assess(text, fast)
    assert not is_emergency(level), (probe, level, flags, st)


# emergency twins: the same shapes with the writer's own alarm, a relative's alarm that is not over, or a
# correction that keeps or worsens the alarm
TWINS = [
    (
        "My husband's leg went cold last Tuesday and is still cold and white, he's fine otherwise. Me, I'm "
        "writing for him.",
        "acute_limb_ischemia",
        "session17_rk:47: the relative's alarm still going on, a bare 'Me, I'",
    ),
    (
        "My husband's leg went cold and white last week; he had an operation. Me, I can't feel my bottom "
        "since yesterday.",
        "cauda_equina",
        "session17_rk:47: the writer's own saddle numbness after the relative's event",
    ),
    (
        "My husband's leg went cold and white an hour ago and he can't move his foot. I'm writing "
        "for me too, "
        "my calves ache.",
        "acute_limb_ischemia",
        "session17_rk:47: the relative's alarm is now",
    ),
    (
        "My husband's leg went cold and white last Tuesday and it is still cold and white today.",
        "acute_limb_ischemia",
        "session17_rk:47: no writer's own marker, the relative is the patient",
    ),
    (
        "My husband's leg went cold last Tuesday; he had an operation and is fine now. I'm writing "
        "for me: my "
        "right foot went cold, white and numb an hour ago.",
        "acute_limb_ischemia",
        "session17_rk:47: the writer's own alarm in a sentence of its own",
    ),
    (
        "My partner's dark urine after the gym last month turned out to be rhabdo, and he's fine "
        "now. Me, I'm "
        "25, and since yesterday's squat session my thighs are agony and my urine is like cola.",
        "rhabdomyolysis",
        "session17_rk:49: the writer's own dark urine",
    ),
    (
        "CORRECTION: I wrote I can feel my bum fine but meant I can't feel my bum at all since this morning.",
        "cauda_equina",
        "session17_ra:45: a correction that makes it worse",
    ),
    (
        "Correction, I said my bottom was a bit numb but meant it's completely numb down there now.",
        "cauda_equina",
        "session17_ra:45: the corrected words name the alarm",
    ),
    (
        "Correction to my message: he CANNOT pass urine since this morning, and his back pain goes "
        "down both legs.",
        "cauda_equina",
        "session17_ra:45: brief's twin, a correction that makes it worse",
    ),
    (
        "As I told you, my leg went numb all of a sudden an hour ago and it is cold and white.",
        "acute_limb_ischemia",
        "session17_ra:43: 'as I told you' is a true report",
    ),
    (
        "My daughter says I told you my leg went numb all of a sudden. What I meant is it went numb and cold "
        "within a minute this morning.",
        "acute_limb_ischemia",
        "session17_ra:43: a correction that stays sudden",
    ),
    (
        "Yesterday's note stated pt incontinent of urine. This is new since this morning, with back pain and "
        "numb buttocks.",
        "cauda_equina",
        "session17_ra:50: the note's words confirmed as new",
    ),
    (
        "My husband says it's his prostate, not me, but I have lost control of my bladder since "
        "yesterday and "
        "my bottom is numb.",
        "cauda_equina",
        "session17_re:40: the writer's own bladder in the same message",
    ),
    (
        "The grandchildren had flu last week. Now my husband has a temperature of 39 and bad back pain; he "
        "has caught it.",
        "spinal_infection",
        "session17_rj:26: the patient caught it",
    ),
    (
        "The grandchildren had a fever last week and he hasn't caught it, but he has had a "
        "temperature of 38.9 "
        "since this morning with new back pain.",
        "spinal_infection",
        "session17_rj:26: the patient's own fever in a sentence without a child",
    ),
]


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize(
    "text,flag,probe", TWINS, ids=[p.split(":")[0] + ":" + p.split(": ")[1] for _t, _f, p in TWINS]
)
def test_own_or_worsened_alarm_stays_an_emergency(text, flag, probe, fast):
    """Floors (probes named in the ids): the writer's own alarm, a relative's alarm that is not over, a
    correction that keeps or worsens the alarm, or a true 'as I told you' stays an emergency with its flag."""
    level, flags, st = assess(text, fast)
    assert is_emergency(level) and flag in flags, (probe, level, flags, st)


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize(
    "text",
    [
        "If his legs give way, ring 999.",
        "Sciatica down the left leg for a week. If her legs buckle or she can't pee, you should call "
        "an ambulance.",
        "Advice given: if the foot turns cold and white, call 999 straight away. Calf ache on "
        "walking for a year.",
    ],
)
def test_condition_first_safety_net_is_hypothetical(text, fast):
    """docs/text.md 'Left after session 17' (f1j): a safety-net sentence that opens with a bare 'if' and then
    calls for help reads the condition as hypothetical, not present."""
    level, flags, st = assess(text, fast)
    assert not is_emergency(level) and "progressive_neurological_deficit" not in flags, (level, flags, st)


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize(
    "text,flag",
    [
        ("His legs gave way twice this morning, should I ring 999?", "progressive_neurological_deficit"),
        (
            "His legs have given way twice today. If they give way again, ring 999.",
            "progressive_neurological_deficit",
        ),
        (
            "If I stand up my right foot is cold, white and numb since an hour ago, call 999?",
            "acute_limb_ischemia",
        ),
    ],
)
def test_present_alarm_beside_a_call_for_help_stays(text, flag, fast):
    """Floors for the safety net above: the alarm told as present (before a question about 999, said again
    with 'again', or told after an 'if I stand up' that is no safety net) keeps its flag."""
    level, flags, st = assess(text, fast)
    assert flag in flags, (level, flags, st)


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize(
    "text",
    [
        "Correction to my message: he CANNOT pass urine since this morning and his back hurts.",
        "SHE CANNOT FEEL HER BOTTOM WHEN SHE WIPES, BACK PAIN SINCE FRIDAY",
    ],
)
def test_cannot_in_capitals_is_a_lost_ability(text, fast):
    """The brief's twin of session17_ra:45 ('correction: he CANNOT pass urine'): 'CANNOT' in capitals was not
    split into 'can not' by spaCy, so no rule read the lost ability (lexicon.yaml: abbreviations)."""
    level, flags, st = assess(text, fast)
    assert is_emergency(level) and "cauda_equina" in flags, (level, flags, st)
