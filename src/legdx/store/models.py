"""SQLAlchemy models: what is stored. Request and response shapes live in ``legdx.server.schemas``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, Float, Index, Integer, LargeBinary, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from legdx.store import codec


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite hands back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class AssessmentRecord(Base):
    """One assessment: the input as received, the output as returned, and the versions behind it."""

    __tablename__ = "assessments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    created_by: Mapped[str] = mapped_column(String(200), nullable=False)
    patient_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    source: Mapped[str] = mapped_column(String(16), nullable=False)  # case | text | fhir | cds
    audience: Mapped[str] = mapped_column(String(16), nullable=False)
    input_json: Mapped[str] = mapped_column(Text, nullable=False)
    # The output as returned: zstd-compressed JSON (``output_zstd``) since migration 0002, or the JSON text
    # itself (``output_text``, column ``output_json``) in older rows; read either through ``output_json``.
    output_text: Mapped[str | None] = mapped_column("output_json", Text, nullable=True)
    output_zstd: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    kb_version: Mapped[str] = mapped_column(String(64), nullable=False)
    legdx_version: Mapped[str] = mapped_column(String(32), nullable=False)
    schema_version: Mapped[str] = mapped_column(String(16), nullable=False)
    triage_level: Mapped[str] = mapped_column(String(32), nullable=False)
    top_condition: Mapped[str | None] = mapped_column(String(100), nullable=True)
    top_probability: Mapped[float | None] = mapped_column(Float, nullable=True)

    __table_args__ = (
        Index("ix_assessments_patient_created", "patient_id", "created_at"),
        Index("ix_assessments_created", "created_at"),
        CheckConstraint(
            "(output_json IS NULL) <> (output_zstd IS NULL)", name="ck_assessments_one_output"
        ),
    )

    @property
    def output_json(self) -> str:
        """The assessment JSON as it was returned, whichever way the row keeps it."""
        if self.output_zstd is not None:
            return codec.unpack(self.output_zstd)
        if self.output_text is None:
            raise ValueError(f"assessment {self.id} has no output")
        return self.output_text

    def output_bytes(self) -> bytes:
        """``output_json`` as UTF-8."""
        if self.output_zstd is not None:
            return codec.unpack_bytes(self.output_zstd)
        return self.output_json.encode("utf-8")


class AuditEvent(Base):
    """Append-only: who did what to which resource, and when. Never clinical content."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    actor: Mapped[str] = mapped_column(String(200), nullable=False)
    action: Mapped[str] = mapped_column(String(64), nullable=False)
    resource_type: Mapped[str | None] = mapped_column(String(64), nullable=True)
    resource_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    outcome: Mapped[str] = mapped_column(String(16), nullable=False, default="success")
    request_id: Mapped[str | None] = mapped_column(String(64), nullable=True)

    __table_args__ = (Index("ix_audit_log_at", "at"), Index("ix_audit_log_resource", "resource_id"))


class ApiKey(Base):
    """An API key for the REST API. Only a SHA-256 digest of the key is kept."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), nullable=False, unique=True)
    prefix: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    key_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class CdsCard(Base):
    """A card handed to a CDS client, so feedback can be matched to it."""

    __tablename__ = "cds_cards"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    service_id: Mapped[str] = mapped_column(String(100), nullable=False)
    assessment_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    indicator: Mapped[str] = mapped_column(String(16), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)


class CdsFeedback(Base):
    """CDS Hooks 2.0 feedback on one card."""

    __tablename__ = "cds_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    service_id: Mapped[str] = mapped_column(String(100), nullable=False)
    card_uuid: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    outcome: Mapped[str] = mapped_column(String(16), nullable=False)
    accepted_suggestions: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON list of ids
    override_reason_system: Mapped[str | None] = mapped_column(String(300), nullable=True)
    override_reason_code: Mapped[str | None] = mapped_column(String(100), nullable=True)
    override_user_comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    outcome_timestamp: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    client_id: Mapped[str] = mapped_column(String(300), nullable=False)


class SeenJti(Base):
    """JWT ids already accepted from CDS clients: a token is good once (replay protection)."""

    __tablename__ = "cds_jti"

    iss: Mapped[str] = mapped_column(String(300), primary_key=True)
    jti: Mapped[str] = mapped_column(String(200), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, index=True)
