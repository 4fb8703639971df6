"""The session-11 probe lines (tests/fixtures/probes): no urgent line is read less urgently than its level."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("medspacy")

from legdx.knowledge.schema import TRIAGE_ORDER  # noqa: E402

PROBES = Path(__file__).parent / "fixtures" / "probes"
URGENT = ("emergency_ambulance", "emergency", "consultation_24")
#: with the rules alone (no fast layer): a swollen red calf after a long flight needs a second Wells item
RULES_ALONE_KNOWN = {"my left calf is swole up big and red"}


def _lines() -> list[tuple[str, str, str]]:
    out = []
    for path in sorted(PROBES.glob("session11_*.txt")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            level, _, text = line.partition("|")
            assert level in TRIAGE_ORDER and text, f"{path.name}:{n}: not LEVEL|text"
            out.append((f"{path.stem}:{n}", level, text.replace("\\n", "\n")))
    return out


LINES = _lines()


def test_the_probe_files_hold_what_their_readme_says():
    assert len(LINES) == 360
    assert sum(level in URGENT for _, level, _ in LINES) == 222


@pytest.mark.parametrize("fast", [True, False])
def test_no_urgent_probe_line_is_under_triaged(fast):
    import legdx
    from legdx.text.reader import get_reader

    reader = get_reader(fast_semantic=fast)
    under = []
    for where, level, text in LINES:
        if level not in URGENT:
            continue
        got = legdx.assess(reader.read(text).case).triage.level
        if TRIAGE_ORDER.index(got) > TRIAGE_ORDER.index(level):
            if not fast and any(text.startswith(k) for k in RULES_ALONE_KNOWN):
                continue
            under.append((where, level, got, text[:60]))
    assert under == []
