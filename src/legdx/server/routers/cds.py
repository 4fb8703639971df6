"""``/cds-services``: CDS Hooks 2.0 discovery, the ``patient-view`` service and feedback."""

from __future__ import annotations

import asyncio
import ipaddress
import json
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urljoin, urlsplit

import httpx
from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool

from legdx.errors import InputError
from legdx.fhir import cds_hooks
from legdx.server import service
from legdx.server.deps import CdsClient, CkDep, DbDep, request_id
from legdx.server.problems import AUTH_RESPONSES, NOT_FOUND, PROBLEM, Problem, ProblemError
from legdx.store import repo

router = APIRouter(prefix="/cds-services", tags=["cds-hooks"], responses=AUTH_RESPONSES)

FHIR_JSON = "application/fhir+json"
MAX_PAGES = 5
ServiceId = Annotated[str, Path(max_length=100)]


class FhirAuthorization(BaseModel):
    model_config = ConfigDict(extra="allow")
    access_token: str = Field(max_length=10_000)
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int | None = None
    scope: str | None = None
    subject: str | None = None
    patient: str | None = None


class HookRequest(BaseModel):
    """A CDS Hooks 2.0 service call."""

    model_config = ConfigDict(extra="allow")
    hook: str = Field(max_length=100)
    hookInstance: str = Field(max_length=100)  # noqa: N815 - CDS Hooks field name
    fhirServer: str | None = Field(default=None, max_length=2000)  # noqa: N815
    fhirAuthorization: FhirAuthorization | None = None  # noqa: N815
    context: dict[str, Any]
    prefetch: dict[str, Any] | None = None


class OverrideReason(BaseModel):
    model_config = ConfigDict(extra="allow")
    reason: dict[str, Any] | None = None
    userComment: str | None = Field(default=None, max_length=5000)  # noqa: N815


class FeedbackItem(BaseModel):
    model_config = ConfigDict(extra="allow")
    card: str = Field(max_length=36)
    outcome: Literal["accepted", "overridden"]
    acceptedSuggestions: list[dict[str, Any]] | None = None  # noqa: N815
    overrideReason: OverrideReason | None = None  # noqa: N815
    outcomeTimestamp: datetime  # noqa: N815

    @field_validator("outcomeTimestamp")
    @classmethod
    def _utc(cls, v: datetime) -> datetime:
        return v.replace(tzinfo=UTC) if v.tzinfo is None else v.astimezone(UTC)

    @field_validator("acceptedSuggestions")
    @classmethod
    def _ids(cls, v: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
        for s in v or []:
            if not isinstance(s.get("id"), str):
                raise ValueError("each accepted suggestion needs an 'id' (the suggestion's uuid)")
        return v


class Feedback(BaseModel):
    feedback: list[FeedbackItem] = Field(min_length=1, max_length=100)


class CdsResponse(BaseModel):
    cards: list[dict[str, Any]]
    systemActions: list[dict[str, Any]] = Field(default_factory=list)  # noqa: N815


class Discovery(BaseModel):
    services: list[dict[str, Any]]


@router.get("", response_model=Discovery, summary="CDS Hooks discovery")
async def discovery(client: CdsClient) -> dict[str, Any]:
    return cds_hooks.discovery()


def _fhir_server_allowed(url: str, allow: list[str]) -> bool:
    if allow:
        return any(url.rstrip("/") == a.rstrip("/") or url.startswith(a.rstrip("/") + "/") for a in allow)
    parts = urlsplit(url)
    if parts.scheme == "https":
        return True
    if parts.scheme == "http" and parts.hostname:
        if parts.hostname == "localhost":
            return True
        try:
            return ipaddress.ip_address(parts.hostname).is_loopback
        except ValueError:
            return False
    return False


async def _fetch(
    http: httpx.AsyncClient, base: str, query: str, token: str | None, timeout: float
) -> dict[str, Any]:
    """GET a FHIR query from the client's server, following a searchset's next links a few pages."""
    headers = {"Accept": FHIR_JSON}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    url = base.rstrip("/") + "/" + query
    first: dict[str, Any] | None = None
    for _ in range(MAX_PAGES):
        r = await http.get(url, headers=headers, timeout=timeout, follow_redirects=False)
        if r.status_code != 200:
            raise ProblemError(412, f"the FHIR server answered {r.status_code} for {query.split('?')[0]}")
        data = r.json()
        if not isinstance(data, dict):
            raise ProblemError(412, "the FHIR server did not answer with a FHIR resource")
        if first is None:
            first = data
        else:
            first.setdefault("entry", []).extend(data.get("entry") or [])
        if data.get("resourceType") != "Bundle":
            break
        nxt = next((lk.get("url") for lk in data.get("link") or [] if lk.get("relation") == "next"), None)
        if not nxt:
            break
        url = urljoin(base.rstrip("/") + "/", nxt)
        if not url.startswith(base.rstrip("/")):
            break  # never follow a next link to another server with the token
    assert first is not None
    return first


def _precondition(message: str) -> JSONResponse:
    return JSONResponse(cds_hooks.operation_outcome(message), status_code=412, media_type=FHIR_JSON)


@router.post(
    "/{service_id}",
    response_model=CdsResponse,
    summary="Call a CDS service (patient-view)",
    responses={
        **NOT_FOUND,
        412: {
            "description": "Prefetch missing and no fhirServer to fetch it from (OperationOutcome)",
            "content": {FHIR_JSON: {}},
        },
        400: {"model": Problem, "description": "Malformed request", "content": {PROBLEM: {}}},
    },
)
async def call_service(
    service_id: ServiceId,
    req: HookRequest,
    request: Request,
    client: CdsClient,
    db: DbDep,
    ck: CkDep,
) -> Any:
    if service_id != cds_hooks.SERVICE_ID:
        raise ProblemError(404, f"no CDS service '{service_id}'", kind="not-found")
    if req.hook != cds_hooks.HOOK:
        raise ProblemError(
            400,
            f"service {service_id} answers the '{cds_hooks.HOOK}' hook, not '{req.hook}'",
            kind="wrong-hook",
            errors=[("hook", "wrong hook")],
        )
    patient_id = req.context.get("patientId")
    if not isinstance(patient_id, str) or not patient_id or len(patient_id) > 200:
        raise InputError("patient-view needs context.patientId", "context.patientId")
    if req.fhirAuthorization is not None and not req.fhirServer:
        raise InputError("fhirServer is required when fhirAuthorization is given", "fhirServer")
    settings = request.app.state.settings
    prefetch = dict(req.prefetch or {})
    templates = cds_hooks.prefetch_templates()
    missing = [k for k in templates if prefetch.get(k) is None]
    if missing:
        if not req.fhirServer:
            return _precondition(
                f"prefetch {', '.join(missing)} missing and no fhirServer was given to fetch it from"
            )
        if not _fhir_server_allowed(req.fhirServer, settings.cds_fhir_allow):
            raise ProblemError(
                400,
                "fhirServer is not allowed (https, a loopback address, or the configured allow-list)",
                kind="fhir-server-not-allowed",
                errors=[("fhirServer", "not allowed")],
            )
        token = req.fhirAuthorization.access_token if req.fhirAuthorization else None
        queries = [cds_hooks.render_template(templates[key], req.context) for key in missing]
        fetched = await asyncio.gather(
            *(
                _fetch(request.app.state.http, req.fhirServer, q, token, settings.cds_fetch_timeout_s)
                for q in queries
            ),
            return_exceptions=True,
        )  # all at once: the service should answer in about 500 ms
        for key, got in zip(missing, fetched, strict=True):
            if isinstance(got, ProblemError):
                return _precondition(f"prefetch {key} missing and {got.detail}")
            if isinstance(got, httpx.HTTPError | ValueError):
                return _precondition(
                    f"prefetch {key} missing and fetching it from fhirServer failed ({type(got).__name__})"
                )
            if isinstance(got, BaseException):
                raise got
            prefetch[key] = got
    bundle = cds_hooks.bundle_from_prefetch(prefetch)
    rid = request_id(request)
    web = (settings.web_url or settings.public_url or str(request.base_url)).rstrip("/")

    def work() -> list[dict[str, Any]]:
        from legdx.fhir.read import read_bundle

        try:
            r = read_bundle(
                bundle, as_of=datetime.now(UTC).date(), kb=service.kb_of(ck), patient_id=patient_id
            )
        except InputError:
            # not assessable (e.g. a child, or a malformed record): no cards, nothing stored
            return []
        prepared = service.Prepared(r.case, "cds", r.warnings, r.basis)
        stored_input = {
            "hook": req.hook,
            "hookInstance": req.hookInstance,
            "context": req.context,
            "bundle": bundle,
        }
        aid = repo.new_id()
        done = service.assess_case(
            prepared, audience="clinician", ck=ck, cache=request.app.state.assess_cache
        )
        lead = service.kb_of(ck).settings.get("leading_probability")
        out = cds_hooks.cards(
            done.model(),
            assessment_id=aid,
            patient_id=patient_id,
            assessment_url=f"{web}/a/{aid}",  # the web app's result page (legdx.web)
            home_url=web,
            leading_probability=lead,
        )

        def cards_and_audit(s: Connection) -> None:
            repo.remember_cards(s, service_id, aid, out)
            repo.audit(s, client.id, "cds.patient-view", "Assessment", aid, request_id=rid)

        service.store(
            db,
            prepared,
            done,
            body=stored_input,
            client=client,
            request_id=rid,
            assessment_id=aid,
            also=cards_and_audit,
        )
        return out

    return {"cards": await service.run_assessment(request, work)}


@router.post(
    "/{service_id}/feedback", summary="Feedback on cards (accepted or overridden)", responses=NOT_FOUND
)
async def feedback(
    service_id: ServiceId, body: Feedback, request: Request, client: CdsClient, db: DbDep
) -> dict[str, int]:
    if service_id != cds_hooks.SERVICE_ID:
        raise ProblemError(404, f"no CDS service '{service_id}'", kind="not-found")
    rid = request_id(request)

    def work() -> int:
        with db.session() as s:
            unknown = [
                (f"feedback[{i}].card", "no card with this uuid was issued by this service")
                for i, it in enumerate(body.feedback)
                if not repo.card_exists(s, service_id, it.card)
            ]
            if unknown:
                raise ProblemError(
                    404,
                    "feedback names cards this service did not issue",
                    kind="unknown-card",
                    errors=unknown,
                )
            for it in body.feedback:
                repo.save_feedback(
                    s,
                    service_id,
                    client.id,
                    json.loads(it.model_dump_json()) | {"outcomeTimestamp": it.outcomeTimestamp},
                )
                repo.audit(s, client.id, f"cds.feedback.{it.outcome}", "CdsCard", it.card, request_id=rid)
        return len(body.feedback)

    return {"stored": await run_in_threadpool(work)}
