"""Engines, sessions and migrations.

The database URL comes from ``LEGDX_DATABASE_URL``; without it legdx keeps a SQLite file in its data
directory (``$LEGDX_HOME``, else ``$XDG_DATA_HOME/legdx``, else ``~/.local/share/legdx``), created on
first use. ``postgresql://`` URLs use psycopg 3.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

#: Arbitrary constant for ``pg_advisory_lock`` so that concurrent starts migrate one at a time.
_PG_MIGRATION_LOCK = 0x6C656764  # "legd"


def data_dir() -> Path:
    """Where legdx keeps its data when no database URL is given."""
    home = os.environ.get("LEGDX_HOME")
    if home:
        return Path(home).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "legdx"


def default_database_url() -> str:
    url = os.environ.get("LEGDX_DATABASE_URL")
    if url:
        return normalise_url(url)
    return f"sqlite:///{data_dir() / 'legdx.sqlite3'}"


def normalise_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg 3 here."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=20, max_overflow=40
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_size=10, max_overflow=40, pool_pre_ping=True, pool_timeout=30)


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("legdx.store") / "migrations"))
    cfg.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return cfg


def upgrade(url: str | None = None, revision: str = "head", engine: Engine | None = None) -> None:
    """Bring the schema to ``revision``. Safe to call at every start (a no-op when current)."""
    from alembic import command

    url = url or default_database_url()
    own = engine is None
    engine = engine or make_engine(url)
    cfg = alembic_config(url)
    try:
        with _file_lock(url), engine.connect() as conn:
            pg = conn.dialect.name == "postgresql"
            if pg:
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
                conn.commit()
            try:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                conn.commit()
            finally:
                if pg:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_MIGRATION_LOCK})
                    conn.commit()
    finally:
        if own:
            engine.dispose()


@contextmanager
def _file_lock(url: str) -> Iterator[None]:
    """For a SQLite file, an exclusive lock beside it while migrating (several workers may start at once)."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        yield
        return
    try:
        import fcntl
    except ImportError:  # not POSIX
        yield
        return
    path = Path(u.database).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{path}.migrate.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(url: str) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


class Database:
    """An engine and its session factory."""

    def __init__(self, url: str | None = None):
        self.url = normalise_url(url or default_database_url())
        self.engine = make_engine(self.url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        # SQLite takes one writer at a time and makes the others sleep and retry (with growing sleeps);
        # within a process, writers queue on this lock instead, which keeps tail latency low.
        self.write_lock: threading.Lock | None = threading.Lock() if self.backend == "sqlite" else None

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def upgrade(self) -> None:
        upgrade(self.url, engine=self.engine)

    def is_current(self) -> bool:
        return current_revision(self.engine) == head_revision(self.url)

    @contextmanager
    def session(self, write: bool = True) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back on error.

        On SQLite a writing session holds the process's write lock for its whole transaction, so that
        threads queue here rather than in SQLite's sleep-and-retry busy handler (which spoils tail latency).
        """
        lock = self.write_lock if write else None
        if lock is not None:
            lock.acquire()
        s = self.sessions()
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()
            if lock is not None:
                lock.release()

    def dispose(self) -> None:
        self.engine.dispose()
