"""Screening rules over columns: the knowledge base's rule language, two-valued, vectorised with numpy.

EHR data are two-valued for screening: a name that is not on record is false, a comparison with an
unknown number is false. ``check`` validates a rule before any data is read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

_OPS: dict[str, Callable[[np.ndarray, float], np.ndarray]] = {
    "gt": np.greater,
    "ge": np.greater_equal,
    "lt": np.less,
    "le": np.less_equal,
    "eq": np.equal,
}
FORMS = ("a name", "all", "any", "not", "var", "prob", "red_flag")


@dataclass
class Names:
    """What rules may refer to (for ``check``)."""

    names: set[str]
    variables: set[str]
    conditions: set[str]
    red_flags: set[str]
    levels: tuple[str, ...] = ()


@dataclass
class Frame:
    """Columns of one batch: booleans by name, numbers by variable, probabilities, red flags."""

    n: int
    flags: Mapping[str, np.ndarray]
    variables: Mapping[str, np.ndarray]
    probabilities: Mapping[str, np.ndarray] = field(default_factory=dict)
    red_flags: Mapping[str, np.ndarray] = field(default_factory=dict)


def evaluate(rule: Any, fr: Frame) -> np.ndarray:
    """A boolean array: where the rule holds."""
    if rule is True or rule is False:
        return np.full(fr.n, bool(rule))
    if isinstance(rule, str):
        return np.asarray(fr.flags[rule], dtype=bool)
    if "all" in rule:
        out = np.ones(fr.n, bool)
        for r in rule["all"]:
            out &= evaluate(r, fr)
        return out
    if "any" in rule:
        out = np.zeros(fr.n, bool)
        for r in rule["any"]:
            out |= evaluate(r, fr)
        return out
    if "not" in rule:
        return ~evaluate(rule["not"], fr)
    if "red_flag" in rule:
        return np.asarray(fr.red_flags[rule["red_flag"]], dtype=bool)
    key = "var" if "var" in rule else "prob"
    x = (fr.variables if key == "var" else fr.probabilities)[rule[key]]
    out = ~np.isnan(x)
    with np.errstate(invalid="ignore"):
        for op, fn in _OPS.items():
            if op in rule:
                out &= fn(x, float(rule[op]))
    return out


def check(rule: Any, names: Names, where: str) -> list[str]:
    """Problems with a rule: unknown names, unknown forms, bad comparisons; empty when sound."""
    problems: list[str] = []

    def walk(r: Any, path: str) -> None:
        if r is True or r is False:
            return
        if isinstance(r, str):
            if r not in names.names:
                problems.append(f"{path}: unknown name '{r}' (not a concept, feature or finding)")
            return
        if not isinstance(r, dict) or not r:
            problems.append(f"{path}: expected a name or a mapping, got {r!r}")
            return
        keys = set(r)
        if keys & {"all", "any"}:
            key = "all" if "all" in keys else "any"
            if keys != {key} or not isinstance(r[key], list) or not r[key]:
                problems.append(f"{path}: '{key}' takes a non-empty list and nothing beside it")
                return
            for i, sub in enumerate(r[key]):
                walk(sub, f"{path}.{key}[{i}]")
        elif "not" in keys:
            if keys != {"not"}:
                problems.append(f"{path}: 'not' stands alone")
                return
            walk(r["not"], f"{path}.not")
        elif "red_flag" in keys:
            if keys != {"red_flag"} or r["red_flag"] not in names.red_flags:
                problems.append(
                    f"{path}: unknown red flag {r.get('red_flag')!r} (known: {sorted(names.red_flags)})"
                )
        elif keys & {"var", "prob"}:
            key = "var" if "var" in keys else "prob"
            ops = keys - {key}
            if not ops or not ops <= set(_OPS):
                problems.append(f"{path}: '{key}' needs one or more of {sorted(_OPS)}, got {sorted(ops)}")
            known = names.variables if key == "var" else names.conditions
            if r[key] not in known:
                problems.append(
                    f"{path}.{key}: unknown {'variable' if key == 'var' else 'condition'} '{r[key]}'"
                )
            for op in ops & set(_OPS):
                if not isinstance(r[op], int | float) or isinstance(r[op], bool):
                    problems.append(f"{path}.{op}: expected a number, got {r[op]!r}")
        else:
            problems.append(f"{path}: unknown rule form {sorted(keys)}; known forms: {', '.join(FORMS)}")

    walk(rule, where)
    return problems


def check_evidence(item: Any, names: Names, where: str) -> list[str]:
    """An evidence item is a name (shown when true), {not: name} (shown as 'no name') or {var: x}."""
    if isinstance(item, str):
        return [] if item in names.names else [f"{where}: unknown name '{item}'"]
    if isinstance(item, dict) and set(item) == {"not"} and isinstance(item["not"], str):
        return check_evidence(item["not"], names, where)
    if isinstance(item, dict) and set(item) == {"var"}:
        return [] if item["var"] in names.variables else [f"{where}: unknown variable '{item['var']}'"]
    return [f"{where}: an evidence item is a name, {{not: name}} or {{var: variable}}, not {item!r}"]


def evidence_text(items: list[Any], fr: Frame, rows: np.ndarray) -> list[str]:
    """'; '-joined evidence for the given rows (indices into the frame)."""
    parts: list[np.ndarray] = []
    for item in items:
        if isinstance(item, str):
            on = np.asarray(fr.flags[item], dtype=bool)[rows]
            parts.append(np.where(on, item, ""))
        elif "not" in item:
            off = ~np.asarray(fr.flags[item["not"]], dtype=bool)[rows]
            parts.append(np.where(off, f"no {item['not']}", ""))
        else:
            name = item["var"]
            x = np.asarray(fr.variables[name], dtype=np.float64)[rows]
            text = np.array([f"{name}={v:g}" if v == v else "" for v in x.tolist()], dtype=object)
            parts.append(text)
    if not parts:
        return [""] * len(rows)
    return ["; ".join(p for p in row if p) for row in zip(*[p.tolist() for p in parts], strict=True)]
