"""The web pages: start, interview, result, ABI calculator, saved assessments, what changed.

Server-rendered HTML (Jinja2) with forms that POST, so that everything works without JavaScript; a small
script enhances the interview and printing. The pages call the same core and storage as the REST API
(``legdx.server.service``, ``legdx.store.repo``): nothing medical is decided here.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import logging
import math
from collections.abc import Awaitable, Callable
from functools import lru_cache
from importlib import resources
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from legdx import model
from legdx.errors import InputError
from legdx.web import session, views
from legdx.web.views import WORDS

log = logging.getLogger("legdx.web")

router = APIRouter(include_in_schema=False)

MAX_ANSWERS = 200
MAX_TEXT = 20_000
ANSWER_STATES = {
    "yes": "present",
    "no": "absent",
    "unknown": "unknown",
    "present": "present",
    "absent": "absent",
}
ANSWER_WORDS = {"present": "Yes", "absent": "No", "unknown": "Not sure"}

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'none'"
)

STATIC_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}


class WebError(Exception):
    """Show an error page (HTML, never a JSON problem) with this status and message."""

    def __init__(self, status: int, message: str, title: str = "Something is wrong"):
        super().__init__(message)
        self.status = status
        self.message = message
        self.title = title


# --------------------------------------------------------------------------------------------------
# Templates and static files


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("legdx.web", "templates"),
        autoescape=select_autoescape(["html", "svg"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["static"] = static_url
    env.filters["pct"] = views.pct
    return env


def _static_dir() -> Any:
    return resources.files("legdx.web") / "static"


@lru_cache(maxsize=32)
def _static(name: str) -> tuple[bytes, str] | None:
    if "/" in name or "\\" in name or name.startswith("."):
        return None
    f = _static_dir() / name
    if not f.is_file():
        return None
    data = f.read_bytes()
    return data, hashlib.sha256(data).hexdigest()[:12]


def static_url(name: str) -> str:
    hit = _static(name)
    return f"/static/{name}?v={hit[1]}" if hit else f"/static/{name}"


def _headers(response: Response, csp: str = CSP) -> Response:
    response.headers["Content-Security-Policy"] = csp
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"  # "no-referrer" would make Origin "null"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def page(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    aud = ctx.pop("audience", None) or session.audience(request) or "patient"
    client = ctx.pop("client", None)
    base: dict[str, Any] = {
        "request": request,
        "audience": aud,
        "w": WORDS[aud],
        "signed_in": client is not None and client.kind != "insecure-dev",
        "auth_on": session.auth_on(request),
        "switch_base": request.url.path if request.method == "GET" else "/",
        "path": request.url.path,
    }
    base.update(ctx)
    html = _env().get_template(template).render(**base)
    resp = HTMLResponse(html, status_code=status)
    session.remember_audience(request, resp)
    return _headers(resp)  # type: ignore[return-value]


def error_page(request: Request, err: WebError) -> HTMLResponse:
    return page(request, "error.html", status=err.status, title=err.title, message=err.message)


@router.get("/static/{name}")
def static_file(name: str) -> Response:
    hit = _static(name)
    ext = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if hit is None or ext not in STATIC_TYPES:
        return Response("not found", status_code=404, media_type="text/plain")
    return Response(
        hit[0],
        media_type=STATIC_TYPES[ext],
        headers={
            "Cache-Control": "public, max-age=86400",
            "ETag": f'"{hit[1]}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


# --------------------------------------------------------------------------------------------------
# Shared helpers


def _ck(request: Request) -> Any:
    return getattr(request.app.state, "ck", None)


def _kb(request: Request) -> Any:
    from legdx.server.service import kb_of

    return kb_of(_ck(request))


async def _client(request: Request) -> Any:
    return await run_in_threadpool(session.current_client, request)


def _signin_redirect(request: Request) -> RedirectResponse:
    from urllib.parse import quote

    nxt = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/signin?next={quote(nxt)}", status_code=303)


def signed_in(route: Callable[..., Awaitable[Response]]) -> Callable[..., Awaitable[Response]]:
    """The opening every signed-in page shares: the signed-in client (or a redirect to sign in), given to
    the route as ``client``; a ``WebError`` or ``InputError`` it raises becomes the error page."""
    sig = inspect.signature(route)

    @functools.wraps(route)
    async def page_route(request: Request, **params: Any) -> Response:
        client = await _client(request)
        if client is None:
            return _signin_redirect(request)
        try:
            return await route(request, client=client, **params)
        except WebError as e:
            return error_page(request, e)
        except InputError as e:
            return error_page(request, WebError(400, str(e)))

    # FastAPI reads the parameters from the signature: ``client`` is ours, not the request's
    page_route.__signature__ = sig.replace(  # type: ignore[attr-defined]
        parameters=[p for p in sig.parameters.values() if p.name != "client"]
    )
    return page_route


async def _form(request: Request) -> Any:
    if not session.same_origin(request):
        raise WebError(
            403,
            "This form was sent from another site, so it was refused. Open legdx and try again.",
            "Refused",
        )
    try:
        return await request.form(max_files=0, max_fields=MAX_ANSWERS + 50)
    except Exception as exc:  # malformed form bodies
        raise WebError(400, f"The form could not be read ({type(exc).__name__}).") from None


def text_reader_available() -> tuple[bool, str]:
    """Whether free text can be read here (the [nlp] extra), and why not."""
    try:
        from legdx.text import read_text  # noqa: F401
    except ImportError as exc:
        return False, f"reading free text needs the [nlp] extra (pip install 'legdx[nlp]'): {exc}"
    return True, ""


def _names(kb: Any, audience: str) -> dict[str, str]:
    return {cid: getattr(c.name, audience) for cid, c in kb.conditions.items()}


def _demographics(form: Any, audience: str) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """(case fields, raw values to show again, errors by field) from the start/interview form."""
    raw = {k: str(form.get(k) or "").strip() for k in ("age", "sex", "setting", "patient_id")}
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if raw["age"]:
        try:
            age = float(raw["age"].replace(",", "."))
            if not math.isfinite(age) or age < 18 or age > 120:
                raise ValueError
            data["age"] = age
        except ValueError:
            errors["age"] = (
                "Enter the age in years, from 18 to 120 (legdx is for adults)."
                if audience == "clinician"
                else "Please enter your age in years as a number from 18 to 120. legdx is for adults."
            )
    if raw["sex"]:
        if raw["sex"] not in ("female", "male", "other"):
            errors["sex"] = "Choose one of the options."
        else:
            data["sex"] = raw["sex"]
    setting = raw["setting"] or "primary_care"
    if setting not in {s for s, _ in views.SETTINGS}:
        errors["setting"] = "Choose one of the options."
    else:
        data["setting"] = setting
    pid = raw["patient_id"]
    if pid:
        if len(pid) > 200 or not pid.isprintable():
            errors["patient_id"] = "Use at most 200 ordinary characters."
        else:
            data["patient_id"] = pid
    return data, raw, errors


def _answers(values: list[str], kb: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    if len(values) > MAX_ANSWERS:
        raise WebError(400, f"Too many answers (at most {MAX_ANSWERS}).")
    for v in values:
        fid, _, state = str(v).partition(":")
        if fid not in kb.findings or state not in ("present", "absent", "unknown"):
            raise WebError(400, "The interview answers sent back were not understood. Please start again.")
        if fid not in seen:
            seen.add(fid)
            out.append((fid, state))
    return out


def _case(demo: dict[str, Any], answers: list[tuple[str, str]]) -> model.Case:
    data = dict(demo)
    data["findings"] = {fid: {"state": st, "origin": "interview"} for fid, st in answers}
    try:
        return model.Case.model_validate(data)
    except ValidationError as exc:
        raise WebError(
            400, "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        ) from None


def _load(request: Request, assessment_id: str, client: Any) -> Any:
    """The stored record (audited like ``GET /v1/assessments/{id}``), or a 404 page."""
    from legdx.store import repo

    db = request.app.state.db
    with db.session() as s:
        rec = repo.get_assessment(s, assessment_id) if 0 < len(assessment_id) <= 36 else None
        repo.audit(
            s,
            client.id,
            "assessment.read",
            "Assessment",
            assessment_id[:64],
            outcome="success" if rec else "not-found",
            request_id=getattr(request.state, "request_id", None),
        )
    if rec is None:
        raise WebError(404, "No saved assessment has this id. It may have been typed wrongly.", "Not found")
    return rec


def _record_case(rec: Any, ck: Any) -> model.Case:
    """The case a stored assessment was made from (free text is read again)."""
    from legdx.server.service import prepare_input

    try:
        return prepare_input(json.loads(rec.input_json), ck=ck).case
    except (InputError, ValueError) as exc:
        raise WebError(
            409,
            f"This assessment cannot be changed here: its input cannot be read again ({exc}).",
            "Cannot update",
        ) from None


def _store(request: Request, case: model.Case, source: str, body: Any, audience: str, client: Any) -> str:
    from legdx.server.service import Prepared, assess_and_store

    aid, _a, _out = assess_and_store(
        request.app.state.db,
        Prepared(case, source),
        body=body,
        audience=audience,
        client=client,
        request_id=getattr(request.state, "request_id", None),
        ck=_ck(request),
        cache=getattr(request.app.state, "assess_cache", None),
    )
    return aid


def _store_text(request: Request, body: dict[str, Any], audience: str, client: Any) -> str:
    from legdx.server.service import assess_and_store, prepare_input

    prepared = prepare_input(body, ck=_ck(request))
    aid, _a, _out = assess_and_store(
        request.app.state.db,
        prepared,
        body=body,
        audience=audience,
        client=client,
        request_id=getattr(request.state, "request_id", None),
        ck=_ck(request),
        cache=getattr(request.app.state, "assess_cache", None),
    )
    return aid


# --------------------------------------------------------------------------------------------------
# Start, sign-in


@router.get("/", response_class=HTMLResponse)
async def start(request: Request) -> Response:
    client = await _client(request)
    aud = session.audience(request, default=None)
    return start_page(request, aud, client, need_signin=client is None)


def start_page(
    request: Request,
    aud: str | None,
    client: Any,
    *,
    raw: dict[str, Any] | None = None,
    errors: dict[str, Any] | None = None,
    status: int = 200,
    need_signin: bool = False,
) -> HTMLResponse:
    """The start page, fresh or shown again with what was typed and what was wrong with it."""
    ok, why = text_reader_available()
    return page(
        request,
        "start.html",
        status=status,
        audience=aud or "patient",
        client=client,
        chosen=aud,
        title="Start",
        text_ok=ok,
        text_why=why,
        raw=raw or {},
        errors=errors or {},
        settings_list=_settings(aud),
        sexes=views.SEXES,
        need_signin=need_signin,
        next="/",
    )


def _settings(aud: str | None) -> tuple[tuple[str, str], ...]:
    return views.PATIENT_SETTINGS if aud == "patient" else views.SETTINGS


@router.get("/signin", response_class=HTMLResponse)
async def signin_form(request: Request) -> Response:
    if not session.auth_on(request):
        return RedirectResponse("/", status_code=303)
    return page(
        request,
        "signin.html",
        title="Sign in",
        next=session.safe_next(request.query_params.get("next")),
        error=None,
    )


@router.post("/signin", response_class=HTMLResponse)
async def signin(request: Request) -> Response:
    try:
        form = await _form(request)
    except WebError as e:
        return error_page(request, e)
    nxt = session.safe_next(str(form.get("next") or "/"))
    key = str(form.get("api_key") or "").strip()
    client = await run_in_threadpool(session.sign_in, request, key) if key else None
    if client is None:
        return page(
            request,
            "signin.html",
            status=401,
            title="Sign in",
            next=nxt,
            error="That key was not accepted: it is unknown, revoked or mistyped."
            if key
            else "Enter your legdx API key.",
        )
    resp = RedirectResponse(nxt, status_code=303)
    session.set_session(request, resp, key)
    return resp


@router.post("/signout")
async def signout(request: Request) -> Response:
    resp = RedirectResponse("/", status_code=303)
    session.end_session(resp)
    return resp


# --------------------------------------------------------------------------------------------------
# Interview


@router.post("/interview", response_class=HTMLResponse)
@signed_in
async def interview(request: Request, client: Any) -> Response:
    aud = session.audience(request) or "patient"
    form = await _form(request)
    kb = _kb(request)
    demo, raw, errors = _demographics(form, aud)
    if errors:
        return start_page(request, aud, client, raw=raw, errors=errors, status=422)
    answers = _answers(form.getlist("a"), kb)
    action = str(form.get("action") or "answer")
    if action == "back" and answers:
        answers.pop()
    elif action == "answer":
        fid = str(form.get("finding") or "")
        state = ANSWER_STATES.get(str(form.get("answer") or ""))
        if fid and state:
            if fid not in kb.findings:
                raise WebError(400, "That question is not known. Please start again.")
            if fid not in {f for f, _ in answers}:
                answers.append((fid, state))
    case = _case(demo, answers)
    ctx = await run_in_threadpool(_interview_context, request, case, answers, aud, action == "stop")
    return page(request, "interview.html", audience=aud, client=client, raw=raw, **ctx)


def _interview_context(
    request: Request, case: model.Case, answers: list[tuple[str, str]], aud: str, stopped: bool
) -> dict[str, Any]:
    from legdx.engine.interview import next_step

    kb = _kb(request)
    step = next_step(case, audience=aud, ck=_ck(request))
    wording = kb.settings.triage_wording[step.triage_level]
    label, action = getattr(wording.label, aud), getattr(wording.action, aud)
    bn = views.banner(step.triage_level, label, action, aud)
    names = _names(kb, aud)
    # progress of the red-flag screen: flags whose first screening question was answered
    answered = {f for f, _ in answers}
    flags = []
    for rf in kb.red_flags.values():
        screen = [f for f in rf.screen if aud in kb.findings[f].ask_in_setting]
        if screen:
            flags.append(screen[0])
    screened = sum(1 for f in flags if f in answered)
    done = stopped or step.should_stop
    reason = "you chose to stop here" if stopped and not step.should_stop else step.stop_reason
    q = step.question
    history = []
    for fid, st in answers:
        d = kb.findings[fid]
        text = getattr(d.question, aud) if d.question is not None else getattr(d.name, aud)
        history.append({"text": text, "answer": ANSWER_WORDS[st]})
    return {
        "title": "Interview" if not done else "Interview finished",
        "banner": bn,
        "question": None if done else q,
        "done": done,
        "stop_reason": reason,
        "asked": len(answers),
        "max_questions": int(kb.settings.get("max_questions")),
        "phase": (q.phase if q and not done else "done"),
        "flags_total": len(flags),
        "flags_screened": min(screened, len(flags)),
        "answers": [f"{f}:{s}" for f, s in answers],
        "history": history,
        "live": views.live_bars(step.top, names, aud),
    }


@router.post("/assess")
@signed_in
async def assess_answers(request: Request, client: Any) -> Response:
    aud = session.audience(request) or "patient"
    form = await _form(request)
    kb = _kb(request)
    demo, _raw, errors = _demographics(form, aud)
    if errors:
        raise WebError(422, "; ".join(errors.values()))
    case = _case(demo, _answers(form.getlist("a"), kb))
    body = case.model_dump(mode="json", exclude_none=True, exclude={"schema_version"})
    aid = await run_in_threadpool(_store, request, case, "interview", body, aud, client)
    return RedirectResponse(f"/a/{aid}", status_code=303)


@router.post("/text")
@signed_in
async def assess_text(request: Request, client: Any) -> Response:
    aud = session.audience(request) or "patient"
    form = await _form(request)
    demo, raw, errors = _demographics(form, aud)
    text = str(form.get("text") or "").strip()
    if not text:
        errors["text"] = "Write or paste a description first."
    elif len(text) > MAX_TEXT:
        errors["text"] = f"The description is too long: at most {MAX_TEXT} characters."
    ok, _why = text_reader_available()
    if errors or not ok:
        raw["text"] = text
        return start_page(request, aud, client, raw=raw, errors=errors, status=422 if errors else 501)
    body: dict[str, Any] = {"text": text, **demo}
    if body.get("setting") == "primary_care":
        body.pop("setting")
    aid = await run_in_threadpool(_store_text, request, body, aud, client)
    return RedirectResponse(f"/a/{aid}", status_code=303)


# --------------------------------------------------------------------------------------------------
# Result


def _result_context(request: Request, assessment_id: str, client: Any) -> dict[str, Any]:
    from legdx.engine.assess import assess
    from legdx.store import repo

    rec = _load(request, assessment_id, client)
    stored = model.Assessment.model_validate_json(rec.output_json)
    aud = session.audience(request, default=None) or stored.audience
    a = stored
    if aud != stored.audience:
        a = assess(_record_case(rec, _ck(request)), audience=aud, ck=_ck(request))
    kb = _kb(request)
    names = {**_names(kb, aud), **{d.id: d.name for d in a.differential}}
    later = earlier = None
    if rec.patient_id:
        with request.app.state.db.session() as s:
            rows, _n = repo.list_assessments(s, patient_id=rec.patient_id, limit=200)
            ids = [r.id for r in rows]  # newest first
            i = ids.index(rec.id) if rec.id in ids else -1
            if i > 0:
                later = {"id": rows[0].id, "created_at": rows[0].created_at}
            if 0 <= i < len(rows) - 1:
                earlier = {"id": rows[i + 1].id, "created_at": rows[i + 1].created_at}
    prev = request.query_params.get("prev")
    if prev and (len(prev) > 36 or not all(c.isalnum() or c == "-" for c in prev)):
        prev = None
    abi = views.calculation(a, "abi")
    finding_names = {f.id: f.name for f in a.findings}
    for d in a.differential:
        for e in (*d.evidence_for, *d.evidence_against):
            finding_names.setdefault(e.finding, e.name)
    return {
        "finding_names": finding_names,
        "rec": rec,
        "a": a,
        "audience": aud,
        "banner": views.assessment_banner(a),
        "title": f"{views.level_words(a.triage.level)}: {WORDS[aud]['result_title']}",
        "bars": views.bars(a),
        "flow": views.workup_flow(a, names),
        "abi": abi,
        "legs": views.legs(abi) if abi else None,
        "abi_values": views.abi_values(abi),
        "abi_fields": views.ABI_FIELDS,
        "abi_errors": {},
        "timelines": [views.timeline(p, aud) for p in a.management],
        "later": later,
        "earlier": earlier,
        "prev": prev,
        "emergency": views.is_emergency(a.triage.level),
    }


@router.get("/a/{assessment_id}", response_class=HTMLResponse)
@signed_in
async def result(request: Request, assessment_id: str, client: Any) -> Response:
    ctx = await run_in_threadpool(_result_context, request, assessment_id, client)
    return page(request, "result.html", client=client, print_mode=False, ask=None, **ctx)


@router.get("/a/{assessment_id}/print", response_class=HTMLResponse)
@signed_in
async def result_print(request: Request, assessment_id: str, client: Any) -> Response:
    ctx = await run_in_threadpool(_result_context, request, assessment_id, client)
    return page(request, "result.html", client=client, print_mode=True, ask=None, **ctx)


@router.get("/a/{assessment_id}/report")
@signed_in
async def full_report(request: Request, assessment_id: str, client: Any) -> Response:
    """The complete printable report (every evidence table), as ``legdx assess --format html`` renders it."""
    from legdx.report import render

    ctx = await run_in_threadpool(_result_context, request, assessment_id, client)
    return _headers(HTMLResponse(render(ctx["a"], "html")), REPORT_CSP)


@router.post("/a/{assessment_id}/ask", response_class=HTMLResponse)
@signed_in
async def ask(request: Request, assessment_id: str, client: Any) -> Response:
    form = await _form(request)
    question = str(form.get("question") or "").strip()
    ctx = await run_in_threadpool(_result_context, request, assessment_id, client)
    if not question:
        answer: dict[str, Any] = {"question": "", "error": "Write a question first."}
    elif len(question) > 2000:
        answer = {"question": question[:2000], "error": "The question is too long: at most 2000 characters."}
    else:
        from legdx.web.ask import ask_service

        case = await run_in_threadpool(_ask_case, request, ctx["rec"])
        answer = await ask_service(request, question, ctx["audience"], case)
    return page(request, "result.html", client=client, print_mode=False, ask=answer, **ctx)


def _ask_case(request: Request, rec: Any) -> dict[str, Any] | None:
    """The assessment's case, so that "what if" questions are about this patient (None if unreadable)."""
    try:
        case = _record_case(rec, _ck(request))
    except WebError:
        return None
    return case.model_dump(mode="json", exclude_none=True, exclude={"schema_version", "text"})


# --------------------------------------------------------------------------------------------------
# ABI calculator


def _abi_form(form: Any) -> tuple[dict[str, float], dict[str, str], dict[str, str]]:
    values: dict[str, float] = {}
    raw: dict[str, str] = {}
    errors: dict[str, str] = {}
    for fid, _label, _group in views.ABI_FIELDS:
        v = str(form.get(fid) or "").strip()
        raw[fid] = v
        if not v:
            continue
        try:
            x = float(v.replace(",", "."))
            if not math.isfinite(x):
                raise ValueError
            values[fid] = x
        except ValueError:
            errors[fid] = "Enter a pressure in mmHg as a number (0 means no Doppler signal)."
    return values, raw, errors


def _abi_compute(request: Request, values: dict[str, float]) -> tuple[Any, list[Any], dict[str, str]]:
    from legdx.calculators import measure

    errors: dict[str, str] = {}
    try:
        _vars, calcs, warnings = measure(values, _kb(request))
    except InputError as exc:
        for where, msg in exc.problems:
            errors[where.removeprefix("measurements.")] = msg[0].upper() + msg[1:] + "."
        return None, [], errors
    return next((c for c in calcs if c.id == "abi"), None), warnings, errors


@router.get("/abi", response_class=HTMLResponse)
@signed_in
async def abi_form(request: Request, client: Any) -> Response:
    src = request.query_params.get("from") or ""
    values: dict[str, str] = {}
    if src:
        try:
            ctx = await run_in_threadpool(_result_context, request, src, client)
            values = ctx["abi_values"]
        except WebError as e:
            return error_page(request, e)
    return page(
        request,
        "abi.html",
        client=client,
        title="ABI calculator",
        calc=None,
        legs=None,
        warnings=[],
        values=values,
        errors={},
        fields=views.ABI_FIELDS,
        source_id=src or None,
    )


@router.post("/abi", response_class=HTMLResponse)
@signed_in
async def abi_calculate(request: Request, client: Any) -> Response:
    form = await _form(request)
    values, raw, errors = _abi_form(form)
    src = str(form.get("assessment") or "") or None
    calc: Any = None
    warnings: list[Any] = []
    if not errors:
        if not any(k.startswith(("dp_", "pt_", "toe_")) for k in values):
            errors["dp_right"] = "Enter at least one ankle or toe pressure."
        else:
            calc, warnings, errors = await run_in_threadpool(_abi_compute, request, values)
    return page(
        request,
        "abi.html",
        status=422 if errors else 200,
        client=client,
        title="ABI calculator",
        calc=calc,
        legs=views.legs(calc) if calc else None,
        warnings=warnings,
        values=raw,
        errors=errors,
        fields=views.ABI_FIELDS,
        source_id=src,
    )


def _update_measurements(
    request: Request, assessment_id: str, values: dict[str, float], client: Any, aud: str
) -> str:
    rec = _load(request, assessment_id, client)
    case = _record_case(rec, _ck(request))
    data = case.model_dump(mode="json", exclude_none=True, exclude={"schema_version"})
    data["measurements"] = {**data.get("measurements", {}), **values}
    try:
        new = model.Case.model_validate(data)
    except ValidationError as exc:
        raise WebError(400, str(exc)) from None
    return _store(request, new, "case", data, aud, client)


@router.post("/a/{assessment_id}/measurements")
@signed_in
async def add_measurements(request: Request, assessment_id: str, client: Any) -> Response:
    aud = session.audience(request) or "patient"
    form = await _form(request)
    values, _raw, errors = _abi_form(form)
    if errors or not values:
        raise WebError(422, "; ".join(errors.values()) or "No pressures were given.")
    _calc, _w, errors = await run_in_threadpool(_abi_compute, request, values)
    if errors:
        raise WebError(422, "; ".join(errors.values()))
    aid = await run_in_threadpool(_update_measurements, request, assessment_id, values, client, aud)
    return RedirectResponse(f"/a/{aid}?prev={assessment_id}", status_code=303)


# --------------------------------------------------------------------------------------------------
# Saved assessments and what changed


def _saved_context(request: Request, patient: str | None, offset: int, client: Any) -> dict[str, Any]:
    from legdx.store import repo

    aud = session.audience(request) or "patient"
    kb = _kb(request)
    names = _names(kb, aud)
    with request.app.state.db.session() as s:
        rows, total = repo.list_assessments(s, patient_id=patient, limit=50, offset=offset)
        repo.audit(
            s,
            client.id,
            "assessment.search",
            "Assessment",
            None,
            request_id=getattr(request.state, "request_id", None),
        )
        items = []
        for i, r in enumerate(rows):
            older = next((o for o in rows[i + 1 :] if r.patient_id and o.patient_id == r.patient_id), None)
            items.append(
                {
                    "id": r.id,
                    "created_at": r.created_at,
                    "patient_id": r.patient_id,
                    "source": r.source,
                    "audience": r.audience,
                    "banner": views.banner(r.triage_level, "", "", aud),
                    "top": names.get(r.top_condition or "", r.top_condition),
                    "top_p": views.pct(r.top_probability) if r.top_probability is not None else "-",
                    "older": older.id if older else None,
                }
            )
    return {"items": items, "total": total, "offset": offset, "patient": patient or "", "limit": 50}


@router.get("/saved", response_class=HTMLResponse)
@signed_in
async def saved(request: Request, client: Any) -> Response:
    patient = (request.query_params.get("patient") or "").strip()[:200] or None
    try:
        offset = max(0, min(1_000_000, int(request.query_params.get("offset") or 0)))
    except ValueError:
        offset = 0
    ctx = await run_in_threadpool(_saved_context, request, patient, offset, client)
    return page(request, "saved.html", client=client, title="Saved assessments", **ctx)


def _changes_context(request: Request, before: str, after: str, client: Any) -> dict[str, Any]:
    rb = _load(request, before, client)
    ra = _load(request, after, client)
    if rb.created_at > ra.created_at:
        rb, ra = ra, rb
    b = model.Assessment.model_validate_json(rb.output_json)
    a = model.Assessment.model_validate_json(ra.output_json)
    return {
        "before": rb,
        "after": ra,
        "ch": views.changes(b, a),
        "same_patient": bool(rb.patient_id) and rb.patient_id == ra.patient_id,
    }


@router.get("/changes", response_class=HTMLResponse)
@signed_in
async def what_changed(request: Request, client: Any) -> Response:
    before = request.query_params.get("before") or ""
    after = request.query_params.get("after") or ""
    if not before or not after:
        raise WebError(400, "Choose two assessments to compare (before and after).")
    ctx = await run_in_threadpool(_changes_context, request, before, after, client)
    return page(request, "changes.html", client=client, title="What changed", **ctx)
