"""What the faces do with storage: save and find assessments, write the audit log, manage API keys,
remember CDS cards, feedback and JWT ids. Functions take a ``Session`` and never commit it."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, delete, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from legdx.store import codec
from legdx.store.models import (
    ApiKey,
    AssessmentRecord,
    AuditEvent,
    CdsCard,
    CdsFeedback,
    SeenJti,
    utcnow,
)

# Core inserts on the session's (or a plain) connection: the hot path of every request skips the ORM's
# bookkeeping, and the statements are built once.
_ASSESSMENTS: Table = AssessmentRecord.__table__  # type: ignore[assignment]
_AUDIT: Table = AuditEvent.__table__  # type: ignore[assignment]
_CARDS: Table = CdsCard.__table__  # type: ignore[assignment]
_INSERT_CARDS = _CARDS.insert()


def _conn(s: Session | Connection) -> Connection:
    return s.connection() if isinstance(s, Session) else s


class FastInsert:
    """``INSERT`` of one row with the given columns, run on the DB-API cursor of the caller's connection
    (so inside its transaction). The statement is compiled once per dialect and each value goes through
    its column type's own bind processor, as ``Connection.execute`` would do; what is skipped is the
    per-execution bookkeeping of ``Connection.execute`` (about a tenth of a millisecond a statement, and
    this is the hot path of every stored assessment). ``tests/test_store.py`` checks that the rows read
    back the same as rows written by ``Connection.execute``."""

    def __init__(self, table: Table, columns: tuple[str, ...]):
        self.table = table
        self.columns = columns
        self._compiled: dict[tuple[type, str], tuple[str, tuple[str, ...] | None, dict[str, Any]]] = {}

    def _for(self, dialect: Any) -> tuple[str, tuple[str, ...] | None, dict[str, Any]]:
        key = (type(dialect), dialect.paramstyle)
        hit = self._compiled.get(key)
        if hit is None:
            compiled = self.table.insert().compile(dialect=dialect, column_keys=list(self.columns))
            order = tuple(compiled.positiontup or ()) if dialect.positional else None
            processors = {}
            for name in self.columns:
                proc = self.table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
                if proc is not None:
                    processors[name] = proc
            hit = self._compiled[key] = (str(compiled), order, processors)
        return hit

    def __call__(self, s: Session | Connection, row: dict[str, Any]) -> None:
        if row.keys() != set(self.columns):
            raise ValueError(
                f"{self.table.name}: columns {sorted(row)} given, {sorted(self.columns)} expected"
            )
        conn = _conn(s)
        sql, order, processors = self._for(conn.dialect)
        values = {k: (processors[k](v) if k in processors else v) for k, v in row.items()}
        params = tuple(values[k] for k in order) if order is not None else values
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql, params)
        except conn.dialect.loaded_dbapi.Error as exc:
            # the same exception types as Connection.execute (IntegrityError ...), never with the values
            raise DBAPIError.instance(
                sql, None, exc, conn.dialect.loaded_dbapi.Error, hide_parameters=True, dialect=conn.dialect
            ) from exc
        finally:
            cursor.close()


_INSERT_ASSESSMENT = FastInsert(
    _ASSESSMENTS,
    (
        "id",
        "created_at",
        "created_by",
        "patient_id",
        "source",
        "audience",
        "input_json",
        "output_json",
        "output_zstd",
        "kb_version",
        "legdx_version",
        "schema_version",
        "triage_level",
        "top_condition",
        "top_probability",
    ),
)
_INSERT_AUDIT = FastInsert(
    _AUDIT, ("at", "actor", "action", "resource_type", "resource_id", "outcome", "request_id")
)

# --------------------------------------------------------------------------------------------------
# Audit log (append-only; who, what, which resource, when; never clinical content)


def audit(
    s: Session | Connection,
    actor: str,
    action: str,
    resource_type: str | None = None,
    resource_id: str | None = None,
    outcome: str = "success",
    request_id: str | None = None,
) -> None:
    _INSERT_AUDIT(
        s,
        {
            "at": utcnow(),
            "actor": actor[:200],
            "action": action,
            "resource_type": resource_type,
            "resource_id": resource_id,
            "outcome": outcome,
            "request_id": request_id,
        },
    )


def audit_events(s: Session, limit: int = 100, resource_id: str | None = None) -> list[AuditEvent]:
    q = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if resource_id is not None:
        q = q.where(AuditEvent.resource_id == resource_id)
    return list(s.scalars(q))


# --------------------------------------------------------------------------------------------------
# Assessments


def new_id() -> str:
    return str(uuid.uuid4())


def output_columns(output: Any) -> dict[str, Any]:
    """The columns ``save_assessment`` takes from an assessment (``legdx.model.Assessment``): plain
    values, so that callers may keep them (e.g. in a cache) without keeping the assessment itself."""
    top = output.differential[0] if output.differential else None
    return {
        "patient_id": output.case.get("patient_id"),
        "audience": output.audience,
        "kb_version": output.kb_version,
        "legdx_version": output.legdx_version,
        "schema_version": output.schema_version,
        "triage_level": output.triage.level,
        "top_condition": top.id if top else None,
        "top_probability": top.probability if top else None,
    }


def save_assessment(
    s: Session | Connection,
    *,
    output: Any = None,
    output_json: str | None = None,
    input_data: Any,
    source: str,
    created_by: str,
    assessment_id: str | None = None,
    packed: bytes | None = None,
    columns: dict[str, Any] | None = None,
) -> str:
    """Store one assessment: ``output`` (a ``legdx.model.Assessment``) or its ``columns``
    (``output_columns(output)``), and its JSON: ``output_json``, which is stored compressed when
    zstandard is installed, or ``packed``, that JSON already compressed (``codec.pack(output_json)``,
    done before the caller's transaction takes SQLite's write lock). ``AssessmentRecord.output_json``
    gives the JSON back either way.

    A Core insert rather than the ORM: this is the hot path of ``POST /v1/assessments``."""
    if (output_json is None) == (packed is None):
        raise TypeError("save_assessment needs the output JSON or its packed form, not both")
    if columns is None:
        if output is None:
            raise TypeError("save_assessment needs the output or its columns")
        columns = output_columns(output)
    aid = assessment_id or new_id()
    if packed is None and codec.available():
        packed = codec.pack(output_json or "")
    _INSERT_ASSESSMENT(
        s,
        {
            **columns,
            "id": aid,
            "created_at": utcnow(),
            "created_by": created_by[:200],
            "source": source,
            "input_json": json.dumps(input_data, separators=(",", ":"), ensure_ascii=False, default=str),
            "output_json": None if packed is not None else output_json,
            "output_zstd": packed,
        },
    )
    return aid


def get_assessment(s: Session, assessment_id: str) -> AssessmentRecord | None:
    return s.get(AssessmentRecord, assessment_id)


def list_assessments(
    s: Session, patient_id: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[AssessmentRecord], int]:
    """Newest first, with the total count for the same filter."""
    cols = (
        AssessmentRecord.id,
        AssessmentRecord.created_at,
        AssessmentRecord.created_by,
        AssessmentRecord.patient_id,
        AssessmentRecord.source,
        AssessmentRecord.audience,
        AssessmentRecord.kb_version,
        AssessmentRecord.legdx_version,
        AssessmentRecord.triage_level,
        AssessmentRecord.top_condition,
        AssessmentRecord.top_probability,
    )
    q = select(AssessmentRecord).options()
    cq = select(func.count()).select_from(AssessmentRecord)
    if patient_id is not None:
        q = q.where(AssessmentRecord.patient_id == patient_id)
        cq = cq.where(AssessmentRecord.patient_id == patient_id)
    from sqlalchemy.orm import load_only

    q = q.options(load_only(*cols)).order_by(AssessmentRecord.created_at.desc(), AssessmentRecord.id)
    rows = list(s.scalars(q.limit(limit).offset(offset)))
    return rows, int(s.scalar(cq) or 0)


def count_assessments(s: Session) -> int:
    return int(s.scalar(select(func.count()).select_from(AssessmentRecord)) or 0)


# --------------------------------------------------------------------------------------------------
# API keys: "lgx_<prefix>_<secret>"; only the SHA-256 of the whole key is stored.
# The keys are 256-bit random, so a fast hash is enough (no dictionary to attack); the prefix
# finds the row and the digest is compared in constant time.

KEY_PREFIX = "lgx"


@dataclass(frozen=True)
class Client:
    """Who is calling: an API key's name, a CDS client's ``iss``, or the insecure-dev user."""

    id: str
    kind: str  # apikey | cds | insecure-dev | cli


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_api_key(s: Session, name: str) -> str:
    """Create a key named ``name`` and return it; it cannot be shown again."""
    if not name or len(name) > 100 or not all(c.isalnum() or c in "-_.@" for c in name):
        raise ValueError("a key name is 1-100 letters, digits, '-', '_', '.' or '@'")
    if s.scalar(select(ApiKey).where(ApiKey.name == name)) is not None:
        raise ValueError(f"an API key named '{name}' already exists")
    prefix = secrets.token_hex(6)
    key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    s.add(ApiKey(name=name, prefix=prefix, key_hash=hash_key(key), created_at=utcnow()))
    return key


def verify_api_key(s: Session, key: str) -> Client | None:
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or len(key) > 200:
        return None
    digest = hash_key(key)
    for row in s.scalars(select(ApiKey).where(ApiKey.prefix == parts[1])):
        if row.revoked_at is None and hmac.compare_digest(row.key_hash, digest):
            return Client(id=f"apikey:{row.name}", kind="apikey")
    return None


def revoke_api_key(s: Session, name: str) -> bool:
    row = s.scalar(select(ApiKey).where(ApiKey.name == name))
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    return True


def list_api_keys(s: Session) -> list[ApiKey]:
    return list(s.scalars(select(ApiKey).order_by(ApiKey.id)))


# --------------------------------------------------------------------------------------------------
# CDS Hooks


def remember_cards(
    s: Session | Connection, service_id: str, assessment_id: str | None, cards: list[dict[str, Any]]
) -> None:
    if not cards:
        return
    now = utcnow()
    _conn(s).execute(
        _INSERT_CARDS,
        [
            {
                "uuid": c["uuid"],
                "service_id": service_id,
                "assessment_id": assessment_id,
                "indicator": c["indicator"],
                "created_at": now,
            }
            for c in cards
        ],
    )


def card_exists(s: Session, service_id: str, card_uuid: str) -> bool:
    row = s.get(CdsCard, card_uuid)
    return row is not None and row.service_id == service_id


def save_feedback(s: Session, service_id: str, client_id: str, item: dict[str, Any]) -> CdsFeedback:
    reason = item.get("overrideReason") or {}
    coding = reason.get("reason") or {}
    accepted = item.get("acceptedSuggestions")
    fb = CdsFeedback(
        service_id=service_id,
        card_uuid=item["card"],
        outcome=item["outcome"],
        accepted_suggestions=json.dumps([a["id"] for a in accepted]) if accepted else None,
        override_reason_system=coding.get("system"),
        override_reason_code=coding.get("code"),
        override_user_comment=reason.get("userComment"),
        outcome_timestamp=item["outcomeTimestamp"],
        received_at=utcnow(),
        client_id=client_id[:300],
    )
    s.add(fb)
    return fb


def feedback_for(s: Session, card_uuid: str) -> list[CdsFeedback]:
    return list(s.scalars(select(CdsFeedback).where(CdsFeedback.card_uuid == card_uuid)))


def claim_jti(s: Session, iss: str, jti: str, expires_at: datetime) -> bool:
    """Record a JWT id; False when it was seen before (a replay).

    Give it a session of its own: on a replay the session has been rolled back."""
    s.add(SeenJti(iss=iss[:300], jti=jti[:200], expires_at=expires_at))
    try:
        s.commit()
    except IntegrityError:
        s.rollback()
        return False
    return True


def forget_expired_jti(s: Session, now: datetime, leeway: timedelta) -> int:
    res = s.execute(delete(SeenJti).where(SeenJti.expires_at < now - leeway))
    return int(getattr(res, "rowcount", 0) or 0)
