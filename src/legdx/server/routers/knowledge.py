"""``/v1/knowledge``: the conditions, findings and sources of the knowledge base."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from legdx.server.auth import require_api_key
from legdx.server.deps import CkDep
from legdx.server.problems import AUTH_RESPONSES
from legdx.server.schemas import (
    ConditionInfo,
    ConditionList,
    FindingInfo,
    FindingList,
    SourceInfo,
    SourceList,
    Words,
)
from legdx.server.service import kb_of

router = APIRouter(
    prefix="/v1/knowledge",
    tags=["knowledge"],
    responses=AUTH_RESPONSES,
    dependencies=[Depends(require_api_key)],
)


def _w(x: Any) -> Words:
    return Words(clinician=x.clinician, patient=x.patient)


@router.get("/conditions", response_model=ConditionList, summary="Conditions legdx reasons about")
def conditions(ck: CkDep) -> ConditionList:
    kb = kb_of(ck)
    return ConditionList(
        kb_version=kb.version,
        items=[
            ConditionInfo(
                id=c.id,
                name=_w(c.name),
                hallmark=_w(c.hallmark),
                group=c.group,
                codes={k: list(v) for k, v in c.codes.items()},
                urgency=c.urgency.level,
                findings=len(c.findings),
            )
            for c in kb.conditions.values()
        ],
    )


@router.get("/findings", response_model=FindingList, summary="Finding ids a case may state")
def findings(ck: CkDep) -> FindingList:
    kb = kb_of(ck)
    return FindingList(
        kb_version=kb.version,
        items=[
            FindingInfo(
                id=f.id,
                name=_w(f.name),
                kind=f.kind,
                question=Words(clinician=f.question.clinician, patient=f.question.patient)
                if f.question
                else None,
                cluster=f.cluster,
                derived=f.derive is not None,
                ask_in_setting=list(f.ask_in_setting),
            )
            for f in kb.findings.values()
        ],
    )


@router.get("/sources", response_model=SourceList, summary="The bibliography")
def sources(ck: CkDep) -> SourceList:
    kb = kb_of(ck)
    return SourceList(
        kb_version=kb.version,
        items=[
            SourceInfo(id=s.id, citation=s.citation, url=s.url, doi=s.doi, kind=s.kind, verified=s.verified)
            for s in kb.sources.values()
        ],
    )
