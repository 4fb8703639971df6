"""Dependencies: settings, the database, the compiled knowledge base, the caller."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from legdx.server.auth import require_api_key, require_cds_client
from legdx.server.settings import ServerSettings
from legdx.store.db import Database
from legdx.store.repo import Client

# ``async`` although they do no I/O: FastAPI runs a plain ``def`` dependency in its thread pool, two thread
# hand-offs per request just to read ``app.state``.


async def get_settings(request: Request) -> ServerSettings:
    settings: ServerSettings = request.app.state.settings
    return settings


async def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


async def get_ck(request: Request) -> Any:
    """The compiled knowledge base the app was made with (``None``: the packaged one)."""
    return request.app.state.ck


def request_id(request: Request) -> str | None:
    rid = getattr(request.state, "request_id", None)
    return rid if isinstance(rid, str) else None


DbDep = Annotated[Database, Depends(get_db)]
CkDep = Annotated[Any, Depends(get_ck)]
ApiClient = Annotated[Client, Depends(require_api_key)]
CdsClient = Annotated[Client, Depends(require_cds_client)]
