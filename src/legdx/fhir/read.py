"""FHIR R4 Bundle -> legdx case.

Reads Patient (age from birthDate at an explicit reference date, sex), Observation (ABI, systolic
pressures by site, laboratory values, smoking status), Condition, MedicationStatement,
MedicationRequest and QuestionnaireResponse (linkId = finding id). Which code means what is data
(``mapping.yaml``). Every resource and code that is not used is reported in the warnings, with the
place in the Bundle it came from.

Every resource is validated with the pydantic models of ``fhir.resources.R4B`` (structure, types,
required elements); value sets are not checked by those models, so the codes that matter are checked
here against the mapping.
"""

from __future__ import annotations

import re
import warnings as _pywarnings
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError

from legdx import model
from legdx.errors import InputError
from legdx.fhir.mapping import Mapping, ObservationMap, default_mapping

#: Resource types this reader understands.
READ_TYPES = (
    "Patient",
    "Observation",
    "Condition",
    "MedicationStatement",
    "MedicationRequest",
    "QuestionnaireResponse",
    "Medication",
)

_OBS_OK = {"final", "amended", "corrected", "preliminary"}
_MED_SKIP = {"entered-in-error", "cancelled", "draft", "not-taken", "intended", "unknown"}
_QR_OK = {"in-progress", "completed", "amended"}

#: Answers to an interview item (valueCoding.code, valueString) -> finding state.
ANSWER_STATES = {
    "y": "present",
    "yes": "present",
    "present": "present",
    "true": "present",
    "n": "absent",
    "no": "absent",
    "absent": "absent",
    "false": "absent",
    "unk": "unknown",
    "unknown": "unknown",
    "asked-unknown": "unknown",
    "dont_know": "unknown",
}


class FhirMappingWarning(UserWarning):
    """A FHIR resource or code that legdx did not use (see the message for which and why)."""


@dataclass
class BundleRead:
    """A case read from a Bundle, what was not used, and what was read."""

    case: model.Case
    warnings: list[model.Warning]
    as_of: date
    basis: list[str] = field(default_factory=list)  # references of the resources that were used
    context: list[str] = field(default_factory=list)  # recorded context without a finding (medications)
    patient_ref: str | None = None


def validate_resource(resource: Any, where: str) -> None:
    """Validate one resource against the FHIR R4 (R4B models) structure; InputError names the element."""
    from fhir.resources.R4B import get_fhir_model_class

    if not isinstance(resource, dict):
        raise InputError("a FHIR resource must be a JSON object", where)
    rtype = resource.get("resourceType")
    if not isinstance(rtype, str):
        raise InputError("resourceType is missing", f"{where}.resourceType")
    try:
        cls = get_fhir_model_class(rtype)
    except (KeyError, ValueError, ImportError):
        raise InputError(f"'{rtype}' is not a FHIR R4 resource type", f"{where}.resourceType") from None
    try:
        cls.model_validate(resource)
    except ValidationError as exc:
        raise InputError.many([(_loc(where, e["loc"]), e["msg"]) for e in exc.errors()]) from None


def _loc(where: str, loc: tuple[Any, ...]) -> str:
    out = where
    for p in loc:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out


def validate_bundle(bundle: Any) -> None:
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        raise InputError("expected a FHIR Bundle (resourceType 'Bundle')", "resourceType")
    validate_resource(bundle, "Bundle")


def case_from_bundle(bundle: dict[str, Any], as_of: date | None = None) -> model.Case:
    """The case in a Bundle (what the CLI calls). Unused resources and codes are issued as
    ``FhirMappingWarning``s; ``read_bundle`` returns them as data instead."""
    r = read_bundle(bundle, as_of=as_of)
    for w in r.warnings:
        _pywarnings.warn(f"{w.where + ': ' if w.where else ''}{w.message}", FhirMappingWarning, stacklevel=2)
    return r.case


def read_bundle(
    bundle: dict[str, Any],
    as_of: date | None = None,
    *,
    kb: Any = None,
    mapping: Mapping | None = None,
    validate: bool = True,
    patient_id: str | None = None,
) -> BundleRead:
    """Read a Bundle into a case. ``as_of`` is the reference date for age and for ignoring later data
    (default: today, UTC); it is stated in the warnings so the reader can see it."""
    if validate:
        validate_bundle(bundle)
    reader = _Reader(bundle, as_of or datetime.now(UTC).date(), kb, mapping or default_mapping(), patient_id)
    return reader.run()


# --------------------------------------------------------------------------------------------------


@dataclass
class _Value:
    value: float
    when: str  # ISO string for ordering ("" when unknown)
    where: str
    ref: str | None


@dataclass
class _State:
    state: str
    where: str
    ref: str | None
    note: str


class _Reader:
    def __init__(
        self, bundle: dict[str, Any], as_of: date, kb: Any, mapping: Mapping, patient_id: str | None
    ):
        if kb is None:
            from legdx.knowledge.loader import default_kb

            kb = default_kb()
        self.bundle = bundle
        self.as_of = as_of
        self.kb = kb
        self.m = mapping
        self.patient_id = patient_id
        self.warnings: list[model.Warning] = []
        self.values: dict[str, list[_Value]] = defaultdict(list)
        self.recorded: dict[str, list[_Value]] = defaultdict(list)
        self.recorded_map: dict[str, ObservationMap] = {}
        self.states: dict[str, list[_State]] = defaultdict(list)
        self.basis: list[str] = []
        self.context: list[str] = []
        self.skipped_types: dict[str, list[str]] = defaultdict(list)
        self.contained_meds: dict[str, dict[str, Any]] = {}
        self.age: float | None = None
        self.sex: str | None = None
        self.qr_age: tuple[float, str] | None = None
        self.qr_sex: tuple[str, str] | None = None
        self.patient_ref: str | None = None
        self.patient_full_url: str | None = None

    # -- helpers ----------------------------------------------------------------------------------

    def warn(self, code: str, message: str, where: str | None = None) -> None:
        self.warnings.append(model.Warning(code=code, message=message, where=where))

    @staticmethod
    def ref_of(res: dict[str, Any], full_url: str | None) -> str | None:
        if res.get("id"):
            return f"{res['resourceType']}/{res['id']}"
        return full_url

    def _date_ok(self, when: str, where: str, what: str) -> bool:
        if when and when[:10] > self.as_of.isoformat():
            self.warn(
                "fhir_after_reference_date",
                f"{what} dated {when[:10]} is after the reference date {self.as_of.isoformat()}; not used",
                where,
            )
            return False
        return True

    def _subject_ok(self, res: dict[str, Any], where: str, key: str = "subject") -> bool:
        if self.patient_ref is None:
            return True
        ref = (res.get(key) or {}).get("reference")
        if ref and not (
            ref == self.patient_ref or ref.endswith("/" + self.patient_ref) or ref == self.patient_full_url
        ):
            self.warn(
                "fhir_other_patient",
                f"{res['resourceType']} refers to {ref}, not to {self.patient_ref}; not used",
                where,
            )
            return False
        return True

    # -- main -------------------------------------------------------------------------------------

    def run(self) -> BundleRead:
        entries = self.bundle.get("entry") or []
        patients = [
            (i, e)
            for i, e in enumerate(entries)
            if isinstance(e, dict) and (e.get("resource") or {}).get("resourceType") == "Patient"
        ]
        if patients:
            i, e = patients[0]
            self._patient(e["resource"], f"Bundle.entry[{i}].resource", e.get("fullUrl"))
            for j, _ in patients[1:]:
                self.warn(
                    "fhir_unused_resource",
                    "more than one Patient in the Bundle; only the first is read",
                    f"Bundle.entry[{j}]",
                )
        for i, e in enumerate(entries):
            where = f"Bundle.entry[{i}].resource"
            res = e.get("resource") if isinstance(e, dict) else None
            if not isinstance(res, dict):
                self.warn("fhir_unused_resource", "entry without a resource", f"Bundle.entry[{i}]")
                continue
            rtype = res.get("resourceType", "")
            for c in res.get("contained") or []:
                if isinstance(c, dict) and c.get("resourceType") == "Medication" and c.get("id"):
                    self.contained_meds[f"{i}#{c['id']}"] = c
            if rtype == "Medication" and res.get("id"):
                self.contained_meds[f"Medication/{res['id']}"] = res
            if e.get("fullUrl") and rtype == "Medication":
                self.contained_meds[e["fullUrl"]] = res
        for i, e in enumerate(entries):
            res = e.get("resource") if isinstance(e, dict) else None
            if not isinstance(res, dict):
                continue
            where = f"Bundle.entry[{i}].resource"
            rtype = res.get("resourceType", "")
            ref = self.ref_of(res, e.get("fullUrl"))
            if rtype == "Patient" or rtype == "Medication":
                continue
            if rtype == "Observation":
                self._observation(res, where, ref)
            elif rtype == "Condition":
                self._condition(res, where, ref)
            elif rtype in ("MedicationStatement", "MedicationRequest"):
                self._medication(res, where, ref, i)
            elif rtype == "QuestionnaireResponse":
                self._questionnaire_response(res, where, ref)
            elif rtype == "OperationOutcome":
                self.warn("fhir_unused_resource", "an OperationOutcome in the Bundle was not read", where)
            else:
                self.skipped_types[rtype].append(where)
        for rtype, wheres in sorted(self.skipped_types.items()):
            self.warn(
                "fhir_unused_resource",
                f"{len(wheres)} {rtype} resource(s) not read: legdx reads {', '.join(READ_TYPES[:-1])}",
                wheres[0] if len(wheres) == 1 else f"{wheres[0]} (+{len(wheres) - 1} more)",
            )
        return self._build()

    # -- Patient ----------------------------------------------------------------------------------

    def _patient(self, res: dict[str, Any], where: str, full_url: str | None) -> None:
        self.patient_ref = self.ref_of(res, full_url)
        self.patient_full_url = full_url
        if self.patient_ref:
            self.basis.append(self.patient_ref)
        if self.patient_id is None and res.get("id"):
            self.patient_id = res["id"]
        gender = res.get("gender")
        if gender in ("male", "female", "other", "unknown"):
            self.sex = gender
        bd = res.get("birthDate")
        if not bd:
            self.warn("fhir_no_age", "the Patient has no birthDate; age is unknown", f"{where}.birthDate")
            return
        parts = [int(x) for x in str(bd).split("-")]
        partial = len(parts) < 3
        # a partial date: the middle of the year or of the month
        born = (
            date(parts[0], 7, 1)
            if len(parts) == 1
            else date(parts[0], parts[1], 15)
            if partial
            else date(parts[0], parts[1], parts[2])
        )
        if born > self.as_of:
            raise InputError(
                f"birthDate {bd} is after the reference date {self.as_of.isoformat()}", f"{where}.birthDate"
            )
        years = self.as_of.year - born.year - ((self.as_of.month, self.as_of.day) < (born.month, born.day))
        if years < 18:
            raise InputError(
                f"legdx is for adults; the patient is {years} on {self.as_of.isoformat()}",
                f"{where}.birthDate",
            )
        if years > 120:
            raise InputError(
                f"birthDate {bd} gives an age of {years} on {self.as_of.isoformat()}", f"{where}.birthDate"
            )
        self.age = float(years)
        self.warn(
            "fhir_reference_date",
            f"age {years} from birthDate {bd} on the reference date {self.as_of.isoformat()}"
            + (" (birthDate is partial, so the age is estimated)" if partial else ""),
            f"{where}.birthDate",
        )

    # -- Observation ------------------------------------------------------------------------------

    def _codings(self, cc: Any) -> list[tuple[str, str, str]]:
        if not isinstance(cc, dict):
            return []
        return [
            (c.get("system", ""), str(c.get("code", "")), c.get("display", "") or "")
            for c in cc.get("coding") or []
            if isinstance(c, dict)
        ]

    def _text(self, cc: Any) -> str:
        if not isinstance(cc, dict):
            return ""
        bits = [cc.get("text") or ""] + [d for _, _, d in self._codings(cc)]
        return " ".join(b for b in bits if b).lower().replace("_", " ").replace("-", " ")

    def _side(self, cc: Any) -> Any:
        sn = self.m.system("snomed")
        found: set[str] = set()
        for sysuri, code, _ in self._codings(cc):
            found.update(side for side, sw in self.m.sides.items() if sysuri == sn and code in sw.snomed)
        text = self._text(cc)
        found.update(side for side, pat in self.m.side_patterns.items() if pat.search(text))
        return found.pop() if len(found) == 1 else None

    def _site(self, cc: Any, allowed: dict[str, str]) -> str | None:
        text = self._text(cc)
        hits = [s for s in allowed if self.m.site_patterns[s].search(text)]
        # a named artery beats the generic words (e.g. "ankle" with "posterior tibial")
        named = [s for s in hits if s != "ankle"]
        hits = named or hits
        return hits[0] if len(hits) == 1 else None

    @staticmethod
    def _when(res: dict[str, Any]) -> str:
        for key in ("effectiveDateTime", "effectiveInstant", "issued"):
            if res.get(key):
                return str(res[key])
        period = res.get("effectivePeriod") or {}
        return str(period.get("end") or period.get("start") or "")

    def _quantity(self, holder: dict[str, Any]) -> tuple[float, str | None] | None:
        q = holder.get("valueQuantity")
        if isinstance(q, dict) and q.get("value") is not None:
            unit = q.get("code") or q.get("unit")
            return float(q["value"]), unit
        if holder.get("valueInteger") is not None:
            return float(holder["valueInteger"]), None
        if holder.get("valueDecimal") is not None:  # not R4 Observation, but tolerated in components
            return float(holder["valueDecimal"]), None
        return None

    def _match(self, cc: Any) -> tuple[str, ObservationMap] | None:
        for sysuri, code, _ in self._codings(cc):
            key = self.m.observation_index.get((sysuri, code))
            if key is not None:
                return key, self.m.observations[key]
        return None

    def _observation(self, res: dict[str, Any], where: str, ref: str | None) -> None:
        status = res.get("status")
        code_desc = self._describe(res.get("code"))
        if status not in _OBS_OK:
            self.warn(
                "fhir_ignored", f"Observation {code_desc} has status '{status}'; not used", f"{where}.status"
            )
            return
        if not self._subject_ok(res, where):
            return
        when = self._when(res)
        if not self._date_ok(when, where, f"Observation {code_desc}"):
            return
        matched = self._match(res.get("code"))
        used = False
        if matched is not None:
            key, om = matched
            used = self._apply_obs(key, om, res, where, ref, when, res.get("bodySite"))
        else:
            # a panel (e.g. blood pressure 85354-9): read the components that are mapped
            comps = res.get("component") or []
            hit = False
            for j, comp in enumerate(comps):
                cm = self._match(comp.get("code"))
                if cm is None:
                    continue
                hit = True
                used = (
                    self._apply_obs(
                        cm[0], cm[1], comp, f"{where}.component[{j}]", ref, when, res.get("bodySite")
                    )
                    or used
                )
            if not hit:
                self.warn(
                    "fhir_unmapped_code",
                    f"Observation code {code_desc} is not one legdx reads",
                    f"{where}.code",
                )
                return
        if used and ref and ref not in self.basis:
            self.basis.append(ref)

    def _apply_obs(
        self,
        key: str,
        om: ObservationMap,
        holder: dict[str, Any],
        where: str,
        ref: str | None,
        when: str,
        body_site: Any,
    ) -> bool:
        if holder.get("dataAbsentReason"):
            self.warn("fhir_ignored", f"{key}: no value (dataAbsentReason)", f"{where}.dataAbsentReason")
            return False
        if om.kind == "coded":
            assert om.finding is not None
            codes = {(s, c) for s, c, _ in self._codings(holder.get("valueCodeableConcept"))}
            state = None
            for st, lst in (("present", om.present), ("absent", om.absent)):
                if any((self.m.system(x.system), x.code) in codes for x in lst):
                    state = st
            if state is None:
                self.warn(
                    "fhir_unmapped_code",
                    f"{key}: value {self._describe(holder.get('valueCodeableConcept'))} is not one legdx "
                    "reads",
                    f"{where}.valueCodeableConcept",
                )
                return False
            return self._state(om.finding, state, where, ref, f"Observation {key}")
        if om.kind == "index" and holder.get("component") and not self._quantity(holder):
            used = False
            for j, comp in enumerate(holder["component"]):
                side = self._side(comp.get("code"))
                cw = f"{where}.component[{j}]"
                if side is None:
                    self.warn(
                        "fhir_unmapped_code",
                        f"{key}: component {self._describe(comp.get('code'))} "
                        "names no side (right/left); not used",
                        f"{cw}.code",
                    )
                    continue
                used = self._number(om, om.targets.get(side), comp, cw, ref, when, key) or used
            return used
        if om.kind == "index":
            side = self._side(body_site) or self._side(holder.get("code"))
            if side is None:
                self.warn(
                    "fhir_no_laterality",
                    f"{key}: the side (right/left) is not stated in bodySite; not used",
                    f"{where}.bodySite",
                )
                return False
            return self._number(om, om.targets.get(side), holder, where, ref, when, key)
        if om.kind == "pressure":
            site = self._site(body_site, om.sites)
            side = self._side(body_site)
            target_tpl = om.sites.get(site) if site else None
            if target_tpl is None:
                self.warn(
                    "fhir_no_body_site",
                    f"{key}: bodySite {self._describe(body_site) or '(none)'} does not "
                    f"name one of: {', '.join(om.sites)}; a systolic pressure is read only for a known site",
                    f"{where}.bodySite",
                )
                return False
            if "{side}" in target_tpl:
                if side is None:
                    self.warn(
                        "fhir_no_laterality",
                        f"{key}: the side (right/left) is not stated in bodySite; not used",
                        f"{where}.bodySite",
                    )
                    return False
                target = target_tpl.format(side=side)
            else:
                target = target_tpl
            return self._number(om, target, holder, where, ref, when, key)
        return self._number(om, om.measurement, holder, where, ref, when, key)

    def _number(
        self,
        om: ObservationMap,
        target: str | None,
        holder: dict[str, Any],
        where: str,
        ref: str | None,
        when: str,
        key: str,
    ) -> bool:
        q = self._quantity(holder)
        if q is None:
            self.warn("fhir_ignored", f"{key}: no numeric value", f"{where}.value[x]")
            return False
        value, unit = q
        conv = om.convert(value, unit)
        if conv is None:
            self.warn(
                "fhir_unit",
                f"{key}: unit '{unit}' is not one legdx converts "
                f"({', '.join(u for u in om.units if u)}); not used",
                f"{where}.valueQuantity",
            )
            return False
        if target is None:
            return False
        mdef = self.kb.measurements.get(target)
        if mdef is None and om.kind == "index" and target in self.kb.variables:
            # a recorded index the knowledge base computes itself (from pressures): kept as a variable
            self.recorded[target].append(_Value(round(conv, 4), when, where, ref))
            self.recorded_map[target] = om
            return True
        if mdef is None:
            self.warn(
                "fhir_unmapped_target",
                f"{key}: the knowledge base has no input '{target}' for this value; not used",
                where,
            )
            return False
        if not (mdef.min <= conv <= mdef.max):
            self.warn(
                "fhir_out_of_range",
                f"{key}: {conv:g} {mdef.unit} is outside the possible range "
                f"{mdef.min:g}-{mdef.max:g}; not used",
                f"{where}.valueQuantity",
            )
            return False
        self.values[target].append(_Value(round(conv, 4), when, where, ref))
        return True

    def _describe(self, cc: Any) -> str:
        if not isinstance(cc, dict):
            return "(no code)"
        cs = self._codings(cc)
        if cs:
            return ", ".join(f"{s}|{c}" + (f" ({d})" if d else "") for s, c, d in cs[:3])
        return repr(cc.get("text") or "(no code)")

    def _state(self, fid: str, state: str, where: str, ref: str | None, note: str) -> bool:
        if fid not in self.kb.findings:
            self.warn(
                "fhir_unmapped_target", f"{note}: the knowledge base has no finding '{fid}'; not used", where
            )
            return False
        if self.kb.findings[fid].derive is not None:
            self.warn(
                "fhir_unmapped_target",
                f"{note}: '{fid}' is computed from measurements, not stated; not used",
                where,
            )
            return False
        self.states[fid].append(_State(state, where, ref, note))
        return True

    # -- Condition --------------------------------------------------------------------------------

    def _condition(self, res: dict[str, Any], where: str, ref: str | None) -> None:
        desc = self._describe(res.get("code"))
        ver = self._first_code(res.get("verificationStatus"))
        if ver in ("refuted", "entered-in-error"):
            self.warn("fhir_ignored", f"Condition {desc} is {ver}; not used", f"{where}.verificationStatus")
            return
        if not self._subject_ok(res, where):
            return
        when = str(res.get("recordedDate") or res.get("onsetDateTime") or "")
        if not self._date_ok(when, where, f"Condition {desc}"):
            return
        clinical = self._first_code(res.get("clinicalStatus")) or "active"
        icd, sn = self.m.system("icd10cm"), self.m.system("snomed")
        hit = None
        for sysuri, code, _ in self._codings(res.get("code")):
            for key, cm in self.m.conditions.items():
                if (sysuri == icd and cm.matches_icd(code)) or (sysuri == sn and code in cm.snomed):
                    hit = (key, cm)
                    break
            if hit:
                break
        if hit is None:
            self.warn("fhir_unmapped_code", f"Condition {desc} is not one legdx reads", f"{where}.code")
            return
        key, cm = hit
        if clinical in ("inactive", "remission", "resolved") and not cm.past:
            self.warn(
                "fhir_ignored",
                f"Condition {desc} ({key}) is {clinical}; not counted as current",
                f"{where}.clinicalStatus",
            )
            return
        state = "possible" if ver in ("unconfirmed", "provisional", "differential") else "present"
        if state == "possible":
            self.warn(
                "fhir_unconfirmed",
                f"Condition {desc} ({key}) is {ver}; recorded as possible, which does not move probabilities",
                f"{where}.verificationStatus",
            )
        if self._state(cm.finding, state, where, ref, f"Condition {key}") and ref and ref not in self.basis:
            self.basis.append(ref)

    def _first_code(self, cc: Any) -> str | None:
        cs = self._codings(cc)
        return cs[0][1] if cs else None

    # -- Medications ------------------------------------------------------------------------------

    def _medication(self, res: dict[str, Any], where: str, ref: str | None, index: int) -> None:
        rtype = res["resourceType"]
        status = res.get("status")
        cc = res.get("medicationCodeableConcept")
        mref = (res.get("medicationReference") or {}).get("reference")
        if cc is None and mref:
            med = (
                self.contained_meds.get(f"{index}{mref}")
                if mref.startswith("#")
                else self.contained_meds.get(mref)
            )
            cc = (med or {}).get("code")
            if med is None:
                self.warn(
                    "fhir_unmapped_code",
                    f"{rtype}: medication {mref} is not in the Bundle; not used",
                    f"{where}.medicationReference",
                )
                return
        desc = self._describe(cc)
        if status in _MED_SKIP:
            self.warn("fhir_ignored", f"{rtype} {desc} has status '{status}'; not used", f"{where}.status")
            return
        subject_key = "subject"
        if not self._subject_ok(res, where, subject_key):
            return
        when = str(res.get("authoredOn") or res.get("effectiveDateTime") or res.get("dateAsserted") or "")
        if not self._date_ok(when, where, f"{rtype} {desc}"):
            return
        atc = self.m.system("atc")
        text = self._text(cc)
        hits: list[str] = []
        for key, mm in self.m.medications.items():
            by_code = any(
                s == atc and any(c.upper().startswith(p) for p in mm.atc) for s, c, _ in self._codings(cc)
            )
            by_name = any(re.search(r"\b" + re.escape(n) + r"\b", text) for n in mm.names)
            if by_code or by_name:
                hits.append(key)
        if not hits:
            self.warn(
                "fhir_unmapped_code",
                f"{rtype} {desc} is not a medication legdx reads",
                f"{where}.medication[x]",
            )
            return
        for key in hits:
            mm = self.m.medications[key]
            label = f"{key}: {(cc or {}).get('text') or desc}"
            if mm.finding is not None and mm.finding in self.kb.findings:
                if (
                    self._state(mm.finding, "present", where, ref, f"{rtype} {key}")
                    and ref
                    and ref not in self.basis
                ):
                    self.basis.append(ref)
            else:
                if label not in self.context:
                    self.context.append(label)
                self.warn(
                    "fhir_context",
                    f"{rtype}: {label} is recorded as context; no finding in the knowledge base uses it",
                    where,
                )

    # -- QuestionnaireResponse --------------------------------------------------------------------

    def _questionnaire_response(self, res: dict[str, Any], where: str, ref: str | None) -> None:
        if res.get("status") not in _QR_OK:
            self.warn(
                "fhir_ignored",
                f"QuestionnaireResponse has status '{res.get('status')}'; not used",
                f"{where}.status",
            )
            return
        if not self._subject_ok(res, where):
            return
        answers, extras, warns = answers_from_items(res.get("item") or [], f"{where}.item", self.kb)
        self.warnings.extend(warns)
        for fid, (state, w) in answers.items():
            self._state(fid, state, w, ref, "QuestionnaireResponse")
        if "age" in extras:
            self.qr_age = extras["age"]
        if "sex" in extras:
            self.qr_sex = extras["sex"]
        if (answers or extras) and ref and ref not in self.basis:
            self.basis.append(ref)

    # -- result -----------------------------------------------------------------------------------

    def _recorded_indices(self, measurements: dict[str, float]) -> None:
        """Recorded index values (ABI) the knowledge base takes no measurement for: the findings it
        derives from those variables alone are evaluated with its own rules and stated."""
        if not self.recorded:
            return
        from legdx.knowledge import rules

        variables: dict[str, float] = {}
        wheres: list[str] = []
        for target, vals in self.recorded.items():
            vals.sort(key=lambda v: v.when, reverse=True)
            om = self.recorded_map[target]
            if any(m in measurements for m in om.superseded_by):
                self.warn(
                    "fhir_superseded",
                    f"{target}: pressures are on record, so the index is computed from "
                    f"them; the recorded value {vals[0].value:g} is not used",
                    vals[0].where,
                )
                continue
            variables[target] = vals[0].value
            wheres.append(vals[0].where)
            if len(vals) > 1:
                self.warn(
                    "fhir_superseded",
                    f"{target}: {len(vals)} values; the most recent ({vals[0].value:g}) is used",
                    vals[0].where,
                )
        for om in {id(m): m for m in self.recorded_map.values()}.values():
            got = [variables[t] for t in om.targets.values() if t in variables]
            if got:
                if "lowest" in om.aggregate:
                    variables[om.aggregate["lowest"]] = min(got)
                if "highest" in om.aggregate:
                    variables[om.aggregate["highest"]] = max(got)
        if not variables:
            return
        ctx = rules.Context(findings={}, variables=variables)
        stated = []
        for fid, fdef in self.kb.findings.items():
            if fdef.derive is None:
                continue
            used = rules.referenced_variables(fdef.derive)
            if not used or not used <= set(variables) or rules.referenced_findings(fdef.derive):
                continue
            value = rules.evaluate(fdef.derive, ctx)
            if value is None:
                continue
            self.states[fid].append(
                _State("present" if value else "absent", wheres[0], None, "recorded index")
            )
            stated.append(f"{fid} {'present' if value else 'absent'}")
        self.warn(
            "fhir_recorded_value",
            "recorded values "
            + ", ".join(f"{k} {v:g}" for k, v in sorted(variables.items()))
            + " were read without the pressures behind them; the knowledge base's rules give: "
            + (", ".join(stated) or "no finding"),
            wheres[0],
        )

    def _build(self) -> BundleRead:
        measurements: dict[str, float] = {}
        for target, vals in self.values.items():
            vals.sort(key=lambda v: v.when, reverse=True)
            measurements[target] = vals[0].value
            if len(vals) > 1:
                self.warn(
                    "fhir_superseded",
                    f"{target}: {len(vals)} values; the most recent "
                    f"({vals[0].value:g}{', ' + vals[0].when[:10] if vals[0].when else ''}) is used",
                    vals[0].where,
                )
        self._recorded_indices(measurements)
        findings: dict[str, dict[str, Any]] = {}
        for fid, sts in self.states.items():
            kinds = {s.state for s in sts}
            chosen = "present" if "present" in kinds else "absent" if "absent" in kinds else sts[0].state
            if "present" in kinds and "absent" in kinds:
                self.warn(
                    "fhir_conflict",
                    f"{fid}: recorded both present and absent in the Bundle; present is used",
                    sts[0].where,
                )
            findings[fid] = {"state": chosen, "origin": "fhir"}
        age, sex = self.age, self.sex
        if age is None and self.qr_age is not None:
            age = self.qr_age[0]
        if sex is None and self.qr_sex is not None:
            sex = self.qr_sex[0]
        data: dict[str, Any] = {"findings": findings, "measurements": measurements}
        if age is not None:
            data["age"] = age
        if sex is not None:
            data["sex"] = sex
        if self.patient_id:
            data["patient_id"] = self.patient_id[:200]
        try:
            case = model.Case.model_validate(data)
        except ValidationError as exc:
            raise InputError.many(
                [(".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]
            ) from None
        return BundleRead(
            case=case,
            warnings=self.warnings,
            as_of=self.as_of,
            basis=self.basis,
            context=self.context,
            patient_ref=self.patient_ref,
        )


def answers_from_items(
    items: list[Any], where: str, kb: Any
) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[Any, str]], list[model.Warning]]:
    """QuestionnaireResponse items -> {finding id: (state, where)}, extras (age, sex) and warnings.

    linkId is a finding id. Answers: valueBoolean, valueCoding.code or valueString (yes/no/unknown and
    the HL7 Y/N/UNK codes). linkId ``age`` (valueInteger/valueDecimal) and ``sex`` (valueCoding or
    valueString: male/female/other/unknown) carry the demographics. Display items are skipped."""
    out: dict[str, tuple[str, str]] = {}
    extras: dict[str, tuple[Any, str]] = {}
    warns: list[model.Warning] = []

    def walk(its: list[Any], w: str) -> None:
        for i, it in enumerate(its):
            if not isinstance(it, dict):
                continue
            iw = f"{w}[{i}]"
            link = it.get("linkId", "")
            answers = it.get("answer") or []
            if it.get("item"):
                walk(it["item"], f"{iw}.item")
            for a in answers:
                if isinstance(a, dict) and a.get("item"):
                    walk(a["item"], f"{iw}.answer.item")
            if not answers:
                continue
            a = answers[0]
            if link == "age":
                v = a.get("valueInteger", a.get("valueDecimal"))
                if isinstance(v, int | float):
                    extras["age"] = (float(v), iw)
                else:
                    warns.append(
                        model.Warning(
                            code="fhir_answer",
                            message="age needs valueInteger or valueDecimal",
                            where=f"{iw}.answer",
                        )
                    )
                continue
            if link == "sex":
                v = (a.get("valueCoding") or {}).get("code") or a.get("valueString")
                if v in ("male", "female", "other", "unknown"):
                    extras["sex"] = (v, iw)
                else:
                    warns.append(
                        model.Warning(
                            code="fhir_answer",
                            message="sex must be male, female, other or unknown",
                            where=f"{iw}.answer",
                        )
                    )
                continue
            if link not in kb.findings:
                if not link.endswith(".why"):
                    warns.append(
                        model.Warning(
                            code="fhir_unmapped_code",
                            message=f"linkId '{link}' is not a legdx finding id; not used",
                            where=f"{iw}.linkId",
                        )
                    )
                continue
            state: str | None = None
            if isinstance(a.get("valueBoolean"), bool):
                state = "present" if a["valueBoolean"] else "absent"
            else:
                raw = (a.get("valueCoding") or {}).get("code") or a.get("valueString")
                if isinstance(raw, str):
                    state = ANSWER_STATES.get(raw.strip().lower())
            if state is None:
                warns.append(
                    model.Warning(
                        code="fhir_answer",
                        message=f"{link}: answer is not yes, no or unknown; not used",
                        where=f"{iw}.answer[0]",
                    )
                )
                continue
            if len(answers) > 1:
                warns.append(
                    model.Warning(
                        code="fhir_answer",
                        message=f"{link}: only the first answer is used",
                        where=f"{iw}.answer",
                    )
                )
            out[link] = (state, iw)

    walk(items, where)
    return out, extras, warns
