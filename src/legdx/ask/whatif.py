"""What-if on the current case: read the change, edit the case, re-run the engine, say what moved and why.

Reading a change, in order: numbers (``what_if_numbers`` in ``ask/data/lexicon.yaml``: ABI, TBI, toe and
ankle pressure, age, lab values), fixed phrases (``what_if_phrases``), then the free-text reader
(``legdx.text``) on the same words, or, without it, the knowledge base's own finding names and
synonyms with a simple negation rule.

Applying a change keeps the engine the judge. Findings and measurement ids are set on the case. A
computed variable (an ABI, a TBI, the lowest toe pressure) is not a case field, so the findings the
knowledge base derives from it (its ``derive`` rules, e.g. ``abi_le_0_90``) are evaluated with the new
value and stated on the case; measurements that would recompute the variable are set aside (and said
so). The edited case is returned: ``legdx assess`` on it reproduces the new result exactly.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from legdx import model
from legdx.ask.lexicon import Compiled
from legdx.ask.models import Change, ConditionChange, LRChange, NextStep, TriageChange, WhatIf
from legdx.errors import InputError
from legdx.knowledge import rules


@dataclass
class Edits:
    findings: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (state, said)
    numbers: dict[str, tuple[float, str]] = field(default_factory=dict)  # variable -> (value, said)
    names: dict[str, str] = field(default_factory=dict)  # variable -> how to name it
    not_understood: str | None = None
    consumed: list[tuple[int, int]] = field(default_factory=list)  # spans of the change already read
    warnings: list[str] = field(default_factory=list)


def strip_cue(question: str, lx: Compiled) -> str | None:
    """The change a what-if question asks for (its cue removed), or None if it is not a what-if."""
    for rx in lx.what_if:
        m = rx.search(question)
        if m:
            rest = question[m.end() :].strip(" ,?.!")
            return rest
    return None


def parse(change: str, kb: Any, lx: Compiled, reader: Any = None) -> Edits:
    """Turn the words of a change into finding and number edits."""
    out = Edits()
    text = change.lower()
    masked = text
    for rx, spec in lx.what_if_numbers:
        for m in rx.finditer(masked):
            value = float(m.group("n") if "n" in rx.groupindex else m.group(m.lastindex or 0))
            if not (spec.min <= value <= spec.max):
                out.warnings.append(
                    f"'{m.group(0)}': {value:g} is outside the plausible range for "
                    f"{spec.variable} ({spec.min:g} to {spec.max:g}); ignored"
                )
                continue
            var = spec.variable
            window = text[max(0, m.start() - 20) : m.end() + 25]
            if spec.left and re.search(r"\bleft\b", window) and not re.search(r"\bright\b", window):
                var = spec.left
            elif spec.right and re.search(r"\bright\b", window) and not re.search(r"\bleft\b", window):
                var = spec.right
            out.numbers.setdefault(var, (value, change[m.start() : m.end()]))
            side = "left" if var == spec.left else "right" if var == spec.right else ""
            plain = spec.name.removeprefix("Lowest ")
            out.names.setdefault(var, f"{plain[:1].upper()}{plain[1:]} ({side} leg)" if side else spec.name)
            masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
            out.consumed.append((m.start(), m.end()))
    for rx, ph in lx.what_if_phrases:
        hit = rx.search(masked)
        if hit is None:
            continue
        m = hit
        for fid, state in ph.set.items():
            if fid in kb.findings:
                out.findings.setdefault(fid, (state, change[m.start() : m.end()]))
        masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
        out.consumed.append((m.start(), m.end()))
    rest = " ".join(masked.split())
    if _has_content(rest, lx):
        found = _read(change, rest, kb, lx, reader, out)
        if not found:
            out.not_understood = rest
    return out


def _has_content(text: str, lx: Compiled) -> bool:
    return any(t not in lx.filler for t in lx.tokens(text))


def _read(change: str, rest: str, kb: Any, lx: Compiled, reader: Any, out: Edits) -> bool:
    """Findings the free-text reader (or the KB's names and synonyms) finds in what is left."""
    found = False
    if reader is not None:
        res = reader(change)

        def fresh(span: tuple[int, int]) -> bool:
            return not any(span[0] < e and s < span[1] for s, e in out.consumed)

        for tf in res.findings:
            if tf.state not in ("present", "absent") or tf.id in out.findings or not fresh(tf.span):
                continue
            out.findings[tf.id] = (tf.state, tf.text)
            found = True
        if out.numbers:  # numbers are read by the lexicon's patterns first; the reader adds none then
            return found
        if res.case.age is not None:
            out.numbers["age"] = (float(res.case.age), "age")
            found = True
        for mid, val in res.case.measurements.items():
            out.numbers[mid] = (float(val), mid)
            found = True
        return found
    # fallback: the knowledge base's own words
    best: list[tuple[int, int, str, str]] = []  # (start, end, fid, said)
    for f in kb.findings.values():
        for phrase in (f.name.clinician, f.name.patient, *f.synonyms):
            p = phrase.lower().strip()
            if len(p) < 4:
                continue
            for m in re.finditer(r"\b" + re.escape(p) + r"\b", rest):
                best.append((m.start(), m.end(), f.id, rest[m.start() : m.end()]))
    best.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    taken_end = -1
    for start, end, fid, said in best:
        if start < taken_end or fid in out.findings:
            continue
        before = rest[max(0, start - 25) : start]
        state = "absent" if lx.negation.search(before) else "present"
        out.findings[fid] = (state, said)
        taken_end = end
        found = True
    return found


# --------------------------------------------------------------------------------------------------
# Applying edits


def apply(
    case: model.Case, edits: Edits, kb: Any, lx: Compiled
) -> tuple[model.Case, list[Change], list[str]]:
    """The edited case, the changes made (including findings derived from new numbers), and notes."""
    data = case.model_dump(exclude_none=True)
    data.pop("text", None)
    findings: dict[str, Any] = dict(data.get("findings", {}))
    measurements: dict[str, float] = dict(data.get("measurements", {}))
    changes: list[Change] = []
    notes: list[str] = []

    for fid, (state, said) in edits.findings.items():
        old = case.state_of(fid)
        findings[fid] = {"state": state, "origin": "input"}
        changes.append(
            Change(
                kind="finding",
                target=fid,
                name=kb.findings[fid].name.clinician,
                old=old,
                new=state,
                said=said,
            )
        )

    base_vars = _measure(measurements, kb)
    overrides: dict[str, float] = {}
    for var, (value, said) in edits.numbers.items():
        if var == "age":
            changes.append(
                Change(kind="age", target="age", name="Age (years)", old=case.age, new=value, said=said)
            )
            data["age"] = value
        elif var in kb.measurements:
            changes.append(
                Change(
                    kind="measurement",
                    target=var,
                    name=kb.measurements[var].name,
                    old=measurements.get(var),
                    new=value,
                    said=said,
                )
            )
            measurements[var] = value
        elif var in kb.variables:
            changes.append(
                Change(
                    kind="variable",
                    target=var,
                    name=edits.names.get(var, var.replace("_", " ")),
                    old=base_vars.get(var),
                    new=value,
                    said=said,
                )
            )
            overrides[var] = value
        else:
            raise InputError(f"a what-if cannot set '{var}'", "question")

    if overrides:
        _aggregate(overrides, base_vars, lx)
        # measurements that would recompute an overridden variable are set aside (repeatedly: DP and PT,
        # or the two arms, stand in for each other)
        dropped: list[str] = []
        for _ in range(len(measurements) + 1):
            cur = _measure(measurements, kb)
            live = [v for v in overrides if v in cur]
            if not live:
                break
            culprits = [
                mid for mid in measurements
                if any(_measure({k: x for k, x in measurements.items() if k != mid}, kb).get(v) != cur[v]
                       for v in live)
            ]
            if not culprits:
                break
            for mid in culprits:
                measurements.pop(mid)
            dropped += culprits
        if dropped:
            notes.append(
                "the measurements " + ", ".join(dropped) + " were set aside, because they would "
                "recompute the value the question changes"
            )
        after = _measure(measurements, kb)
        stated = {v: x for v, x in base_vars.items() if v not in after or after[v] != x}
        stated.update(overrides)
        variables = {**after, **stated}
        if data.get("age") is not None:
            variables["age"] = float(data["age"])
        given = {
            fid: f["state"] == "present"
            for fid, f in findings.items()
            if f.get("state") in ("present", "absent")
        }
        ctx = rules.Context(findings=given, variables=variables)
        origin = "; ".join(
            f"{edits.names.get(v, v)} {x:g}" for v, (x, _s) in edits.numbers.items() if v in overrides
        )
        for f in kb.findings.values():
            if f.derive is None or not (rules.referenced_variables(f.derive) & set(stated)):
                continue
            derived = rules.evaluate(f.derive, ctx)
            if derived is None:
                continue
            state = "present" if derived else "absent"
            old = case.state_of(f.id)
            findings[f.id] = {"state": state, "origin": "input"}
            if old != state and f.id not in edits.findings:
                changes.append(
                    Change(
                        kind="finding",
                        target=f.id,
                        name=f.name.clinician,
                        old=old,
                        new=state,
                        said=f"derived from {origin}",
                    )
                )

    data["findings"] = findings
    data["measurements"] = measurements
    try:
        return model.Case.model_validate(data), changes, notes
    except Exception as exc:  # pragma: no cover - defensive: a bad edit is a user error
        raise InputError(f"the change could not be applied to the case: {exc}", "question") from exc


def _measure(measurements: dict[str, float], kb: Any) -> dict[str, float]:
    from legdx import calculators

    if not measurements:
        return {}
    variables, _, _ = calculators.measure(measurements, kb)
    return variables


def _aggregate(overrides: dict[str, float], base: dict[str, float], lx: Compiled) -> None:
    """Keep sided variables consistent: a side (abi_left) also sets the lowest (abi_lowest) and highest."""
    for _rx, spec in lx.what_if_numbers:
        sided = [v for v in (spec.left, spec.right) if v]
        if any(v in overrides for v in sided):
            vals = [overrides.get(v, base.get(v)) for v in sided]
            known = [x for x in vals if x is not None]
            overrides[spec.variable] = min(known)
            if spec.highest:
                overrides[spec.highest] = max(known)
        elif spec.variable in overrides and spec.highest and spec.highest not in overrides:
            hi = base.get(spec.highest)
            overrides[spec.highest] = (
                max(overrides[spec.variable], hi) if hi is not None else overrides[spec.variable]
            )


# --------------------------------------------------------------------------------------------------
# Comparing two assessments


def compare(
    old: model.Assessment,
    new: model.Assessment,
    changes: list[Change],
    edited: model.Case,
    audience: str,
    top: int = 5,
) -> WhatIf:
    tri = TriageChange(
        old=old.triage.level,
        new=new.triage.level,
        old_label=old.triage.label,
        new_label=new.triage.label,
        changed=old.triage.level != new.triage.level,
    )
    o = {d.id: d for d in old.differential}
    n = {d.id: d for d in new.differential}
    ids = list(dict.fromkeys([d.id for d in new.differential[:top]] + [d.id for d in old.differential[:top]]))
    conds = []
    for cid in ids:
        po, pn = o[cid].probability, n[cid].probability
        conds.append(ConditionChange(id=cid, name=n[cid].name, old=po, new=pn, delta=round(pn - po, 4)))
    conds.sort(key=lambda c: -c.new)
    why: list[LRChange] = []
    for c in conds:
        ev_old = {e.finding: e for e in (*o[c.id].evidence_for, *o[c.id].evidence_against)}
        ev_new = {e.finding: e for e in (*n[c.id].evidence_for, *n[c.id].evidence_against)}
        for fid in dict.fromkeys([*ev_new, *ev_old]):
            a, b = ev_old.get(fid), ev_new.get(fid)
            if a is not None and b is not None and a.state == b.state and math.isclose(a.lr_used, b.lr_used):
                continue
            kind = "added" if a is None else "removed" if b is None else "changed"
            e = b or a
            assert e is not None
            why.append(
                LRChange(
                    condition=c.id,
                    finding=fid,
                    name=e.name,
                    change=kind,  # type: ignore[arg-type]
                    state_old=a.state if a else None,
                    state_new=b.state if b else None,
                    lr_old=a.lr_used if a else None,
                    lr_new=b.lr_used if b else None,
                    source=e.source,
                    text=_why_text(c.name, e.name, kind, a, b),
                )
            )
    flags_old = {r.id: r.name for r in old.red_flags}
    flags_new = {r.id: r.name for r in new.red_flags}
    return WhatIf(
        red_flags_added=[n for i, n in flags_new.items() if i not in flags_old],
        red_flags_removed=[n for i, n in flags_old.items() if i not in flags_new],
        changes=changes,
        triage=tri,
        conditions=conds,
        next_step=_next(old, new),
        why=why,
        case=edited.model_dump(mode="json", exclude_none=True),
    )


def _why_text(cond: str, finding: str, kind: str, a: model.Evidence | None, b: model.Evidence | None) -> str:
    def adj(e: model.Evidence) -> str:
        return f" ({e.adjustment})" if e.adjustment else ""

    if kind == "added" and b is not None:
        return f"{cond}: {finding} ({b.state}) now counts, LR {b.lr_used:g}{adj(b)}"
    if kind == "removed" and a is not None:
        return f"{cond}: {finding} ({a.state}, LR {a.lr_used:g}) no longer counts"
    assert a is not None and b is not None
    return f"{cond}: {finding} {a.state} -> {b.state}, LR {a.lr_used:g} -> {b.lr_used:g}{adj(b)}"


def next_step_text(a: model.Assessment) -> str:
    first = next((w for w in a.workup if not w.done), None)
    return a.triage.action + (f" First test: {first.name}." if first else "")


def _next(old: model.Assessment, new: model.Assessment) -> NextStep:
    so, sn = next_step_text(old), next_step_text(new)
    return NextStep(old=so, new=sn, changed=so != sn)
