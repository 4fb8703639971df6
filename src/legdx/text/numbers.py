"""Numbers in text: age, sex, and measurements with units (rules in ``numbers.yaml``)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from legdx.text.normalize import (
    _SEPARATORS,
    _WHOLE,
    Words,
    _Need,
    in_windows,
    literal_needs,
    need_ids,
    passes,
)
from legdx.text.rules import NumberRule, NumbersFile, UnitSpec

_NUM_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_CLAUSE_END = re.compile(r"[.;\n]\s|[.;]$|\n")
# an abbreviation's full stop does not end a sentence ("esp. first steps", "approx. 2 yrs", "e.g. stairs")
#: the ``endpos`` that means the text's end (``re.Pattern.search``)
_END = sys.maxsize
_ABBREV_END = re.compile(r"\b(?:esp|approx|e\.g|i\.e|etc|incl|vs|cf|resp)\.$", re.IGNORECASE)


@dataclass
class NumberHit:
    """One number read from text."""

    rule: str
    target: str
    value: float
    span: tuple[int, int]
    text: str
    assumptions: list[str] = field(default_factory=list)


@dataclass
class Demographics:
    age: float | None = None
    age_span: tuple[int, int] | None = None
    age_approximate: str | None = None
    sex: str | None = None
    sex_span: tuple[int, int] | None = None


_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


def _compound_number(s: str) -> float | None:
    """A number of tens and units in words ("seventy-three", "sixty six", "eighty"; session 11, for ages
    written in words), or None."""
    parts = s.replace("-", " ").split()
    if len(parts) == 1 and parts[0] in _TENS:
        return float(_TENS[parts[0]])
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS:
        return float(_TENS[parts[0]] + _UNITS[parts[1]])
    return None


def _age_from_birth_year(text: str, today: int | None = None) -> float | None:
    """Years since a year of birth written '44, 44 or 1944 (a two-digit year in the last 100 years), as of
    ``today`` (default: this year), or None for a year in the future."""
    import datetime

    year_now = today or datetime.date.today().year
    digits = text.strip().lstrip("'\u2019")
    if not digits.isdigit():
        return None
    year = int(digits)
    if len(digits) == 2:
        year += 1900 if 1900 + year > year_now - 100 and 1900 + year <= year_now else 2000
        if year > year_now:
            year -= 100
    age = year_now - year
    return float(age) if 0 < age < 130 else None


#: a comma or space between groups of three digits: "1,100" and (session 12) "52 000", thousands grouped
_DIGIT_GROUP = re.compile(r"(?<=\d)[,\s\u00a0\u202f](?=\d{3}(?!\d))")


def _word_alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def compile_pattern(pattern: str, nf: NumbersFile, case_sensitive: bool) -> re.Pattern[str]:
    """Expand ``{LIMIT}`` (numbers.yaml: limit_phrase), ``{NUM}``, ``{SIDE}`` and ``{DIG}``, and compile."""
    pattern = pattern.replace("{LIMIT}", nf.limit_phrase)
    num_words = _word_alternation(list(nf.number_words))
    side_words = _word_alternation(nf.sides.right + nf.sides.left)
    num = rf"(?:{_NUM_DIGITS}|(?<![A-Za-z])(?:{num_words})(?![A-Za-z]))"
    side = rf"(?<![A-Za-z])(?:{side_words})(?![A-Za-z])"
    expanded = pattern.replace("{NUM}", num).replace("{SIDE}", side).replace("{DIG}", f"(?:{_NUM_DIGITS})")
    return re.compile(expanded, 0 if case_sensitive else re.IGNORECASE)


#: characters that stand for themselves in a regex (no VERBOSE flag), and escapes of a metacharacter
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 /&%'\"-,:;=<>@#!~`_")
_ESCAPED = frozenset(".^$*+?{}[]()|\\/-")


def _bounded_words(pattern: str) -> tuple[tuple[str, bool, bool], ...] | None:
    """For a regex that is an alternation of plain words, each perhaps with ``\\b`` on either side
    (``\\bdp\\b|dorsalis``): ``(word, \\b before it, \\b after it)`` per alternative, in order (session 11).
    None for any other regex (groups, classes, quantifiers, other escapes)."""
    out: list[tuple[str, bool, bool]] = []
    for alt in pattern.split("|"):
        core, before, after = alt, False, False
        if core.startswith("\\b"):
            core, before = core[2:], True
        if core.endswith("\\b") and not core.endswith("\\\\b"):
            core, after = core[:-2], True
        word: list[str] = []
        k = 0
        while k < len(core):
            ch = core[k]
            if ch == "\\":
                if k + 1 >= len(core) or core[k + 1] not in _ESCAPED:
                    return None
                word.append(core[k + 1])
                k += 2
                continue
            if ch not in _PLAIN:
                return None
            word.append(ch)
            k += 1
        if not word:
            return None
        out.append(("".join(word), before, after))
    return tuple(out)


def _required_words(pattern: str) -> tuple[tuple[str, ...], bool] | None:
    """For a regex that ``_bounded_words`` reads: the words (a match holds one of them), and whether the
    words alone decide the match (no ``\\b``). None for any other regex."""
    bounded = _bounded_words(pattern)
    if bounded is None:
        return None
    return tuple(w for w, _b, _a in bounded), not any(b or a for _w, b, a in bounded)


def _is_word_char(ch: str) -> bool:
    """A character ``\\b`` counts as a word character in an ASCII text (``[A-Za-z0-9_]``)."""
    return ch.isalnum() or ch == "_"


def _at_boundary(low: str, i: int) -> bool:
    """Whether ``\\b`` matches at index ``i`` of the ASCII text ``low`` (a word character on one side)."""
    return (i > 0 and _is_word_char(low[i - 1])) != (i < len(low) and _is_word_char(low[i]))


def _any_bounded_word(low: str, alternatives: tuple[tuple[str, bool, bool], ...]) -> bool:
    """Whether the regex ``_bounded_words`` read into ``alternatives`` has a match in the ASCII text ``low``
    (``search(low) is not None``), by substring search and a look at the characters either side of each
    occurrence, in place of a regex scan that starts at every character (session 11: the scan of
    ``calcium|\\bca\\b|...`` cost about 50 microseconds a text, as "ca" is in "calf")."""
    for word, before, after in alternatives:
        n = len(word)
        i = low.find(word)
        while i != -1:
            if (not before or _at_boundary(low, i)) and (not after or _at_boundary(low, i + n)):
                return True
            i = low.find(word, i + 1)
    return False


#: what may not stand in a pattern run on a lower-cased text in place of IGNORECASE (``_lowered_pattern``):
#: escapes that name characters by number or name, or back-references by number (``\\x41`` is "A"), and
#: inline flags (``(?-i:AM)`` is case-sensitive inside)
_NOT_LOWERABLE = re.compile(r"\\[xuUN0-9]|\(\?[aiLmsux-]")


def _class_end(pattern: str, i: int) -> int | None:
    """The index of the "]" that closes the character class opened at ``pattern[i]`` ("[")(a "]" first in
    the class, after any "^", is a member; an escaped character is skipped), or None when it is not closed."""
    n = len(pattern)
    j = i + 1
    if j < n and pattern[j] == "^":
        j += 1
    if j < n and pattern[j] == "]":
        j += 1
    while j < n and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j if j < n else None


def _lowered_pattern(expanded: str) -> str | None:
    """A case-sensitive pattern that finds, in an ASCII text lower-cased, exactly the matches (the same
    spans, group by group) that ``expanded`` compiled with IGNORECASE finds in the text; None when there is
    none this simple (session 11).

    Under IGNORECASE each letter of the pattern and each character class is compared with the text's
    character lower-cased (``re`` folds the pattern's letters and classes to lower case when it compiles
    them), and ``\\d``, ``\\s``, ``\\w``, ``\\b`` and their upper-case opposites do not depend on case; an
    ASCII text lower-cased keeps its length and each character's place. So the pattern with its letters
    lower-cased matches the lower-cased text case-sensitively where the pattern matched the text with
    IGNORECASE. Lower-cased: the letters outside escapes, character classes and group names. None for a
    pattern with an escape that names a character by number or name or a back-reference by number
    (``\\x41`` is "A"), an inline flag (``(?-i:AM)`` is case-sensitive inside), a non-ASCII letter that has
    a case, or a character class with an upper-case letter (``[A-Za-z]``, in ``{NUM}`` and ``{SIDE}``, is
    written ``[a-z]`` first: on a lower-cased text the two are the same class)."""
    pattern = expanded.replace("[A-Za-z]", "[a-z]")
    if _NOT_LOWERABLE.search(pattern) is not None:
        return None
    # a non-ASCII letter with a case ("\u0130", "\u0131", the Kelvin sign) may match an ASCII letter under
    # IGNORECASE: none such anywhere
    if any(not c.isascii() and (c.lower() != c or c.upper() != c) for c in pattern):
        return None
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":  # an escape: as it is (\\D, \\S, \\W, \\B do not depend on case)
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[":  # a character class: as it is, and only if it has no upper-case letter
            j = _class_end(pattern, i)
            if j is None:
                return None
            cls = pattern[i : j + 1]
            if cls != cls.lower():
                return None
            out.append(cls)
            i = j + 1
            continue
        if pattern.startswith(("(?P<", "(?P="), i):  # a group's name: as it is
            j = pattern.find(">" if pattern[i + 3] == "<" else ")", i)
            if j < 0:
                return None
            out.append(pattern[i : j + 1])
            i = j + 1
            continue
        out.append(ch.lower())
        i += 1
    return "".join(out)


def lowered_regex(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """``rx`` as a case-sensitive pattern for an ASCII text lower-cased (``_lowered_pattern``): for a
    pattern compiled with IGNORECASE, or one that is all ``(?i:...)``; None otherwise (session 11)."""
    pattern = rx.pattern
    if not rx.flags & re.IGNORECASE:
        if not (pattern.startswith("(?i:") and pattern.endswith(")")):
            return None
        pattern = pattern[4:-1]
        try:  # the parentheses balance inside only if the "(?i:" is closed by the last ")"
            re.compile(pattern)
        except re.error:
            return None
    lowered = _lowered_pattern(pattern)
    return None if lowered is None else re.compile(lowered)


#: session 23 (spa): how many of the 256 first characters a start filter's first-character set may admit
#: (``start_filter``): a set as wide as the letters finds a place to try at almost every character
_MAX_FIRST = 16


def _refers(data: Any) -> bool:
    """Whether a parsed regex (``re._parser``) refers to a group (a back-reference, a conditional)."""
    from re import _constants as c  # type: ignore[attr-defined]

    for op, av in data:
        if op in (c.GROUPREF, c.GROUPREF_EXISTS):
            return True
        todo = [av]
        while todo:
            x = todo.pop()
            if isinstance(x, (tuple, list)):
                todo.extend(x)
            elif hasattr(x, "data") and _refers(x.data):
                return True
    return False


def _opening(data: list[Any]) -> list[Any] | None:
    """A parsed regex without the zero-width tests it opens with (lookarounds, ``\\b``, ``^``), each of its
    top-level alternatives so when it is one alternation; None when it opens with none."""
    from re import _constants as c  # type: ignore[attr-defined]

    zero = (c.AT, c.ASSERT, c.ASSERT_NOT)

    def strip(seq: list[Any]) -> int:
        k = 0
        while k < len(seq) and seq[k][0] in zero:
            k += 1
        return k

    if len(data) == 1 and data[0][0] is c.BRANCH:
        alternatives = data[0][1][1]
        cut = [strip(list(a.data)) for a in alternatives]
        if not any(cut) or any(k == len(a.data) for a, k in zip(alternatives, cut, strict=True)):
            return None
        rests = [type(a)(a.state, list(a.data[k:])) for a, k in zip(alternatives, cut, strict=True)]
        return [(c.BRANCH, (None, rests))]
    k = strip(data)
    return None if k == 0 or k == len(data) else data[k:]


def start_filter(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """A pattern that matches wherever a match of ``rx`` starts (with the same ``pos`` and ``endpos``), and
    that the regex engine looks for quickly, or None (session 23, spa).

    It is ``rx`` without the zero-width tests it opens with ("(?<![\\d.])", "\\b", a lookahead; in each
    top-level alternative when it is an alternation): a match of ``rx`` at a place passes those tests and
    then matches the rest there, so the rest matches there too (a test that looks before the place sees the
    same characters: ``search(text, pos)`` looks before ``pos``). ``re`` speeds a search only for a pattern
    that opens with a literal character or a set of first characters; such tests hide them, and no rule's
    pattern had one, so ``rx`` was tried at every character. Only when the rest opens with a literal, or
    with a set of at most ``_MAX_FIRST`` first characters; never for a pattern that refers to a group (the
    group might be set in a test taken away) or that can match nothing."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]
        from re import _constants as c  # type: ignore[attr-defined]

        parsed = _parser.parse(rx.pattern, rx.flags)
        data = list(parsed.data)
        if _refers(data) or (data and data[0] in ((c.AT, c.AT_BEGINNING), (c.AT, c.AT_BEGINNING_STRING))):
            return None  # (a pattern that opens with "^" is tried at the text's start only already)
        rest = _opening(data)
        flags = rx.flags | parsed.state.flags
        if rest is not None:
            sub = _parser.SubPattern(parsed.state, rest)
            if _quick(sub, flags):
                return _compiler.compile(sub, flags)
        elif _quick(parsed, flags):
            return None  # ``re`` looks for it quickly by itself
        return _first_set(data, parsed.state, flags)
    except Exception:  # another Python's private parser: no filter, ``rx`` alone
        return None


#: characters too common in text for a ``_first_set`` filter (each place found is a ``match`` called from
#: Python, some tens of times the cost of the regex engine's own step to the next character)
_COMMON_CHARS = "abcdefghijklmnopqrstuvwxyz \t\n"


class _NoSet(Exception):
    """``_first_items`` cannot tell the first characters (``_first_set``)."""


def _first_items(seq: list[Any], ci: bool) -> tuple[list[Any], bool]:
    """The character-set items (``re._parser``'s ``IN`` items) of the characters a match of the parsed
    sequence ``seq`` can start with, and whether it can match nothing; zero-width tests are passed over.
    ``ci``: under IGNORECASE (then an item of a cased character cannot be told: ``_NoSet``, as for any other
    item not handled)."""
    from re import _compiler  # type: ignore[attr-defined]
    from re import _constants as c  # type: ignore[attr-defined]

    iscased = _compiler._get_iscased(c.SRE_FLAG_IGNORECASE | c.SRE_FLAG_UNICODE)
    items: list[Any] = []
    for op, av in seq:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue
        if op is c.LITERAL:
            if ci and iscased(av):
                raise _NoSet
            items.append((op, av))
            return items, False
        if op is c.IN:
            for iop, _iav in av:
                if iop is c.NEGATE or (ci and iop is not c.CATEGORY):
                    raise _NoSet  # (a negated set, or a character or range under IGNORECASE: not told)
            items += av
            return items, False
        if op is c.SUBPATTERN:
            _group, add, dele, sub = av
            if (add | dele) & ~(c.SRE_FLAG_IGNORECASE | c.SRE_FLAG_MULTILINE | c.SRE_FLAG_DOTALL
                                | c.SRE_FLAG_VERBOSE):
                raise _NoSet
            got, empty = _first_items(list(sub.data), ci or bool(add & c.SRE_FLAG_IGNORECASE))
        elif op is c.ATOMIC_GROUP:
            got, empty = _first_items(list(av.data), ci)
        elif op is c.BRANCH:
            got, empty = [], False
            for alt in av[1]:
                more, alt_empty = _first_items(list(alt.data), ci)
                got += more
                empty = empty or alt_empty
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            lo, _hi, sub = av
            got, empty = _first_items(list(sub.data), ci)
            empty = empty or lo == 0
        else:
            raise _NoSet  # any character, a group reference, ...
        items += got
        if not empty:
            return items, False
    return items, True


def _first_set(data: list[Any], state: Any, flags: int) -> re.Pattern[str] | None:
    """A one-character-set filter of the characters a match of the parsed regex ``data`` can start with
    (session 24, spd), when it admits at most ``_MAX_FIRST`` of the first 256 characters; None otherwise,
    or when a match can be empty. For the alternations whose alternatives open with a digit, a literal or
    a group (``re`` finds a set of first characters only for literals: "\\d{2,3}\\s?F\\b|\\bF\\s*,...").
    The set is a superset: a match starts at a character of it (the zero-width tests before are passed over;
    a cased character under IGNORECASE gives no set)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]
    from re import _constants as c  # type: ignore[attr-defined]

    if flags & c.SRE_FLAG_LOCALE:
        return None
    try:
        items, empty = _first_items(data, bool(flags & c.SRE_FLAG_IGNORECASE))
    except _NoSet:
        return None
    if empty or not items:
        return None
    sub = _parser.SubPattern(state, [(c.IN, items)])
    rx = _compiler.compile(sub, flags & ~c.SRE_FLAG_IGNORECASE)
    if any(rx.match(ch) is not None for ch in _COMMON_CHARS):
        return None  # a place to try at nearly every word: the filter's loop costs more than it saves
    return rx if _quick(sub, flags & ~c.SRE_FLAG_IGNORECASE) else None


def _quick(sub: Any, flags: int) -> bool:
    """Whether ``re`` looks for the parsed pattern ``sub`` quickly: it cannot match nothing and opens with
    a literal, or with a set of at most ``_MAX_FIRST`` first characters (``start_filter``)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]
    from re import _constants as c  # type: ignore[attr-defined]

    if sub.getwidth()[0] == 0:
        return False
    prefix, _skip, _all = _compiler._get_literal_prefix(sub, flags)
    if prefix:
        return True
    first = _compiler._get_charset_prefix(sub, flags)
    if not first:
        return False
    one = _compiler.compile(_parser.SubPattern(sub.state, [(c.IN, first)]), flags)
    return sum(one.match(chr(i)) is not None for i in range(256)) <= _MAX_FIRST


def inner_gates(rx: re.Pattern[str]) -> tuple[re.Pattern[str], ...] | None:
    """Patterns one of which matches between ``pos`` and ``endpos`` wherever ``rx`` has a match there, each
    one that ``re`` looks for quickly (``_quick``), or None (session 23, spa). For each top-level alternative
    of ``rx`` (``rx`` itself when it has none): its items from the first one after its start from which
    the rest is quick to look for (a match of ``rx`` holds a match of that rest, which starts inside it:
    ``[4-9]\\d`` after ", " in an age written "Smith, 72, ..."). Never for a pattern that refers to a
    group; None when an alternative has no such rest."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]
        from re import _constants as c  # type: ignore[attr-defined]

        parsed = _parser.parse(rx.pattern, rx.flags)
        data = list(parsed.data)
        if _refers(data):
            return None
        flags = rx.flags | parsed.state.flags
        alternatives = (
            [list(a.data) for a in data[0][1][1]] if len(data) == 1 and data[0][0] is c.BRANCH else [data]
        )
        gates: list[re.Pattern[str]] = []
        for seq in alternatives:
            for k in range(1, len(seq)):
                sub = _parser.SubPattern(parsed.state, seq[k:])
                if _quick(sub, flags):
                    gates.append(_compiler.compile(sub, flags))
                    break
            else:
                return None
        return tuple(gates)
    except Exception:  # another Python's private parser: no gate, ``rx`` alone
        return None


#: a number-rule pattern gets its start filter, gates and ASCII form at its third use
#: (``NumberReader._starts``)
_WARM = 3



def ascii_regex(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """``rx`` compiled with ``re.ASCII``, for a case-sensitive pattern (None for one with IGNORECASE, or
    when it cannot be so compiled) (session 23, spa). In an ASCII text without the separators
    ``_SEPARATORS`` it finds the same matches: ``\\d``, ``\\w``, ``\\b`` and ``\\s`` accept the same ASCII
    characters either way but those four (``str.isspace``), and a case-sensitive pattern compares the other
    characters alike. The Unicode forms test each character through Python's character tables (a
    function call per test; session 23: about a tenth of the number rules' instructions)."""
    if rx.flags & re.IGNORECASE or not isinstance(rx.pattern, str):
        return None
    try:
        return re.compile(rx.pattern, (rx.flags & ~re.UNICODE) | re.ASCII)
    except (re.error, ValueError):
        return None


class Starts:
    """``rx``'s ``search`` and ``finditer`` sped up by its ``start_filter``, worked out on first use: the
    filter finds the places where a match may start, ``rx`` is tried only there (``match``), so the same
    matches in the same order (session 23, spa)."""

    __slots__ = ("rx", "_done", "_first", "_gates")

    def __init__(self, rx: re.Pattern[str], bare: bool = False) -> None:
        """``bare``: ``rx`` alone, no filter or gate worked out."""
        self.rx = rx
        self._done = bare
        self._first: re.Pattern[str] | None = None
        self._gates: tuple[re.Pattern[str], ...] | None = None

    def first(self) -> re.Pattern[str] | None:
        if not self._done:  # two threads may both work it out: the same patterns either way
            self._first = start_filter(self.rx)
            self._gates = inner_gates(self.rx) if self._first is None else None
            self._done = True
        return self._first

    def may(self, text: str, pos: int = 0, endpos: int = _END) -> bool:
        """False when ``rx`` has no match between ``pos`` and ``endpos`` (none of its ``inner_gates``
        matches there); True when it may have one."""
        if not self._done:
            self.first()
        gates = self._gates
        return gates is None or any(g.search(text, pos, endpos) is not None for g in gates)

    def search(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        first = self._first if self._done else self.first()
        if first is None:
            return self.rx.search(text, pos, endpos) if self.may(text, pos, endpos) else None
        match = self.rx.match
        while True:
            at = first.search(text, pos, endpos)
            if at is None:
                return None
            m = match(text, at.start(), endpos)
            if m is not None:
                return m
            pos = at.start() + 1

    def finditer(self, text: str, pos: int = 0, endpos: int = _END) -> Iterator[re.Match[str]]:
        """As ``rx.finditer``: no match of ``rx`` is empty when it has a filter (its width is not 0)."""
        first = self._first if self._done else self.first()
        if first is None:
            if self.may(text, pos, endpos):
                yield from self.rx.finditer(text, pos, endpos)
            return
        match = self.rx.match
        while True:
            at = first.search(text, pos, endpos)
            if at is None:
                return
            m = match(text, at.start(), endpos)
            if m is None:
                pos = at.start() + 1
            else:
                yield m
                pos = m.end()


class LazyLowered:
    """``lowered_regex(rx)``, worked out and compiled on first use (session 11: compiling the lowered forms
    of every rule up front added about a tenth of a second to loading; most are needed by few texts)."""

    __slots__ = ("rx", "_done", "_low")

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        self._done = False
        self._low: re.Pattern[str] | None = None

    def get(self) -> re.Pattern[str] | None:
        if not self._done:  # two threads may both work it out: the same pattern either way
            self._low = lowered_regex(self.rx)
            self._done = True
        return self._low

    def search(self, text: str) -> re.Match[str] | None:
        """``rx.search(text)`` found or not alike (the match's places are the same; its text is
        ``text.lower()``'s when the lowered pattern was used): on an ASCII text lower-cased with the lowered
        pattern where there is one."""
        low = self.get() if text.isascii() else None
        return low.search(text.lower()) if low is not None else self.rx.search(text)


class LazyAnyOf:
    """Whether ``rx`` (compiled with IGNORECASE) has a match in a text, looked for by its top-level
    alternatives one after another, each in its forms for a lower-cased ASCII text (``LazyAsciiLowered``)
    (session 26, spr). ``re`` looks for an alternative that opens with "^" at the text's start only, and
    for one that opens with a literal by its first characters; in one alternation every place of the text
    tries every alternative (the relative's opening, ``reader._RELATIVE_WRITES``: eight alternatives, about
    three times the time of the eight searches). The alternation matches at a place exactly when one of its
    alternatives does: the same answer. Split on first use (two threads may both split it: the same parts
    either way); kept whole when it has one alternative, refers to a group, is verbose (a comment may hold
    a "|"), or an alternative cannot be compiled alone."""

    __slots__ = ("rx", "_parts")

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        self._parts: list[LazyAsciiLowered] | None = None

    def _split(self) -> list[LazyAsciiLowered]:
        from re import _parser  # type: ignore[attr-defined]

        rx = self.rx
        alts = None if rx.flags & re.VERBOSE else _top_level_alternatives(rx.pattern)
        parts = [rx]
        if alts is not None and len(alts) > 1:
            try:
                if not _refers(list(_parser.parse(rx.pattern, rx.flags).data)):
                    parts = [re.compile(a, rx.flags) for a in alts]
            except Exception:  # an alternative that is no pattern alone, another Python's parser: whole
                parts = [rx]
        return [LazyAsciiLowered(p) for p in parts]

    def found(self, text: str) -> bool:
        """Whether ``self.rx.search(text)`` finds a match."""
        parts = self._parts
        if parts is None:
            parts = self._parts = self._split()
        if not text.isascii() or self.rx.flags & ~(re.IGNORECASE | re.UNICODE):
            # (``lowered_regex`` compiles the lowered pattern without the flags: only IGNORECASE is read)
            return any(p.rx.search(text) is not None for p in parts)
        low = text.lower()
        plain = _SEPARATORS.search(low) is None
        for p in parts:
            rx = p.get(plain)
            if (rx.search(low) if rx is not None else p.rx.search(text)) is not None:
                return True
        return False


class LazyAsciiLowered:
    """``rx`` (compiled with IGNORECASE) for a lower-cased ASCII text: ``lowered_regex(rx)``, and that with
    ``re.ASCII`` (``ascii_regex``) for such a text without the separators ``_SEPARATORS``; worked out on
    first use, None when there is no lowered form (session 24, spd: an IGNORECASE pattern in Unicode mode
    lower-cases each character it compares through Python's character tables, and its ``\\b`` and ``\\w``
    test letters through them too)."""

    __slots__ = ("rx", "_done", "_low", "_asc")

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        self._done = False
        self._low: re.Pattern[str] | None = None
        self._asc: re.Pattern[str] | None = None

    def get(self, plain: bool) -> re.Pattern[str] | None:
        """The form for a lower-cased ASCII text; ``plain``: one without the separators."""
        if not self._done:  # two threads may both work it out: the same patterns either way
            low = lowered_regex(self.rx)
            self._asc = (ascii_regex(low) or low) if low is not None else None
            self._low = low
            self._done = True
        return self._asc if plain else self._low


class LazyAsciiLoweredLead(LazyAsciiLowered):
    """``LazyAsciiLowered`` whose forms open with a lookahead of their first characters where that helps
    (``first_lookahead``; session 26, spr: the takebacks' patterns)."""

    __slots__ = ()

    def get(self, plain: bool) -> re.Pattern[str] | None:
        if not self._done:
            low = lowered_regex(self.rx)
            asc = (ascii_regex(low) or low) if low is not None else None
            self._asc = None if asc is None else first_lookahead(asc) or asc
            self._low = None if low is None else first_lookahead(low) or low
            self._done = True
        return self._asc if plain else self._low


#: the most of the first 256 characters a ``first_lookahead`` may admit
_MAX_LEAD = 40


def _opens_looking(seq: list[Any]) -> bool:
    """Whether the parsed regex ``seq`` (or one of its alternatives) opens with a lookaround (before any
    character it takes; ``\\b`` and ``^`` passed over): there ``first_lookahead`` pays (a pattern that opens
    with ``\\b`` and a word fails fast already, and the lookahead cost more than it saved there)."""
    from re import _constants as c  # type: ignore[attr-defined]

    for op, av in seq:
        if op is c.AT:
            continue
        if op in (c.ASSERT, c.ASSERT_NOT):
            return True
        if op is c.SUBPATTERN:
            return _opens_looking(list(av[3].data))
        if op is c.BRANCH:
            return any(_opens_looking(list(alt.data)) for alt in av[1])
        return False
    return False


def first_lookahead(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """``rx`` (case-sensitive) with a lookahead of the characters its matches can start with before it, or
    None (session 26, spr). A pattern that opens with zero-width tests (lookbehinds, ``\\b``) or with an
    alternation of them has no quick start in ``re``: each place of the text tries all of it (the takeback
    'back_as_return': three alternatives, seven lookbehinds). Every match of ``rx`` is not empty and starts
    with one of those characters (``_first_items``, the tests passed over), so the lookahead fails only where
    ``rx`` cannot match: the same matches, groups and spans. None when ``re`` looks for ``rx`` quickly
    already, when a match may be empty or the characters cannot be told, when they are more than
    ``_MAX_LEAD`` of the first 256, and for a pattern that refers to a group."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]
        from re import _constants as c  # type: ignore[attr-defined]

        if rx.flags & (re.IGNORECASE | re.LOCALE) or not isinstance(rx.pattern, str):
            return None
        parsed = _parser.parse(rx.pattern, rx.flags)
        data = list(parsed.data)
        flags = rx.flags | parsed.state.flags
        if _refers(data) or parsed.getwidth()[0] == 0 or _quick(parsed, flags) or not _opens_looking(data):
            return None
        items, empty = _first_items(data, False)
        if empty or not items:
            return None
        one = _compiler.compile(_parser.SubPattern(parsed.state, [(c.IN, items)]), flags)
        if sum(one.match(chr(i)) is not None for i in range(256)) > _MAX_LEAD:
            return None
        lead = (c.ASSERT, (1, _parser.SubPattern(parsed.state, [(c.IN, items)])))
        return _compiler.compile(_parser.SubPattern(parsed.state, [lead, *data]), flags)
    except Exception:  # another Python's private parser: ``rx`` as it is
        return None


def _top_level_alternatives(pattern: str) -> list[str] | None:
    """``pattern`` split at its top-level ``|`` (not inside a group or a character class, not escaped);
    None for a pattern whose brackets do not balance."""
    parts: list[str] = []
    depth, start, i, n = 0, 0, 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            j = _class_end(pattern, i)
            if j is None:
                return None
            i = j + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return None
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    if depth != 0:
        return None
    parts.append(pattern[start:])
    return parts


#: ``_word_test``'s answer: the plain words with their boundaries, and the other alternatives' pattern
_WordTest = tuple[tuple[tuple[str, bool, bool], ...], re.Pattern[str] | None]


def _word_test(rx: re.Pattern[str]) -> _WordTest | None:
    """For an IGNORECASE pattern (or one that opens with ``(?i)``) whose top-level alternatives are mostly
    plain ASCII words, each perhaps with ``\\b`` either side: those words lower-cased with their boundaries
    (``_bounded_words``), and the other alternatives as one IGNORECASE pattern (None: there are none). On
    an ASCII text ``t``, ``rx.search(t)`` finds something exactly when a word is in ``t.lower()``
    (``_any_bounded_word``) or the other pattern finds something in ``t``; None when no alternative is a
    plain word (session 11)."""
    pattern = rx.pattern
    if pattern.startswith("(?i)"):
        pattern = pattern[4:]
    elif not rx.flags & re.IGNORECASE:
        return None
    alternatives = _top_level_alternatives(pattern)
    if alternatives is None:
        return None
    words: list[tuple[str, bool, bool]] = []
    others: list[str] = []
    for alt in alternatives:
        bounded = _bounded_words(alt) if alt.isascii() and alt else None
        if bounded is None:
            others.append(alt)
        else:
            words += [(w.lower(), before, after) for w, before, after in bounded]
    if not words:
        return None
    return tuple(words), (re.compile("|".join(others), re.IGNORECASE) if others else None)


#: session 19: the most strings a need of a number rule may have that are looked for in the text (not as
#: whole words, a set lookup): a need of more (the numbers 100-349 written out) costs more to test than the
#: regex runs it saves
_MAX_SCANNED = 16


def _cheap(needs: Iterable[_Need]) -> list[_Need]:
    """The needs of ``needs`` worth testing before a number rule's regex (``_MAX_SCANNED``)."""
    return [n for n in needs if sum(how != _WHOLE for how, _s in n) <= _MAX_SCANNED]


class _OnText:
    """A match found in the lower-cased text, read in the text itself (the same places: ``_lowered_pattern``):
    the parts of ``re.Match`` that the number rules use."""

    __slots__ = ("_m", "_text")

    def __init__(self, m: re.Match[str], text: str):
        self._m = m
        self._text = text

    def start(self, group: int | str = 0) -> int:
        return self._m.start(group)

    def end(self, group: int | str = 0) -> int:
        return self._m.end(group)

    def group(self, group: int | str = 0) -> Any:  # as re.Match.group (str, or None for a group not taken)
        a, b = self._m.span(group)
        return None if a < 0 else self._text[a:b]

    def groupdict(self) -> dict[str, Any]:
        return {k: self.group(k) for k in self._m.re.groupindex}


_Found = re.Match[str] | _OnText


class NumberReader:
    """Compiled number rules."""

    def __init__(self, nf: NumbersFile, ranges: dict[str, tuple[float, float]] | None = None):
        self.nf = nf
        self.ranges = ranges or {}
        self.words = {k.lower(): v for k, v in nf.number_words.items()}
        self.right = {w.lower() for w in nf.sides.right}
        self.left = {w.lower() for w in nf.sides.left}
        self.ages = [(a, compile_pattern(a.pattern, nf, False)) for a in nf.ages]
        # session 11: the same as case-sensitive patterns for an ASCII text lower-cased (``_lowered_pattern``;
        # None, or ``get()`` None: that age rule is run on the text itself; tests set None for the slow path)
        self.ages_low: list[LazyLowered | None] = [LazyLowered(rx) for _a, rx in self.ages]
        self.sexes = [(s, compile_pattern(s.pattern, nf, True)) for s in nf.sexes]
        # session 11: a sex rule that is all ``(?i:...)`` as a case-sensitive pattern for the ASCII text
        # lower-cased (``lowered_regex``; None, or ``get()`` None: run on the text)
        self.sexes_low: list[LazyLowered | None] = [LazyLowered(rx) for _s, rx in self.sexes]
        self.rules: list[tuple[NumberRule, re.Pattern[str], re.Pattern[str] | None]] = [
            (
                r,
                compile_pattern(r.pattern, nf, r.case_sensitive),
                re.compile(r.requires, re.IGNORECASE) if r.requires else None,
            )
            for r in nf.measurements
        ]
        # session 11: each IGNORECASE rule's pattern as a case-sensitive one for an ASCII text lower-cased
        # (``_lowered_pattern``: the same matches, found about a third faster); rule id -> pattern
        self.rules_low: dict[str, LazyLowered] = {
            r.id: LazyLowered(rx) for r, rx, _req in self.rules if not r.case_sensitive
        }
        # session 11: a ``requires`` of plain words tested by substring search in the lower-cased context
        # (``_word_test``, worked out on first use; None: the regex)
        self.requires_words: dict[str, _WordTest | None] = {}
        self.triggers = {r.id: re.compile(r.trigger, re.IGNORECASE) for r in nf.measurements if r.trigger}
        # the same triggers, case-sensitive, for an ASCII text already lower-cased (several times faster
        # than IGNORECASE); only for trigger patterns written in lower case
        self.triggers_low = {
            k: re.compile(v.pattern) for k, v in self.triggers.items() if v.pattern == v.pattern.lower()
        }
        # the literal words one of which each lower-case trigger needs ("ck|cpk|creatine"); none of them in
        # the text means no match, and a trigger made of plain words alone matches exactly when one is there
        # (session 7: a substring test is far cheaper than a regex scan of the whole text)
        self.trigger_words: dict[str, tuple[tuple[str, ...], bool]] = {}
        for k, v in self.triggers_low.items():
            words = _required_words(v.pattern)
            if words is not None:
                self.trigger_words[k] = words
        # each such trigger's words with the word boundaries they need (session 11): the trigger is then
        # decided without a regex scan (``_any_bounded_word``)
        self.trigger_bounded: dict[str, tuple[tuple[str, bool, bool], ...]] = {}
        for k in self.trigger_words:
            bounded = _bounded_words(self.triggers_low[k].pattern)
            if bounded is not None:
                self.trigger_bounded[k] = bounded
        self.not_after = {
            r.id: re.compile(r.not_after, re.IGNORECASE) for r in nf.measurements if r.not_after
        }
        self.anchors = {r.id: re.compile(r.anchor, re.IGNORECASE) for r in nf.measurements if r.anchor}
        # the same anchors, case-sensitive, for an ASCII text already lower-cased (as ``triggers_low``: the
        # same places, about twice as fast; session 7)
        self.anchors_low = {
            k: re.compile(v.pattern) for k, v in self.anchors.items() if v.pattern == v.pattern.lower()
        }
        self.limits = [
            (sl, re.compile(sl.trigger), compile_pattern(sl.pattern, nf, False)) for sl in nf.stated_limits
        ]
        self._units: dict[str, re.Pattern[str]] = {}
        # session 23 (spa): each pattern run on a text with its start filter (``Starts``), by the pattern's id
        self._starts_of: dict[tuple[int, bool], list[Any]] = {}  # [pattern, uses, Starts]
        # a stated-limit trigger's plain words (``_required_words``; ((), False): not plain words), by pattern
        self._limit_words: dict[str, tuple[tuple[str, ...], bool]] = {}
        # each stated limit's pattern for an ASCII text lower-cased (``_lowered_pattern``; None: the text)
        self.limits_low: list[LazyLowered | None] = [LazyLowered(rx) for _sl, _trigger, rx in self.limits]
        side_words = _word_alternation(nf.sides.right + nf.sides.left)
        self._side_rx = re.compile(rf"(?<![A-Za-z])({side_words})(?![A-Za-z])", re.IGNORECASE)
        # session 14: a rule whose pattern cannot match an ASCII text (it lacks a word the pattern needs) is
        # not run there; session 19: what each pattern needs is read by ``literal_needs`` (as the rewrites'
        # and the takebacks'; the number rules had their own analyser from session 14 to 18), a measurement
        # pattern's as its windows see the text (``in_windows``), each need tested once a text (``passes``)
        self.ages_need = [need_ids(_cheap(literal_needs(rx.pattern, rx.flags))) for _a, rx in self.ages]
        self.sexes_need = [need_ids(_cheap(literal_needs(rx.pattern, rx.flags))) for _s, rx in self.sexes]
        self.rules_need = [
            need_ids(_cheap(in_windows(literal_needs(rx.pattern, rx.flags)))) for _r, rx, _req in self.rules
        ]

    # ----------------------------------------------------------------------------------------------

    def number(self, s: str) -> float | None:
        s = s.strip().lower()
        if s in self.words:
            return self.words[s]
        try:
            return float(_DIGIT_GROUP.sub("", s))
        except ValueError:
            return _compound_number(s)

    def side_of(self, word: str | None) -> str | None:
        if not word:
            return None
        w = word.strip().lower().rstrip(".")
        if w in self.right:
            return "right"
        if w in self.left:
            return "left"
        return None

    def demographics(self, text: str, words: Words | None = None) -> Demographics:
        """Age and sex. ``words``: the text's ``Words`` where the caller has them (an ASCII text)."""
        d = Demographics()
        low = text.lower() if text.isascii() else None
        asc = low is not None and _SEPARATORS.search(low) is None
        if low is not None and words is None:
            words = Words(low)
        for (rule, rx), lazy, need in zip(self.ages, self.ages_low, self.ages_need, strict=True):
            m: _Found | None
            if words is not None and need and not passes(need, words):
                continue
            rx_low = lazy.get() if lazy is not None and low is not None else None
            if low is not None and rx_low is not None:
                found = self._starts(rx_low, asc).search(low)
                m = None if found is None else _OnText(found, text)
            else:
                m = self._starts(rx).search(text)
            if not m:
                continue
            gd = m.groupdict()
            if gd.get("age"):
                v = self.number(gd["age"])
                if v is None:
                    continue
                age = v
            elif gd.get("birth"):
                # session 11: an age from a year of birth ("born in '44", "born 1944"), as of today's year: an
                # approximation (the birthday is not known), said in a warning
                from_birth = _age_from_birth_year(gd["birth"])
                if from_birth is None:
                    continue
                age = from_birth
            elif gd.get("decade"):
                base = self.nf.decades.get(gd["decade"].lower())
                if base is None:
                    continue
                part = (gd.get("part") or "default").lower()
                age = base + rule.decade_offsets.get(part, rule.decade_offsets.get("default", 5))
            else:
                continue
            if not 0 < age < 130:
                continue
            d.age, d.age_span = float(age), (m.start(), m.end())
            if rule.approximate:
                d.age_approximate = (
                    f"age taken as {age:g} from '{m.group().strip()}': an approximation "
                    f"({rule.note or 'middle of the decade'})"
                )
            break
        best: tuple[int, int, str, tuple[int, int]] | None = None
        for (srule, rx), lazy, need in zip(self.sexes, self.sexes_low, self.sexes_need, strict=True):
            if best is not None and srule.tier > best[0]:
                continue  # a rule of a later tier cannot win over a match already found (speed)
            if words is not None and need and not passes(need, words):
                continue
            rx_low = lazy.get() if lazy is not None and low is not None else None
            m = (
                self._starts(rx_low, asc).search(low)
                if rx_low is not None and low is not None
                else self._starts(rx).search(text)
            )
            if m and (best is None or (srule.tier, m.start()) < (best[0], best[1])):
                best = (srule.tier, m.start(), srule.sex, (m.start(), m.end()))
        if best:
            d.sex, d.sex_span = best[2], best[3]
        return d

    def _clause_side(self, text: str, pos: int) -> str | None:
        """The nearest side word before ``pos`` in the same clause."""
        lo = max(0, pos - 60)
        window = text[lo:pos]
        cut = max((m.end() for m in _CLAUSE_END.finditer(window)), default=0)
        window = window[cut:]
        found = None
        for m in self._side_rx.finditer(window):
            found = m.group(1)
        return self.side_of(found)

    def _context(self, text: str, start: int, end: int, window: int) -> str:
        """The sentence around a match, plus ``window`` characters before it (a list of pressures runs on)."""
        sentence = self._sentence(text, start, end)
        return sentence + " " + text[max(0, start - window) : start] if window else sentence

    @staticmethod
    def _stop(text: str, i: int) -> bool:
        """Whether the '. ' at ``i`` ends a sentence (session 17: not after an abbreviation, 'esp.')."""
        return _ABBREV_END.search(text, max(0, i - 8), i + 1) is None

    def _sentence(self, text: str, start: int, end: int) -> str:
        dot = text.rfind(". ", 0, start)
        while dot != -1 and not self._stop(text, dot):
            dot = text.rfind(". ", 0, dot)
        lo = max(dot, text.rfind("\n", 0, start), text.rfind(";", 0, start))
        after = text.find(". ", end)
        while after != -1 and not self._stop(text, after):
            after = text.find(". ", after + 1)
        his = [i for i in (after, text.find("\n", end), text.find(";", end)) if i != -1]
        hi = min(his) if his else len(text)
        return text[lo + 1 : hi]

    def stated_limits(self, text: str) -> list[tuple[str, str, tuple[int, int]]]:
        """``(finding, state, span)`` per laboratory value written with its laboratory's limit (numbers.yaml:
        stated_limits): present above the limit, absent at or below it."""
        out: list[tuple[str, str, tuple[int, int]]] = []
        if not self.limits:
            return out
        low = text.lower()
        for (sl, trigger, rx), lazy in zip(self.limits, self.limits_low, strict=True):
            # session 11: a trigger of plain words (no \b) is there exactly when one of its words is
            words = self._limit_words.get(trigger.pattern)
            if words is None:
                words = self._limit_words[trigger.pattern] = _required_words(trigger.pattern) or ((), False)
            if words[1]:
                if not any(w in low for w in words[0]):
                    continue
            elif trigger.search(low) is None:
                continue
            # session 11: on the ASCII text lower-cased where the pattern allows it (``lowered_regex``)
            lowered = lazy.get() if lazy is not None else None
            found: list[_Found] = (
                [_OnText(x, text) for x in lowered.finditer(low)]
                if lowered is not None and text.isascii()
                else list(rx.finditer(text))
            )
            for m in found:
                v, lim = self.number(m.group("value")), self.number(m.group("limit"))
                if v is None or lim is None or lim <= 0:
                    continue
                state = "present" if v > lim else "absent"
                out.append((sl.finding, state, (m.start(), m.end("limit"))))
        return out

    def measurements(self, text: str, words: Words | None = None) -> tuple[list[NumberHit], list[str]]:
        """The measurements and notes of ``text``. ``words``: its ``Words`` where the caller has them."""
        hits: list[NumberHit] = []
        notes: list[str] = []
        taken: list[tuple[int, int]] = []
        anchored: dict[str, list[tuple[int, int]]] = {}  # anchor pattern -> its matches in this text
        low = text.lower() if text.isascii() else None
        asc = low is not None and _SEPARATORS.search(low) is None
        triggered: dict[str, bool] = {}  # trigger pattern -> found (several rules share one)
        if low is not None and words is None:
            words = Words(low)
        for (rule, rx, req), need in zip(self.rules, self.rules_need, strict=True):
            if words is not None and need and not passes(need, words):
                continue  # the pattern cannot match here (session 14; ``literal_needs`` since session 19)
            trig = self.triggers.get(rule.id)
            if trig is not None:
                ok = triggered.get(trig.pattern)
                if ok is None:
                    fast = self.triggers_low.get(rule.id)
                    if fast is not None and low is not None:
                        plain = self.trigger_words.get(rule.id)
                        if plain is None:
                            ok = self._starts(fast, asc).search(low) is not None
                        else:
                            ok = any(w in low for w in plain[0])
                            if ok and not plain[1]:
                                bounded = self.trigger_bounded.get(rule.id)
                                if bounded is not None:
                                    ok = _any_bounded_word(low, bounded)
                                else:
                                    ok = self._starts(fast, asc).search(low) is not None
                    else:
                        ok = trig.search(text) is not None
                    triggered[trig.pattern] = ok
                if not ok:
                    continue
            for m in self._matches(rule, rx, text, anchored, low, asc):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                if req is not None:
                    context = self._context(text, m.start(), m.end(), rule.requires_window)
                    if rule.requires_after:
                        context += " " + text[m.end() : m.end() + rule.requires_after]
                    if rule.id not in self.requires_words:
                        self.requires_words[rule.id] = _word_test(req)
                    split = self.requires_words[rule.id]
                    if split is not None and context.isascii():
                        if not _any_bounded_word(context.lower(), split[0]) and (
                            split[1] is None or split[1].search(context) is None
                        ):
                            continue
                    elif not req.search(context):
                        continue
                if rule.id in self.not_after and self._after(text, m.start(), rule, self.not_after[rule.id]):
                    continue
                got = self._read(rule, m, text)
                if got:
                    hits.extend(got)
                    taken.append((m.start(), m.end()))
        for h in hits:
            notes.extend(h.assumptions)
        return hits, notes

    @staticmethod
    def _after(text: str, pos: int, rule: NumberRule, rx: re.Pattern[str]) -> bool:
        """Whether the text just before ``pos`` (same clause) matches the rule's ``not_after``."""
        window = text[max(0, pos - rule.not_after_window) : pos]
        cut = max((m.end() for m in _CLAUSE_END.finditer(window)), default=0)
        return rx.search(window[cut:]) is not None

    def _matches(
        self,
        rule: NumberRule,
        rx: re.Pattern[str],
        text: str,
        anchored: dict[str, list[tuple[int, int]]] | None = None,
        low: str | None = None,
        asc: bool = False,
    ) -> list[_Found]:
        """The rule's matches; ``low``: ``text`` lower-cased when it is ASCII (else None). With ``low``, a
        rule with a lowered pattern (``rules_low``) is run on ``low`` and its matches read in ``text``."""
        lazy = self.rules_low.get(rule.id) if low is not None else None
        lowered = lazy.get() if lazy is not None else None
        anchor = self.anchors.get(rule.id)
        if anchor is None:
            if lowered is not None and low is not None:
                return [_OnText(m, text) for m in self._starts(lowered, asc).finditer(low)]
            return list(self._starts(rx).finditer(text))
        if anchored is None:
            anchored = {}
        places = anchored.get(anchor.pattern)
        if places is None:  # rules sharing an anchor (the duration rules) find its words once per text
            fast = self.anchors_low.get(rule.id) if low is not None else None
            if fast is not None and low is not None:
                places = [(a.start(), a.end()) for a in self._starts(fast, asc).finditer(low)]
            else:
                places = [(a.start(), a.end()) for a in anchor.finditer(text)]
            anchored[anchor.pattern] = places
        scan, where = (lowered, low) if lowered is not None and low is not None else (rx, text)
        out: dict[tuple[int, int], re.Match[str]] = {}
        starts = self._starts(scan, asc and scan is lowered)
        first = starts.first()
        if first is not None:  # session 23 (spa): ``rx`` tried only where its start filter finds a place
            match = starts.rx.match
            for a0, a1 in places:
                pos, end = max(0, a0 - 80), min(len(text), a1 + 60)
                while True:  # as the loop below: the same matches of ``finditer(where, pos, end)``
                    at = first.search(where, pos, end)
                    if at is None or at.start() > a0:
                        break
                    m = match(where, at.start(), end)
                    if m is None:
                        pos = at.start() + 1
                        continue
                    if a0 < m.end():
                        out.setdefault((m.start(), m.end()), m)
                        break
                    pos = m.end()
            places = []
        may = starts.may
        for a0, a1 in places:
            w0, w1 = max(0, a0 - 80), min(len(text), a1 + 60)
            if not may(where, w0, w1):
                continue  # session 23 (spa): no match in the window (``inner_gates``)
            # at most one match of the window covers a0 (finditer's matches do not overlap and come in order
            # of their start; the one after a match starts at or after its end): stop at it, or at the first
            # match that starts after a0, instead of scanning the rest of the window (session 11)
            # (session 13: the window runs 60 characters past the anchor, not 20, so that a rule whose match
            # goes on after its anchor word, 'Ten weeks ago both my thighs began', is not cut short)
            for m in starts.rx.finditer(where, w0, w1):
                if m.start() > a0:
                    break
                if a0 < m.end():
                    out.setdefault((m.start(), m.end()), m)
                    break
        if scan is rx:
            return [out[k] for k in sorted(out)]
        return [_OnText(out[k], text) for k in sorted(out)]

    def _starts(self, rx: re.Pattern[str], plain: bool = False) -> Starts:
        """``rx`` with its start filter (``Starts``), made on first use (session 23, spa); ``plain``: for
        an ASCII text without the separators ``_SEPARATORS``, where ``rx`` compiled with ``re.ASCII`` finds
        the same matches (``ascii_regex``; when it has that form)."""
        got = self._starts_of.get((id(rx), plain))
        if got is None or got[0] is not rx:
            got = self._starts_of[(id(rx), plain)] = [rx, 0, Starts(rx, bare=True)]
        if got[1] < _WARM:
            # the forms are worked out at the pattern's ``_WARM``-th use, not its first: most of the first
            # texts' patterns are needed by few texts, and working them out (parsing, compiling) took about
            # as long as a first reading (the reader's load is timed with one)
            got[1] += 1
            if got[1] == _WARM:
                fast = ascii_regex(rx) if plain else None
                got[2] = Starts(fast or rx)
        return got[2]

    def _unit_rx(self, pattern: str) -> re.Pattern[str]:
        """``pattern`` compiled case-insensitive, as ``re.fullmatch(pattern, s, re.IGNORECASE)`` uses it."""
        rx = self._units.get(pattern)
        if rx is None:
            rx = self._units[pattern] = re.compile(pattern, re.IGNORECASE)
        return rx

    def _spec_for(self, specs: list[UnitSpec], words: str) -> UnitSpec | None:
        """The first of ``specs`` (units, guessed units, word values, bounds) whose pattern matches all of
        ``words``."""
        return next((u for u in specs if self._unit_rx(u.pattern).fullmatch(words)), None)

    def _read(self, rule: NumberRule, m: _Found, text: str) -> list[NumberHit]:
        gd = m.groupdict()
        out: list[NumberHit] = []
        first_side: str | None = None
        for suffix in ("", "2"):
            raw = gd.get("value" + suffix)
            if raw is None:
                continue
            v = self.number(raw)
            assumptions: list[str] = []
            if v is None and rule.word_values:
                said = self._spec_for(rule.word_values, raw.strip())
                if said is not None:
                    v = said.factor
                    if said.assumption:
                        assumptions.append(f"{m.group().strip()!r}: {said.assumption}")
            if v is None:
                continue
            minus = gd.get("minus" + suffix)
            if minus is not None:  # session 24 (f1): a fall told by its two ends, 'from 140 to 85 mmHg'
                low_end = self.number(minus)
                if low_end is None:
                    continue
                v = v - low_end
            unit = gd.get("unit" + suffix) or (gd.get("unit") if suffix else None)
            # (the unit patterns compiled once, not looked up in re's cache for every unit; session 9)
            if unit:
                conv = self._spec_for(rule.units, unit.strip())
            else:
                conv = self._spec_for(rule.guess_unit, raw.strip())
            # session 17: a value written as a bound ("below 2.5") is read just inside it, stated
            said_bound = gd.get("bound" + suffix)
            bound = self._spec_for(rule.bounds, said_bound.strip()) if said_bound and rule.bounds else None
            for spec in (conv, bound):
                if spec is not None:
                    v = v * spec.factor + spec.offset
                    if spec.assumption:
                        assumptions.append(f"{m.group().strip()!r}: {spec.assumption}")
            target = rule.target
            if "{side}" in target:
                side = next(
                    (
                        self.side_of(gd.get(g + suffix))
                        for g in ("side", "side_b", "side_after")
                        if self.side_of(gd.get(g + suffix))
                    ),
                    None,
                )
                if side is None and not suffix:
                    side = self._clause_side(text, m.start())
                if side is None and suffix and first_side is not None:
                    side = "left" if first_side == "right" else "right"  # "0.62 right, 0.95": the other leg
                if not suffix:
                    first_side = side
                if side is None:
                    if not rule.target_no_side:
                        continue
                    target = rule.target_no_side
                else:
                    target = target.replace("{side}", side)
            lo, hi = rule.min, rule.max
            if target in self.ranges:
                rlo, rhi = self.ranges[target]
                lo = rlo if lo is None else max(lo, rlo)
                hi = rhi if hi is None else min(hi, rhi)
            if (lo is not None and v < lo) or (hi is not None and v > hi):
                continue
            if target == rule.target_no_side and "{side}" in rule.target and rule.no_side_also:
                if rule.no_side_assumption:
                    assumptions.append(f"{m.group().strip()!r}: {rule.no_side_assumption}")
                for extra in rule.no_side_also:
                    out.append(NumberHit(rule.id, extra, round(v, 4), (m.start(), m.end()), m.group(), []))
            out.append(NumberHit(rule.id, target, round(v, 4), (m.start(), m.end()), m.group(), assumptions))
        return out
