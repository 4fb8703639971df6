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

from sqlalchemy import Connection, Engine, create_engine, event, text

try:
    import fcntl
except ImportError:  # not POSIX: writers of other processes queue in SQLite's busy handler
    fcntl = None  # type: ignore[assignment]
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


def _sqlite_pragmas(dbapi_conn: Any, _record: Any, wal_autocheckpoint: int = 1000) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA wal_autocheckpoint={int(wal_autocheckpoint)}")
    cur.close()


#: With background checkpoints the connections that serve requests checkpoint only when the WAL passes
#: this many pages (about 64 MB), a safety net should the checkpoint thread fall behind.
_AUTOCHECKPOINT_SAFETY_PAGES = 16_000


def make_engine(url: str, *, background_checkpoint: bool = False) -> Engine:
    """An engine for ``url``. For a SQLite file, ``background_checkpoint`` leaves WAL checkpoints to
    ``Database.start_checkpointer`` instead of the committing request (a checkpoint writes the database
    file and fsyncs it: tens of milliseconds that would otherwise land on one request)."""
    url = normalise_url(url)
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=20, max_overflow=40
        )
        pages = _AUTOCHECKPOINT_SAFETY_PAGES if background_checkpoint else 1000
        event.listen(engine, "connect", lambda c, r: _sqlite_pragmas(c, r, pages))
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


class WriteLock:
    """SQLite's one writer at a time, queued here rather than in SQLite's busy handler (which sleeps and
    retries with growing sleeps, up to 100 ms a try: that spoils tail latency). Threads of a process queue
    on a ``threading.Lock``; processes (``legdx serve --workers N``, the CLI) on an exclusive ``flock`` of
    a file beside the database, which wakes the next writer as soon as the lock is released."""

    def __init__(self, path: Path | None):
        self._thread_lock = threading.Lock()
        self._path = path
        self._fd: int | None = None
        self._pid = 0

    def _file(self) -> int | None:
        if self._path is None or fcntl is None:
            return None
        if self._fd is None or self._pid != os.getpid():  # a forked child needs its own open file
            self._fd = os.open(f"{self._path}.write.lock", os.O_RDWR | os.O_CREAT, 0o600)
            self._pid = os.getpid()
        return self._fd

    def acquire(self) -> bool:
        self._thread_lock.acquire()
        try:
            fd = self._file()
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            self._thread_lock.release()
            raise
        return True

    def release(self) -> None:
        try:
            if self._fd is not None and self._pid == os.getpid():
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._thread_lock.release()

    def __enter__(self) -> WriteLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def close(self) -> None:
        if self._fd is not None and self._pid == os.getpid():
            os.close(self._fd)
        self._fd = None


class Database:
    """An engine and its session factory.

    ``background_checkpoint`` (SQLite files; used by the server): WAL checkpoints run in a thread of
    their own (``start_checkpointer``) rather than in whichever request's commit crosses the threshold.
    """

    def __init__(self, url: str | None = None, *, background_checkpoint: bool = False):
        self.url = normalise_url(url or default_database_url())
        self.engine = make_engine(self.url, background_checkpoint=background_checkpoint)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.write_lock: WriteLock | None = None
        self.sqlite_path: Path | None = None
        if self.backend == "sqlite":
            database = make_url(self.url).database
            if database and database != ":memory:":
                self.sqlite_path = Path(database).expanduser()
            self.write_lock = WriteLock(self.sqlite_path)
        self.background_checkpoint = background_checkpoint and self.sqlite_path is not None
        self._checkpointer: threading.Thread | None = None
        self._stop = threading.Event()
        self.checkpoints = 0  # background checkpoints run so far

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

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A plain connection in a write transaction (no ORM session: cheaper for a few Core inserts),
        committed on success, under the write lock on SQLite like ``session()``."""
        lock = self.write_lock
        if lock is not None:
            lock.acquire()
        try:
            with self.engine.begin() as conn:
                yield conn
        finally:
            if lock is not None:
                lock.release()

    def start_checkpointer(self, interval: float = 0.5) -> None:
        """Checkpoint the WAL every ``interval`` seconds in a daemon thread (``PASSIVE``: it waits for no
        reader or writer; with several worker processes whichever comes first does it)."""
        if not self.background_checkpoint or self._checkpointer is not None:
            return
        self._stop.clear()
        self._checkpointer = threading.Thread(
            target=self._checkpoint_loop, args=(interval,), name="legdx-wal-checkpoint", daemon=True
        )
        self._checkpointer.start()

    def _checkpoint_loop(self, interval: float) -> None:
        import logging
        import sqlite3

        assert self.sqlite_path is not None
        conn = sqlite3.connect(str(self.sqlite_path), timeout=0, check_same_thread=False)
        try:
            while not self._stop.wait(interval):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    self.checkpoints += 1
                except sqlite3.Error as exc:  # busy (another process checkpoints) or transient
                    logging.getLogger("legdx.store").debug("WAL checkpoint skipped: %s", exc)
        finally:
            conn.close()

    def stop_checkpointer(self) -> None:
        t = self._checkpointer
        if t is None:
            return
        self._stop.set()
        t.join(timeout=10)
        self._checkpointer = None

    def dispose(self) -> None:
        self.stop_checkpointer()
        self.engine.dispose()
        if self.write_lock is not None:
            self.write_lock.close()
