"""The reasoning core: findings in, probabilities, red flags and triage out. Pure functions, no I/O.

Nothing here names a condition or a finding: what differs between conditions is in the knowledge base.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from legdx import model
from legdx.engine.compiled import CompiledKB, LRUse, select_pretest
from legdx.errors import InputError
from legdx.knowledge import rules
from legdx.knowledge.schema import TRIAGE_ORDER, Pretest

USED_STATES = {"present": True, "absent": False}


@dataclass
class CaseState:
    """A case after parsing, measuring and deriving: what the reasoning sees."""

    age: float | None
    setting: str
    findings: dict[str, bool]  # id -> present (True) / absent (False); unknown ids are missing
    origin: dict[str, str]  # id -> input | derived | text | fhir | interview
    shown: dict[str, model.FindingInput]  # every finding as given (all states), for the report
    variables: dict[str, float]
    calculations: list[model.Calculation] = field(default_factory=list)
    warnings: list[model.Warning] = field(default_factory=list)
    # instrument variables passed on from a partly answered score: variable -> (low, high) possible totals
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=3, cutoff=0.6)
    return f"; did you mean {', '.join(close)}?" if close else ""


def prepare(case: model.Case, ck: CompiledKB) -> CaseState:
    """Check the case against the knowledge base, run the calculators and derive findings."""
    from legdx import calculators

    kb = ck.kb
    problems: list[tuple[str, str]] = []
    for fid in case.findings:
        if fid not in kb.findings:
            problems.append(
                (
                    f"findings.{fid}",
                    f"unknown finding id '{fid}'{_suggest(fid, ck.finding_ids)} "
                    "(`legdx kb findings` lists them)",
                )
            )
    if problems:
        raise InputError.many(problems)

    variables, calcs, warnings = calculators.measure(dict(case.measurements), kb)
    if case.age is not None:
        variables["age"] = float(case.age)
    given = {fid: USED_STATES[fin.state] for fid, fin in case.findings.items() if fin.state in USED_STATES}
    origins = {fid: fin.origin for fid, fin in case.findings.items() if fin.state in USED_STATES}
    ranges: dict[str, tuple[float, float]] = {}
    findings, origin, variables, inst_calcs = resolve(ck, given, origins, variables, warnings, ranges)
    calcs.extend(inst_calcs)
    return CaseState(
        case.age, case.setting, findings, origin, dict(case.findings), variables, calcs, warnings, ranges
    )


def resolve(
    ck: CompiledKB,
    given: Mapping[str, bool],
    origins: Mapping[str, str],
    variables: Mapping[str, float],
    warnings: list[model.Warning],
    ranges: dict[str, tuple[float, float]] | None = None,
) -> tuple[dict[str, bool], dict[str, str], dict[str, float], list[model.Calculation]]:
    """Stated findings + measured variables -> all findings (derived ones and instrument totals added).

    ``ranges`` receives the instrument variables passed on from a partly answered score (see
    ``calculators.score_instruments``)."""
    from legdx import calculators

    findings = dict(given)
    origin = dict(origins)
    variables = dict(variables)
    derive_findings(ck, findings, origin, variables, warnings)
    inst_vars, inst_calcs = calculators.score_instruments(
        findings, variables, ck.kb, derived=True, cuts=ck.instrument_cuts, ranges=ranges
    )
    if inst_vars:
        variables.update(inst_vars)
        # only the derived findings that read an instrument total (directly or not) can change
        derive_findings(ck, findings, origin, variables, warnings, ck.after_instruments)
    return findings, origin, variables, inst_calcs


def derive_findings(
    ck: CompiledKB,
    findings: dict[str, bool],
    origin: dict[str, str],
    variables: Mapping[str, float],
    warnings: list[model.Warning],
    order: list[str] | None = None,
) -> None:
    """Set derived findings from variables and other findings; measured values override stated ones.

    ``order``: a dependency-ordered subset of ``ck.derived_order`` to (re)compute; default all."""
    ctx = rules.Context(findings=findings, variables=variables)
    derive = ck.derive_fns
    for fid in ck.derived_order if order is None else order:
        value = derive[fid](ctx)
        if value is None:
            continue
        given = findings.get(fid)
        if given is not None and origin.get(fid) != "derived" and given != value:
            warnings.append(
                model.fast(
                    model.Warning,
                    code="derived_overrides_input",
                    message=(
                        f"'{fid}' was given as {'present' if given else 'absent'} but the measurements "
                        f"make it {'present' if value else 'absent'}; the measured value is used"
                    ),
                    where=f"findings.{fid}",
                )
            )
        findings[fid] = value
        origin[fid] = "derived"


# --------------------------------------------------------------------------------------------------
# Differential


@dataclass
class CondResult:
    id: str
    prior: Pretest
    prior_note: str | None
    logit: float
    probability: float
    used: list[tuple[LRUse, bool, float, str | None]]  # link, state, log used, adjustment
    cluster_best: dict[str, float]  # cluster -> log used


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _prob(x: float) -> float:
    if x > 35:
        return 1.0 - 1e-15
    if x < -35:
        return 1e-15
    return 1 / (1 + math.exp(-x))


def score_condition(
    ck: CompiledKB, cid: str, findings: Mapping[str, bool], setting: str, age: float | None
) -> CondResult:
    stated: list[tuple[LRUse, bool, float]] = []
    for use in ck.links[cid]:
        s = findings.get(use.finding)
        if s is None:
            continue
        lg = use.log_pos if s else use.log_neg
        if lg is not None:
            stated.append((use, s, lg))
    return _score(ck, cid, stated, _priors(ck, setting, age)[ck.cond_index[cid]])


_Prior = tuple[Pretest, str | None, float]  # prior, note on a fallback, its logit


def _priors(ck: CompiledKB, setting: str, age: float | None) -> list[_Prior]:
    """Every condition's prior for a setting and age, in condition order.

    Cached for whole-year (or unknown) ages only, so the cache stays small (settings x ages)."""
    def make() -> list[_Prior]:
        out: list[_Prior] = []
        for cid in ck.condition_ids:
            pr, nt = select_pretest(ck.kb.conditions[cid].pretest, setting, age)
            out.append((pr, nt, _logit(pr.p)))
        return out

    if age is None or float(age).is_integer():
        return ck.once(("priors", setting, age), make)
    return make()


def _score(ck: CompiledKB, cid: str, stated: list[tuple[LRUse, bool, float]], pri: _Prior) -> CondResult:
    """One condition from its stated links (in the condition's link order)."""
    prior, note, logit0 = pri
    if not stated:
        return CondResult(cid, prior, note, logit0, _prob(logit0), [], {})
    cluster_of = ck.cluster_of
    find_index = ck.find_index
    best: dict[str, tuple[float, LRUse, bool]] = {}
    for use, s, lg in stated:
        k = cluster_of[use.finding]
        cur = best.get(k)
        if (
            cur is None
            or abs(lg) > abs(cur[0])
            or (abs(lg) == abs(cur[0]) and find_index[use.finding] < find_index[cur[1].finding])
        ):
            best[k] = (lg, use, s)
    used: list[tuple[LRUse, bool, float, str | None]] = []
    total = 0.0
    for use, s, lg in stated:
        k = cluster_of[use.finding]
        winner = best[k][1]
        if winner is use:
            total += lg
            used.append((use, s, lg, use.adj_pos if s else use.adj_neg))
        else:
            used.append(
                (
                    use,
                    s,
                    0.0,
                    f"correlated with '{winner.finding}' (cluster "
                    f"'{k}'), which carries more information: not counted again",
                )
            )
    logit = logit0 + total
    return CondResult(cid, prior, note, logit, _prob(logit), used, {k: v[0] for k, v in best.items()})


def differential(ck: CompiledKB, state: CaseState) -> list[CondResult]:
    """Every condition scored; only the links of known findings are visited (same order as the KB)."""
    per: dict[str, list[tuple[int, LRUse, bool, float]]] = {}
    rows = ck.stated_rows
    for fid, s in state.findings.items():
        for cid, pos, use in rows.get(fid, ()):
            lg = use.log_pos if s else use.log_neg
            if lg is not None:
                per.setdefault(cid, []).append((pos, use, s, lg))
    results = []
    priors = _priors(ck, state.setting, state.age)
    for i, cid in enumerate(ck.condition_ids):
        got = per.get(cid)
        if got:
            got.sort(key=lambda t: t[0])
            results.append(_score(ck, cid, [(u, s, lg) for _p, u, s, lg in got], priors[i]))
        else:
            pr, nt, lg0 = priors[i]
            results.append(CondResult(cid, pr, nt, lg0, _prob(lg0), [], {}))
    results.sort(key=lambda r: (-r.probability, -r.prior.p, r.id))
    return results


def best_unknown(
    ck: CompiledKB, res: CondResult, findings: Mapping[str, bool]
) -> tuple[str, float, float] | None:
    """The unknown finding whose answer would move this condition most: (id, p if present, p if absent).

    Reference implementation (one condition, plain Python); ``best_unknowns`` computes the same for
    every condition at once and is what ``assess`` uses."""
    base = res.logit
    p0 = res.probability
    cluster_best = res.cluster_best
    best_move = 1e-9
    best: tuple[str, float, float] | None = None
    exp = math.exp
    for fid, k, lp, ln in ck.link_rows[res.id]:
        if fid in findings:
            continue
        cur = cluster_best.get(k)
        if cur is None:
            xp = base if lp is None else base + lp
            xn = base if ln is None else base + ln
        else:
            acur = abs(cur)
            xp = base - cur + lp if lp is not None and abs(lp) > acur else base
            xn = base - cur + ln if ln is not None and abs(ln) > acur else base
        pp = 1.0 / (1.0 + exp(-xp)) if -35 < xp < 35 else (1.0 if xp > 0 else 0.0)
        pn = 1.0 / (1.0 + exp(-xn)) if -35 < xn < 35 else (1.0 if xn > 0 else 0.0)
        move = max(abs(pp - p0), abs(pn - p0))
        if move > best_move:
            best_move = move
            best = (fid, pp, pn)
    return best


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function exactly as ``_prob``/``best_unknown`` compute it (0 or 1 beyond +-35)."""
    out = 1.0 / (1.0 + np.exp(-x))
    out[x >= 35] = 1.0
    out[x <= -35] = 0.0
    return out


def best_unknowns(
    ck: CompiledKB, diff: list[CondResult], findings: Mapping[str, bool]
) -> dict[str, tuple[str, float, float]]:
    """``best_unknown`` for every condition in one vectorised pass (conditions with none are left out).

    A test checks that it agrees with ``best_unknown`` on random cases."""
    lk = ck.lk
    assert lk is not None
    ci = ck.cond_index
    slot_of = lk.slot_of
    order = [ci[r.id] for r in diff]
    base = np.empty(len(ck.condition_ids))
    p0 = np.empty(len(ck.condition_ids))
    base[order] = [r.logit for r in diff]
    p0[order] = [r.probability for r in diff]
    slots: list[int] = []
    vals: list[float] = []
    for r in diff:
        for k, v in r.cluster_best.items():
            slots.append(slot_of[(r.id, k)])
            vals.append(v)
    cur = np.zeros(len(slot_of))  # the cluster's counted log LR; 0 when nothing counted yet
    cur_abs = np.full(len(slot_of), -1.0)  # -1: any known LR beats an empty cluster
    cur[slots] = vals
    cur_abs[slots] = np.abs(vals)
    fi = ck.find_index
    known = np.zeros(len(ck.finding_ids), dtype=bool)
    known[[fi[f] for f in findings]] = True
    b = base[lk.cond]
    c = cur[lk.slot]
    ca = cur_abs[lk.slot]
    xp = np.where(lk.has_pos & (lk.abs_pos > ca), b - c + lk.pos0, b)
    xn = np.where(lk.has_neg & (lk.abs_neg > ca), b - c + lk.neg0, b)
    pp = _sigmoid(xp)
    pn = _sigmoid(xn)
    q = p0[lk.cond]
    move = np.maximum(np.abs(pp - q), np.abs(pn - q))
    move[known[lk.find]] = -1.0
    segmax = np.maximum.reduceat(move, lk.starts)
    cand = np.flatnonzero((move == segmax[lk.seg]) & (move > 1e-9))
    seg_c = lk.seg[cand]  # non-decreasing: links are stored condition by condition
    starts = np.ones(len(seg_c), dtype=bool)
    starts[1:] = seg_c[1:] != seg_c[:-1]
    first = np.flatnonzero(starts)
    segs = seg_c[first]
    out: dict[str, tuple[str, float, float]] = {}
    fids = ck.finding_ids
    cids = ck.condition_ids
    for sg, j in zip(segs.tolist(), cand[first].tolist(), strict=True):
        out[cids[int(lk.seg_cond[sg])]] = (fids[int(lk.find[j])], float(pp[j]), float(pn[j]))
    return out


# --------------------------------------------------------------------------------------------------
# Red flags and triage


@dataclass
class FlagHit:
    id: str
    level: str
    triggered_by: list[str]
    reasons: list[str]  # escalation reasons (clinician wording)


def red_flags(ck: CompiledKB, state: CaseState) -> list[FlagHit]:
    ctx = rules.Context(findings=state.findings, variables=state.variables)
    hits: list[FlagHit] = []
    for rf, trigger in ck.flag_fns:
        if trigger(ctx) is not True:
            continue
        level = rf.level
        reasons: list[str] = []
        for esc in rf.escalations:
            if rules.compiled(esc.when)(ctx) is True and TRIAGE_ORDER.index(esc.level) < TRIAGE_ORDER.index(
                level
            ):
                level = esc.level
                reasons.append(esc.reason.clinician)
        triggered = sorted(f for f in rules.referenced_findings(rf.trigger) if state.findings.get(f) is True)
        triggered += sorted(
            _show_variable(v, state)
            for v in rules.referenced_variables(rf.trigger)
            if v in state.variables
        )
        hits.append(FlagHit(rf.id, level, triggered, reasons))
    hits.sort(key=lambda h: TRIAGE_ORDER.index(h.level))
    return hits


def _show_variable(name: str, state: CaseState) -> str:
    if name in state.ranges:  # a partly answered instrument: its possible totals, not one value
        low, high = state.ranges[name]
        return f"{name} {low:g} to {high:g} (partly answered)"
    return f"{name}={state.variables[name]:g}"


@dataclass
class TriageResult:
    level: str
    floor: str | None
    reasons: list[model.Reason]
    action_source: str | None  # red flag id whose action leads, if any


def triage(
    ck: CompiledKB, state: CaseState, diff: list[CondResult], hits: list[FlagHit], audience: str
) -> TriageResult:
    kb = ck.kb
    policy = kb.settings.triage
    reasons: list[model.Reason] = []

    def say(w: model.Reason) -> None:
        reasons.append(w)

    floor = hits[0].level if hits else None
    for h in hits:
        rf = kb.red_flags[h.id]
        name = getattr(rf.name, audience)
        trig = ", ".join(
            getattr(kb.findings[t].name, audience) if t in kb.findings else t for t in h.triggered_by
        )
        say(
            model.fast(
                model.Reason,
                text=f"Red flag: {name} ({trig}) sets the level to at least '{h.level}'",
                source=rf.source,
                red_flag=h.id,
            )
        )
        for r in h.reasons:
            say(model.fast(model.Reason, text=r, source=rf.source, red_flag=h.id))

    # Probability-driven level: the most urgent urgency among conditions likely enough.
    prob_level = policy.default_level
    prob_rank = TRIAGE_ORDER.index(prob_level)
    driver: CondResult | None = None
    for cr in diff:
        u = kb.conditions[cr.id].urgency
        if cr.probability >= u.min_probability and TRIAGE_ORDER.index(u.level) < prob_rank:
            prob_level, prob_rank, driver = u.level, TRIAGE_ORDER.index(u.level), cr
    if driver is not None:
        name = getattr(kb.conditions[driver.id].name, audience)
        say(
            model.fast(
                model.Reason,
                text=f"{name} is likely ({driver.probability:.0%}); its usual urgency is '{prob_level}'",
                source=kb.conditions[driver.id].urgency.source,
            )
        )
    # self_care only when every likely condition's own urgency is self_care, no red flag is raised,
    # and the policy rule (age, vascular risk) holds.
    likely = [r for r in diff if r.probability >= kb.conditions[r.id].urgency.min_probability]
    if not hits and likely and all(kb.conditions[r.id].urgency.level == "self_care" for r in likely):
        ctx = rules.Context(findings=state.findings, variables=state.variables)
        names = ", ".join(getattr(kb.conditions[r.id].name, audience) for r in likely)
        if rules.compiled(policy.self_care_allowed_when)(ctx) is True:
            prob_level = "self_care"
            say(
                model.fast(
                    model.Reason,
                    text=f"{names}: most likely, no red flag was found, and the self-care conditions hold",
                    source=policy.source,
                )
            )
        else:
            say(
                model.fast(
                    model.Reason,
                    text=f"{names} is likely, but self-care is offered only when the self-care "
                    "conditions are known to hold (see note); a clinician should assess",
                    source=policy.source,
                )
            )
    if driver is None and prob_level == policy.default_level:
        say(model.fast(model.Reason, text=getattr(policy.default_reason, audience), source=policy.source))

    level: str = prob_level
    if floor is not None and TRIAGE_ORDER.index(floor) < TRIAGE_ORDER.index(level):
        level = floor
    return TriageResult(level, floor, reasons, hits[0].id if hits else None)
