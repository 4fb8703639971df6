"""Pedowitz criteria for chronic exertional compartment syndrome (Pedowitz 1990; facts.md 4.8).

With a compatible history, any one of these intramuscular pressures is diagnostic: at rest >= 15 mmHg,
1 minute after exercise >= 30 mmHg, 5 minutes after exercise >= 20 mmHg (values from thresholds.yaml).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from legdx import model
from legdx.calculators.base import KB, Outcome, Thresholds, fmt

#: measurement id -> (threshold id, words)
CRITERIA = (
    ("compartment_pressure_rest", "pedowitz_rest", "before exercise"),
    ("compartment_pressure_1min", "pedowitz_1min", "1 minute after exercise"),
    ("compartment_pressure_5min", "pedowitz_5min", "5 minutes after exercise"),
)
INPUTS = tuple(c[0] for c in CRITERIA)


def pedowitz(measurements: Mapping[str, float], kb: KB) -> Outcome | None:
    """Whether the compartment pressures meet the Pedowitz criteria; ``None`` when none is given."""
    given = [c for c in CRITERIA if c[0] in measurements]
    if not given:
        return None
    th = Thresholds(kb)
    rows: list[dict[str, Any]] = []
    lines: list[str] = []
    met_any = False
    for mid, tid, words in CRITERIA:
        limit = th(tid)
        value = measurements.get(mid)
        met = None if value is None else value >= limit
        met_any = met_any or bool(met)
        rows.append({"measurement": mid, "when": words, "value": value, "threshold": limit, "met": met})
        if value is not None:
            lines.append(f"Pressure {words}: {fmt(value)} mmHg ({'meets' if met else 'below'} "
                         f"{fmt(limit)} mmHg or more).")
    missing = [r["measurement"] for r in rows if r["value"] is None]
    if met_any:
        verdict: bool | None = True
        lines.insert(0, "Meets the Pedowitz criteria: with a compatible history this is diagnostic of "
                        "chronic exertional compartment syndrome.")
    elif missing:
        verdict = None
        lines.insert(0, "The pressures given do not meet the Pedowitz criteria; not all three were measured "
                        f"(missing: {', '.join(missing)}), so CECS is not excluded.")
    else:
        verdict = False
        lines.insert(0, "None of the three pressures meets the Pedowitz criteria.")
    lines.append("Newer data suggest lower cut-offs for the posterior and lateral compartments (Lindorsson "
                 "2021); a negative test there does not exclude CECS.")
    calc = model.fast(model.Calculation, 
        id="pedowitz",
        name="Pedowitz criteria (chronic exertional compartment syndrome)",
        result={"criteria_met": verdict, "pressures": rows, "missing": missing},
        interpretation=lines,
        thresholds=th.used(),
        source="pedowitz1990",
        unverified=th.any_unverified(),
        complete=not missing or met_any,
    )
    return Outcome(calc)
