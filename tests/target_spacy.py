"""The target matcher's token patterns compared with spaCy's ``Matcher`` (session 20: moved here from the
reader, which kept spaCy's path behind a private flag ``_use_spacy`` for this comparison only).

``SpacyComparison(reader)`` wraps the reader's target matcher: for each document it reads, the token
patterns' matches ``(rule key, start, end)`` from the reader's automata (``tokmatch.GroupAutomaton``) are
compared with those of a spaCy ``Matcher`` per pattern group, built from the same compiled patterns
(``_TargetMatcher._group_members``) and run on the same sentences and windows (the spaCy matchers stand in
for the automata in ``_TargetMatcher._autos`` while the reader's ``_match_patterns`` runs a second time).
spaCy's ``LEMMA`` tests read the token's lemma: each token gets the lemma the automata read (``_word``)
for that run, and loses it after, so the reading goes on as without the comparison. The reading keeps
the automata's matches."""

from __future__ import annotations

import time
from typing import Any


def plain_word(vocab: Any) -> Any:
    """A ``word`` function for ``GroupAutomaton.match``: the ``Word`` of an id, its lexeme's attributes (no
    lemma), for tests on docs without lemmas."""

    def word(orth: int) -> tuple[Any, ...]:
        lex = vocab[orth]
        return (
            lex.orth, lex.lower, 0, lex.orth_, lex.lower_, "",
            lex.is_stop, lex.like_num, lex.is_punct, lex.is_space, lex.is_alpha,
        )

    return word


class _SpacyGroup:
    """A pattern group's spaCy ``Matcher``, called like ``GroupAutomaton.match`` on ``box[0]``'s doc."""

    def __init__(self, vocab: Any, members: list[tuple[str, list[dict[str, Any]]]], box: list[Any]):
        from spacy.matcher import Matcher

        self.matcher = Matcher(vocab, validate=True)
        for key, pattern in members:
            self.matcher.add(key, [pattern])
        self.box = box

    def match(self, _orths: Any, a0: int, a1: int, _word: Any, _starts: Any, found: list[Any]) -> None:
        from spacy.tokens import Span

        doc = self.box[0]
        strings = doc.vocab.strings
        for mid, s, e in self.matcher(Span(doc, a0, a1), allow_missing=True):
            found.append((strings[mid], a0 + s, a0 + e))


class _SpacyGroups:
    """``_TargetMatcher._autos`` with spaCy matchers, each built on first use."""

    def __init__(self, tm: Any):
        self.tm = tm
        self.box: list[Any] = [None]
        self.built: dict[int, _SpacyGroup] = {}

    def __getitem__(self, gi: int) -> _SpacyGroup:
        got = self.built.get(gi)
        if got is None:
            got = self.built[gi] = _SpacyGroup(self.tm.vocab, self.tm._group_members[gi], self.box)
        return got


class SpacyComparison:
    """Compares, per document the reader reads, its automata's matches with spaCy's (see the module);
    ``close()`` restores the reader."""

    def __init__(self, reader: Any):
        self.tm = tm = reader.target_matcher
        self.orig = tm._match_patterns
        self.spacy = _SpacyGroups(tm)
        self.docs = 0
        self.matches = 0
        self.t_ours = 0.0
        self.t_spacy = 0.0
        self.mismatches: list[tuple[str, list[Any], list[Any]]] = []
        tm._match_patterns = self._both

    def close(self) -> None:
        del self.tm._match_patterns  # the class's method again

    def _both(self, doc: Any, orths: list[int], *args: Any) -> None:
        *rest, found = args
        tm = self.tm
        ours: list[Any] = []
        t0 = time.process_time()
        self.orig(doc, orths, *rest, ours)
        t1 = time.process_time()
        lemma_at = [(i, w[5]) for i, w in enumerate(map(tm._word, orths)) if w[5]]
        for i, lm in lemma_at:
            doc[i].lemma_ = lm
        theirs: list[Any] = []
        autos, tm._autos = tm._autos, self.spacy
        self.spacy.box[0] = doc
        t2 = time.process_time()
        try:
            self.orig(doc, orths, *rest, theirs)
        finally:
            tm._autos = autos
            self.spacy.box[0] = None
            for i, _lm in lemma_at:
                doc[i].lemma = 0
        self.t_spacy += time.process_time() - t2
        self.t_ours += t1 - t0
        self.docs += 1
        a, b = set(ours), set(theirs)
        self.matches += len(b)
        if a != b:
            self.mismatches.append((doc.text[:100], sorted(a - b), sorted(b - a)))
        found.extend(ours)
