"""A generic scorer for points-based instruments (``InstrumentDef``) over three-valued findings.

Each item is a rule (``schema.Cond``) over findings and variables and is true, false or unknown. The
total is the sum of the points of true items. With unknown items the score is a range: the lowest total
counts every unknown item with negative points as true, the highest every unknown item with positive
points. A threshold ("total >= value") is decided when the whole range lies on one side of it.

Exposure to the engine (documented choice): the total is given to the engine as the instrument's
variable when every item is known. A partial range is shown in the calculation, with which items and
which inputs are missing; it is passed on (as its low end) only when it decides every comparison the
knowledge base's rules make on that variable (``CompiledKB.instrument_cuts``), so no rule can tell it
from the true total: Wells already at 2 or more whatever the unanswered items are says "DVT likely" at
once. The batch scorer follows the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from legdx import model
from legdx.calculators.base import KB, Tri, fmt, to_model
from legdx.knowledge import rules
from legdx.knowledge.schema import InstrumentDef, InstrumentItem, Threshold


@dataclass(slots=True)
class ItemScore:
    item: InstrumentItem
    state: Tri
    answered_directly: bool = False

    @property
    def scored(self) -> float:
        return self.item.points if self.state is True else 0.0


@dataclass(frozen=True)
class Verdict:
    threshold: Threshold
    met: Tri


@dataclass
class InstrumentScore:
    """The scored instrument; ``calculation()`` renders it for reports."""

    instrument: InstrumentDef
    items: list[ItemScore]
    low: float
    high: float
    verdicts: list[Verdict] = field(default_factory=list)
    inputs_known: int = 0  # answered findings and variables among those the items read
    inputs_total: int = 0
    # what the items were scored on, to name the unknown inputs when a report asks for them
    facts: Mapping[str, bool] = field(default_factory=dict, repr=False)
    variables: Mapping[str, float] = field(default_factory=dict, repr=False)
    kb: KB | None = field(default=None, repr=False)

    @property
    def complete(self) -> bool:
        return all(i.state is not None for i in self.items)

    @property
    def total(self) -> float | None:
        return self.low if self.complete else None

    @property
    def missing(self) -> list[str]:
        return [i.item.id for i in self.items if i.state is None]

    @property
    def unknown_inputs(self) -> list[str]:
        """The inputs (findings, variables) whose answers would settle the unknown items."""
        seen: dict[str, None] = {}
        for i in self.items:
            if i.state is None and not i.answered_directly:
                for name in _unknown_inputs(i.item.when, self.facts, self.variables, self.kb):
                    seen.setdefault(name, None)
        return list(seen)

    @property
    def known_count(self) -> int:
        return sum(1 for i in self.items if i.state is not None)

    @property
    def decided(self) -> bool:
        """Every threshold is decided (always true for a complete score)."""
        return all(v.met is not None for v in self.verdicts)

    @property
    def unverified(self) -> bool:
        ins = self.instrument
        return (ins.unverified or any(i.unverified for i in ins.items)
                or any(t.unverified for t in ins.thresholds))

    def calculation(self) -> model.Calculation:
        ins = self.instrument
        total = self.total
        lines: list[str] = []
        label = ins.name.clinician
        if total is not None:
            tag = " (unverified item weights)" if ins.unverified else ""
            lines.append(f"{label}: total {fmt(total)}{tag}.")
        else:
            lines.append(f"{label}: between {fmt(self.low)} and {fmt(self.high)} with {len(self.missing)} of "
                         f"{len(self.items)} items unknown ({', '.join(self.missing)}).")
        for v in self.verdicts:
            th = v.threshold
            tag = " (unverified cut-off)" if th.unverified else ""
            if v.met is True:
                lines.append(f"Cut-off {fmt(th.value)}{tag} reached: {th.meaning}.")
            elif v.met is False:
                lines.append(f"Cut-off {fmt(th.value)}{tag} not reached ({th.meaning}).")
            else:
                lines.append(f"Cut-off {fmt(th.value)}{tag} not yet decided; answer "
                             f"{', '.join(self.unknown_inputs) or ', '.join(self.missing)} to decide it.")
        if ins.unverified:
            lines.append("Unverified: the item weights or the rule are marked NRV in facts.md; check them "
                         "against the primary source before relying on the score.")
        result: dict[str, Any] = {
            "instrument": ins.id,
            "variable": ins.variable,
            "total": total,
            "range": [self.low, self.high],
            "complete": self.complete,
            "items": [
                {
                    "id": i.item.id,
                    "text": i.item.text.clinician,
                    "points": i.item.points,
                    "answer": {True: "yes", False: "no", None: "unknown"}[i.state],
                    "scored": i.scored,
                    "answered_directly": i.answered_directly,
                    "unverified": i.item.unverified or ins.unverified,
                }
                for i in self.items
            ],
            "missing": self.missing,
            "unknown_inputs": self.unknown_inputs,
            "verdicts": [
                {"threshold": v.threshold.id, "value": v.threshold.value, "met": v.met,
                 "meaning": v.threshold.meaning, "unverified": v.threshold.unverified}
                for v in self.verdicts
            ],
        }
        return model.fast(model.Calculation, 
            id=ins.id,
            name=label,
            result=result,
            interpretation=lines,
            thresholds=[to_model(t) for t in ins.thresholds],
            source=ins.source,
            unverified=self.unverified,
            complete=self.complete,
        )


def referenced_findings(instrument: InstrumentDef, kb: KB | None = None) -> list[str]:
    """Finding ids the items read, including the findings their derived findings are derived from."""
    out: dict[str, None] = {}
    stack = [f for item in instrument.items for f in sorted(rules.referenced_findings(item.when))]
    while stack:
        fid = stack.pop(0)
        if fid in out:
            continue
        out[fid] = None
        fdef = kb.findings.get(fid) if kb is not None else None
        if fdef is not None and fdef.derive is not None:
            stack.extend(sorted(rules.referenced_findings(fdef.derive)))
    return list(out)


def with_derived(rules_: Iterable[Any], findings: Mapping[str, bool], variables: Mapping[str, float],
                 kb: KB | None) -> dict[str, bool]:
    """``findings`` plus the derived findings the rules read that are not given (derived recursively).

    The engine derives every finding before scoring; this makes the scorer work on its own (CLI, tests).
    Stated findings are never overwritten here.
    """
    out = dict(findings)
    if kb is None:
        return out
    visiting: set[str] = set()

    def need(fid: str) -> None:
        if fid in out or fid in visiting:
            return
        fdef = kb.findings.get(fid)
        if fdef is None or fdef.derive is None:
            return
        visiting.add(fid)
        for dep in rules.referenced_findings(fdef.derive):
            need(dep)
        value = rules.compiled(fdef.derive)(rules.Context(findings=out, variables=variables))
        if value is not None:
            out[fid] = value

    for r in rules_:
        for fid in rules.referenced_findings(r):
            need(fid)
    return out


def _unknown_inputs(rule: Any, findings: Mapping[str, bool], variables: Mapping[str, float],
                    kb: KB | None) -> tuple[str, ...]:
    names: list[str] = []
    for fid in sorted(rules.referenced_findings(rule)):
        if fid not in findings:
            fdef = kb.findings.get(fid) if kb is not None else None
            if fdef is not None and fdef.derive is not None:
                names.extend(_unknown_inputs(fdef.derive, findings, variables, kb))
            # a finding derived from others is still answerable directly
            names.append(fid)
    names.extend(v for v in sorted(rules.referenced_variables(rule)) if v not in variables)
    return tuple(dict.fromkeys(names))


def score_instrument(instrument: InstrumentDef, findings: Mapping[str, bool], variables: Mapping[str, float],
                     kb: KB | None = None, answers: Mapping[str, bool] | None = None,
                     derived: bool = False) -> InstrumentScore:
    """Score one instrument.

    ``findings`` are known states (True present, False absent; unknown ones are left out), ``variables``
    numeric values (``age``, ``abi_lowest`` ...). ``answers`` (item id -> True/False) sets items directly,
    overriding their rule, e.g. when a clinician ticks "good peripheral circulation". With ``kb``, derived
    findings the items read are derived first when they are not given; ``derived=True`` says the caller
    (the engine) has derived every derived finding already, so that step is skipped.
    """
    if answers:
        unknown_items = set(answers) - {i.id for i in instrument.items}
        if unknown_items:
            raise KeyError(f"instrument '{instrument.id}' has no item {sorted(unknown_items)}")
    else:
        answers = {}
    facts = findings if derived else with_derived([i.when for i in instrument.items], findings, variables, kb)
    ctx = rules.Context(findings=facts, variables=variables)
    items: list[ItemScore] = []
    true_sum = 0.0  # points of true items
    low_unknown = 0.0  # negative points of unknown items (the lowest total counts them)
    high_unknown = 0.0  # positive points of unknown items (the highest total counts them)
    for item, when in _compiled_items(instrument):
        if item.id in answers:
            state: Tri = bool(answers[item.id])
            items.append(ItemScore(item, state, answered_directly=True))
        else:
            state = when(ctx)
            items.append(ItemScore(item, state))
        if state is True:
            true_sum += item.points
        elif state is None:
            low_unknown += min(0.0, item.points)
            high_unknown += max(0.0, item.points)
    low = true_sum + low_unknown
    high = true_sum + high_unknown
    verdicts = []
    for th in instrument.thresholds:
        met: Tri = True if low >= th.value else (False if high < th.value else None)
        verdicts.append(Verdict(th, met))
    known, total = instrument_inputs_known(instrument, findings, variables, kb)
    return InstrumentScore(instrument, items, float(low), float(high), verdicts, known, total,
                           facts, variables, kb)


_ITEMS_CACHE: dict[int, tuple[InstrumentDef, list[tuple[InstrumentItem, rules.Compiled]]]] = {}


def _compiled_items(instrument: InstrumentDef) -> list[tuple[InstrumentItem, rules.Compiled]]:
    hit = _ITEMS_CACHE.get(id(instrument))
    if hit is None or hit[0] is not instrument:
        hit = _ITEMS_CACHE[id(instrument)] = (
            instrument, [(i, rules.compiled(i.when)) for i in instrument.items])
    return hit[1]


#: (instrument id, kb id) -> (instrument, answerable finding ids, variables); instruments live for the process
_INPUTS_CACHE: dict[tuple[int, int], tuple[InstrumentDef, set[str], set[str]]] = {}


def instrument_reads(
    instrument: InstrumentDef, kb: KB
) -> tuple[tuple[str, ...], tuple[tuple[str, tuple[tuple[str, float], ...]], ...]]:
    """Everything a score reads: the findings its items read (with, through derived findings, the
    findings those are derived from), and each variable of all those rules with every comparison the
    rules make on it (a rule reads a variable only through these). Cached per instrument."""
    key = (id(instrument), id(kb))
    hit = _READS_CACHE.get(key)
    if hit is not None and hit[0] is instrument:
        return hit[1]
    names = referenced_findings(instrument, kb)
    read = [item.when for item in instrument.items]
    for fid in names:
        fdef = kb.findings.get(fid)
        if fdef is not None and fdef.derive is not None:
            read.append(fdef.derive)
    cuts: dict[str, list[tuple[str, float]]] = {}
    for rule in read:
        for var in sorted(rules.referenced_variables(rule)):
            cuts.setdefault(var, [])
        for var, op, value in rules.comparisons(rule):
            if (op, value) not in cuts[var]:
                cuts[var].append((op, value))
    reads = (tuple(names), tuple((v, tuple(c)) for v, c in sorted(cuts.items())))
    _READS_CACHE[key] = (instrument, reads)
    return reads


_READS_CACHE: dict[tuple[int, int], tuple[InstrumentDef, Any]] = {}


def instrument_inputs_known(instrument: InstrumentDef, findings: Mapping[str, bool],
                            variables: Mapping[str, float], kb: KB | None) -> tuple[int, int]:
    """(known, total) answerable inputs of an instrument: findings that are not derived, and variables."""
    key = (id(instrument), id(kb))
    cached = _INPUTS_CACHE.get(key)
    if cached is not None and cached[0] is instrument:
        names, var_names = cached[1], cached[2]
    else:
        names, var_names = set(), set()
        for item in instrument.items:
            var_names |= rules.referenced_variables(item.when)
        for fid in referenced_findings(instrument, kb):
            fdef = kb.findings.get(fid) if kb is not None else None
            if fdef is not None and fdef.derive is not None:
                var_names |= rules.referenced_variables(fdef.derive)
            else:
                names.add(fid)
        _INPUTS_CACHE[key] = (instrument, names, var_names)
    known = sum(1 for f in names if f in findings) + sum(1 for v in var_names if v in variables)
    return known, len(names) + len(var_names)
