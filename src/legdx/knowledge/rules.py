"""The small rule language of the knowledge base (see ``schema.Cond``), in three-valued logic.

A rule evaluates to True, False or None (unknown). Red flags fire only on True; derived
findings take the value as their state; instruments count items that are True.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

Tri = bool | None

#: the numeric comparisons of the rule language (``{var: x, ge: 2}``), by name
NUM_OPS: dict[str, Callable[[float, float], bool]] = {
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
    "eq": operator.eq,
}
_LEVEL_KEYS = {"all", "any", "not", "absent", "known", "at_least", "of", "var", "prob", "triage_at_least"}


class RuleError(ValueError):
    """A rule that does not parse; the message names the part at fault."""


@dataclass
class Context:
    """What a rule can see: finding states, numeric variables, probabilities, triage rank."""

    findings: Mapping[str, bool]  # id -> True present / False absent (unknown = missing)
    variables: Mapping[str, float] = field(default_factory=dict)
    probabilities: Mapping[str, float] = field(default_factory=dict)
    triage_rank: int | None = None  # index in TRIAGE_ORDER, 0 most urgent
    triage_order: tuple[str, ...] = ()


def evaluate(rule: Any, ctx: Context) -> Tri:
    """Evaluate ``rule`` against ``ctx`` (through its compiled form, built once per rule)."""
    return compiled(rule)(ctx)



def check(
    rule: Any,
    *,
    findings: set[str],
    conditions: set[str],
    levels: tuple[str, ...],
    variables: set[str] | None = None,
    where: str = "rule",
) -> list[str]:
    """Return problems with a rule (unknown finding ids, bad forms); empty when it is sound."""
    problems: list[str] = []

    def walk(r: Any, path: str) -> None:
        if r is True or r is False:
            return
        if isinstance(r, str):
            if r not in findings:
                problems.append(f"{path}: unknown finding id '{r}'")
            return
        if not isinstance(r, dict):
            problems.append(f"{path}: expected a finding id, true/false or a mapping, got {r!r}")
            return
        keys = set(r)
        if "all" in keys or "any" in keys:
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
        elif "absent" in keys or "known" in keys:
            key = "absent" if "absent" in keys else "known"
            if keys != {key}:
                problems.append(f"{path}: '{key}' stands alone")
            elif r[key] not in findings:
                problems.append(f"{path}.{key}: unknown finding id '{r[key]}'")
        elif "at_least" in keys:
            if keys != {"at_least", "of"} or not isinstance(r["of"], list):
                problems.append(f"{path}: 'at_least' needs 'of' with a list")
                return
            for i, sub in enumerate(r["of"]):
                walk(sub, f"{path}.of[{i}]")
        elif "var" in keys or "prob" in keys:
            key = "var" if "var" in keys else "prob"
            ops = keys - {key}
            if not ops or not ops <= set(NUM_OPS):
                problems.append(f"{path}: '{key}' needs one or more of {sorted(NUM_OPS)}, got {sorted(ops)}")
            if key == "prob" and r[key] not in conditions:
                problems.append(f"{path}.prob: unknown condition id '{r[key]}'")
            if key == "var" and variables is not None and r[key] not in variables:
                problems.append(f"{path}.var: unknown variable '{r[key]}'")
            for op in ops & set(NUM_OPS):
                if not isinstance(r[op], int | float) or isinstance(r[op], bool):
                    problems.append(f"{path}.{op}: expected a number, got {r[op]!r}")
        elif "triage_at_least" in keys:
            if r["triage_at_least"] not in levels:
                problems.append(f"{path}: unknown triage level '{r['triage_at_least']}'")
        else:
            problems.append(f"{path}: unknown rule form {sorted(keys)}; known: {sorted(_LEVEL_KEYS)}")

    walk(rule, where)
    return problems


_REF_CACHE: dict[tuple[str, int], tuple[Any, frozenset[str]]] = {}


def _memo(kind: str, rule: Any, compute: Callable[[Any], set[str]]) -> frozenset[str]:
    """Memoise by identity: knowledge-base rules live for the whole process. The rule itself is kept
    in the cache so that its id cannot be reused by another object while cached."""
    if isinstance(rule, str):
        return frozenset(compute(rule))
    key = (kind, id(rule))
    hit = _REF_CACHE.get(key)
    if hit is not None and hit[0] is rule:
        return hit[1]
    value = frozenset(compute(rule))
    if len(_REF_CACHE) > 100_000:
        _REF_CACHE.clear()
    _REF_CACHE[key] = (rule, value)
    return value


def referenced_findings(rule: Any) -> frozenset[str]:
    """Finding ids a rule reads (for dependency order and 'what would change this')."""
    return _memo("f", rule, _referenced_findings)


def referenced_variables(rule: Any) -> frozenset[str]:
    """Numeric variables a rule reads."""
    return _memo("v", rule, _referenced_variables)


def comparisons(rule: Any) -> list[tuple[str, str, float]]:
    """Every numeric comparison on a variable in a rule: (variable, op, value).

    For example ``('wells_score', 'ge', 2.0)``."""
    return [
        (r["var"], op, float(r[op]))
        for r in _nodes(rule)
        if isinstance(r, dict) and "var" in r
        for op in NUM_OPS
        if op in r
    ]


def _nodes(rule: Any) -> Iterator[Any]:
    """Every node of a rule, itself first: finding ids (strings) and sub-rules (dicts)."""
    yield rule
    if isinstance(rule, dict):
        for key in ("all", "any", "of"):
            for sub in rule.get(key, []) or []:
                yield from _nodes(sub)
        if "not" in rule:
            yield from _nodes(rule["not"])


def _referenced_findings(rule: Any) -> set[str]:
    out: set[str] = set()
    for r in _nodes(rule):
        if isinstance(r, str):
            out.add(r)
        elif isinstance(r, dict):
            out.update(r[key] for key in ("absent", "known") if key in r)
    return out


def _referenced_variables(rule: Any) -> set[str]:
    return {r["var"] for r in _nodes(rule) if isinstance(r, dict) and "var" in r}


# --------------------------------------------------------------------------------------------------
# Compiled rules: the same semantics as ``evaluate``, as closures built once per rule (hot paths).

Compiled = Callable[[Context], Tri]
_COMPILED: dict[int, tuple[Any, Compiled]] = {}


def compiled(rule: Any) -> Compiled:
    """``rule`` compiled to a function of a Context (memoised by identity, like referenced_findings)."""
    hit = _COMPILED.get(id(rule))
    if hit is not None and hit[0] is rule:
        return hit[1]
    fn = _compile(rule)
    if not isinstance(rule, str | bool):
        if len(_COMPILED) > 100_000:
            _COMPILED.clear()
        _COMPILED[id(rule)] = (rule, fn)
    return fn


# Three-valued logic coded as 0 (False), 1 (unknown), 2 (True): "all" is min, "any" is max, "not" is 2 - x.
_ENC: dict[Any, int] = {True: 2, False: 0, None: 1}
_DEC: tuple[Tri, Tri, Tri] = (False, None, True)
_OP_SRC = {"gt": ">", "ge": ">=", "lt": "<", "le": "<=", "eq": "=="}


def _at_least(need: int, vals: tuple[int, ...]) -> int:
    true = vals.count(2)
    if true >= need:
        return 2
    if true + vals.count(1) < need:
        return 0
    return 1


def _compile(rule: Any) -> Compiled:
    """Generate one Python function per rule (no call per node): much faster than a tree of closures."""
    if rule is True or rule is False:
        const = bool(rule)
        return lambda ctx: const
    if isinstance(rule, str):
        fid = rule
        return lambda ctx: ctx.findings.get(fid)
    consts: list[Any] = []
    lines: list[str] = []

    def lit(value: Any) -> str:
        # ids and finite numbers are written into the code as literals (repr round-trips them exactly)
        if type(value) is str or (type(value) is float and math.isfinite(value)):
            return repr(value)
        consts.append(value)
        return f"_c[{len(consts) - 1}]"

    def expr(r: Any) -> str:
        if r is True or r is False:
            return "2" if r else "0"
        if isinstance(r, str):
            return f"_E[f.get({lit(r)})]"
        if not isinstance(r, dict):
            raise RuleError(f"a rule must be a finding id, true/false or a mapping, not {r!r}")
        if "all" in r:
            parts = [expr(x) for x in r["all"]]
            return "2" if not parts else (parts[0] if len(parts) == 1 else f"min({', '.join(parts)})")
        if "any" in r:
            parts = [expr(x) for x in r["any"]]
            return "0" if not parts else (parts[0] if len(parts) == 1 else f"max({', '.join(parts)})")
        if "not" in r:
            return f"(2 - {expr(r['not'])})"
        if "absent" in r:
            return f"(2 - _E[f.get({lit(r['absent'])})])"
        if "known" in r:
            return f"(2 if {lit(r['known'])} in f else 0)"
        if "at_least" in r:
            parts = [expr(x) for x in r["of"]]
            return f"_atl({int(r['at_least'])}, ({', '.join(parts)},))"
        if "var" in r or "prob" in r:
            ops = [(_OP_SRC[k], float(r[k])) for k in r if k in NUM_OPS]
            src = "v" if "var" in r else "p"
            name = lit(r["var"] if "var" in r else r["prob"])
            n = len(lines)
            lines.append(f"    x{n} = {src}.get({name})")
            test = " and ".join(f"x{n} {op} {lit(x)}" for op, x in ops) or "True"
            return f"(1 if x{n} is None else (2 if {test} else 0))"
        if "triage_at_least" in r:
            level = lit(r["triage_at_least"])
            rank = f"ctx.triage_order.index({level})"
            return f"(1 if ctx.triage_rank is None else (2 if ctx.triage_rank <= {rank} else 0))"
        raise RuleError(f"unknown rule form {sorted(r)}")

    body = expr(rule)
    code = "".join(line + "\n" for line in lines) + f"    return _D[{body}]\n"
    # read only the parts of the context the rule uses
    head = "".join(
        f"    {name} = ctx.{part}\n"
        for name, part in (("f", "findings"), ("v", "variables"), ("p", "probabilities"))
        if re.search(rf"\b{name}\b", code)
    )
    src = "def rule(ctx):\n" + head + code
    env: dict[str, Any] = {"_c": tuple(consts), "_E": _ENC, "_D": _DEC, "_atl": _at_least}
    exec(compile(src, "<legdx rule>", "exec"), env)  # noqa: S102 - generated from the rule's structure only
    fn: Compiled = env["rule"]
    return fn
