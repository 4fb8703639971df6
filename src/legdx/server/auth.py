"""Authentication.

- REST API (``/v1``, ``/fhir``): API keys, sent as ``Authorization: Bearer <key>`` or ``X-API-Key``.
  Only a SHA-256 digest of each key is stored (``legdx apikey create NAME`` prints the key once).
- CDS Hooks (``/cds-services``): the client's JWT as CDS Hooks 2.0 says: ``alg`` ES384 or RS384 only
  (never ``none`` or HMAC), ``kid`` and ``typ`` JWT in the header, ``jku`` (if sent) on an allow-list,
  ``iss`` on an allow-list when one is set, ``aud`` equal to the URL of the endpoint called, ``exp``,
  ``iat`` and ``jti`` required, and a ``jti`` accepted once (kept until the token expires).
  Keys come from a static JWK Set or from the allow-listed ``jku``.
- ``legdx serve --insecure-dev`` turns both off (loopback only).
"""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import httpx
from fastapi import Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from legdx.server.problems import ProblemError
from legdx.store import repo
from legdx.store.repo import Client

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="legdx API key")
bearer = HTTPBearer(auto_error=False, description="legdx API key (REST) or the CDS client's JWT (CDS Hooks)")

INSECURE = Client(id="insecure-dev", kind="insecure-dev")
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="legdx"'}

ALLOWED_ALGS = ("ES384", "RS384")


class ApiKeyCache:
    """Verified keys for a short while (revocation takes effect within ``ttl`` seconds)."""

    def __init__(self, ttl: float = 30.0, size: int = 1000):
        self.ttl = ttl
        self.size = size
        self._d: dict[str, tuple[Client, float]] = {}
        self._lock = threading.Lock()

    def get(self, digest: str) -> Client | None:
        with self._lock:
            hit = self._d.get(digest)
            if hit is None:
                return None
            if hit[1] < time.monotonic():
                del self._d[digest]
                return None
            return hit[0]

    def put(self, digest: str, client: Client) -> None:
        with self._lock:
            if len(self._d) >= self.size:
                self._d.clear()
            self._d[digest] = (client, time.monotonic() + self.ttl)


def _lookup_key(request: Request, key: str) -> Client | None:
    cache: ApiKeyCache = request.app.state.api_key_cache
    digest = repo.hash_key(key)
    client = cache.get(digest)
    if client is not None:
        return client
    with request.app.state.db.session(write=False) as s:
        client = repo.verify_api_key(s, key)
    if client is not None:
        cache.put(digest, client)
    return client


async def require_api_key(
    request: Request,
    key: Annotated[str | None, Security(api_key_header)],
    cred: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
) -> Client:
    """The calling client, from its API key; 401 problem otherwise."""
    if not request.app.state.settings.auth:
        request.state.client_id = INSECURE.id
        return INSECURE
    token = key or (cred.credentials if cred else None)
    if not token:
        raise ProblemError(
            401,
            "an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>' "
            "(create one with `legdx apikey create NAME`)",
            kind="unauthorized",
            headers=_CHALLENGE,
        )
    client = request.app.state.api_key_cache.get(repo.hash_key(token))
    if client is None:
        client = await run_in_threadpool(_lookup_key, request, token)
    if client is None:
        raise ProblemError(
            401, "the API key is not valid (unknown or revoked)", kind="unauthorized", headers=_CHALLENGE
        )
    request.state.client_id = client.id
    return client


# --------------------------------------------------------------------------------------------------
# CDS Hooks JWT


class JwksCache:
    """JWK Sets fetched from allow-listed ``jku`` URLs, cached for ``ttl`` seconds; a key id not found
    triggers at most one refetch per ``min_refetch`` seconds (key rotation)."""

    def __init__(self, ttl: float = 300.0, min_refetch: float = 30.0):
        self.ttl = ttl
        self.min_refetch = min_refetch
        self._d: dict[str, tuple[dict[str, Any], float]] = {}
        self._lock = asyncio.Lock()

    async def get(self, http: httpx.AsyncClient, url: str, kid: str) -> dict[str, Any] | None:
        now = time.monotonic()
        hit = self._d.get(url)
        jwks = hit[0] if hit and hit[1] + self.ttl > now else None
        if jwks is None or (_find(jwks, kid) is None and hit is not None and hit[1] + self.min_refetch < now):
            async with self._lock:
                jwks = await _fetch_jwks(http, url)
                self._d[url] = (jwks, time.monotonic())
        return _find(jwks, kid)


def _find(jwks: dict[str, Any], kid: str) -> dict[str, Any] | None:
    for k in jwks.get("keys") or []:
        if isinstance(k, dict) and k.get("kid") == kid:
            return k
    return None


async def _fetch_jwks(http: httpx.AsyncClient, url: str) -> dict[str, Any]:
    try:
        r = await http.get(url, headers={"Accept": "application/json"}, follow_redirects=False)
    except httpx.HTTPError as exc:
        raise ProblemError(
            401,
            f"the JWK Set at the token's jku could not be fetched ({type(exc).__name__})",
            kind="unauthorized",
        ) from None
    if r.status_code != 200 or len(r.content) > 200_000:
        raise ProblemError(
            401, f"the JWK Set at the token's jku answered {r.status_code}", kind="unauthorized"
        )
    try:
        data = r.json()
    except ValueError:
        raise ProblemError(401, "the JWK Set at the token's jku is not JSON", kind="unauthorized") from None
    if not isinstance(data, dict) or not isinstance(data.get("keys"), list):
        raise ProblemError(401, "the document at the token's jku is not a JWK Set", kind="unauthorized")
    return data


def endpoint_url(request: Request) -> str:
    """The URL of the endpoint called, as the client sees it (``public_url`` behind a proxy)."""
    base = request.app.state.settings.public_url
    if base:
        return base.rstrip("/") + request.url.path
    return str(request.url.replace(query=None, fragment=None))


def _fail(detail: str) -> ProblemError:
    return ProblemError(401, detail, kind="unauthorized", headers=_CHALLENGE)


async def verify_cds_jwt(request: Request, token: str, audiences: list[str]) -> Client:
    import jwt

    settings = request.app.state.settings
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise _fail(f"the bearer token is not a JWT ({exc})") from None
    alg = header.get("alg")
    if alg not in ALLOWED_ALGS:
        raise _fail(
            f"JWT alg '{alg}' is not accepted; CDS Hooks clients sign with {' or '.join(ALLOWED_ALGS)}"
        )
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise _fail("the JWT header has no kid")
    if str(header.get("typ", "")).upper() != "JWT":
        raise _fail("the JWT header typ must be 'JWT'")
    iss = unverified.get("iss")
    if not isinstance(iss, str) or not iss:
        raise _fail("the JWT has no iss")
    if settings.cds_iss_allow and iss not in settings.cds_iss_allow:
        raise _fail(f"issuer '{iss}' is not allowed")
    jku = header.get("jku")
    jwk: dict[str, Any] | None
    if jku is not None:
        if not isinstance(jku, str) or jku not in settings.cds_jku_allow:
            raise _fail("the JWT's jku is not on the allow-list")
        jwk = await request.app.state.jwks_cache.get(request.app.state.http, jku, kid)
    else:
        jwk = _find(settings.cds_jwks or {}, kid)
    if jwk is None:
        raise _fail(f"no trusted key with kid '{kid}'")
    if jwk.get("alg") not in (None, alg):
        raise _fail("the key's alg does not match the token's")
    try:
        key = jwt.PyJWK(jwk, algorithm=alg).key
        claims = jwt.decode(
            token,
            key=key,
            algorithms=[alg],
            audience=audiences,
            issuer=iss,
            leeway=settings.cds_leeway_s,
            options={"require": ["iss", "aud", "exp", "iat", "jti"]},
        )
    except jwt.InvalidAudienceError:
        raise _fail(f"the JWT aud must be the URL of the endpoint called ({audiences[0]})") from None
    except jwt.PyJWTError as exc:
        raise _fail(f"the JWT is not valid: {exc}") from None
    now = time.time()
    if claims["iat"] > now + settings.cds_leeway_s:
        raise _fail("the JWT was issued in the future (iat)")
    if claims["exp"] - now > settings.cds_max_token_lifetime_s:
        raise _fail(
            f"the JWT expires more than {settings.cds_max_token_lifetime_s} s from now; "
            "use short-lived tokens"
        )
    jti = claims["jti"]
    if not isinstance(jti, str) or not jti:
        raise _fail("the JWT jti must be a non-empty string")
    expires = datetime.fromtimestamp(claims["exp"], UTC) + timedelta(seconds=settings.cds_leeway_s)
    fresh = await run_in_threadpool(_claim, request, iss, jti, expires)
    if not fresh:
        raise _fail("the JWT jti has been used before (replay)")
    return Client(id=f"cds:{iss}", kind="cds")


def _claim(request: Request, iss: str, jti: str, expires: datetime) -> bool:
    db = request.app.state.db
    lock = db.write_lock
    if lock is not None:
        lock.acquire()
    s = db.sessions()
    try:
        ok = repo.claim_jti(s, iss, jti, expires)
        if ok and int(time.time()) % 50 == 0:  # now and then, forget tokens that can no longer be replayed
            repo.forget_expired_jti(s, datetime.now(UTC), timedelta(seconds=60))
            s.commit()
        return ok
    finally:
        s.close()
        if lock is not None:
            lock.release()


async def require_cds_client(
    request: Request, cred: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]
) -> Client:
    """The CDS client, from its JWT; 401 problem otherwise."""
    if not request.app.state.settings.auth:
        request.state.client_id = INSECURE.id
        return INSECURE
    if cred is None or not cred.credentials:
        raise _fail("CDS Hooks calls need 'Authorization: Bearer <JWT>' signed by the CDS client")
    url = endpoint_url(request)
    audiences = [url]
    if url.endswith("/feedback"):
        audiences.append(url[: -len("/feedback")])
    client = await verify_cds_jwt(request, cred.credentials, audiences)
    request.state.client_id = client.id
    return client
