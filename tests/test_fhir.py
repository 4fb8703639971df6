"""FHIR R4: Bundle -> case (every code mapped or reported), Assessment -> validated resources, and the CLI
path (``legdx assess bundle.json``, ``--format fhir``) using the same mapping."""

from __future__ import annotations

import copy
import json
import warnings
from datetime import date

import pytest
from fhir.resources.R4B import get_fhir_model_class

import legdx
from legdx.errors import InputError
from legdx.fhir.mapping import default_mapping
from legdx.fhir.read import FhirMappingWarning, case_from_bundle, read_bundle
from legdx.fhir.write import assessment_bundle
from legdx.knowledge.loader import default_kb

pytest_plugins = ["conftest_server"]

AS_OF = date(2025, 6, 1)


@pytest.fixture(scope="module")
def pad(fhir_fixture):
    return read_bundle(fhir_fixture("pad_bundle.json"), as_of=AS_OF)


def codes(r):
    return {w.code for w in r.warnings}


def test_patient_age_from_birth_date_at_reference_date(pad, fhir_fixture):
    assert pad.case.age == 72 and pad.case.sex == "male" and pad.case.patient_id == "pad-1"
    assert pad.as_of == AS_OF
    w = next(w for w in pad.warnings if w.code == "fhir_reference_date")
    assert "2025-06-01" in w.message and w.where == "Bundle.entry[0].resource.birthDate"
    # the day before the birthday
    r = read_bundle(fhir_fixture("pad_bundle.json"), as_of=date(2025, 5, 19))
    assert r.case.age == 71


def test_pressures_by_body_site_and_labs_with_units(pad):
    m = pad.case.measurements
    assert m["brachial_right"] == 150 and m["brachial_left"] == 146
    assert (m["dp_right"], m["pt_right"], m["dp_left"], m["pt_left"]) == (90, 84, 140, 136)
    assert m["ck"] == 180  # the most recent of two
    assert m["potassium"] == 4.1 and m["tsh"] == 2.1 and m["hba1c"] == 7.2
    assert m["calcium"] == pytest.approx(9.6 * 0.2495, abs=1e-3)  # mg/dL -> mmol/L
    assert m["hemoglobin"] == 13.5  # g/L -> g/dL
    assert m["temperature"] == pytest.approx(37.0, abs=0.01)  # degF -> Cel


def test_conditions_medications_and_interview_answers(pad):
    f = {k: v.state for k, v in pad.case.findings.items()}
    assert f["diabetes"] == "present"  # ICD-10-CM E11.9
    assert f["known_atherosclerosis_other_bed"] == "present"  # SNOMED coronary arteriosclerosis
    assert f["previous_dvt"] == "present"  # Z86.718, resolved but a history finding
    assert f["cancer_history"] == "present"  # C61 in remission
    assert f["smoking_history"] == "present"  # LOINC 72166-2 = ex-smoker
    assert f["statin_use"] == "present"  # by ingredient name
    assert f["leg_symptoms_with_walking"] == "present"  # QR valueCoding Y
    assert f["relieved_by_standing_still"] == "present"  # valueBoolean
    assert f["relief_requires_sitting_or_flexion"] == "absent"  # valueString
    assert "chronic_kidney_disease" not in f  # refuted
    assert all(v.origin == "fhir" for v in pad.case.findings.values())
    assert any("clopidogrel" in c for c in pad.context) and any("Apixaban" in c for c in pad.context)


def test_nothing_silently_dropped(pad):
    by_where = {w.where: w for w in pad.warnings}
    msgs = " ".join(w.message for w in pad.warnings)
    assert "2093-3" in msgs  # cholesterol: unmapped code
    assert "J45.909" in msgs  # asthma: unmapped condition
    assert "refuted" in msgs and "entered-in-error" in msgs
    assert "mg/dL" in msgs  # potassium in an unknown unit
    assert "Metformin" in msgs  # a medication legdx does not read
    assert "favourite_colour" in msgs  # an unknown linkId
    assert "Procedure" in msgs  # an unread resource type
    assert {
        "fhir_unmapped_code",
        "fhir_ignored",
        "fhir_unit",
        "fhir_context",
        "fhir_unused_resource",
        "fhir_superseded",
    } <= codes(pad)
    assert all(w.where and w.where.startswith("Bundle.entry[") for w in by_where.values() if w.where)


def test_every_entry_is_used_or_reported(pad, fhir_fixture):
    bundle = fhir_fixture("pad_bundle.json")
    reported = {w.where.split(".resource")[0].split(" ")[0] for w in pad.warnings if w.where}
    used = set(pad.basis)
    for i, e in enumerate(bundle["entry"]):
        r = e["resource"]
        ref = f"{r['resourceType']}/{r['id']}"
        assert ref in used or f"Bundle.entry[{i}]" in reported, f"entry {i} ({ref}) neither used nor reported"


def test_recorded_abi_by_laterality(pad, fhir_fixture):
    r = read_bundle(fhir_fixture("abi_only_bundle.json"), as_of=AS_OF)
    assert r.case.age == 76  # partial birthDate: estimated, and said so
    assert "estimated" in next(w.message for w in r.warnings if w.code == "fhir_reference_date")
    kb = default_kb()
    if "abi_right" in kb.measurements:  # the knowledge base takes a recorded ABI directly
        assert r.case.measurements["abi_right"] == 0.62 and r.case.measurements["abi_left"] == 0.97
    else:  # it derives findings from the recorded values with its own rules
        assert r.case.findings["abi_le_0_90"].state == "present"
        assert "abi_lowest 0.62" in next(w.message for w in r.warnings if w.code == "fhir_recorded_value")
    assert {"fhir_no_laterality", "fhir_unmapped_code"} <= codes(r)
    a = legdx.assess(r.case)
    assert a.differential[0].id == "peripheral_artery_disease"


def test_recorded_abi_ignored_when_pressures_are_on_record(fhir_fixture):
    b = fhir_fixture("pad_bundle.json")
    abi = fhir_fixture("abi_only_bundle.json")["entry"][1]["resource"]
    abi = {**abi, "subject": {"reference": "Patient/pad-1"}}
    b["entry"].append({"resource": abi})
    r = read_bundle(b, as_of=AS_OF)
    if "abi_right" not in default_kb().measurements:
        assert "abi_le_0_90" not in r.case.findings
        assert any(w.code == "fhir_superseded" and "abi_right" in w.message for w in r.warnings)


def test_laterality_and_site_required_for_pressures():
    b = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"resource": {"resourceType": "Patient", "id": "x", "birthDate": "1950-01-01"}},
            {
                "resource": {
                    "resourceType": "Observation",
                    "id": "o1",
                    "status": "final",
                    "code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                    "valueQuantity": {"value": 120, "code": "mm[Hg]"},
                }
            },
            {
                "resource": {
                    "resourceType": "Observation",
                    "id": "o2",
                    "status": "final",
                    "code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                    "bodySite": {"text": "posterior tibial artery"},
                    "valueQuantity": {"value": 120, "code": "mm[Hg]"},
                }
            },
            {
                "resource": {
                    "resourceType": "Observation",
                    "id": "o3",
                    "status": "final",
                    "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
                    "bodySite": {"text": "Left arm"},
                    "component": [
                        {
                            "code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                            "valueQuantity": {"value": 132, "code": "mm[Hg]"},
                        },
                        {
                            "code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
                            "valueQuantity": {"value": 80, "code": "mm[Hg]"},
                        },
                    ],
                }
            },
        ],
    }
    r = read_bundle(b, as_of=AS_OF)
    assert r.case.measurements == {"brachial_left": 132}  # from the BP panel's systolic component
    assert {"fhir_no_body_site", "fhir_no_laterality"} <= codes(r)


def test_invalid_resources_are_rejected_naming_the_element(fhir_fixture):
    b = fhir_fixture("pad_bundle.json")
    b["entry"][1]["resource"]["valueQuantity"]["value"] = "high"
    with pytest.raises(InputError) as ei:
        read_bundle(b, as_of=AS_OF)
    assert any(w.startswith("Bundle.entry[1].resource") and "value" in w for w, _ in ei.value.problems)
    b = fhir_fixture("pad_bundle.json")
    del b["entry"][1]["resource"]["status"]
    with pytest.raises(InputError) as ei:
        read_bundle(b, as_of=AS_OF)
    assert any("status" in w for w, _ in ei.value.problems)


def test_children_and_future_birth_dates_refused(fhir_fixture):
    b = fhir_fixture("pad_bundle.json")
    b["entry"][0]["resource"]["birthDate"] = "2015-01-01"
    with pytest.raises(InputError, match="adults") as ei:
        read_bundle(b, as_of=AS_OF)
    assert ei.value.where == "Bundle.entry[0].resource.birthDate"


def test_later_data_ignored_at_an_earlier_reference_date(fhir_fixture):
    r = read_bundle(fhir_fixture("pad_bundle.json"), as_of=date(2024, 6, 1))
    assert r.case.measurements["ck"] == 400  # the 2025 value is after the reference date
    assert "fhir_after_reference_date" in codes(r)


def test_other_patients_data_not_mixed_in(fhir_fixture):
    b = fhir_fixture("pad_bundle.json")
    b["entry"][1]["resource"]["subject"] = {"reference": "Patient/someone-else"}
    r = read_bundle(b, as_of=AS_OF)
    assert "brachial_right" not in r.case.measurements
    assert "fhir_other_patient" in codes(r)


def test_mapping_targets_exist_in_the_knowledge_base():
    kb = default_kb()
    m = default_mapping()
    for key, om in m.observations.items():
        for t in [
            om.measurement,
            *om.targets.values(),
            *(s.replace("{side}", "right") for s in om.sites.values()),
        ]:
            if t:
                assert t in kb.measurements or t in kb.variables, f"observations.{key}: '{t}'"
        if om.finding:
            assert om.finding in kb.findings, f"observations.{key}: finding '{om.finding}'"
    for key, cm in m.conditions.items():
        assert cm.finding in kb.findings, f"conditions.{key}: finding '{cm.finding}'"
    for key, mm in m.medications.items():
        assert mm.finding is None or mm.finding in kb.findings, f"medications.{key}: finding '{mm.finding}'"


def test_case_from_bundle_reports_warnings_to_the_caller(fhir_fixture):
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        case = case_from_bundle(fhir_fixture("pad_bundle.json"), as_of=AS_OF)
    assert case.age == 72
    assert any(issubclass(w.category, FhirMappingWarning) and "2093-3" in str(w.message) for w in got)


# --------------------------------------------------------------------------------------------------
# Writing


def validate_all(bundle):
    assert get_fhir_model_class("Bundle").model_validate(bundle)
    for e in bundle["entry"]:
        get_fhir_model_class(e["resource"]["resourceType"]).model_validate(e["resource"])


def test_assessment_as_validated_fhir(pad):
    a = legdx.assess(pad.case)
    b = assessment_bundle(a, assessment_id="a-1", basis=pad.basis)
    validate_all(b)
    kinds = [e["resource"]["resourceType"] for e in b["entry"]]
    risk = next(e["resource"] for e in b["entry"] if e["resource"]["resourceType"] == "RiskAssessment")
    assert len(risk["prediction"]) == len(a.differential)
    p0 = risk["prediction"][0]
    assert p0["probabilityDecimal"] == a.differential[0].probability
    assert any(c["code"] == a.differential[0].id for c in p0["outcome"]["coding"])
    assert "Pre-test" in p0["rationale"]
    assert {x["reference"] for x in risk["basis"]} == set(pad.basis)
    assert kinds.count("ServiceRequest") == sum(1 for w in a.workup if not w.done)
    assert kinds.count("DetectedIssue") == len(a.red_flags)
    assert kinds.count("CarePlan") == 1 and kinds.count("Provenance") == 1
    prov = next(e["resource"] for e in b["entry"] if e["resource"]["resourceType"] == "Provenance")
    full_urls = {e["fullUrl"] for e in b["entry"]}
    assert all(t["reference"] in full_urls for t in prov["target"])
    careplan = next(e["resource"] for e in b["entry"] if e["resource"]["resourceType"] == "CarePlan")
    steps = sum(len(p.steps) for p in a.management)
    assert len(careplan.get("activity", [])) == steps + kinds.count("ServiceRequest")
    # deterministic ids for the same assessment id
    b2 = assessment_bundle(a, assessment_id="a-1", basis=pad.basis)
    assert [e["fullUrl"] for e in b2["entry"]] == [e["fullUrl"] for e in b["entry"]]


def test_red_flags_become_detected_issues():
    case = {
        "age": 60,
        "findings": {
            "saddle_anesthesia": "present",
            "new_urinary_retention_or_incontinence": "present",
            "bilateral_sciatica": "present",
            "back_pain": "present",
        },
    }
    a = legdx.assess(case)
    assert a.red_flags, "this case should raise a red flag"
    b = assessment_bundle(a)
    validate_all(b)
    issues = [e["resource"] for e in b["entry"] if e["resource"]["resourceType"] == "DetectedIssue"]
    assert {i["code"]["coding"][0]["code"] for i in issues} == {h.id for h in a.red_flags}
    assert all(i["severity"] in ("high", "moderate", "low") for i in issues)
    assert any(i["severity"] == "high" for i in issues)
    assert "patient" not in issues[0]  # no patient id in the case: no made-up reference


# --------------------------------------------------------------------------------------------------
# The CLI uses the same mapping


@pytest.mark.filterwarnings("ignore::legdx.fhir.read.FhirMappingWarning")
def test_cli_reads_a_bundle_and_writes_fhir(tmp_path, fhir_fixtures_dir):
    from typer.testing import CliRunner

    from legdx.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["assess", str(fhir_fixtures_dir / "pad_bundle.json"), "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["case"]["patient_id"] == "pad-1"
    assert out["differential"][0]["id"] == "peripheral_artery_disease"
    res = runner.invoke(app, ["assess", str(fhir_fixtures_dir / "pad_bundle.json"), "--format", "fhir"])
    assert res.exit_code == 0, res.output
    validate_all(json.loads(res.stdout))


def test_cli_bundle_error_names_the_element(tmp_path, fhir_fixture):
    from typer.testing import CliRunner

    from legdx.cli import app

    b = copy.deepcopy(fhir_fixture("pad_bundle.json"))
    b["entry"][0]["resource"]["birthDate"] = "2020-01-01"
    p = tmp_path / "child.json"
    p.write_text(json.dumps(b))
    res = CliRunner().invoke(app, ["assess", str(p)])
    assert res.exit_code == 2
    assert "birthDate" in res.output and "adults" in res.output
