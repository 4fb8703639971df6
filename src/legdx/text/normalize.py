"""Text normalisation that keeps character offsets: abbreviations, typos, spelling variants.

The reader matches on the normalised text and reports spans in the original text through an
``OffsetMap``. What is replaced comes from ``lexicon.yaml``; this module only applies it.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from legdx.text.rules import LexiconFile

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['\u2019][A-Za-z]+)?(?:/[A-Za-z0-9]+)?\+?")
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
        self.min_fuzzy = lexicon.fuzzy.min_length
        self.protect = {w.lower() for w in lexicon.fuzzy.protect}
        self.vocab: set[str] = set()
        self._index: dict[str, set[str]] = {}
        self.add_vocabulary(lexicon.extra_vocabulary)
        self.add_vocabulary(vocabulary)
        self._cache: dict[str, str | None] = {}
        self._words: dict[str, str | None] = {}
        self._words_for: dict[str, str | None] | None = None  # the ``_cache`` that ``_words`` goes with

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

    def _overrides(self, text: str) -> dict[int, str] | None:
        """Start offset -> replacement of the words that ``lexicon.yaml: rewrites`` replace in ``text``."""
        low = text.lower()
        out: dict[int, str] | None = None
        for pat, ws in self.rewrites:
            if not any(k in low for k in ws):  # a text without a word to replace skips the regex (speed)
                continue
            for m in pat.finditer(text):
                for w in _TOKEN.finditer(m.group()):
                    rep = ws.get(w.group().lower())
                    if rep is not None:
                        if out is None:
                            out = {}
                        out[m.start() + w.start()] = rep
        return out

    def _edits(self, text: str) -> Iterator[tuple[int, int, str]]:
        """The edits that normalise ``text`` (already hyphen-split), in order: ``(start, end, replacement)``;
        a filler word is replaced by "" together with the spaces after it."""
        if self._words_for is not self._cache:  # the cache was replaced: so is the word cache
            self._words = {}
            self._words_for = self._cache
        words = self._words
        override = self._overrides(text) if self.rewrites else None
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
        """Session 16: ``text`` with markup decoded (``_MARKUP``) and words cut by a line break joined
        (``_CUT_WORD``), and the map back to ``text`` (None when nothing changed: the usual case, found by two
        substring tests)."""
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
        if " of 5" in text or " of five" in text.lower():
            for m in _GRADE_IN_WORDS.finditer(text):
                if _GRADE_CONTEXT.search(text, max(0, m.start() - 40), m.start()) or _GRADE_CONTEXT.search(
                    text, m.end(), m.end() + 30
                ):
                    edits.append((m.start(), m.end(), m.group(1) + "/5"))
        if not edits:
            return text, None
        edits.sort()
        om = OffsetMap()
        out: list[str] = []
        npos = opos = 0
        for start, end, rep in edits:
            if start < opos:  # overlapping (cannot happen: markup has no letters before a line break)
                continue
            if start > opos:
                om.add(npos, start - opos, opos, start - opos)
                out.append(text[opos:start])
                npos += start - opos
            om.add(npos, len(rep), start, end - start)
            out.append(rep)
            npos += len(rep)
            opos = end
        if opos < len(text):
            om.add(npos, len(text) - opos, opos, len(text) - opos)
            out.append(text[opos:])
        return "".join(out), om

    def normalize(self, text: str) -> tuple[str, OffsetMap]:
        """Normalised text and the map back to ``text``'s offsets."""
        text, base = self._decode(text)
        text = _split_joiners(text)
        out: list[str] = []
        om = OffsetMap()
        npos = 0
        opos = 0
        for start, end, rep in self._edits(text):
            if start > opos:
                chunk = text[opos:start]
                om.add(npos, len(chunk), opos, len(chunk))
                out.append(chunk)
                npos += len(chunk)
            if rep:
                om.add(npos, len(rep), start, end - start)
                out.append(rep)
                npos += len(rep)
            opos = end
        if opos < len(text) or not om.pieces:
            chunk = text[opos:]
            om.add(npos, len(chunk), opos, len(chunk))
            out.append(chunk)
        om.base = base
        return "".join(out), om

    def normalize_phrase(self, phrase: str) -> str:
        """A rule's phrase normalised the same way as text, lower-cased (``normalize`` without the offset
        map: the reader normalises thousands of phrases when it is built)."""
        text = _split_joiners(phrase)
        out: list[str] = []
        opos = 0
        for start, end, rep in self._edits(text):
            out.append(text[opos:start])
            out.append(rep)
            opos = end
        out.append(text[opos:])
        return "".join(out).lower()
