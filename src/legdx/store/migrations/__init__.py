"""Alembic migrations for legdx's schema (shipped in the package; ``legdx db upgrade`` runs them)."""
