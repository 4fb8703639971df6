"""Text normalisation that keeps character offsets: abbreviations, typos, spelling variants.

The reader matches on the normalised text and reports spans in the original text through an
``OffsetMap``. What is replaced comes from ``lexicon.yaml``; this module only applies it.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import html
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from legdx.text.rules import LexiconFile

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['\u2019][A-Za-z]+)?(?:/[A-Za-z0-9]+)?\+?")
#: the characters that ``\\s`` matches in an ASCII text when the pattern is not compiled with ``re.ASCII``,
#: and not when it is (``numbers.ascii_regex``; session 26, sp3: here for the rewrites, ``numbers`` takes it)
_SEPARATORS = re.compile("[\x1c-\x1f]")
#: a word, or a question mark glued to the front of a word ("?DVT": clinicians' shorthand for "query")
_TOKEN = re.compile(r"(?<![\w?])\?(?=[A-Za-z])|(?<![\w+-])[+-]ve\b|" + _WORD.pattern)
#: joiners read as a space (same length, so offsets do not move): a hyphen or a plus inside a word
#: ("sit-down", "thigh+calf") and a tilde before a number ("~20 min")
_HYPHEN_IN_WORD = re.compile(
    r"(?<=[A-Za-z0-9])[-\u2010\u2011\u2013](?=[A-Za-z])|(?<=[A-Za-z])\+(?=[A-Za-z])|~(?=\d)"
)
#: the characters a match of ``_HYPHEN_IN_WORD`` consists of (each match is one of them)
_JOINERS = "-\u2010\u2011\u2013+~"
_ASCII_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_ASCII_ALPHA = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _split_joiners(text: str) -> str:
    """``_HYPHEN_IN_WORD.sub(" ", text)`` (session 11): each match is a single joiner character, so only the
    joiners in the text are looked at (found by substring search), with the character either side of each,
    instead of a regex scan that starts at every character; a text without a match comes back as it is."""
    chars: list[str] | None = None
    n = len(text)
    for c in _JOINERS:
        i = text.find(c)
        while i != -1:
            after = text[i + 1] if i + 1 < n else ""
            if c == "~":
                hit = after != "" and after.isdecimal()
            else:
                before = text[i - 1] if i > 0 else ""
                hit = (
                    after != ""
                    and after in _ASCII_ALPHA
                    and before != ""
                    and (before in _ASCII_ALPHA if c == "+" else before in _ASCII_ALNUM)
                )
            if hit:
                if chars is None:
                    chars = list(text)
                chars[i] = " "
            i = text.find(c, i + 1)
    return text if chars is None else "".join(chars)


#: session 16 (fxb, probes session16_qn:5, qn:7): markup left in a text pasted from a web form or a record
#: system: an HTML character reference ("pins &amp; needles", "&gt;", "&nbsp;", "&#39;") and a line break
#: tag ("<br>")
_MARKUP = re.compile(
    r"&(?:amp|lt|gt|quot|apos|nbsp|#\d{1,5}|#[xX][0-9a-fA-F]{1,4});|<br\s*/?>", re.IGNORECASE
)
#: session 16 (fxb, probe session16_qn:7): a word cut by a line break, with or without a hyphen ("numb\nness",
#: "numb-\nness"); joined only when the whole is a word of the rules and the second part is none
_CUT_WORD = re.compile(r"(?<![A-Za-z])([A-Za-z]{2,})-?\r?\n([a-z]{2,})(?![A-Za-z])")
#: session 22 (fxd, probe session22_vc:41): a word cut by a hyphen and a space within a line, as a scanned
#: or PDF-extracted letter gives it ("sad- dle anaesthesia", "uri- nary re- tention"); joined only when the
#: whole is a word of the rules and the parts are not both words: "pre- and post-operative", "left- and
#: right-sided" and "non- smoker" (both words) are hyphen-space forms as written and stay apart
_CUT_WORD_SPACE = re.compile(r"(?<![A-Za-z\-])([A-Za-z]{2,})-[ \t]+([a-z]{2,})(?![A-Za-z])")
#: session 22 (fxd, probes session22_vc:41, vc:42): characters that show nothing: a soft hyphen (U+00AD, a
#: place a word may be cut: always inside a word, so dropped), a zero-width space, non-joiner and word joiner
#: and a byte-order mark (dropped, or read as a space between two letters whose join is no word of the rules);
#: a zero-width joiner only between two letters (in an emoji sequence it belongs to the emoji, ``symbols``)
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u2060\ufeff]+|(?<=[A-Za-z])\u200d+(?=[A-Za-z])")
_LETTERS_BEFORE = re.compile(r"[A-Za-z]+$")
_LETTERS_AFTER = re.compile(r"[A-Za-z]+")
#: session 22 (fxd, probes session22_vc:6, vc:54): letters as a PDF or a phone may give them: the
#: typographic ligatures of PDF text ("diﬃculty", "inﬂamed", U+FB00-FB06) and fullwidth forms ("ＨＥＬＰ",
#: U+FF01-FF5E, and the ideographic space U+3000), read as the plain letters they stand for
_COMPAT_LETTERS = re.compile("[\ufb00-\ufb06\uff01-\uff5e\u3000]+")
#: session 23 (lf): an ordinal's or a time of day's superscript letters straight after a digit ("2ⁿᵈ", "21ˢᵗ",
#: "3ʳᵈ", "5ᵗʰ", "3ᵖᵐ"), and two superscript digits of the minutes straight after an hour ("14⁰⁰",
#: "9³⁰"); not a power ("x10¹²/L", "10⁹", "kg/m²": one superscript digit, or a multiplier or a unit
#: beside it)
_SUP_SUFFIX = re.compile(
    "(?<=\\d)(?:\u02e2\u1d57|\u207f\u1d48|\u02b3\u1d48|\u1d57\u02b0|\u1d43\u1d50|\u1d56\u1d50)"
    "(?![\\w\u02b0-\u02ff\u1d2c-\u1dbf])"
)
_SUP_MINUTES = re.compile(
    "(?<![\\dx\u00d7*^.,/])(?:[01]?\\d|2[0-3])"
    "([\u2070\u00b9\u00b2\u00b3\u2074\u2075][\u2070\u00b9\u00b2\u00b3\u2074-\u2079])"
    "(?![\\w/\u2070-\u209f\u00b9\u00b2\u00b3])"
)


def plain_superscripts(text: str) -> str | None:
    """Session 23 (lf): ``text`` with the superscript letters of an ordinal or a time of day and the
    superscript minutes of a time written plain, one character for one (each is its NFKC form), so that every
    offset stays the same; None when there are none (the usual case: an ASCII text is not searched)."""
    if text.isascii():
        return None
    spans = [m.span() for m in _SUP_SUFFIX.finditer(text)] + [m.span(1) for m in _SUP_MINUTES.finditer(text)]
    if not spans:
        return None
    chars = list(text)
    for a, b in spans:
        for i in range(a, b):
            chars[i] = unicodedata.normalize("NFKC", chars[i])
    return "".join(chars)


#: what may follow an emoji and belongs to it: a skin-tone modifier, the emoji presentation selector, and
#: zero-width-joined parts ("\U0001F6B6\u200d\u2642\ufe0f", a man walking)
_SYMBOL_TAIL = r"[\U0001F3FB-\U0001F3FF]?\ufe0f?(?:\u200d[^\x00-\x7f\s]\ufe0f?)*"
#: geometric shapes (a coloured circle or square) that start a line are list bullets, not colours
_SHAPES = frozenset("\u26aa\u26ab\U0001F534\U0001F535") | frozenset(map(chr, range(0x1F7E0, 0x1F7EC)))

#: session 19 (fxm, probes session19_se:40, se:44): spoken punctuation in a dictated or speech-recognised
#: note ("fifty two comma some numbness ... full stop bladder bowel and sexual function normal"): "comma" is
#: a comma and "full stop" (with a "new paragraph" after it, or that alone) a full stop, the spaces before
#: them dropped. Left as words, "full" was a bladder-change word of the concept screen ("full stop urine
#: normal colour" read as urinary retention), and neither ended a clause or a sentence. Only between words
#: (a letter or digit before; a letter or digit or the line's end after): "a comma-shaped scar" and "came
#: to a full stop." keep theirs, as does anything after "a", "the" or "to" ("came to a full stop and waited":
#: fxk's exception, whose lexicon rewrite of the same words this replaces)
_SPOKEN_PUNCT = re.compile(
    r"(?<=[A-Za-z0-9])(?<!\ba)(?<!\bthe)(?<!\bto)[ \t]+"
    r"(?:(comma)|(full[ \t]+stop(?:[ \t]+new[ \t]+paragraph)?|new[ \t]+paragraph))"
    r"(?=[ \t]+[A-Za-z0-9]|[ \t]*$)",
    re.IGNORECASE | re.MULTILINE,
)
#: the first letter after a spoken full stop (made a capital: a sentence starts there)
_AFTER_SPOKEN_STOP = re.compile(r"[ \t]+([a-z])")
#: session 19 (fxq, probe session19_si:6): telegraphic English that gives one word per sentence ("Leg. Calf.
#: Fat. Big. Red. Hot."): a run of three or more one-word sentences is read as one list ("Leg, Calf, Fat, Big,
#: Red, Hot."), so that the rules that read a calf and its swelling in one clause read them; never across an
#: answer or a negation word ("Swelling? No. Pain. Yes." keeps its stops), and sentences of two words or more
#: are untouched
_NOT_IN_RUN = r"(?!(?:no|not|nil|none|never|nope|nah|yes|yeah|ok|okay|denies|negative|normal|fine)\.)"
_ONE_WORD_RUN = re.compile(
    r"(?:(?<=^)|(?<=[.!?:;\n]))[ \t]*(?:"
    + _NOT_IN_RUN
    + r"[A-Za-z]{2,}\.[ \t]+){2,}"
    + _NOT_IN_RUN
    + r"[A-Za-z]{2,}\.",
    re.IGNORECASE | re.MULTILINE,
)
_ONE_WORD_STOP = re.compile(r"\.(?=[ \t]+[A-Za-z])")
#: session 26 (sp3): what every match of ``_ONE_WORD_RUN`` in an ASCII text holds, in the text lower-cased:
#: its last three words' "x. yy. z" (each word two letters or more). Looked for first (a case-sensitive set
#: of first characters, found by ``re``'s own loop, about a quarter of the time): the run's pattern opens
#: with two lookbehinds and is tried at every character; few texts have such a run
_ONE_WORD_RUN_GATE = re.compile(r"[a-z]\.[ \t]+[a-z]{2,}\.[ \t]+[a-z]", re.ASCII)
#: session 18 (fxi): a muscle grade written in words, "2 out of 5", "3 of 5" (read as "2/5", the form the
#: grade rules use), only next to a word of power or of a leg muscle or movement (``_GRADE_CONTEXT``, within
#: 40 characters before or 30 after; "2 out of 5 days" is no grade)
_GRADE_IN_WORDS = re.compile(
    r"(?<![\d/.])\b([0-5][+-]?)\s+(?:out\s+)?of\s+(?:5|five)\b(?!\s*(?:days?|nights?|times|weeks?|%))",
    re.IGNORECASE,
)
_GRADE_CONTEXT = re.compile(
    r"\b(?:power|strength|mrc|grade[sd]?|muscle|flexion|extension|flexors?|extensors?|dorsiflex\w*|plantarflex\w*|"
    r"abduct\w*|adduct\w*|quads?|quadriceps|hamstrings?|glut\w*|ehl|df|pf|hip|knee|ankle|toe|foot|leg|legs)\b",
    re.IGNORECASE,
)


@dataclass
class OffsetMap:
    """Maps offsets in the normalised text back to the original text."""

    norm_starts: list[int] = field(default_factory=list)
    pieces: list[tuple[int, int, int, int]] = field(
        default_factory=list
    )  # norm_start, norm_len, orig, orig_len
    #: session 16: the map of a first step (markup decoded, cut words joined) that this map's "original"
    #: came from
    base: OffsetMap | None = None

    def add(self, norm_start: int, norm_len: int, orig_start: int, orig_len: int) -> None:
        self.norm_starts.append(norm_start)
        self.pieces.append((norm_start, norm_len, orig_start, orig_len))

    def _piece(self, pos: int) -> tuple[int, int, int, int]:
        i = max(0, bisect.bisect_right(self.norm_starts, pos) - 1)
        return self.pieces[i]

    def to_orig(self, start: int, end: int) -> tuple[int, int]:
        """The original span for the normalised span [start, end)."""
        if not self.pieces:
            return start, end
        ns, nl, os_, ol = self._piece(start)
        o_start = os_ + (start - ns) if nl == ol else os_
        last = max(start, end - 1)
        ns, nl, os_, ol = self._piece(last)
        o_end = os_ + (last - ns) + 1 if nl == ol else os_ + ol
        if self.base is not None:
            return self.base.to_orig(o_start, max(o_start, o_end))
        return o_start, max(o_start, o_end)


#: session 23 (fmt2): an edit of a text: the original span [start, end) and the pieces that replace it, each
#: its text and the original span (start, length) it stands for
Edit = tuple[int, int, Sequence[tuple[str, int, int]]]


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, OffsetMap]:
    """``text`` with ``edits`` applied, and the map back to its offsets: the one loop of the normaliser's two
    steps and of the record layer (session 23). The edits come sorted by start; one that starts inside the one
    before is dropped; the text between edits maps one to one, each piece to the span it stands for; a piece
    without text adds nothing to the text or the map."""
    om = OffsetMap()
    out: list[str] = []
    npos = opos = 0
    for start, end, pieces in edits:
        if start < opos:
            continue
        if start > opos:
            om.add(npos, start - opos, opos, start - opos)
            out.append(text[opos:start])
            npos += start - opos
        for rep, orig, length in pieces:
            if rep:
                om.add(npos, len(rep), orig, length)
                out.append(rep)
                npos += len(rep)
        opos = end
    if opos < len(text):
        om.add(npos, len(text) - opos, opos, len(text) - opos)
        out.append(text[opos:])
    return "".join(out), om


def _osa(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein with adjacent transpositions)."""
    la, lb = len(a), len(b)
    d = [[0] * (lb + 1) for _ in range(la + 1)]
    for i in range(la + 1):
        d[i][0] = i
    for j in range(lb + 1):
        d[0][j] = j
    for i in range(1, la + 1):
        for j in range(1, lb + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[la][lb]


def _deletes(word: str) -> Iterable[str]:
    for i in range(len(word)):
        yield word[:i] + word[i + 1 :]


#: words before a slash that make the word a unit of measure, not two words ("mmol/L", "mg/dL", "km/h")
_UNIT_NUMERATORS = frozenset(
    "mmol umol µmol nmol pmol mol mg g kg mcg ug µg ng pg iu u mu miu meq mosm ml dl mm cm km "
    "beats breaths cells copies".split()
)
#: words after a slash that make the word a unit ("L/min", "mL/kg")
_UNIT_DENOMINATORS = frozenset("min h hr hrs hour day d s sec kg m2 dl ml".split())


#: session 18 (speed21): what a rewrite's regex cannot match without (``literal_needs``)
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
#: the words of a lower-cased ASCII text, as ``\b`` sees them
_ASCII_WORDS = re.compile(r"[a-z0-9_]+")

#: how a need's string is looked for: anywhere in the text, as a whole word, or in the text's words written
#: in a row with one space between (``Words.line``: " a b " for the whole words a and b in a row, "a b"
#: for a word ending in a followed by one starting with b)
_ANYWHERE, _WHOLE, _LINE = 0, 1, 2
#: one need: any of its (how, lower-cased string) must be in the text
_Need = frozenset[tuple[int, str]]
#: the most strings a literal piece of a regex is read as (more: the piece is read no further)
_MAX_STRINGS = 256


def _nonword_char(op: Any, av: Any) -> bool:
    """Whether a one-character item matches only characters that are not word characters (ASCII text)."""
    from re import _constants as c  # type: ignore[attr-defined]

    if op is c.LITERAL:
        return bool(av < 128 and chr(av) not in _WORD_CHARS)
    if op is c.IN:
        return all(
            (o is c.LITERAL and a < 128 and chr(a) not in _WORD_CHARS)
            or (o is c.CATEGORY and a in (c.CATEGORY_SPACE, c.CATEGORY_NOT_WORD))
            for o, a in av
        )
    return False


def _starts_apart(seq: Any, i: int, after: bool) -> bool:
    """Whether what ``seq[i:]`` matches, followed by what ``after`` says (True: a non-word character or the
    end of the text), begins with a non-word character or the end of the text, after a word character."""
    from re import _constants as c  # type: ignore[attr-defined]

    if i == len(seq):
        return after
    op, av = seq[i]
    if op is c.AT:
        return av in (c.AT_BOUNDARY, c.AT_END, c.AT_END_STRING)
    if op in (c.LITERAL, c.IN):
        return _nonword_char(op, av)
    if op in (c.ASSERT, c.ASSERT_NOT):
        return _starts_apart(seq, i + 1, after)
    rest = _starts_apart(seq, i + 1, after)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        first = _starts_apart(av[2], 0, rest)
        return first if av[0] >= 1 else first and rest
    if op is c.SUBPATTERN:
        return _starts_apart(av[3], 0, rest)
    if op is c.BRANCH:
        return all(_starts_apart(alt, 0, rest) for alt in av[1])
    if op is c.GROUPREF_EXISTS:
        return all(_starts_apart(alt, 0, rest) for alt in (av[1], av[2] if av[2] is not None else []))
    return False


def _score(need: _Need) -> int:
    """How selective a need is, roughly: the length of its shortest string (a whole word counts longer)."""
    return min(len(s) + 2 * (how != _ANYWHERE) for how, s in need)


def _finite(op: Any, av: Any) -> set[str] | None:
    """The strings one regex item can match, lower-cased, when they are a few ASCII strings (a literal, a
    class of literals, ranges and digits, an optional or grouped such item, alternatives of such
    sequences); else None."""
    from re import _constants as c  # type: ignore[attr-defined]

    if op is c.LITERAL:
        return {chr(av).lower()} if av < 128 else None
    if op is c.IN:
        out: set[str] = set()
        for o, a in av:
            if o is c.LITERAL and a < 128:
                out.add(chr(a).lower())
            elif o is c.LITERAL and _never_ascii(a):
                continue  # session 26 (spr): a curly quote matches no character of an ASCII text
            elif o is c.RANGE and a[1] < 128:
                out.update(chr(x).lower() for x in range(a[0], a[1] + 1))
            elif o is c.CATEGORY and a is c.CATEGORY_DIGIT:
                out.update("0123456789")  # an ASCII text's digits
            else:
                return None
        return out or None
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
        inner = _finite_seq(av[2])
        return None if inner is None else inner | {""}
    if op is c.SUBPATTERN:
        return _finite_seq(av[3])
    if op is c.BRANCH:
        out = set()
        for alt in av[1]:
            strings = _finite_seq(alt)
            if strings is None:
                return None
            out |= strings
        return out
    return None


@functools.cache
def _never_ascii(code: int) -> bool:
    """Whether the character ``code`` matches no ASCII character, even case-blind (session 26, spr: '\u201c'
    matches none; '\u017f' matches 's' and '\u212a' 'k' under IGNORECASE)."""
    one = re.compile(re.escape(chr(code)), re.IGNORECASE)
    return code >= 128 and not any(one.fullmatch(chr(a)) for a in range(128))


def _how(s: str, start: bool, end: bool) -> tuple[int, str]:
    """How a need's string ``s`` is looked for (session 26, spr); ``start``, ``end``: whether a word cannot go
    on before, after it. A whole word as such; words with non-word characters between (a word at the start)
    as their words in a row in ``Words.line``, each one whole but the last when it may go on ('fact sheet' is
    ' fact sheet ', 'a.i.' ' a i '); else anywhere. Before, one string with a non-word character made all the
    need's strings substrings, and a common one ('ai' in 'said') made the need pass on most texts."""
    if not s or s[0] not in _WORD_CHARS or not start:
        return (_ANYWHERE, s)
    tokens = _ASCII_WORDS.findall(s)
    if len(tokens) == 1 and tokens[0] == s:
        return (_WHOLE, s) if end else (_ANYWHERE, s)
    if len(tokens) < 2:
        return (_ANYWHERE, s)
    return (_LINE, " " + " ".join(tokens) + (" " if end or s[-1] not in _WORD_CHARS else ""))


def _finite_seq(seq: Any) -> set[str] | None:
    """``_finite`` of a sequence of items (their strings joined in turn)."""
    out = {""}
    for op, av in seq:
        strings = _finite(op, av)
        if strings is None:
            return None
        out = {a + b for a in out for b in strings}
        if len(out) > _MAX_STRINGS:
            return None
    return out


def _walk(
    seq: Any,
    apart: bool,
    after: bool,
    needs: list[_Need],
    prev: tuple[frozenset[str] | None, bool] = (None, False),
    groups: dict[int, _Need] | None = None,
) -> bool:
    """Adds to ``needs`` what every match of ``seq`` holds. ``apart``: whether the character before the
    match is a non-word one (or the text's start, or a ``\\b`` before a word character); ``after``: as
    ``_starts_apart``; ``prev``: the words (of word characters; with a space before where they start a word)
    that come right before the match (None: not known), and whether one or more non-word characters come
    between; ``groups``: the most selective need of each
    numbered group read so far (a conditional ``(?(1)...)`` takes its first branch only when group 1
    matched). Returns the same as ``apart`` for the end of the match."""
    from re import _constants as c  # type: ignore[attr-defined]

    if groups is None:
        groups = {}
    # the last literal piece when it is word characters (with a space before where a word starts there),
    # and whether one or more non-word characters (only) followed it
    last, gap = prev
    i, n = 0, len(seq)
    while i < n:
        op, av = seq[i]
        strings = _finite(op, av)
        if strings is not None:  # the longest run of literal items from here: one need, its strings
            j = i + 1
            while j < n:
                more = _finite(*seq[j])
                if more is None or len(strings) * len(more) > _MAX_STRINGS:
                    break
                strings = {a + b for a in strings for b in more}
                j += 1
            piece = None
            if "" not in strings:
                words = apart and all(ch in _WORD_CHARS for s in strings for ch in s)
                end_apart = _starts_apart(seq, j, after)
                whole = words and end_apart
                needs.append(frozenset(_how(s, apart, end_apart) for s in strings))
                if words and last is not None and gap and len(last) * len(strings) <= _MAX_STRINGS:
                    end = " " if whole else ""
                    needs.append(frozenset((_LINE, f"{a} {b}{end}") for a in last for b in strings))
                if all(ch in _WORD_CHARS for s in strings for ch in s):
                    piece = frozenset((" " if apart else "") + s for s in strings)
            apart = all(s[-1] not in _WORD_CHARS if s else apart for s in strings)
            last, gap = piece, False
            i = j
            continue
        rest = _starts_apart(seq, i + 1, after)
        here = (last, gap)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and len(av[2]) == 1 and _nonword_char(*av[2][0]):
            if av[0] >= 1:  # one or more non-word characters
                apart, gap = True, last is not None
            else:
                last = None
        elif op is c.AT:  # zero-width: the last words stay
            if av in (c.AT_BOUNDARY, c.AT_BEGINNING, c.AT_BEGINNING_STRING):
                apart = True
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            lo, hi, sub = av
            inner: list[_Need] = []
            sub_after = rest if hi == 1 else rest and _starts_apart(sub, 0, rest)
            out = _walk(sub, False, sub_after, inner, groups=groups)
            if lo >= 1:
                needs += inner
                apart = out
            else:
                apart = apart and out
            last = None
        elif op is c.SUBPATTERN:
            inner = []
            apart = _walk(av[3], apart, rest, inner, here, groups)
            needs += inner
            if av[0] is not None and inner:
                groups[av[0]] = max(inner, key=_score)
            last = None
        elif op in (c.BRANCH, c.GROUPREF_EXISTS):
            if op is c.BRANCH:
                branches = list(av[1])
            else:  # taken: the group matched, and holds its need; not taken: the second branch
                branches = [av[1], av[2] if av[2] is not None else []]
            outs, alts = [], []
            for k, alt in enumerate(branches):
                inner = []
                outs.append(_walk(alt, apart, rest, inner, here, groups))
                if op is c.GROUPREF_EXISTS and k == 0 and av[0] in groups:
                    inner.append(groups[av[0]])
                alts.append(max(inner, key=_score) if inner else None)
            if all(a is not None for a in alts):
                needs.append(frozenset(x for a in alts if a is not None for x in a))
            apart = all(outs)
            last = None
        elif op is c.IN:
            apart = _nonword_char(op, av)
            last = None
        elif op is c.ASSERT:  # zero-width
            direction, sub = av
            if direction == 1:  # a lookahead: what it needs is in the text too
                _walk(sub, apart, False, needs, here, groups)
            elif sub and _nonword_char(*sub[-1]):
                apart = True
        elif op is c.ASSERT_NOT:  # zero-width
            direction, sub = av
            if (
                direction == -1
                and len(sub) == 1
                and sub[0][0] is c.IN
                and (c.CATEGORY, c.CATEGORY_WORD) in sub[0][1]
            ):
                apart = True
        else:
            apart = False
            last = None
        i += 1
    return apart


#: session 22 (spload): ``literal_needs`` answers read from the derived cache (``legdx.text.derived``), by
#: (flags, pattern); and, while that cache is built (not None), every answer given
NEEDS_KNOWN: dict[tuple[int, str], tuple[_Need, ...]] = {}
NEEDS_SEEN: dict[tuple[int, str], tuple[_Need, ...]] | None = None


@functools.cache
def code_key() -> str:
    """What the normaliser's answers depend on besides its data: this module's code and Python's version
    (``re._parser``, ``str.lower``). The derived cache is keyed by it (session 22)."""
    from pathlib import Path

    try:
        h = hashlib.sha256(Path(__file__).read_bytes())
    except OSError:  # no source to hash: a key no cache has, so every answer is worked out
        return "unknown"
    h.update(f"python {sys.version_info[0]}.{sys.version_info[1]}".encode())
    return h.hexdigest()


def literal_needs(pattern: str, flags: int = re.IGNORECASE) -> tuple[_Need, ...]:
    """``_literal_needs``, taken from the derived cache when it has the answer (session 22: reading the
    needs of the reader's ~500 regexes was a tenth of its load)."""
    got = NEEDS_KNOWN.get((flags, pattern))
    if got is None:
        got = _literal_needs(pattern, flags)
    if NEEDS_SEEN is not None:
        NEEDS_SEEN[(flags, pattern)] = got
    return got


def _literal_needs(pattern: str, flags: int = re.IGNORECASE) -> tuple[_Need, ...]:
    """What a lower-cased ASCII text must hold for ``re.compile(pattern, re.IGNORECASE)`` to find a match in
    it (session 18): for each need, one of its strings, found as ``passes`` says; the most selective needs
    first. The strings are read from the parsed regex (``re._parser``); what it cannot read gives no need,
    so a pattern it cannot read at all gives none and runs on every text. Only for ASCII texts: under
    IGNORECASE a few other characters match ASCII letters ("\u017f" matches "s")."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        needs: list[_Need] = []
        _walk(_parser.parse(pattern, flags), False, False, needs)
    except Exception:  # another Python's private parser: no needs, the regex runs on every text
        return ()
    # the set lookups first (whole words), then substring tests, then word pairs; the most selective first
    # (session 22: ties in the order of their strings, not of the set, so that every process, and the
    # derived cache, gives the same order)
    cost = {_WHOLE: 0, _ANYWHERE: 1, _LINE: 2}
    return tuple(sorted(set(needs), key=lambda n: (max(cost[h] for h, _s in n), -_score(n), sorted(n))))


#: a need as ``passes`` tests it: its whole words, its strings found anywhere, its word pairs as they
#: stand in ``Words.line``
_Test = tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]


def need_tests(needs: Iterable[_Need]) -> tuple[_Test, ...]:
    """``needs`` in the form ``passes`` tests them."""
    return tuple(
        (
            frozenset(s for how, s in need if how == _WHOLE),
            tuple(s for how, s in need if how == _ANYWHERE),
            tuple(s for how, s in need if how == _LINE),
        )
        for need in needs
    )


def in_windows(needs: Iterable[_Need]) -> list[_Need]:
    """``needs`` for a regex that is also run on part of a text (``finditer(text, pos, endpos)``, the number
    rules' windows): the regex there sees the text end at ``endpos`` (a word cut there reads as whole), not
    at ``pos`` (the characters before it are looked at). So a word is only known to start where the needs
    say it starts and ends: a whole word is a word's start, a word pair loses its space after."""
    return [
        frozenset(
            (_LINE, " " + s) if how == _WHOLE else (how, s.rstrip(" ") if how == _LINE else s)
            for how, s in need
        )
        for need in needs
    ]


class Words:
    """A lower-cased ASCII text's words, for ``passes``: as a set, and in order between spaces; and the
    answers of ``passes`` for this text so far, by need number (session 19: one ``Words`` per
    reading serves the takebacks and the number rules)."""

    __slots__ = ("low", "words", "line", "seen")

    def __init__(self, low: str):
        tokens = _ASCII_WORDS.findall(low)
        self.low = low
        self.words = set(tokens)
        self.line = " " + " ".join(tokens) + " "
        self.seen: dict[int, bool] = {}

    def relowered(self, low: str) -> Words:
        """The ``Words`` of ``low``, a text with the same words in the same order as this one's (this one's
        with some characters outside the words changed, ``_split_joiners``): its own ``low`` and answers, the
        words and the line shared (session 24, spd)."""
        out = Words.__new__(Words)
        out.low, out.words, out.line, out.seen = low, self.words, self.line, {}
        return out


#: session 19: every need that ``need_ids`` has numbered, once each, and its number; the numbers are the
#: keys of ``Words.seen`` (one numbering for the whole process, so any rules may share a text's ``Words``)
_NEED_IDS: dict[_Need, int] = {}
_NEED_TESTS: list[_Test] = []
#: session 23: per need number, its word-pair strings grouped by their first word (None: a string that does
#: not start with a whole word; ``_pair_groups``)
_NEED_PAIRS: list[tuple[tuple[str | None, tuple[str, ...]], ...]] = []


def _pair_groups(pairs: tuple[str, ...]) -> tuple[tuple[str | None, tuple[str, ...]], ...]:
    """``pairs`` (strings looked for in ``Words.line``) grouped by their first word, in first-seen order: a
    string " w ..." can be in the line (its words between single spaces) only where the text has the word
    w, so a group is searched only when ``Words.words`` holds its word (session 23: most texts have few of
    the words, and a search walks the whole line)."""
    groups: dict[str | None, list[str]] = {}
    for s in pairs:
        j = s.find(" ", 1)
        first = s[1:j] if s.startswith(" ") and j > 0 else None
        groups.setdefault(first, []).append(s)
    return tuple((k, tuple(v)) for k, v in groups.items())


def need_ids(needs: Iterable[_Need]) -> tuple[int, ...]:
    """The numbers of ``needs`` for ``passes`` (each need numbered on first sight), in the order given.
    Session 19: the one analyser of the number rules (their own since session 14, ``_Prefilter``), the
    rewrites and the takebacks is ``literal_needs``; a need is tested at most once a text, as many rules
    share one (a digit, 'mmhg')."""
    out: list[int] = []
    for need in needs:
        i = _NEED_IDS.get(need)
        if i is None:
            i = _NEED_IDS[need] = len(_NEED_TESTS)
            _NEED_TESTS.extend(need_tests((need,)))
            _NEED_PAIRS.append(_pair_groups(_NEED_TESTS[i][2]))
        if i not in out:
            out.append(i)
    return tuple(out)


def passes(ids: tuple[int, ...], text: Words) -> bool:
    """Whether ``text`` holds every need of ``ids`` (``need_ids``): one of each need's strings as a whole
    word, anywhere in it, or as two words in a row (the second whole, or its start); False: the regex cannot
    match there. The answers are kept in ``text.seen``. Session 19: the one need test of the rewrites, the
    takebacks and the number rules (the rewrites' own ``holds`` of session 18 tested the same)."""
    seen = text.seen
    for i in ids:
        ok = seen.get(i)
        if ok is None:
            whole, anywhere, pairs = _NEED_TESTS[i]
            ok = seen[i] = bool(
                (whole and not text.words.isdisjoint(whole))
                or (anywhere and any(map(text.low.__contains__, anywhere)))
                or (pairs and _has_pair(_NEED_PAIRS[i], text))
            )
        if not ok:
            return False
    return True


def _has_pair(groups: tuple[tuple[str | None, tuple[str, ...]], ...], text: Words) -> bool:
    """Whether ``text.line`` holds one of the strings of ``groups`` (``_pair_groups``)."""
    words, line = text.words, text.line
    for first, strings in groups:
        if (first is None or first in words) and any(map(line.__contains__, strings)):
            return True
    return False


class Normalizer:
    """Applies the lexicon to text, word by word, and records how offsets move."""

    def __init__(self, lexicon: LexiconFile, vocabulary: Iterable[str] = ()):
        self.cs = dict(lexicon.abbreviations_case_sensitive)
        self.ci = {k.lower(): v for k, v in lexicon.abbreviations.items()}
        self.typos = {k.lower(): v for k, v in lexicon.typos.items()}
        self.spelling = {k.lower(): v for k, v in lexicon.spelling.items()}
        #: session 16: words of other languages (``lexicon.yaml: other_languages``), looked up last
        self.foreign = {k.lower(): v for words in lexicon.other_languages.values() for k, v in words.items()}
        self.delete = {w.lower() for w in lexicon.delete}
        #: session 15: words read differently inside a wording ("can neither X nor Y" -> "can not X or Y")
        self.rewrites = [
            (re.compile(r.pattern, re.IGNORECASE), {k.lower(): v for k, v in r.words.items()})
            for r in lexicon.rewrites
        ]
        #: session 18: per rewrite, the literal words and strings its regex needs (``literal_needs``), then a
        #: word it replaces (a match changes the text only where it holds one: so the old test, below); as
        #: need numbers for ``passes`` (session 19: the one need test of the rewrites, takebacks and numbers)
        self._needs = [
            need_ids((*literal_needs(r.pattern), frozenset((_ANYWHERE, k) for k in ws)))
            for r, (_pat, ws) in zip(lexicon.rewrites, self.rewrites, strict=True)
        ]
        #: session 26 (sp3): per rewrite, its forms for an ASCII text lower-cased
        #: (``numbers.LazyAsciiLowered``, worked out on first use; None for a pattern with flags other than
        #: IGNORECASE): an IGNORECASE regex in Unicode mode folds each character it compares through Python's
        #: character tables, and it is tried at every place of the text
        from legdx.text.numbers import LazyAsciiLowered

        self._rewrites_low = [
            LazyAsciiLowered(pat) if not pat.flags & ~(re.IGNORECASE | re.UNICODE) else None
            for pat, _ws in self.rewrites
        ]
        #: session 22 (fxd): emoji written in place of a word (``lexicon.yaml: symbols``), as one regex
        self.symbols = {k.replace("\ufe0f", ""): v for k, v in lexicon.symbols.items()}
        self._symbol_re = (
            re.compile(
                "(" + "|".join(re.escape(k) for k in sorted(self.symbols, key=len, reverse=True)) + ")"
                + _SYMBOL_TAIL
            )
            if self.symbols
            else None
        )
        self.min_fuzzy = lexicon.fuzzy.min_length
        self.protect = {w.lower() for w in lexicon.fuzzy.protect}
        self.vocab: set[str] = set()
        self._index: dict[str, set[str]] = {}
        self.add_vocabulary(lexicon.extra_vocabulary)
        self.add_vocabulary(vocabulary)
        self._cache: dict[str, str | None] = {}
        self._words: dict[str, str | None] = {}
        self._words_for: dict[str, str | None] | None = None  # the ``_cache`` that ``_words`` goes with
        #: session 22: phrases normalised before (the derived cache's tables, by ``state_key``), used while
        #: the reader is built (``use_phrases``); and, while that cache is built, every phrase normalised
        self._phrases: dict[str, dict[str, str]] | None = None
        self._phrases_seen: dict[str, dict[str, str]] | None = None
        self._phrase_for: dict[str, str | None] | None = None  # the ``_cache`` the two tables below go with
        self._phrase_table: dict[str, str] = {}
        self._phrase_seen_table: dict[str, str] | None = None

    def add_vocabulary(self, words: Iterable[str]) -> None:
        for phrase in words:
            for w in _WORD.findall(phrase.lower()):
                if not w.isalpha() or w in self.vocab:
                    continue
                self.vocab.add(w)
                if len(w) >= self.min_fuzzy - 1:
                    self._index.setdefault(w, set()).add(w)
                    for d in _deletes(w):
                        self._index.setdefault(d, set()).add(w)
        self._cache = {}
        self._words = {}

    def protect_words(self, words: Iterable[str]) -> None:
        self.protect.update(w.lower() for w in words)
        self._cache = {}
        self._words = {}

    def _fuzzy(self, low: str) -> str | None:
        if len(low) < self.min_fuzzy or not low.isalpha() or low in self.vocab or low in self.protect:
            return None
        cands: set[str] = set(self._index.get(low, ()))
        for d in _deletes(low):
            cands |= self._index.get(d, set())
        best = [c for c in cands if abs(len(c) - len(low)) <= 1 and _osa(c, low) == 1]
        if len(best) == 1:
            return best[0]
        return None

    def replacement(self, word: str) -> str | None:
        """The normalised form of one word, or None to keep it."""
        if word == "?":
            return self.cs.get("?")
        if "\u2019" in word:
            # session 22 (fxd, probe session22_vc:42): a phone's curly apostrophe ("can\u2019t") is read as
            # the straight one the lexicon and the rules are written with ("can't": "cannot")
            straight = word.replace("\u2019", "'")
            rep = self.replacement(straight)
            return straight if rep is None else rep
        if word in self.cs:
            return self.cs[word]
        low = word.lower()
        if low in self.delete:
            return ""
        if low in self._cache:
            return self._cache[low]
        out = self.ci.get(low) or self.typos.get(low) or self.spelling.get(low) or self.foreign.get(low)
        if out is None and low.endswith("s") and low[:-1] in self.spelling:
            out = self.spelling[low[:-1]] + "s"
        if out is None:
            out = self._fuzzy(low)
            if out is not None and out in self.spelling:
                out = self.spelling[out]
        if out is None and "/" in word and not word.startswith("/") and not word.endswith("/"):
            # "DP/PT", "RF/anti": read each side of the slash on its own; a unit ("mmol/L", "L/min") is
            # not split ("L" there is litres, not left)
            parts = word.split("/")
            if parts[0].lower() not in _UNIT_NUMERATORS and parts[-1].lower() not in _UNIT_DENOMINATORS:
                reps = [self.replacement(w) for w in parts]
                if any(r is not None for r in reps):
                    out = "/".join(p if r is None else r for p, r in zip(parts, reps, strict=True))
        # cached after the slash reading, so that every occurrence of a word reads the same (until session
        # 5 the cache kept None first, and only a word's first occurrence in a process was split)
        self._cache[low] = out
        return out

    def _overrides(self, text: str, words: Words | None = None) -> dict[int, str] | None:
        """Start offset -> replacement of the words that ``lexicon.yaml: rewrites`` replace in ``text``.
        ``words``: the ``Words`` of a text, used when it is ``text``'s (session 24, spd: the reader's, made
        once a reading for the rewrites, the takebacks and the number rules)."""
        low = text.lower()
        out: dict[int, str] | None = None
        if words is not None and words.low != low:
            words = None
        ascii_text = text.isascii()
        plain = ascii_text and _SEPARATORS.search(low) is None
        for (pat, ws), needs, lazy in zip(self.rewrites, self._needs, self._rewrites_low, strict=True):
            if ascii_text:  # session 18: a text without what the regex needs skips it
                if words is None:
                    words = Words(low)
                if needs and not passes(needs, words):
                    continue
            elif not any(k in low for k in ws):  # nor does one without a word to replace (speed)
                continue
            # session 26 (sp3): an ASCII text's matches looked for in its lower case (the same places; the
            # words of a match are read in the text as written, as before)
            fast = lazy.get(plain) if ascii_text and lazy is not None else None
            for m in fast.finditer(low) if fast is not None else pat.finditer(text):
                for w in _TOKEN.finditer(text[m.start() : m.end()]):
                    rep = ws.get(w.group().lower())
                    if rep is not None:
                        if out is None:
                            out = {}
                        out[m.start() + w.start()] = rep
        return out

    def _edits(self, text: str, text_words: Words | None = None) -> Iterator[tuple[int, int, str]]:
        """The edits that normalise ``text`` (already hyphen-split), in order: ``(start, end, replacement)``;
        a filler word is replaced by "" together with the spaces after it. ``text_words``: ``_overrides``'s
        ``words``."""
        if self._words_for is not self._cache:  # the cache was replaced: so is the word cache
            self._words = {}
            self._words_for = self._cache
        words = self._words
        override = self._overrides(text, text_words) if self.rewrites else None
        for m in _TOKEN.finditer(text):
            word = m.group()
            # ``replacement`` by the word as written, cached (session 9: it depends on nothing else until the
            # vocabulary or the protected words change, which replaces ``_cache`` and so empties this one)
            rep: str | None
            if override and m.start() in override:  # session 15: a word a rewrite replaces
                rep = override[m.start()]
            elif word in words:
                rep = words[word]
            else:
                rep = self.replacement(word)
                if len(words) > 50000:
                    words.clear()
                words[word] = rep
            if rep is None:
                continue
            start, end = m.start(), m.end()
            if word == "?":
                rep = rep + " "
            if rep == "":
                if start > 0 and text[start - 1].isalnum():
                    continue  # glued to what precedes it ("3am"): not a filler word
                while end < len(text) and text[end] == " ":
                    end += 1
            yield start, end, rep

    def _decode(self, text: str) -> tuple[str, OffsetMap | None]:
        """Session 16: ``text`` with markup decoded (``_MARKUP``), words cut by a line break joined
        (``_CUT_WORD``), spoken punctuation made marks (``_SPOKEN_PUNCT``, session 19), and the map back to
        ``text`` (None when nothing changed: the usual case, found by a few substring tests)."""
        edits: list[tuple[int, int, str]] = []
        if "&" in text or "<" in text:
            for m in _MARKUP.finditer(text):
                tok = m.group()
                rep = "\n" if tok.startswith("<") else html.unescape(tok).replace("\xa0", " ")
                edits.append((m.start(), m.end(), rep))
        if "\n" in text:
            for m in _CUT_WORD.finditer(text):
                first, second = m.group(1), m.group(2)
                joined = (first + second).lower()
                if len(joined) >= 5 and joined in self.vocab and second not in self.vocab:
                    edits.append((m.start(), m.end(), first + second))
        if "- " in text or "-\t" in text:
            for m in _CUT_WORD_SPACE.finditer(text):
                first, second = m.group(1).lower(), m.group(2)
                joined = first + second
                if (
                    len(joined) >= 5
                    and joined in self.vocab
                    and not (first in self.vocab and second in self.vocab)
                ):
                    edits.append((m.start(), m.end(), m.group(1) + second))
        if not text.isascii():
            self._decode_unicode(text, edits)
        low = text.lower()
        if "comma" in low or "full stop" in low or "new paragraph" in low:
            for m in _SPOKEN_PUNCT.finditer(text):
                edits.append((m.start(), m.end(), "," if m.group(1) else "."))
                if m.group(2):
                    nxt = _AFTER_SPOKEN_STOP.match(text, m.end())
                    if nxt:
                        edits.append((nxt.start(1), nxt.end(1), nxt.group(1).upper()))
        if ". " in text and (not text.isascii() or _ONE_WORD_RUN_GATE.search(low) is not None):
            for m in _ONE_WORD_RUN.finditer(text):
                for d in _ONE_WORD_STOP.finditer(m.group()):
                    edits.append((m.start() + d.start(), m.start() + d.end(), ","))
        if " of 5" in text or " of five" in low:
            for m in _GRADE_IN_WORDS.finditer(text):
                if _GRADE_CONTEXT.search(text, max(0, m.start() - 40), m.start()) or _GRADE_CONTEXT.search(
                    text, m.end(), m.end() + 30
                ):
                    edits.append((m.start(), m.end(), m.group(1) + "/5"))
        if not edits:
            return text, None
        edits.sort()
        # an overlapping edit is dropped (cannot happen: markup has no letters before a line break)
        return apply_edits(text, ((start, end, ((rep, start, end - start),)) for start, end, rep in edits))

    def _decode_unicode(self, text: str, edits: list[tuple[int, int, str]]) -> None:
        """Session 22 (fxd): the edits for ligatures and fullwidth letters (``_COMPAT_LETTERS``), characters
        that show nothing (``_INVISIBLE``) and emoji in place of words (``symbols``), added to ``edits``."""
        for m in _COMPAT_LETTERS.finditer(text):
            edits.append((m.start(), m.end(), unicodedata.normalize("NFKC", m.group())))
        for m in _INVISIBLE.finditer(text):
            start, end = m.span()
            rep = ""
            if m.group() != "\u00ad" * len(m.group()):
                left = _LETTERS_BEFORE.search(text, max(0, start - 40), start)
                right = _LETTERS_AFTER.match(text, end)
                if left and right and (left.group() + right.group()).lower() not in self.vocab:
                    rep = " "
            edits.append((start, end, rep))
        if self._symbol_re is None:
            return
        for m in self._symbol_re.finditer(text):
            start, end = m.span()
            if m.group(1) in _SHAPES and not text[text.rfind("\n", 0, start) + 1 : start].strip():
                continue  # a bullet
            word = self.symbols[m.group(1)]
            if start > 0 and (text[start - 1].isalnum() or not text[start - 1].isascii()):
                word = " " + word
            if end < len(text) and (text[end].isalnum() or not text[end].isascii()):
                word = word + " "
            edits.append((start, end, word))

    def normalize(self, text: str, words: Words | None = None) -> tuple[str, OffsetMap]:
        """Normalised text and the map back to ``text``'s offsets. ``words``: ``Words`` of the lower-cased
        text when the caller has them (used only when the text is that one after decoding)."""
        decoded, base = self._decode(text)
        joined = _split_joiners(decoded)
        if words is not None and joined is not decoded:
            # a joiner made a space: the same words (none of ``_JOINERS`` is a word character) when the
            # decoded text is the text the words are of
            words = words.relowered(joined.lower()) if decoded == text else None
        text = joined
        edits = ((start, end, ((rep, start, end - start),)) for start, end, rep in self._edits(text, words))
        new, om = apply_edits(text, edits)
        if not om.pieces:
            om.add(len(new), 0, len(text), 0)
        om.base = base
        return new, om

    def state_key(self) -> str:
        """A hash of everything ``normalize_phrase`` depends on: the code (``code_key``), the lexicon's
        tables, the vocabulary and the protected words (session 22: the derived cache's phrase tables are
        keyed by it, so a table made before any of them changed is never used)."""
        parts = [
            code_key(),
            sorted(self.cs.items()),
            sorted(self.ci.items()),
            sorted(self.typos.items()),
            sorted(self.spelling.items()),
            sorted(self.foreign.items()),
            sorted(self.delete),
            [(p.pattern, p.flags, sorted(ws.items())) for p, ws in self.rewrites],
            self.min_fuzzy,
            sorted(self.vocab),
            sorted(self.protect),
        ]
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()

    def use_phrases(
        self, tables: dict[str, dict[str, str]] | None, seen: dict[str, dict[str, str]] | None = None
    ) -> None:
        """Session 22: take ``normalize_phrase``'s answers from ``tables`` (by ``state_key``; a phrase or a
        state not there is normalised as before), and record every answer in ``seen``; None, None: off."""
        self._phrases, self._phrases_seen = tables, seen
        self._phrase_for = None

    def normalize_phrase(self, phrase: str) -> str:
        """A rule's phrase normalised the same way as text, lower-cased (``normalize`` without the offset
        map: the reader normalises thousands of phrases when it is built). Session 22: while the reader is
        built, from the derived cache's table for the normaliser's state when it has the phrase."""
        if self._phrases is None and self._phrases_seen is None:
            return self._normalize_phrase(phrase)
        if self._phrase_for is not self._cache:  # the vocabulary or the protected words changed
            self._phrase_for = self._cache
            key = self.state_key()
            self._phrase_table = (self._phrases or {}).get(key, {})
            seen = self._phrases_seen
            self._phrase_seen_table = seen.setdefault(key, {}) if seen is not None else None
        got = self._phrase_table.get(phrase)
        if got is None:
            got = self._normalize_phrase(phrase)
        if self._phrase_seen_table is not None:
            self._phrase_seen_table[phrase] = got
        return got

    def _normalize_phrase(self, phrase: str) -> str:
        text = _split_joiners(phrase)
        out: list[str] = []
        opos = 0
        for start, end, rep in self._edits(text):
            out.append(text[opos:start])
            out.append(rep)
            opos = end
        out.append(text[opos:])
        return "".join(out).lower()
