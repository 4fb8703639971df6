"""The mined phrase lexicon (session 4): the shipped file is valid, the miner is deterministic, the reader's
hook adds a mined phrase's finding only where the phrase is, and ``Reader(mined=False)`` leaves it out."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from legdx.text.mined import (  # noqa: E402
    MINING_PARTS,
    MinedPhrase,
    Thresholds,
    dump,
    load_mined,
    mine_stats,
    select,
    variants,
)


@pytest.fixture(scope="module")
def kb():
    from legdx.knowledge.loader import default_kb

    return default_kb()


@pytest.fixture(scope="module")
def rules():
    from legdx.text.rules import default_rules

    return default_rules()


def test_shipped_lexicon_is_valid(kb):
    lex = load_mined()
    assert set(lex.sources) <= set(MINING_PARTS)
    assert not {"heldout"} & set(lex.sources)
    assert lex.phrases, "the lexicon is empty"
    seen = set()
    for m in lex.phrases:
        assert m.phrase.strip() == m.phrase and m.phrase, m
        assert m.finding in kb.findings, m
        assert kb.findings[m.finding].derive is None, m
        assert (m.phrase, m.finding) not in seen, m
        seen.add((m.phrase, m.finding))
        assert m.support >= lex.thresholds.min_support and m.gain >= lex.thresholds.min_gain, m
        assert len(m.phrase.split()) >= lex.thresholds.min_words, m


def test_variants():
    assert variants("no calf swelling.", "absent") == ["calf swelling"]
    assert variants("my left calf aches", "present") == ["my left calf aches", "calf aches"]
    assert variants("absent pulses", "present") == ["absent pulses"]


def test_miner_is_deterministic(rules, kb):
    th = Thresholds(min_support=1, min_precision=1.0, min_gain=1, min_words=2)
    a = dump(select(mine_stats(["development3"], rules, kb), th), ["development3"], th)
    b = dump(select(mine_stats(["development3"], rules, kb), th), ["development3"], th)
    assert a == b
    with pytest.raises(ValueError, match="not a mining part"):
        mine_stats(["heldout"], rules, kb)


def test_hook_adds_a_mined_phrase_and_the_switch_turns_it_off(rules, kb):
    from legdx.text.reader import Reader

    lex = [MinedPhrase(phrase="legs like wet sandbags", finding="bilateral_leg_weakness")]
    on = Reader(rules, kb, mined=lex)
    off = Reader(rules, kb, mined=False)
    text = "For a week my legs like wet sandbags when I get up."
    got = {f.id: f for f in on.read(text).findings}
    assert got["bilateral_leg_weakness"].state == "present"
    assert got["bilateral_leg_weakness"].rule.startswith("mined:")
    assert "bilateral_leg_weakness" not in {f.id for f in off.read(text).findings}
    # not without the phrase, and ConText still reads its state
    assert "bilateral_leg_weakness" not in {f.id for f in on.read("For a week my legs ache.").findings}
    neg = {f.id: f.state for f in on.read("No legs like wet sandbags.").findings}
    assert neg.get("bilateral_leg_weakness") == "absent"
    assert not any(t.name.startswith("mined:") for t in off.targets)
    assert sum(t.name.startswith("mined:") for t in on.targets) == 1


def test_shipped_lexicon_through_the_switch(rules, kb):
    from legdx.text.reader import Reader

    lex = load_mined()
    on, off = Reader(rules, kb, mined=True), Reader(rules, kb, mined=False)
    assert not on.problems
    assert sum(t.name.startswith("mined:") for t in on.targets) > 0
    assert not any(t.name.startswith("mined:") for t in off.targets)
    added = 0
    for m in lex.phrases:
        text = f"She mentions {m.phrase}."
        if m.finding in {f.id for f in off.read(text).findings}:
            continue  # the reader reads it without the lexicon too
        assert any(f.id == m.finding and f.rule.startswith("mined:") for f in on.read(text).findings), m
        added += 1
    assert added, "no shipped phrase adds anything in a plain sentence"
