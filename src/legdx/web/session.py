"""Who is using the web pages: the audience (clinician or patient) and, when the service requires
authentication, the signed-in API key.

- The audience comes from ``?audience=`` (which also remembers it in a cookie) or the cookie.
- Sign-in takes a legdx API key (``legdx apikey create NAME``), checks it like the REST API does and keeps
  it in an HttpOnly, SameSite=Lax cookie, so that revoking the key ends the web session too and a follow-up
  question can be passed on to ``POST /v1/ask`` with the same credentials. With ``--insecure-dev``
  (authentication off) nobody signs in.
- Forms are POSTs; a POST whose ``Origin`` (or ``Referer``) names another host is refused (CSRF), on top
  of the SameSite cookie.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import Request, Response

from legdx.store import repo
from legdx.store.repo import Client

AUD_COOKIE = "legdx_audience"
KEY_COOKIE = "legdx_session"
SESSION_SECONDS = 12 * 3600
INSECURE = Client(id="insecure-dev", kind="insecure-dev")


def settings(request: Request) -> Any:
    s = getattr(request.app.state, "settings", None)
    if s is None:
        raise RuntimeError(
            "legdx.web needs the legdx server app: app = legdx.server.create_app(); "
            "app.include_router(legdx.web.router)"
        )
    return s


def auth_on(request: Request) -> bool:
    return bool(settings(request).auth)


def audience(request: Request, default: str | None = "patient") -> str | None:
    """The audience asked for in the query, else remembered in the cookie, else ``default``."""
    q = request.query_params.get("audience")
    if q in ("clinician", "patient"):
        return q
    c = request.cookies.get(AUD_COOKIE)
    if c in ("clinician", "patient"):
        return c
    return default


def remember_audience(request: Request, response: Response) -> None:
    q = request.query_params.get("audience")
    if q in ("clinician", "patient") and request.cookies.get(AUD_COOKIE) != q:
        response.set_cookie(
            AUD_COOKIE,
            q,
            max_age=365 * 86400,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )


def _lookup(request: Request, key: str) -> Client | None:
    if len(key) > 200:
        return None
    cache = getattr(request.app.state, "api_key_cache", None)
    digest = repo.hash_key(key)
    if cache is not None:
        hit: Client | None = cache.get(digest)
        if hit is not None:
            return hit
    with request.app.state.db.session() as s:
        client = repo.verify_api_key(s, key)
    if client is not None and cache is not None:
        cache.put(digest, client)
    return client


def current_client(request: Request) -> Client | None:
    """The signed-in client (or the insecure-dev user when authentication is off); ``None`` otherwise.
    Does database I/O: call it from a thread."""
    if not auth_on(request):
        return INSECURE
    key = request.cookies.get(KEY_COOKIE)
    if not key:
        return None
    return _lookup(request, key)


def sign_in(request: Request, key: str) -> Client | None:
    return _lookup(request, key.strip())


def set_session(request: Request, response: Response, key: str) -> None:
    response.set_cookie(
        KEY_COOKIE,
        key.strip(),
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def end_session(response: Response) -> None:
    response.delete_cookie(KEY_COOKIE, path="/")


def api_key(request: Request) -> str | None:
    """The signed-in API key, to pass on to the REST API in-process."""
    return request.cookies.get(KEY_COOKIE) if auth_on(request) else None


def same_origin(request: Request) -> bool:
    """False when the browser says the form came from another site."""
    host = request.headers.get("host", "")
    origin = request.headers.get("origin")
    if origin is not None:
        return origin != "null" and urlsplit(origin).netloc == host
    referer = request.headers.get("referer")
    if referer:
        return urlsplit(referer).netloc == host
    return True


def safe_next(value: str | None) -> str:
    """A local path to go back to after signing in (never another site)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"
