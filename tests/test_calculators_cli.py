"""``legdx abi`` and ``legdx score``: JSON shape, text output, exit codes and error messages."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

import legdx.knowledge as knowledge_pkg
from legdx.calculators.cli import register
from legdx.knowledge.loader import KnowledgeBaseError, default_kb, load_yaml
from legdx.knowledge.schema import FindingDef, InstrumentDef, MeasurementDef, Threshold

DATA = Path(knowledge_pkg.__file__).parent / "data"


def _entries(path: Path, model: Any, strict: bool) -> dict[str, Any]:
    raw = load_yaml(path.read_text(encoding="utf-8"), path.name) or {}
    out: dict[str, Any] = {}
    for k, v in raw.items():
        try:
            out[k] = model.model_validate({**v, "id": k})
        except Exception:  # noqa: BLE001 - other people's files may be mid-edit
            if strict:
                raise
    return out


def _kb() -> Any:
    try:
        return default_kb()
    except KnowledgeBaseError:
        findings: dict[str, Any] = {}
        for p in sorted((DATA / "findings").glob("*.yaml")):
            findings.update(_entries(p, FindingDef, strict=False))
        return SimpleNamespace(
            thresholds=_entries(DATA / "thresholds.yaml", Threshold, strict=True),
            measurements=_entries(DATA / "measurements.yaml", MeasurementDef, strict=True),
            instruments=_entries(DATA / "instruments.yaml", InstrumentDef, strict=True),
            findings=findings,
        )


KB = _kb()
app = typer.Typer()
register(app, lambda: KB)
runner = CliRunner()

EXAMPLE = [
    "abi",
    "--right-brachial",
    "142",
    "--left-brachial",
    "138",
    "--right-dp",
    "120",
    "--right-pt",
    "126",
    "--left-dp",
    "88",
    "--left-pt",
    "92",
]


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def ok_json(*args: str) -> Any:
    res = run(*args, "--format", "json")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def assert_usage_error(res: Any, *needles: str) -> None:
    assert res.exit_code == 2, res.output
    assert res.stdout == ""  # nothing half-printed
    for needle in needles:
        assert needle in res.stderr, res.stderr


# --------------------------------------------------------------------------------------------------------
# legdx abi


def test_abi_json_shape() -> None:
    data = ok_json(*EXAMPLE)
    assert data["right"]["abi"] == 0.89 and data["right"]["category"] == "abnormal"
    assert data["left"]["abi"] == 0.65 and data["left"]["category"] == "abnormal"
    assert data["id"] == "abi" and data["source"] == "gornik2024"
    assert {t["id"] for t in data["thresholds"]} >= {"abi_abnormal", "abi_normal", "abi_noncompressible"}
    assert data["tbi"] is None and "tbi" not in data["right"]
    assert data["interpretation"] and data["complete"] is True


def test_abi_json_with_toe_and_exercise_pressures() -> None:
    data = ok_json(
        *EXAMPLE,
        "--right-toe",
        "60",
        "--left-toe",
        "40",
        "--post-exercise-right",
        "90",
        "--post-exercise-left",
        "70",
    )
    assert data["right"]["tbi"] == 0.42 and data["left"]["tbi"] == 0.28
    assert data["tbi"] == {"right": 0.42, "left": 0.28}
    assert data["right"]["exercise"]["criteria_met"] is True
    assert any(w["code"] == "exercise_resting_brachial_used" for w in data["warnings"])
    assert [c["id"] for c in data["other_calculations"]] == ["wifi_ischemia"]


def test_abi_text_shows_unverified_values() -> None:
    res = run(*EXAMPLE)
    assert res.exit_code == 0
    assert "0.89" in res.stdout and "abnormal" in res.stdout
    assert "(unverified)" in res.stdout  # severity bands are NRV
    assert "gornik2024" in res.stdout


def test_abi_missing_leg_and_zero_signal() -> None:
    data = ok_json("abi", "--right-brachial", "130", "--right-dp", "0", "--right-pt", "0")
    assert data["right"]["abi"] == 0.0 and data["right"]["category"] == "abnormal"
    assert data["left"]["abi"] is None and data["left"]["category"] is None
    assert data["complete"] is False


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--right-dp", "-5"], ["--right-dp", "-5 mmHg", "0 to 350 mmHg"]),
        (["--right-brachial", "900"], ["--right-brachial", "900 mmHg", "0 to 300 mmHg"]),
    ],
)
def test_abi_impossible_values(args: list[str], needles: list[str]) -> None:
    base = dict(zip(EXAMPLE[1::2], EXAMPLE[2::2], strict=True))
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    res = run("abi", *[x for kv in base.items() for x in kv])
    assert_usage_error(res, *needles)


def test_abi_reports_every_bad_value_at_once() -> None:
    res = run("abi", "--right-brachial", "900", "--right-dp", "-5", "--left-pt", "1000")
    assert_usage_error(res, "--right-brachial", "--right-dp", "--left-pt")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["abi", "--right-brachial", "140"], "ankle pressure"),
        (["abi", "--right-dp", "120"], "brachial pressure"),
        ([*EXAMPLE, "--format", "xml"], "--format"),
    ],
)
def test_abi_usage_errors(args: list[str], needle: str) -> None:
    assert_usage_error(run(*args), needle)


def test_abi_non_number_is_a_usage_error() -> None:
    res = run("abi", "--right-brachial", "abc", "--right-dp", "100")
    assert res.exit_code == 2 and res.stdout == ""


# --------------------------------------------------------------------------------------------------------
# legdx score


def test_score_wells_json() -> None:
    data = ok_json(
        "score",
        "wells",
        "--yes",
        "previous_dvt",
        "--yes",
        "calf_swelling_3cm",
        *[
            x
            for item in (
                "wells_active_cancer",
                "wells_paralysis_or_cast",
                "wells_bedridden_or_surgery",
                "deep_vein_tenderness",
                "wells_entire_leg_swollen",
                "pitting_edema_one_leg",
                "wells_collateral_veins",
                "wells_alternative_diagnosis",
            )
            for x in ("--no", item)
        ],
    )
    assert data["total"] == 2 and data["complete"] is True
    assert data["verdicts"][0]["threshold"] == "wells_dvt_likely" and data["verdicts"][0]["met"] is True


def test_score_konno_partial_text_and_json() -> None:
    args = [
        "score",
        "konno",
        "--age",
        "72",
        "--yes",
        "neurogenic_claudication_history",
        "--yes",
        "konno_worse_standing",
        "--yes",
        "improves_bending_forward",
    ]
    data = ok_json(*args)
    assert data["complete"] is False and data["total"] is None and data["range"] == [7, 16]
    assert data["verdicts"][0]["met"] is True and data["unverified"] is True
    res = run(*args)
    assert res.exit_code == 0
    assert "between 7 and 16" in res.stdout.replace("\n", " ") and "(unverified)" in res.stdout


def test_score_konno_with_variables_and_answers_file(tmp_path: Path) -> None:
    answers = tmp_path / "konno.json"
    answers.write_text(
        json.dumps(
            {
                "age": 66,
                "diabetes": False,
                "neurogenic_claudication_history": "yes",
                "worse_on_standing_up": True,
                "improves_bending_forward": True,
                "symptoms_induced_bending_forward": False,
                "symptoms_induced_bending_backward": False,
                "absent_achilles_reflex": False,
                "straight_leg_raise_positive": None,
                "pedal_pulses_normal": "unknown",
            }
        )
    )
    data = ok_json(
        "score", "konno", "--answers", str(answers), "--var", "abi_lowest=1.1", "--no", "slr_positive"
    )
    # 1 + 1 + 3 + 2 + 3 + 0 + 0 + 3 (ABI 1.1) + 0 + 0 = 13
    assert data["total"] == 13 and data["complete"] is True


def test_score_sshq_shorthand_and_ecq() -> None:
    data = ok_json("score", "sshq", "--yes", "q1", "--yes", "q2", "--yes", "q3", "--yes", "q4")
    assert data["total"] == 1
    data = ok_json(
        "score",
        "ecq",
        "--yes",
        "q1",
        "--no",
        "q2",
        "--yes",
        "q3",
        "--yes",
        "q4",
        "--q5",
        "10_min_or_less",
        "--site",
        "thigh",
    )
    assert data["classification"] == "atypical_claudication" and data["grade"] == 2


def test_score_ecq_text() -> None:
    res = run(
        "score",
        "ecq",
        "--yes",
        "q1",
        "--no",
        "q2",
        "--yes",
        "q3",
        "--no",
        "q4",
        "--q5",
        "gone",
        "--site",
        "calf",
    )
    assert res.exit_code == 0 and "definite intermittent claudication" in res.stdout


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["score", "nosuch"], ["unknown instrument", "konno"]),
        (["score", "wells", "--yes", "previus_dvt"], ["--yes", "previus_dvt", "previous_dvt"]),
        (["score", "wells", "--yes", "previous_dvt", "--no", "previous_dvt"], ["--no", "both"]),
        (["score", "konno", "--age", "12"], ["--age", "adults"]),
        (["score", "konno", "--var", "ck=100"], ["--var", "ck"]),
        (["score", "konno", "--var", "abi_lowest"], ["--var", "NAME=VALUE"]),
        (["score", "konno", "--q5", "gone"], ["--q5"]),
        (["score", "ecq", "--q5", "sometimes"], ["--q5", "sometimes"]),
        (["score", "ecq", "--site", "elbow"], ["--site", "elbow"]),
        (["score", "ecq", "--yes", "q9"], ["--yes", "q9"]),
        (["score", "ecq", "--age", "50"], ["--age"]),
        (["score", "wells", "--format", "yaml"], ["--format"]),
        (["score", "wells", "--answers", "/nonexistent/answers.json"], ["--answers", "no such file"]),
    ],
)
def test_score_usage_errors(args: list[str], needles: list[str]) -> None:
    assert_usage_error(run(*args), *needles)


def test_score_bad_answers_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert_usage_error(run("score", "wells", "--answers", str(bad)), "--answers", "not valid JSON")
    wrong = tmp_path / "list.json"
    wrong.write_text("[1, 2]")
    assert_usage_error(run("score", "wells", "--answers", str(wrong)), "JSON object")
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps({"previous_dvt": 3}))
    assert_usage_error(run("score", "wells", "--answers", str(odd)), "--answers previous_dvt")


def test_broken_knowledge_base_exits_1() -> None:
    def broken() -> Any:
        raise KnowledgeBaseError(["x.yaml: broken"])

    other = typer.Typer()
    register(other, broken)
    res = runner.invoke(other, EXAMPLE)
    assert res.exit_code == 1 and res.stdout == "" and "kb check" in res.stderr
