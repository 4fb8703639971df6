"""``/v1/calculators``: ABI/TBI with exercise criteria, WIfI ischaemia, Pedowitz, Fontaine/Rutherford
staging, the Edinburgh Claudication Questionnaire and every points-based instrument of the knowledge
base (Konno, Wells ...). Thin: the numbers come from ``legdx.calculators``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path

from legdx.errors import InputError
from legdx.server.auth import require_api_key
from legdx.server.deps import CkDep
from legdx.server.problems import AUTH_RESPONSES, NOT_FOUND, ProblemError
from legdx.server.schemas import (
    AbiRequest,
    CalculatorInfo,
    CalculatorResult,
    EcqRequest,
    PedowitzRequest,
    ScoreRequest,
    StagingRequest,
    WifiRequest,
)
from legdx.server.service import kb_of

router = APIRouter(
    prefix="/v1/calculators",
    tags=["calculators"],
    responses=AUTH_RESPONSES,
    dependencies=[Depends(require_api_key)],
)


@contextmanager
def _top_level() -> Iterator[None]:
    """Problems named ``.field`` by a calculator are top-level fields of the request body here."""
    try:
        yield
    except InputError as exc:
        raise InputError.many(
            [(w.removeprefix("measurements.").lstrip("."), m) for w, m in exc.problems]
        ) from None


def _values(req: Any) -> dict[str, float]:
    return {k: float(v) for k, v in req.model_dump(exclude_none=True).items()}


@router.get("", response_model=list[CalculatorInfo], summary="The calculators and scores available")
def list_calculators(ck: CkDep) -> list[CalculatorInfo]:
    kb = kb_of(ck)
    out = [
        CalculatorInfo(
            id="abi",
            name="Ankle-brachial and toe-brachial index, with exercise criteria",
            path="/v1/calculators/abi",
        ),
        CalculatorInfo(id="wifi_ischemia", name="WIfI ischaemia grade", path="/v1/calculators/wifi-ischemia"),
        CalculatorInfo(
            id="pedowitz",
            name="Pedowitz criteria for chronic exertional compartment syndrome",
            path="/v1/calculators/pedowitz",
        ),
        CalculatorInfo(id="staging", name="Fontaine and Rutherford stages", path="/v1/calculators/staging"),
        CalculatorInfo(id="ecq", name="Edinburgh Claudication Questionnaire", path="/v1/calculators/ecq"),
    ]
    for ins in kb.instruments.values():
        if ins.id == "ecq":
            continue
        out.append(
            CalculatorInfo(
                id=ins.id, name=ins.name.clinician, path=f"/v1/calculators/scores/{ins.id}", source=ins.source
            )
        )
    return out


@router.post("/abi", response_model=CalculatorResult, summary="ABI and TBI per leg, with exercise criteria")
def abi(req: AbiRequest, ck: CkDep) -> CalculatorResult:
    from legdx.calculators import measure

    values = _values(req)
    problems = []
    if not any(k in values for k in ("dp_right", "pt_right", "dp_left", "pt_left")):
        problems.append(
            ("dp_right", "give at least one ankle pressure (dp_right, pt_right, dp_left or pt_left)")
        )
    if not any(k in values for k in ("brachial_right", "brachial_left")):
        problems.append(
            ("brachial_right", "give at least one brachial pressure (brachial_right, brachial_left)")
        )
    if problems:
        raise InputError.many(problems)
    with _top_level():
        variables, calcs, warnings = measure(values, kb_of(ck))
    main = next(c for c in calcs if c.id == "abi")
    return CalculatorResult(
        calculation=main,
        other_calculations=[c for c in calcs if c.id != "abi"],
        variables=variables,
        warnings=warnings,
    )


@router.post("/wifi-ischemia", response_model=CalculatorResult, summary="WIfI ischaemia grade (0-3)")
def wifi(req: WifiRequest, ck: CkDep) -> CalculatorResult:
    from legdx.calculators import normalize_measurements
    from legdx.calculators.wifi import wifi_ischemia

    kb = kb_of(ck)
    with _top_level():
        values = normalize_measurements(_values(req), kb, where="")
    out = wifi_ischemia(values, kb)
    if out is None:
        raise InputError("give an ankle pressure with a brachial pressure, a toe pressure or TcPO2", "tcpo2")
    return CalculatorResult(calculation=out.calculation, variables=out.variables, warnings=out.warnings)


@router.post(
    "/pedowitz",
    response_model=CalculatorResult,
    summary="Pedowitz criteria (compartment pressures before and after exercise)",
)
def pedowitz(req: PedowitzRequest, ck: CkDep) -> CalculatorResult:
    from legdx.calculators.pedowitz import pedowitz as run

    kb = kb_of(ck)
    out = run(_values(req), kb)
    if out is None:
        raise InputError("give at least one compartment pressure", "compartment_pressure_rest")
    return CalculatorResult(calculation=out.calculation, variables=out.variables, warnings=out.warnings)


@router.post("/staging", response_model=CalculatorResult, summary="Fontaine and Rutherford stages of PAD")
def staging(req: StagingRequest, ck: CkDep) -> CalculatorResult:
    from legdx.calculators import StagingInputs, stage

    out = stage(StagingInputs(**req.model_dump()), kb_of(ck))
    return CalculatorResult(calculation=out.calculation, variables=out.variables, warnings=out.warnings)


@router.post("/ecq", response_model=CalculatorResult, summary="Edinburgh Claudication Questionnaire")
def ecq(req: EcqRequest, ck: CkDep) -> CalculatorResult:
    from legdx.calculators import EcqAnswers, edinburgh

    with _top_level():
        answers = EcqAnswers.parse(req.model_dump(exclude_none=True), where="")
    out = edinburgh(answers, kb_of(ck))
    return CalculatorResult(calculation=out.calculation, variables=out.variables, warnings=out.warnings)


@router.post(
    "/scores/{instrument}",
    response_model=CalculatorResult,
    responses=NOT_FOUND,
    summary="A points-based instrument of the knowledge base (Konno, Wells ...)",
)
def score(req: ScoreRequest, instrument: Annotated[str, Path(max_length=100)], ck: CkDep) -> CalculatorResult:
    from legdx.calculators import score_instrument
    from legdx.calculators.cli import generic_answers

    kb = kb_of(ck)
    ins = kb.instruments.get(instrument)
    if ins is None:
        raise ProblemError(
            404, f"no instrument '{instrument}'; GET /v1/calculators lists them", kind="not-found"
        )
    try:
        items, findings, variables = generic_answers(ins, kb, req.answers, [], [], req.age, [])
    except InputError as exc:
        raise InputError.many([(_field(w), m) for w, m in exc.problems]) from None
    calc = score_instrument(ins, findings, variables, kb, answers=items).calculation()
    return CalculatorResult(
        calculation=calc,
        variables={ins.variable: calc.result["total"]} if calc.result.get("total") is not None else {},
    )


def _field(where: str) -> str:
    if where.startswith("--answers "):
        return "answers." + where.removeprefix("--answers ")
    return where.removeprefix("--")
