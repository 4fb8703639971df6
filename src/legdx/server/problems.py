"""Errors as RFC 9457 problem details (``application/problem+json``) that name the field at fault."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from legdx.errors import InputError

log = logging.getLogger("legdx.server")

PROBLEM = "application/problem+json"
TYPE_BASE = "urn:legdx:problem:"

_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    412: "Precondition failed",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Invalid input",
    429: "Too many requests",
    500: "Internal server error",
    501: "Not implemented",
    502: "Bad gateway",
    503: "Service unavailable",
}


class FieldProblem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    field: str = Field(description="dotted path of the field at fault, e.g. 'measurements.brachial_right'")
    pointer: str = Field(description="the same as a JSON Pointer into the request (RFC 6901)")
    detail: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    model_config = ConfigDict(extra="allow")
    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldProblem] | None = None


class ProblemError(Exception):
    """Raise to answer with a problem document."""

    def __init__(
        self,
        status: int,
        detail: str | None = None,
        *,
        kind: str | None = None,
        title: str | None = None,
        errors: list[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ):
        self.status = status
        self.detail = detail
        self.kind = kind
        self.title = title
        self.errors = errors
        self.headers = headers
        self.extra = extra or {}
        super().__init__(detail or title or str(status))


def pointer(field: str) -> str:
    if not field:
        return ""
    parts = field.replace("[", ".").replace("]", "").split(".")
    return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts if p != "")


def problem_response(
    status: int,
    detail: str | None = None,
    *,
    kind: str | None = None,
    title: str | None = None,
    errors: list[tuple[str, str]] | None = None,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + kind if kind else "about:blank",
        "title": title or _TITLES.get(status, "Error"),
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = [{"field": f, "pointer": pointer(f), "detail": m} for f, m in errors]
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _loc_to_field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        where = parts.pop(0)
        if where != "body" and parts:
            return f"{where}.{'.'.join(str(p) for p in parts)}"
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def install(app: FastAPI) -> None:
    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(
            exc.status,
            exc.detail,
            kind=exc.kind,
            title=exc.title,
            errors=exc.errors,
            instance=request.url.path,
            headers=exc.headers,
            extra=exc.extra,
        )

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> JSONResponse:
        errs = [(w, m) for w, m in exc.problems]
        detail = "; ".join(f"{w}: {m}" if w else m for w, m in errs[:5])
        if len(errs) > 5:
            detail += f"; and {len(errs) - 5} more"
        return problem_response(
            422,
            detail,
            kind="invalid-input",
            errors=[(w or "", m) for w, m in errs],
            instance=request.url.path,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errs = []
        for e in exc.errors():
            field = _loc_to_field(e.get("loc", ()))
            errs.append((field, str(e.get("msg", "invalid"))))
        if any(e.get("type") == "json_invalid" for e in exc.errors()):
            return problem_response(
                400, "the request body is not valid JSON", kind="malformed-json", instance=request.url.path
            )
        detail = "; ".join(f"{f}: {m}" if f else m for f, m in errs[:5])
        return problem_response(422, detail, kind="invalid-input", errors=errs, instance=request.url.path)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail: str | None = exc.detail if isinstance(exc.detail, str) else None
        if detail == _TITLES.get(exc.status_code) or detail in ("Not Found", "Method Not Allowed"):
            detail = None
        return problem_response(
            exc.status_code, detail, instance=request.url.path, headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(Exception)
    async def _unhandled(request: Request, exc: Exception) -> JSONResponse:
        # the traceback is logged; the message may hold patient data, so it is not echoed or logged
        log.error(
            "unhandled %s on %s %s",
            type(exc).__name__,
            request.method,
            getattr(request.scope.get("route"), "path", "?"),
            exc_info=_tb_only(exc),
        )
        return problem_response(
            500, "an internal error occurred; it has been logged", kind="internal", instance=request.url.path
        )


def _tb_only(exc: BaseException) -> tuple[type[BaseException], BaseException, Any]:
    """The exception with its message stripped, so that logs keep the traceback and not the data."""
    clean = type(exc).__new__(type(exc))
    try:
        clean.args = ()
    except Exception:  # noqa: BLE001
        clean = RuntimeError(type(exc).__name__)
    return (type(clean), clean, exc.__traceback__)


#: Responses every operation can give, documented for clients (and for schemathesis).
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {
        "description": "Malformed request (e.g. the body is not JSON)",
        "model": Problem,
        "content": {PROBLEM: {}},
    },
    413: {"description": "Request body too large", "model": Problem, "content": {PROBLEM: {}}},
    422: {
        "description": "Invalid input; `errors` names each field at fault",
        "model": Problem,
        "content": {PROBLEM: {}},
    },
    500: {"description": "Internal error", "model": Problem, "content": {PROBLEM: {}}},
}
AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing or invalid credentials", "model": Problem, "content": {PROBLEM: {}}},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "Not found", "model": Problem, "content": {PROBLEM: {}}},
}
