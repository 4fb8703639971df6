"""The red-flag concept screen (rules in ``data/screen.yaml``; docs/text.md, "Round 4").

Recall first and independent of exact wording: a rule names CONCEPTS (word classes), not phrases, and
fires when a word of each co-occurs in one sentence within a few tokens. The match becomes a target span
like any other, so medspaCy's ConText decides its state; the reader keeps only present readings.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from legdx.text.rules import ScreenFile

#: tokens before a ``text`` concept word that make it not count (a cheap local negation check)
_TEXT_LOOKBACK = 3
#: a "not" after these negates an ability, which is itself the finding ("I can't feel my legs": the legs
#: count as a ``text`` concept; session 8)
_ABILITY_VERBS = frozenset({"can", "could", "ca", "cannot"})


_FILLER = frozenset(
    (
        "was", "is", "of", "at", "now", "today", "=", ":", "-",
        # session 13 (probe session13_pl:8): 'temp tonight 36.9', 'temperature this morning 36.8'
        "tonight", "this", "morning", "evening", "afternoon", "yesterday", "last", "night", "earlier",
    )
)


def _value_follows(lowers: Sequence[str], i: int, value: re.Pattern[str]) -> bool:
    """Whether a token matching ``value`` starts at token ``i``, after at most three filler words ('was',
    'of', ':', 'this morning')."""
    for j in range(i, min(len(lowers), i + 4)):
        if value.match(lowers[j]):
            return True
        if lowers[j] not in _FILLER:
            return False
    return False


@dataclass(frozen=True)
class _Rule:
    id: str
    all: tuple[str, ...]
    text: tuple[str, ...]
    unless: tuple[str, ...]
    emit: tuple[str, ...]
    window: int
    historical_present: bool
    unless_near: int | None = None
    unless_text: tuple[str, ...] = ()
    unless_void: tuple[str, ...] = ()
    unless_text_needs: tuple[str, ...] = ()
    unless_clause: tuple[str, ...] = ()


class Screen:
    """Compiled concepts and rules. ``normalize`` is the reader's phrase normaliser (so that concept words
    are written in either spelling), ``lemma`` its lemmatiser."""

    def __init__(
        self,
        spec: ScreenFile,
        normalize: Callable[[str], str],
        lemma: Callable[[str], str],
        tokenize: Callable[[str], list[str]] | None = None,
    ):
        self.lemma = lemma
        tokenize = tokenize or (lambda x: x.replace("'", " ").split())
        self.words: dict[str, set[str]] = {}
        self.prefixes: dict[str, list[tuple[str, str]]] = {}
        self.seqs: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for name, items in spec.concepts.items():
            for raw in items:
                item = raw.strip().lower()
                if item.endswith("*") and " " not in item:
                    p = item[:-1]
                    self.prefixes.setdefault(p[:3], []).append((p, name))
                    continue
                toks = tuple(t for t in tokenize(normalize(item).strip().lower()) if t.strip())
                if not toks:
                    continue
                if len(toks) == 1:
                    self.words.setdefault(toks[0], set()).add(name)
                else:
                    self.seqs.setdefault(toks[0], []).append((toks, name))
        # multi-word items by their first two words (the second as written or as lemma), each with its
        # place in ``seqs[first]`` so that matches keep that order
        self.seqs2: dict[tuple[str, str], list[tuple[int, tuple[str, ...], str]]] = {}
        for first, listed in self.seqs.items():
            for k, (words, concept) in enumerate(listed):
                self.seqs2.setdefault((first, words[1]), []).append((k, words, concept))
        self.stop = frozenset(w.lower() for w in spec.stop)
        self.exclude = {c: (x,) if isinstance(x, str) else tuple(x) for c, x in spec.exclude.items()}
        self.measured = {c: re.compile(v) for c, v in spec.measured.items()}
        self.hypothetical = frozenset(w.lower() for w in spec.hypothetical if " " not in w.strip())
        # session 24 (lf): a hypothetical phrase of several words ('show me any'), looked for anywhere in
        # the clause before the match's last word (it may stand inside a long match: 'feet daily and show
        # me any cut that won't heal')
        self.hypothetical_phrases: tuple[tuple[str, ...], ...] = tuple(
            tuple(w.lower().split()) for w in spec.hypothetical if " " in w.strip()
        )
        self.rules = [
            _Rule(
                r.id,
                tuple(r.all),
                tuple(r.text),
                tuple(r.unless),
                tuple(r.emit),
                r.window or spec.window,
                r.historical_present,
                r.unless_near,
                tuple(r.unless_text),
                tuple(r.unless_void),
                tuple(r.unless_text_needs),
                tuple(r.unless_clause),
            )
            for r in spec.rules
        ]
        self._all_sets = [frozenset(r.all) for r in self.rules]
        self._single: dict[tuple[str, str], tuple[str, ...]] = {}

    def add_inflected(self, forms: dict[str, set[str]]) -> None:
        """A word the rules name is its own lemma ("walks" once some rule names "walks"), so a concept's
        single word ("walk") also takes the rules' inflected forms of it; otherwise naming "walks" anywhere
        would silently stop "walks" from reading as "walk" here (round 5)."""
        for base, names in list(self.words.items()):
            for f in forms.get(base, ()):
                self.words.setdefault(f, set()).update(names)
        self._single.clear()

    def vocabulary(self) -> list[str]:
        """Every word the concepts name (for the typo corrector and the lemmatiser)."""
        out = list(self.words)
        out += [w for seqs in self.seqs.values() for s, _ in seqs for w in s]
        return out

    def occurrences(self, lowers: Sequence[str], lemmas: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
        """Concept -> token spans (start, end) where one of its words occurs."""
        occ: dict[str, list[tuple[int, int]]] = {}
        n = len(lowers)
        single = self._single
        # the concepts of one word (as written, its lemma, a prefix), cached by word
        got = list(map(single.get, zip(lowers, lemmas, strict=True)))
        if None in got:
            got = [h if h is not None else self._concepts(lowers[i], lemmas[i]) for i, h in enumerate(got)]
        hits = cast(list[tuple[str, ...]], got)
        seqs = self.seqs
        # session 9: only the tokens that hold a concept word or start a multi-word item, in order
        for i in [i for i in range(n) if hits[i] or lowers[i] in seqs]:
            low = lowers[i]
            for c in hits[i]:
                occ.setdefault(c, []).append((i, i + 1))
            if i + 1 < n and low in seqs:
                cands = self.seqs2.get((low, lowers[i + 1]), [])
                if lemmas[i + 1] != lowers[i + 1]:
                    more = self.seqs2.get((low, lemmas[i + 1]))
                    if more:
                        cands = sorted(cands + more)
                for _k, seq, c in cands:
                    k = len(seq)
                    # (two words: both already matched, and i + 2 <= n)
                    if k == 2 or (
                        i + k <= n
                        and all(lowers[i + j] == seq[j] or lemmas[i + j] == seq[j] for j in range(2, k))
                    ):
                        occ.setdefault(c, []).append((i, i + k))
        # round 8: a concept's words inside a longer item of the same concept that holds a stop word before
        # them ("gasping" in "without gasping", "finish a sentence" in "can not finish a sentence") are no
        # occurrence of their own: the negation belongs to the item, so ConText must not read them as negated
        stop = self.stop
        for c, spans in occ.items():
            if len(spans) < 2:
                continue
            # only an item of two or more words can hold another occurrence (session 9: the others skipped)
            longer = [p for p in spans if p[1] - p[0] > 1]
            if longer:
                occ[c] = [
                    o for o in spans
                    if not any(
                        p != o and p[0] < o[0] and o[1] <= p[1]
                        and any(lowers[j] in stop for j in range(p[0], o[0]))
                        for p in longer
                    )
                ]
        # session 11: a measured concept's word followed by a value of its pattern ("Temp 36.8", "temperature
        # was 37.1") is a measurement the number rules read, not the concept ("Temp 36.8, no fevers" had read
        # as a fever)
        for c, value in self.measured.items():
            if c in occ:
                occ[c] = [o for o in occ[c] if not _value_follows(lowers, o[1], value)]
                if not occ[c]:
                    del occ[c]
        for c, xs in self.exclude.items():
            void = [v for x in xs for v in occ.get(x, ())]
            if c in occ and void:
                occ[c] = [o for o in occ[c] if not any(v[0] < o[1] and o[0] < v[1] for v in void)]
                if not occ[c]:
                    del occ[c]
        return occ

    def _concepts(self, low: str, lem: str) -> tuple[str, ...]:
        """The concepts of one word (as written, its lemma, a prefix), cached by ``(low, lem)``."""
        found: list[str] = list(self.words.get(low, ()))
        if lem != low:
            found += self.words.get(lem, ())
        found += [c for p, c in self.prefixes.get(low[:3], ()) if low.startswith(p)]
        hit = tuple(found)
        if len(self._single) > 50000:
            self._single.clear()
        self._single[(low, lem)] = hit
        return hit

    def find(
        self, lowers: Sequence[str], lemmas: Sequence[str], sents: Sequence[tuple[int, int]]
    ) -> list[tuple[int, int, int]]:
        """(rule index, start token, end token) for every rule that fires, at most once per sentence."""
        occ = self.occurrences(lowers, lemmas)
        if not occ:
            return []
        stop = self.stop
        sent_of = [0] * len(lowers)
        for si, (a, b) in enumerate(sents):
            sent_of[a:b] = [si] * (b - a)

        def negates(j: int, a: int) -> bool:  # a stop word, but not the "not" of "can not (feel)"
            return lowers[j] in stop and not (
                lowers[j] in ("not", "n't") and j > a and lowers[j - 1] in _ABILITY_VERBS
            )

        def usable(c: str) -> bool:  # somewhere in the text, not right after a stop word
            # session 11: nor in a hypothetical clause ("... or if either leg becomes weak" in a safety-net
            # letter is no weakness in the text)
            for s, _e in occ.get(c, ()):
                a = sents[sent_of[s]][0]
                if not any(negates(j, a) for j in range(max(a, s - _TEXT_LOOKBACK), s)) and not (
                    self._hypothetical(lowers, a, s)
                ):
                    return True
            return False

        # each concept's occurrences by the sentence they start in: (all of them, those ending inside it)
        starts_in: dict[str, set[int]] = {}
        inside: dict[str, dict[int, list[tuple[int, int]]]] = {}
        sent_end = [b for _a, b in sents]
        for c, spans in occ.items():
            starts: set[int] = set()
            within: dict[int, list[tuple[int, int]]] = {}
            for o in spans:
                si = sent_of[o[0]]
                starts.add(si)
                if o[1] <= sent_end[si]:
                    got_in = within.get(si)
                    if got_in is None:
                        within[si] = [o]
                    else:
                        got_in.append(o)
            starts_in[c] = starts
            if within:
                inside[c] = within
        out: list[tuple[int, int, int]] = []
        text_ok: dict[str, bool] = {}
        present = inside.keys()
        all_sets = self._all_sets
        # the rules none of whose concepts is missing from every sentence (session 9: picked in one pass)
        def ok(c: str) -> bool:
            """Whether concept ``c`` is stated usably anywhere in the text (worked out once per concept)."""
            got = text_ok.get(c)
            if got is None:
                got = text_ok[c] = usable(c)
            return got

        for ri in [ri for ri in range(len(all_sets)) if present >= all_sets[ri]]:
            r = self.rules[ri]
            if not all(ok(c) for c in r.text):
                continue
            # session 12: a concept stated anywhere in the text cancels the rule
            if any(ok(c) for c in r.unless_text) and all(ok(c) for c in r.unless_text_needs):
                continue
            shared = set.intersection(*(set(inside[c]) for c in r.all)) if r.all else set()
            for si in sorted(shared):
                a, b = sents[si]
                per = [inside[c][si] for c in r.all]
                # session 18 (fxj): a concept of unless_void in the sentence sets the unless aside
                unless = () if any(si in starts_in.get(c, ()) for c in r.unless_void) else r.unless
                if unless and r.unless_near is None and any(si in starts_in.get(c, ()) for c in unless):
                    continue
                best: tuple[int, int] | None = None
                for combo in itertools.product(*per):
                    s = min(o[0] for o in combo)
                    e = max(o[1] for o in combo)
                    if e - s > r.window or (best is not None and e - s >= best[1] - best[0]):
                        continue
                    covered: set[int] = set()
                    overlap = False
                    for o in combo:  # each concept needs words of its own ("incontinence" is not two)
                        rng = range(o[0], o[1])
                        if not covered.isdisjoint(rng):
                            overlap = True
                        covered.update(rng)
                    if overlap:
                        continue
                    if any(lowers[j] in stop for j in range(s, e) if j not in covered):
                        continue
                    best = (s, e)
                if best is not None and r.unless_near is not None:
                    near = _reach(
                        best,
                        max(a, best[0] - r.unless_near),
                        min(b, best[1] + r.unless_near),
                        lambda j: lowers[j] in _NEAR_BREAK,
                    )
                    if _occurs(occ, unless, near):
                        best = None
                # session 19 (fxn): an unless_clause concept in the match's own clause
                if best is not None and r.unless_clause:
                    if _occurs(occ, r.unless_clause, _clause(lowers, a, b, best)):
                        best = None
                if (
                    best is not None
                    and not self._hypothetical(lowers, a, best[0])
                    and not self._hypothetical_phrase(lowers, a, best[1] - 1)
                ):
                    out.append((ri, best[0], best[1]))
        return out

    def _hypothetical(self, lowers: Sequence[str], sent_start: int, start: int) -> bool:
        """A hypothetical word earlier in the same clause ("return if his foot goes cold"): ConText's
        conditional cues are limited to test results, so the screen checks the clause itself."""
        for j in range(start - 1, sent_start - 1, -1):
            w = lowers[j]
            if w in _CLAUSE_BREAK:
                return False
            if w in self.hypothetical:
                return True
        return False

    def _hypothetical_phrase(self, lowers: Sequence[str], sent_start: int, last: int) -> bool:
        """Session 24 (lf): a hypothetical phrase of several words ('show me any', 'report any') in the same
        clause before the token ``last`` (the match's last word), inside the match or before it: what follows
        it is a thing to watch for, not a statement."""
        if not self.hypothetical_phrases:
            return False
        for j in range(last - 1, sent_start - 1, -1):
            w = lowers[j]
            if w in _CLAUSE_BREAK:
                return False
            for ph in self.hypothetical_phrases:
                if w == ph[0] and j + len(ph) <= last and tuple(lowers[j : j + len(ph)]) == ph:
                    return True
        return False


def _reach(
    span: tuple[int, int], lo_min: int, hi_max: int, stops: Callable[[int], bool]
) -> tuple[int, int]:
    """The tokens around ``span``: back to ``lo_min`` and on to ``hi_max`` (exclusive), each way stopping
    before a token ``stops`` says ends the reach."""
    lo = span[0]
    while lo > lo_min and not stops(lo - 1):
        lo -= 1
    hi = span[1]
    while hi < hi_max and not stops(hi):
        hi += 1
    return lo, hi


def _occurs(
    occ: dict[str, list[tuple[int, int]]], concepts: Iterable[str], reach: tuple[int, int]
) -> bool:
    """Whether an occurrence of one of ``concepts`` starts within ``reach`` (``_reach``)."""
    lo, hi = reach
    return any(lo <= o[0] < hi for c in concepts for o in occ.get(c, ()))


def _clause(lowers: Sequence[str], a: int, b: int, span: tuple[int, int]) -> tuple[int, int]:
    """The clause of ``span`` in sentence ``a``..``b``: it ends at a sentence mark, or at a comma or 'and'
    right before a new subject ('..., my back aches', '... and I ...') (session 19, fxn)."""

    def opens(j: int) -> bool:  # token j starts a new clause
        return (
            lowers[j] in _NEAR_BREAK
            or (lowers[j] in _NEW_CLAUSE_JOIN and j + 1 < b and lowers[j + 1] in _NEW_SUBJECT)
        )

    return _reach(span, a, b, opens)


# single tokens (the screen compares one lower-cased token at a time)
_CLAUSE_BREAK = frozenset({",", ";", ":", ".", "!", "?", "(", ")", "but"})
# round 8: where an ``unless_near`` look-around stops (a comma does not end it)
_NEAR_BREAK = frozenset({";", ":", ".", "!", "?", "(", ")"})
# session 19 (fxn): a comma or 'and' before one of these words opens a new clause (``_clause``)
_NEW_CLAUSE_JOIN = frozenset({",", "and"})
_NEW_SUBJECT = frozenset({"i", "he", "she", "they", "we", "my", "his", "her", "their", "our", "your"})
