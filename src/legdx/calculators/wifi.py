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

from legdx.calculators.abi import _SIDE_WORDS, Pressures, Readings, _Calculation, _pressure_readings, readings
from legdx.calculators.base import (
    KB,
    Outcome,
    ThresholdMap,
    Thresholds,
    fmt,
    ratio,
    threshold_map,
    unverified_tag,
)

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
    rd = _pressure_readings(pressures) if pressures is not None else readings(measurements)
    return wifi_of(rd, measurements.get("tcpo2"), kb)


def wifi_of(rd: Readings, tcpo2: float | None, kb: KB,
            abis: Mapping[str, float] | None = None) -> Outcome | None:
    """``wifi_ischemia`` on pressures already read (``abi.readings``) and the TcPO2, if any.

    ``abis``: each leg's ABI as the ABI calculator computed it (the same ``ratio``), if at hand."""
    T = threshold_map(kb)
    used: dict[str, None] = {}  # thresholds in the order the grading first reads them
    result: dict[str, Any] = {}
    lines: list[str] = []
    grades: list[int] = []
    br, bl, _post_brachial, right, left = rd
    p_brachial = bl if br is None else br if bl is None or br >= bl else bl
    for side, _dp, _pt, toe, _post, ankle, _artery in (right, left):
        by: dict[str, int] = {}
        values: dict[str, float] = {}
        note = None
        if ankle is not None and p_brachial:
            abi = abis[side] if abis is not None else ratio(ankle, p_brachial)
        else:
            abi = None
        if abi is not None:
            used["abi_noncompressible"] = None
        if abi is not None and abi > T["abi_noncompressible"].value:
            note = (f"ABI {abi:.2f} is noncompressible: ABI and ankle pressure are not graded; use toe "
                    "pressure or TcPO2")
        else:
            if abi is not None:
                # ``grade_abi``
                used["wifi_abi_grade1"] = None
                if abi >= T["wifi_abi_grade1"].value:
                    g = 0
                else:
                    used["wifi_abi_grade2"] = None
                    if abi >= T["wifi_abi_grade2"].value:
                        g = 1
                    else:
                        used["wifi_abi_grade3"] = None
                        g = 2 if abi >= T["wifi_abi_grade3"].value else 3
                by["abi"] = g
                values["abi"] = abi
            if ankle is not None:
                # ``grade_ankle``
                used["wifi_ankle_grade3"] = None
                if ankle < T["wifi_ankle_grade3"].value:
                    g = 3
                else:
                    used["wifi_ankle_grade2"] = None
                    if ankle <= T["wifi_ankle_grade2"].value:
                        g = 2
                    else:
                        used["wifi_ankle_grade1"] = None
                        g = 1 if ankle <= T["wifi_ankle_grade1"].value else 0
                by["ankle_pressure"] = g
                values["ankle_pressure"] = ankle
        if toe is not None:
            by["toe_pressure"] = _grade_toe(toe, T, used)
            values["toe_pressure"] = toe
        grade = max(by.values()) if by else None
        result[side] = {"grade": grade, "by": by, "values": values, "note": note}
        if grade is not None:
            grades.append(grade)
            parts = ", ".join([f"{_WORDS[k]} {fmt(values[k])} -> {v}" for k, v in by.items()])
            lines.append(f"{_SIDE_WORDS[side]} leg: WIfI ischaemia grade {grade}"
                         f"{' (unverified)' if grade == 0 else ''} ({parts}).")
        if note:
            lines.append(f"{_SIDE_WORDS[side]} leg: {note}.")
    if tcpo2 is not None:
        g = _grade_toe(tcpo2, T, used)
        result["tcpo2"] = {"value": tcpo2, "grade": g}
        grades.append(g)
        lines.append(f"TcPO2 {fmt(tcpo2)} mmHg (leg not stated): grade {g}{unverified_tag(g == 0)}.")
        clti = T["tcpo2_clti"].value
        used["tcpo2_clti"] = None
        if tcpo2 < clti:
            result["tcpo2"]["clti_marker"] = True
            lines.append(f"TcPO2 below {fmt(clti)} mmHg is a marker of chronic limb-threatening "
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
    calc = _Calculation(
        id="wifi_ischemia",
        name="WIfI ischaemia grade",
        result=result,
        interpretation=lines,
        thresholds=T.used(used),
        source="mills2014",
        unverified=0 in grades,
        complete=result["right"]["grade"] is not None and result["left"]["grade"] is not None,
    )
    return Outcome(calc)


_WORDS = {"abi": "abi", "ankle_pressure": "ankle pressure", "toe_pressure": "toe pressure"}


def _grade_toe(pressure: float, T: ThresholdMap, used: dict[str, None]) -> int:
    """``grade_toe`` reading ``T`` and noting the thresholds it reads in ``used``."""
    used["wifi_toe_grade3"] = None
    if pressure < T["wifi_toe_grade3"].value:
        return 3
    used["wifi_toe_grade2"] = None
    if pressure < T["wifi_toe_grade2"].value:
        return 2
    used["wifi_toe_grade1"] = None
    if pressure < T["wifi_toe_grade1"].value:
        return 1
    return 0
