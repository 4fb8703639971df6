"""WIfI ischaemia grade (SVS threatened-limb classification, Mills 2014; facts.md 4.5).

Each leg is graded 0-3 from its ABI, ankle systolic pressure and toe pressure; TcPO2 (not tied to a leg)
is graded on the toe-pressure scale. The grade-0 row is NRV, so a grade of 0 is flagged unverified.
When the measures disagree the worse grade is shown (legdx consensus: a threatened limb should not be
under-graded). An ABI above the noncompressible cut-off is not graded, nor is that leg's ankle pressure,
because calcified arteries make both falsely high; toe pressure and TcPO2 are used instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from legdx import model
from legdx.calculators.abi import LEGS, Pressures
from legdx.calculators.base import KB, Outcome, Thresholds, fmt, ratio, unverified_tag

INPUTS = ("brachial_right", "brachial_left", "dp_right", "pt_right", "dp_left", "pt_left", "toe_right",
          "toe_left", "tcpo2")


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


def wifi_ischemia(measurements: Mapping[str, float], kb: KB,
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
    calc = model.fast(model.Calculation, 
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
