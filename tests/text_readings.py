"""Shared helpers for the free-text floor and look-alike tests (tests/test_text_session1*_*.py): read a
text with the default reader (fast semantic layer on) or the rules alone, assess it, and compare triage
levels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from legdx.knowledge.schema import TRIAGE_ORDER

#: the two reading modes every floor is checked in: the fast semantic layer on (default) and the rules alone
MODES = [True, False]

#: a test run in both modes, its ids naming them ("fast", "rules")
BOTH_MODES = pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])


def read(text: str, fast: bool):
    """The reader's result for ``text`` (findings, case) in the given mode."""
    from legdx.text.reader import get_reader

    return get_reader(fast_semantic=fast).read(text)


def _states(findings) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in findings:
        out.setdefault(f.id, set()).add(f.state)
    return out


def states(text: str, fast: bool) -> dict[str, set[str]]:
    """finding id -> states read for ``text`` (the reading alone, no assessment)."""
    return _states(read(text, fast).findings)


def assess(text: str, fast: bool) -> tuple[str, set[str], dict[str, set[str]]]:
    """(triage level, red-flag ids, finding id -> states read) for ``text``."""
    import legdx

    res = read(text, fast)
    a = legdx.assess(res.case)
    return a.triage.level, {f.id for f in a.red_flags}, _states(res.findings)


def at_least(level: str, floor: str) -> bool:
    """True when ``level`` is as urgent as ``floor`` or more."""
    return TRIAGE_ORDER.index(level) <= TRIAGE_ORDER.index(floor)


def is_emergency(level: str) -> bool:
    return level in ("emergency_ambulance", "emergency")


def check_floor(text: str, fast: bool, floor: str, flag: str | None = None) -> None:
    """Assert that ``text`` is triaged at ``floor`` or more urgently and, when ``flag`` is given, that it
    raises that red flag."""
    level, flags, _ = assess(text, fast)
    assert at_least(level, floor), (text, fast, level, sorted(flags))
    if flag is not None:
        assert flag in flags, (text, fast, level, sorted(flags))


def check_not_emergency(text: str, fast: bool) -> None:
    """Assert that ``text`` is not triaged at an emergency level."""
    level, flags, _ = assess(text, fast)
    assert not is_emergency(level), (text, fast, level, sorted(flags))


def probe_line(name: str, line: int) -> tuple[str, str]:
    """A probe line (tests/fixtures/probes/``name``, 1-based ``line``) as (level, text), ``\\n`` read as a
    line break (session 16: the fix helpers' tests read the probe lines they fixed)."""
    path = Path(__file__).parent / "fixtures" / "probes" / name
    level, _, text = path.read_text(encoding="utf-8").splitlines()[line - 1].partition("|")
    return level, text.replace("\\n", "\n")


def cue_gate(reader: Any = None) -> Any:
    """``reader``'s own ConText cue gate (default: the default reader's), looked up by its ConText's key as
    the reader's pipeline does (``reader._register_newline_component``). Every reader has its own spaCy
    vocabulary; the first gate found in ``reader._MATCHERS`` is the first reader's built in the process, and
    on another reader's docs it fails with spaCy's E018 "Can't retrieve string for hash" (session 23 kh)."""
    import legdx.text.reader as rd

    r = rd.get_reader() if reader is None else reader
    return rd._MATCHERS[f"c{id(r.context)}:gate"]


def cue_gate_docs(texts: list[str]) -> list[Any]:
    """The docs the default reader's ConText cue gate (``reader._CueGate.matches``) sees while it reads
    ``texts`` (the speed tests compare the gate with medspaCy's matcher on them)."""
    import legdx.text.reader as rd

    r = rd.get_reader()
    docs: list[Any] = []
    orig = rd._CueGate.matches

    def hook(self: Any, doc: Any) -> Any:
        docs.append(doc)
        return orig(self, doc)

    rd._CueGate.matches = hook  # type: ignore[method-assign]
    try:
        for t in texts:
            r.read(t)
    finally:
        rd._CueGate.matches = orig  # type: ignore[method-assign]
    return docs


def context_path_pair(fast_semantic: bool) -> tuple[Any, Any]:
    """A reader with the session-7 fast ConText path and one with medspaCy's plain path (as
    test_text_reader.py::test_session7_speed_paths_read_like_the_plain_ones builds them)."""
    import legdx.text.reader as rd

    fast = rd.Reader(fast_semantic=fast_semantic)
    saved = rd._flag_word_sets, rd._context_fast_ok
    rd._flag_word_sets = lambda *a, **k: None  # type: ignore[assignment]
    rd._context_fast_ok = lambda ctx: False  # type: ignore[assignment]
    try:
        slow = rd.Reader(fast.rules, fast.kb, fast_semantic=fast_semantic)
    finally:
        rd._flag_word_sets, rd._context_fast_ok = saved
    assert fast._fast_context and not slow._fast_context
    return fast, slow


def context_path_pairs() -> dict[bool, tuple[Any, Any]]:
    """Per fast_semantic mode: the fast and the plain ConText path readers (context_path_pair)."""
    return {fs: context_path_pair(fs) for fs in MODES}
