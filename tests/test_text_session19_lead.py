"""Session 19, the lead: a target rule's ``rules_out`` ids are checked against the knowledge base like its
other ids (f1p added the field; an id the knowledge base does not have was silently ignored)."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from legdx.text.reader import Reader  # noqa: E402
from legdx.text.rules import TargetRuleSpec, default_rules  # noqa: E402
from text_readings import MODES, check_floor, check_not_emergency  # noqa: E402


def test_an_unknown_rules_out_id_is_reported_as_a_problem():
    rules = default_rules().model_copy(deep=True)
    rules.targets.rules.append(
        TargetRuleSpec(
            finding="new_sphincter_symptoms",
            state="absent",
            literals=["no waterworks change at all"],
            rules_out=["no_such_finding_id"],
        )
    )
    reader = Reader(rules=rules, fast_semantic=False)
    assert any("no_such_finding_id" in p for p in reader.problems)


def test_the_packaged_rules_out_ids_are_all_known():
    rules = default_rules()
    reader = Reader(fast_semantic=False)
    assert reader.kb is not None
    ids = {x for r in rules.targets.rules for x in r.rules_out}
    assert ids and ids <= set(reader.kb.findings)


# the review of session 19: f1p took sphincter_dysfunction out of the 'bladder as before' rule's `also`, and
# the red-flag screen's 'change ... leak' then read a long-standing leak as a new sphincter change (a cauda
# equina emergency); the rule now rules it out unreported (`rules_out`); a new change elsewhere still wins
_AS_BEFORE = [
    "Back pain. Bladder: no change from the usual small leak on coughing.",
    "Low back ache for a month. Bladder - no change, the same little leak when she laughs as for years.",
]
_NEW_ELSEWHERE = [
    "Back pain. Bladder: no change. Since this morning he cannot pass urine.",
    "Bladder: no change from the usual small leak. Today numb around the back passage and both legs weak.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", _AS_BEFORE)
def test_a_bladder_as_before_with_its_old_leak_is_no_emergency(text, fast):
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", _NEW_ELSEWHERE)
def test_a_new_sphincter_or_saddle_change_said_elsewhere_still_is(text, fast):
    check_floor(text, fast, "emergency", "cauda_equina")


# the review of session 19: 'unable to void' was read only by the red-flag screen, which a walking word in
# the same clause cancels (probe session19_sg:11's wording without its bladder scan volume)
_VOID_FLOORS = [
    "Unable to void since 6am, bilateral leg pain when walking.",
    "Has not voided since 6am, back pain and both legs ache on walking.",
    "ED note: 58M cannot void since last night, lumbar pain, legs heavy when walking.",
]
_VOID_LOOKALIKES = [
    "Voiding normally, no retention. Calf pain on walking.",
    "Denies being unable to void. Calves ache after 200 m, ease with rest.",
    "Post-void residual 40 ml, legs ache on walking.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", _VOID_FLOORS)
def test_unable_to_void_beside_walking_is_a_retention(text, fast):
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", _VOID_LOOKALIKES)
def test_voiding_denied_or_normal_is_no_emergency(text, fast):
    check_not_emergency(text, fast)
