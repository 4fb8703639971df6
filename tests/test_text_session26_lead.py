"""Session 26 (the lead): the pasted-source takebacks' "A.I." alternative.

spr found that the pasted-source takebacks' ``a\\.i\\.`` alternative, followed by the pattern's ``\\b``,
could never match "A.I." before a space: "The A.I. said ..." was read as the writer's own list while
"The AI said ..." was taken back. Both now read alike, and the writer's own red flag after such a quote keeps
its floor. Our own sentences; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency  # noqa: E402

QUOTE = (
    'My back aches after gardening. The {src} said "numbness around the bottom and trouble passing urine are '
    'warning signs of cauda equina". My legs are fine.'
)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("src", ["A.I.", "A.I", "AI"])
def test_an_ai_quote_is_the_sources_advice(fast, src):
    text = QUOTE.format(src=src)
    check_not_emergency(text, fast)
    assert assess(text, fast)[2].get("saddle_anesthesia") == {"hypothetical"}


@pytest.mark.parametrize("fast", MODES)
def test_the_writers_own_retention_after_an_ai_quote_stays_urgent(fast):
    check_floor(
        'The A.I. said "probably sciatica, rest and ibuprofen". Since this morning I cannot pass urine '
        "and my bottom feels numb.",
        fast,
        "emergency",
    )
