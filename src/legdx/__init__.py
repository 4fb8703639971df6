"""legdx: open clinical decision support for leg symptoms related to walking.

``legdx.assess(case)`` is the whole core: it takes a case (a ``Case``, a dict shaped like one, or
free text once the ``[nlp]`` extra is installed) and returns an ``Assessment``. It does no I/O.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from legdx.engine.assess import assess
    from legdx.model import Assessment, Case

__all__ = ["Assessment", "Case", "__version__", "assess"]


def __getattr__(name: str) -> Any:
    if name == "assess":
        from legdx.engine.assess import assess

        return assess
    if name in ("Assessment", "Case"):
        from legdx import model

        return getattr(model, name)
    raise AttributeError(name)
