"""``legdx serve``, ``legdx history``, ``legdx db upgrade`` and ``legdx apikey ...`` (the [server] extra).

Heavy imports (uvicorn, SQLAlchemy, FastAPI) happen inside the commands, so ``legdx --help`` stays fast.
"""

from __future__ import annotations

import getpass
import ipaddress
import json
import os
import tempfile
from typing import Any

import typer
from rich.console import Console

err = Console(stderr=True, highlight=False)

db_app = typer.Typer(help="The database: migrations.", no_args_is_help=True)
key_app = typer.Typer(help="API keys for the REST API (only a hash is stored).", no_args_is_help=True)

DB_OPTION = typer.Option(
    None,
    "--database-url",
    help="Default: $LEGDX_DATABASE_URL, else a SQLite file under $LEGDX_HOME (~/.local/share/legdx).",
)


def _fail(message: str, code: int = 2) -> Any:
    err.print(f"[bold red]error:[/] {message}", soft_wrap=True)
    raise typer.Exit(code)


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no user name available
        return "cli"


def _database(url: str | None) -> Any:
    from legdx.store.db import Database, redact

    try:
        db = Database(url)
        db.upgrade()
    except Exception as exc:  # noqa: BLE001 - report any connection or migration failure plainly
        _fail(
            f"database {redact(url) if url else ''}: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}"
        )
    return db


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def logging_config(level: str) -> dict[str, Any]:
    from uvicorn.config import LOGGING_CONFIG

    cfg = json.loads(json.dumps(LOGGING_CONFIG))
    cfg["loggers"]["legdx"] = {"handlers": ["default"], "level": level.upper(), "propagate": False}
    out: dict[str, Any] = cfg
    return out


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.add_typer(key_app, name="apikey")

    @app.command()
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback by default)."),
        port: int = typer.Option(8000, "--port", min=1, max=65535),
        workers: int = typer.Option(1, "--workers", min=1, max=64, help="uvicorn worker processes."),
        database_url: str | None = DB_OPTION,
        insecure_dev: bool = typer.Option(
            False,
            "--insecure-dev",
            help="Turn authentication off (loopback binds only; never with real patient data).",
        ),
        public_url: str | None = typer.Option(
            None,
            "--public-url",
            help="Base URL clients use (CDS Hooks aud, card links); default: the request's own URL.",
        ),
        log_level: str = typer.Option("info", "--log-level"),
    ) -> None:
        """Run the HTTP service (REST API, CDS Hooks, SDC $next-question, /docs, /metrics)."""
        import uvicorn

        if insecure_dev:
            if not is_loopback(host):
                _fail(
                    f"--insecure-dev refuses to bind {host}: without authentication only a loopback address "
                    "(127.0.0.1, ::1, localhost) is allowed"
                )
            err.print(
                "[bold white on red] INSECURE DEV MODE: AUTHENTICATION IS OFF. [/] Anyone who can reach "
                f"{host}:{port} can read and write assessments. Never use this with real patient data."
            )
            os.environ["LEGDX_INSECURE_DEV"] = "1"
        else:
            os.environ.pop("LEGDX_INSECURE_DEV", None)
        if database_url:
            os.environ["LEGDX_DATABASE_URL"] = database_url
        if public_url:
            os.environ["LEGDX_PUBLIC_URL"] = public_url
        from legdx.store.db import redact

        db = _database(database_url)
        err.print(
            f"legdx: database {redact(db.url)}; listening on http://{host}:{port} ({workers} worker"
            f"{'s' if workers > 1 else ''}); API docs at /docs"
        )
        db.dispose()
        if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="legdx-metrics-")
        options: dict[str, Any] = {
            "factory": True,
            "host": host,
            "port": port,
            "workers": workers,
            "access_log": False,
            "log_config": logging_config(log_level),
            "log_level": log_level,
            "server_header": False,
            "proxy_headers": False,
        }
        from legdx.server import workers as worker_pool

        if workers > 1 and worker_pool.reuse_port_supported():
            # a listening socket per worker, so that connections spread over them (legdx.server.workers)
            worker_pool.run(uvicorn.Config("legdx.server.app:create_app", **options))
        else:
            uvicorn.run("legdx.server.app:create_app", **options)

    @app.command()
    def history(
        patient: str | None = typer.Option(None, "--patient", help="Only this patient's assessments."),
        limit: int = typer.Option(20, "--limit", min=1, max=10_000),
        fmt: str = typer.Option("text", "--format", "-f", help="text | json"),
        database_url: str | None = DB_OPTION,
    ) -> None:
        """List stored assessments, newest first."""
        from legdx.store import repo

        if fmt not in ("text", "json"):
            _fail(f"--format must be text or json, not '{fmt}'")
        db = _database(database_url)
        with db.session() as s:
            rows, total = repo.list_assessments(s, patient_id=patient, limit=limit)
            repo.audit(s, _actor(), "assessment.search", "Assessment", None)
            items: list[dict[str, Any]] = [
                {
                    "id": r.id,
                    "created_at": r.created_at.isoformat(),
                    "patient_id": r.patient_id,
                    "source": r.source,
                    "triage_level": r.triage_level,
                    "top_condition": r.top_condition,
                    "top_probability": r.top_probability,
                    "kb_version": r.kb_version,
                    "legdx_version": r.legdx_version,
                    "created_by": r.created_by,
                }
                for r in rows
            ]
        db.dispose()
        if fmt == "json":
            typer.echo(json.dumps({"total": total, "items": items}, indent=2))
            return
        if not items:
            typer.echo("no stored assessments" + (f" for patient {patient}" if patient else ""))
            return
        typer.echo(f"# {len(items)} of {total} stored assessment(s), newest first")
        typer.echo("created_utc\tid\tpatient\tsource\ttriage\tleading\tkb")
        for it in items:
            lead = f"{it['top_condition']} {it['top_probability']:.0%}" if it["top_condition"] else "-"
            typer.echo(
                "\t".join(
                    [
                        it["created_at"][:19],
                        it["id"],
                        it["patient_id"] or "-",
                        it["source"],
                        it["triage_level"],
                        lead,
                        it["kb_version"],
                    ]
                )
            )

    @db_app.command("upgrade")
    def db_upgrade(
        database_url: str | None = DB_OPTION, revision: str = typer.Option("head", "--revision")
    ) -> None:
        """Create or migrate the schema (Alembic migrations shipped with legdx)."""
        from legdx.store.db import Database, current_revision, redact, upgrade

        db = Database(database_url)
        try:
            upgrade(db.url, revision=revision, engine=db.engine)
            rev = current_revision(db.engine)
        except Exception as exc:  # noqa: BLE001
            _fail(f"database {redact(db.url)}: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}")
        typer.echo(f"database {redact(db.url)} at revision {rev}")
        db.dispose()

    @db_app.command("current")
    def db_current(database_url: str | None = DB_OPTION) -> None:
        """Print the schema revision of the database."""
        from legdx.store.db import Database, current_revision, head_revision, redact

        db = Database(database_url)
        rev = current_revision(db.engine)
        head = head_revision(db.url)
        typer.echo(f"database {redact(db.url)}: revision {rev or '(empty)'}; latest {head}")
        db.dispose()

    @key_app.command("create")
    def key_create(
        name: str = typer.Argument(..., help="A name for the client (letters, digits, - _ . @)."),
        database_url: str | None = DB_OPTION,
    ) -> None:
        """Create an API key and print it once (only its SHA-256 digest is stored)."""
        from legdx.store import repo

        db = _database(database_url)
        try:
            with db.session() as s:
                key = repo.create_api_key(s, name)
                repo.audit(s, _actor(), "apikey.create", "ApiKey", name[:64])
        except ValueError as exc:
            _fail(str(exc))
        finally:
            db.dispose()
        err.print(f"API key '{name}' created. It is shown only now; store it safely:")
        typer.echo(key)

    @key_app.command("list")
    def key_list(database_url: str | None = DB_OPTION) -> None:
        """List API keys (names and dates; the keys themselves are not stored)."""
        from legdx.store import repo

        db = _database(database_url)
        with db.session() as s:
            for k in repo.list_api_keys(s):
                state = f"revoked {k.revoked_at:%Y-%m-%d}" if k.revoked_at else "active"
                typer.echo(f"{k.name}\tlgx_{k.prefix}_…\tcreated {k.created_at:%Y-%m-%d}\t{state}")
        db.dispose()

    @key_app.command("revoke")
    def key_revoke(name: str = typer.Argument(...), database_url: str | None = DB_OPTION) -> None:
        """Revoke an API key (servers stop accepting it within 30 seconds)."""
        from legdx.store import repo

        db = _database(database_url)
        with db.session() as s:
            ok = repo.revoke_api_key(s, name)
            if ok:
                repo.audit(s, _actor(), "apikey.revoke", "ApiKey", name[:64])
        db.dispose()
        if not ok:
            _fail(f"no active API key named '{name}'")
        typer.echo(f"revoked '{name}'")
