"""Process-wide settings for the faces of legdx that own their process (session 16).

``freeze_loaded()`` moves everything alive (the knowledge base, the reader's rules, spaCy's vocabulary: about
390,000 objects) out of the garbage collector's reach (``gc.freeze``). A full collection otherwise walks all
of them; in a batch of new narratives one comes every few hundred cases and costs some 0.2 s, on average
about 0.3 ms of a narrative's 10-11 ms of reading and assessing (0.07 ms frozen; measured over 1,500 distinct
narratives). It is process-wide: objects frozen are never collected, so the library itself never calls it;
the batch commands (``legdx eval``) and the HTTP server (``gc_freeze``) do, once everything is loaded. A
command that reads one text gains nothing (the collection before the freeze costs more than it saves)."""

from __future__ import annotations

import gc


def freeze_loaded() -> None:
    """Collect what is garbage now, then freeze the rest: call once, after loading, before a long batch."""
    gc.collect()
    gc.freeze()
