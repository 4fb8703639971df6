"""``legdx ask``: statements, retrieval and declines, the three kinds of question through the CLI and
``POST /v1/ask``, citations, and what-if arithmetic checked against ``legdx.assess``."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

pytest.importorskip("bm25s", reason="legdx ask needs the [ask] extra (bm25s)")

import legdx  # noqa: E402
from legdx.ask.answer import NeedsExtra, ask  # noqa: E402
from legdx.ask.cli import register  # noqa: E402
from legdx.ask.eval import evaluate, load_questions  # noqa: E402
from legdx.ask.schema import Statement  # noqa: E402
from legdx.ask.statements import (  # noqa: E402
    MIN_STATEMENTS,
    StatementsError,
    default_statements,
    load_statements,
)
from legdx.knowledge.loader import default_kb  # noqa: E402

SEED = (
    "what is the diagnosis and management for bilateral lower extremity weakness that improves with walking?"
)
KNOWLEDGE = {
    "How is the ABI measured?": "abi_method_sites",
    "How many epidural injections a year?": "esi_no_yearly_cap",
    "Why not an MRI first?": "why_not_mri_first",
    "Is it safe to keep walking if it hurts?": "lss_walking_safe",
    "When is surgery reasonable?": "lss_when_surgery_reasonable",
}
OUT_OF_SCOPE = [
    "How do I bake sourdough bread?",
    "What dose of aspirin should I take for a headache?",
    "Is the COVID vaccine safe in pregnancy?",
    "How is blood pressure measured in children?",
    "What is the best treatment for migraine?",
]
CASE: dict[str, Any] = {
    "age": 72,
    "sex": "male",
    "findings": {
        "leg_symptoms_with_walking": "present",
        "calf_pain_location": "present",
        "smoking_history": "present",
        "relief_requires_sitting_or_flexion": "absent",
    },
}
HAS_TEXT = (
    importlib.util.find_spec("legdx.text") is not None and importlib.util.find_spec("medspacy") is not None
)


# --------------------------------------------------------------------------------------------------
# Statements


def test_statements_load_and_meet_the_minimum() -> None:
    st = default_statements()
    assert len(st) >= MIN_STATEMENTS
    kb = default_kb()
    for s in st:
        assert s.source in kb.sources
        assert s.clinician != s.patient
        if s.grade == "consensus":
            assert s.source == "legdx_consensus" and s.note


def test_statements_cover_the_required_topics() -> None:
    topics = {s.topic for s in default_statements()}
    for t in (
        "abi_tbi",
        "exercise_testing",
        "imaging",
        "conservative_care",
        "injections",
        "surgery",
        "supervised_exercise",
        "medicines",
        "red_flags",
        "prognosis",
        "confirming_tests",
        "direction",
    ):
        assert t in topics
    ids = {s.id for s in default_statements()}
    for sid in (
        "cilostazol_heart_failure",
        "statin_high_intensity",
        "antiplatelet_single",
        "rivaroxaban_aspirin",
        "sciatica_drugs_not_offered",
        "esi_fda_warning",
        "esi_no_yearly_cap",
        "sport_itt",
        "lss_physio_vs_surgery",
        "fusion_not_routine",
    ):
        assert sid in ids
    # every catalog condition outside LSS and PAD has a statement about it
    about = {c for s in default_statements() for c in s.conditions}
    missing = [c for c in default_kb().conditions if c not in about and c != "exertional_overuse"]
    assert not missing


def _write(tmp: Path, body: str) -> Path:
    (tmp / "x.yaml").write_text(body, encoding="utf-8")
    return tmp


GOOD = """
s_one:
  topic: imaging
  clinician: A sentence long enough for the schema to accept it.
  patient: A plain sentence long enough for the schema too.
  source: {source}
  grade: published
  tags: [imaging]
"""


def test_loader_rejects_unknown_source_key_and_duplicates(tmp_path: Path) -> None:
    with pytest.raises(StatementsError) as exc:
        load_statements(_write(tmp_path, GOOD.format(source="no_such_source")))
    assert "'no_such_source' is not in the bibliography" in str(exc.value)
    with pytest.raises(StatementsError) as exc:
        load_statements(_write(tmp_path, GOOD.format(source="gornik2024") + "  colour: red\n"))
    assert "colour" in str(exc.value)
    with pytest.raises(StatementsError) as exc:
        load_statements(_write(tmp_path, GOOD.format(source="gornik2024").replace("published", "consensus")))
    assert "consensus" in str(exc.value)
    assert len(load_statements(_write(tmp_path, GOOD.format(source="gornik2024")))) == 1
    with pytest.raises(StatementsError, match="at least 150"):
        load_statements(_write(tmp_path, GOOD.format(source="gornik2024")), minimum=150)


def test_statement_schema_forbids_extra_keys() -> None:
    with pytest.raises(ValueError):
        Statement.model_validate(
            {
                "id": "x",
                "topic": "imaging",
                "clinician": "c" * 30,
                "patient": "p" * 30,
                "source": "a",
                "grade": "published",
                "tags": ["t"],
                "extra": 1,
            }
        )


# --------------------------------------------------------------------------------------------------
# Knowledge answers, citations, declines


@pytest.mark.parametrize("question,expected", list(KNOWLEDGE.items()))
def test_knowledge_questions(question: str, expected: str) -> None:
    res = ask(question)
    assert res.kind == "knowledge"
    ids = [s.id for s in res.statements]
    assert expected in ids[:3]
    assert res.answer.direct
    assert res.answer.sections
    _citations_resolve(res)


def _citations_resolve(res: Any) -> None:
    kb = default_kb()
    cited = {c.id for c in res.citations}
    for c in res.citations:
        assert c.id in kb.sources and c.citation == kb.sources[c.id].citation
    for sec in res.answer.sections:
        for item in sec.items:
            for src in item.sources:
                assert src in cited, f"{src} is shown but not in citations"


def test_knowledge_answer_uses_audience_wording() -> None:
    c = ask("How many epidural injections a year?", audience="clinician")
    p = ask("How many epidural injections a year?", audience="patient")
    st = default_statements()["esi_no_yearly_cap"]
    assert c.answer.direct == st.clinician
    assert p.answer.direct == st.patient


def test_walking_safety_answer_groups_both_pathways() -> None:
    res = ask("Is it safe to keep walking if it hurts?", audience="patient")
    ids = [s.id for s in res.statements]
    assert {"lss_walking_safe", "pad_walking_safe"} <= set(ids)
    assert len({sec.topic for sec in res.answer.sections}) >= 2


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_out_of_scope_is_declined_plainly(question: str) -> None:
    res = ask(question)
    assert res.kind == "out_of_scope"
    assert res.statements == [] and res.citations == [] and res.answer.sections == []
    assert res.declined is not None and "walking" in res.declined.covers
    assert "Not covered" in res.answer.direct


def test_thresholds_are_calibrated_on_the_evaluation_set() -> None:
    qs = load_questions()
    assert len(qs) >= 100
    assert sum(q.decline for q in qs) >= 20
    assert {q.audience for q in qs} == {"clinician", "patient"}
    r = evaluate("all")
    assert r.recall_at_5 >= 0.90
    assert r.all_out_of_scope_declined
    assert r.median_latency_ms < 50
    held = evaluate("heldout")
    assert held.all_out_of_scope_declined
    assert held.recall_at_5 >= 0.85


def test_empty_or_bad_input() -> None:
    from legdx.errors import InputError

    with pytest.raises(InputError):
        ask("   ")
    with pytest.raises(InputError):
        ask("How is the ABI measured?", audience="vet")
    with pytest.raises(InputError):
        ask("what if the ABI were 0.8", case=CASE, text="calf pain")


# --------------------------------------------------------------------------------------------------
# What-if: arithmetic consistent with legdx.assess


def _probs(a: Any) -> dict[str, float]:
    return {d.id: d.probability for d in a.differential}


@pytest.mark.parametrize(
    "question,target,state",
    [
        ("what if pulses were absent", "palpable_pulse_abnormality", "present"),
        ("and if he can cycle without symptoms?", "cycling_provokes_same_symptoms", "absent"),
        ("what if the ABI were 0.85", "abi_le_0_90", "present"),
    ],
)
def test_what_if_matches_assess(question: str, target: str, state: str) -> None:
    res = ask(question, case=CASE)
    assert res.kind == "what_if" and res.what_if is not None
    wi = res.what_if
    assert wi.case["findings"][target]["state"] == state
    old, new = legdx.assess(CASE), legdx.assess(wi.case)
    po, pn = _probs(old), _probs(new)
    for c in wi.conditions:
        assert c.old == po[c.id] and c.new == pn[c.id]
        assert c.delta == pytest.approx(pn[c.id] - po[c.id], abs=1e-4)
    assert wi.triage.old == old.triage.level and wi.triage.new == new.triage.level
    # every LR named in "why" is the one the new (or old) assessment used
    for y in wi.why:
        side = new if y.change != "removed" else old
        d = next(d for d in side.differential if d.id == y.condition)
        ev = {e.finding: e for e in (*d.evidence_for, *d.evidence_against)}
        assert ev[y.finding].lr_used == (y.lr_new if y.change != "removed" else y.lr_old)
    # the leading change is explained by at least one LR
    moved = [c for c in wi.conditions if abs(c.delta) > 0.01]
    assert moved and all(any(y.condition == c.id for y in wi.why) for c in moved)
    _citations_resolve(res)


def test_what_if_abi_sets_aside_measured_pressures() -> None:
    case = {
        **CASE,
        "measurements": {
            "brachial_right": 140,
            "brachial_left": 138,
            "dp_right": 150,
            "pt_right": 152,
            "dp_left": 148,
            "pt_left": 150,
        },
    }
    res = ask("what if the left ABI were 0.62", case=case)
    assert res.what_if is not None
    wi = res.what_if
    assert any(w.code == "measurements_set_aside" for w in res.warnings)
    assert wi.case["findings"]["abi_le_0_90"]["state"] == "present"
    pn = _probs(legdx.assess(wi.case))
    assert all(c.new == pn[c.id] for c in wi.conditions)
    pad = next(c for c in wi.conditions if c.id == "peripheral_artery_disease")
    assert pad.new > pad.old


def test_what_if_without_a_case_is_a_knowledge_question() -> None:
    res = ask("What if the patient cannot have an MRI because of a pacemaker?")
    assert res.kind == "knowledge"
    assert res.statements[0].id == "lss_ct_myelography"


def test_what_if_age_change() -> None:
    res = ask("what if he were 45", case=CASE)
    assert res.what_if is not None
    assert res.what_if.case["age"] == 45
    assert any(c.kind == "age" and c.new == 45 for c in res.what_if.changes)


# --------------------------------------------------------------------------------------------------
# Presentation (needs the free-text reader)

needs_text = pytest.mark.skipif(not HAS_TEXT, reason="legdx.text (the [nlp] extra) is not installed")


@needs_text
def test_seed_presentation_question() -> None:
    res = ask(SEED)
    assert res.kind == "presentation" and res.presentation is not None
    a = res.presentation.assessment
    assert a["differential"][0]["id"] != "lumbar_spinal_stenosis"
    lss = next(d for d in a["differential"] if d["id"] == "lumbar_spinal_stenosis")["name"]
    assert not res.answer.direct.lower().startswith(("most likely " + lss).lower())
    assert lss.lower() not in res.answer.direct.lower().split(";")[0]
    text = " ".join([res.answer.direct] + [i.text for s in res.answer.sections for i in s.items]).lower()
    assert "neurogenic claudication classically gets worse with walking" in text
    titles = [s.title for s in res.answer.sections]
    for t in ("Bottom line", "Most likely", "Work-up", "Management", "Pitfalls"):
        assert t in titles
    assert any("direction" in t.lower() for t in titles)
    assert "## References" in res.presentation.report
    assert res.presentation.case["findings"]["symptoms_improve_with_walking"]["state"] == "present"
    _citations_resolve(res)


@needs_text
def test_what_if_on_a_narrative() -> None:
    res = ask(
        "what if the ABI were 0.85?",
        text="72 year old smoker with calf pain after 200 m of walking that eases when he stands still",
    )
    assert res.kind == "what_if" and res.what_if is not None
    assert res.what_if.case["findings"]["abi_le_0_90"]["state"] == "present"


def test_missing_text_reader_gives_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "legdx.text", None)
    with pytest.raises(NeedsExtra) as exc:
        ask(SEED)
    assert "[nlp]" in str(exc.value)
    # knowledge questions do not need it
    assert ask("How is the ABI measured?").kind == "knowledge"


# --------------------------------------------------------------------------------------------------
# CLI


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _main() -> None:
        """test app"""

    register(app)
    return app


runner = CliRunner()


def test_cli_knowledge_json() -> None:
    r = runner.invoke(_app(), ["ask", "How is the ABI measured?", "--format", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["kind"] == "knowledge" and d["statements"][0]["id"] == "abi_method_sites"
    assert d["citations"] and all(c["citation"] for c in d["citations"])


def test_cli_markdown_and_patient() -> None:
    r = runner.invoke(_app(), ["ask", "How many epidural injections a year?", "-a", "patient"])
    assert r.exit_code == 0, r.output
    assert "**Knowledge.**" in r.stdout and "## References" in r.stdout
    assert default_statements()["esi_no_yearly_cap"].patient in r.stdout


def test_cli_out_of_scope() -> None:
    r = runner.invoke(_app(), ["ask", "How do I bake sourdough bread?", "-f", "json"])
    assert r.exit_code == 0
    d = json.loads(r.stdout)
    assert d["kind"] == "out_of_scope" and d["statements"] == [] and d["declined"]["covers"]


def test_cli_what_if_with_case(tmp_path: Path) -> None:
    f = tmp_path / "case.json"
    f.write_text(json.dumps(CASE))
    r = runner.invoke(_app(), ["ask", "what if pulses were absent", "--case", str(f), "-f", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["kind"] == "what_if"
    assert {c["target"] for c in d["what_if"]["changes"]} >= {"palpable_pulse_abnormality"}
    assert d["what_if"]["why"]


def test_cli_errors(tmp_path: Path) -> None:
    r = runner.invoke(_app(), ["ask", "what if x", "--case", "a.json", "--text", "b"])
    assert r.exit_code == 2
    r = runner.invoke(_app(), ["ask", "How is the ABI measured?", "-f", "html"])
    assert r.exit_code == 2
    r = runner.invoke(_app(), ["ask", "what if pulses were absent", "--case", str(tmp_path / "missing.json")])
    assert r.exit_code == 2 and "no such file" in r.output


def test_cli_missing_text_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "legdx.text", None)
    r = runner.invoke(_app(), ["ask", SEED])
    assert r.exit_code == 2
    assert "[nlp]" in r.output


@needs_text
def test_cli_seed_presentation() -> None:
    r = runner.invoke(_app(), ["ask", SEED])
    assert r.exit_code == 0, r.output
    assert "**Presentation.**" in r.stdout and "# Full report" in r.stdout


# --------------------------------------------------------------------------------------------------
# HTTP router


@pytest.fixture(scope="module")
def client() -> Any:
    pytest.importorskip("fastapi")
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from legdx.ask.router import router
    from legdx.server import problems
    from legdx.server.auth import require_api_key

    app = FastAPI()
    problems.install(app)
    app.include_router(router)
    app.dependency_overrides[require_api_key] = lambda: None
    return TestClient(app)


def test_router_knowledge(client: Any) -> None:
    r = client.post("/v1/ask", json={"question": "How is the ABI measured?"})
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["kind"] == "knowledge" and d["statements"][0]["id"] == "abi_method_sites"


def test_router_decline_markdown_and_errors(client: Any) -> None:
    r = client.post("/v1/ask", json={"question": "Who won the football world cup?"})
    assert r.status_code == 200 and r.json()["kind"] == "out_of_scope"
    r = client.post(
        "/v1/ask?format=markdown", json={"question": "Why not an MRI first?", "audience": "patient"}
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/markdown")
    assert "## References" in r.text
    assert client.post("/v1/ask", json={"question": ""}).status_code == 422
    assert client.post("/v1/ask", json={"question": "x", "case": CASE, "text": "y"}).status_code == 422
    assert client.post("/v1/ask", json={"question": "x", "colour": 1}).status_code == 422
    r = client.post(
        "/v1/ask", json={"question": "what if pulses were absent", "case": {"findings": {"nope": 1}}}
    )
    assert r.status_code == 422


def test_router_what_if(client: Any) -> None:
    r = client.post("/v1/ask", json={"question": "what if the ABI were 0.85", "case": CASE})
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["kind"] == "what_if"
    pad = next(c for c in d["what_if"]["conditions"] if c["id"] == "peripheral_artery_disease")
    assert pad["new"] == next(
        x.probability
        for x in legdx.assess(d["what_if"]["case"]).differential
        if x.id == "peripheral_artery_disease"
    )


def test_router_missing_text_reader(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "legdx.text", None)
    r = client.post("/v1/ask", json={"question": SEED})
    assert r.status_code == 501
    assert "[nlp]" in r.json()["detail"]


@needs_text
def test_router_seed_presentation(client: Any) -> None:
    r = client.post("/v1/ask", json={"question": SEED})
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["kind"] == "presentation"
    assert d["presentation"]["assessment"]["differential"][0]["id"] != "lumbar_spinal_stenosis"
