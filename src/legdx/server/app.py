"""The FastAPI application factory."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import httpx
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from starlette.concurrency import run_in_threadpool

from legdx import __version__, model
from legdx.server import problems
from legdx.server.auth import ApiKeyCache, JwksCache
from legdx.server.middleware import GuardMiddleware, Metrics
from legdx.server.routers import assessments, calculators, cds, health, interview, knowledge, sdc
from legdx.server.schemas import BundleInput, TextInput
from legdx.server.service import AssessmentCache
from legdx.server.settings import ServerSettings
from legdx.store.db import Database

log = logging.getLogger("legdx.server")

DESCRIPTION = """Decision support for adults whose legs hurt, feel heavy, go numb or get weak in relation
to walking: triage, red flags, the differential, work-up and management, with the evidence behind each line.
It supports, and does not replace, clinical judgement.

Authentication: the REST API (`/v1`, `/fhir`) takes an API key (`Authorization: Bearer <key>` or
`X-API-Key`); CDS Hooks (`/cds-services`) takes the CDS client's signed JWT. Errors are RFC 9457 problem
details naming the field at fault."""


def warm_up(ck: Any = None) -> None:
    """Load the knowledge base, the FHIR models and the engine before the first request needs them
    (the first ``assess`` in a process otherwise pays several seconds)."""
    from fhir.resources.R4B import get_fhir_model_class

    from legdx.engine.assess import assess
    from legdx.fhir import cds_hooks, read, write  # noqa: F401 - imported for their start-up cost

    for rtype in read.READ_TYPES + (
        "Bundle",
        "RiskAssessment",
        "DetectedIssue",
        "ServiceRequest",
        "CarePlan",
        "Provenance",
        "Device",
        "OperationOutcome",
        "Parameters",
        "Questionnaire",
    ):
        get_fhir_model_class(rtype)
    assess({"age": 60}, ck=ck)


def create_app(
    settings: ServerSettings | None = None, *, ck: Any = None, db: Database | None = None
) -> FastAPI:
    """A legdx HTTP app. ``ck`` (a compiled knowledge base) defaults to the packaged one."""
    settings = settings or ServerSettings.from_env()
    db = db or Database(settings.database_url, background_checkpoint=True)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.migrate_on_start:
            db.upgrade()
        await run_in_threadpool(warm_up, ck)
        if settings.gc_freeze:
            # Everything loaded so far (knowledge base, FHIR models, the app) lives as long as the
            # process: keep it out of the collector's full passes, which otherwise walk it all (over
            # 100 ms each, on whichever request triggers one).
            gc.collect()
            gc.freeze()
        db.start_checkpointer()
        app.state.assess_limiter = anyio.CapacityLimiter(settings.assess_threads)
        if not settings.auth:
            log.warning(
                "AUTHENTICATION IS OFF (--insecure-dev): anyone who can reach this port can read and "
                "write assessments. Never use this with real patient data."
            )
        async with httpx.AsyncClient(
            timeout=settings.cds_fetch_timeout_s,
            follow_redirects=False,
            limits=httpx.Limits(max_connections=50),
        ) as http:
            app.state.http = http
            yield
        db.dispose()

    app = FastAPI(
        title="legdx",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        responses=problems.COMMON_RESPONSES,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.ck = ck
    app.state.metrics = Metrics()
    app.state.api_key_cache = ApiKeyCache()
    app.state.jwks_cache = JwksCache()
    app.state.assess_cache = AssessmentCache(settings.assessment_cache_size)
    app.state.http = None
    app.state.assess_limiter = None  # set at start-up (an anyio limiter needs the event loop)

    problems.install(app)
    for r in (
        health.router,
        assessments.router,
        interview.router,
        calculators.router,
        knowledge.router,
        sdc.router,
        cds.router,
    ):
        app.include_router(r)
    # Faces that come with other extras: follow-up questions ([ask]) and the web app (Jinja2 pages).
    ask_router: Any = None
    try:
        from legdx.ask.router import router as ask_router
    except ImportError:  # the [ask] extra is not installed: /v1/ask is absent, the web box says so
        pass
    if ask_router is not None:
        app.include_router(ask_router)
    import legdx.web

    app.include_router(legdx.web.router)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=False,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type", "X-Request-Id"],
            expose_headers=["Location", "X-Request-Id"],
        )
    app.add_middleware(GuardMiddleware, max_body_bytes=settings.max_body_bytes, metrics=app.state.metrics)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        comps = schema.setdefault("components", {}).setdefault("schemas", {})
        for m in (model.Case, TextInput, BundleInput):
            js = m.model_json_schema(ref_template="#/components/schemas/{model}")
            for name, sub in js.pop("$defs", {}).items():
                comps.setdefault(name, sub)
            comps.setdefault(m.__name__, js)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
