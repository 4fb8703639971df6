"""The `legdx` command: assess, interview, kb check, schema, bad input and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from legdx.cli import app
from legdx.model import Assessment, Case

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_version():
    r = run("--version")
    assert r.exit_code == 0 and r.stdout.startswith("legdx ")


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_examples_assess_as_json(example):
    r = run("assess", str(EXAMPLES / example), "--format", "json")
    assert r.exit_code == 0, r.output
    a = Assessment.model_validate_json(r.stdout)
    assert a.schema_version and a.triage.level
    assert len(a.differential) >= 31
    assert a.citations


def test_assess_formats_and_audience(tmp_path):
    case = str(EXAMPLES / "vascular_claudication.json")
    md = run("assess", case, "-f", "markdown")
    assert md.exit_code == 0 and "Peripheral artery disease" in md.stdout
    txt = run("assess", case, "-f", "text")
    assert txt.exit_code == 0 and "REFERENCES" in txt.stdout
    out = tmp_path / "r.html"
    h = run("assess", case, "-f", "html", "-o", str(out))
    assert h.exit_code == 0 and out.read_text().lstrip().lower().startswith("<!doctype html")
    pat = run("assess", case, "-f", "markdown", "--audience", "patient")
    assert pat.exit_code == 0 and "LR" not in pat.stdout.split()


def test_stdin_case():
    data = json.loads((EXAMPLES / "cauda_equina.json").read_text())
    r = run("assess", "-", "-f", "json", input=json.dumps(data))
    assert r.exit_code == 0
    a = json.loads(r.stdout)
    assert a["triage"]["level"] in ("emergency", "emergency_ambulance")
    assert "cauda_equina" in [f["id"] for f in a["red_flags"]]


@pytest.mark.parametrize(
    "payload, expected",
    [
        ("", "empty input"),
        ("{not json", "not valid JSON at line 1"),
        ("[1, 2]", "must be a JSON object"),
        ('{"age": 250}', "age"),
        ('{"age": "old"}', "age"),
        (
            '{"findings": {"neurogenic_claudicaton_history": "present"}}',
            "did you mean neurogenic_claudication_history",
        ),
        ('{"findings": {"diabetes": "sometimes"}}', "findings.diabetes"),
        ('{"measurements": {"dp_right": -5}}', "measurements.dp_right"),
        ('{"measurements": {"brachial_left": 900}}', "measurements.brachial_left"),
        ('{"measurements": {"dp_right": "high"}}', "measurements.dp_right"),
        ('{"colour": "red"}', "colour"),
        ('{"resourceType": "Patient"}', "FHIR Patient"),
    ],
)
def test_bad_input_exit_2_with_field(payload, expected, tmp_path):
    out = tmp_path / "out.json"
    r = run("assess", "-", "-f", "json", "-o", str(out), input=payload)
    assert r.exit_code == 2, r.output
    assert expected in r.output
    assert not out.exists(), "nothing may be half-written"


def test_all_problems_reported_together():
    r = run(
        "assess", "-", input='{"age": 250, "findings": {"foo": "present"}, "measurements": {"dp_right": 900}}'
    )
    assert r.exit_code == 2
    for field in ("age", "findings.foo", "measurements.dp_right"):
        assert field in r.output


def test_missing_file_and_directory(tmp_path):
    assert run("assess", str(tmp_path / "nope.json")).exit_code == 2
    assert run("assess", str(tmp_path)).exit_code == 2


def test_bad_options():
    case = str(EXAMPLES / "cauda_equina.json")
    assert run("assess", case, "-f", "pdf").exit_code == 2
    assert run("assess", case, "--audience", "nurse").exit_code == 2
    assert run("assess").exit_code == 2


def test_interview_from_answers_file(tmp_path):
    answers = {
        "neurogenic_claudication_history": "yes",
        "bilateral_buttock_or_leg_pain": "yes",
        "relief_requires_sitting_or_flexion": "yes",
        "relieved_by_standing_still": "no",
        "improves_bending_forward": "yes",
        "no_pain_when_seated": "yes",
        "leg_symptoms_with_walking": "yes",
        "symptoms_improve_with_walking": "no",
    }
    f = tmp_path / "answers.json"
    f.write_text(json.dumps(answers))
    r = run("interview", "--answers", str(f), "--age", "70", "-f", "json")
    assert r.exit_code == 0, r.output
    a = Assessment.model_validate_json(r.stdout)
    assert a.differential[0].id == "lumbar_spinal_stenosis"
    assert "Interview finished" in r.stderr
    assert "Safety check" in r.stderr  # red flags screened first


def test_interview_from_stdin_stops_and_reports():
    r = run("interview", "--age", "60", "-f", "json", input="no\n" * 80)
    assert r.exit_code == 0, r.output
    assert "Interview finished" in r.stderr
    Assessment.model_validate_json(r.stdout)


def test_interview_bad_answer():
    r = run("interview", "--age", "60", input="perhaps\n")
    assert r.exit_code == 2 and "perhaps" in r.output


def test_kb_check_passes_and_prints_coverage():
    r = run("kb", "check", "-f", "json")
    assert r.exit_code == 0, r.output
    cov = json.loads(r.stdout)
    assert cov["failures"] == []
    rows = {row["condition"]: row for row in cov["conditions"]}
    assert len(rows) == 31
    assert rows["lumbar_spinal_stenosis"]["published"] >= 10


def test_kb_lists():
    assert "saddle_anesthesia" in run("kb", "findings", "saddle").stdout
    assert "peripheral_artery_disease" in run("kb", "conditions").stdout


def test_packaged_json_schemas_are_current():
    shipped = json.loads((resources.files("legdx.schema") / "assessment.schema.json").read_text())
    assert shipped == Assessment.model_json_schema(), (
        "run: legdx schema > src/legdx/schema/assessment.schema.json"
    )
    case_schema = json.loads((resources.files("legdx.schema") / "case.schema.json").read_text())
    assert case_schema == Case.model_json_schema()


def test_console_script_runs():
    exe = Path(sys.executable).with_name("legdx")
    r = subprocess.run(
        [str(exe), "assess", str(EXAMPLES / "neurogenic_claudication.json"), "-f", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["differential"][0]["id"] == "lumbar_spinal_stenosis"
