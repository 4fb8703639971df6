"""The words of ``legdx ask`` (``ask/data/lexicon.yaml``): tokenising, question kinds, what-if phrases.

Everything here is data validated on load; the code only applies it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from legdx.knowledge.loader import load_yaml


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WhatIfPhrase(_Strict):
    pattern: str
    set: dict[str, str] = Field(description="finding id -> present | absent")
    says: str = Field(description="how the change is described back to the user")

    @field_validator("set")
    @classmethod
    def _states(cls, v: dict[str, str]) -> dict[str, str]:
        bad = {k: s for k, s in v.items() if s not in ("present", "absent")}
        if bad:
            raise ValueError(f"states must be present or absent: {bad}")
        return v


class WhatIfNumber(_Strict):
    pattern: str = Field(description="regular expression; the last group is the number")
    variable: str
    name: str = Field(description="how the value is named back to the user")
    left: str | None = Field(default=None, description="the variable when the change names the left side")
    right: str | None = Field(default=None, description="the variable when the change names the right side")
    highest: str | None = Field(default=None, description="the highest-side variable, kept consistent")
    min: float
    max: float


class Lexicon(_Strict):
    phrases: dict[str, list[str]]
    words: dict[str, str]
    stopwords: list[str]
    presentation_cues: list[str]
    what_if_cues: list[str]
    what_if_phrases: list[WhatIfPhrase]
    what_if_numbers: list[WhatIfNumber]
    negations: list[str]
    filler: list[str] = Field(description="words a what-if may leave over without anything being missed")


class Compiled:
    """The lexicon with its regular expressions compiled and its phrase table indexed."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.stop = frozenset(lex.stopwords)
        self.words = dict(lex.words)
        # phrase table: first word -> [(tuple of words, canonical)], longest first
        table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for canon, phrases in lex.phrases.items():
            for ph in phrases:
                words = tuple(_raw_words(ph))
                if words:
                    table.setdefault(words[0], []).append((words, canon))
        for entries in table.values():
            entries.sort(key=lambda e: -len(e[0]))
        self.phrase_table = table
        self.presentation = [re.compile(p, re.I) for p in lex.presentation_cues]
        self.what_if = [re.compile(p, re.I) for p in lex.what_if_cues]
        self.what_if_phrases = [(re.compile(p.pattern, re.I), p) for p in lex.what_if_phrases]
        self.what_if_numbers = [(re.compile(n.pattern, re.I), n) for n in lex.what_if_numbers]
        self.negation = re.compile("|".join(lex.negations), re.I)
        self.filler = frozenset(stem(w) for w in lex.filler)

    # --- tokenising --------------------------------------------------------------------------------

    def tokens(self, text: str) -> list[str]:
        """Lower-cased, phrase-folded, stop-word-free, lightly stemmed tokens."""
        raw = _raw_words(text)
        out: list[str] = []
        i = 0
        while i < len(raw):
            w = raw[i]
            hit = None
            for words, canon in self.phrase_table.get(w, ()):
                if tuple(raw[i : i + len(words)]) == words:
                    hit = (len(words), canon)
                    break
            if hit:
                out.append(hit[1])
                i += hit[0]
                continue
            i += 1
            w = self.words.get(w, w)
            if w in self.stop:
                continue
            out.append(stem(w))
        return out


_WORD = re.compile(r"\d+(?:\.\d+)?|[a-z0-9]+")


def _raw_words(text: str) -> list[str]:
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    t = t.replace("'", " ")
    return _WORD.findall(t)


def stem(w: str) -> str:
    """A deliberately light suffix stripper (the same on statements and questions)."""
    if len(w) <= 3 or w[0].isdigit():
        return w
    s = _strip_suffix(w)
    return s[:-1] if len(s) > 4 and s.endswith("e") else s


def _strip_suffix(w: str) -> str:
    for suf, rep, min_len in (
        ("ies", "y", 5),
        ("sses", "ss", 5),
        ("ing", "", 6),
        ("ed", "", 5),
        ("es", "e", 5),
        ("s", "", 4),
    ):
        if w.endswith(suf) and len(w) >= min_len:
            if suf == "s" and (w.endswith("ss") or w.endswith("us") or w.endswith("is")):
                return w
            if suf == "es" and not w.endswith(("ses", "zes", "ches", "shes", "xes")):
                return w[:-1]
            out = w[: len(w) - len(suf)] + rep
            if suf in ("ing", "ed") and len(out) > 3 and out[-1] == out[-2] and out[-1] not in "lsz":
                out = out[:-1]  # scanned -> scan, stopping -> stop
            return out
    return w


def lexicon_text() -> str:
    return (resources.files("legdx.ask") / "data" / "lexicon.yaml").read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def default_lexicon() -> Compiled:
    raw: Any = load_yaml(lexicon_text(), "ask/data/lexicon.yaml")
    return Compiled(Lexicon.model_validate(raw))
