"""Import spaCy and medspaCy without the libraries they import that the reader never uses (speed, session 10).

Loading the reader in a fresh process was mostly imports of libraries it does not use:

- spaCy imports thinc, whose ``thinc.compat`` imports torch when torch is installed (the ``[embeddings]``
  extra), about 4 s, only for thinc's PyTorch shims (GPU and PyTorch-wrapped models). The reader runs a
  blank English pipeline with rule components, which never touch them. While spaCy is first imported, a
  finder refuses ``torch`` (as if it were not installed), so thinc records ``has_torch = False`` for the
  process; torch itself stays importable afterwards (the semantic mode and ``legdx ask --rerank`` import it
  themselves; neither goes through thinc).
- medspaCy imports QuickUMLS, which imports nltk at module level (and nltk imports scipy, scikit-learn and
  pandas, about 2.4 s) only to read nltk's stop words when a QuickUMLS component is built. The reader never
  builds one. While medspaCy is first imported, ``nltk`` is a stand-in module that imports the real nltk on
  the first use of any of its attributes, so QuickUMLS (or anything else) still gets the real one if it
  ever uses it.

Nothing is changed when spaCy or medspaCy is already imported (they then come as they were), or when torch
or nltk is.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any


class _RefuseTorch:
    """A ``sys.meta_path`` finder that reports torch as missing (only while spaCy is first imported)."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "torch" or name.startswith("torch."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


class _Deferred(types.ModuleType):
    """A stand-in for a module that is imported but not used yet: the first attribute asked of it imports the
    real module (which replaces the stand-in in ``sys.modules``) and answers from it."""

    def __getattr__(self, name: str) -> Any:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


def import_nlp() -> None:
    """Import spaCy and medspaCy (registering medspaCy's pipeline factories) as described above."""
    if "spacy" not in sys.modules and "torch" not in sys.modules:
        finder = _RefuseTorch()
        sys.meta_path.insert(0, finder)
        try:
            import spacy  # noqa: F401
        finally:
            sys.meta_path.remove(finder)
    if "medspacy" not in sys.modules:
        spec = importlib.util.find_spec("nltk") if "nltk" not in sys.modules else None
        deferred = spec is not None
        if deferred:
            stand_in = _Deferred("nltk")
            stand_in.__spec__ = spec  # so that importlib.util.find_spec("nltk") still answers
            sys.modules["nltk"] = stand_in
        try:
            import medspacy  # noqa: F401
        except BaseException:
            if deferred and isinstance(sys.modules.get("nltk"), _Deferred):
                del sys.modules["nltk"]
            raise
