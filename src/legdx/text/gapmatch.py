"""Token patterns with long runs of optional tokens, matched without spaCy's duplicate states (session 15).

spaCy's ``Matcher`` keeps one state per way of reading the words so far and never merges equal states: a
word that an optional token (``?``) accepts both fills that token and is tried on the next one. After a
run of n optional tokens that accept the same words ("{GAP: 6}, {TEXT: ',', OP: ?}, {GAP: 5}", each GAP
a run of ``?`` tokens), j such words are held by about C(n, j) states, all with the same future. The
session's rule ``target_rules:421.2`` has a run of 20 (two GAPs of 6 and one of 5 with optional commas):
its pattern group's spaCy matcher took 0.77 ms CPU per 150-word benchmark narrative (0.06 ms at the
session's start, before that pattern; all other target pattern groups together about 1.1 ms); matched
here, the group takes 0.13 ms.

``GapMatcher`` finds the same matches with the states merged. A state of spaCy's matcher is (pattern
token, start of the match, length); at a given token the length is fixed by the start, so the states of
one start are a set of pattern tokens: a bit mask. Each token's step is spaCy's ``transition_states`` and
``get_action`` (and ``finish_states`` after the last token) written as bit operations on those masks.
Which pattern tokens accept which words is left to spaCy: a second ``Matcher`` holds each distinct token
spec once, as a one-token pattern, and its matches are the tokens each spec accepts. spaCy returns each
match (key, start, end) once (``find_matches`` drops repeated ones and those of length 0), and so does
this. ``tests/test_text_speed15_paths.py`` compares the two on random patterns and on the rules' patterns
with long optional runs.
"""

from __future__ import annotations

from typing import Any

#: a pattern whose longest run of optional tokens is at least this long is matched here, not by spaCy
GAP_RUN_MIN = 13

# spaCy's quantifiers (``_get_operators``): the operators a pattern token may have here
_OPS: dict[str | None, tuple[str, ...]] = {
    None: ("1",),
    "1": ("1",),
    "?": ("?",),
    "*": ("*",),
    "+": ("1", "*"),
    "!": ("!",),
}


def optional_run(pattern: list[dict[Any, Any]]) -> int:
    """The longest run of consecutive optional tokens (``?``, ``*``) in a token pattern."""
    best = run = 0
    for tok in pattern:
        if tok.get("OP") in ("?", "*"):
            run += 1
            best = max(best, run)
        else:
            run = 0
    return best


def supported(pattern: list[dict[Any, Any]]) -> bool:
    """Whether every token's operator is one ``GapMatcher`` handles (not spaCy's ``{n,m}``)."""
    return bool(pattern) and all(
        isinstance(tok, dict)
        and tok.get("OP") in _OPS
        and not any(isinstance(k, str) and k != "OP" and k.upper() == "OP" for k in tok)
        for tok in pattern
    )


class GapMatcher:
    """The matches spaCy's ``Matcher`` finds for ``members`` (rule key, its patterns), called like it:
    ``m(doc_or_span, allow_missing=...)`` -> ``[(key id, start, end), ...]`` (order aside).

    All patterns share one bit mask per match start: pattern token k of a pattern placed at offset o is bit
    o + k; ``final`` has each pattern's last token."""

    def __init__(self, vocab: Any, matcher_cls: Any, members: list[tuple[str, list[list[dict[Any, Any]]]]]):
        strings = vocab.strings
        spec_at: dict[str, int] = {}
        spec_bits: list[int] = []
        specs: list[dict[Any, Any]] = []
        first = one = opt = star = zero = final = 0
        self._final_key: dict[int, int] = {}  # final bit -> the key's id in the string store
        pos = 0
        longest = 0
        for key, patterns in members:
            key_id = strings.add(key)
            for pattern in patterns:
                if not supported(pattern):
                    raise ValueError(f"pattern of {key} has an operator GapMatcher does not handle")
                first |= 1 << pos
                for tok in pattern:
                    spec = {k: v for k, v in tok.items() if k != "OP"}
                    sig = repr(sorted(spec.items(), key=repr))
                    si = spec_at.get(sig)
                    if si is None:
                        si = spec_at[sig] = len(specs)
                        specs.append(spec)
                        spec_bits.append(0)
                    for op in _OPS[tok.get("OP")]:
                        bit = 1 << pos
                        spec_bits[si] |= bit
                        if op == "1":
                            one |= bit
                        elif op == "?":
                            opt |= bit
                        elif op == "*":
                            star |= bit
                        else:
                            zero |= bit
                        pos += 1
                final |= 1 << (pos - 1)
                longest = max(longest, sum(len(_OPS[tok.get("OP")]) for tok in pattern))
                self._final_key[pos - 1] = key_id
        self._first = first
        self._zero = zero
        self._final = final
        # a token that, when it accepts the word, passes to the next one (spaCy's ADVANCE and the advance
        # of RETRY_ADVANCE); a "*" token stays (RETRY_EXTEND, MATCH_EXTEND)
        self._advance = (one | zero | opt) & ~final
        self._star = star
        # an optional token that is not the last is also tried on the same word's next token (RETRY,
        # RETRY_ADVANCE, RETRY_EXTEND): the runs of such tokens, for the closure below
        self._retry = (opt | star) & ~final
        self._opt_final = (opt | star) & final
        self._one_final = (one | zero | opt) & final
        # the tokens a match can take its first word with: a state started on a word none of them accepts
        # ends at once, without a match (its length would be 0)
        self._opening = self._closure(first)
        self._specs = matcher_cls(vocab, validate=False)
        self._spec_bits: dict[int, int] = {}
        # the specs of the opening tokens in a matcher of their own, which runs first: the words before the
        # first word it accepts cannot be in a match, nor those past the longest match from the last one,
        # so the other specs (each a Python predicate at every word: most of the time) run on the words in
        # between only. None: no such bound (a "!" opening token, which accepts what its spec does not)
        self._open_specs: Any = None if self._opening & zero else matcher_cls(vocab, validate=False)
        for si, spec in enumerate(specs):
            name = f"legdx_gapspec_{si}"
            self._specs.add(name, [[spec]])
            self._spec_bits[strings.add(name)] = spec_bits[si]
            if self._open_specs is not None and spec_bits[si] & self._opening:
                self._open_specs.add(name, [[spec]])
        # the most words a match can have (None: a "*" token, no bound)
        self._longest: int | None = None if star else longest

    def _closure(self, m: int) -> int:
        """``m`` with every token reached from one of it by retrying the next token on the same word: from a
        bit in a run of retry tokens, the rest of the run and the token after it. Adding the run's mask
        carries a bit up to the run's end and one past it; the exclusive or with the mask leaves the bits
        the carry went through (session 15)."""
        r = self._retry
        return m | (((m & r) + r) ^ r)

    def __call__(self, doclike: Any, allow_missing: bool = False) -> list[tuple[int, int, int]]:
        bits = self._spec_bits
        shift = 0
        if self._open_specs is not None:
            opening = self._opening
            where = [
                s
                for sid, s, _e in self._open_specs(doclike, allow_missing=allow_missing)
                if bits[sid] & opening
            ]
            if not where:
                return []
            shift = min(where)
            end = len(doclike) if self._longest is None else min(len(doclike), max(where) + self._longest)
            doclike = doclike[shift:end]
        found = self._match(doclike, allow_missing)
        if shift:
            return [(key, s + shift, e + shift) for key, s, e in found]
        return found

    def _match(self, doclike: Any, allow_missing: bool) -> list[tuple[int, int, int]]:
        n = len(doclike)
        accepts = [0] * n
        bits = self._spec_bits
        for sid, s, _e in self._specs(doclike, allow_missing=allow_missing):
            accepts[s] |= bits[sid]
        zero, advance, star = self._zero, self._advance, self._star
        final, opt_final, one_final = self._final, self._opt_final, self._one_final
        closure = self._closure
        first, opening = self._first, self._opening
        found: set[tuple[int, int, int]] = set()
        live: dict[int, int] = {}
        for i in range(n):
            # a "!" token is spaCy's ONE with the test inverted
            ok = accepts[i] ^ zero
            if ok & opening:
                live[i] = first
            elif not live:
                continue  # a match that would start here is over at once (it has no word yet)
            nxt: dict[int, int] = {}
            for s, m in live.items():
                a = closure(m)
                hit = a & ok
                at_end = a & final
                if at_end:
                    # a last token: "?" and "*" end a match before this word whether or not it accepts it
                    # (MATCH_REJECT, MATCH_DOUBLE, MATCH_EXTEND); a "1" or "?" that accepts it ends one after
                    if i > s and at_end & opt_final:
                        self._emit(found, at_end & opt_final, s, i)
                    if at_end & hit & one_final:
                        self._emit(found, at_end & hit & one_final, s, i + 1)
                m = ((hit & advance) << 1) | (hit & star)
                if m:
                    nxt[s] = m
            live = nxt
        # the states left after the last word (spaCy's finish_states): a run of optional tokens up to an
        # optional last token ends a match there
        for s, m in live.items():
            at_end = closure(m) & opt_final
            if at_end and n > s:
                self._emit(found, at_end, s, n)
        return list(found)

    def _emit(self, found: set[tuple[int, int, int]], bits: int, start: int, end: int) -> None:
        while bits:
            low = bits & -bits
            found.add((self._final_key[low.bit_length() - 1], start, end))
            bits ^= low
