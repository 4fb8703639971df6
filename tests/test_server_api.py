"""The REST API against a real uvicorn server on loopback (SQLite, authentication on)."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from sqlalchemy import select

from legdx.store.db import Database
from legdx.store.models import AuditEvent

pytest_plugins = ["conftest_server"]

CASE = {
    "age": 71,
    "sex": "male",
    "patient_id": "api-p1",
    "findings": {
        "leg_symptoms_with_walking": "present",
        "relieved_by_standing_still": "yes",
        "diabetes": "yes",
        "smoking_history": "yes",
    },
}


def is_problem(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == status and body["title"] and body["type"]
    return body


def test_health_and_openapi_are_public(legdx_server):
    r = httpx.get(f"{legdx_server.url}/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok" and r.json()["auth"] is True
    spec = httpx.get(f"{legdx_server.url}/openapi.json").json()
    for path in (
        "/v1/assessments",
        "/v1/assessments/{assessment_id}",
        "/v1/interview",
        "/v1/calculators/abi",
        "/v1/knowledge/conditions",
        "/v1/knowledge/findings",
        "/v1/knowledge/sources",
        "/cds-services",
        "/cds-services/{service_id}",
        "/cds-services/{service_id}/feedback",
        "/fhir/Questionnaire/$next-question",
        "/healthz",
        "/metrics",
    ):
        assert path in spec["paths"], path
    assert httpx.get(f"{legdx_server.url}/docs").status_code == 200


def test_api_key_required(legdx_server):
    r = httpx.post(f"{legdx_server.url}/v1/assessments", json=CASE)
    body = is_problem(r, 401)
    assert "API key" in body["detail"] and r.headers["www-authenticate"].startswith("Bearer")
    r = httpx.post(f"{legdx_server.url}/v1/assessments", json=CASE, headers={"X-API-Key": "lgx_nope_nope"})
    is_problem(r, 401)
    # the key is checked before anything else in the request is: no validation details without one
    r = httpx.post(f"{legdx_server.url}/v1/assessments?audience=nobody&as_of=never", json=CASE)
    is_problem(r, 401)
    r = httpx.get(f"{legdx_server.url}/v1/knowledge/conditions", headers={"X-API-Key": legdx_server.api_key})
    assert r.status_code == 200


def test_create_read_and_list(legdx_server):
    with legdx_server.client() as c:
        r = c.post("/v1/assessments", json=CASE)
        assert r.status_code == 201, r.text
        a = r.json()
        assert r.headers["location"] == f"/v1/assessments/{a['id']}"
        assert a["schema_version"] and a["triage"]["level"] and a["differential"]
        assert a["case"]["patient_id"] == "api-p1"
        g = c.get(f"/v1/assessments/{a['id']}")
        assert g.status_code == 200 and g.json() == a
        lst = c.get("/v1/assessments", params={"patient": "api-p1"}).json()
        assert lst["total"] >= 1 and any(it["id"] == a["id"] for it in lst["items"])
        assert all(it["patient_id"] == "api-p1" for it in lst["items"])
        assert c.get("/v1/assessments", params={"patient": "nobody"}).json()["total"] == 0
        is_problem(c.get("/v1/assessments/00000000-0000-0000-0000-000000000000"), 404)
        p = c.post("/v1/assessments", params={"audience": "patient"}, json=CASE).json()
        assert p["audience"] == "patient"


def test_same_contract_as_the_cli(legdx_server):
    import legdx

    with legdx_server.client() as c:
        a = c.post("/v1/assessments", json=CASE).json()
    direct = json.loads(legdx.assess(CASE).model_dump_json())
    a.pop("id")
    assert a == direct


def test_fhir_bundle_input(legdx_server, fhir_fixture):
    with legdx_server.client() as c:
        r = c.post(
            "/v1/assessments",
            params={"as_of": "2025-06-01"},
            json=fhir_fixture("pad_bundle.json"),
            headers={"Content-Type": "application/fhir+json"},
        )
        assert r.status_code == 201, r.text
        a = r.json()
        assert a["case"]["age"] == 72 and a["case"]["patient_id"] == "pad-1"
        codes = {w["code"] for w in a["warnings"]}
        assert {"fhir_reference_date", "fhir_unmapped_code", "fhir_unused_resource"} <= codes
        other = c.post("/v1/assessments", json={"resourceType": "Patient", "id": "x"})
        assert "Bundle" in is_problem(other, 422)["detail"]
        b = fhir_fixture("pad_bundle.json")
        b["entry"][0]["resource"]["birthDate"] = "2019-02-02"
        body = is_problem(c.post("/v1/assessments", json=b), 422)
        assert body["errors"][0]["field"] == "Bundle.entry[0].resource.birthDate"


def test_free_text_needs_nlp_or_reads_it(legdx_server):
    with legdx_server.client() as c:
        r = c.post(
            "/v1/assessments", json={"text": "72 year old man, calf pain after two blocks, better standing"}
        )
    if r.status_code == 501:
        assert "[nlp]" in is_problem(r, 501)["detail"]
    else:
        assert r.status_code in (201, 500), r.text
        if r.status_code == 500:  # the text reader itself failed; the server still answers a problem
            is_problem(r, 500)
            pytest.xfail("legdx.text.read_text raised on this input (owned by the text component)")


def test_problem_details_name_the_field(legdx_server):
    with legdx_server.client() as c:
        body = is_problem(c.post("/v1/assessments", json={"age": 12}), 422)
        assert body["errors"][0]["field"] == "age" and body["errors"][0]["pointer"] == "/age"
        body = is_problem(c.post("/v1/assessments", json={"age": 70, "findings": {"calf_pian": "yes"}}), 422)
        assert body["errors"][0]["field"] == "findings.calf_pian"
        body = is_problem(c.post("/v1/assessments", json={"age": 70, "measurements": {"dp_right": 900}}), 422)
        assert body["errors"][0]["field"] == "measurements.dp_right"
        body = is_problem(c.post("/v1/assessments", json={"age": 70, "colour": "blue"}), 422)
        assert body["errors"][0]["field"] == "colour"
        is_problem(
            c.post("/v1/assessments", content=b"{not json", headers={"Content-Type": "application/json"}), 400
        )
        is_problem(
            c.post(
                "/v1/assessments",
                content=b"age=70",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            ),
            415,
        )
        body = is_problem(c.post("/v1/assessments", params={"audience": "martian"}, json=CASE), 422)
        assert body["errors"][0]["field"] == "query.audience"
        body = is_problem(
            c.post("/v1/interview", json={"answers": {"leg_symptoms_with_walking": "maybe"}}), 422
        )
        assert body["errors"][0]["field"].startswith("answers.leg_symptoms_with_walking")


def test_request_size_limit(legdx_server):
    big = {"age": 70, "text": "x" * 300_000}
    with legdx_server.client() as c:
        body = is_problem(c.post("/v1/assessments", json=big), 413)
        assert "limit" in body["detail"]

        def chunks():  # no Content-Length: the limit is enforced while reading
            for _ in range(30):
                yield b" " * 10_000

        r = c.post("/v1/assessments", content=chunks(), headers={"Content-Type": "application/json"})
        is_problem(r, 413)


def test_cors_closed_by_default(legdx_server):
    r = httpx.options(
        f"{legdx_server.url}/v1/assessments",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in r.headers
    r = httpx.get(f"{legdx_server.url}/healthz", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers


def test_metrics_by_route_template_without_patient_data(legdx_server):
    with legdx_server.client() as c:
        a = c.post("/v1/assessments", json=CASE).json()
        c.get(f"/v1/assessments/{a['id']}")
        c.get("/v1/assessments", params={"patient": "api-p1"})
    text = httpx.get(f"{legdx_server.url}/metrics").text
    assert 'route="/v1/assessments/{assessment_id}"' in text
    assert (
        'legdx_http_request_duration_seconds_bucket{le="0.1",method="POST",route="/v1/assessments"}' in text
    )
    assert a["id"] not in text and "api-p1" not in text


def test_audit_log_records_who_and_what_not_content(legdx_server):
    with legdx_server.client() as c:
        a = c.post("/v1/assessments", json=CASE).json()
        c.get(f"/v1/assessments/{a['id']}")
    db = Database(legdx_server.db_url)
    with db.session() as s:
        events = s.scalars(select(AuditEvent).where(AuditEvent.resource_id == a["id"])).all()
        assert [e.action for e in events] == ["assessment.create", "assessment.read"]
        assert all(e.actor.startswith("apikey:test-") and e.request_id for e in events)
        everything = " ".join(
            f"{e.actor} {e.action} {e.resource_type} {e.resource_id} {e.outcome}"
            for e in s.scalars(select(AuditEvent)).all()
        )
    db.dispose()
    for clinical in ("api-p1", "diabetes", "leg_symptoms", "peripheral_artery"):
        assert clinical not in everything


def test_access_log_has_no_patient_data(legdx_server, caplog):
    caplog.set_level(logging.INFO, logger="legdx.access")
    with legdx_server.client() as c:
        c.post("/v1/assessments", json=CASE)
        c.get("/v1/assessments", params={"patient": "api-p1"})
    lines = [r.getMessage() for r in caplog.records if r.name == "legdx.access"]
    assert any("POST /v1/assessments 201" in m for m in lines)
    assert not any("api-p1" in m or "diabetes" in m for m in lines)


def test_interview_is_stateless(legdx_server):
    answers: dict[str, str] = {}
    with legdx_server.client() as c:
        for _ in range(60):
            r = c.post("/v1/interview", json={"age": 68, "sex": "male", "answers": answers})
            assert r.status_code == 200, r.text
            step = r.json()
            assert step["triage"]["level"] and step["differential"]
            if step["should_stop"]:
                assert step["stop_reason"] and step["question"] is None
                break
            q = step["question"]
            assert q["text"] and q["rationale"] and q["finding"] not in answers
            answers[q["finding"]] = "no" if q["phase"] == "red_flag_screen" else "yes"
        else:
            pytest.fail("the interview did not stop")
        assert step["asked"] == len(answers)


def test_calculators(legdx_server):
    with legdx_server.client() as c:
        listing = c.get("/v1/calculators").json()
        assert {"abi", "ecq", "staging"} <= {x["id"] for x in listing}
        r = c.post(
            "/v1/calculators/abi",
            json={
                "brachial_right": 140,
                "brachial_left": 136,
                "dp_right": 80,
                "pt_right": 84,
                "dp_left": 150,
                "pt_left": 146,
            },
        )
        assert r.status_code == 200, r.text
        res = r.json()
        assert res["calculation"]["id"] == "abi"
        assert res["variables"]["abi_right"] == pytest.approx(0.6, abs=0.01)
        body = is_problem(c.post("/v1/calculators/abi", json={"dp_right": 80}), 422)
        assert body["errors"][0]["field"] == "brachial_right"
        is_problem(c.post("/v1/calculators/abi", json={"dp_right": -5, "brachial_right": 120}), 422)
        r = c.post(
            "/v1/calculators/ecq",
            json={"q1": True, "q2": False, "q3": True, "q4": False, "q5": "10_min_or_less", "q6": ["calf"]},
        )
        assert r.status_code == 200, r.text
        assert r.json()["calculation"]["id"] == "ecq"
        r = c.post(
            "/v1/calculators/staging", json={"claudication": True, "rest_pain": False, "tissue_loss": False}
        )
        assert r.status_code == 200, r.text
        for item in listing:
            if item["path"].startswith("/v1/calculators/scores/"):
                r = c.post(item["path"], json={"answers": {}, "age": 70})
                assert r.status_code == 200, (item, r.text)
        is_problem(c.post("/v1/calculators/scores/nonesuch", json={}), 404)


def test_knowledge(legdx_server):
    with legdx_server.client() as c:
        conds = c.get("/v1/knowledge/conditions").json()
        assert any(x["id"] == "peripheral_artery_disease" for x in conds["items"])
        finds = c.get("/v1/knowledge/findings").json()["items"]
        assert any(f["id"] == "leg_symptoms_with_walking" and f["question"] for f in finds)
        srcs = c.get("/v1/knowledge/sources").json()
        assert srcs["items"] and srcs["kb_version"] == conds["kb_version"]


def test_sdc_next_question_loop(legdx_server):
    qr = {"resourceType": "QuestionnaireResponse", "status": "in-progress"}
    with legdx_server.client(headers={"Content-Type": "application/fhir+json"}) as c:
        for _i in range(60):
            r = c.post("/fhir/Questionnaire/$next-question", json=qr)
            assert r.status_code == 200, r.text
            assert r.headers["content-type"].startswith("application/fhir+json")
            qr = r.json()
            from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

            QuestionnaireResponse.model_validate(qr)
            q = next(x for x in qr["contained"] if x["resourceType"] == "Questionnaire")
            assert qr["questionnaire"] == f"#{q['id']}"
            if qr["status"] == "completed":
                assert q["item"][-1]["type"] == "display" and "complete" in q["item"][-1]["text"]
                break
            last = q["item"][-1]
            if last["linkId"] == "age":
                answer = {"valueInteger": 67}
            else:
                assert last["type"] == "choice" and len(last["answerOption"]) == 3
                assert last["item"][0]["type"] == "display"  # the rationale
                answer = {
                    "valueCoding": {"system": "http://terminology.hl7.org/CodeSystem/v2-0136", "code": "N"}
                }
            qr.setdefault("item", []).append({"linkId": last["linkId"], "answer": [answer]})
        else:
            pytest.fail("no completion")
        # as a Parameters resource too
        params = {
            "resourceType": "Parameters",
            "parameter": [
                {
                    "name": "questionnaire-response",
                    "resource": {"resourceType": "QuestionnaireResponse", "status": "in-progress"},
                }
            ],
        }
        r = c.post("/fhir/Questionnaire/$next-question", json=params)
        assert r.status_code == 200 and r.json()["resourceType"] == "QuestionnaireResponse"
        body = is_problem(c.post("/fhir/Questionnaire/$next-question", json={"resourceType": "Patient"}), 422)
        assert body["errors"][0]["field"] == "resourceType"


def test_unhandled_errors_answer_500_without_leaking_data(tmp_path, monkeypatch, caplog):
    from fastapi.testclient import TestClient

    import legdx.engine.assess
    from legdx.server.app import create_app
    from legdx.server.settings import ServerSettings

    def boom(*a, **k):
        raise RuntimeError("patient secret-123 has diabetes")

    app = create_app(ServerSettings(database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}", auth=False))
    caplog.set_level(logging.ERROR)
    with TestClient(app, raise_server_exceptions=False) as c:
        monkeypatch.setattr(legdx.engine.assess, "assess", boom)  # after the start-up warm-up
        r = c.post("/v1/assessments", json={"age": 70, "patient_id": "secret-123"})
    body = is_problem(r, 500)
    assert "secret-123" not in json.dumps(body)
    logged = "\n".join(rec.getMessage() + str(rec.exc_info and rec.exc_info[1]) for rec in caplog.records)
    assert "RuntimeError" in logged and "secret-123" not in logged


def test_assessment_cache_keeps_json_and_gives_the_same_assessment():
    """A cache hit answers with the same JSON and columns, and the assessment read back from that JSON;
    the cache holds plain values only (no Assessment objects for the garbage collector to walk)."""
    import gc

    from legdx.server import service

    cache = service.AssessmentCache(4)
    prepared = service.prepare_input(CASE)
    first = service.assess_case(prepared, audience="clinician", cache=cache)
    again = service.assess_case(service.prepare_input(CASE), audience="clinician", cache=cache)
    assert again.json == first.json and again.columns == first.columns and again.packed == first.packed
    assert again._model is None and again.model() == first.model()
    (entry,) = cache._d.values()
    assert isinstance(entry[0], bytes) and not gc.is_tracked(entry[0])
    assert all(not isinstance(v, (list, dict)) for v in entry[2].values())
