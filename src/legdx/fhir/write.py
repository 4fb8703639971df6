"""legdx Assessment -> FHIR R4 resources, each validated with ``fhir.resources.R4B``.

- ``RiskAssessment``: one ``prediction`` per condition of the differential (probability, codes, and the
  evidence behind it in ``rationale``); ``basis`` lists the input resources when the case came from FHIR.
- ``DetectedIssue``: one per red flag (severity from the triage level it sets).
- ``ServiceRequest``: one per recommended test not yet done (status draft, intent proposal).
- ``CarePlan``: the staged management plan, its activities pointing at the ServiceRequests.
- ``Provenance`` and a ``Device`` for legdx itself (version and knowledge-base version).
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any

from legdx import model

#: Code systems for legdx's own ids (catalog ids for conditions and red flags, finding, test and step ids).
LEGDX_SYSTEM = "urn:legdx"
SYSTEMS = {
    "condition": f"{LEGDX_SYSTEM}:condition",
    "red_flag": f"{LEGDX_SYSTEM}:red-flag",
    "finding": f"{LEGDX_SYSTEM}:finding",
    "test": f"{LEGDX_SYSTEM}:test",
    "step": f"{LEGDX_SYSTEM}:management-step",
    "triage": f"{LEGDX_SYSTEM}:triage-level",
}
CODE_SYSTEMS = {
    "icd10cm": "http://hl7.org/fhir/sid/icd-10-cm",
    "snomed": "http://snomed.info/sct",
    "loinc": "http://loinc.org",
}

_SEVERITY = {
    "emergency_ambulance": "high",
    "emergency": "high",
    "consultation_24": "moderate",
    "consultation": "low",
    "self_care": "low",
}


def validate(resource: dict[str, Any]) -> dict[str, Any]:
    """Validate ``resource`` with the R4B models; raise ``ValueError`` naming the element at fault."""
    from fhir.resources.R4B import get_fhir_model_class
    from pydantic import ValidationError

    try:
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    except ValidationError as exc:
        raise ValueError(f"legdx wrote an invalid {resource['resourceType']}: {exc}") from exc
    return resource


def _now(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class _Ids:
    """Deterministic resource ids: the same assessment id gives the same resource ids."""

    def __init__(self, seed: str):
        self.seed = seed

    def __call__(self, kind: str, key: str = "") -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{LEGDX_SYSTEM}:{self.seed}:{kind}:{key}"))


def subject_reference(assessment: model.Assessment) -> dict[str, Any]:
    pid = assessment.case.get("patient_id")
    if pid:
        return {"reference": f"Patient/{pid}"}
    return {"display": "Patient (not identified in the case)"}


def condition_concept(entry: model.DifferentialEntry) -> dict[str, Any]:
    codings = [{"system": SYSTEMS["condition"], "code": entry.id, "display": entry.name}]
    for sysname, codes in entry.codes.items():
        uri = CODE_SYSTEMS.get(sysname)
        if uri:
            codings.extend({"system": uri, "code": c} for c in codes)
    return {"coding": codings, "text": entry.name}


def test_concept(test_id: str, name: str) -> dict[str, Any]:
    codings: list[dict[str, Any]] = []
    try:
        from legdx.knowledge.loader import default_kb

        tdef = default_kb().tests.get(test_id)
    except Exception:  # noqa: BLE001 - the codes are extra; the legdx id is enough
        tdef = None
    if tdef is not None:
        codings.extend({"system": CODE_SYSTEMS["loinc"], "code": c} for c in tdef.loinc)
        codings.extend({"system": CODE_SYSTEMS["snomed"], "code": c} for c in tdef.snomed)
    codings.append({"system": SYSTEMS["test"], "code": test_id, "display": name})
    return {"coding": codings, "text": name}


def _rationale(e: model.DifferentialEntry) -> str:
    bits = [
        f"Pre-test {e.pretest_probability:.0%} ({e.pretest.setting}, age {e.pretest.age_band}; "
        f"{e.pretest.source})"
    ]
    if e.evidence_for:
        bits.append("For: " + "; ".join(f"{x.name} (LR {x.lr_used:g}, {x.source})" for x in e.evidence_for))
    if e.evidence_against:
        bits.append(
            "Against: " + "; ".join(f"{x.name} (LR {x.lr_used:g}, {x.source})" for x in e.evidence_against)
        )
    if e.most_informative_unknown is not None:
        bits.append(f"Most informative unknown: {e.most_informative_unknown.name}")
    return ". ".join(bits)


def service_request(
    item: model.WorkupItem, subject: dict[str, Any], authored: str, rid: str | None = None
) -> dict[str, Any]:
    """A proposed order for one recommended test (also used by CDS Hooks suggestions)."""
    res: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "status": "draft",
        "intent": "proposal",
        "code": test_concept(item.test, item.name),
        "subject": subject,
        "authoredOn": authored,
        "reasonCode": [{"text": w.text} for w in item.why][:10] or [{"text": item.name}],
        "note": [{"text": f"Recommended by legdx (source: {item.source})."}],
    }
    if rid:
        res["id"] = rid
    return res


def resources(
    assessment: model.Assessment,
    *,
    assessment_id: str | None = None,
    basis: list[str] | None = None,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """The FHIR resources for an assessment, in Bundle order, each validated."""
    a = assessment
    seed = assessment_id or hashlib.sha256(a.model_dump_json().encode()).hexdigest()[:32]
    ids = _Ids(seed)
    when = _now(now)
    subject = subject_reference(a)
    device_id = ids("Device")
    device_ref = {
        "reference": f"urn:uuid:{device_id}",
        "display": f"legdx {a.legdx_version} (knowledge base {a.kb_version})",
    }
    out: list[dict[str, Any]] = []

    out.append(
        {
            "resourceType": "Device",
            "id": device_id,
            "deviceName": [{"name": "legdx", "type": "user-friendly-name"}],
            "version": [
                {"value": a.legdx_version},
                {"type": {"text": "knowledge base"}, "value": a.kb_version},
            ],
            "note": [{"text": "Open clinical decision support for leg symptoms related to walking."}],
        }
    )

    risk: dict[str, Any] = {
        "resourceType": "RiskAssessment",
        "id": ids("RiskAssessment"),
        "status": "final",
        "subject": subject,
        "occurrenceDateTime": when,
        "performer": device_ref,
        "method": {"text": "legdx: per-condition Bayesian updating with published likelihood ratios"},
        "prediction": [
            {
                "outcome": condition_concept(e),
                "probabilityDecimal": round(e.probability, 4),
                "rationale": _rationale(e),
            }
            for e in a.differential
        ],
        "mitigation": f"Triage: {a.triage.label}. {a.triage.action}",
        "note": [{"text": a.disclaimer}],
    }
    if basis:
        risk["basis"] = [{"reference": r} for r in basis]
    out.append(risk)

    for h in a.red_flags:
        issue: dict[str, Any] = {
            "resourceType": "DetectedIssue",
            "id": ids("DetectedIssue", h.id),
            "status": "final",
            "code": {
                "coding": [{"system": SYSTEMS["red_flag"], "code": h.id, "display": h.name}],
                "text": h.name,
            },
            "severity": _SEVERITY.get(h.level, "moderate"),
            "identifiedDateTime": when,
            "author": device_ref,
            "detail": f"{h.name}. Triggered by: {', '.join(h.triggered_by) or 'the case'}. Now: {h.action}",
        }
        if subject.get("reference"):
            issue["patient"] = subject
        if h.triggered_by:
            issue["evidence"] = [
                {
                    "code": [
                        {"coding": [{"system": SYSTEMS["finding"], "code": f}], "text": f}
                        for f in h.triggered_by
                    ]
                }
            ]
        url = next((c.url for c in a.citations if c.id == h.source and c.url), None)
        if url:
            issue["reference"] = url
        out.append(issue)

    requests: list[dict[str, Any]] = []
    for w in a.workup:
        if w.done:
            continue
        requests.append(service_request(w, subject, when, ids("ServiceRequest", w.test)))
    out.extend(requests)

    activities: list[dict[str, Any]] = [{"reference": {"reference": f"urn:uuid:{r['id']}"}} for r in requests]
    for plan in a.management:
        for st in plan.steps:
            desc = f"Stage {st.stage}: {st.action}"
            if st.timeline:
                desc += f" ({st.timeline})"
            if st.decision_point:
                desc += f". Then: {st.decision_point}"
            if st.applies == "check":
                desc += ". Check that it applies: it depends on something the case does not state."
            detail: dict[str, Any] = {
                "code": {"coding": [{"system": SYSTEMS["step"], "code": st.id}], "text": st.action},
                "status": "not-started",
                "description": desc,
                "reasonCode": [
                    {"coding": [{"system": SYSTEMS["condition"], "code": plan.condition}], "text": plan.name}
                ],
            }
            if st.timeline:
                detail["scheduledString"] = st.timeline
            activities.append({"detail": detail})
    careplan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": ids("CarePlan"),
        "status": "draft",
        "intent": "proposal",
        "title": "legdx staged plan",
        "subject": subject,
        "created": when,
        "author": device_ref,
        "description": f"Triage: {a.triage.label}. {a.triage.action}",
        "note": [{"text": a.disclaimer}],
    }
    if activities:
        careplan["activity"] = activities
    out.append(careplan)

    targets = [{"reference": f"urn:uuid:{r['id']}"} for r in out if r["resourceType"] != "Device"]
    prov: dict[str, Any] = {
        "resourceType": "Provenance",
        "id": ids("Provenance"),
        "target": targets,
        "recorded": when,
        "agent": [
            {
                "type": {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                            "code": "assembler",
                            "display": "Assembler",
                        }
                    ]
                },
                "who": device_ref,
            }
        ],
        "reason": [{"text": "Clinical decision support"}],
    }
    if basis:
        prov["entity"] = [{"role": "source", "what": {"reference": r}} for r in basis]
    if assessment_id:
        prov["policy"] = [f"{LEGDX_SYSTEM}:assessment:{assessment_id}"]
    out.append(prov)
    for r in out:
        validate(r)
    return out


def assessment_bundle(
    assessment: model.Assessment,
    *,
    assessment_id: str | None = None,
    basis: list[str] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The assessment as a FHIR R4 Bundle (type collection) of validated resources."""
    res = resources(assessment, assessment_id=assessment_id, basis=basis, now=now)
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _now(now),
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in res],
    }
    if assessment_id:
        bundle["identifier"] = {"system": f"{LEGDX_SYSTEM}:assessment", "value": assessment_id}
    return bundle
