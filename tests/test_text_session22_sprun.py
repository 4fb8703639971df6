"""Session 22 (sprun): speed of reading and assessing, with the same readings and assessments.

The ConText cue rules' token patterns run as ``tokmatch`` automata (one for the rules run on every text, one
per gated rule) instead of spaCy's ``Matcher``: the gate must still give medspaCy's cue matches, list for
list, including the tests the cue patterns have besides the target rules' (lexeme flags, ``SHAPE``, sentence
starts)."""

from __future__ import annotations

from typing import Any

import pytest

import legdx.text.reader as rd
from text_readings import cue_gate, cue_gate_docs

#: our own sentences, with cues of every kind the cue patterns test: word lists turned into lexeme flags
#: ("denies"), a year by shape ("in 2019"), a date shape ("3/12 history of"), sentence starts ("No, ...",
#: "Mother had ..."), regexes, and the rare gated words ("catheter")
_TEXTS = [
    "Denies any calf pain on walking. Mother had a DVT in her forties. No, nothing else to report.",
    "He had a stroke in 2019 and a hip replacement in 2021. 3/12 history of back pain, worse on standing.",
    "Years ago, she had sciatica. Back then, the leg went numb. If the pain returns, call the GP.",
    "Catheter in situ since the operation, no urinary retention. Nope, no saddle numbness either.",
    "Since a fall in 2015 he has had knee pain; before that, walked 5 miles without trouble. Not really.",
    "Possible claudication? Unlikely to be vascular, pulses are normal. Rule out cauda equina if worse.",
]


def _gate() -> Any:
    r = rd.get_reader()
    r.read("x")
    return r, cue_gate(r)


def test_cue_gate_gives_medspacys_matches_with_automata() -> None:
    """List equality with medspaCy's matcher on texts that use every kind of cue test; every matcher of
    the gate that ran is an automaton (none fell back to spaCy's ``Matcher``)."""
    r, gate = _gate()
    outer = r.context._ConText__matcher
    docs = cue_gate_docs(_TEXTS)
    assert len(docs) >= len(_TEXTS)  # a text may be read twice (a part of it again)
    for doc in docs:
        assert gate.matches(doc) == outer(doc), doc.text[:80]
    assert all(gate.matches(doc) for doc in docs[:3])
    assert gate._autos and all(gate._autos.values())
    assert id(gate.always) in gate._autos


def test_cue_gate_on_development_texts() -> None:
    """The same on the first 150 development narratives (the automata against spaCy's matcher)."""
    from legdx.text.evaluate import load_corpus

    r, gate = _gate()
    outer = r.context._ConText__matcher
    texts = [c.text for c in load_corpus("development")][:150]
    for doc in cue_gate_docs(texts):
        assert gate.matches(doc) == outer(doc), doc.text[:80]


def test_cue_spec_flags_shape_and_refusals() -> None:
    """``_cue_spec`` tests a lexeme flag and a shape as spaCy does, and refuses attributes it cannot test
    (the gate then keeps spaCy's matcher for that rule)."""
    r, gate = _gate()
    vocab = r.nlp.vocab
    from spacy.attrs import IS_ALPHA

    w_year, w_word = gate._word(vocab.strings.add("2019")), gate._word(vocab.strings.add("calf"))
    shape, _ = rd._cue_spec({"SHAPE": "dddd"}, vocab)
    assert shape(w_year) and not shape(w_word)
    alpha, _ = rd._cue_spec({IS_ALPHA: True, "LOWER": "calf"}, vocab)
    assert alpha(w_word) and not alpha(w_year)
    start, at_start = rd._cue_spec({"IS_SENT_START": True}, vocab)
    assert at_start is True and start(w_word)
    for bad in ({"LEMMA": "walk"}, {"POS": "NOUN"}, {"SHAPE": {"IN": ["dddd"]}}):
        with pytest.raises(ValueError):
            rd._cue_spec(bad, vocab)


def test_a_matcher_the_automaton_cannot_take_falls_back() -> None:
    """A matcher with a pattern the automaton does not take (an ``{n}`` quantifier) keeps spaCy's."""
    from spacy.matcher import Matcher

    r, gate = _gate()
    m = Matcher(r.nlp.vocab, validate=False)
    m.add("x", [[{"LOWER": "a", "OP": "{2}"}]])
    assert gate._auto(m) is False
    m2 = Matcher(r.nlp.vocab, validate=False)
    m2.add("y", [[{"LEMMA": "walk"}]])
    assert gate._auto(m2) is False


@pytest.mark.parametrize("fast", [True, False])
def test_findings_made_without_validation_equal_validated_ones(fast: bool) -> None:
    """The reader's findings (``_TextFinding``: not validated) are the objects validation would give: the
    same fields, of the same types (a span of two ints, cue words as a list of strings), in both modes;
    the texts reach ``_findings``, ``_implied`` (a finding implied by another) and ``_combine``."""
    from legdx.text.reader import Reader, TextFinding

    r = Reader(fast_semantic=fast)
    texts = [*_TEXTS, "Both calves cramp after 200 yards and ease within 2 minutes of standing still; "
             "his left foot is cold and pale, and the pain in it wakes him at night."]
    rules: set[str] = set()
    for text in texts:
        for f in r.read(text).findings:
            again = TextFinding.model_validate(f.model_dump())
            assert again == f and again.model_dump_json() == f.model_dump_json()
            assert type(f.span) is tuple and all(type(x) is int for x in f.span)
            assert type(f.cues) is list and all(type(c) is str for c in f.cues)
            rules.add(f.rule.partition(":")[0])
    assert {"implies"} <= rules
