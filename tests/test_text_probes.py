"""The session-11 probe lines (tests/fixtures/probes): no urgent line is read less urgently than its level."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("medspacy")

from legdx.knowledge.schema import TRIAGE_ORDER  # noqa: E402

PROBES = Path(__file__).parent / "fixtures" / "probes"
URGENT = ("emergency_ambulance", "emergency", "consultation_24")
#: known misses with the default reader (session 11's last two probe files, read once and not all fixed):
#: a puffy shiny calf after two days on a coach (one Wells item read), a carer's "legs feel like they belong
#: to someone else" with bone metastases (no deficit finding that escalates the flag), "not really, just my
#: left leg's got weaker" (the answer's "not really" is read, the weaker leg is not)
KNOWN = {
    "Q: Is it both legs or one?",
    "carer: Mr D has kidney cancer",
    "Q: Anything new since your last visit?",
}
#: and further with the rules alone (no fast layer): a swollen red calf after a long flight (one Wells item),
#: and three of the neurological probe file's
RULES_ALONE_KNOWN = KNOWN | {
    "my left calf is swole up big and red",
    "Q: Anything else apart from the calf cramp",
    "My brother 40 years, after vomit and diarrhea",
    "Q: What colour is your urine?",
}


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
    assert len(LINES) == 480
    assert sum(level in URGENT for _, level, _ in LINES) == 342


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
            if any(text.startswith(k) for k in (KNOWN if fast else RULES_ALONE_KNOWN)):
                continue
            under.append((where, level, got, text[:60]))
    assert under == []
