"""The calculators' fast forms agree with their plain reference forms.

``abi`` and ``wifi_ischemia`` read the knowledge base's thresholds through a shared ``ThresholdMap`` and
compute each leg's values once; ``measure`` passes the ABI calculator's readings and ABIs on to WIfI;
Fontaine/Rutherford staging is kept by its inputs; ``pad_objectively_present`` reads the thresholds
directly. The reference forms below are the plain versions they replaced (kept here verbatim, with
``Thresholds`` recording the thresholds in the order they are read): every output must be identical.
"""

# ruff: noqa: E501

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

import pytest

from legdx import calculators, model
from legdx.calculators import staging
from legdx.calculators.abi import LEGS, Leg, Pressures
from legdx.calculators.abi import abi as fast_abi
from legdx.calculators.base import KB, Outcome, Thresholds, fmt, ratio, round_half_up, unverified_tag, warn
from legdx.calculators.wifi import wifi_ischemia as fast_wifi
from legdx.engine.compiled import default_compiled
from legdx.errors import InputError

CK = default_compiled()

# --------------------------------------------------------------------------------------------------
# Reference forms (the plain code before the fast forms)

def categorize(abi: float, th: Thresholds) -> str:
    """2024 ACC/AHA category of an ABI already rounded to two decimals."""
    if abi <= th("abi_abnormal"):
        return "abnormal"
    if abi < th("abi_normal"):  # borderline (abi_borderline, 0.91-0.99) is what lies between
        return "borderline"
    if abi <= th("abi_noncompressible"):
        return "normal"
    return "noncompressible"


def severity(abi: float, th: Thresholds) -> str:
    """Descriptive severity of an abnormal ABI (bands NRV, flagged unverified)."""
    if abi < th("abi_severity_severe"):
        return "severe"
    if abi < th("abi_severity_moderate"):
        return "moderate"
    return "mild"


def _artery_words(leg: Leg) -> str:
    return {"dp": "dorsalis pedis", "pt": "posterior tibial", "dp=pt": "DP = PT"}.get(leg.artery or "", "-")


def ref_abi(measurements: Mapping[str, float], kb: KB, pressures: Pressures | None = None) -> Outcome:
    """ABI per leg with category and severity, TBI when toe pressures are given, exercise criteria when
    post-exercise ankle pressures are given, and the inter-arm difference.

    ``measurements`` uses canonical measurement ids (see ``INPUTS``) and must already be range-checked
    (``legdx.calculators.measure`` does both). ``pressures``: the same measurements already read
    (``Pressures.from_measurements``), to share between calculators.
    """
    th = Thresholds(kb)
    p = pressures or Pressures.from_measurements(measurements)
    lines: list[str] = []
    warnings: list[model.Warning] = []
    variables: dict[str, float] = {}
    brachial = p.brachial if p.brachial else None  # a brachial of 0 (no signal in either arm) is unusable
    unverified_used = False
    if brachial:
        for tid in ("abi_abnormal", "abi_borderline", "abi_normal", "abi_noncompressible"):
            th.get(tid)  # the four 2024 bands are cited with every ABI

    result: dict[str, Any] = {
        "brachial_used": p.brachial,
        "brachial_arm": p.brachial_arm,
        "brachial_right": p.brachial_right,
        "brachial_left": p.brachial_left,
        "inter_arm_difference": p.inter_arm_difference,
    }

    if p.brachial is None:
        warnings.append(warn("abi_no_brachial", "no brachial pressure was given, so no ABI or TBI can be "
                             "computed; measure both arms", "measurements.brachial_right"))
        lines.append("No brachial pressure: the ABI and TBI cannot be computed.")
    elif not brachial:
        warnings.append(warn("abi_no_brachial_signal", "both brachial pressures are 0 (no signal): no ABI "
                             "or TBI can be computed; check the arm measurements",
                             "measurements.brachial_right"))
        lines.append("Brachial pressure 0 (no signal) in every arm measured: the ABI cannot be computed.")
    elif p.brachial_right is None or p.brachial_left is None:
        arm = "right" if p.brachial_left is None else "left"
        warnings.append(warn("abi_one_arm", f"only the {arm} arm pressure was given; the ABI uses the higher "
                             "of both arms and may be overestimated if the other arm is higher",
                             f"measurements.brachial_{'left' if arm == 'right' else 'right'}"))

    # --- inter-arm difference -------------------------------------------------------------------------------
    iad = p.inter_arm_difference
    if iad is not None:
        variables["inter_arm_difference"] = iad
        limit = th.get("inter_arm_difference_abnormal")
        risk = th.get("inter_arm_difference_risk")
        if iad > limit.value:
            unverified_used = unverified_used or limit.unverified
            msg = (f"inter-arm systolic difference {fmt(iad)} mmHg (above {fmt(limit.value)} mmHg"
                   f"{unverified_tag(limit.unverified)}): suggests subclavian or innominate artery stenosis; "
                   f"the higher arm ({p.brachial_arm}) is used for the ABI")
            warnings.append(warn("inter_arm_difference", msg, "measurements.brachial_right"))
            lines.append(msg[0].upper() + msg[1:] + ".")
        elif iad >= risk.value:
            lines.append(f"Inter-arm systolic difference {fmt(iad)} mmHg (at least {fmt(risk.value)} mmHg): "
                         "a marker of increased cardiovascular risk.")

    # --- per leg -----------------------------------------------------------------------------------------
    abis: dict[str, float] = {}
    tbis: dict[str, float] = {}
    ankles: dict[str, float] = {}
    toes: dict[str, float] = {}
    drops: list[float] = []
    ankle_drops: list[float] = []
    for side in LEGS:
        leg = p.leg(side)
        out: dict[str, Any] = {
            "measured": leg.ankle is not None,
            "abi": None,
            "category": None,
            "severity": None,
            "ankle_pressure": leg.ankle,
            "artery": leg.artery,
            "dp": leg.dp,
            "pt": leg.pt,
            "no_doppler_signal": [a for a, v in (("dp", leg.dp), ("pt", leg.pt)) if v == 0],
            "notes": [],
        }
        notes: list[str] = out["notes"]
        if leg.ankle is None:
            notes.append(f"no ankle pressure was given for the {side} leg: its ABI is not known")
            if any(v is not None for v in (leg.toe, leg.post_exercise)):
                notes.append("toe or post-exercise pressures alone do not give a resting ABI")
            warnings.append(warn("abi_leg_missing", f"no ankle pressure for the {side} leg; only the other "
                                 "leg is assessed", f"measurements.dp_{side}"))
        else:
            ankles[side] = leg.ankle
            if leg.dp is None or leg.pt is None:
                only = "dorsalis pedis" if leg.pt is None else "posterior tibial"
                notes.append(f"only the {only} pressure was given; the ABI uses the higher of DP and PT, "
                             "so it may be underestimated")
            if leg.dp == 0 and leg.pt == 0:
                notes.append("no Doppler signal at either ankle artery (DP and PT entered as 0)")
            elif leg.dp == 0 or leg.pt == 0:
                silent = "dorsalis pedis" if leg.dp == 0 else "posterior tibial"
                notes.append(f"no Doppler signal at the {silent} artery (entered as 0)")
            if brachial:
                value = ratio(leg.ankle, brachial)
                cat = categorize(value, th)
                out["abi"] = value
                out["category"] = cat
                abis[side] = value
                sentence = (f"{side.capitalize()} ABI {value:.2f} ({fmt(leg.ankle)}/{fmt(brachial)} mmHg, "
                            f"{_artery_words(leg)}): {cat}")
                if cat == "abnormal":
                    sev = severity(value, th)
                    out["severity"] = sev
                    sev_unverified = (th.unverified("abi_severity_moderate")
                                      or th.unverified("abi_severity_severe"))
                    out["severity_unverified"] = sev_unverified
                    unverified_used = unverified_used or sev_unverified
                    sentence += (f" ({fmt(th('abi_abnormal'))} or below is diagnostic of PAD); severity {sev}"
                                 f"{unverified_tag(sev_unverified)}")
                    if value == 0:
                        sentence += "; no Doppler signal at the ankle"
                elif cat == "borderline":
                    sentence += ("; with exertional leg symptoms an exercise treadmill ABI is recommended "
                                 "(2024 ACC/AHA, COR 1)")
                elif cat == "normal":
                    sentence += ("; with exertional non-joint leg symptoms an exercise treadmill ABI is "
                                 "recommended (2024 ACC/AHA, COR 1)")
                else:
                    sentence += ("; calcified arteries make the ABI unreliable, measure toe pressure and TBI "
                                 "(2024 ACC/AHA, COR 1)")
                lines.append(sentence + ".")

        # toe pressure and TBI
        if leg.toe is not None:
            toes[side] = leg.toe
            out["toe_pressure"] = leg.toe
            out["tbi"] = None
            out["tbi_category"] = None
            if brachial:
                tbi = ratio(leg.toe, brachial)
                tbis[side] = tbi
                out["tbi"] = tbi
                out["tbi_category"] = "abnormal" if tbi <= th("tbi_abnormal") else "normal"
                sentence = (f"{side.capitalize()} TBI {tbi:.2f} (toe {fmt(leg.toe)}/{fmt(brachial)} mmHg): "
                            f"{out['tbi_category']}")
                if out["tbi_category"] == "abnormal":
                    sentence += f" ({fmt(th('tbi_abnormal'))} or below is diagnostic of PAD)"
                lines.append(sentence + ".")
            if leg.toe < th("toe_pressure_clti"):
                out["toe_pressure_clti_marker"] = True
                lines.append(f"{side.capitalize()} toe pressure {fmt(leg.toe)} mmHg is below "
                             f"{fmt(th('toe_pressure_clti'))} mmHg: a marker of chronic limb-threatening "
                             "ischaemia and poor wound healing.")
            if leg.toe == 0:
                notes.append("no Doppler signal at the toe (entered as 0)")

        # exercise criteria
        if leg.post_exercise is not None:
            ex = _ref_exercise(side, leg, brachial, p.post_exercise_brachial, th, lines, warnings)
            out["exercise"] = ex
            if ex.get("abi_drop_fraction") is not None:
                drops.append(ex["abi_drop_fraction"])
            if ex.get("ankle_drop_mmhg") is not None:
                ankle_drops.append(ex["ankle_drop_mmhg"])
        for note in notes:
            lines.append(f"{side.capitalize()} leg: {note}.")
        result[side] = out

    # --- summary and variables -----------------------------------------------------------------------------
    for side, v in abis.items():
        variables[f"abi_{side}"] = v
    if abis:
        variables["abi_lowest"] = min(abis.values())
        variables["abi_highest"] = max(abis.values())
    for side, v in tbis.items():
        variables[f"tbi_{side}"] = v
    if tbis:
        variables["tbi_lowest"] = min(tbis.values())
    if toes:
        variables["toe_pressure_lowest"] = min(toes.values())
    if ankles:
        variables["ankle_pressure_lowest"] = min(ankles.values())
    if drops:
        variables["exercise_abi_drop_fraction_max"] = max(drops)
    if ankle_drops:
        variables["exercise_ankle_drop_mmhg_max"] = max(ankle_drops)
    result["tbi"] = {side: result[side].get("tbi") for side in LEGS} if toes else None
    result["variables"] = dict(variables)

    if abis:
        change = th.get("abi_significant_change")
        lines.append(f"On follow-up, a change in ABI of about {fmt(change.value)} or more between visits is "
                     "treated as significant.")
        if any(result[s]["category"] == "noncompressible" for s in LEGS) and not tbis:
            warnings.append(warn("abi_noncompressible", "an ABI above "
                                 f"{fmt(th('abi_noncompressible'))} cannot rule PAD in or out; measure toe "
                                 "pressures for a TBI", "measurements.toe_right"))

    complete = bool(brachial) and all(side in abis for side in LEGS)
    calc = model.fast(
        model.Calculation,
        id="abi",
        name="Ankle-brachial index (ABI)" + (", toe-brachial index" if toes else "")
        + (", exercise criteria" if any(p.leg(s).post_exercise is not None for s in LEGS) else ""),
        result=result,
        interpretation=lines,
        thresholds=th.used(),
        source="gornik2024",
        unverified=unverified_used,
        complete=complete,
    )
    unique = {(w.code, w.message, w.where): w for w in warnings}
    return Outcome(calc, variables, list(unique.values()))


def _ref_exercise(side: str, leg: Leg, brachial: float | None, post_brachial: float | None, th: Thresholds,
              lines: list[str], warnings: list[model.Warning]) -> dict[str, Any]:
    """Exercise criteria for one leg: ABI fall > 20% or ankle-pressure fall > 30 mmHg (Aboyans 2012)."""
    assert leg.post_exercise is not None
    out: dict[str, Any] = {"post_exercise_ankle": leg.post_exercise, "post_exercise_abi": None,
                           "abi_drop_fraction": None, "abi_drop_percent": None, "ankle_drop_mmhg": None,
                           "abi_drop_criterion_met": None, "ankle_drop_criterion_met": None,
                           "criteria_met": None}
    rest = leg.ankle
    if rest is None:
        warnings.append(warn("exercise_without_rest", f"a post-exercise pressure was given for the {side} "
                             "leg but no resting ankle pressure, so the fall cannot be computed",
                             f"measurements.post_exercise_ankle_{side}"))
        return out
    frac_lim = th("exercise_abi_drop_fraction")
    mmhg_lim = th("exercise_ankle_drop_mmhg")
    ankle_drop = rest - leg.post_exercise
    out["ankle_drop_mmhg"] = ankle_drop
    out["ankle_drop_criterion_met"] = ankle_drop > mmhg_lim
    denominator = post_brachial if post_brachial else brachial
    if brachial and denominator and rest > 0:
        if not post_brachial:
            out["note"] = "no post-exercise brachial pressure: the resting brachial pressure was used"
            warnings.append(warn("exercise_resting_brachial_used", "no post-exercise brachial pressure was "
                                 "given; the post-exercise ABI uses the resting brachial pressure",
                                 "measurements.post_exercise_brachial"))
        rest_abi = rest / brachial
        post_abi = leg.post_exercise / denominator
        fraction = (rest_abi - post_abi) / rest_abi
        out["post_exercise_abi"] = ratio(leg.post_exercise, denominator)
        out["abi_drop_fraction"] = fraction
        out["abi_drop_percent"] = round_half_up(fraction * 100, 1)
        out["abi_drop_criterion_met"] = fraction > frac_lim
    met = [bool(out["abi_drop_criterion_met"]), bool(out["ankle_drop_criterion_met"])]
    out["criteria_met"] = any(met)
    parts = []
    if out["abi_drop_percent"] is not None:
        parts.append(f"post-exercise ABI {out['post_exercise_abi']:.2f}, a fall of "
                     f"{out['abi_drop_percent']:g}% ({'above' if met[0] else 'not above'} "
                     f"{fmt(frac_lim * 100)}%)")
    parts.append(f"ankle pressure fall {fmt(ankle_drop)} mmHg ({'above' if met[1] else 'not above'} "
                 f"{fmt(mmhg_lim)} mmHg)")
    verdict = "exercise criteria for PAD met" if any(met) else "exercise criteria for PAD not met"
    lines.append(f"{side.capitalize()} leg after exercise: {'; '.join(parts)}: {verdict}.")
    if met[0] and not met[1]:
        young = th("exercise_young_adult_age")
        lines.append(f"Caution: in healthy adults aged {fmt(young)} or under an ABI fall above "
                     f"{fmt(frac_lim * 100)}% is common; in the young rely on the ankle-pressure fall above "
                     f"{fmt(mmhg_lim)} mmHg and on imaging with provocation.")
    return out


def grade_abi(abi: float, th: Thresholds) -> int:
    if abi >= th("wifi_abi_grade1"):
        return 0
    if abi >= th("wifi_abi_grade2"):
        return 1
    if abi >= th("wifi_abi_grade3"):
        return 2
    return 3


def grade_ankle(pressure: float, th: Thresholds) -> int:
    if pressure < th("wifi_ankle_grade3"):
        return 3
    if pressure <= th("wifi_ankle_grade2"):
        return 2
    if pressure <= th("wifi_ankle_grade1"):
        return 1
    return 0


def grade_toe(pressure: float, th: Thresholds) -> int:
    """Toe pressure or TcPO2, mmHg."""
    if pressure < th("wifi_toe_grade3"):
        return 3
    if pressure < th("wifi_toe_grade2"):
        return 2
    if pressure < th("wifi_toe_grade1"):
        return 1
    return 0


def ref_wifi_ischemia(measurements: Mapping[str, float], kb: KB,
                  pressures: Pressures | None = None) -> Outcome | None:
    """The WIfI ischaemia grade per leg and overall; ``None`` when no perfusion measure is given.

    ``pressures``: the same measurements already read (``Pressures.from_measurements``), if at hand."""
    th = Thresholds(kb)
    p = pressures or Pressures.from_measurements(measurements)
    tcpo2 = measurements.get("tcpo2")
    result: dict[str, Any] = {}
    lines: list[str] = []
    grades: list[int] = []
    for side in LEGS:
        leg = p.leg(side)
        by: dict[str, int] = {}
        values: dict[str, float] = {}
        note = None
        abi = ratio(leg.ankle, p.brachial) if leg.ankle is not None and p.brachial else None
        if abi is not None and abi > th("abi_noncompressible"):
            note = (f"ABI {abi:.2f} is noncompressible: ABI and ankle pressure are not graded; use toe "
                    "pressure or TcPO2")
        else:
            if abi is not None:
                by["abi"] = grade_abi(abi, th)
                values["abi"] = abi
            if leg.ankle is not None:
                by["ankle_pressure"] = grade_ankle(leg.ankle, th)
                values["ankle_pressure"] = leg.ankle
        if leg.toe is not None:
            by["toe_pressure"] = grade_toe(leg.toe, th)
            values["toe_pressure"] = leg.toe
        grade = max(by.values()) if by else None
        result[side] = {"grade": grade, "by": by, "values": values, "note": note}
        if grade is not None:
            grades.append(grade)
            parts = ", ".join(f"{k.replace('_', ' ')} {fmt(values[k])} -> {v}" for k, v in by.items())
            lines.append(f"{side.capitalize()} leg: WIfI ischaemia grade {grade}{unverified_tag(grade == 0)} "
                         f"({parts}).")
        if note:
            lines.append(f"{side.capitalize()} leg: {note}.")
    if tcpo2 is not None:
        g = grade_toe(tcpo2, th)
        result["tcpo2"] = {"value": tcpo2, "grade": g}
        grades.append(g)
        lines.append(f"TcPO2 {fmt(tcpo2)} mmHg (leg not stated): grade {g}{unverified_tag(g == 0)}.")
        if tcpo2 < th("tcpo2_clti"):
            result["tcpo2"]["clti_marker"] = True
            lines.append(f"TcPO2 below {fmt(th('tcpo2_clti'))} mmHg is a marker of chronic limb-threatening "
                         "ischaemia and poor wound healing.")
    if not grades:
        return None
    overall = max(grades)
    result["grade"] = overall
    result["grade_unverified"] = overall == 0
    lines.insert(0, f"WIfI ischaemia grade {overall}{unverified_tag(overall == 0)} (worst leg; the worse "
                    "grade is shown when the measures disagree, legdx consensus).")
    lines.append("The WIfI ischaemia grade is one of three components; wound and foot-infection grades are "
                 "assessed clinically.")
    calc = model.fast(
        model.Calculation,
        id="wifi_ischemia",
        name="WIfI ischaemia grade",
        result=result,
        interpretation=lines,
        thresholds=th.used(),
        source="mills2014",
        unverified=any(g == 0 for g in grades),
        complete=all(result[s]["grade"] is not None for s in LEGS),
    )
    return Outcome(calc)


def ref_measure(measurements: Mapping[str, float], kb: KB) -> tuple[dict[str, float], list[model.Calculation], list[model.Warning]]:
    values = calculators.normalize_measurements(measurements, kb)
    variables = dict(values)
    calcs: list[model.Calculation] = []
    warnings: list[model.Warning] = []

    def take(outcome: Outcome | None) -> None:
        if outcome is None:
            return
        calcs.append(outcome.calculation)
        variables.update(outcome.variables)
        warnings.extend(outcome.warnings)

    if any(k in values for k in calculators._ABI_TRIGGERS):
        pressures = Pressures.from_measurements(values)
        take(ref_abi(values, kb, pressures))
        wifi = ref_wifi_ischemia(values, kb, pressures)
        if wifi is not None and (wifi.calculation.result["grade"] > 0 or "tcpo2" in values
                                 or any(k in values for k in ("toe_right", "toe_left"))):
            take(wifi)
    elif "tcpo2" in values:
        take(ref_wifi_ischemia(values, kb))
    take(calculators._pedowitz.pedowitz(values, kb))
    return variables, calcs, warnings


def ref_pad_objectively_present(variables: Mapping[str, float], kb: KB) -> bool:
    th = Thresholds(kb)
    checks = (
        ("abi_lowest", lambda v: v <= th("abi_abnormal")),
        ("tbi_lowest", lambda v: v <= th("tbi_abnormal")),
        ("exercise_abi_drop_fraction_max", lambda v: v > th("exercise_abi_drop_fraction")),
        ("exercise_ankle_drop_mmhg_max", lambda v: v > th("exercise_ankle_drop_mmhg")),
    )
    return any(name in variables and test(variables[name]) for name, test in checks)


# --------------------------------------------------------------------------------------------------
# Random measurements reaching every branch: one arm or both, arms at 0, missing or silent (0) ankle
# arteries, toe pressures, post-exercise pressures with and without a post-exercise brachial, TcPO2,
# whole and fractional values.


def _value(rng: random.Random, lo: int, hi: int) -> float:
    r = rng.random()
    if r < 0.08:
        return 0.0
    if r < 0.25:
        return round(rng.uniform(lo, hi), rng.choice([1, 2]))
    return float(rng.randint(lo, hi))


def _measurements(n: int, seed: int) -> list[dict[str, float]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        m: dict[str, float] = {}
        for key, lo, hi, p in (
            ("brachial_right", 60, 220, 0.95),
            ("brachial_left", 60, 220, 0.8),
            ("dp_right", 20, 300, 0.8),
            ("pt_right", 20, 300, 0.8),
            ("dp_left", 20, 300, 0.75),
            ("pt_left", 20, 300, 0.75),
            ("toe_right", 5, 150, 0.25),
            ("toe_left", 5, 150, 0.25),
            ("post_exercise_ankle_right", 20, 250, 0.2),
            ("post_exercise_ankle_left", 20, 250, 0.2),
            ("post_exercise_brachial", 60, 250, 0.15),
            ("tcpo2", 5, 90, 0.15),
        ):
            if rng.random() < p:
                m[key] = _value(rng, lo, hi)
        out.append(m)
    return out


MEASUREMENTS = _measurements(3000, 17)


def _dump(o: Outcome | None) -> Any:
    if o is None:
        return None
    return (o.calculation.model_dump_json(), o.variables, [w.model_dump_json() for w in o.warnings])


def test_abi_and_wifi_match_reference() -> None:
    kb = CK.kb
    for values in MEASUREMENTS:  # not range-checked: a brachial of 0 reaches the calculators too
        p = Pressures.from_measurements(values)
        for pressures in (None, p):
            assert _dump(fast_abi(values, kb, pressures)) == _dump(ref_abi(values, kb, pressures))
            assert _dump(fast_wifi(values, kb, pressures)) == _dump(ref_wifi_ischemia(values, kb, pressures))


def _valid(kb: Any) -> list[dict[str, float]]:
    out = []
    for m in MEASUREMENTS:
        try:
            calculators.normalize_measurements(m, kb)
        except InputError:
            continue
        out.append(m)
    assert len(out) > 1000
    return out


def test_measure_matches_reference() -> None:
    kb = CK.kb
    for m in _valid(kb):
        fast = calculators.measure(dict(m), kb)
        ref = ref_measure(dict(m), kb)
        assert fast[0] == ref[0]
        assert [c.model_dump_json() for c in fast[1]] == [c.model_dump_json() for c in ref[1]]
        assert [w.model_dump_json() for w in fast[2]] == [w.model_dump_json() for w in ref[2]]


def test_threshold_outputs_are_lists_of_their_own() -> None:
    """Calculations share threshold outputs, never the list that holds them."""
    m = {"brachial_right": 140.0, "dp_right": 100.0, "pt_right": 90.0}
    a = fast_abi(m, CK.kb).calculation
    b = fast_abi(m, CK.kb).calculation
    assert a.thresholds == b.thresholds and a.thresholds is not b.thresholds


def test_pad_objectively_present_and_staging_match_reference() -> None:
    kb = CK.kb
    rng = random.Random(5)
    staging._STAGED.clear()
    fids = sorted(set(staging.CLAUDICATION_RULE["any"]) | set(staging.TISSUE_LOSS_RULE["any"]) | {staging.REST_PAIN_RULE})
    for m in _valid(kb):
        variables, _calcs, _w = calculators.measure(dict(m), kb)
        if rng.random() < 0.3:
            variables["claudication_distance_m"] = float(rng.choice([50, 150, 200, 250, 500]))
        assert calculators.pad_objectively_present(variables, kb) == ref_pad_objectively_present(variables, kb)
        findings = {f: rng.random() < 0.5 for f in fids if rng.random() < 0.5}
        for _ in range(2):  # the second time from the memo
            got = staging.staged(findings, variables, kb)
            assert got.model_dump_json() == staging.stage_case(findings, variables, kb).calculation.model_dump_json()


@pytest.mark.parametrize("value", [0.0, -0.0, 120, 120.0])
def test_staging_memo_keeps_the_form_of_numbers(value: float) -> None:
    """0.0 and -0.0, 120 and 120.0 are equal keys but print differently: such inputs are not kept."""
    kb = CK.kb
    findings = {"rest_pain_forefoot_night": True}
    for v in (value, -value if isinstance(value, float) else float(value)):
        variables = {"ankle_pressure_lowest": v, "abi_lowest": 0.5}
        got = staging.staged(findings, variables, kb)
        assert got.model_dump_json() == staging.stage_case(findings, variables, kb).calculation.model_dump_json()


@pytest.mark.parametrize(
    "num,den,want",
    [(150, 1e-300, 1.5e302), (150.5, 1e-300, 1.505e302), (1e-300, 150.5, 0.0), (90.5, 100.0, 0.91)],
)
def test_ratio_over_a_near_zero_pressure_does_not_raise(num, den, want):
    """Session 15: a ratio over a near-zero pressure (an API property test sent a brachial pressure of
    1e-300 mmHg) had raised decimal.InvalidOperation, a server error: the decimal context was too short for
    the quotient's digits."""
    assert ratio(num, den) == want
    assert round_half_up(1e300, 2) == 1e300
