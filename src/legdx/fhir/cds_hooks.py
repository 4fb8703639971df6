"""CDS Hooks 2.0: the discovery document, prefetch templates, and cards from an assessment.

Pure functions; ``legdx.server.routers.cds`` does the HTTP, authentication and storage. Field names
follow the CDS Hooks 2.0 specification exactly (``hookInstance``, ``fhirServer``, ``selectionBehavior``,
``overrideReasons`` ...). The cards present what the assessment says; they decide nothing medical:

- ``critical``: one per red flag the assessment raised;
- ``warning``: tests the work-up recommends for a leading condition and the record does not show
  as done (e.g. a resting ABI for exertional leg symptoms with vascular risk), with suggestions that
  create a ``ServiceRequest``;
- ``info``: the differential and the triage, linking to the full assessment.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from legdx import model
from legdx.fhir.mapping import default_mapping
from legdx.fhir.write import LEGDX_SYSTEM, service_request

SPEC_VERSION = "2.0"
SERVICE_ID = "legdx-patient-view"
HOOK = "patient-view"
OVERRIDE_SYSTEM = f"{LEGDX_SYSTEM}:override-reason"
MAX_SUMMARY = 139  # "<140-character"
MAX_SUGGESTIONS = 3

OVERRIDE_REASONS = [
    {"system": OVERRIDE_SYSTEM, "code": "already-done", "display": "Already done or ordered elsewhere"},
    {"system": OVERRIDE_SYSTEM, "code": "not-indicated", "display": "Not indicated for this patient"},
    {"system": OVERRIDE_SYSTEM, "code": "patient-declined", "display": "Patient declined"},
    {"system": OVERRIDE_SYSTEM, "code": "disagree", "display": "Clinical judgement differs"},
]

DESCRIPTION = (
    "Decision support for adults whose legs hurt, feel heavy, go numb or get weak in relation to walking: "
    "red flags, triage, the differential (PAD, spinal stenosis and their mimics) and the next test, from "
    "the patient's record. It supports, and does not replace, clinical judgement."
)
USAGE = (
    "Adults (18 or older). Works best with ankle and arm pressures or an ABI, problem-list conditions, "
    "medications and interview answers on record."
)


def prefetch_templates() -> dict[str, str]:
    """Prefetch keys -> FHIR query templates (CDS Hooks 2.0 prefetch tokens)."""
    codes = ",".join(f"{s}|{c}" for s, c in default_mapping().observation_codes())
    return {
        "patient": "Patient/{{context.patientId}}",
        "observations": f"Observation?patient={{{{context.patientId}}}}&code={codes}&_sort=-date&_count=200",
        "conditions": "Condition?patient={{context.patientId}}&_count=200",
        "medications": "MedicationRequest?patient={{context.patientId}}&_count=200",
    }


def discovery() -> dict[str, Any]:
    return {
        "services": [
            {
                "hook": HOOK,
                "id": SERVICE_ID,
                "title": "legdx: leg symptoms related to walking",
                "description": DESCRIPTION,
                "prefetch": prefetch_templates(),
                "usageRequirements": USAGE,
            }
        ]
    }


_TOKEN = re.compile(r"\{\{\s*([A-Za-z.]+)\s*\}\}")


def render_template(template: str, context: dict[str, Any]) -> str:
    """Fill ``{{context.x}}`` (and ``{{userPractitionerId}}``-style) tokens; unknown tokens stay empty."""

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name.startswith("context."):
            v = context.get(name.removeprefix("context."))
        elif name == "userPractitionerId":
            uid = str(context.get("userId") or "")
            v = uid.removeprefix("Practitioner/") if uid.startswith("Practitioner/") else None
        else:
            v = None
        return "" if v is None else str(v)

    return _TOKEN.sub(sub, template)


def bundle_from_prefetch(resources: dict[str, Any]) -> dict[str, Any]:
    """A collection Bundle of every resource in the prefetch (resources and searchset Bundles)."""
    entries: list[dict[str, Any]] = []
    for key in sorted(resources):
        value = resources[key]
        if not isinstance(value, dict):
            continue
        if value.get("resourceType") == "Bundle":
            for e in value.get("entry") or []:
                res = e.get("resource") if isinstance(e, dict) else None
                if not isinstance(res, dict) or res.get("resourceType") == "OperationOutcome":
                    continue
                if (e.get("search") or {}).get("mode") == "outcome":
                    continue
                entry: dict[str, Any] = {"resource": res}
                if e.get("fullUrl"):
                    entry["fullUrl"] = e["fullUrl"]
                entries.append(entry)
        elif value.get("resourceType"):
            entries.append({"resource": value})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def operation_outcome(message: str, code: str = "required") -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": code, "diagnostics": message}],
    }


def summary(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_SUMMARY else text[: MAX_SUMMARY - 1].rstrip() + "…"


def _source(a: model.Assessment, url: str | None, topic: dict[str, str] | None = None) -> dict[str, Any]:
    src: dict[str, Any] = {"label": f"legdx {a.legdx_version}"}
    if url:
        src["url"] = url
    if topic:
        src["topic"] = topic
    return src


def _cite(a: model.Assessment, sid: str) -> str:
    c = next((c for c in a.citations if c.id == sid), None)
    if c is None:
        return sid
    return f"[{c.citation}]({c.url})" if c.url else c.citation


def _pct(p: float) -> str:
    return f"{p:.0%}" if p >= 0.01 else "<1%"


def cards(
    a: model.Assessment,
    *,
    assessment_id: str,
    patient_id: str,
    assessment_url: str | None,
    home_url: str | None = None,
    leading_probability: float = 0.3,
) -> list[dict[str, Any]]:
    """The cards for one assessment, most urgent first."""
    links = (
        [{"label": "Open the full legdx assessment", "url": assessment_url, "type": "absolute"}]
        if assessment_url
        else []
    )
    out: list[dict[str, Any]] = []
    for h in a.red_flags:
        detail = (
            f"**{h.name}** ({h.level.replace('_', ' ')})\n\n"
            f"**Now:** {h.action}\n\n"
            f"**Triggered by:** {', '.join(f'`{t}`' for t in h.triggered_by) or 'the record'}\n\n"
            f"Source: {_cite(a, h.source)}" + (" *(unverified)*" if h.unverified else "")
        )
        out.append(
            {
                "uuid": str(uuid.uuid4()),
                "summary": summary(f"Red flag: {h.name}. {h.action}"),
                "indicator": "critical",
                "detail": detail,
                "source": _source(
                    a, home_url, {"system": f"{LEGDX_SYSTEM}:red-flag", "code": h.id, "display": h.name[:100]}
                ),
                "overrideReasons": OVERRIDE_REASONS,
                "links": links,
            }
        )

    probs = {d.id: d for d in a.differential}
    todo = []
    for w in a.workup:
        if w.done:
            continue
        leads = [
            probs[y.condition]
            for y in w.why
            if y.condition in probs and probs[y.condition].probability >= leading_probability
        ]
        if leads:
            todo.append((w, max(leads, key=lambda d: d.probability)))
    if todo and a.triage.level != "self_care":
        todo = todo[:MAX_SUGGESTIONS]
        first, cond = todo[0]
        subject = {"reference": f"Patient/{patient_id}"}
        suggestions = []
        for w, _c in todo:
            sr = service_request(w, subject, _today())
            sr["intent"] = "order"
            suggestions.append(
                {
                    "label": summary(f"Order: {w.name}"),
                    "uuid": str(uuid.uuid4()),
                    "isRecommended": w is first,
                    "actions": [
                        {
                            "type": "create",
                            "description": f"Create a draft order for {w.name}",
                            "resource": sr,
                        }
                    ],
                }
            )
        lines = [
            f"- **{w.name}**, for {c.name} ({_pct(c.probability)}): "
            f"{'; '.join(y.text for y in w.why)} (source: {_cite(a, w.source)})"
            for w, c in todo
        ]
        out.append(
            {
                "uuid": str(uuid.uuid4()),
                "summary": summary(
                    f"{first.name} not on record; {cond.name} is {_pct(cond.probability)} likely"
                ),
                "indicator": "warning",
                "detail": "Recommended next, and not found in the record:\n\n" + "\n".join(lines),
                "source": _source(a, home_url),
                "suggestions": suggestions,
                "selectionBehavior": "any",
                "overrideReasons": OVERRIDE_REASONS,
                "links": links,
            }
        )

    top = a.differential[:5]
    if top:
        head = ", ".join(f"{d.name} {_pct(d.probability)}" for d in top[:2])
        rows = ["| Condition | Probability | Pre-test | For | Against |", "|---|---|---|---|---|"]
        for d in top:
            rows.append(
                f"| {d.name} | {_pct(d.probability)} | {_pct(d.pretest_probability)} | "
                f"{', '.join(e.name for e in d.evidence_for[:3]) or '-'} | "
                f"{', '.join(e.name for e in d.evidence_against[:3]) or '-'} |"
            )
        triage = f"**Triage:** {a.triage.label}. {a.triage.action}"
        detail = "\n".join([triage, "", *rows, "", f"_{a.disclaimer}_"])
        out.append(
            {
                "uuid": str(uuid.uuid4()),
                "summary": summary(f"Leg symptoms: most likely {head}. Triage: {a.triage.label}"),
                "indicator": "info",
                "detail": detail,
                "source": _source(a, home_url),
                "links": links,
            }
        )
    return out


def _today() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# --------------------------------------------------------------------------------------------------
# The specification's field rules, for tests and for a check before responding

_INDICATORS = {"info", "warning", "critical"}
_SELECTION = {"at-most-one", "any"}
_ACTION_TYPES = {"create", "update", "delete"}
_LINK_TYPES = {"absolute", "smart"}


def card_problems(card: dict[str, Any]) -> list[str]:
    """Where ``card`` breaks the CDS Hooks 2.0 card rules (empty when it does not)."""
    p: list[str] = []
    allowed = {
        "uuid",
        "summary",
        "detail",
        "indicator",
        "source",
        "suggestions",
        "selectionBehavior",
        "overrideReasons",
        "links",
    }
    p += [f"unknown card field '{k}'" for k in card if k not in allowed]
    s = card.get("summary")
    if not isinstance(s, str) or not s or len(s) >= 140:
        p.append("summary is required and must be under 140 characters")
    if card.get("indicator") not in _INDICATORS:
        p.append("indicator must be info, warning or critical")
    src = card.get("source")
    if not isinstance(src, dict) or not isinstance(src.get("label"), str) or not src["label"]:
        p.append("source.label is required")
    if "uuid" in card:
        try:
            uuid.UUID(str(card["uuid"]))
        except ValueError:
            p.append("uuid is not a UUID")
    sugg = card.get("suggestions")
    if sugg:
        if card.get("selectionBehavior") not in _SELECTION:
            p.append("selectionBehavior is required with suggestions (at-most-one | any)")
        for i, sg in enumerate(sugg):
            if not sg.get("label"):
                p.append(f"suggestions[{i}].label is required")
            for j, act in enumerate(sg.get("actions") or []):
                if act.get("type") not in _ACTION_TYPES:
                    p.append(f"suggestions[{i}].actions[{j}].type must be create, update or delete")
                if not act.get("description"):
                    p.append(f"suggestions[{i}].actions[{j}].description is required")
                if act.get("type") == "create" and not isinstance(act.get("resource"), dict):
                    p.append(f"suggestions[{i}].actions[{j}].resource is required to create")
    for i, r in enumerate(card.get("overrideReasons") or []):
        if not r.get("code") or not r.get("display"):
            p.append(f"overrideReasons[{i}] needs code and display")
    for i, lk in enumerate(card.get("links") or []):
        if not lk.get("label") or not lk.get("url") or lk.get("type") not in _LINK_TYPES:
            p.append(f"links[{i}] needs label, url and type absolute | smart")
        if lk.get("appContext") is not None and lk.get("type") != "smart":
            p.append(f"links[{i}].appContext is only for smart links")
    return p
