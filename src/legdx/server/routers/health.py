"""``/healthz`` and ``/metrics``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from legdx import __version__
from legdx.server.schemas import Health

router = APIRouter(tags=["operations"])


def _db_ok(request: Request) -> bool:
    try:
        with request.app.state.db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "unavailable"
        return False


def _kb_version(request: Request) -> str | None:
    ck: Any = request.app.state.ck
    try:
        if ck is not None:
            return str(ck.kb.version)
        from legdx.knowledge.loader import default_kb

        return str(default_kb().version)
    except Exception:  # noqa: BLE001 - a broken knowledge base shows as degraded
        return None


@router.get(
    "/healthz",
    response_model=Health,
    summary="Liveness and readiness",
    responses={503: {"model": Health, "description": "Database or knowledge base unavailable"}},
)
async def healthz(request: Request, response: Response) -> Health:
    ok = await run_in_threadpool(_db_ok, request)
    kbv = await run_in_threadpool(_kb_version, request)
    healthy = ok and kbv is not None
    if not healthy:
        response.status_code = 503
    return Health(
        status="ok" if healthy else "degraded",
        legdx_version=__version__,
        kb_version=kbv,
        database="ok" if ok else "unavailable",
        database_backend=request.app.state.db.backend,
        auth=request.app.state.settings.auth,
    )


@router.get(
    "/metrics",
    summary="Prometheus metrics (request counts and latency by route; no patient data)",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "metrics"}},
)
async def metrics(request: Request) -> Response:
    m = request.app.state.metrics
    body, ctype = m.render()
    return Response(body, media_type=ctype)
