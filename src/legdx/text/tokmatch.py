"""The target rules' token patterns matched without spaCy's ``Matcher`` (sessions 15 and 19).

spaCy's ``Matcher`` pushes every pattern of a matcher at every token of the span it is given, builds a
``Token`` object per position, and evaluates each ``IN``/``NOT_IN``/``REGEX`` test through a Python
predicate object; it also keeps one state per way of reading the words so far and never merges equal
states (session 15: after a run of n optional tokens that accept the same words, j such words are held by
about C(n, j) states; a rule with a run of 20 cost more than all the other patterns together). The target
matcher called it about 80 times per 150-word narrative (about 2 ms of the reading). Here:

- each token test of a pattern group (a "spec": the pattern token without its ``OP``) is a small Python
  test of a word's attributes (``Word``), and the tests a word passes, as a bit mask of the group's pattern
  tokens, are cached per word (its id in the string store) and group: a table look-up per token;
- the group's patterns are one automaton over those bits with the states of one match start merged. A
  state of spaCy's matcher is (pattern token, start of the match, length); at a given token the length is
  fixed by the start, so the states of one start are a set of pattern tokens: a bit mask, and each token's
  step is spaCy's ``transition_states`` and ``get_action`` (``finish_states`` after the last token) written
  as bit operations on it. It finds the same (key, start, end) matches as spaCy's ``Matcher`` with
  ``greedy=None``: every match, the shorter ones a ``?`` or ``*`` allows too, none of length 0.

The attribute semantics are spaCy 3.7's (``matcher.pyx``): a plain value is compared with the token's
attribute as a string-store id (``LOWER``, ``ORTH``/``TEXT``, ``LEMMA``) or as 0/1 (the lexeme flags
``IS_STOP``, ``LIKE_NUM``, ``IS_PUNCT``, ``IS_SPACE``, ``IS_ALPHA``, and ``IS_SENT_START``, true only where
the token's ``sent_start`` is 1); ``IN``/``NOT_IN`` compare the id with the ids of the listed values;
``REGEX`` searches the attribute's string (a token without a lemma has the id 0, the string "").
``IS_SENT_START`` depends on the position, not the word: a spec naming it has its other tests cached with
the word, and the position's sentence start is applied per token. The operator ``!`` (spaCy's ``ZERO``: a
``1`` token whose whole test, sentence start included, is inverted) is applied after that.
``tests/test_text_session19_speed23.py`` and ``tests/test_text_speed15_paths.py`` compare this with spaCy's
``Matcher`` on random and hand-made patterns, and (``tests/target_spacy.py``) on the reader's rules over
development texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

#: a word as the tests see it: (orth id, lower id, lemma id, text, lower, lemma, is_stop, like_num,
#: is_punct, is_space, is_alpha); the lemma id is 0 and the lemma "" when the token has none
Word = tuple[int, int, int, str, str, str, bool, bool, bool, bool, bool]

_ID = {"ORTH": 0, "TEXT": 0, "LOWER": 1, "LEMMA": 2}
_STR = {"ORTH": 3, "TEXT": 3, "LOWER": 4, "LEMMA": 5}
_FLAG = {"IS_STOP": 6, "LIKE_NUM": 7, "IS_PUNCT": 8, "IS_SPACE": 9, "IS_ALPHA": 10}

# spaCy's quantifiers (``_get_operators``; not ``{n,m}``): the automaton's tokens for a pattern token ("+"
# is one token and a "*")
_OPS: dict[str | None, tuple[str, ...]] = {
    None: ("1",), "1": ("1",), "?": ("?",), "*": ("*",), "+": ("1", "*"), "!": ("!",),
}

Test = Callable[[Word], bool]


def _eq(i: int, v: Any) -> Test:
    return lambda w: w[i] == v


def _in(i: int, vs: frozenset[Any]) -> Test:
    return lambda w: w[i] in vs


def _not_in(i: int, vs: frozenset[Any]) -> Test:
    return lambda w: w[i] not in vs


def _regex(i: int, rx: re.Pattern[str]) -> Test:
    return lambda w: rx.search(str(w[i])) is not None


def _all(tests: list[Test]) -> Test:
    return lambda w: all(t(w) for t in tests)


def _true(_w: Word) -> bool:
    return True


def compile_spec(spec: dict[str, Any]) -> tuple[Test, bool | None]:
    """A pattern token's tests (without ``OP``) as one test of a ``Word``, and the ``IS_SENT_START``
    value it requires (None: none). Raises ``ValueError`` for an attribute or operator not handled."""
    from spacy.strings import get_string_id

    tests: list[Test] = []
    sent_start: bool | None = None
    for key, val in spec.items():
        attr = key.upper()
        if attr == "OP":
            continue
        if attr == "IS_SENT_START":
            if not isinstance(val, bool):
                raise ValueError(f"IS_SENT_START {val!r}")
            sent_start = val
            continue
        if attr in _FLAG:
            if not isinstance(val, bool):
                raise ValueError(f"{attr} {val!r}")
            tests.append(_eq(_FLAG[attr], val))
        elif attr in _ID:
            if isinstance(val, (str, int)) and not isinstance(val, bool):
                tests.append(_eq(_ID[attr], get_string_id(val)))
            elif isinstance(val, dict) and len(val) == 1:
                ((op, arg),) = val.items()
                if op in ("IN", "NOT_IN") and isinstance(arg, list):
                    ids = frozenset(get_string_id(x) for x in arg if isinstance(x, (str, int)))
                    tests.append((_in if op == "IN" else _not_in)(_ID[attr], ids))
                elif op == "REGEX" and isinstance(arg, str):
                    tests.append(_regex(_STR[attr], re.compile(arg)))
                else:
                    raise ValueError(f"{attr} {val!r}")
            else:
                raise ValueError(f"{attr} {val!r}")
        else:
            raise ValueError(f"attribute {key!r}")
    if not tests:
        return _true, sent_start
    if len(tests) == 1:
        return tests[0], sent_start
    return _all(tests), sent_start


def token_spec(tok: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """A pattern token's tests (its attributes but ``OP``) and the key ``GroupAutomaton`` caches their
    compiled form by (``spec_cache``): equal tests, equal keys."""
    spec = {k: v for k, v in tok.items() if k != "OP"}
    return spec, repr(sorted(spec.items(), key=repr))


class GroupAutomaton:
    """The matches of one pattern group, ``(key, pattern)`` in order, over a run of tokens.

    All patterns share one bit mask per match start: automaton token k of a pattern placed at offset o is
    bit o + k (a "+" token is two, "1" then "*"); ``final`` has each pattern's last token."""

    __slots__ = (
        "tests", "cache", "first", "opening", "final", "advance", "star", "retry", "opt_final",
        "one_final", "final_key", "ss_true", "ss_false", "zero", "consts",
    )

    def __init__(self, members: list[tuple[str, list[dict[str, Any]]]], spec_cache: dict[str, Any]):
        bits_of: dict[str, int] = {}
        test_of: dict[str, Test] = {}
        first = one = opt = star = zero = final = ss_true = ss_false = 0
        self.final_key: dict[int, str] = {}
        pos = 0
        for key, pattern in members:
            if not pattern:
                raise ValueError(f"empty pattern of {key}")
            first |= 1 << pos
            for tok in pattern:
                ops = _OPS.get(tok.get("OP"))
                if ops is None:
                    raise ValueError(f"operator {tok.get('OP')!r} of {key}")
                spec, sig = token_spec(tok)
                got = spec_cache.get(sig)
                if got is None:
                    got = spec_cache[sig] = compile_spec(spec)
                test, sent_start = got
                test_of[sig] = test
                for op in ops:
                    bit = 1 << pos
                    bits_of[sig] = bits_of.get(sig, 0) | bit
                    if sent_start is True:
                        ss_true |= bit
                    elif sent_start is False:
                        ss_false |= bit
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
            self.final_key[pos - 1] = key
        self.tests = [(test_of[sig], bits) for sig, bits in bits_of.items()]
        self.cache: dict[int, int] = {}
        self.first = first
        self.final = final
        # a "!" token is spaCy's ONE with its test inverted (``zero``: applied in ``match``)
        one |= zero
        self.zero = zero
        # a token that, when it accepts the word, passes to the next one (spaCy's ADVANCE and the advance of
        # RETRY_ADVANCE); a "*" token stays (RETRY_EXTEND, MATCH_EXTEND)
        self.advance = (one | opt) & ~final
        self.star = star
        # an optional token that is not the last is also tried on the same word's next token (RETRY,
        # RETRY_ADVANCE, RETRY_EXTEND): the runs of such tokens, for ``closure``
        self.retry = (opt | star) & ~final
        self.opt_final = (opt | star) & final
        self.one_final = (one | opt) & final
        # the tokens a match can take its first word with: a state started on a word none of them accepts
        # ends at once, without a match (its length would be 0)
        self.opening = self.closure(first)
        self.ss_true = ss_true
        self.ss_false = ss_false
        self.consts = (
            first, self.opening, final, self.advance, star, self.retry, self.opt_final, self.one_final,
            ss_true, ss_false, zero,
        )

    def closure(self, m: int) -> int:
        """``m`` with every token reached from one of it by retrying the next token on the same word: from a
        bit in a run of retry tokens, the rest of the run and the token after it. Adding the run's mask
        carries a bit up to the run's end and one past it; the exclusive or with the mask leaves the bits
        the carry went through (session 15)."""
        r = self.retry
        return m | (((m & r) + r) ^ r)

    def accepts(self, word: Word) -> int:
        """The automaton tokens whose test ``word`` passes (sentence starts and "!" aside)."""
        acc = 0
        for test, bits in self.tests:
            if test(word):
                acc |= bits
        return acc

    def match(
        self,
        orths: list[int],
        a0: int,
        a1: int,
        word: Callable[[int], Word],
        sent_start: Callable[[], list[bool]],
        found: list[tuple[str, int, int]],
    ) -> None:
        """Appends to ``found`` every match ``(key, start, end)`` within tokens ``a0`` to ``a1`` (the span
        spaCy would be given; a match may be appended twice). ``orths``: the doc's words' ids; ``word``: the
        ``Word`` of an id; ``sent_start``: the doc's tokens' sentence starts (asked for only when a spec names
        them)."""
        (first, opening, final, advance, star, retry, opt_final, one_final, ss_true, ss_false,
         zero) = self.consts
        get = self.cache.get
        ids = orths[a0:a1]
        got = list(map(get, ids))
        if None in got:
            got = [self._fill(o, word) if ok is None else ok for o, ok in zip(ids, got, strict=True)]
        oks: list[int] = got  # type: ignore[assignment]  # no None left
        if ss_true or ss_false:
            starts = sent_start()
            oks = [ok & ~(ss_false if starts[i] else ss_true) for i, ok in enumerate(oks, a0)]
        if zero:
            oks = [ok ^ zero for ok in oks]
        final_key = self.final_key
        # session 25 (spd): a single live state (most tokens that have one) is kept in ``one`` (its start) and
        # ``m1`` (its tokens), without a dict per token; two or more go to ``live``, in order of start
        live: dict[int, int] = {}
        one = -1
        m1 = 0
        i = a0 - 1
        for ok in oks:
            i += 1
            if ok & opening:
                if one < 0 and not live:
                    one = i
                    m1 = first
                else:
                    if one >= 0:
                        live = {one: m1}
                        one = -1
                    live[i] = first
            elif one < 0 and not live:
                continue  # a match that would start here is over at once (it has no word yet)
            if one >= 0:
                a = m1 | (((m1 & retry) + retry) ^ retry)  # ``closure``, inlined (the hot loop)
                hit = a & ok
                at_end = a & final
                if at_end:  # as below
                    ends = at_end & opt_final
                    if ends and i > one:
                        _emit(found, final_key, ends, one, i)
                    ends = at_end & hit & one_final
                    if ends:
                        _emit(found, final_key, ends, one, i + 1)
                m1 = ((hit & advance) << 1) | (hit & star)
                if not m1:
                    one = -1
                continue
            nxt: dict[int, int] = {}
            for s, m in live.items():
                a = m | (((m & retry) + retry) ^ retry)  # ``closure``, inlined (the hot loop)
                hit = a & ok
                at_end = a & final
                if at_end:
                    # a last token: "?" and "*" end a match before this word whether or not it accepts it
                    # (MATCH_REJECT, MATCH_DOUBLE, MATCH_EXTEND); a "1" or "?" that accepts it ends one after
                    ends = at_end & opt_final
                    if ends and i > s:
                        _emit(found, final_key, ends, s, i)
                    ends = at_end & hit & one_final
                    if ends:
                        _emit(found, final_key, ends, s, i + 1)
                m = ((hit & advance) << 1) | (hit & star)
                if m:
                    nxt[s] = m
            live = nxt
        if one >= 0:
            live = {one: m1}
        # the states left after the last word (spaCy's finish_states): a run of optional tokens up to an
        # optional last token ends a match there
        for s, m in live.items():
            ends = (m | (((m & retry) + retry) ^ retry)) & opt_final
            if ends and a1 > s:
                _emit(found, final_key, ends, s, a1)

    def _fill(self, orth: int, word: Callable[[int], Word]) -> int:
        """``accepts`` of the word with id ``orth``, cached."""
        if len(self.cache) > 20000:
            self.cache.clear()
        ok = self.cache[orth] = self.accepts(word(orth))
        return ok


def _emit(found: list[tuple[str, int, int]], final_key: dict[int, str], ends: int, s: int, e: int) -> None:
    """Appends a match ``(key, s, e)`` for each last token set in ``ends`` (lowest bit first)."""
    while ends:
        low = ends & -ends
        found.append((final_key[low.bit_length() - 1], s, e))
        ends ^= low
