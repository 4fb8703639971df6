"""The vectorised path: many cases at once with numpy, for population screening.

It computes the same numbers as the single-case path (``core.differential``, ``core.red_flags``):
derived findings, cluster rules, shrunk LRs, priors by setting and age, and red-flag floors. A test
checks the two paths agree case by case.

Cases come as a ``Batch``: a state matrix (rows = cases, columns = findings; 1 present, -1 absent,
0 unknown), a dict of numeric variables (float arrays, NaN = unknown) and the setting.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from legdx import model
from legdx.engine.compiled import CompiledKB, default_compiled, select_pretest
from legdx.knowledge.schema import TRIAGE_ORDER

_OPS: dict[str, Callable[..., np.ndarray]] = {
    "gt": np.greater,
    "ge": np.greater_equal,
    "lt": np.less,
    "le": np.less_equal,
    "eq": np.equal,
}


@dataclass
class Batch:
    states: np.ndarray  # int8 [n, F] in the compiled finding order
    variables: dict[str, np.ndarray]  # float64 [n], NaN unknown
    setting: str = "primary_care"

    @property
    def n(self) -> int:
        return int(self.states.shape[0])


@dataclass
class BatchResult:
    probabilities: np.ndarray  # float64 [n, C] in the compiled condition order
    triage_floor: np.ndarray  # int8 [n]: index in TRIAGE_ORDER of the most urgent red flag, 5 = none
    red_flags: np.ndarray  # bool [n, R] in kb.red_flags order
    states: np.ndarray  # the states after derivation


def from_cases(cases: Sequence[model.Case], ck: CompiledKB | None = None) -> Batch:
    """Build a batch from Case objects (measurements go through the calculators once each)."""
    from legdx import calculators

    ck = ck or default_compiled()
    n = len(cases)
    states = np.zeros((n, len(ck.finding_ids)), dtype=np.int8)
    var_rows: list[dict[str, float]] = []
    settings = {c.setting for c in cases} or {"primary_care"}
    if len(settings) > 1:
        raise ValueError("a batch has one setting; split the cases by setting")
    for i, c in enumerate(cases):
        for fid, fin in c.findings.items():
            if fin.state == "present":
                states[i, ck.find_index[fid]] = 1
            elif fin.state == "absent":
                states[i, ck.find_index[fid]] = -1
        v, _, _ = calculators.measure(dict(c.measurements), ck.kb)
        if c.age is not None:
            v["age"] = float(c.age)
        var_rows.append(v)
    names = sorted({k for v in var_rows for k in v})
    variables = {k: np.array([v.get(k, np.nan) for v in var_rows], dtype=np.float64) for k in names}
    return Batch(states, variables, settings.pop())


class _Eval:
    """Three-valued rule evaluation over columns: returns (known, value) boolean arrays."""

    def __init__(self, ck: CompiledKB, states: np.ndarray, variables: Mapping[str, np.ndarray]):
        self.ck = ck
        self.states = states
        self.variables = variables
        self.n = states.shape[0]

    def __call__(self, rule: object) -> tuple[np.ndarray, np.ndarray]:
        n = self.n
        if rule is True or rule is False:
            return np.ones(n, bool), np.full(n, bool(rule))
        if isinstance(rule, str):
            col = self.states[:, self.ck.find_index[rule]]
            return col != 0, col == 1
        assert isinstance(rule, dict)
        if "all" in rule or "any" in rule:
            is_all = "all" in rule
            parts = [self(r) for r in rule["all" if is_all else "any"]]
            if is_all:
                false = np.zeros(n, bool)
                unknown = np.zeros(n, bool)
                for k, v in parts:
                    false |= k & ~v
                    unknown |= ~k
                known = false | ~unknown
                return known, known & ~false
            true = np.zeros(n, bool)
            unknown = np.zeros(n, bool)
            for k, v in parts:
                true |= k & v
                unknown |= ~k
            known = true | ~unknown
            return known, true
        if "not" in rule:
            k, v = self(rule["not"])
            return k, k & ~v
        if "absent" in rule:
            col = self.states[:, self.ck.find_index[rule["absent"]]]
            return col != 0, col == -1
        if "known" in rule:
            col = self.states[:, self.ck.find_index[rule["known"]]]
            return np.ones(n, bool), col != 0
        if "at_least" in rule:
            parts = [self(r) for r in rule["of"]]
            true = np.sum([(k & v).astype(np.int16) for k, v in parts], axis=0)
            unknown = np.sum([(~k).astype(np.int16) for k, v in parts], axis=0)
            need = int(rule["at_least"])
            known = (true >= need) | (true + unknown < need)
            return known, true >= need
        if "var" in rule:
            x = self.variables.get(rule["var"])
            if x is None:
                return np.zeros(n, bool), np.zeros(n, bool)
            known = ~np.isnan(x)
            value = np.ones(n, bool)
            with np.errstate(invalid="ignore"):
                for op, fn in _OPS.items():
                    if op in rule:
                        value &= fn(x, float(rule[op]))
            return known, known & value
        raise ValueError(f"rule form not supported in batch: {sorted(rule)}")


def _derive(ck: CompiledKB, states: np.ndarray, variables: Mapping[str, np.ndarray]) -> None:
    ev = _Eval(ck, states, variables)
    for fid in ck.derived_order:
        known, value = ev(ck.kb.findings[fid].derive)
        j = ck.find_index[fid]
        states[known, j] = np.where(value[known], 1, -1).astype(np.int8)


def _instruments(ck: CompiledKB, states: np.ndarray, variables: dict[str, np.ndarray]) -> bool:
    """Instrument totals, as the single-case scorer exposes them: the total when every item is known, or
    the low end of the possible range when that range decides every comparison the KB makes on it."""
    ev = _Eval(ck, states, variables)
    added = False
    n = states.shape[0]
    for ins in ck.kb.instruments.values():
        total = np.zeros(n)  # points of true items
        low_unknown = np.zeros(n)
        high_unknown = np.zeros(n)
        complete = np.ones(n, bool)
        for item in ins.items:
            k, v = ev(item.when)
            complete &= k
            total += np.where(v, item.points, 0.0)
            low_unknown += np.where(k, 0.0, min(0.0, item.points))
            high_unknown += np.where(k, 0.0, max(0.0, item.points))
        low, high = total + low_unknown, total + high_unknown
        cuts = ck.instrument_cuts.get(ins.variable) or []
        decided = np.full(n, bool(cuts))
        for op, value in cuts:
            if op == "eq":
                decided &= ~((low <= value) & (value <= high) & (low != high))
            else:
                decided &= _OPS[op](low, value) == _OPS[op](high, value)
        variables[ins.variable] = np.where(complete, total, np.where(decided, low, np.nan))
        added = True
    return added


def score(batch: Batch, ck: CompiledKB | None = None, chunk: int = 50_000) -> BatchResult:
    """Probabilities and red-flag floors for every case of the batch."""
    ck = ck or default_compiled()
    kb = ck.kb
    states = np.array(batch.states, order="F")  # column-major: the rules and the scoring read whole columns
    variables = dict(batch.variables)
    _derive(ck, states, variables)
    if _instruments(ck, states, variables):
        _derive(ck, states, variables)

    n, c = batch.n, len(ck.condition_ids)
    # priors: one lookup per distinct age
    ages = variables.get("age", np.full(n, np.nan))
    prior_logit = np.empty((n, c))
    uniq, inverse = np.unique(np.nan_to_num(ages, nan=-1.0), return_inverse=True)
    table = np.empty((len(uniq), c))
    for ui, a in enumerate(uniq):
        age = None if a < 0 else float(a)
        for ci, cid in enumerate(ck.condition_ids):
            p = select_pretest(kb.conditions[cid].pretest, batch.setting, age)[0].p
            table[ui, ci] = math.log(p / (1 - p))
    prior_logit[:] = table[inverse]

    clusters: dict[str, list[int]] = {}
    for fid, k in ck.cluster_of.items():
        clusters.setdefault(k, []).append(ck.find_index[fid])
    singles = np.array(sorted(j for js in clusters.values() if len(js) == 1 for j in js), dtype=np.int64)
    # clustered findings: for each cluster, the conditions it can move and its members in finding order
    multi = []
    for js in clusters.values():
        if len(js) > 1:
            members = np.array(sorted(js))
            conds = np.flatnonzero(
                (ck.log_pos[:, members] != 0).any(axis=1) | (ck.log_neg[:, members] != 0).any(axis=1)
            )
            if len(conds):
                # per member: its contribution by state (rows: absent, unknown, present) to each condition
                tables = []
                for j in members:
                    t = np.zeros((3, len(conds)))
                    t[0] = ck.log_neg[conds, j]
                    t[2] = ck.log_pos[conds, j]
                    tables.append((int(j), t, np.abs(t)))
                multi.append((members, conds, tables))
    lp_s, ln_s = ck.log_pos[:, singles].T, ck.log_neg[:, singles].T

    logit = np.empty((n, c))
    for start in range(0, n, chunk):
        s = states[start : start + chunk]
        acc = prior_logit[start : start + chunk].copy()
        s_single = s[:, singles]
        acc += (s_single == 1).astype(np.float64) @ lp_s + (s_single == -1).astype(np.float64) @ ln_s
        for _members, conds, tables in multi:
            # keep, per row and condition, the member contribution with the largest |log LR|; members are
            # visited in finding order and only a strictly larger one replaces, as in the single path
            best = np.zeros((s.shape[0], len(conds)))
            best_abs = np.zeros((s.shape[0], len(conds)))
            for j, table, abs_table in tables:
                row = s[:, j].astype(np.intp) + 1  # -1/0/1 -> 0/1/2
                contrib_abs = abs_table[row]
                larger = contrib_abs > best_abs
                np.copyto(best, table[row], where=larger)
                np.copyto(best_abs, contrib_abs, where=larger)
            acc[:, conds] += best
        logit[start : start + chunk] = acc
    probs = 1.0 / (1.0 + np.exp(-np.clip(logit, -35, 35)))

    ev = _Eval(ck, states, variables)
    flags = list(kb.red_flags.values())
    fired = np.zeros((n, len(flags)), bool)
    floor = np.full(n, len(TRIAGE_ORDER), dtype=np.int8)
    for ri, rf in enumerate(flags):
        known, value = ev(rf.trigger)
        hit = known & value
        fired[:, ri] = hit
        level = np.where(hit, TRIAGE_ORDER.index(rf.level), len(TRIAGE_ORDER)).astype(np.int8)
        for esc in rf.escalations:
            ek, evv = ev(esc.when)
            level = np.where(hit & ek & evv, np.minimum(level, TRIAGE_ORDER.index(esc.level)), level).astype(
                np.int8
            )
        floor = np.minimum(floor, level)
    return BatchResult(probs, floor, fired, states)
