"""legdx screen with DuckDB: a synthetic population from NDJSON, Parquet and OMOP (Parquet and CSV),
precision and recall of every rule against the planted ground truth, malformed lines, resume, the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")
pytest.importorskip("matplotlib")

import pyarrow.parquet as pq  # noqa: E402

from legdx.screen import synth  # noqa: E402
from legdx.screen.config import ScreenConfigError, load_mapping, load_rules  # noqa: E402
from legdx.screen.detect import InputFormatError, detect  # noqa: E402
from legdx.screen.pipeline import ScreenOptions, run  # noqa: E402
from legdx.screen.truth import compare  # noqa: E402

N, SEED = 2000, 8  # seed 8 plants at least 5 patients for every rule in 2,000


@pytest.fixture(scope="module")
def population(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    synth.generate(N, out, seed=SEED)
    return out


def _run(src: Path, out: Path, **kw: object) -> object:
    return run(ScreenOptions(input=src, out=out, **kw))  # type: ignore[arg-type]


def _rows(out: Path) -> list[tuple[str, str, float]]:
    t = pq.read_table(out / "worklist.parquet", columns=["patient_id", "rule", "probability"]).to_pylist()
    return sorted((r["patient_id"], r["rule"], r["probability"]) for r in t)


def _assert_perfect(out: Path, truth: Path) -> None:
    scores, _ = compare(out / "worklist.parquet", truth)
    assert {s.rule for s in scores} == set(synth.RULES)
    for s in scores:
        assert s.truth > 0, f"{s.rule}: the population plants no case"
        assert (s.precision, s.recall) == (1.0, 1.0), (s.rule, s.flagged, s.truth, s.true_positives)


def _assert_same(a: Path, b: Path) -> None:
    ra, rb = _rows(a), _rows(b)
    assert [r[:2] for r in ra] == [r[:2] for r in rb]
    assert max(abs(x[2] - y[2]) for x, y in zip(ra, rb, strict=True)) <= 1e-9


@pytest.fixture(scope="module")
def ndjson_run(population: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("screen-ndjson")
    return out, _run(population / "fhir-ndjson", out, budget=200)


def test_ndjson_every_rule_precision_recall_one(ndjson_run: tuple[Path, object], population: Path) -> None:
    out, result = ndjson_run
    _assert_perfect(out, population / "ground_truth.parquet")
    assert result.patients == N  # type: ignore[attr-defined]
    for name in ("worklist.parquet", "worklist.csv", "report.html", "run.json", "unknown_codes.csv"):
        assert (out / name).exists(), name
    assert not (out / "_work").exists()
    html = (out / "report.html").read_text(encoding="utf-8")
    for png in ("rules", "abi", "pyramid", "yield"):
        assert f"charts/{png}.png" in html and (out / "charts" / f"{png}.png").stat().st_size > 1000


def test_worklist_is_ranked_with_evidence_and_action(ndjson_run: tuple[Path, object]) -> None:
    out, _ = ndjson_run
    rows = pq.read_table(out / "worklist.parquet").to_pylist()
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    keys = [(r["priority"], -round(r["probability"], 12), r["patient_id"]) for r in rows]
    assert keys == sorted(keys)
    referral = [r for r in rows if r["rule"] == "abi_referral"]
    assert all("no abi_on_record" in r["evidence"] for r in referral)
    assert all(r["action"] and r["source"] == "gornik2024" for r in rows)
    assert all(0 < r["probability"] < 1 for r in rows)
    csv_lines = (out / "worklist.csv").read_text(encoding="utf-8").splitlines()
    assert csv_lines[0].startswith("rank,rule_rank,patient_id,rule,probability,evidence")
    assert len(csv_lines) == len(rows) + 1


def test_unknown_codes_are_counted_not_dropped(ndjson_run: tuple[Path, object], population: Path) -> None:
    out, result = ndjson_run
    planted = json.loads((population / "synth.json").read_text())["planted_unknown_codes"]["records"]
    assert result.unknown_rows == planted > 0  # type: ignore[attr-defined]
    text = (out / "unknown_codes.csv").read_text(encoding="utf-8")
    assert "2093-3" in text and "X-" in text
    run_json = json.loads((out / "run.json").read_text())
    by = run_json["codes"]["rows_by_disposition"]
    assert by["used"] > 0 and by["known_unused"] > 0 and by["status"] > 0  # stopped statins, error ABIs ...


def test_parquet_and_omop_give_the_same_worklist(
    ndjson_run: tuple[Path, object], population: Path, tmp_path: Path
) -> None:
    ref, _ = ndjson_run
    for fmt in ("fhir-parquet", "omop"):
        out = tmp_path / fmt
        _run(population / fmt, out, budget=200)
        _assert_perfect(out, population / "ground_truth.parquet")
        _assert_same(ref, out)


def test_omop_as_csv(ndjson_run: tuple[Path, object], population: Path, tmp_path: Path) -> None:
    import pyarrow.csv as pcsv

    src = tmp_path / "omop-csv"
    src.mkdir()
    for p in (population / "omop").glob("*.parquet"):
        pcsv.write_csv(pq.read_table(p), src / f"{p.stem}.csv")
    shutil.copy(population / "omop" / "manifest.json", src / "manifest.json")
    assert detect(src).format == "omop-csv"
    _run(src, tmp_path / "out")
    _assert_same(ndjson_run[0], tmp_path / "out")


def test_malformed_line_reported_with_file_and_line_and_skipped(
    ndjson_run: tuple[Path, object], population: Path, tmp_path: Path
) -> None:
    src = tmp_path / "ndjson"
    shutil.copytree(population / "fhir-ndjson", src)
    target = src / "Condition.000.ndjson"
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(9, '{"resourceType": "Condition", "id": "broken", "code": {\n')  # becomes line 10
    target.write_text("".join(lines), encoding="utf-8")
    log = tmp_path / "log.jsonl"
    from legdx.screen.progress import Reporter

    rep = Reporter(quiet=True, log_json=log)
    result = run(ScreenOptions(input=src, out=tmp_path / "out"), rep)
    rep.close()
    assert result.bad_lines == 1
    run_json = json.loads((tmp_path / "out" / "run.json").read_text())
    assert run_json["bad_lines"][0].startswith(f"{target}:10: not valid JSON")
    warnings = [json.loads(x) for x in log.read_text().splitlines() if '"warning"' in x]
    assert any(f"{target}:10:" in w["message"] for w in warnings)
    _assert_same(ndjson_run[0], tmp_path / "out")  # nothing else lost


def test_resume_after_an_interrupted_run(
    ndjson_run: tuple[Path, object], population: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    opts = dict(input=population / "fhir-parquet", out=out, batch_size=500)
    with pytest.raises(KeyboardInterrupt):
        run(ScreenOptions(**opts, stop_after_batches=2))  # type: ignore[arg-type]
    state = json.loads((out / "_work" / "state.json").read_text())
    assert len(state["batches"]) == 2 and state["features"]
    result = run(ScreenOptions(**opts, resume=True))  # type: ignore[arg-type]
    assert result.resumed
    _assert_same(ndjson_run[0], out)
    # a resume with changed options starts over (and still gives the same answer)
    again = run(ScreenOptions(input=population / "fhir-parquet", out=out, batch_size=700, resume=True))
    assert not again.resumed


def test_scoring_by_classes_equals_the_engine_row_by_row(population: Path, tmp_path: Path) -> None:
    """The class collapsing of numeric variables is exact: compare with batch.score on every patient."""
    from legdx.engine import batch
    from legdx.engine.compiled import default_compiled
    from legdx.screen.score import columns_from_arrow

    out = tmp_path / "out"
    _run(population / "fhir-parquet", out, keep_work=True)
    cols = columns_from_arrow(pq.read_table(out / "_work" / "features.parquet"))
    ck = default_compiled()
    mapping, _ = load_mapping(None)
    n = len(cols["pid"])
    states = np.zeros((n, len(ck.finding_ids)), np.int8)
    for concept, fid in mapping.finding_columns.items():
        states[:, ck.find_index[fid]] = np.nan_to_num(cols[concept]).astype(np.int8)
    states[:, ck.find_index["leg_symptoms_with_walking"]] = np.nan_to_num(cols["leg_symptoms_with_walking"])
    variables = {k: cols[k] for k in ("age", "abi_lowest", "abi_highest")}
    res = batch.score(batch.Batch(states, variables, "general_population"), ck)
    p = dict(
        zip(
            cols["pid"].tolist(),
            res.probabilities[:, ck.cond_index["peripheral_artery_disease"]].tolist(),
            strict=True,
        )
    )
    rows = pq.read_table(out / "worklist.parquet", columns=["patient_id", "probability"]).to_pylist()
    assert max(abs(r["probability"] - p[r["patient_id"]]) for r in rows) <= 1e-12


def test_config_errors_name_the_problem(tmp_path: Path) -> None:
    from legdx.knowledge.loader import default_kb

    mapping, _ = load_mapping(None)
    bad = tmp_path / "rules.yaml"
    bad.write_text(
        "rules:\n  - {id: x, priority: 1, title: t, when: {all: [no_such_thing]}, action: a,\n"
        "     source: nobody2099, grade: published, evidence: [{var: nope}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScreenConfigError) as exc:
        load_rules(bad, mapping, default_kb())
    text = str(exc.value)
    assert "unknown name 'no_such_thing'" in text and "nobody2099" in text and "'nope'" in text
    bad.write_text("rules: []\nunknown_key: 1\n", encoding="utf-8")
    with pytest.raises(ScreenConfigError, match="unknown_key"):
        load_rules(bad, mapping, default_kb())


def test_detect_says_what_it_found(tmp_path: Path) -> None:
    with pytest.raises(InputFormatError, match="nothing to screen"):
        detect(tmp_path)
    (tmp_path / "Observation.ndjson").write_text(
        '{"resourceType":"Observation","id":"1"}\n', encoding="utf-8"
    )
    with pytest.raises(InputFormatError, match="without Patient"):
        detect(tmp_path)


def test_code_mapping_cases() -> None:
    from legdx.knowledge.loader import default_kb
    from legdx.screen.codes import Classifier, Key

    mapping, _ = load_mapping(None)
    clf = Classifier(mapping, default_kb().findings)

    def c(
        rtype: str,
        system: str,
        code: str,
        display: str = "",
        status: str = "",
        flag: str = "",
        site: str = "",
    ) -> object:
        return clf.classify(Key(rtype, system, code, display, status, flag, site))

    icd = "http://hl7.org/fhir/sid/icd-10-cm"
    assert c("Condition", icd, "E11.9", status="active|confirmed").concepts == [("diabetes", 1)]  # type: ignore
    assert c("Condition", icd, "E119", status="active|").concepts == [("diabetes", 1)]  # type: ignore
    assert c("Condition", icd, "E11.9", status="active|refuted").disposition == "status"  # type: ignore
    assert c("Condition", icd, "F17.210", status="resolved|").concepts == [("smoking_history", 1)]  # type: ignore
    assert c("Condition", icd, "L97.509", status="resolved|").disposition == "status"  # type: ignore
    snomed = "http://snomed.info/sct"
    assert c("Observation.value", snomed, "266919005").concepts == [("smoking_history", -1)]  # type: ignore
    assert c("Observation", snomed, "446841001", status="entered-in-error").disposition == "status"  # type: ignore
    assert c("MedicationRequest", "", "", "atorvastatin 40 mg tablet", "active").concepts == [("statin", 1)]  # type: ignore
    assert c("MedicationRequest", "", "", "atorvastatin 40 mg tablet", "stopped").disposition == "status"  # type: ignore
    assert c("Observation", "http://loinc.org", "8480-6", site="right great toe").concepts == [
        ("tbi_on_record", 1)
    ]  # type: ignore
    assert c("Observation", "http://loinc.org", "8480-6", site="right arm").disposition == "known_unused"  # type: ignore
    assert c(
        "Observation", "urn:legdx:finding", "leg_symptoms_with_walking", flag="false", status="final"
    ).concepts == [("leg_symptoms_with_walking", -1)]  # type: ignore
    unknown = c("Observation", "http://loinc.org", "2093-3")
    assert unknown.disposition == "unknown" and unknown.reason == "unknown code"  # type: ignore


def test_cli_synth_and_screen(tmp_path: Path) -> None:
    import typer
    from typer.testing import CliRunner

    from legdx.screen.cli import register

    app = typer.Typer()
    register(app)
    runner = CliRunner()
    res = runner.invoke(
        app,
        [
            "synth",
            "--patients",
            "300",
            "--out",
            str(tmp_path / "pop"),
            "--format",
            "ndjson",
            "--seed",
            "3",
            "--quiet",
        ],
    )
    assert res.exit_code == 0, res.output
    log = tmp_path / "run.jsonl"
    res = runner.invoke(
        app,
        [
            "screen",
            str(tmp_path / "pop" / "fhir-ndjson"),
            "--out",
            str(tmp_path / "out"),
            "--log-json",
            str(log),
            "--truth",
            str(tmp_path / "pop" / "ground_truth.parquet"),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "abi_referral" in res.output and "precision" in res.output
    events = [json.loads(x) for x in log.read_text().splitlines()]
    assert events[-1]["event"] == "summary" and events[-1]["patients"] == 300
    assert any(e["event"] == "stage_end" and e["stage"] == "scoring" for e in events)
    res = runner.invoke(app, ["screen", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o2")])
    assert res.exit_code == 2 and "no such file" in res.output
    res = runner.invoke(
        app, ["screen", str(tmp_path / "pop"), "--out", str(tmp_path / "o3"), "--engine", "x"]
    )
    assert res.exit_code == 2
