"""Fixtures for the server, storage, FHIR and CDS Hooks tests (loaded with ``pytest_plugins``).

Real parts: uvicorn servers on free loopback ports (in threads), a throwaway PostgreSQL cluster
(initdb/pg_ctl through ``su postgres`` when run as root), a small FHIR stub server that also serves a
JWK Set, and ES384/RS384 keys generated here to sign CDS Hooks JWTs.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "fhir"


def load_fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())


@pytest.fixture(scope="session")
def fhir_fixture() -> Any:
    """``fhir_fixture(name)``: a fresh copy of a Bundle under tests/fixtures/fhir."""
    return load_fixture


@pytest.fixture(scope="session")
def fhir_fixtures_dir() -> Path:
    return FIXTURES


# --------------------------------------------------------------------------------------------------
# uvicorn in a thread, on a socket bound here (no port race)


class LiveServer:
    def __init__(self, app: Any, startup_timeout: float = 20):
        import uvicorn

        self.startup_timeout = startup_timeout
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = app
        config = uvicorn.Config(
            app, log_level="warning", access_log=False, lifespan="on", timeout_keep_alive=30
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + self.startup_timeout
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(15)
        self.sock.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --------------------------------------------------------------------------------------------------
# PostgreSQL: LEGDX_TEST_POSTGRES_URL, or a throwaway cluster


def _pg_bin() -> str | None:
    found = [d for d in glob.glob("/usr/lib/postgresql/*/bin") if os.path.exists(f"{d}/initdb")]
    found.sort(key=lambda d: int(d.split("/")[-2]) if d.split("/")[-2].isdigit() else 0)
    if found:
        return found[-1]
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


def _run_pg(cmd: list[str], as_postgres: bool) -> None:
    if as_postgres:
        import shlex

        full = ["su", "postgres", "-c", " ".join(shlex.quote(c) for c in cmd)]
    else:
        full = cmd
    res = subprocess.run(full, capture_output=True, text=True, timeout=120)
    if res.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed: {res.stderr.strip() or res.stdout.strip()}")


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A PostgreSQL server URL (psycopg 3) whose user may create databases."""
    url = os.environ.get("LEGDX_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    pgbin = _pg_bin()
    if pgbin is None:
        pytest.skip(
            "PostgreSQL is not installed here (no /usr/lib/postgresql/*/bin/initdb, no initdb on PATH) "
            "and LEGDX_TEST_POSTGRES_URL is not set"
        )
    as_root = os.geteuid() == 0
    if as_root:
        try:
            import pwd

            pw = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run initdb as")
    d = tempfile.mkdtemp(prefix="legdx-pg-")
    if as_root:
        os.chown(d, pw.pw_uid, pw.pw_gid)
    port = free_port()
    try:
        _run_pg(
            [
                f"{pgbin}/initdb",
                "-D",
                f"{d}/data",
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            as_root,
        )
        _run_pg(
            [
                f"{pgbin}/pg_ctl",
                "-D",
                f"{d}/data",
                "-l",
                f"{d}/log",
                "-w",
                "-o",
                f"-p {port} -k {d} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                "start",
            ],
            as_root,
        )
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(d, ignore_errors=True)
        pytest.fail(f"PostgreSQL is installed ({pgbin}) but a throwaway cluster did not start: {exc}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        try:
            _run_pg([f"{pgbin}/pg_ctl", "-D", f"{d}/data", "-m", "immediate", "-w", "stop"], as_root)
        finally:
            shutil.rmtree(d, ignore_errors=True)


def new_pg_database(pg_url: str) -> str:
    """A fresh, empty database on the test server; returns its URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(pg_url)
    name = f"legdx_test_{uuid.uuid4().hex[:12]}"
    conninfo = f"host={u.host} port={u.port} user={u.username} dbname={u.database}"
    if u.password:
        conninfo += f" password={u.password}"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return u.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'legdx.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'legdx.sqlite3'}"
    return new_pg_database(request.getfixturevalue("pg_url"))


# --------------------------------------------------------------------------------------------------
# CDS Hooks client keys and tokens


class CdsSigner:
    """A CDS client: ES384 and RS384 keys (static JWKS) plus an ES384 key served at a jku."""

    ISS = "https://ehr.example.org"

    def __init__(self) -> None:
        from cryptography.hazmat.primitives.asymmetric import ec, rsa

        self.keys = {
            "es-static": ("ES384", ec.generate_private_key(ec.SECP384R1())),
            "rs-static": ("RS384", rsa.generate_private_key(public_exponent=65537, key_size=2048)),
            "es-jku": ("ES384", ec.generate_private_key(ec.SECP384R1())),
        }
        self.jku_url: str | None = None

    def jwk(self, kid: str) -> dict[str, Any]:
        from jwt.algorithms import ECAlgorithm, RSAAlgorithm

        alg, key = self.keys[kid]
        algo = ECAlgorithm if alg == "ES384" else RSAAlgorithm
        out: dict[str, Any] = algo.to_jwk(key.public_key(), as_dict=True)  # type: ignore[attr-defined]
        out.update({"kid": kid, "alg": alg, "use": "sig"})
        return out

    def static_jwks(self) -> dict[str, Any]:
        return {"keys": [self.jwk("es-static"), self.jwk("rs-static")]}

    def served_jwks(self) -> dict[str, Any]:
        return {"keys": [self.jwk("es-jku")]}

    def token(
        self,
        aud: str,
        kid: str = "es-static",
        *,
        jku: str | None = None,
        alg: str | None = None,
        headers: dict[str, Any] | None = None,
        **claims: Any,
    ) -> str:
        import jwt

        key_alg, key = self.keys[kid]
        now = int(time.time())
        payload: dict[str, Any] = {
            "iss": self.ISS,
            "aud": aud,
            "exp": now + 300,
            "iat": now,
            "jti": str(uuid.uuid4()),
        }
        payload.update(claims)
        payload = {k: v for k, v in payload.items() if v is not None}
        hdr: dict[str, Any] = {"kid": kid, "typ": "JWT"}
        if jku:
            hdr["jku"] = jku
        hdr.update(headers or {})
        return jwt.encode(payload, key, algorithm=alg or key_alg, headers=hdr)


@pytest.fixture(scope="session")
def signer() -> CdsSigner:
    return CdsSigner()


# --------------------------------------------------------------------------------------------------
# A small FHIR server stub (and the CDS client's JWK Set) on loopback


class FhirStub:
    TOKEN = "stub-access-token"

    def __init__(self, signer: CdsSigner):
        from starlette.applications import Starlette
        from starlette.requests import Request
        from starlette.responses import JSONResponse
        from starlette.routing import Route

        self.requests: list[tuple[str, str | None]] = []
        bundle = load_fixture("pad_bundle.json")
        by_type: dict[str, list[dict[str, Any]]] = {}
        for e in bundle["entry"]:
            by_type.setdefault(e["resource"]["resourceType"], []).append(e["resource"])
        self.by_type = by_type

        def auth_ok(request: Request) -> bool:
            self.requests.append(
                (
                    request.url.path + ("?" + request.url.query if request.url.query else ""),
                    request.headers.get("authorization"),
                )
            )
            return request.headers.get("authorization") == f"Bearer {self.TOKEN}"

        async def read(request: Request) -> JSONResponse:
            if not auth_ok(request):
                return JSONResponse({"resourceType": "OperationOutcome"}, status_code=401)
            rtype, rid = request.path_params["rtype"], request.path_params["rid"]
            for r in by_type.get(rtype, []):
                if r["id"] == rid:
                    return JSONResponse(r, media_type="application/fhir+json")
            return JSONResponse({"resourceType": "OperationOutcome"}, status_code=404)

        async def search(request: Request) -> JSONResponse:
            if not auth_ok(request):
                return JSONResponse({"resourceType": "OperationOutcome"}, status_code=401)
            rtype = request.path_params["rtype"]
            items = [
                r
                for r in by_type.get(rtype, [])
                if (r.get("subject") or {}).get("reference")
                == f"Patient/{request.query_params.get('patient')}"
            ]
            page = int(request.query_params.get("page", "1"))
            size = 3
            chunk = items[(page - 1) * size : page * size]
            out: dict[str, Any] = {
                "resourceType": "Bundle",
                "type": "searchset",
                "total": len(items),
                "entry": [
                    {
                        "fullUrl": f"{self.url}/fhir/{rtype}/{r['id']}",
                        "resource": r,
                        "search": {"mode": "match"},
                    }
                    for r in chunk
                ],
            }
            if page * size < len(items):
                q = dict(request.query_params)
                q["page"] = str(page + 1)
                from urllib.parse import urlencode

                out["link"] = [{"relation": "next", "url": f"{self.url}/fhir/{rtype}?{urlencode(q)}"}]
            return JSONResponse(out, media_type="application/fhir+json")

        async def jwks(request: Request) -> JSONResponse:
            return JSONResponse(signer.served_jwks())

        app = Starlette(
            routes=[
                Route("/.well-known/jwks.json", jwks),
                Route("/fhir/{rtype}/{rid}", read),
                Route("/fhir/{rtype}", search),
            ]
        )
        self.live = LiveServer(app).start()
        self.url = self.live.url
        self.base = f"{self.url}/fhir"
        self.jwks_url = f"{self.url}/.well-known/jwks.json"


@pytest.fixture(scope="session")
def fhir_stub(signer: CdsSigner) -> Iterator[FhirStub]:
    stub = FhirStub(signer)
    signer.jku_url = stub.jwks_url
    yield stub
    stub.live.stop()


# --------------------------------------------------------------------------------------------------
# The legdx server under test


class Legdx:
    def __init__(self, live: LiveServer, db_url: str, api_key: str):
        self.live = live
        self.url = live.url
        self.db_url = db_url
        self.api_key = api_key
        self.app = live.app

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}

    def client(self, headers: dict[str, str] | None = None, **kw: Any) -> Any:
        import httpx

        return httpx.Client(
            base_url=self.url, headers={**self.headers(), **(headers or {})}, timeout=30, **kw
        )


def start_legdx(
    db_url: str, signer: CdsSigner | None = None, stub: FhirStub | None = None, **overrides: Any
) -> Legdx:
    from legdx.server.app import create_app
    from legdx.server.settings import ServerSettings
    from legdx.store import repo
    from legdx.store.db import Database

    db = Database(db_url)
    db.upgrade()
    with db.session() as s:
        key = repo.create_api_key(s, f"test-{uuid.uuid4().hex[:8]}")
    settings = ServerSettings(
        database_url=db_url,
        cds_jwks=signer.static_jwks() if signer else None,
        cds_jku_allow=[stub.jwks_url] if stub else [],
        cds_iss_allow=[CdsSigner.ISS],
        **overrides,
    )
    app = create_app(settings, db=db)
    return Legdx(LiveServer(app).start(), db_url, key)


@pytest.fixture(scope="session")
def legdx_server(
    tmp_path_factory: pytest.TempPathFactory, signer: CdsSigner, fhir_stub: FhirStub
) -> Iterator[Legdx]:
    """legdx on SQLite with authentication on (API key created; CDS client keys trusted)."""
    path = tmp_path_factory.mktemp("legdx") / "legdx.sqlite3"
    srv = start_legdx(f"sqlite:///{path}", signer, fhir_stub, max_body_bytes=200_000)
    yield srv
    srv.live.stop()


@pytest.fixture(scope="session")
def legdx_pg_server(pg_url: str, signer: CdsSigner, fhir_stub: FhirStub) -> Iterator[Legdx]:
    """legdx on a fresh PostgreSQL database."""
    srv = start_legdx(new_pg_database(pg_url), signer, fhir_stub)
    yield srv
    srv.live.stop()
