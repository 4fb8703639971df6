"""``POST /v1/ask``: answer a question from the knowledge base (the HTTP face of ``legdx ask``).

The lead includes ``router`` in the app. It takes the same API key as the rest of ``/v1``; errors are
RFC 9457 problems (``legdx.server.problems``): 422 for bad input, 501 when a question needs an extra
that is not installed (the free-text reader for a presentation or a narrative).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from legdx.ask.models import AskResponse
from legdx.server.auth import require_api_key
from legdx.server.problems import AUTH_RESPONSES, PROBLEM, Problem, ProblemError


class AskRequest(BaseModel):
    """A question, and optionally the current patient as a case or as a narrative."""

    model_config = ConfigDict(extra="forbid")
    question: str = Field(min_length=1, max_length=2000, examples=["How is the ABI measured?"])
    case: dict[str, Any] | None = Field(default=None, description="a case (as for POST /v1/assessments)")
    text: str | None = Field(
        default=None, max_length=20000, description="the case as free text ([nlp] extra)"
    )
    audience: Literal["clinician", "patient"] = "clinician"
    rerank: bool | None = Field(default=None, description="dense re-rank ([embeddings] extra); default: off")


router = APIRouter(
    prefix="/v1",
    tags=["ask"],
    responses=AUTH_RESPONSES,
    dependencies=[Depends(require_api_key)],
)


@router.post(
    "/ask",
    response_model=AskResponse,
    summary="Answer a question from the knowledge base, with citations",
    description=(
        "Kinds: `presentation` (the question describes a patient), `what_if` (a change to `case` or `text`), "
        "`knowledge` (sourced statements), `out_of_scope` (declined). `?format=markdown` returns Markdown."
    ),
    responses={
        200: {"content": {"text/markdown": {}}},
        422: {"model": Problem, "description": "Invalid question or case", "content": {PROBLEM: {}}},
        501: {
            "model": Problem,
            "description": "The question needs an extra that is not installed",
            "content": {PROBLEM: {}},
        },
    },
)
async def post_ask(
    body: AskRequest,
    request: Request,
    format: Literal["json", "markdown"] = Query("json", description="json | markdown"),  # noqa: A002
) -> Any:
    from legdx.ask.answer import NeedsExtra, ask
    from legdx.ask.render import markdown
    from legdx.errors import InputError

    if body.case is not None and body.text is not None:
        raise ProblemError(
            422,
            "give the current case as `case` or as `text`, not both",
            kind="invalid-input",
            errors=[("case", "give either case or text")],
        )

    def work() -> AskResponse:
        return ask(body.question, case=body.case, text=body.text, audience=body.audience, rerank=body.rerank)

    try:
        res = await run_in_threadpool(work)
    except NeedsExtra as exc:
        raise ProblemError(501, str(exc), kind=f"{exc.extra}-extra-missing") from None
    except InputError:
        raise
    if format == "markdown":
        return PlainTextResponse(markdown(res), media_type="text/markdown")
    return res
