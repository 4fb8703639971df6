"""Session 21 (f1v): extraction F1 on the development parts (development11-31), reading errors.

Families fixed here (each counted over development11-31 before a rule was written):

- **the two slopes compared**: 'Downhill worse than uphill', 'Going down the hill into town is worse
  than coming back up', 'Uphill is actually easier', 'Uphill I'm okay' had read walking uphill as worse
  (the bare 'uphill' or 'hill ... worse' inside the comparison; 11 narratives, none gold). The helper
  _slope_compared hides those readings without stating a denial (the authors split on that); a
  comparison that opens with the downhill, or calls the uphill easier than the way down, reads downhill
  worse. The fast layer's guard drops its guesses there (the_lesser_slope).
- **the downhill of an outing**: 'loads of steep downhill at the end', 'after unaccustomed downhill
  hiking' (muscle soreness after a hill walk) is no symptom worse downhill; the fast layer's guesses
  from a sentence telling a hill walk with no symptom word are dropped (an_outing_is_no_slope).
- **pain denied, ECQ Q1**: 'her legs get tired, not painful', 'heaviness, no pain' gives no ECQ Q1
  reading (kb.alias_filters own_when_denied; 7 such readings, none gold).
- **known misreads left after session 20** (docs/text.md): the fast layer read 'He walks three miles
  every morning' as symptoms brought on by walking (a_walking_habit_is_no_complaint), and a walk past a
  distance with no symptom in its sentence ('He uses a stick when he walks more than 2 miles') read as
  one (require_in_sentence on the two walk-past-a-distance rules).

The sentences are our own; each family has look-alikes that must still read, in both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, states  # noqa: E402

UP = "worse_walking_uphill"
DOWN = "worse_walking_downhill"
WALK = "leg_symptoms_with_walking"
Q1 = "ecq_q1_pain_on_walking"
Q3 = "ecq_q3_uphill_or_hurry"


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # development11 a01, development12 b01, development19 m34 (a comparison opening with the downhill)
        "She says going downhill is worse than uphill for her legs.",
        # development20 p44, development30 aj011 (the way down into town against the way back)
        "Walking down the hill to the village is worse than coming back up.",
        # development20 p05 ('Downhill worse than up hill')
        "Legs ache on walks. Downhill much worse than up hill.",
    ],
)
def test_downhill_worse_than_uphill(text, fast):
    """The downhill is the worse slope: downhill worse is read, uphill worse is not."""
    st = states(text, fast)
    assert "present" in st.get(DOWN, set()), st
    assert "present" not in st.get(UP, set()), st
    assert "present" not in st.get(Q3, set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # development24 k028, development17 q03 ('Uphill is actually easier')
        "Her legs go heavy after ten minutes on her feet. Uphill is honestly easier than downhill.",
        # development25 aa026, development27 ad049, development28 ag038
        "Going up the hill to the allotment is easier for him than coming back down.",
    ],
)
def test_uphill_easier_than_the_way_down(text, fast):
    """The uphill called easier than the way down: downhill worse, not uphill worse."""
    st = states(text, fast)
    assert "present" in st.get(DOWN, set()), st
    assert "present" not in st.get(UP, set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # development17 q49 ('Uphill I'm okay, it's downhill ... that's bad')
        "Uphill I'm alright, it's the downhill bits that get my legs.",
        "Uphill is fine for her.",
    ],
)
def test_uphill_fine_is_not_worse_uphill(text, fast):
    st = states(text, fast)
    assert "present" not in st.get(UP, set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Her calves cramp when she walks uphill.",
        "The ache comes on sooner going up the hill to church.",
        "He walks up the hill to the shop, then rests and is fine.",
        "Worse uphill, and better on the flat.",
    ],
)
def test_uphill_worse_still_read(text, fast):
    """Look-alikes: an uphill that brings the symptom on (or a rest, not the uphill, that eases it)."""
    st = states(text, fast)
    assert "present" in st.get(UP, set()), st


def test_stairs_down_worse_than_up_is_no_hill():
    """development13 c19: 'stairs (down worse than up)' is about stairs, not a downhill walk (the downhill
    comparison rule needs a downhill, a descent or a hill)."""
    for fast in MODES:
        st = states("Knee pain on stairs (down worse than up) and kneeling.", fast)
        assert "present" not in st.get(DOWN, set()), st
        assert "present" not in st.get(UP, set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # development17 q18, development22 e045, development26 ab047, development28 ag034
        "On Saturday she did a 25 km charity hike with loads of steep downhill at the end. "
        "Since Sunday both thighs are sore.",
        # development17 q18, development31 am032
        "Impression: muscle soreness after unaccustomed downhill hiking.",
    ],
)
def test_downhill_outing_is_no_downhill_symptom(text, fast):
    st = states(text, fast)
    assert "present" not in st.get(DOWN, set()), st
    assert "present" not in st.get(WALK, set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # development11 a42, development14 e16, development27 ad004 (the fast layer's guess)
        "I did my first proper hill walk in years on Sunday, 20 km with a long steep descent at the end.",
    ],
)
def test_hill_walk_outing_is_no_slope_guess(text, fast):
    st = states(text, fast)
    assert "present" not in st.get(UP, set()), st
    assert "present" not in st.get(DOWN, set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Going downhill is agony for her thighs since the hike.",
        "Her knees hurt walking downhill.",
    ],
)
def test_downhill_pain_still_read(text, fast):
    """Look-alikes: a pain going downhill is still worse downhill."""
    st = states(text, fast)
    assert "present" in st.get(DOWN, set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # development26 ab038 ('her legs get tired, not painful')
        "He can walk to the post office but his legs get tired on the way, not painful.",
        # development21 q237 ('Walking limited to 200 m by leg heaviness, no pain')
        "Walking is limited to about 300 m by heaviness in both legs, no pain.",
        # development11 a14 ('stiff rather than painful')
        "My legs feel heavy rather than painful and get worse the further I walk.",
    ],
)
def test_pain_denied_is_no_ecq_q1(text, fast):
    """ECQ Q1 asks about pain on walking; the writer says it is not pain. The walking reading stays."""
    st = states(text, fast)
    assert "present" not in st.get(Q1, set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # development31 am010 (an ache beside a denied pain elsewhere in the sentence)
        "She gets an ache behind the knees after half a mile, and she can cycle without any pain.",
        "Both legs go heavy and ache after 200 yards.",
        "His calves cramp when he walks 100 yards.",
    ],
)
def test_pain_on_walking_still_ecq_q1(text, fast):
    st = states(text, fast)
    assert "present" in st.get(Q1, set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # docs/text.md, 'Left after session 20': the fast layer's guess
        "He walks three miles every morning.",
        "She walks the dog twice a day along the canal.",
        "He does a 5 km walk daily.",
    ],
)
def test_walking_habit_is_no_walking_symptom(text, fast):
    st = states(text, fast)
    assert "present" not in st.get(WALK, set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # docs/text.md, 'Left after session 20': a walk past a distance with no symptom in its sentence
        "He uses a walking pole when he walks more than 2 miles.",
        "She takes the bus once she has walked about 2 miles.",
    ],
)
def test_walk_past_a_distance_alone_is_no_walking_symptom(text, fast):
    st = states(text, fast)
    assert "present" not in st.get(WALK, set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Her calves ache whenever she walks more than 200 yards.",
        "When he walks more than 200 yards it comes on again.",
        "Every morning his calves ache after a mile.",
        "Walking more than 10 minutes, my thighs ache and go numb.",
    ],
)
def test_walking_symptom_still_read(text, fast):
    """Look-alikes: a symptom, a site or a word standing for one beside the walk keeps the reading."""
    st = states(text, fast)
    assert "present" in st.get(WALK, set()), st


NIGHT = "leg_symptoms_worse_evening_or_night"


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # development28 ag016, development23 p011 ('pain in the middle of his back, worse at night')
        "For a week she has had severe pain in the middle of her back, worse at night, and she feels hot.",
        # development22 e019 ('mid-thoracic back pain that keeps him awake')
        "Four days of constant thoracic back pain that keeps him awake.",
        # development19 m43, development22 e050 ('new low back pain ... worse at night and lying flat')
        "New lumbar back pain for three weeks, worse at night and lying flat.",
    ],
)
def test_back_pain_at_night_is_no_leg_symptom_at_night(text, fast):
    """The night worsening of a back pain named with no leg; the night back pain itself still reads."""
    st = states(text, fast)
    assert "present" not in st.get(NIGHT, set()), st
    assert "present" in st.get("nocturnal_back_pain", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # development23 p046, development12 q06 (no back word: the sentence before names the feet)
        "Burning soles in both feet for two years. Worse at night in bed.",
        "Low back ache for years, and both calves ache, worse at night.",
        "Her back is fine but her feet burn, worse in bed at night.",
    ],
)
def test_legs_at_night_still_read(text, fast):
    st = states(text, fast)
    assert "present" in st.get(NIGHT, set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # development21 q233, development17 q44, development28 ag028, development25 aa005, development14 e34
        "A creeping feeling in both calves every evening; walking round the room eases it, but it comes back "
        "as soon as she sits down again.",
        "Walking settles the fizzing, but the moment I sit or lie down it's back.",
    ],
)
def test_symptom_back_on_sitting_is_not_eased_by_sitting(text, fast):
    st = states(text, fast)
    assert "present" not in st.get("improves_when_seated", set()), st


@pytest.mark.parametrize("fast", MODES)
def test_eased_by_sitting_still_read(fast):
    st = states("After 300 yards both legs go numb; she has to sit down and in two minutes it eases.", fast)
    assert "present" in st.get("improves_when_seated", set()), st
