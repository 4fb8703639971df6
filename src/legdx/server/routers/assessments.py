"""``/v1/assessments``: assess a case, a free text or a FHIR Bundle; read stored assessments back."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from legdx.server import service
from legdx.server.deps import ApiClient, DbDep, request_id
from legdx.server.problems import AUTH_RESPONSES, NOT_FOUND, PROBLEM, Problem, ProblemError
from legdx.server.schemas import AssessmentList, AssessmentSummary, StoredAssessment
from legdx.store import repo

router = APIRouter(prefix="/v1/assessments", tags=["assessments"], responses=AUTH_RESPONSES)

Audience = Annotated[str, Query(pattern="^(clinician|patient)$", description="clinician | patient")]

_BODY = {
    "requestBody": {
        "required": True,
        "description": 'A case (ids from `GET /v1/knowledge/findings`), `{"text": "..."}` (needs the [nlp] '
        "extra), or a FHIR R4 Bundle (recognised by `resourceType: Bundle`).",
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/Case"},
                        {"$ref": "#/components/schemas/TextInput"},
                        {"$ref": "#/components/schemas/BundleInput"},
                    ]
                }
            }
        },
    }
}


#: structured cases up to this size are assessed on the event loop (a real case is a few kB)
INLINE_MAX_BYTES = 64_000


async def read_json(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        raise ProblemError(
            400, "the request body is empty; send a case as a JSON object", kind="malformed-json"
        )
    ctype = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if ctype not in ("application/json", "application/fhir+json", "") and not ctype.endswith("+json"):
        raise ProblemError(
            415,
            f"send JSON (application/json or application/fhir+json), not {ctype}",
            kind="unsupported-media-type",
        )
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProblemError(
            400, f"the request body is not valid JSON ({exc})", kind="malformed-json"
        ) from None


@router.post(
    "",
    status_code=201,
    response_class=Response,
    summary="Assess a case and store the assessment",
    openapi_extra=_BODY,
    responses={
        201: {
            "model": StoredAssessment,
            "description": "The assessment (as `legdx assess --format json`) "
            "plus its `id`; `Location` points at it",
            "content": {"application/json": {}},
        },
        415: {"model": Problem, "description": "Not JSON", "content": {PROBLEM: {}}},
        501: {"model": Problem, "description": "Free text needs the [nlp] extra", "content": {PROBLEM: {}}},
    },
)
async def create_assessment(
    request: Request,
    client: ApiClient,
    audience: Audience = "clinician",
    as_of: Annotated[
        date | None,
        Query(
            description="reference date for a FHIR Bundle (age from birthDate, "
            "later data ignored); default today (UTC)"
        ),
    ] = None,
) -> Response:
    # The hot path of the API: the database and the knowledge base are read from the app's state here
    # rather than through two more FastAPI dependencies. The caller stays a dependency, so that a request
    # without a valid key gets 401 before its query parameters are looked at.
    state = request.app.state
    db, ck = state.db, state.ck
    body = await read_json(request)
    rid = request_id(request)

    def work() -> tuple[str, bytes]:
        prepared = service.prepare_input(body, as_of=as_of, ck=ck)
        done = service.assess_case(prepared, audience=audience, ck=ck, cache=request.app.state.assess_cache)
        aid = repo.new_id()
        service.store(db, prepared, done, body=body, client=client, request_id=rid, assessment_id=aid)
        metrics = request.app.state.metrics
        if metrics is not None:
            metrics.assessments.labels(prepared.source).inc()
        return aid, service.with_id(aid, done.raw)

    # a structured case of ordinary size runs on the event loop (a few ms); a large body goes to a thread
    inline = (
        request.app.state.settings.inline_cases
        and service.is_structured_case(body)
        and len(await request.body()) <= INLINE_MAX_BYTES
    )
    aid, content = await service.run_assessment(request, work, inline=inline)
    return Response(
        content,
        status_code=201,
        media_type="application/json",
        headers={"Location": f"/v1/assessments/{aid}"},
    )


@router.get(
    "/{assessment_id}",
    response_class=Response,
    summary="A stored assessment",
    responses={
        200: {
            "model": StoredAssessment,
            "description": "The stored assessment plus its `id`",
            "content": {"application/json": {}},
        },
        **NOT_FOUND,
    },
)
def get_assessment(assessment_id: str, request: Request, client: ApiClient, db: DbDep) -> Response:
    with db.session() as s:
        rec = repo.get_assessment(s, assessment_id) if len(assessment_id) <= 36 else None
        repo.audit(
            s,
            client.id,
            "assessment.read",
            "Assessment",
            assessment_id[:64],
            outcome="success" if rec else "not-found",
            request_id=request_id(request),
        )
        if rec is None:
            raise ProblemError(404, "no stored assessment has this id", kind="not-found")
        content = service.with_id(rec.id, rec.output_bytes())
    return Response(content, media_type="application/json")


@router.get("", response_model=AssessmentList, summary="Stored assessments, newest first")
def list_assessments(
    request: Request,
    client: ApiClient,
    db: DbDep,
    patient: Annotated[
        str | None, Query(max_length=200, description="only this patient's assessments")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> AssessmentList:
    with db.session() as s:
        rows, total = repo.list_assessments(s, patient_id=patient, limit=limit, offset=offset)
        repo.audit(s, client.id, "assessment.search", "Assessment", None, request_id=request_id(request))
        items = [
            AssessmentSummary(
                id=r.id,
                created_at=r.created_at,
                patient_id=r.patient_id,
                source=r.source,
                audience=r.audience,
                triage_level=r.triage_level,
                top_condition=r.top_condition,
                top_probability=r.top_probability,
                kb_version=r.kb_version,
                legdx_version=r.legdx_version,
            )
            for r in rows
        ]
    return AssessmentList(items=items, total=total, limit=limit, offset=offset)
