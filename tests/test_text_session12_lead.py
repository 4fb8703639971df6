"""Session 12, the lead's own fixes after the helpers' rounds (each names the probe line it came from,
tests/fixtures/probes/session12_<file>.txt). Floors and look-alikes in both reader modes."""

from __future__ import annotations

import pytest

import legdx
from legdx.knowledge.schema import TRIAGE_ORDER
from legdx.text.reader import get_reader

pytest.importorskip("medspacy")

MODES = pytest.mark.parametrize("fast", [True, False], ids=["fast", "rules"])


def _assess(text: str, fast: bool) -> legdx.model.Assessment:
    return legdx.assess(get_reader(fast_semantic=fast).read(text).case)


def _floor(text: str, fast: bool, level: str, flag: str | None = None) -> None:
    a = _assess(text, fast)
    assert TRIAGE_ORDER.index(a.triage.level) <= TRIAGE_ORDER.index(level), (a.triage.level, a.red_flags)
    if flag:
        assert flag in [f.id for f in a.red_flags]


@MODES
@pytest.mark.parametrize("text", ["The lab phoned: CK 48 000 U/L, my thighs still ache after the race.",
                                  "Q: Bloods?\nA: they said my CK was 31 500 and to come straight back"])
def test_ck_with_thousands_grouped_by_a_space(text: str, fast: bool) -> None:
    """pu:17: 'my CK was 52 000' had been read as 52, so a very high CK was read as absent."""
    _floor(text, fast, "emergency", "rhabdomyolysis")


@MODES
def test_a_small_ck_stays_small(fast: bool) -> None:
    a = _assess("CK 52 and my legs ache after the gym", fast)
    assert "rhabdomyolysis" not in [f.id for f in a.red_flags]
