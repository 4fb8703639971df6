"""The legdx HTTP service: REST API, CDS Hooks, SDC ``$next-question`` (needs the [server] extra).

``create_app()`` builds the FastAPI app; ``legdx serve`` runs it with uvicorn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from legdx.server.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from legdx.server.app import create_app

        return create_app
    raise AttributeError(name)
