"""The blind held-out parts (``corpus/heldout_blind.yaml``, ``heldout_blind2.yaml`` ... ``blind25``).

Each was written by a separate author without access to the reader's rules or the other corpus parts,
and is scored, never tuned on. Their format names each gold finding by the quoted text it comes from;
this module turns that into the evaluation's cases.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from legdx.text.evaluate import CorpusCase, narratives_to_cases

BLIND_FILE = "heldout_blind.yaml"
#: the blind parts, oldest first: name -> file. blind3, blind9 and blind11 were opened in session 12 (they had
#: failed the red-flag check at every scoring) and are development22, development23 and development24 now;
#: blind14 and blind15 were opened in session 13 for the same reason (development25 and development26),
#: blind17 in session 14 (development27), blind19 in session 15 (development29), blind22 in session 17
#: (development30), blind25 in session 20 (development31). blind20 and blind21 were written in session 15,
#: blind22 and blind23 in session 16, blind24 in session 17, blind25 in session 18.
BLIND_PARTS = {
    "blind1": "heldout_blind.yaml",
    "blind2": "heldout_blind2.yaml",
    "blind4": "heldout_blind4.yaml",
    "blind5": "heldout_blind5.yaml",
    "blind6": "heldout_blind6.yaml",
    "blind7": "heldout_blind7.yaml",
    "blind8": "heldout_blind8.yaml",
    "blind10": "heldout_blind10.yaml",
    "blind12": "heldout_blind12.yaml",
    "blind13": "heldout_blind13.yaml",
    "blind16": "heldout_blind16.yaml",
    "blind18": "heldout_blind18.yaml",
    "blind20": "heldout_blind20.yaml",
    "blind21": "heldout_blind21.yaml",
    "blind23": "heldout_blind23.yaml",
    "blind24": "heldout_blind24.yaml",
}


def blind_path(name: str) -> Path:
    """The file of a blind part by its name (``blind1`` ...)."""
    return Path(str(resources.files("legdx.text") / "corpus" / BLIND_PARTS[name]))


def load_blind(path: Path | None = None) -> list[CorpusCase]:
    """The blind narratives as evaluation cases; a span that is not in its text is an error."""
    path = path or Path(str(resources.files("legdx.text") / "corpus" / BLIND_FILE))
    raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return narratives_to_cases(raw, "heldout_blind", path.name)


def evaluate_blind(*, assess: bool = True, path: Path | None = None, reader: Any = None) -> Any:
    """Score the reader (and with ``assess`` the engine) on the blind part."""
    from legdx.text.evaluate import evaluate, ignored_ids

    report = evaluate(
        "heldout", reader=reader, assess=assess, cases=load_blind(path), ignore=ignored_ids("development")
    )
    if path is not None:
        name = next((k for k, v in BLIND_PARTS.items() if v == path.name), path.stem)
        report.part = name
    return report
