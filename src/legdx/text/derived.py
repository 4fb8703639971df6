"""The derived cache (session 22): answers the reader works out from its rules each time it is built,
stored in ``data/rules_derived.json`` so that a new process takes them instead of working them out again.

Building a ``Reader`` normalises ~10,000 rule phrases (``Normalizer.normalize_phrase``) and reads what
~500 regexes need (``normalize.literal_needs``); together about a third of its load. The cache holds:

- ``phrases``: per state of the normaliser (``Normalizer.state_key``: a hash of normalize.py's code, the
  Python version, the lexicon's tables, the vocabulary and the protected words), each phrase normalised in
  that state: ``same`` lists the phrases that normalise to themselves lower-cased, ``other`` maps the rest;
- ``needs``: per regex (its flags and pattern), what a text must hold for it to match, under ``code``
  (normalize.py's code and the Python version, ``normalize.code_key``).

Every answer is keyed by all it depends on, so a changed rule file, lexicon, knowledge base or normaliser
never meets an old answer: a phrase or state not in the cache is worked out as before (the same result,
slower). A missing or unreadable file, or one of another format, is the same as an empty one.
``scripts/build_rules_cache.py`` writes it with ``rules_cache.json``; ``tests/test_text_session22_spload.py``
fails until it is current. JSON, reviewable: the phrases and needs are plain strings.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sys
from collections.abc import Iterator
from typing import Any

from legdx.text import normalize
from legdx.text.rules import data_dir

DERIVED_FILE = "rules_derived.json"
DERIVED_FORMAT = 1

#: while the cache is built (``recording``): the phrase tables seen, by state key; None otherwise
_SEEN: dict[str, dict[str, str]] | None = None


def python_version() -> str:
    return f"{sys.version_info[0]}.{sys.version_info[1]}"


@functools.lru_cache(maxsize=1)
def _load() -> tuple[dict[str, dict[str, str]], dict[tuple[int, str], tuple[normalize._Need, ...]]]:
    """The cache's phrase tables and needs ({} and {} when it is missing, unreadable, of another format or
    of another normaliser code)."""
    try:
        got = json.loads((data_dir() / DERIVED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, {}
    if (
        not isinstance(got, dict)
        or got.get("format") != DERIVED_FORMAT
        or got.get("code") != normalize.code_key()
    ):
        return {}, {}
    tables: dict[str, dict[str, str]] = {}
    for key, entry in got.get("phrases", {}).items():
        table = {p: p.lower() for p in entry.get("same", [])}
        table.update(entry.get("other", {}))
        tables[key] = table
    needs = {
        (flags, pattern): tuple(frozenset((how, s) for how, s in need) for need in got_needs)
        for flags, pattern, got_needs in got.get("needs", [])
    }
    return tables, needs


def install() -> dict[str, dict[str, str]] | None:
    """Make the cache's needs known to ``literal_needs``; the phrase tables for ``Normalizer.use_phrases``
    (None while the cache is being built: every phrase is then normalised afresh)."""
    if _SEEN is not None:
        return None
    tables, needs = _load()
    if needs and not normalize.NEEDS_KNOWN:
        normalize.NEEDS_KNOWN.update(needs)
    return tables


def seen() -> dict[str, dict[str, str]] | None:
    """Where a reader being built records the phrases it normalises (only while the cache is built)."""
    return _SEEN


@contextlib.contextmanager
def recording() -> Iterator[tuple[dict[str, dict[str, str]], dict[tuple[int, str], Any]]]:
    """Readers built inside record every phrase they normalise and every regex need they read, worked out
    afresh (the cache's answers are set aside meanwhile)."""
    global _SEEN
    known = dict(normalize.NEEDS_KNOWN)
    normalize.NEEDS_KNOWN.clear()
    phrases: dict[str, dict[str, str]] = {}
    needs: dict[tuple[int, str], Any] = {}
    _SEEN, normalize.NEEDS_SEEN = phrases, needs
    try:
        yield phrases, needs
    finally:
        _SEEN, normalize.NEEDS_SEEN = None, None
        normalize.NEEDS_KNOWN.clear()
        normalize.NEEDS_KNOWN.update(known)


def build_derived() -> str:
    """The text of the derived cache for the package's rules and knowledge base: what the default readers
    (with and without the fast semantic layer) work out while they are built."""
    from legdx.text.reader import Reader

    with recording() as (phrases, needs):
        Reader(fast_semantic=True)
        Reader(fast_semantic=False)
    out_phrases: dict[str, dict[str, Any]] = {}
    for key in sorted(phrases):
        table = phrases[key]
        out_phrases[key] = {
            "same": sorted(p for p, n in table.items() if n == p.lower()),
            "other": {p: n for p, n in sorted(table.items()) if n != p.lower()},
        }
    out_needs = [
        [flags, pattern, [sorted([how, s] for how, s in need) for need in got]]
        for (flags, pattern), got in sorted(needs.items())
    ]
    doc = {
        "format": DERIVED_FORMAT,
        "code": normalize.code_key(),
        "python": python_version(),
        "phrases": out_phrases,
        "needs": out_needs,
    }
    return json.dumps(doc, ensure_ascii=False, indent=0) + "\n"
