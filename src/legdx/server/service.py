"""What the HTTP faces share: input (case, text or FHIR Bundle) -> case -> assessment -> storage.
Nothing medical is decided here; the core decides."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from legdx import model
from legdx.errors import InputError
from legdx.server.problems import ProblemError
from legdx.store import repo
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


def with_id(assessment_id: str, output_json: str) -> bytes:
    """The assessment JSON with ``"id"`` first, without parsing it again."""
    return ('{"id":' + json.dumps(assessment_id) + "," + output_json[1:]).encode("utf-8")


class AssessmentCache:
    """Recent assessments by (case, audience, knowledge base): ``assess`` is pure, so the same case gives
    the same assessment (a chart opened again fires the same CDS hook). Holds outputs only in memory."""

    def __init__(self, size: int = 256):
        self.size = size
        self._d: OrderedDict[str, tuple[model.Assessment, str]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(case: model.Case, audience: str, ck: Any, warnings: list[model.Warning]) -> str:
        kb_version = kb_of(ck).version
        raw = json.dumps(
            [case.model_dump(mode="json"), audience, kb_version, [w.model_dump() for w in warnings]],
            sort_keys=True,
        )
        return hashlib.sha256(raw.encode()).hexdigest()

    def get(self, key: str) -> tuple[model.Assessment, str] | None:
        with self._lock:
            hit = self._d.get(key)
            if hit is not None:
                self._d.move_to_end(key)
            return hit

    def put(self, key: str, value: tuple[model.Assessment, str]) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._d[key] = value
            self._d.move_to_end(key)
            while len(self._d) > self.size:
                self._d.popitem(last=False)


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
    from legdx.engine.assess import assess

    key = cache.key(prepared.case, audience, ck, prepared.warnings) if cache is not None else None
    hit = cache.get(key) if cache is not None and key is not None else None
    if hit is not None:
        a, out = hit
    else:
        a = assess(prepared.case, audience=audience, ck=ck)
        if prepared.warnings:
            a.warnings.extend(prepared.warnings)
        out = a.model_dump_json()
        if cache is not None and key is not None:
            cache.put(key, (a, out))
    aid = assessment_id or repo.new_id()
    with db.session() as s:
        repo.save_assessment(
            s,
            output=a,
            output_json=out,
            input_data=body,
            source=prepared.source,
            created_by=client.id,
            assessment_id=aid,
        )
        repo.audit(s, client.id, "assessment.create", "Assessment", aid, request_id=request_id)
    return aid, a, out
