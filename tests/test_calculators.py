"""Calculators: ABI/TBI/exercise, WIfI, Pedowitz, instruments (Konno, Wells, Sugioka, SSHQ, ECQ), staging,
and the measure()/score_instruments() entry points. Arithmetic is checked by hand in the comments."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import legdx.knowledge as knowledge_pkg
from legdx.calculators import (
    EcqAnswers,
    StagingInputs,
    edinburgh,
    measure,
    score_instrument,
    score_instruments,
    stage,
)
from legdx.calculators import abi as abi_mod
from legdx.calculators import pedowitz as pedowitz_mod
from legdx.calculators import wifi as wifi_mod
from legdx.calculators.ecq import classify
from legdx.errors import InputError
from legdx.knowledge import rules
from legdx.knowledge.loader import COMPUTED_VARIABLES, KnowledgeBaseError, default_kb, load_yaml
from legdx.knowledge.schema import FindingDef, InstrumentDef, MeasurementDef, Source, Threshold

DATA = Path(knowledge_pkg.__file__).parent / "data"
CALC_SRC = Path(__file__).parents[1] / "src" / "legdx" / "calculators"


def _strict(name: str, model: Any) -> dict[str, Any]:
    raw = load_yaml((DATA / name).read_text(encoding="utf-8"), name)
    return {k: model.model_validate({**v, "id": k}) for k, v in raw.items()}


def _lenient(paths: list[Path], model: Any) -> dict[str, Any]:
    """Other people's files may be mid-edit: keep the entries that validate."""
    out: dict[str, Any] = {}
    for p in paths:
        raw = load_yaml(p.read_text(encoding="utf-8"), p.name) or {}
        for k, v in raw.items():
            try:
                out[k] = model.model_validate({**v, "id": k})
            except Exception:  # noqa: BLE001 - not this module's file
                continue
    return out


def partial_kb() -> SimpleNamespace:
    """The calculator files, strictly, plus every finding that validates."""
    return SimpleNamespace(
        thresholds=_strict("thresholds.yaml", Threshold),
        measurements=_strict("measurements.yaml", MeasurementDef),
        instruments=_strict("instruments.yaml", InstrumentDef),
        findings=_lenient(sorted((DATA / "findings").glob("*.yaml")), FindingDef),
        sources=_lenient(sorted((DATA / "sources").glob("*.yaml")), Source),
    )


def _kb() -> Any:
    try:
        return default_kb()
    except KnowledgeBaseError:
        return partial_kb()


KB = _kb()


def m(**kw: float) -> dict[str, float]:
    return dict(kw)


EXAMPLE = m(brachial_right=142, brachial_left=138, dp_right=120, pt_right=126, dp_left=88, pt_left=92)


def run_abi(values: dict[str, float]) -> Any:
    return abi_mod.abi(values, KB)


# --------------------------------------------------------------------------------------------------------
# Data files


def test_data_files_validate_and_cite_known_sources() -> None:
    kb = partial_kb()
    assert {
        "brachial_right",
        "dp_left",
        "toe_left",
        "tcpo2",
        "ck",
        "bmi",
        "compartment_pressure_5min",
    } <= set(kb.measurements)
    assert set(kb.instruments) >= {"konno", "wells", "sugioka", "sshq", "ecq"}
    sources = set(kb.sources)
    cited = [t.source for t in kb.thresholds.values()]
    for ins in kb.instruments.values():
        cited += [ins.source] + [t.source for t in ins.thresholds]
    assert not [s for s in cited if s not in sources]


def test_aliases_are_unique() -> None:
    names: dict[str, str] = {}
    for mid, mdef in partial_kb().measurements.items():
        for name in [mid, *mdef.aliases]:
            assert name not in names, f"{name} used by {mid} and {names[name]}"
            names[name] = mid


def test_instrument_rules_reference_known_findings_and_variables() -> None:
    kb = partial_kb()
    variables = set(kb.measurements) | {i.variable for i in kb.instruments.values()} | COMPUTED_VARIABLES
    problems = []
    for ins in kb.instruments.values():
        for item in ins.items:
            problems += rules.check(
                item.when,
                findings=set(kb.findings),
                conditions=set(),
                levels=(),
                variables=variables,
                where=f"{ins.id}.{item.id}",
            )
    for fid in (
        "sshq_q4",
        "sshq_q6",
        "ecq_q1_pain_on_walking",
        "ecq_q5_gone_within_10_min",
        "konno_abi_at_least_0_9",
    ):
        problems += rules.check(
            kb.findings[fid].derive,
            findings=set(kb.findings),
            conditions=set(),
            levels=(),
            variables=variables,
            where=fid,
        )
    assert problems == []


def test_python_uses_only_threshold_ids_that_exist() -> None:
    ids: set[str] = set()
    for path in CALC_SRC.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        ids |= set(re.findall(r"""th(?:\.get|\.unverified)?\(\s*f?["']([a-z0-9_]+)["']\s*\)""", text))
        ids |= set(re.findall(r"""\(\s*"[a-z0-9_]+",\s*"(pedowitz_[a-z0-9]+)",""", text))
    ids |= {f"rutherford_category_{i}" for i in range(7)}
    assert ids, "the pattern found no threshold ids"
    assert sorted(ids - set(KB.thresholds)) == []


def test_staging_reads_existing_findings() -> None:
    from legdx.calculators import staging

    fids = set(partial_kb().findings)
    for rule in (staging.CLAUDICATION_RULE, staging.REST_PAIN_RULE, staging.TISSUE_LOSS_RULE):
        assert rules.referenced_findings(rule) <= fids


# --------------------------------------------------------------------------------------------------------
# ABI


def test_abi_worked_example() -> None:
    out = run_abi(EXAMPLE)
    r = out.calculation.result
    # right: max(120, 126) / max(142, 138) = 126/142 = 0.887 -> 0.89, abnormal (<= 0.90)
    assert 126 / 142 == pytest.approx(0.887, abs=1e-3)
    assert r["right"]["abi"] == 0.89 and r["right"]["category"] == "abnormal"
    assert r["right"]["artery"] == "pt" and r["brachial_used"] == 142 and r["brachial_arm"] == "right"
    # left: max(88, 92) / 142 = 0.648 -> 0.65, abnormal, moderate (0.40-0.69)
    assert 92 / 142 == pytest.approx(0.648, abs=1e-3)
    assert r["left"]["abi"] == 0.65 and r["left"]["category"] == "abnormal"
    assert r["right"]["severity"] == "mild" and r["left"]["severity"] == "moderate"
    assert r["left"]["severity_unverified"] is True
    v = out.variables
    assert v["abi_right"] == 0.89 and v["abi_left"] == 0.65
    assert v["abi_lowest"] == 0.65 and v["abi_highest"] == 0.89
    assert v["inter_arm_difference"] == 4 and v["ankle_pressure_lowest"] == 92
    assert out.calculation.complete and out.calculation.unverified  # severity bands are NRV
    assert "tbi" not in r["right"] and r["tbi"] is None


@pytest.mark.parametrize(
    ("ankle", "abi", "category"),
    [
        (40, 0.40, "abnormal"),
        (90, 0.90, "abnormal"),
        (90.4, 0.90, "abnormal"),  # 0.904 rounds to 0.90
        (90.5, 0.91, "borderline"),  # 0.905 rounds half up to 0.91
        (91, 0.91, "borderline"),
        (99, 0.99, "borderline"),
        (99.5, 1.00, "normal"),
        (100, 1.00, "normal"),
        (140, 1.40, "normal"),
        (140.4, 1.40, "normal"),
        (141, 1.41, "noncompressible"),
    ],
)
def test_abi_category_boundaries(ankle: float, abi: float, category: str) -> None:
    r = run_abi(m(brachial_right=100, brachial_left=100, dp_right=ankle, pt_right=ankle)).calculation.result
    assert r["right"]["abi"] == abi
    assert r["right"]["category"] == category


@pytest.mark.parametrize(
    ("ankle", "severity"),
    [(90, "mild"), (70, "mild"), (69, "moderate"), (40, "moderate"), (39, "severe"), (0, "severe")],
)
def test_abi_severity_bands(ankle: float, severity: str) -> None:
    r = run_abi(m(brachial_right=100, dp_right=ankle, pt_right=ankle)).calculation.result
    assert r["right"]["severity"] == severity


def test_no_doppler_signal_in_both_ankle_arteries() -> None:
    out = run_abi(m(brachial_right=130, brachial_left=128, dp_right=0, pt_right=0, dp_left=110, pt_left=0))
    right, left = out.calculation.result["right"], out.calculation.result["left"]
    assert right["abi"] == 0.0 and right["category"] == "abnormal" and right["severity"] == "severe"
    assert right["no_doppler_signal"] == ["dp", "pt"]
    assert any("no Doppler signal" in n for n in right["notes"])
    assert any("no Doppler signal" in line for line in out.calculation.interpretation)
    # left: PT silent, DP 110 carries the ABI: 110/130 = 0.846 -> 0.85
    assert left["abi"] == 0.85 and left["artery"] == "dp" and left["no_doppler_signal"] == ["pt"]
    assert out.variables["abi_lowest"] == 0.0


def test_missing_leg_is_absent_with_a_note() -> None:
    out = run_abi(m(brachial_right=140, brachial_left=136, dp_right=130, pt_right=150))
    r = out.calculation.result
    assert r["right"]["abi"] == pytest.approx(1.07)  # 150/140 = 1.071
    assert r["left"]["measured"] is False and r["left"]["abi"] is None and r["left"]["category"] is None
    assert any("no ankle pressure" in n for n in r["left"]["notes"])
    assert "abi_left" not in out.variables and out.variables["abi_lowest"] == 1.07
    assert not out.calculation.complete
    assert any(w.code == "abi_leg_missing" and w.where == "measurements.dp_left" for w in out.warnings)


def test_one_ankle_artery_and_one_arm() -> None:
    out = run_abi(m(brachial_left=120, dp_right=100))
    r = out.calculation.result
    assert r["right"]["abi"] == 0.83  # 100/120 = 0.833
    assert any("only the dorsalis pedis" in n for n in r["right"]["notes"])
    assert any(w.code == "abi_one_arm" for w in out.warnings)


def test_no_brachial_pressure() -> None:
    out = run_abi(m(dp_right=100, pt_right=110, toe_right=50))
    assert out.calculation.result["right"]["abi"] is None
    assert out.variables == {"ankle_pressure_lowest": 110, "toe_pressure_lowest": 50}
    assert any(w.code == "abi_no_brachial" for w in out.warnings)
    assert not out.calculation.complete


def test_tbi_and_toe_pressure() -> None:
    out = run_abi({**EXAMPLE, "toe_right": 60, "toe_left": 25})
    r = out.calculation.result
    # TBI = toe / higher brachial: 60/142 = 0.423 -> 0.42 abnormal; 25/142 = 0.176 -> 0.18
    assert r["right"]["tbi"] == 0.42 and r["right"]["tbi_category"] == "abnormal"
    assert r["left"]["tbi"] == 0.18
    assert r["tbi"] == {"right": 0.42, "left": 0.18}
    assert r["left"]["toe_pressure_clti_marker"] is True  # 25 < 30 mmHg
    assert "toe_pressure_clti_marker" not in r["right"]
    assert out.variables["tbi_lowest"] == 0.18 and out.variables["toe_pressure_lowest"] == 25
    normal = run_abi(m(brachial_right=100, dp_right=110, toe_right=71)).calculation.result["right"]
    assert normal["tbi"] == 0.71 and normal["tbi_category"] == "normal"
    edge = run_abi(m(brachial_right=100, dp_right=110, toe_right=70)).calculation.result["right"]
    assert edge["tbi_category"] == "abnormal"  # TBI <= 0.70


def test_noncompressible_without_toe_pressure_warns() -> None:
    out = run_abi(m(brachial_right=120, dp_right=200, pt_right=210))
    assert out.calculation.result["right"]["category"] == "noncompressible"
    assert any(w.code == "abi_noncompressible" for w in out.warnings)
    assert any("toe pressure" in line for line in out.calculation.interpretation)


def test_exercise_with_a_resting_abi_that_underflows_to_zero() -> None:
    """A tiny positive resting ankle pressure (5e-324 mmHg) gives a resting ABI of 0.0 as a float: the ABI
    fall is not computed (it used to divide by zero); the ankle-pressure fall still is."""
    out = run_abi({"brachial_right": 300.0, "dp_right": 5e-324, "post_exercise_ankle_right": 0.0})
    ex = out.calculation.result["right"]["exercise"]
    assert ex["abi_drop_fraction"] is None and ex["abi_drop_percent"] is None
    assert ex["ankle_drop_mmhg"] == 5e-324 and ex["ankle_drop_criterion_met"] is False


def test_exercise_criteria() -> None:
    out = run_abi(
        {
            **EXAMPLE,
            "post_exercise_ankle_right": 90,
            "post_exercise_ankle_left": 70,
            "post_exercise_brachial": 160,
        }
    )
    right = out.calculation.result["right"]["exercise"]
    # rest ABI 126/142 = 0.8873, post ABI 90/160 = 0.5625, fall (0.8873-0.5625)/0.8873 = 36.6 %
    assert right["post_exercise_abi"] == 0.56
    assert right["abi_drop_percent"] == pytest.approx(36.6, abs=0.05)
    assert right["ankle_drop_mmhg"] == 36 and right["ankle_drop_criterion_met"] is True
    assert right["criteria_met"] is True
    left = out.calculation.result["left"]["exercise"]
    # rest ABI 92/142 = 0.6479, post 70/160 = 0.4375: fall 32.5 %; ankle fall 22 mmHg (not > 30)
    assert left["abi_drop_criterion_met"] is True and left["ankle_drop_criterion_met"] is False
    assert any("Caution" in line for line in out.calculation.interpretation)  # young-adult caveat
    assert out.variables["exercise_ankle_drop_mmhg_max"] == 36
    assert out.variables["exercise_abi_drop_fraction_max"] == pytest.approx(
        (126 / 142 - 90 / 160) / (126 / 142)
    )
    assert not any(w.code == "exercise_resting_brachial_used" for w in out.warnings)


def test_exercise_criteria_are_strict_inequalities() -> None:
    # rest 100/100 = 1.00; post 80 -> fall exactly 20 % (not > 20 %), ankle fall 20 mmHg
    ex = run_abi(m(brachial_right=100, dp_right=100, post_exercise_ankle_right=80)).calculation.result[
        "right"
    ]["exercise"]
    assert ex["abi_drop_fraction"] == pytest.approx(0.20)
    assert ex["criteria_met"] is False
    # rest 150/150; post 120 -> ankle fall exactly 30 mmHg (not > 30) and ABI fall exactly 20 %
    ex = run_abi(m(brachial_right=150, dp_right=150, post_exercise_ankle_right=120)).calculation.result[
        "right"
    ]["exercise"]
    assert ex["ankle_drop_criterion_met"] is False and ex["abi_drop_criterion_met"] is False
    # one more mmHg meets both
    ex = run_abi(m(brachial_right=150, dp_right=150, post_exercise_ankle_right=119)).calculation.result[
        "right"
    ]["exercise"]
    assert ex["ankle_drop_criterion_met"] is True and ex["abi_drop_criterion_met"] is True


def test_exercise_without_post_brachial_uses_resting_and_warns_once() -> None:
    out = run_abi({**EXAMPLE, "post_exercise_ankle_right": 90, "post_exercise_ankle_left": 80})
    assert sum(w.code == "exercise_resting_brachial_used" for w in out.warnings) == 1
    # same denominator: fall = (126 - 90)/126 = 28.6 %
    assert out.calculation.result["right"]["exercise"]["abi_drop_percent"] == 28.6


def test_exercise_without_resting_pressure() -> None:
    out = run_abi(m(brachial_right=120, post_exercise_ankle_left=60, dp_right=110))
    assert out.calculation.result["left"]["exercise"]["criteria_met"] is None
    assert any(w.code == "exercise_without_rest" for w in out.warnings)


@pytest.mark.parametrize(
    ("right", "left", "warned", "risk_line"),
    [
        (160, 140, True, False),  # 20 mmHg > 15
        (156, 140, True, False),  # 16
        (155, 140, False, True),  # 15: not above 15, but >= 10
        (150, 140, False, True),  # 10
        (149, 140, False, False),  # 9
    ],
)
def test_inter_arm_difference(right: float, left: float, warned: bool, risk_line: bool) -> None:
    out = run_abi(m(brachial_right=right, brachial_left=left, dp_right=120))
    assert out.variables["inter_arm_difference"] == abs(right - left)
    assert any(w.code == "inter_arm_difference" for w in out.warnings) is warned
    assert any("cardiovascular risk" in line for line in out.calculation.interpretation) is risk_line
    if warned:
        assert out.calculation.unverified  # the 15-20 mmHg cut-off is NRV
        assert any("unverified" in line for line in out.calculation.interpretation)


@settings(max_examples=200, deadline=None)
@given(st.integers(20, 300), st.integers(20, 300), st.integers(0, 350), st.integers(0, 350))
def test_abi_properties(br: int, bl: int, dp: int, pt: int) -> None:
    out = run_abi(m(brachial_right=br, brachial_left=bl, dp_right=dp, pt_right=pt, dp_left=pt, pt_left=dp))
    r = out.calculation.result
    expected = round(max(dp, pt) / max(br, bl) + 1e-12, 2)
    assert r["right"]["abi"] == pytest.approx(expected, abs=0.011)
    assert r["right"]["abi"] == r["left"]["abi"]
    a = r["right"]["abi"]
    cat = r["right"]["category"]
    assert cat == (
        "abnormal"
        if a <= 0.90
        else "borderline"
        if a < 1.00
        else "normal"
        if a <= 1.40
        else "noncompressible"
    )
    assert out.variables["abi_lowest"] <= out.variables["abi_highest"]


# --------------------------------------------------------------------------------------------------------
# measure()


def test_measure_runs_calculators_and_passes_lab_values() -> None:
    variables, calcs, warnings = measure({**EXAMPLE, "ck": 12000, "toe_right": 60}, KB)
    assert variables["ck"] == 12000 and variables["abi_lowest"] == 0.65
    assert [c.id for c in calcs][0] == "abi"
    assert "wifi_ischemia" in [c.id for c in calcs]


def test_measure_accepts_aliases() -> None:
    variables, _, _ = measure({"ankle_dp_right": 120, "Right-Brachial": 140, "CPK": 300}, KB)
    assert variables["dp_right"] == 120 and variables["brachial_right"] == 140 and variables["ck"] == 300


def test_measure_without_ankle_pressures_runs_no_abi() -> None:
    variables, calcs, warnings = measure({"brachial_right": 130, "potassium": 3.1}, KB)
    assert calcs == [] and warnings == [] and variables == {"brachial_right": 130, "potassium": 3.1}


def test_impossible_values_are_refused_together_with_field_range_and_unit() -> None:
    with pytest.raises(InputError) as exc:
        measure({"brachial_right": 900, "dp_right": -5, "pt_right": 120}, KB)
    problems = dict(exc.value.problems)
    assert set(problems) == {"measurements.brachial_right", "measurements.dp_right"}
    assert "900 mmHg" in problems["measurements.brachial_right"]
    assert "0 to 300 mmHg" in problems["measurements.brachial_right"]
    assert (
        "-5 mmHg" in problems["measurements.dp_right"]
        and "0 to 350 mmHg" in problems["measurements.dp_right"]
    )
    assert "measurements.brachial_right" in str(exc.value)


def test_unknown_measurement_names_the_field_and_close_matches() -> None:
    with pytest.raises(InputError) as exc:
        measure({"brachial_rigth": 140, "potasium": 4.0}, KB)
    problems = dict(exc.value.problems)
    assert "brachial_right" in problems["measurements.brachial_rigth"]
    assert "potassium" in problems["measurements.potasium"]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), True, "120"])
def test_non_numbers_are_refused(value: Any) -> None:
    with pytest.raises(InputError) as exc:
        measure({"dp_right": value}, KB)
    assert exc.value.where == "measurements.dp_right"


def test_same_measurement_twice_is_refused() -> None:
    with pytest.raises(InputError, match="twice"):
        measure({"dp_right": 100, "ankle_dp_right": 100}, KB)


# --------------------------------------------------------------------------------------------------------
# WIfI and Pedowitz


@pytest.mark.parametrize(("ankle", "grade"), [(49, 3), (50, 2), (70, 2), (71, 1), (100, 1), (101, 0)])
def test_wifi_ankle_grades(ankle: float, grade: int) -> None:
    th = abi_mod.Thresholds(KB)
    assert wifi_mod.grade_ankle(ankle, th) == grade


@pytest.mark.parametrize(("toe", "grade"), [(0, 3), (29, 3), (30, 2), (39, 2), (40, 1), (59, 1), (60, 0)])
def test_wifi_toe_grades(toe: float, grade: int) -> None:
    assert wifi_mod.grade_toe(toe, abi_mod.Thresholds(KB)) == grade


@pytest.mark.parametrize(("abi", "grade"), [(0.39, 3), (0.40, 2), (0.59, 2), (0.60, 1), (0.79, 1), (0.80, 0)])
def test_wifi_abi_grades(abi: float, grade: int) -> None:
    assert wifi_mod.grade_abi(abi, abi_mod.Thresholds(KB)) == grade


def test_wifi_per_leg_worst_and_noncompressible() -> None:
    out = wifi_mod.wifi_ischemia(m(brachial_right=120, dp_right=200, toe_right=35, dp_left=80, tcpo2=65), KB)
    assert out is not None
    r = out.calculation.result
    assert r["right"]["by"] == {"toe_pressure": 2} and r["right"]["note"]  # ABI 1.67 noncompressible
    # left: ABI 80/120 = 0.67 -> 1; ankle 80 -> 1
    assert r["left"]["grade"] == 1
    assert r["tcpo2"]["grade"] == 0 and r["grade"] == 2
    assert wifi_mod.wifi_ischemia(m(brachial_right=120), KB) is None


def test_wifi_grade_zero_is_unverified() -> None:
    out = wifi_mod.wifi_ischemia(m(brachial_right=120, dp_right=130, dp_left=125), KB)
    assert out is not None and out.calculation.result["grade"] == 0
    assert out.calculation.unverified and out.calculation.result["grade_unverified"]


@pytest.mark.parametrize(
    ("values", "met"),
    [
        ({"compartment_pressure_rest": 15}, True),
        ({"compartment_pressure_1min": 30}, True),
        ({"compartment_pressure_5min": 20}, True),
        (
            {
                "compartment_pressure_rest": 14,
                "compartment_pressure_1min": 29,
                "compartment_pressure_5min": 19,
            },
            False,
        ),
        ({"compartment_pressure_rest": 14}, None),
    ],
)
def test_pedowitz(values: dict[str, float], met: bool | None) -> None:
    out = pedowitz_mod.pedowitz(values, KB)
    assert out is not None
    assert out.calculation.result["criteria_met"] is met
    assert out.calculation.complete is (met is not None)


def test_pedowitz_through_measure() -> None:
    _, calcs, _ = measure({"compartment_pressure_1min": 35}, KB)
    assert [c.id for c in calcs] == ["pedowitz"] and calcs[0].source == "pedowitz1990"


# --------------------------------------------------------------------------------------------------------
# Generic instrument scorer


def score(
    name: str,
    findings: dict[str, bool] | None = None,
    variables: dict[str, float] | None = None,
    answers: dict[str, bool] | None = None,
) -> Any:
    return score_instrument(KB.instruments[name], findings or {}, variables or {}, KB, answers=answers)


WELLS_ITEMS = [
    "wells_active_cancer",
    "wells_paralysis_or_cast",
    "wells_bedridden_or_surgery",
    "deep_vein_tenderness",
    "wells_entire_leg_swollen",
    "unilateral_calf_swelling",
    "pitting_edema_one_leg",
    "wells_collateral_veins",
    "previous_dvt",
]


def wells_case(yes: set[str], alternative: bool) -> dict[str, bool]:
    f = {fid: fid in yes for fid in WELLS_ITEMS}
    f["wells_alternative_diagnosis"] = alternative
    return f


@pytest.mark.parametrize(
    ("yes", "alternative", "total", "likely"),
    [
        (set(), False, 0, False),
        ({"previous_dvt"}, False, 1, False),
        ({"previous_dvt", "unilateral_calf_swelling"}, False, 2, True),
        ({"previous_dvt", "unilateral_calf_swelling"}, True, 0, False),
        (
            {
                "wells_active_cancer",
                "deep_vein_tenderness",
                "pitting_edema_one_leg",
                "wells_entire_leg_swollen",
            },
            True,
            2,
            True,
        ),
        (set(WELLS_ITEMS), False, 9, True),
    ],
)
def test_wells(yes: set[str], alternative: bool, total: int, likely: bool) -> None:
    sc = score("wells", wells_case(yes, alternative))
    assert sc.complete and sc.total == total
    assert sc.verdicts[0].met is likely
    variables, calcs = score_instruments(wells_case(yes, alternative), {}, KB)
    assert variables["wells_score"] == total


def test_wells_partial_range_decides_without_exposing_the_total() -> None:
    f = {
        "wells_active_cancer": True,
        "deep_vein_tenderness": True,
        "pitting_edema_one_leg": True,
        "wells_entire_leg_swollen": True,
    }
    sc = score("wells", f)
    # 4 known points; the -2 alternative-diagnosis item and 5 other items unknown: 2..9
    assert (sc.low, sc.high) == (2, 9) and not sc.complete and sc.total is None
    assert sc.verdicts[0].met is True
    calc = sc.calculation()
    assert calc.complete is False and calc.result["total"] is None and calc.result["range"] == [2, 9]
    assert "wells_alternative_diagnosis" in calc.result["missing"]
    variables, calcs = score_instruments(f, {}, KB)
    assert "wells_score" not in variables and "wells" in [c.id for c in calcs]


def test_konno_partial_answers_give_a_range_and_the_missing_items() -> None:
    f = {
        "neurogenic_claudication_history": True,
        "worse_on_standing_up": True,
        "improves_bending_forward": True,
    }
    sc = score("konno", f, {"age": 72})
    # known: age > 70 (2) + IC (3) + standing (2) + forward (3) = 10; unknown: no diabetes +1,
    # forward-induced -1, backward-induced +1, circulation +3, Achilles +1, SLR -2; age 60-70 known false
    # -> 10 - 1 - 2 = 7 .. 10 + 1 + 1 + 3 + 1 = 16
    assert (sc.low, sc.high) == (7, 16)
    assert sc.verdicts[0].met is True and not sc.complete
    calc = sc.calculation()
    assert set(calc.result["missing"]) == {
        "konno_no_diabetes",
        "konno_induced_forward_bending",
        "konno_induced_backward_bending",
        "konno_good_peripheral_circulation",
        "konno_abnormal_achilles_reflex",
        "konno_slr_positive",
    }
    assert {"diabetes", "pedal_pulses_normal", "abi_lowest"} <= set(calc.result["unknown_inputs"])
    assert calc.unverified  # the weights are NRV
    assert any("between 7 and 16" in line for line in calc.interpretation)
    undecided = score("konno", {"neurogenic_claudication_history": True}, {"age": 65})
    assert undecided.verdicts[0].met is None


KONNO_FULL = {
    "diabetes": False,
    "neurogenic_claudication_history": True,
    "worse_on_standing_up": True,
    "improves_bending_forward": True,
    "symptoms_induced_bending_forward": False,
    "symptoms_induced_bending_backward": True,
    "absent_achilles_reflex": True,
    "straight_leg_raise_positive": False,
}


@pytest.mark.parametrize(
    ("variables", "pulses", "circulation"),
    [
        ({"abi_lowest": 1.05}, None, True),
        ({"abi_lowest": 0.90}, None, True),  # Konno: ABI >= 0.9
        ({"abi_lowest": 0.6}, True, False),  # a measured low ABI outweighs palpable pulses
        ({}, True, True),
        ({}, False, False),
        ({}, None, None),
    ],
)
def test_konno_good_circulation(
    variables: dict[str, float], pulses: bool | None, circulation: bool | None
) -> None:
    f = dict(KONNO_FULL)
    if pulses is not None:
        f["pedal_pulses_normal"] = pulses
    sc = score("konno", f, {"age": 65, **variables})
    item = next(i for i in sc.items if i.item.id == "konno_good_peripheral_circulation")
    assert item.state is circulation
    if circulation is not None:
        # 1 (age 60-70) + 1 (no diabetes) + 3 + 2 + 3 + 0 + 1 + 1 (Achilles) + 0 = 12, plus 3 for circulation
        assert sc.total == 12 + (3 if circulation else 0)


def test_item_answers_override_rules() -> None:
    sc = score("konno", KONNO_FULL, {"age": 75}, answers={"konno_good_peripheral_circulation": True})
    assert sc.complete and sc.total == 2 + 1 + 3 + 2 + 3 + 1 + 3 + 1
    with pytest.raises(KeyError):
        score("konno", {}, {}, answers={"no_such_item": True})


def test_sugioka_cutoffs() -> None:
    f = {
        "improves_bending_forward": True,
        "improves_bending_backward": False,
        "worse_while_standing": True,
        "neurogenic_claudication_history": True,
        "urinary_disturbance": False,
    }
    sc = score("sugioka", f, {"age": 58, "symptom_duration_weeks": 30})
    # 0 (age) + 1 (> 26 weeks) + 2 + 0 + 2 + 1 + 0 = 6: >= 5 yes, >= 7 (unverified alternative) no
    assert sc.total == 6
    met = {v.threshold.id: v.met for v in sc.verdicts}
    assert met == {"sugioka_lss": True, "sugioka_lss_alternative": False}
    assert sc.calculation().unverified


def sshq_rule(answers: tuple[bool, ...]) -> bool:
    """facts.md 3.2, read literally: all of Q1-Q4, or > 1 of Q1-Q4 and > 2 of Q5-Q10."""
    core, other = sum(answers[:4]), sum(answers[4:])
    return core == 4 or (core > 1 and other > 2)


def test_sshq_matches_the_decision_rule_on_every_answer_pattern() -> None:
    ins = KB.instruments["sshq"]
    for answers in itertools.product((False, True), repeat=10):
        f = {f"sshq_q{i + 1}": a for i, a in enumerate(answers)}
        sc = score_instrument(ins, f, {}, None)
        assert sc.complete and sc.total in (0, 1)
        assert (sc.total == 1) is sshq_rule(answers), answers


def test_sshq_derives_items_from_general_findings_and_decides_early() -> None:
    f = {"sshq_q1": True, "sshq_q2": True, "sshq_q3": True, "improves_bending_forward": True}
    sc = score("sshq", f)
    assert sc.complete and sc.total == 1  # arm 1 met; arm 2 excluded
    sc = score("sshq", {"sshq_q1": True, "sshq_q2": False, "sshq_q3": False, "sshq_q4": False})
    assert sc.complete and sc.total == 0
    sc = score(
        "sshq", {"sshq_q1": True, "sshq_q2": True, "sshq_q3": False, "sshq_q4": False, "sshq_q5": True}
    )
    assert not sc.complete and sc.verdicts[0].met is None
    assert "sshq_q6" in sc.calculation().result["unknown_inputs"]


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_range_contains_every_completion(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(["konno", "wells", "sugioka"]))
    ins = KB.instruments[name]
    findings = sorted(
        {f for i in ins.items for f in rules.referenced_findings(i.when) if KB.findings[f].derive is None}
    )  # derived ones follow from the variables
    known = data.draw(st.dictionaries(st.sampled_from(findings), st.booleans()))
    age = data.draw(st.sampled_from([None, 45.0, 65.0, 80.0]))
    variables = {} if age is None else {"age": age, "symptom_duration_weeks": 30.0, "abi_lowest": 1.0}
    partial = score_instrument(ins, known, variables, KB)
    fill = data.draw(st.fixed_dictionaries({f: st.booleans() for f in findings}))
    full = score_instrument(
        ins,
        {**fill, **known},
        variables or {"age": 50.0, "symptom_duration_weeks": 1.0, "abi_lowest": 1.0},
        KB,
    )
    if age is not None:
        assert full.complete
        assert partial.low <= full.total <= partial.high  # type: ignore[operator]
        for v_part, v_full in zip(partial.verdicts, full.verdicts, strict=True):
            assert v_part.met is None or v_part.met is v_full.met


# --------------------------------------------------------------------------------------------------------
# ECQ


@pytest.mark.parametrize(
    ("answers", "classification", "positive", "grade"),
    [
        ({"q1": False}, "not_claudication", False, None),
        (
            {"q1": True, "q2": True, "q3": True, "q4": False, "q5": "10_min_or_less", "q6": ["calf"]},
            "not_claudication",
            False,
            None,
        ),
        (
            {"q1": True, "q2": False, "q3": False, "q4": False, "q5": "10_min_or_less", "q6": ["calf"]},
            "not_claudication",
            False,
            None,
        ),
        (
            {"q1": True, "q2": False, "q3": True, "q4": False, "q5": "more_than_10_min", "q6": ["calf"]},
            "not_claudication",
            False,
            None,
        ),
        (
            {"q1": True, "q2": False, "q3": True, "q4": False, "q5": "10_min_or_less", "q6": ["calf"]},
            "definite_claudication",
            True,
            1,
        ),
        (
            {
                "q1": True,
                "q2": False,
                "q3": True,
                "q4": True,
                "q5": "10_min_or_less",
                "q6": ["calf", "thigh"],
            },
            "definite_claudication",
            True,
            2,
        ),
        (
            {"q1": True, "q2": False, "q3": True, "q4": True, "q5": "10_min_or_less", "q6": ["thigh"]},
            "atypical_claudication",
            True,
            2,
        ),
        (
            {
                "q1": True,
                "q2": False,
                "q3": True,
                "q4": False,
                "q5": "10_min_or_less",
                "q6": ["buttocks", "shin"],
            },
            "atypical_claudication",
            True,
            1,
        ),
        (
            {
                "q1": True,
                "q2": False,
                "q3": True,
                "q4": False,
                "q5": "10_min_or_less",
                "q6": ["shin", "foot"],
            },
            "not_claudication",
            True,
            1,
        ),
        (
            {"q1": True, "q2": False, "q3": True, "q4": False, "q5": "10_min_or_less", "q6": ["radiating"]},
            "not_claudication",
            True,
            1,
        ),
        (
            {"q1": True, "q2": False, "q4": False, "q5": "10_min_or_less", "q6": ["calf"]},
            "undetermined",
            None,
            None,
        ),
        (
            {"q1": True, "q2": False, "q3": True, "q5": "10_min_or_less", "q6": ["calf"]},
            "definite_claudication",
            True,
            None,
        ),
        ({"q1": True, "q2": False, "q3": True, "q5": "10_min_or_less"}, "undetermined", True, None),
    ],
)
def test_ecq_rule(
    answers: dict[str, Any], classification: str, positive: bool | None, grade: int | None
) -> None:
    out = edinburgh(answers, KB)
    r = out.calculation.result
    assert r["classification"] == classification
    assert r["positive"] is positive
    assert r["grade"] == grade
    assert out.calculation.source == "leng1992"
    assert any("91.3%" in line and "99.3%" in line for line in out.calculation.interpretation)
    assert out.calculation.complete is (classification != "undetermined" and not (positive and grade is None))


@pytest.mark.parametrize(
    ("answers", "where"),
    [
        ({"q5": "sometimes"}, "answers.q5"),
        ({"q6": ["elbow"]}, "answers.q6"),
        ({"q7": True}, "answers.q7"),
        ({"q1": "perhaps"}, "answers.q1"),
    ],
)
def test_ecq_bad_answers_name_the_field(answers: dict[str, Any], where: str) -> None:
    with pytest.raises(InputError) as exc:
        edinburgh(answers, KB)
    assert exc.value.where == where


def test_ecq_instrument_in_the_knowledge_base_agrees_with_ecq_py() -> None:
    ins = KB.instruments["ecq"]
    sites = ("calf", "thigh", "buttock", "shin")
    for q1, q2, q3, q5 in itertools.product((False, True), repeat=4):
        for n in range(len(sites) + 1):
            for chosen in itertools.combinations(sites, n):
                a = EcqAnswers(
                    q1=q1,
                    q2=q2,
                    q3=q3,
                    q4=False,
                    q5="10_min_or_less" if q5 else "more_than_10_min",
                    q6=list(chosen),
                )
                expected = {"definite_claudication": 2, "atypical_claudication": 1, "not_claudication": 0}[
                    classify(a)["classification"]
                ]
                sc = score_instrument(ins, a.findings(), {}, None)
                assert sc.complete and sc.total == expected, (a, sc.total)


# --------------------------------------------------------------------------------------------------------
# Fontaine and Rutherford


@pytest.mark.parametrize(
    ("inputs", "fontaine", "rutherford"),
    [
        (StagingInputs(claudication=False, rest_pain=False, tissue_loss=False), "I", 0),
        (
            StagingInputs(
                claudication=True,
                rest_pain=False,
                tissue_loss=False,
                claudication_distance_m=100,
                post_exercise_ankle_lowest=40,
            ),
            "IIb",
            3,
        ),
        (
            StagingInputs(claudication=True, rest_pain=False, tissue_loss=False, claudication_distance_m=400),
            "IIa",
            None,
        ),
        (StagingInputs(claudication=True, rest_pain=True, tissue_loss=False), "III", 4),
        (StagingInputs(rest_pain=True, tissue_loss=True), "IV", None),
        (StagingInputs(tissue_loss=True, major_tissue_loss=True), "IV", 6),
        (StagingInputs(tissue_loss=True, major_tissue_loss=False), "IV", 5),
    ],
)
def test_staging(inputs: StagingInputs, fontaine: str, rutherford: int | None) -> None:
    r = stage(inputs, KB).calculation.result
    assert r["fontaine"] == fontaine
    assert r["rutherford"] == rutherford


def test_staging_candidates_and_missing_inputs() -> None:
    r = stage(StagingInputs(claudication=True, rest_pain=False, tissue_loss=False), KB).calculation.result
    assert r["fontaine_candidates"] == ["IIa", "IIb"] and r["rutherford_candidates"] == [1, 2, 3]
    assert "claudication_distance_m" in r["missing"]
    r = stage(StagingInputs(claudication=True), KB).calculation.result
    assert r["fontaine_candidates"] == ["IIa", "IIb", "III", "IV"]
    assert r["rutherford_candidates"] == [1, 2, 3, 4, 5, 6] and r["clti"] is None
    r = stage(
        StagingInputs(claudication=True, rest_pain=False, tissue_loss=False, claudication_distance_m=200), KB
    ).calculation.result
    assert r["fontaine_candidates"] == ["IIa", "IIb"]  # exactly 200 m is on the boundary
    r = stage(
        StagingInputs(claudication=True, rest_pain=False, tissue_loss=False, post_exercise_ankle_lowest=80),
        KB,
    ).calculation.result
    assert r["rutherford_candidates"] == [1, 2]


def test_fontaine_150_m_variant_is_flagged() -> None:
    calc = stage(
        StagingInputs(claudication=True, rest_pain=False, tissue_loss=False, claudication_distance_m=180), KB
    ).calculation
    assert calc.result["fontaine"] == "IIb" and calc.unverified
    assert any("150 m" in line for line in calc.interpretation)


def test_rest_pain_haemodynamic_check() -> None:
    calc = stage(
        StagingInputs(rest_pain=True, tissue_loss=False, ankle_pressure_lowest=90, toe_pressure_lowest=60), KB
    ).calculation
    assert any("are not met" in line for line in calc.interpretation)
    calc = stage(StagingInputs(rest_pain=True, tissue_loss=False, ankle_pressure_lowest=35), KB).calculation
    assert any("are met" in line for line in calc.interpretation) and calc.result["clti"] is True


def test_score_instruments_stages_only_when_pad_is_measured() -> None:
    f = {
        "claudication_history": True,
        "rest_pain_forefoot_night": False,
        "foot_wound_or_sore": False,
        "nonhealing_foot_wound_2_weeks": False,
        "gangrene": False,
        "wet_gangrene": False,
    }
    _, calcs = score_instruments(f, {"abi_lowest": 1.1, "claudication_distance_m": 100}, KB)
    assert "pad_staging" not in [c.id for c in calcs]
    _, calcs = score_instruments(f, {"abi_lowest": 0.7, "claudication_distance_m": 100}, KB)
    staging_calc = next(c for c in calcs if c.id == "pad_staging")
    assert staging_calc.result["fontaine"] == "IIb"


def test_score_instruments_with_nothing_known_reports_nothing() -> None:
    assert score_instruments({}, {}, KB) == ({}, [])


# --------------------------------------------------------------------------------------------------------
# The whole knowledge base, once it loads


def test_with_the_packaged_knowledge_base() -> None:
    try:
        kb = default_kb()
    except KnowledgeBaseError as exc:
        pytest.skip(f"the packaged knowledge base does not load yet ({len(exc.problems)} problems)")
    variables, calcs, _ = measure(EXAMPLE, kb)
    assert variables["abi_lowest"] == 0.65
    inst_vars, _ = score_instruments(
        wells_case({"previous_dvt", "unilateral_calf_swelling"}, False), variables, kb
    )
    assert inst_vars["wells_score"] == 2


# --------------------------------------------------------------------------------------------------
# Partly answered instruments: passed on to the engine only when their range decides every KB cut-off


def test_kb_cuts_on_instrument_variables_are_collected():
    from legdx.engine.compiled import default_compiled

    cuts = default_compiled().instrument_cuts
    assert ("ge", 2.0) in cuts["wells_score"]  # the DVT red flag
    assert ("ge", 7.0) in cuts["konno_score"]  # konno_tool_score_ge_7


def test_range_decides():
    from legdx.calculators import range_decides

    assert range_decides(2, 7, [("ge", 2.0)])
    assert not range_decides(1, 7, [("ge", 2.0)])
    assert range_decides(-2, 1, [("ge", 2.0)])  # never reaches 2
    assert not range_decides(2, 7, [("ge", 2.0), ("ge", 5.0)])  # the second cut is undecided
    assert not range_decides(2, 7, [("eq", 3.0)]) and range_decides(2, 7, [("eq", 9.0)])


def test_partly_answered_wells_that_must_reach_2_raises_the_dvt_flag():
    # four one-point risk items; the leg signs and the "alternative diagnosis" (-2) item unanswered: the
    # lowest possible total is 4 - 2 = 2, so the two-level Wells is "DVT likely" whatever the rest says
    from legdx import assess

    items = ("wells_active_cancer", "wells_paralysis_or_cast", "wells_bedridden_or_surgery", "previous_dvt")
    findings = {f: "present" for f in items}
    a = assess({"age": 70, "findings": findings})
    flags = {f.id: f for f in a.red_flags}
    assert "deep_vein_thrombosis" in flags
    shown = flags["deep_vein_thrombosis"].triggered_by
    assert any(t.startswith("wells_score 2 to ") and "partly answered" in t for t in shown), shown
    # three items: lowest total 1, highest above 2: undecided, so the flag's score branch stays quiet
    del findings["previous_dvt"]
    assert "deep_vein_thrombosis" not in {f.id for f in assess({"age": 70, "findings": findings}).red_flags}


def test_batch_path_passes_on_the_same_partial_wells():
    from legdx import model
    from legdx.engine import batch, core
    from legdx.engine.compiled import default_compiled

    ck = default_compiled()
    items = ("wells_active_cancer", "wells_paralysis_or_cast", "wells_bedridden_or_surgery", "previous_dvt")
    findings = {f: "present" for f in items}
    case = model.Case.model_validate({"age": 70, "findings": findings})
    res = batch.score(batch.from_cases([case], ck), ck)
    ri = list(ck.kb.red_flags).index("deep_vein_thrombosis")
    assert bool(res.red_flags[0, ri])
    st = core.prepare(case, ck)
    assert st.variables["wells_score"] == 2.0 and st.ranges["wells_score"][0] == 2.0


def test_partly_answered_konno_already_at_7_counts_as_score_7_or_more():
    from legdx import model
    from legdx.engine import core
    from legdx.engine.compiled import default_compiled

    ck = default_compiled()
    # age over 70 (2) + no diabetes (1) + neurogenic claudication (3) + better bending forward (3) = 9,
    # straight-leg raise negative (the -2 item answered); the one negative item left (-1) is unanswered,
    # so the lowest possible total is 8
    case = model.Case.model_validate({"age": 74, "findings": {
        "diabetes": "absent", "neurogenic_claudication_history": "present",
        "improves_bending_forward": "present", "straight_leg_raise_positive": "absent"}})
    st = core.prepare(case, ck)
    assert "konno_score" in st.ranges and st.ranges["konno_score"][0] >= 7
    assert st.findings["konno_tool_score_ge_7"] is True
    calc = next(c for c in st.calculations if c.id == "konno")
    assert calc.complete is False and calc.result["total"] is None  # the report still says it is partial
