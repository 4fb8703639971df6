"""legdx: open clinical decision support for leg symptoms related to walking.

``legdx.assess(case)`` is the whole core: it takes a case (a ``Case``, a dict shaped like one, or
free text once the ``[nlp]`` extra is installed) and returns an ``Assessment``. It does no I/O.
"""

from __future__ import annotations

__version__ = "0.1.0"

from legdx.engine.assess import assess  # noqa: E402
from legdx.model import Assessment, Case  # noqa: E402

__all__ = ["Assessment", "Case", "__version__", "assess"]
