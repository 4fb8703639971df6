"""Shared helpers for the free-text floor and look-alike tests (tests/test_text_session1*_*.py): read a
text with the default reader (fast semantic layer on) or the rules alone, assess it, and compare triage
levels."""

from __future__ import annotations

from legdx.knowledge.schema import TRIAGE_ORDER

#: the two reading modes every floor is checked in: the fast semantic layer on (default) and the rules alone
MODES = [True, False]


def read(text: str, fast: bool):
    """The reader's result for ``text`` (findings, case) in the given mode."""
    from legdx.text.reader import get_reader

    return get_reader(fast_semantic=fast).read(text)


def assess(text: str, fast: bool) -> tuple[str, set[str], dict[str, set[str]]]:
    """(triage level, red-flag ids, finding id -> states read) for ``text``."""
    import legdx

    res = read(text, fast)
    a = legdx.assess(res.case)
    states: dict[str, set[str]] = {}
    for f in res.findings:
        states.setdefault(f.id, set()).add(f.state)
    return a.triage.level, {f.id for f in a.red_flags}, states


def at_least(level: str, floor: str) -> bool:
    """True when ``level`` is as urgent as ``floor`` or more."""
    return TRIAGE_ORDER.index(level) <= TRIAGE_ORDER.index(floor)


def is_emergency(level: str) -> bool:
    return level in ("emergency_ambulance", "emergency")
