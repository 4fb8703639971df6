"""The vectorised path against two oracles: a plain numpy form of the same computation (rule by rule,
cluster member by member, one matmul for the unclustered findings: the batch path before it was compiled
into packed tables and chunked) on dense random states, and the single-case path on varied cases (rule
inputs, instrument items, clustered findings, measurements). Every red flag and every escalation fires in
the random states, and the chunk size does not change any output."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legdx import model
from legdx.engine import batch, core
from legdx.engine.compiled import CompiledKB, default_compiled, select_pretest
from legdx.knowledge import rules
from legdx.knowledge.schema import TRIAGE_ORDER

CK = default_compiled()
KB = CK.kb
_OPS = {"gt": np.greater, "ge": np.greater_equal, "lt": np.less, "le": np.less_equal, "eq": np.equal}
SETTINGS = ["primary_care", "specialty_clinic", "emergency_department", "general_population"]


# ------------------------------------------------------------------------------------------ plain form


def _ev(ck: CompiledKB, states: np.ndarray, variables: Mapping[str, np.ndarray], rule: object):
    """Three-valued rule over columns: (known, value)."""
    n = states.shape[0]
    if rule is True or rule is False:
        return np.ones(n, bool), np.full(n, bool(rule))
    if isinstance(rule, str):
        col = states[:, ck.find_index[rule]]
        return col != 0, col == 1
    assert isinstance(rule, dict)
    if "all" in rule or "any" in rule:
        is_all = "all" in rule
        parts = [_ev(ck, states, variables, r) for r in rule["all" if is_all else "any"]]
        decided = np.zeros(n, bool)  # a false part ('all') or a true part ('any')
        unknown = np.zeros(n, bool)
        for k, v in parts:
            decided |= k & (~v if is_all else v)
            unknown |= ~k
        known = decided | ~unknown
        return known, (known & ~decided) if is_all else decided
    if "not" in rule:
        k, v = _ev(ck, states, variables, rule["not"])
        return k, k & ~v
    if "absent" in rule:
        col = states[:, ck.find_index[rule["absent"]]]
        return col != 0, col == -1
    if "known" in rule:
        col = states[:, ck.find_index[rule["known"]]]
        return np.ones(n, bool), col != 0
    if "at_least" in rule:
        parts = [_ev(ck, states, variables, r) for r in rule["of"]]
        true = np.sum([(k & v).astype(np.int16) for k, v in parts], axis=0)
        unknown = np.sum([(~k).astype(np.int16) for k, v in parts], axis=0)
        need = int(rule["at_least"])
        return (true >= need) | (true + unknown < need), true >= need
    if "var" in rule:
        x = variables.get(rule["var"])
        if x is None:
            return np.zeros(n, bool), np.zeros(n, bool)
        known = ~np.isnan(x)
        value = np.ones(n, bool)
        with np.errstate(invalid="ignore"):
            for op, fn in _OPS.items():
                if op in rule:
                    value &= fn(x, float(rule[op]))
        return known, known & value
    raise ValueError(rule)


def _derive(ck: CompiledKB, states: np.ndarray, variables: Mapping[str, np.ndarray]) -> None:
    for fid in ck.derived_order:
        known, value = _ev(ck, states, variables, KB.findings[fid].derive)
        states[known, ck.find_index[fid]] = np.where(value[known], 1, -1)


def plain_score(b: batch.Batch, ck: CompiledKB = CK):
    states = np.array(b.states)
    variables = dict(b.variables)
    n, c = states.shape[0], len(ck.condition_ids)
    _derive(ck, states, variables)
    for ins in KB.instruments.values():
        total, low_u, high_u, complete = np.zeros(n), np.zeros(n), np.zeros(n), np.ones(n, bool)
        for item in ins.items:
            k, v = _ev(ck, states, variables, item.when)
            complete &= k
            total += np.where(v, item.points, 0.0)
            low_u += np.where(k, 0.0, min(0.0, item.points))
            high_u += np.where(k, 0.0, max(0.0, item.points))
        low, high = total + low_u, total + high_u
        cuts = ck.instrument_cuts.get(ins.variable) or []
        decided = np.full(n, bool(cuts))
        for op, value in cuts:
            if op == "eq":
                decided &= ~((low <= value) & (value <= high) & (low != high))
            else:
                decided &= _OPS[op](low, value) == _OPS[op](high, value)
        variables[ins.variable] = np.where(complete, total, np.where(decided, low, np.nan))
    if KB.instruments:
        _derive(ck, states, variables)

    ages = np.nan_to_num(b.variables.get("age", np.full(n, np.nan)), nan=-1.0)
    logit = np.empty((n, c))
    for i, a in enumerate(ages):
        for ci, cid in enumerate(ck.condition_ids):
            p = select_pretest(KB.conditions[cid].pretest, b.setting, None if a < 0 else float(a))[0].p
            logit[i, ci] = math.log(p / (1 - p))
    clusters: dict[str, list[int]] = {}
    for fid, k in ck.cluster_of.items():
        clusters.setdefault(k, []).append(ck.find_index[fid])
    singles = sorted(j for js in clusters.values() if len(js) == 1 for j in js)
    s = states[:, singles]
    logit += (s == 1).astype(float) @ ck.log_pos[:, singles].T
    logit += (s == -1).astype(float) @ ck.log_neg[:, singles].T
    for js in clusters.values():
        if len(js) < 2:
            continue
        best, best_abs = np.zeros((n, c)), np.zeros((n, c))
        for j in sorted(js):  # the member with the largest |log LR| per condition, first one on ties
            contrib = np.where(states[:, j : j + 1] == 1, ck.log_pos[:, j], 0.0)
            contrib += np.where(states[:, j : j + 1] == -1, ck.log_neg[:, j], 0.0)
            larger = np.abs(contrib) > best_abs
            best[larger] = contrib[larger]
            best_abs[larger] = np.abs(contrib)[larger]
        logit += best
    probs = 1.0 / (1.0 + np.exp(-np.clip(logit, -35, 35)))

    flags = list(KB.red_flags.values())
    fired = np.zeros((n, len(flags)), bool)
    floor = np.full(n, len(TRIAGE_ORDER), dtype=np.int8)
    for ri, rf in enumerate(flags):
        known, value = _ev(ck, states, variables, rf.trigger)
        hit = fired[:, ri] = known & value
        level = np.where(hit, TRIAGE_ORDER.index(rf.level), len(TRIAGE_ORDER))
        for esc in rf.escalations:
            ek, ev = _ev(ck, states, variables, esc.when)
            level = np.where(hit & ek & ev, np.minimum(level, TRIAGE_ORDER.index(esc.level)), level)
        floor = np.minimum(floor, level).astype(np.int8)
    return probs, floor, fired, states


# ------------------------------------------------------------------------------------------ random states


def _comparison_values() -> dict[str, list[float]]:
    """Per variable the rules read: values on, just beside and away from every cut they compare with."""
    out: dict[str, set[float]] = {}
    everything = [KB.findings[f].derive for f in CK.derived_order]
    everything += [rf.trigger for rf in KB.red_flags.values()]
    everything += [e.when for rf in KB.red_flags.values() for e in rf.escalations]
    everything += [it.when for ins in KB.instruments.values() for it in ins.items]
    for rule in everything:
        for var, _op, value in rules.comparisons(rule):
            near = {value, value - 1, value + 1, value - 0.01, value * 3 + 5, -1.0}
            out.setdefault(var, set()).update(near)
    return {k: sorted(v) for k, v in out.items()}


VALUES = _comparison_values()


def random_batch(seed: int, n: int, setting: str) -> batch.Batch:
    rng = np.random.default_rng(seed)
    nf = len(CK.finding_ids)
    density = rng.uniform(0.05, 0.9, size=(n, 1))  # from nearly empty rows to nearly full ones
    stated = rng.random((n, nf)) < density
    states = np.where(stated, rng.choice(np.array([-1, 1], np.int8), size=(n, nf)), 0).astype(np.int8)
    variables = {}
    for var, values in VALUES.items():
        x = rng.choice(np.array(values), size=n)
        x[rng.random(n) < 0.3] = np.nan
        if rng.random() < 0.8:  # sometimes a variable is missing altogether
            variables[var] = x
    ages = rng.integers(-3, 105, size=n).astype(float)
    ages[rng.random(n) < 0.1] = np.nan
    ages[rng.random(n) < 0.1] += 0.5
    variables["age"] = ages
    return batch.Batch(states, variables, setting)


def assert_same(res: batch.BatchResult, expected) -> None:
    probs, floor, fired, states = expected
    assert np.max(np.abs(res.probabilities - probs), initial=0.0) <= 1e-12
    assert res.triage_floor.dtype == np.int8 and np.array_equal(res.triage_floor, floor)
    assert np.array_equal(res.red_flags, fired)
    assert np.array_equal(res.states, states)


@pytest.mark.parametrize("seed", range(4))
def test_batch_equals_plain_form_on_random_states(seed):
    b = random_batch(seed, 1500, SETTINGS[seed % len(SETTINGS)])
    expected = plain_score(b)
    for chunk in (1500, 97, 8, 3):  # whole, uneven chunks, chunks shorter than a transposed tile
        assert_same(batch.score(b, CK, chunk=chunk), expected)
    # the random states reach every red flag and every escalation (so the comparison covers them)
    fired = expected[2]
    assert fired.any(axis=0).all()
    levels = {int(x) for x in expected[1]}
    wanted = {TRIAGE_ORDER.index(e.level) for rf in KB.red_flags.values() for e in rf.escalations}
    assert wanted <= levels


def test_batch_of_one_and_of_none():
    b = random_batch(9, 1, "primary_care")
    assert_same(batch.score(b, CK), plain_score(b))
    empty = batch.Batch(np.zeros((0, len(CK.finding_ids)), np.int8), {}, "primary_care")
    res = batch.score(empty, CK)
    assert res.probabilities.shape == (0, len(CK.condition_ids))
    assert res.red_flags.shape == (0, len(KB.red_flags)) and res.states.shape == (0, len(CK.finding_ids))


def test_batch_does_not_change_its_input():
    b = random_batch(11, 200, "primary_care")
    before = b.states.copy(), {k: v.copy() for k, v in b.variables.items()}
    batch.score(b, CK)
    assert np.array_equal(b.states, before[0])
    assert b.variables.keys() == before[1].keys()
    assert all(np.array_equal(b.variables[k], v, equal_nan=True) for k, v in before[1].items())


# ------------------------------------------------------------------------------------------ single path

STATABLE = sorted(f for f in KB.findings if KB.findings[f].derive is None)
RULE_INPUTS = sorted(f for f in CK.rule_inputs if KB.findings[f].derive is None)
CLUSTERED = sorted(f for f, d in KB.findings.items() if d.cluster is not None and d.derive is None)


def _measurements(rng: random.Random) -> dict[str, float]:
    out: dict[str, float] = {}
    if rng.random() < 0.6:
        arm = rng.randint(90, 200)
        out["brachial_right"] = arm
        out["brachial_left"] = max(0, arm + rng.randint(-30, 10))
        for k in ("dp_right", "pt_right", "dp_left", "pt_left"):
            if rng.random() < 0.85:
                out[k] = rng.choice([0, rng.randint(20, 260)])
    for mid in rng.sample(sorted(KB.measurements), rng.randint(0, 5)):
        d = KB.measurements[mid]
        out[mid] = round(rng.uniform(d.min, d.max), 1)
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), setting=st.sampled_from(SETTINGS), size=st.integers(1, 12))
def test_batch_equals_single_on_varied_cases(seed, setting, size):
    rng = random.Random(seed)
    cases = []
    for _ in range(size):
        pool = rng.choice([STATABLE, RULE_INPUTS, CLUSTERED])
        fids = rng.sample(pool, min(len(pool), rng.choice([0, 3, 10, 25, 40])))
        cases.append(
            model.Case.model_validate(
                {
                    "age": rng.choice([None, rng.randint(18, 100), 67.5]),
                    "setting": setting,
                    "findings": {f: rng.choice(["present", "absent"]) for f in fids},
                    "measurements": _measurements(rng),
                }
            )
        )
    res = batch.score(batch.from_cases(cases, CK), CK, chunk=rng.choice([1, 5, 16_384]))
    flag_ids = list(KB.red_flags)
    for i, case in enumerate(cases):
        state = core.prepare(case, CK)
        for r in core.differential(CK, state):
            assert res.probabilities[i, CK.cond_index[r.id]] == pytest.approx(r.probability, abs=1e-9), r.id
        hits = core.red_flags(CK, state)
        assert int(res.triage_floor[i]) == (TRIAGE_ORDER.index(hits[0].level) if hits else len(TRIAGE_ORDER))
        assert {flag_ids[j] for j in np.flatnonzero(res.red_flags[i])} == {h.id for h in hits}


def test_large_clusters_and_small_packs(monkeypatch):
    """Clusters too large for a pack are scored member by member; packs of any size give the same."""
    from legdx.engine.compiled import compile_kb

    monkeypatch.setattr(batch, "_MAX_CLUSTER", 2)
    monkeypatch.setattr(batch, "_MAX_DIGITS", 3)
    ck = compile_kb(KB)  # a fresh plan, built with the limits above
    plan = ck.once(("batch_plan",), lambda: batch._plan(ck))
    assert plan.clusters and max(len(g.members[0]) for g in plan.codes) <= 3
    b = random_batch(5, 600, "specialty_clinic")
    assert_same(batch.score(b, ck, chunk=256), plain_score(b, ck))


def test_state_outside_minus_one_to_one_is_an_error_naming_row_and_finding():
    """A state other than -1/0/1 would be misread by the packed look-up: it is refused, not scored."""
    ck = default_compiled()
    states = np.zeros((40_000, len(ck.finding_ids)), np.int8)
    states[33_000, 5] = 2
    with pytest.raises(ValueError, match=f"row 33000, finding '{ck.finding_ids[5]}' has 2"):
        batch.score(batch.Batch(states, {}), ck)
