"""Session 22, the lead: a takeback's ``unless`` (a regex that must match nowhere in the text), checked when
the rule files load and used when a text is read (reader.yaml: ``operation_wound``)."""

from __future__ import annotations

import shutil

import pytest

from text_readings import MODES, read

pytest.importorskip("medspacy")


def test_a_takeback_unless_that_is_no_regex_is_refused_by_name(tmp_path):
    from legdx.text.rules import RuleFileError, data_dir, load_rules

    for p in data_dir().glob("*.yaml"):
        shutil.copy(p, tmp_path / p.name)
    rd = tmp_path / "reader.yaml"
    text = rd.read_text(encoding="utf-8")
    assert "    unless: '\\b(?:foot|feet" in text
    broken = text.replace("    unless: '\\b(?:foot|feet", "    unless: '\\b(?:(foot|feet", 1)
    rd.write_text(broken, encoding="utf-8")
    with pytest.raises(RuleFileError) as exc:
        load_rules(tmp_path)
    assert "operation_wound" in str(exc.value) and ".unless" in str(exc.value)


@pytest.mark.parametrize("fast", MODES)
def test_an_operation_wound_is_no_foot_wound_unless_a_foot_is_named(fast):
    # our own sentences, as probe session22_va:35 (a wound after a spinal operation, with a fever)
    spinal = read("Two weeks after a lumbar decompression. Wound: oozing, red. Feverish and shaking.", fast)
    assert not {f.id for f in spinal.findings} & {"foot_wound_or_sore", "foot_infection_or_sepsis"}
    # the unless: a toe named in the text keeps the wound a foot's
    toe = read("Two weeks after a toe amputation. Wound: oozing, red, smelly. Feverish and shaking.", fast)
    wound = {"foot_wound_or_sore", "foot_infection_or_sepsis"}
    assert {f.id for f in toe.findings if f.state == "present"} & wound


def test_a_takeback_requires_that_is_no_regex_is_refused_by_name(tmp_path):
    """'requires' was compiled only for 'pattern' before session 22 (a short-circuit ``and``)."""
    from legdx.text.rules import RuleFileError, data_dir, load_rules

    for p in data_dir().glob("*.yaml"):
        shutil.copy(p, tmp_path / p.name)
    rd = tmp_path / "reader.yaml"
    text = rd.read_text(encoding="utf-8")
    assert "    requires: '\\b(?:operation|op|" in text
    broken = text.replace("    requires: '\\b(?:operation|op|", "    requires: '\\b(?:(operation|op|", 1)
    rd.write_text(broken, encoding="utf-8")
    with pytest.raises(RuleFileError) as exc:
        load_rules(tmp_path)
    assert "operation_wound" in str(exc.value) and ".requires" in str(exc.value)
