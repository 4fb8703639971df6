"""Session 23 (spb): speed of reading, with the same readings (ConText's cue gate and scopes, the need test's
word pairs, the fast layer's guard, the combine rules).

Each lever must give exactly what the slower code gave: the cue gate medspaCy's cue matches list for list
(its rule index, its regex anchors and its tie order included), ConText's target loop the same modifiers on
every target, ``passes`` the same answers, the guard the same rule, the combine rules the same findings."""

from __future__ import annotations

from typing import Any

import pytest

import legdx.text.reader as rd
from legdx.text import normalize
from text_readings import MODES, context_path_pair, cue_gate_docs, read

#: our own sentences: rare gated cue words ("catheter", "hay"), ties of two cue rules on one span ("last
#: year.", "for 2 years,", "my mother 70."; the benchmark's tie spans, session 23), cues in long lists
_TEXTS = [
    "Calf pain when walking, started last year. My mother 70. had the same.",
    "Numb feet for 2 years, worse at night; a catheter was put in last year and came out for 15 years) no.",
    "Hay fever only. Went over a few weeks. Start walking and the thigh aches, my husband 69. says so.",
    "No back pain, no numbness, no weakness, no bladder trouble, no fever and no weight loss at all.",
]


def _gate() -> tuple[Any, Any]:
    """The default reader and its own cue gate (``_MATCHERS`` holds the gates of every reader built in the
    process: the first one found may be another reader's, with another vocabulary)."""
    r = rd.get_reader()
    r.read("x")
    inner = r.context._ConText__matcher._MedspacyMatcher__matcher
    return r, next(v for v in rd._MATCHERS.values() if isinstance(v, rd._CueGate) and v.inner is inner)


def test_cue_gate_index_and_ties_give_medspacys_matches() -> None:
    """The gate (its rules found from the word index, two rules on one span ordered by a matcher of those
    rules alone) against medspaCy's matcher, on texts with ties and rare cue words; the ties did occur."""
    r, gate = _gate()
    outer = r.context._ConText__matcher
    gate._tie_matchers.clear()
    for doc in cue_gate_docs(_TEXTS):
        assert gate.matches(doc) == outer(doc), doc.text[:80]
    assert gate._tie_matchers  # some span was matched by two rules (the order then counts)


def test_cue_gate_on_development_texts_with_an_empty_regex_memory() -> None:
    """The same on 120 development narratives, with the regex anchors' memory emptied first and kept
    (words seen before and new ones)."""
    from legdx.text.evaluate import load_corpus

    r, gate = _gate()
    outer = r.context._ConText__matcher
    for hits in gate._regex_hits.values():
        hits.clear()
    for pos in gate._regex_pos.values():
        pos.clear()
    texts = [c.text for c in load_corpus("development")][30:150]
    for doc in cue_gate_docs(texts):
        assert gate.matches(doc) == outer(doc), doc.text[:80]


def test_every_gated_rule_is_filed_or_runs_always() -> None:
    """A gated rule with a required word list is filed under every word of one of its lists; one without
    any is tried on every text."""
    _r, gate = _gate()
    for k, (_m, lower, orth) in enumerate(gate.rules):
        if not lower and not orth:
            assert k in gate._unfiled
            continue
        filed = [
            ws
            for column, lists in ((0, lower), (1, orth))
            for ws in lists
            if all(k in gate._by_word[column].get(h, ()) for h in ws)
        ]
        assert filed, k


@pytest.mark.parametrize("fast", MODES)
def test_fast_and_plain_context_read_alike(fast: bool) -> None:
    """The fast ConText path (each target tried only with the modifiers whose scope holds its first or last
    word; one long text without a sentence end takes the fallback, every modifier) reads as medspaCy's own
    ConText does (the plain path, built as test_text_session20_fxw.py builds it): the full readings equal."""
    f, s = context_path_pair(fast)
    long = " and ".join(["no calf pain", "she denies numbness", "possible foot drop", "thighs ache"] * 25)
    for text in [*_TEXTS, long]:
        assert f.read(text).model_dump_json() == s.read(text).model_dump_json(), text[:60]


def test_context_target_loop_fallback_is_taken_on_a_long_text() -> None:
    """On a long text with no sentence end the scopes are longer all told than there are (target, modifier)
    pairs, and every target is tried with every modifier; the text still reads its negations."""
    got = read(" and ".join(["no calf pain", "she denies numbness"] * 40), True).findings
    assert got and all(f.state == "absent" for f in got if f.id.startswith("calf"))


def test_passes_word_pairs_as_plain_search() -> None:
    """``_has_pair`` (the pair strings searched only where the text has their first word) answers as a
    search of every string in the line would."""
    texts = [
        "it was worse after that, which turned out fine",
        "to a b c; not just the calf, just my foot",
        "nothing else really, i had similar pain",
        "",
    ]
    pair_sets = [
        (" which turned ", " it was ", " had similar "),
        (" to a", " to z", " not just ", " just my "),
        ("othing else ", " i had", "  x", " abc"),
        (" a b c ", " b c", " c "),
    ]
    for text in texts:
        w = normalize.Words(text)
        for pairs in pair_sets:
            want = any(p in w.line for p in pairs)
            assert normalize._has_pair(normalize._pair_groups(pairs), w) is want, (text, pairs)


def test_guard_rules_found_once_drop_the_same() -> None:
    """The guard's rules per finding and state, found once, drop what testing every rule dropped."""
    from legdx.text.fastsem import get_probes

    g = get_probes().guard
    assert g is not None
    sentences = ["No calf pain when walking.", "She may have had sciatica years ago.", "Feet cold and numb."]
    pairs = get_probes().pairs[:60]
    for fid, state in pairs:
        for s in sentences:
            got = g.dropped_by(fid, state, s, s, set())
            kind = g.kinds.get(fid)
            want = None
            for rule in g.rules:
                if rule.applies(fid, state, kind) and rule.drops(
                    g.prepare(s) if rule.scope != "text" else g.prepare(s), set()
                ):
                    want = rule.name
                    break
            assert got == want, (fid, state, s)
            assert g._applying[(fid, state)] == tuple(
                rule for rule in g.rules if rule.applies(fid, state, kind)
            )


def test_combine_rules_from_the_index_as_from_every_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """The combine rules run from the findings' index give the findings evaluating every rule in file order
    gives (a rule with no index, ``_true_needs`` None, runs on every text), including a finding combined from
    another combined finding."""
    from legdx.knowledge import rules as kbrules
    from legdx.text.reader import TextFinding

    r = rd.get_reader()
    combine = r.rules.targets.combine
    found_sets = []
    for d in combine[:40]:
        refs = sorted(kbrules.referenced_findings(d.rule))
        found_sets.append(
            [
                TextFinding(id=x, state="present", span=(i, i + 1), text="x", rule="t")
                for i, x in enumerate(refs)
            ]
        )
    got = [[(f.id, f.state, f.span) for f in r._combine(found, {}, [])] for found in found_sets]
    monkeypatch.setattr(rd, "_true_needs", lambda rule: None)
    r._combine_gates = None
    try:
        want = [[(f.id, f.state, f.span) for f in r._combine(found, {}, [])] for found in found_sets]
    finally:
        r._combine_gates = None
    assert got == want
    assert any(got)
