"""Storage: assessments, the append-only audit log, API keys and CDS Hooks bookkeeping.

SQLite by default (a file under the data directory, created on first use), PostgreSQL when
``LEGDX_DATABASE_URL`` says so. The schema is managed by Alembic migrations shipped in this package
(``legdx db upgrade``).
"""

from legdx.store.db import Database, data_dir, default_database_url, upgrade

__all__ = ["Database", "data_dir", "default_database_url", "upgrade"]
