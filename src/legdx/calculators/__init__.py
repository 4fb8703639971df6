"""Calculators: measurements and questionnaire answers in, numbers and calculations out. Pure, no I/O.

The engine calls ``measure`` on a case's measurements first (it validates them and computes ABI, TBI,
exercise criteria, WIfI ischaemia and Pedowitz), derives findings, then calls ``score_instruments``
(Konno, Wells, Sugioka, SSHQ, ECQ and, when the measurements show PAD, Fontaine/Rutherford staging) and
derives again. Every cut-off is read from ``thresholds.yaml`` by id; every instrument is data in
``instruments.yaml``.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from typing import Any

from legdx import model
from legdx.calculators import abi as _abi
from legdx.calculators import pedowitz as _pedowitz
from legdx.calculators import wifi as _wifi
from legdx.calculators.base import KB, Outcome
from legdx.calculators.ecq import EcqAnswers, edinburgh
from legdx.calculators.instruments import (
    InstrumentScore,
    instrument_inputs_known,
    instrument_reads,
    score_instrument,
)
from legdx.calculators.staging import StagingInputs, pad_objectively_present, stage, stage_case, staged
from legdx.errors import InputError
from legdx.knowledge.rules import NUM_OPS

__all__ = [
    "EcqAnswers",
    "InstrumentScore",
    "Outcome",
    "StagingInputs",
    "edinburgh",
    "measure",
    "normalize_measurements",
    "pad_objectively_present",
    "score_instrument",
    "score_instruments",
    "stage",
    "stage_case",
]

#: Measurement ids that make the ABI calculator run (a lone arm pressure does not).
_ABI_TRIGGERS = ("dp_right", "pt_right", "dp_left", "pt_left", "toe_right", "toe_left",
                 "post_exercise_ankle_right", "post_exercise_ankle_left")


def _norm(key: str) -> str:
    return key.strip().lower().replace("-", "_").replace(" ", "_")


def _alias_index(kb: KB) -> dict[str, str]:
    cached = getattr(kb, "_legdx_alias_index", None)
    if isinstance(cached, dict):
        return cached
    index: dict[str, str] = {}
    for mid, mdef in kb.measurements.items():
        index[_norm(mid)] = mid
        for alias in mdef.aliases:
            index.setdefault(_norm(alias), mid)
    try:
        kb._legdx_alias_index = index  # type: ignore[attr-defined]  # cached per knowledge base
    except AttributeError:  # a frozen or slotted stand-in: no cache
        pass
    return index


_BOUNDS: dict[int, tuple[KB, dict[str, tuple[float, float]]]] = {}


def _bounds(kb: KB) -> dict[str, tuple[float, float]]:
    """Each measurement's possible range (min, max), read once per knowledge base (kept with it, so the
    id key cannot be reused while the entry lives; one entry per knowledge base)."""
    hit = _BOUNDS.get(id(kb))
    if hit is not None and hit[0] is kb:
        return hit[1]
    out = {mid: (m.min, m.max) for mid, m in kb.measurements.items()}
    if len(_BOUNDS) >= 16:
        _BOUNDS.clear()
    _BOUNDS[id(kb)] = (kb, out)
    return out


def normalize_measurements(measurements: Mapping[str, Any], kb: KB,
                           where: str = "measurements") -> dict[str, float]:
    """Map ids and aliases to canonical measurement ids and check every value against its possible range.

    All problems are reported together in one ``InputError`` whose entries name the field as given
    (``measurements.<key>``), the value, the allowed range and the unit.
    """
    index = _alias_index(kb)
    bounds = _bounds(kb)
    out: dict[str, float] = {}
    given_as: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    for key, raw in measurements.items():
        mid = index.get(key) or index.get(_norm(str(key)))  # index keys are already normalised
        if mid is not None and mid not in given_as and type(raw) is float:
            # the usual case (a known id given once, a float): as below, with the field named only on error
            low, high = bounds[mid]
            given_as[mid] = str(key)
            if math.isfinite(raw) and low <= raw <= high:
                out[mid] = raw
                continue
            del given_as[mid]
        field = f"{where}.{key}"
        if mid is None:
            close = difflib.get_close_matches(_norm(str(key)), sorted(index), n=3, cutoff=0.6)
            hint = ""
            if close:
                hint = "; did you mean " + ", ".join(
                    c if index[c] == c else f"{c} (= {index[c]})" for c in close) + "?"
            problems.append((field, f"unknown measurement '{key}'{hint}"))
            continue
        mdef = kb.measurements[mid]
        if mid in given_as:
            problems.append((field, f"{mdef.name} was given twice, as '{given_as[mid]}' and as '{key}'"))
            continue
        given_as[mid] = str(key)
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            problems.append((field, f"expected a number in {mdef.unit}, got {raw!r}"))
            continue
        value = float(raw)
        if not math.isfinite(value):
            problems.append((field, f"{value} is not a finite number"))
            continue
        if value < mdef.min or value > mdef.max:
            problems.append((field, f"{value:g} {mdef.unit} is impossible for {mdef.name.lower()}: "
                                    f"the allowed range is {mdef.min:g} to {mdef.max:g} {mdef.unit}"))
            continue
        out[mid] = value
    if problems:
        raise InputError.many(problems)
    return out


def measure(measurements: Mapping[str, float], kb: KB) -> tuple[dict[str, float], list[model.Calculation],
                                                                 list[model.Warning]]:
    """Validate measurements and run the numeric calculators.

    Returns the variables for the engine (every measurement under its canonical id, plus ``abi_right``,
    ``abi_lowest``, ``tbi_lowest``, ``inter_arm_difference``, exercise drops ...), the calculations to
    report, and warnings about the input. Raises ``InputError`` (all problems at once) for an unknown
    id or an impossible value.
    """
    values = normalize_measurements(measurements, kb)
    variables = dict(values)
    calcs: list[model.Calculation] = []
    warnings: list[model.Warning] = []

    def take(outcome: Outcome | None) -> None:
        if outcome is None:
            return
        calcs.append(outcome.calculation)
        variables.update(outcome.variables)
        warnings.extend(outcome.warnings)

    if any(k in values for k in _ABI_TRIGGERS):
        pressures = _abi.readings(values)
        got = _abi.abi_of(pressures, kb)
        take(got)
        abis = {side: got.variables[f"abi_{side}"] for side in _abi.LEGS if f"abi_{side}" in got.variables}
        wifi = _wifi.wifi_of(pressures, values.get("tcpo2"), kb, abis)
        if wifi is not None and (wifi.calculation.result["grade"] > 0 or "tcpo2" in values
                                 or "toe_right" in values or "toe_left" in values):
            take(wifi)
    elif "tcpo2" in values:
        take(_wifi.wifi_ischemia(values, kb))
    take(_pedowitz.pedowitz(values, kb))
    return variables, calcs, warnings


_Scored = tuple[float | None, float, float, model.Calculation | None]  # total, low, high, calculation
_SCORED: dict[tuple[object, ...], tuple[object, object, _Scored]] = {}
_SCORED_MAX = 20_000


def _reported(sc: InstrumentScore) -> model.Calculation | None:
    """The calculation to report: when the score is complete, when its thresholds are decided, or when
    at least half of the inputs its items read are known."""
    decided = bool(sc.verdicts) and sc.decided
    if sc.complete or decided or 2 * sc.inputs_known >= sc.inputs_total:
        return sc.calculation()
    return None


_Reads = tuple[Any, tuple[str, ...], tuple[tuple[str, tuple[tuple[Any, float], ...]], ...]]
_READ_TABLES: dict[int, tuple[KB, list[_Reads]]] = {}


def _read_table(kb: KB) -> list[_Reads]:
    """Every instrument of ``kb`` (in order) with what its score reads (``instrument_reads``; each
    comparison as its operator function), built once per knowledge base."""
    hit = _READ_TABLES.get(id(kb))
    if hit is not None and hit[0] is kb:
        return hit[1]
    table = []
    for ins in kb.instruments.values():
        names, var_cuts = instrument_reads(ins, kb)
        cuts = tuple((var, tuple((NUM_OPS[op], value) for op, value in c)) for var, c in var_cuts)
        table.append((ins, names, cuts))
    _READ_TABLES[id(kb)] = (kb, table)
    return table


def _scored_by(ins: Any, names: tuple[str, ...], cuts: tuple[tuple[str, tuple[tuple[Any, float], ...]], ...],
               findings: Mapping[str, bool], variables: Mapping[str, float], kb: KB) -> _Scored:
    """An instrument scored over a case whose derived findings are set, kept by the states of everything
    the score reads (the findings its items read, through derived findings, and for each variable of
    those rules, whether it is known and how every comparison the rules make on it comes out): cases
    that agree on those get the same score. The memo is bounded (cleared when full)."""
    parts: list[object] = [id(ins), id(kb), *map(findings.get, names)]
    for var, cs in cuts:
        x = variables.get(var)
        parts.append(None if x is None else tuple([op(x, value) for op, value in cs]))
    key = tuple(parts)
    hit = _SCORED.get(key)
    if hit is not None and hit[0] is ins and hit[1] is kb:
        return hit[2]
    if instrument_inputs_known(ins, findings, variables, kb)[0] == 0:
        # nothing the items read is known: the score is the one of an empty case
        sc = score_instrument(ins, {}, {}, kb)
    else:
        sc = score_instrument(ins, findings, variables, kb, derived=True)
    got: _Scored = (sc.total, sc.low, sc.high, _reported(sc))
    if len(_SCORED) >= _SCORED_MAX:
        _SCORED.clear()
    _SCORED[key] = (ins, kb, got)
    return got


def range_decides(low: float, high: float, cuts: list[tuple[str, float]]) -> bool:
    """Whether every comparison in ``cuts`` comes out the same for every total between low and high."""
    for op, value in cuts:
        if op == "eq":
            if low <= value <= high and low != high:
                return False
        elif NUM_OPS[op](low, value) != NUM_OPS[op](high, value):
            return False
    return True


def score_instruments(findings: Mapping[str, bool], variables: Mapping[str, float],
                      kb: KB, *, derived: bool = False,
                      cuts: Mapping[str, list[tuple[str, float]]] | None = None,
                      ranges: dict[str, tuple[float, float]] | None = None,
                      ) -> tuple[dict[str, float], list[model.Calculation]]:
    """Score every instrument of the knowledge base over the case's findings and variables.

    A total is returned as the instrument's variable only when every item is known (see
    ``calculators.instruments``). A calculation is reported when the score is complete, when its
    thresholds are already decided, or when at least half of the inputs its items read are known (then
    it lists what is missing). Fontaine/Rutherford staging is added when the measurements show PAD.
    ``derived=True``: the findings already hold every derived finding (the engine's case).

    ``cuts`` (the engine's ``CompiledKB.instrument_cuts``): every comparison the knowledge base's rules
    make on each instrument's variable. When a score is incomplete but its range of possible totals
    decides all of them (e.g. Wells already at 2 or more whatever the unanswered items say), the low end
    of the range is passed on as the variable, so those rules decide as early as the answers allow.
    Without ``cuts`` only complete totals are passed on. ``ranges``, when given, receives the
    (low, high) range of every variable passed on that way, so reports can say it is not a total.
    """
    out: dict[str, float] = {}
    calcs: list[model.Calculation] = []
    rows: Any = _read_table(kb) if derived else [(ins, (), ()) for ins in kb.instruments.values()]
    for ins, names, reads in rows:
        if derived:
            total, low, high, calc = _scored_by(ins, names, reads, findings, variables, kb)
        else:
            sc = score_instrument(ins, findings, variables, kb)
            total, low, high, calc = sc.total, sc.low, sc.high, _reported(sc)
        if total is not None:
            out[ins.variable] = total
        elif cuts is not None and cuts.get(ins.variable) and range_decides(low, high, cuts[ins.variable]):
            out[ins.variable] = low
            if ranges is not None:
                ranges[ins.variable] = (low, high)
        if calc is not None:
            calcs.append(calc)
    if pad_objectively_present(variables, kb):
        if derived:
            calcs.append(staged(findings, variables, kb))
        else:
            calcs.append(stage_case(findings, variables, kb).calculation)
    return out, calcs
