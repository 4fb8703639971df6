"""Follow-up questions answered from the knowledge base, with citations (``legdx ask``, ``POST /v1/ask``).

``ask(question, case=None, text=None, audience="clinician")`` returns an ``AskResponse``: the ``kind``
(``presentation``, ``knowledge``, ``what_if`` or ``out_of_scope``), a one-line ``answer.direct`` with
grouped, cited lines, the full references, and for a what-if what changed and why. Knowledge answers
come from sourced statements (``knowledge/data/statements/*.yaml``) found with BM25 (the ``[ask]``
extra), optionally re-ranked with sentence embeddings (the ``[embeddings]`` extra).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from legdx.ask.answer import NeedsExtra, ask
    from legdx.ask.models import AskResponse

__all__ = ["AskResponse", "NeedsExtra", "ask"]


def __getattr__(name: str) -> Any:
    if name in ("ask", "NeedsExtra"):
        from legdx.ask import answer

        return getattr(answer, name)
    if name == "AskResponse":
        from legdx.ask.models import AskResponse

        return AskResponse
    raise AttributeError(name)
