"""The follow-up question box: passes the question, with the assessment's case, on to the service's
``POST /v1/ask`` (in-process, with the signed-in user's API key) when the app has that route, and says
clearly when it does not.

Only the fields the route's own OpenAPI schema declares are sent (``question``, and ``case`` and
``audience`` when declared), so that a "what if" question is answered about this patient. The answer is
shown as the ``AskResponse`` gives it: the one-line answer, its cited sections, and its references.
"""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import Request

from legdx.web import session

ASK_PATH = "/v1/ask"
NOT_AVAILABLE = (
    "Follow-up questions are not available on this server (it has no POST /v1/ask). "
    "The references below give the sources behind every line."
)


def _operation(request: Request) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(OpenAPI document, the POST /v1/ask operation) when the app serves that route."""
    try:
        spec = request.app.openapi()
        op = spec["paths"][ASK_PATH]["post"]
    except (KeyError, TypeError, AttributeError):
        return None
    return (spec, op) if isinstance(op, dict) else None


def ask_available(request: Request) -> bool:
    return _operation(request) is not None


def request_properties(request: Request) -> set[str]:
    """The request fields ``POST /v1/ask`` declares (empty when its schema cannot be read)."""
    found = _operation(request)
    if found is None:
        return set()
    spec, op = found
    try:
        schema = op["requestBody"]["content"]["application/json"]["schema"]
        while "$ref" in schema:
            schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        return set(schema.get("properties") or {})
    except (KeyError, TypeError, AttributeError):
        return set()


def build_body(props: set[str], question: str, audience: str, case: dict[str, Any] | None) -> dict[str, Any]:
    body: dict[str, Any] = {"question": question}
    if "audience" in props:
        body["audience"] = audience
    if "case" in props and case:
        body["case"] = case
    return body


def _citations(data: dict[str, Any]) -> list[dict[str, str]]:
    out = []
    for c in data.get("citations") or []:
        if isinstance(c, dict):
            cid = str(c.get("id") or "")
            text = str(c.get("citation") or cid)
            url = f"https://doi.org/{c['doi']}" if c.get("doi") else str(c.get("url") or "")
            out.append({"id": cid, "text": text, "url": url if url.startswith("https://") else ""})
    return out


def shape_answer(data: Any) -> dict[str, Any]:
    """What the page shows from an ``AskResponse`` (tolerant of a plain string or other shapes)."""
    if isinstance(data, str):
        return {"answer": data, "sections": [], "citations": []}
    if not isinstance(data, dict):
        return {"answer": str(data), "sections": [], "citations": []}
    ans = data.get("answer")
    sections: list[dict[str, Any]] = []
    if isinstance(ans, dict):
        text = str(ans.get("direct") or "")
        for sec in ans.get("sections") or []:
            if isinstance(sec, dict):
                items = [
                    {"text": str(it.get("text") or ""), "sources": [str(x) for x in it.get("sources") or []]}
                    for it in sec.get("items") or []
                    if isinstance(it, dict)
                ]
                sections.append({"title": str(sec.get("title") or ""), "items": items})
    else:
        text = str(ans or data.get("text") or "")
    declined = data.get("declined")
    if isinstance(declined, dict) and declined.get("reason"):
        text = text or str(declined["reason"])
        if declined.get("covers"):
            sections.append(
                {"title": "What legdx answers", "items": [{"text": str(declined["covers"]), "sources": []}]}
            )
    return {
        "answer": text or "The question service returned no answer text.",
        "sections": sections,
        "citations": _citations(data),
        "kind": str(data.get("kind") or ""),
    }


async def ask_service(
    request: Request, question: str, audience: str, case: dict[str, Any] | None
) -> dict[str, Any]:
    """The answer to show under the question box."""
    out: dict[str, Any] = {"question": question}
    if not ask_available(request):
        out["unavailable"] = NOT_AVAILABLE
        return out
    body = build_body(request_properties(request), question, audience, case)
    headers = {"Accept": "application/json"}
    key = session.api_key(request)
    if key:
        headers["X-API-Key"] = key
    rid = getattr(request.state, "request_id", None)
    if isinstance(rid, str):
        headers["X-Request-Id"] = rid
    transport = httpx.ASGITransport(app=request.app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://legdx.internal", timeout=120) as c:
            r = await c.post(ASK_PATH, json=body, headers=headers)
    except httpx.HTTPError as exc:
        out["error"] = f"The question service did not answer ({type(exc).__name__})."
        return out
    try:
        data = r.json()
    except ValueError:
        data = r.text
    if r.status_code in (404, 501):
        detail = data.get("detail") if isinstance(data, dict) else None
        out["unavailable"] = f"{detail}." if detail else NOT_AVAILABLE
        return out
    if r.status_code >= 400:
        detail = data.get("detail") if isinstance(data, dict) else None
        out["error"] = f"The question could not be answered: {detail or r.status_code}."
        return out
    out.update(shape_answer(data))
    return out
