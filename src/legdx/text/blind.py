"""The blind held-out corpus (``corpus/heldout_blind.yaml``).

It was written by a separate author without access to the reader's rules or the other corpus parts,
after the reader was built, and is scored once per release: never tune rules on it. Its format names
each gold finding by the quoted text it comes from; this module turns that into the evaluation's cases.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from legdx.text.evaluate import CorpusCase, narratives_to_cases

BLIND_FILE = "heldout_blind.yaml"


def load_blind(path: Path | None = None) -> list[CorpusCase]:
    """The blind narratives as evaluation cases; a span that is not in its text is an error."""
    path = path or Path(str(resources.files("legdx.text") / "corpus" / BLIND_FILE))
    raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return narratives_to_cases(raw, "heldout_blind", path.name)


def evaluate_blind(*, assess: bool = True, path: Path | None = None) -> Any:
    """Score the reader (and with ``assess`` the engine) on the blind part."""
    from legdx.text.evaluate import evaluate, ignored_ids

    return evaluate("heldout", assess=assess, cases=load_blind(path), ignore=ignored_ids("development"))
