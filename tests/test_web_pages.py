"""The web pages without a browser (FastAPI TestClient): sign-in, audience, CSRF, errors as HTML pages,
security headers, no outside assets, and the presentation helpers. The browser tests are in test_web.py."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web pages need the [server] extra")

from fastapi.testclient import TestClient  # noqa: E402

import legdx  # noqa: E402
from legdx.web import views  # noqa: E402

CASE = {
    "age": 72,
    "patient_id": "pages-p1",
    "findings": {
        "leg_symptoms_with_walking": "present",
        "relief_requires_sitting_or_flexion": "present",
        "improves_bending_forward": "present",
        "smoking_history": "present",
    },
}


def _app(tmp: Path, auth: bool) -> tuple[Any, str]:
    from legdx.server.app import create_app
    from legdx.server.settings import ServerSettings
    from legdx.store import repo
    from legdx.store.db import Database

    url = f"sqlite:///{tmp / 'legdx.sqlite3'}"
    db = Database(url)
    db.upgrade()
    with db.session() as s:
        key = repo.create_api_key(s, f"pages-{uuid.uuid4().hex[:6]}")
    app = create_app(ServerSettings(database_url=url, auth=auth), db=db)  # includes legdx.web.router
    return app, key


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    app, key = _app(tmp_path_factory.mktemp("secured"), auth=True)
    with TestClient(app, base_url="http://testserver") as c:
        yield c, key


@pytest.fixture(scope="module")
def open_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app, _key = _app(tmp_path_factory.mktemp("open"), auth=False)
    with TestClient(app, base_url="http://testserver") as c:
        yield c


def _stored(c: TestClient, key: str | None = None, **extra: Any) -> str:
    headers = {"X-API-Key": key} if key else {}
    r = c.post("/v1/assessments", json={**CASE, **extra}, headers=headers)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def test_pages_need_a_signed_in_api_key(secured: tuple[TestClient, str]) -> None:
    c, key = secured
    c.cookies.clear()
    r = c.get("/saved", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/signin?next=/saved"
    start = c.get("/")
    assert start.status_code == 200 and 'action="/signin"' in start.text  # start page offers sign-in
    r = c.post("/signin", data={"api_key": "lgx_nope_nope", "next": "/saved"})
    assert r.status_code == 401 and "not accepted" in r.text
    r = c.post("/signin", data={"api_key": key, "next": "https://evil.example/"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"  # never off-site
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    assert c.get("/saved").status_code == 200
    c.post("/signout")
    assert c.get("/saved", follow_redirects=False).status_code == 303


def test_forms_from_another_site_are_refused(secured: tuple[TestClient, str]) -> None:
    c, key = secured
    c.post("/signin", data={"api_key": key})
    r = c.post("/interview", data={"action": "start"}, headers={"Origin": "https://evil.example"})
    assert r.status_code == 403 and "another site" in r.text
    r = c.post("/interview", data={"action": "start"}, headers={"Origin": "http://testserver"})
    assert r.status_code == 200 and 'id="question-text"' in r.text


def test_audience_is_remembered_and_changes_the_wording(open_app: TestClient) -> None:
    c = open_app
    r = c.get("/?audience=clinician")
    assert "legdx_audience=clinician" in r.headers["set-cookie"] and "Patient identifier" in r.text
    assert "Patient identifier" in c.get("/").text  # remembered by the cookie
    r = c.get("/?audience=patient")
    assert "A name or nickname" in r.text and "Describe it in your own words" in r.text
    r = c.post("/interview", data={"action": "start"})
    assert "Why am I asked this?" in r.text and 'class="live"' not in r.text
    c.get("/?audience=clinician")
    r = c.post("/interview", data={"action": "start"})
    assert "Why this is asked" in r.text and 'class="live"' in r.text


def test_result_page_structure_and_headers(open_app: TestClient) -> None:
    c = open_app
    aid = _stored(c)
    c.get("/?audience=clinician")
    r = c.get(f"/a/{aid}")
    assert r.status_code == 200
    html = r.text
    body = html[html.index("<body") :]
    assert body.index('class="banner') < body.index('<header class="site">')  # banner before anything else
    for part in (
        'id="differential"',
        'class="flow-svg"',
        'id="abi"',
        'id="management"',
        'id="references"',
        'class="evidence-table"',
        "LR used",
    ):
        assert part in html, part
    assert r.headers["content-security-policy"].startswith("default-src 'self'")
    assert r.headers["cache-control"] == "no-store" and r.headers["x-frame-options"] == "DENY"
    # nothing is loaded from outside legdx
    assert not re.search(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(?:https?:)?//', html)
    assert re.search(r'<script src="/static/legdx\.js\?v=', html)
    # the same assessment in plain words, without likelihood-ratio tables
    p = c.get(f"/a/{aid}?audience=patient").text
    assert "What this could mean" in p and "evidence-table" not in p and "This is not a diagnosis" in p
    # the full report is the report module's self-contained document
    rep = c.get(f"/a/{aid}/report")
    assert (
        rep.status_code == 200
        and "<style>" in rep.text
        and "unsafe-inline" in rep.headers["content-security-policy"]
    )


def test_errors_are_pages_that_say_what_is_wrong(open_app: TestClient) -> None:
    c = open_app
    r = c.get("/a/00000000-0000-0000-0000-000000000000")
    assert (
        r.status_code == 404 and "text/html" in r.headers["content-type"] and "No saved assessment" in r.text
    )
    r = c.post("/interview", data={"action": "answer", "a": ["not_a_finding:present"]})
    assert r.status_code == 400 and "not understood" in r.text
    r = c.post("/interview", data={"action": "start", "age": "12"})
    assert r.status_code == 422 and 'aria-invalid="true"' in r.text and "18 to 120" in r.text
    r = c.post("/abi", data={"brachial_right": "142", "dp_right": "900"})
    assert r.status_code == 422 and "allowed range" in r.text
    r = c.post("/text", data={"text": ""})
    assert r.status_code == 422 and "description first" in r.text
    r = c.get("/changes?before=x")
    assert r.status_code == 400
    assert c.get("/static/../routes.py").status_code == 404
    assert c.get("/static/nothing.css").status_code == 404


def test_interview_back_and_stop(open_app: TestClient) -> None:
    c = open_app
    r = c.post("/interview", data={"action": "start", "age": "70"})
    fid = re.search(r'name="finding" value="([^"]+)"', r.text).group(1)  # type: ignore[union-attr]
    r = c.post("/interview", data={"age": "70", "finding": fid, "answer": "no"})
    assert f'value="{fid}:absent"' in r.text and 'data-asked="1"' in r.text
    r = c.post("/interview", data={"age": "70", "a": [f"{fid}:absent"], "action": "back"})
    assert 'data-asked="0"' in r.text and f'name="finding" value="{fid}"' in r.text
    r = c.post("/interview", data={"age": "70", "a": [f"{fid}:absent"], "action": "stop"})
    assert 'data-done="yes"' in r.text and "you chose to stop here" in r.text
    r = c.post("/assess", data={"age": "70", "a": [f"{fid}:absent"]}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/a/")


def test_text_reader_missing_is_said_plainly(open_app: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from legdx.web import routes

    monkeypatch.setattr(routes, "text_reader_available", lambda: (False, "needs the [nlp] extra"))
    c = open_app
    c.get("/?audience=patient")
    assert "Not available on this server" in c.get("/").text
    r = c.post("/text", data={"text": "my legs hurt when I walk"})
    assert r.status_code == 501 and "Not available on this server" in r.text


def test_ask_box_without_the_ask_service(open_app: TestClient) -> None:
    c = open_app
    aid = _stored(c)
    r = c.post(f"/a/{aid}/ask", data={"question": "What is an ABI?"})
    assert r.status_code == 200 and "ask-answer" in r.text
    assert "Not available" in r.text or "ask-direct" in r.text


def test_saved_list_and_changes(open_app: TestClient) -> None:
    c = open_app
    pid = f"pages-{uuid.uuid4().hex[:6]}"
    first = _stored(c, patient_id=pid)
    r = c.post(
        f"/a/{first}/measurements",
        data={
            "brachial_right": "142",
            "brachial_left": "138",
            "dp_right": "126",
            "pt_right": "120",
            "dp_left": "92",
            "pt_left": "80",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    second = r.headers["location"].split("/a/")[1].split("?")[0]
    saved = c.get(f"/saved?patient={pid}").text
    assert saved.count('class="chip') == 2 and f"/changes?before={first}&amp;after={second}" in saved
    ch = c.get(f"/changes?before={first}&after={second}").text
    assert "points" in ch and "Triage" in ch
    assert "A later assessment of this patient exists" in c.get(f"/a/{first}").text


# --------------------------------------------------------------------------------------------------
# presentation helpers


def test_weeks_are_read_from_timelines() -> None:
    assert views.weeks_in("At least 12 weeks; review at about 6 and 12 weeks.") == [6, 12]
    assert views.weeks_in("Expected relief about 2 weeks to 6 months.") == [2, 26]
    assert views.weeks_in("Within 24 hours (progressive deficit).") == [0]
    assert views.weeks_in("30-45 minutes per session, for at least 12 weeks") == [12]
    assert views.weeks_in(None) == [] and views.weeks_in("Lifelong.") == []


def test_legs_and_changes_views() -> None:
    a = legdx.assess(
        {
            **CASE,
            "measurements": {
                "brachial_right": 142,
                "brachial_left": 138,
                "dp_right": 126,
                "pt_right": 120,
                "dp_left": 92,
                "pt_left": 80,
            },
        }
    )
    legs = views.legs(views.calculation(a, "abi"))
    assert [(lg.side, lg.abi, lg.category, lg.words) for lg in legs] == [
        ("right", "0.89", "abnormal", "Abnormal"),
        ("left", "0.65", "abnormal", "Abnormal"),
    ]
    assert views.abi_values(views.calculation(a, "abi"))["dp_left"] == "92"
    before = legdx.assess(CASE)
    ch = views.changes(before, a)
    pad = next(r for r in ch.conditions if r.id == "peripheral_artery_disease")
    assert pad.direction == "up" and pad.delta_pp is not None and pad.delta_pp > 0
    flow = views.workup_flow(a, {})
    assert flow is not None and any(b.status == "done" for b in flow.boxes)
    assert sum(b.status == "current" for b in flow.boxes) <= 1


def test_an_emergency_during_the_interview_is_shown_at_once(open_app: TestClient) -> None:
    c = open_app
    c.get("/?audience=patient")
    r = c.post(
        "/interview",
        data={
            "age": "60",
            "a": ["saddle_anesthesia:present", "new_urinary_retention_or_incontinence:present"],
        },
    )
    body = r.text[r.text.index("<body") :]
    assert "banner-emergency" in body and "Do this now:" in body
    assert body.index("banner-emergency") < body.index('<header class="site">')
