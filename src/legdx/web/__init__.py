"""The legdx web app: server-rendered pages for clinicians and patients (needs the [server] extra).

``router`` is a FastAPI ``APIRouter`` serving the pages at ``/`` and their assets at ``/static``; add it
to the service's app::

    app = legdx.server.create_app()
    app.include_router(legdx.web.router)

No CDN and no build step: Jinja2 templates, one stylesheet and one small script, all in this package.
"""

from __future__ import annotations

from legdx.web.routes import router

__all__ = ["router"]
