"""Session 19, the lead: a target rule's ``rules_out`` ids are checked against the knowledge base like its
other ids (f1p added the field; an id the knowledge base does not have was silently ignored)."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from legdx.text.reader import Reader  # noqa: E402
from legdx.text.rules import TargetRuleSpec, default_rules  # noqa: E402


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
