"""Server settings, from the environment (``LEGDX_*``) or given to ``create_app``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from legdx.store.db import default_database_url


def _list(value: str | None) -> list[str]:
    return [x.strip() for x in (value or "").split(",") if x.strip()]


class ServerSettings(BaseModel):
    """What the HTTP service needs to know. ``from_env`` reads the ``LEGDX_*`` variables."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    database_url: str = Field(default_factory=default_database_url)
    auth: bool = Field(default=True, description="false only with `legdx serve --insecure-dev`")
    public_url: str | None = Field(
        default=None, description="the base URL clients use (behind a proxy); CDS Hooks `aud` and card links"
    )
    web_url: str | None = Field(default=None, description="base URL of the legdx web pages (card links)")
    max_body_bytes: int = Field(
        default=5_000_000,
        ge=1024,
        description="larger requests get a 413 problem "
        "(the CLI reads at most 5 MB too; CDS prefetch can be large)",
    )
    cors_origins: list[str] = Field(default_factory=list, description="empty: CORS closed")
    migrate_on_start: bool = True
    assess_threads: int = Field(
        default=2,
        ge=1,
        le=64,
        description="free-text and FHIR assessments and CDS Hooks calls worked on at once per process, "
        "in threads; the rest queue",
    )
    inline_cases: bool = Field(
        default=True,
        description="assess structured cases on the event loop (a few ms each) rather than in a thread",
    )
    gc_freeze: bool = Field(
        default=True,
        description="after start-up, move what is loaded (knowledge base, FHIR models) out of the garbage "
        "collector's reach (gc.freeze), so that full collections stay short",
    )
    assessment_cache_size: int = Field(
        default=256,
        ge=0,
        description="recent assessments kept in memory (same case, same output); 0 turns the cache off",
    )
    # CDS Hooks client authentication (JWT)
    cds_jwks: dict[str, Any] | None = Field(default=None, description="static JWK Set of trusted CDS clients")
    cds_jku_allow: list[str] = Field(default_factory=list, description="JWK Set URLs that may be fetched")
    cds_iss_allow: list[str] = Field(
        default_factory=list, description="accepted `iss`; empty: any signed by a trusted key"
    )
    cds_max_token_lifetime_s: int = 3600
    cds_leeway_s: int = 30
    cds_fhir_allow: list[str] = Field(
        default_factory=list,
        description="FHIR server base URLs the service may fetch from; empty: any https URL or a "
        "loopback one",
    )
    cds_fetch_timeout_s: float = 5.0

    @classmethod
    def from_env(cls, **overrides: Any) -> ServerSettings:
        env = os.environ
        data: dict[str, Any] = {}
        if env.get("LEGDX_DATABASE_URL"):
            data["database_url"] = default_database_url()
        for key, var in (("public_url", "LEGDX_PUBLIC_URL"), ("web_url", "LEGDX_WEB_URL")):
            if env.get(var):
                data[key] = env[var]
        if env.get("LEGDX_MAX_BODY_BYTES"):
            data["max_body_bytes"] = int(env["LEGDX_MAX_BODY_BYTES"])
        for key, var in (
            ("cors_origins", "LEGDX_CORS_ORIGINS"),
            ("cds_jku_allow", "LEGDX_CDS_JKU_ALLOW"),
            ("cds_iss_allow", "LEGDX_CDS_ISS_ALLOW"),
            ("cds_fhir_allow", "LEGDX_CDS_FHIR_ALLOW"),
        ):
            if env.get(var):
                data[key] = _list(env[var])
        jwks = env.get("LEGDX_CDS_JWKS")
        if jwks:
            text = (
                jwks if jwks.lstrip().startswith("{") else Path(jwks).expanduser().read_text(encoding="utf-8")
            )
            data["cds_jwks"] = json.loads(text)
        if env.get("LEGDX_ASSESSMENT_CACHE"):
            data["assessment_cache_size"] = int(env["LEGDX_ASSESSMENT_CACHE"])
        if env.get("LEGDX_ASSESS_THREADS"):
            data["assess_threads"] = int(env["LEGDX_ASSESS_THREADS"])
        if env.get("LEGDX_INLINE_CASES"):
            data["inline_cases"] = env["LEGDX_INLINE_CASES"].lower() not in ("0", "false", "no")
        if env.get("LEGDX_MIGRATE_ON_START"):
            data["migrate_on_start"] = env["LEGDX_MIGRATE_ON_START"].lower() not in ("0", "false", "no")
        if env.get("LEGDX_INSECURE_DEV") == "1":
            data["auth"] = False
        data.update(overrides)
        return cls.model_validate(data)
