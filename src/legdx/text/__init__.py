"""Free text -> findings with states and evidence spans (the ``[nlp]`` extra: medspaCy on spaCy).

``read_text(text)`` returns a ``TextResult``: ``.case`` (a ``legdx.model.Case`` ready for
``legdx.assess``), ``.findings`` (every mention, with state, span, text and the rule that matched),
``.measurements``, ``.not_understood`` and ``.warnings``. Rules are data in ``legdx/text/data``.
"""

from __future__ import annotations

from legdx.text.reader import (
    Phrase,
    Reader,
    TextFinding,
    TextMeasurement,
    TextResult,
    get_reader,
    read_text,
    reset_reader,
)

__all__ = [
    "Phrase",
    "Reader",
    "TextFinding",
    "TextMeasurement",
    "TextResult",
    "get_reader",
    "read_text",
    "reset_reader",
]
