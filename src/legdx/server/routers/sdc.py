"""``/fhir/Questionnaire/$next-question``: the SDC adaptive interview."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from legdx.server.auth import require_api_key
from legdx.server.deps import CkDep
from legdx.server.problems import AUTH_RESPONSES, PROBLEM, Problem
from legdx.server.routers.assessments import read_json

router = APIRouter(
    prefix="/fhir", tags=["fhir"], responses=AUTH_RESPONSES, dependencies=[Depends(require_api_key)]
)

FHIR_JSON = "application/fhir+json"

_BODY = {
    "requestBody": {
        "required": True,
        "description": "A QuestionnaireResponse with a contained Questionnaire (SDC adaptive form), or a "
        "Parameters resource with a `questionnaire-response` parameter. Item linkIds are legdx "
        "finding ids; `age` and `sex` carry the demographics.",
        "content": {
            FHIR_JSON: {
                "schema": {
                    "type": "object",
                    "required": ["resourceType"],
                    "properties": {
                        "resourceType": {"type": "string", "enum": ["QuestionnaireResponse", "Parameters"]}
                    },
                }
            }
        },
    }
}


@router.post(
    "/Questionnaire/$next-question",
    openapi_extra=_BODY,
    summary="SDC $next-question",
    responses={
        200: {
            "description": "The QuestionnaireResponse with the next question in its contained "
            "Questionnaire, or status completed",
            "content": {FHIR_JSON: {}},
        },
        415: {"model": Problem, "description": "Not JSON", "content": {PROBLEM: {}}},
    },
)
async def next_question(
    request: Request,
    ck: CkDep,
    audience: Annotated[str, Query(pattern="^(clinician|patient)$")] = "clinician",
) -> JSONResponse:
    from legdx.fhir.sdc import next_question as run

    body = await read_json(request)
    qr = await run_in_threadpool(run, body, audience=audience, ck=ck)
    return JSONResponse(qr, media_type=FHIR_JSON)
