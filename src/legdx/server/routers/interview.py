"""``/v1/interview``: the adaptive interview, stateless (the client resends every answer so far)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import ValidationError

from legdx import model
from legdx.errors import InputError
from legdx.server.auth import require_api_key
from legdx.server.deps import CkDep
from legdx.server.problems import AUTH_RESPONSES
from legdx.server.schemas import (
    InterviewQuestion,
    InterviewRequest,
    InterviewResponse,
    RankedCondition,
    TriageBrief,
)
from legdx.server.service import kb_of

router = APIRouter(
    prefix="/v1", tags=["interview"], responses=AUTH_RESPONSES, dependencies=[Depends(require_api_key)]
)

_STATE = {"yes": "present", "present": "present", "no": "absent", "absent": "absent", "unknown": "unknown"}


def interview_case(req: InterviewRequest) -> model.Case:
    data: dict[str, Any] = {
        "setting": req.setting,
        "measurements": req.measurements,
        "findings": {fid: {"state": _STATE[a], "origin": "interview"} for fid, a in req.answers.items()},
    }
    if req.age is not None:
        data["age"] = req.age
    if req.sex is not None:
        data["sex"] = req.sex
    try:
        return model.Case.model_validate(data)
    except ValidationError as exc:
        raise InputError.many(
            [(".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]
        ) from None


def step_response(step: Any, kb: Any, audience: str) -> InterviewResponse:
    q = step.question
    wording = kb.settings.triage_wording[step.triage_level]
    return InterviewResponse(
        should_stop=step.should_stop,
        stop_reason=step.stop_reason or None,
        question=InterviewQuestion(
            finding=q.finding,
            text=q.text,
            rationale=q.why,
            phase=q.phase,
            red_flag=q.red_flag,
            expected_gain=round(q.expected_gain, 5),
        )
        if q
        else None,
        triage=TriageBrief(level=step.triage_level, label=getattr(wording.label, audience)),
        differential=[
            RankedCondition(id=cid, name=getattr(kb.conditions[cid].name, audience), probability=p)
            for cid, p in step.top
        ],
        asked=step.asked,
        kb_version=kb.version,
    )


@router.post(
    "/interview",
    response_model=InterviewResponse,
    summary="The next question (with its rationale), the differential and triage so far, or why to stop",
)
def next_question(
    req: InterviewRequest,
    ck: CkDep,
    audience: Annotated[str, Query(pattern="^(clinician|patient)$")] = "clinician",
) -> InterviewResponse:
    from legdx.engine.interview import next_step

    if audience not in ("clinician", "patient"):
        raise InputError("audience must be 'clinician' or 'patient'", "query.audience")
    case = interview_case(req)
    try:
        step = next_step(case, audience=audience, ck=ck)
    except InputError as exc:  # the case calls them findings; this request calls them answers
        raise InputError.many(
            [
                (("answers." + w.removeprefix("findings.")) if w.startswith("findings.") else w, m)
                for w, m in exc.problems
            ]
        ) from None
    return step_response(step, kb_of(ck), audience)
