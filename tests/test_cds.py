"""CDS Hooks 2.0 against a real uvicorn server: JWT client authentication, discovery, patient-view with
prefetch or fetched from a real FHIR stub server, cards checked against the specification's field rules,
412 with an OperationOutcome, and feedback."""

from __future__ import annotations

import copy
import time
import uuid

import httpx
import pytest
from sqlalchemy import select

from legdx.fhir.cds_hooks import card_problems, prefetch_templates, render_template
from legdx.store.db import Database
from legdx.store.models import AuditEvent, CdsFeedback

pytest_plugins = ["conftest_server"]

SERVICE = "legdx-patient-view"


def prefetch_from(bundle: dict) -> dict:
    """Split a Bundle into the service's prefetch keys (Patient resource + searchset Bundles)."""
    by: dict[str, list] = {"Observation": [], "Condition": [], "MedicationRequest": []}
    patient = None
    for e in bundle["entry"]:
        r = e["resource"]
        if r["resourceType"] == "Patient":
            patient = r
        elif r["resourceType"] in by:
            by[r["resourceType"]].append(r)

    def searchset(rs: list) -> dict:
        return {
            "resourceType": "Bundle",
            "type": "searchset",
            "total": len(rs),
            "entry": [{"resource": r, "search": {"mode": "match"}} for r in rs],
        }

    return {
        "patient": patient,
        "observations": searchset(by["Observation"]),
        "conditions": searchset(by["Condition"]),
        "medications": searchset(by["MedicationRequest"]),
    }


def without_pressures(bundle: dict) -> dict:
    bundle["entry"] = [
        e
        for e in bundle["entry"]
        if not (
            e["resource"]["resourceType"] == "Observation"
            and e["resource"]["code"]["coding"][0]["code"] == "8480-6"
        )
    ]
    return bundle


def hook_body(patient_id: str, prefetch: dict | None = None, **extra) -> dict:
    body = {
        "hook": "patient-view",
        "hookInstance": str(uuid.uuid4()),
        "context": {"userId": "Practitioner/dr-1", "patientId": patient_id},
    }
    if prefetch is not None:
        body["prefetch"] = prefetch
    body.update(extra)
    return body


def call(srv, signer, body, path=f"/cds-services/{SERVICE}", **tok):
    url = f"{srv.url}{path}"
    token = signer.token(url, **tok)
    return httpx.post(url, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def test_discovery(legdx_server, signer):
    url = f"{legdx_server.url}/cds-services"
    assert httpx.get(url).status_code == 401  # discovery is authenticated too
    r = httpx.get(url, headers={"Authorization": f"Bearer {signer.token(url)}"})
    assert r.status_code == 200, r.text
    services = r.json()["services"]
    assert len(services) == 1
    s = services[0]
    assert s["hook"] == "patient-view" and s["id"] == SERVICE and s["description"] and s["title"]
    assert set(s["prefetch"]) == {"patient", "observations", "conditions", "medications"}
    assert s["prefetch"]["patient"] == "Patient/{{context.patientId}}"
    assert "http://snomed.info/sct|446841001" in s["prefetch"]["observations"]


def test_prefetch_templates_render():
    q = render_template(prefetch_templates()["conditions"], {"patientId": "abc"})
    assert q == "Condition?patient=abc&_count=200"


# --------------------------------------------------------------------------------------------------
# JWT client authentication


@pytest.mark.parametrize("kid", ["es-static", "rs-static"])
def test_es384_and_rs384_accepted(legdx_server, signer, kid):
    url = f"{legdx_server.url}/cds-services"
    r = httpx.get(url, headers={"Authorization": f"Bearer {signer.token(url, kid)}"})
    assert r.status_code == 200, r.text


def test_key_from_allow_listed_jku(legdx_server, signer, fhir_stub):
    url = f"{legdx_server.url}/cds-services"
    tok = signer.token(url, "es-jku", jku=fhir_stub.jwks_url)
    assert httpx.get(url, headers={"Authorization": f"Bearer {tok}"}).status_code == 200
    # the same key without its jku is not among the static keys
    tok = signer.token(url, "es-jku")
    assert httpx.get(url, headers={"Authorization": f"Bearer {tok}"}).status_code == 401


def _rejected(srv, token: str, why: str) -> None:
    url = f"{srv.url}/cds-services"
    r = httpx.get(url, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401, (why, r.text)
    assert r.headers["content-type"].startswith("application/problem+json")


def test_jwt_rules(legdx_server, signer, fhir_stub):
    import jwt

    url = f"{legdx_server.url}/cds-services"
    now = int(time.time())
    _rejected(legdx_server, signer.token(f"{legdx_server.url}/other"), "aud is another URL")
    _rejected(legdx_server, signer.token(url, exp=now - 120, iat=now - 400), "expired")
    _rejected(legdx_server, signer.token(url, iat=now + 600, exp=now + 900), "issued in the future")
    _rejected(legdx_server, signer.token(url, exp=now + 86400), "lifetime too long")
    _rejected(legdx_server, signer.token(url, jti=None), "no jti")
    _rejected(legdx_server, signer.token(url, iss="https://stranger.example"), "iss not allowed")
    _rejected(
        legdx_server, signer.token(url, "es-jku", jku="http://127.0.0.1:9/jwks.json"), "jku not allowed"
    )
    _rejected(legdx_server, signer.token(url, headers={"kid": "unknown"}), "unknown kid")
    _rejected(legdx_server, signer.token(url, headers={"typ": "at+jwt"}), "typ")
    # symmetric and unsigned tokens, even "signed" with the public key as an HMAC secret
    hs = jwt.encode(
        {"iss": signer.ISS, "aud": url, "exp": now + 60, "iat": now, "jti": "x"},
        "secret" * 6,
        algorithm="HS256",
        headers={"kid": "es-static"},
    )
    _rejected(legdx_server, hs, "HS256")
    none = jwt.encode(
        {"iss": signer.ISS, "aud": url, "exp": now + 60, "iat": now, "jti": "y"},
        None,
        algorithm="none",
        headers={"kid": "es-static"},
    )
    _rejected(legdx_server, none, "alg none")
    ec_key = signer.keys["es-static"][1]
    wrong_kid = jwt.encode(
        {"iss": signer.ISS, "aud": url, "exp": now + 60, "iat": now, "jti": "z"},
        ec_key,
        algorithm="ES384",
        headers={"kid": "rs-static"},
    )
    _rejected(legdx_server, wrong_kid, "signed by another key than its kid names")
    _rejected(legdx_server, "not.a.jwt", "garbage")


def test_jti_not_reused(legdx_server, signer):
    url = f"{legdx_server.url}/cds-services"
    tok = signer.token(url)
    assert httpx.get(url, headers={"Authorization": f"Bearer {tok}"}).status_code == 200
    r = httpx.get(url, headers={"Authorization": f"Bearer {tok}"})
    assert r.status_code == 401 and "replay" in r.json()["detail"]


# --------------------------------------------------------------------------------------------------
# patient-view


def test_patient_view_with_prefetch(legdx_server, signer, fhir_fixture):
    pf = prefetch_from(fhir_fixture("pad_bundle.json"))
    times = []
    for _ in range(3):  # the best of three: the machine running the tests may be busy
        t0 = time.perf_counter()
        r = call(legdx_server, signer, hook_body("pad-1", pf))
        times.append(time.perf_counter() - t0)
        assert r.status_code == 200, r.text
    assert min(times) < 0.5, f"CDS services should answer in about 500 ms; took {min(times):.3f} s"
    cards = r.json()["cards"]
    assert cards
    for c in cards:
        assert card_problems(c) == [], (c, card_problems(c))
        assert len(c["summary"]) < 140 and c["source"]["label"].startswith("legdx")
        assert c["links"][0]["url"].startswith(f"{legdx_server.url}/a/")
    info = [c for c in cards if c["indicator"] == "info"]
    assert len(info) == 1 and "Peripheral artery disease" in info[0]["summary"]
    aid = info[0]["links"][0]["url"].rsplit("/", 1)[1]
    with legdx_server.client() as c:
        stored = c.get(f"/v1/assessments/{aid}").json()
    assert stored["case"]["patient_id"] == "pad-1"


def test_warning_card_suggests_an_abi_order(legdx_server, signer, fhir_fixture):
    from fhir.resources.R4B.servicerequest import ServiceRequest

    # exertional leg symptoms with vascular risk and no ABI (or pressures) on record
    pf = prefetch_from(without_pressures(fhir_fixture("pad_bundle.json")))
    r = call(legdx_server, signer, hook_body("pad-1", pf))
    assert r.status_code == 200, r.text
    warn = [c for c in r.json()["cards"] if c["indicator"] == "warning"]
    assert len(warn) == 1, r.json()["cards"]
    w = warn[0]
    assert "Resting ankle-brachial index" in w["summary"] or "ABI" in w["summary"]
    assert w["selectionBehavior"] == "any" and w["overrideReasons"]
    assert all(o["display"] and o["code"] for o in w["overrideReasons"])
    s0 = w["suggestions"][0]
    assert s0["isRecommended"] is True and s0["uuid"]
    act = s0["actions"][0]
    assert act["type"] == "create" and act["description"]
    sr = act["resource"]
    ServiceRequest.model_validate(sr)
    assert sr["subject"] == {"reference": "Patient/pad-1"} and sr["status"] == "draft"
    assert any(cd["code"] == "resting_abi" for cd in sr["code"]["coding"])


def test_no_abi_warning_when_an_abi_is_on_record(legdx_server, signer, fhir_fixture):
    from legdx.knowledge.loader import default_kb

    if default_kb().tests["resting_abi"].done_when is None:
        pytest.skip(
            "the knowledge base does not yet say when a resting ABI counts as done (tests/*.yaml "
            "done_when), so the work-up cannot know an ABI is on record"
        )
    r = call(legdx_server, signer, hook_body("pad-1", prefetch_from(fhir_fixture("pad_bundle.json"))))
    for c in r.json()["cards"]:
        if c["indicator"] == "warning":
            assert all("resting_abi" not in str(s) for s in c.get("suggestions", []))


def test_red_flag_gives_a_critical_card(legdx_server, signer, fhir_fixture):
    pf = prefetch_from(fhir_fixture("pad_bundle.json"))
    ck = copy.deepcopy(
        next(r["resource"] for r in pf["observations"]["entry"] if r["resource"]["id"] == "ck")
    )
    ck["id"] = "ck-huge"
    ck["effectiveDateTime"] = "2025-05-01T08:00:00Z"
    ck["valueQuantity"]["value"] = 25000
    pf["observations"]["entry"].append({"resource": ck})
    r = call(legdx_server, signer, hook_body("pad-1", pf))
    assert r.status_code == 200, r.text
    cards = r.json()["cards"]
    crit = [c for c in cards if c["indicator"] == "critical"]
    assert crit and "rhabdomyolysis" in crit[0]["summary"].lower()
    assert cards[0]["indicator"] == "critical"  # most urgent first
    assert all(card_problems(c) == [] for c in cards)


def test_missing_prefetch_without_fhir_server_is_412(legdx_server, signer, fhir_fixture):
    pf = prefetch_from(fhir_fixture("pad_bundle.json"))
    del pf["observations"]
    pf["medications"] = None
    r = call(legdx_server, signer, hook_body("pad-1", pf))
    assert r.status_code == 412
    assert r.headers["content-type"].startswith("application/fhir+json")
    oo = r.json()
    assert oo["resourceType"] == "OperationOutcome"
    assert "observations" in oo["issue"][0]["diagnostics"] and "medications" in oo["issue"][0]["diagnostics"]
    from fhir.resources.R4B.operationoutcome import OperationOutcome

    OperationOutcome.model_validate(oo)


def test_fetches_what_prefetch_lacks_from_the_fhir_server(legdx_server, signer, fhir_stub):
    fhir_stub.requests.clear()
    body = hook_body(
        "pad-1",
        {"patient": None},
        fhirServer=fhir_stub.base,
        fhirAuthorization={
            "access_token": fhir_stub.TOKEN,
            "token_type": "Bearer",
            "expires_in": 300,
            "scope": "patient/*.read",
            "subject": "legdx",
        },
    )
    r = call(legdx_server, signer, body)
    assert r.status_code == 200, r.text
    paths = [p for p, _ in fhir_stub.requests]
    assert "/fhir/Patient/pad-1" in paths
    assert any(p.startswith("/fhir/Observation?patient=pad-1") for p in paths)
    assert any("page=2" in p for p in paths)  # followed the searchset's next link
    assert all(a == f"Bearer {fhir_stub.TOKEN}" for _, a in fhir_stub.requests)
    info = [c for c in r.json()["cards"] if c["indicator"] == "info"]
    assert info and "Peripheral artery disease" in info[0]["summary"]


def test_fhir_server_refusing_the_token_gives_412(legdx_server, signer, fhir_stub):
    body = hook_body(
        "pad-1",
        None,
        fhirServer=fhir_stub.base,
        fhirAuthorization={"access_token": "wrong", "token_type": "Bearer", "subject": "legdx"},
    )
    r = call(legdx_server, signer, body)
    assert r.status_code == 412 and r.json()["resourceType"] == "OperationOutcome"


def test_bad_calls(legdx_server, signer, fhir_fixture):
    pf = prefetch_from(fhir_fixture("pad_bundle.json"))
    r = call(legdx_server, signer, {**hook_body("pad-1", pf), "hook": "order-sign"})
    assert r.status_code == 400
    r = call(legdx_server, signer, hook_body("pad-1", pf), path="/cds-services/nonesuch")
    assert r.status_code == 404
    body = hook_body("pad-1", pf)
    del body["context"]["patientId"]
    r = call(legdx_server, signer, body)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "context.patientId"
    r = call(legdx_server, signer, hook_body("pad-1", pf, fhirAuthorization={"access_token": "t"}))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "fhirServer"
    r = call(legdx_server, signer, hook_body("pad-1", None, fhirServer="http://10.0.0.1/fhir"))
    assert r.status_code == 400  # plain http to a non-loopback host is not fetched


def test_feedback(legdx_server, signer, fhir_fixture):
    b = without_pressures(fhir_fixture("pad_bundle.json"))
    cards = call(legdx_server, signer, hook_body("pad-1", prefetch_from(b))).json()["cards"]
    warn = next(c for c in cards if c["indicator"] == "warning")
    info = next(c for c in cards if c["indicator"] == "info")
    fb = {
        "feedback": [
            {
                "card": warn["uuid"],
                "outcome": "accepted",
                "acceptedSuggestions": [{"id": warn["suggestions"][0]["uuid"]}],
                "outcomeTimestamp": "2025-06-01T10:00:00Z",
            },
            {
                "card": info["uuid"],
                "outcome": "overridden",
                "outcomeTimestamp": "2025-06-01T10:01:00Z",
                "overrideReason": {"reason": warn["overrideReasons"][0], "userComment": "done last week"},
            },
        ]
    }
    path = f"/cds-services/{SERVICE}/feedback"
    r = call(legdx_server, signer, fb, path=path)
    assert r.status_code == 200, r.text
    assert r.json() == {"stored": 2}
    db = Database(legdx_server.db_url)
    with db.session() as s:
        rows = s.scalars(
            select(CdsFeedback).where(CdsFeedback.card_uuid.in_([warn["uuid"], info["uuid"]]))
        ).all()
        assert {(x.outcome, x.override_reason_code) for x in rows} == {
            ("accepted", None),
            ("overridden", "already-done"),
        }
        assert all(x.client_id == f"cds:{signer.ISS}" for x in rows)
        acts = {e.action for e in s.scalars(select(AuditEvent).where(AuditEvent.resource_id == warn["uuid"]))}
        assert acts == {"cds.feedback.accepted"}
    db.dispose()
    bad = {
        "feedback": [
            {"card": str(uuid.uuid4()), "outcome": "accepted", "outcomeTimestamp": "2025-06-01T10:00:00Z"}
        ]
    }
    r = call(legdx_server, signer, bad, path=path)
    assert r.status_code == 404 and r.json()["errors"][0]["field"] == "feedback[0].card"
    bad = {
        "feedback": [{"card": warn["uuid"], "outcome": "maybe", "outcomeTimestamp": "2025-06-01T10:00:00Z"}]
    }
    assert call(legdx_server, signer, bad, path=path).status_code == 422


def test_child_record_gives_no_cards(legdx_server, signer, fhir_fixture):
    pf = prefetch_from(fhir_fixture("pad_bundle.json"))
    pf["patient"] = {**pf["patient"], "birthDate": "2015-01-01"}
    r = call(legdx_server, signer, hook_body("pad-1", pf))
    assert r.status_code == 200 and r.json()["cards"] == []
