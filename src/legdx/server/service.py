"""What the HTTP faces share: input (case, text or FHIR Bundle) -> case -> assessment -> storage.
Nothing medical is decided here; the core decides."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

import anyio.to_thread
from pydantic import ValidationError
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from legdx import model
from legdx.errors import InputError
from legdx.server.problems import ProblemError
from legdx.store import codec, repo
from legdx.store.db import Database
from legdx.store.repo import Client

_TEXT_KEYS = {"text", "patient_id", "age", "sex", "setting"}


@dataclass
class Prepared:
    case: model.Case
    source: str  # case | text | fhir | cds
    warnings: list[model.Warning] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)


def kb_of(ck: Any) -> Any:
    if ck is not None:
        return ck.kb
    from legdx.knowledge.loader import default_kb

    return default_kb()


def prepare_input(body: Any, *, as_of: date | None = None, ck: Any = None) -> Prepared:
    """A case from a request body: a case object, ``{"text": ...}`` or a FHIR Bundle."""
    if not isinstance(body, dict):
        raise InputError(
            f'the body must be a JSON object (a case, {{"text": ...}} or a FHIR Bundle), '
            f"not {type(body).__name__}",
            "",
        )
    if "resourceType" in body:
        if body["resourceType"] != "Bundle":
            raise InputError(
                f"a FHIR {body['resourceType']!s:.40} was given; send a Bundle or a case object",
                "resourceType",
            )
        from legdx.fhir.read import read_bundle

        r = read_bundle(body, as_of=as_of, kb=kb_of(ck))
        return Prepared(r.case, "fhir", r.warnings, r.basis)
    if "text" in body and set(body) <= _TEXT_KEYS:
        return Prepared(text_case(body), "text")
    try:
        return Prepared(model.Case.model_validate(body), "case")
    except ValidationError as exc:
        raise InputError.many(
            [(".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]
        ) from None


def text_case(body: dict[str, Any]) -> model.Case:
    from legdx.server.schemas import TextInput

    try:
        ti = TextInput.model_validate(body)
    except ValidationError as exc:
        raise InputError.many(
            [(".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]
        ) from None
    try:
        from legdx.text import read_text
    except ImportError as exc:
        raise ProblemError(
            501,
            f"reading free text needs the [nlp] extra (pip install 'legdx[nlp]'): {exc.msg}",
            kind="nlp-extra-missing",
            errors=[("text", "free text cannot be read on this server")],
        ) from None
    try:
        case: model.Case = read_text(ti.text).case
    except ImportError as exc:  # the reader imports its NLP dependencies lazily
        raise ProblemError(
            501,
            f"reading free text needs the [nlp] extra (pip install 'legdx[nlp]'): {exc.msg}",
            kind="nlp-extra-missing",
            errors=[("text", "free text cannot be read on this server")],
        ) from None
    update = {
        k: getattr(ti, k) for k in ("patient_id", "age", "sex", "setting") if getattr(ti, k) is not None
    }
    if update:
        case = model.Case.model_validate({**case.model_dump(), **update})
    return case


T = TypeVar("T")


async def run_assessment(request: Request, work: Callable[[], T], *, inline: bool = False) -> T:
    """Run an assessment's work (parse, assess, serialise, then the database write).

    ``inline``: on the event loop itself, for work known to be short (a structured case: the engine's few
    milliseconds); the CPU-bound engine gains nothing from a thread under the GIL, and each hand-off and
    GIL switch costs CPU. Otherwise in a worker thread, at most ``assess_threads`` at a time
    (``app.state.assess_limiter``): more threads than that only take turns on the GIL and make every
    request late."""
    if inline:
        return work()
    limiter = getattr(request.app.state, "assess_limiter", None)
    if limiter is None:
        return await run_in_threadpool(work)
    return await anyio.to_thread.run_sync(work, limiter=limiter)


def is_structured_case(body: Any) -> bool:
    """A case object (not free text, not a FHIR Bundle): what ``prepare_input`` reads cheaply."""
    return (
        isinstance(body, dict)
        and "resourceType" not in body
        and not ("text" in body and set(body) <= _TEXT_KEYS)
    )


def with_id(assessment_id: str, output_json: str | bytes) -> bytes:
    """The assessment JSON with ``"id"`` first, without parsing it again (one copy of the bytes)."""
    raw = output_json.encode("utf-8") if isinstance(output_json, str) else output_json
    return b"".join((b'{"id":', json.dumps(assessment_id).encode(), b",", memoryview(raw)[1:]))


#: an assessment's JSON, that JSON compressed for storage, and its columns (``repo.output_columns``).
#: Plain values only: a cached ``Assessment`` object would keep thousands of objects per entry in the
#: garbage collector's view, and its full passes over them cost up to 200 ms each (on some request).
CacheEntry = tuple[bytes, bytes | None, dict[str, Any]]


class AssessmentCache:
    """Recent assessments by (case, audience, knowledge base): ``assess`` is pure, so the same case gives
    the same assessment (a chart opened again fires the same CDS hook). Holds outputs only in memory, as
    JSON (see ``CacheEntry``)."""

    def __init__(self, size: int = 256):
        self.size = size
        self._d: OrderedDict[str, CacheEntry] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(case: model.Case, audience: str, ck: Any, warnings: list[model.Warning]) -> str:
        kb_version = kb_of(ck).version
        raw = json.dumps(
            [case.model_dump(mode="json"), audience, kb_version, [w.model_dump() for w in warnings]],
            sort_keys=True,
        )
        return hashlib.sha256(raw.encode()).hexdigest()

    def get(self, key: str) -> CacheEntry | None:
        with self._lock:
            hit = self._d.get(key)
            if hit is not None:
                self._d.move_to_end(key)
            return hit

    def put(self, key: str, value: CacheEntry) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._d[key] = value
            self._d.move_to_end(key)
            while len(self._d) > self.size:
                self._d.popitem(last=False)


@dataclass
class Assessed:
    """An assessment ready to answer and to store: its JSON (``raw``, UTF-8, exactly
    ``model_dump_json()``), that JSON compressed (``None`` without zstandard) and its columns; the
    ``Assessment`` object itself only when needed (``model()``)."""

    raw: bytes
    packed: bytes | None
    columns: dict[str, Any]
    _model: model.Assessment | None = None

    @property
    def json(self) -> str:
        return self.raw.decode("utf-8")

    def model(self) -> model.Assessment:
        if self._model is None:  # from the cache: read back from its JSON (it round-trips exactly)
            self._model = model.Assessment.model_validate_json(self.raw)
        return self._model


def assess_case(
    prepared: Prepared, *, audience: str, ck: Any = None, cache: AssessmentCache | None = None
) -> Assessed:
    """Assess the case, serialise it once (the response and the store use the same JSON) and compress
    that for storage; from the cache when the same case was assessed lately. No I/O."""
    from legdx.engine.assess import assess

    key = cache.key(prepared.case, audience, ck, prepared.warnings) if cache is not None else None
    hit = cache.get(key) if cache is not None and key is not None else None
    if hit is not None:
        return Assessed(*hit)
    a = assess(prepared.case, audience=audience, ck=ck)
    if prepared.warnings:
        a.warnings.extend(prepared.warnings)
    out = a.__pydantic_serializer__.to_json(a)  # model_dump_json() without decoding to str
    packed = codec.pack(out) if codec.available() else None  # here, not under the write lock
    columns = repo.output_columns(a)
    if cache is not None and key is not None:
        cache.put(key, (out, packed, columns))
    return Assessed(out, packed, columns, a)


def store(
    db: Database,
    prepared: Prepared,
    assessed: Assessed,
    *,
    body: Any,
    client: Client,
    request_id: str | None,
    assessment_id: str,
    also: Callable[[Connection], None] | None = None,
) -> None:
    """One transaction: the assessment (input and output), its audit entry, and ``also`` (the CDS
    service's cards and audit entry)."""
    with db.write() as s:
        repo.save_assessment(
            s,
            output_json=assessed.json if assessed.packed is None else None,
            input_data=body,
            source=prepared.source,
            created_by=client.id,
            assessment_id=assessment_id,
            packed=assessed.packed,
            columns=assessed.columns,
        )
        repo.audit(s, client.id, "assessment.create", "Assessment", assessment_id, request_id=request_id)
        if also is not None:
            also(s)


def assess_and_store(
    db: Database,
    prepared: Prepared,
    *,
    body: Any,
    audience: str,
    client: Client,
    request_id: str | None,
    ck: Any = None,
    assessment_id: str | None = None,
    cache: AssessmentCache | None = None,
) -> tuple[str, model.Assessment, str]:
    """Assess the case, store input and output, write the audit entry. Returns (id, assessment, JSON)."""
    done = assess_case(prepared, audience=audience, ck=ck, cache=cache)
    aid = assessment_id or repo.new_id()
    store(db, prepared, done, body=body, client=client, request_id=request_id, assessment_id=aid)
    return aid, done.model(), done.json
