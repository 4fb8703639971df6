"""The reasoning core: findings in, probabilities, red flags and triage out. Pure functions, no I/O.

Nothing here names a condition or a finding: what differs between conditions is in the knowledge base.
"""

from __future__ import annotations

import difflib
import math
import operator
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain, groupby
from typing import Any

from legdx import calculators, model
from legdx.engine.compiled import CompiledKB, LRUse, Stated, Walk, select_pretest
from legdx.errors import InputError
from legdx.knowledge import rules
from legdx.knowledge.schema import TRIAGE_ORDER, Pretest, TriageLevel

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
    kb = ck.kb
    known = kb.findings
    problems: list[tuple[str, str]] = []
    given: dict[str, bool] = {}
    origins: dict[str, str] = {}
    for fid, fin in case.findings.items():
        if fid not in known:
            problems.append(
                (
                    f"findings.{fid}",
                    f"unknown finding id '{fid}'{_suggest(fid, ck.finding_ids)} "
                    "(`legdx kb findings` lists them)",
                )
            )
            continue
        values = fin.__dict__  # the fields (read once, without pydantic's attribute hook)
        st = values["state"]
        if st == "present" or st == "absent":  # USED_STATES
            given[fid] = st == "present"
            origins[fid] = values["origin"]
    if problems:
        raise InputError.many(problems)

    variables, calcs, warnings = calculators.measure(dict(case.measurements), kb)
    if case.age is not None:
        variables["age"] = float(case.age)
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

    ``order``: a dependency-ordered subset of ``ck.derived_order`` to (re)compute; default every one
    that the case's findings and variables can reach (or that is stated, or has a value in an empty case):
    the others read only unknowns and would come out unknown."""
    ctx = rules.Context(findings=findings, variables=variables)
    derive = ck.derive_fns
    if order is None:
        reach = set(ck.derived_always)
        reach.update(findings.keys() & derive.keys())
        dependents = ck.dependents
        for fid in findings.keys() & dependents.keys():
            reach.update(dependents[fid])
        var_dependents = ck.var_dependents
        for name in variables.keys() & var_dependents.keys():
            reach |= var_dependents[name]
        order = sorted(reach, key=ck.derived_index.__getitem__)
    for fid in order:
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


@dataclass(slots=True)
class CondResult:
    id: str
    prior: Pretest
    prior_note: str | None
    logit: float
    probability: float
    used: list[tuple[LRUse, bool, float, str | None]]  # link, state, log used, adjustment
    cluster_best: dict[str, float]  # cluster -> log used
    # the links of ``used`` and their states, as 2 * ``LRUse.k`` + state (a key for output pieces)
    codes: tuple[int, ...] = ()
    # kept with the result (results are shared between cases, see ``differential``): its most informative
    # unknown among the links not stated (``open_best``; None until asked), and its output piece for
    # that question with the sources it cites, per audience (session 17: in slots of their own, the
    # sources as a tuple of strings, which the collector stops tracking, rather than a dict of tuples
    # of lists: four fewer tracked objects kept per result)
    best: Any = field(default=None)
    entry_clinician: Any = None
    cited_clinician: tuple[str | None, ...] = ()
    entry_patient: Any = None
    cited_patient: tuple[str | None, ...] = ()


def round4(x: float) -> float:
    """``round(x, 4)`` (the same float) for a probability, without the decimal formatting ``round`` does.

    For 0 < x <= 1, y = x * 10000 is within 2e-12 of the exact product; when y is not within 1e-4 of a
    half (where ``round`` breaks ties on the exact value), the exact product rounds to the integer
    nearest y, and dividing that integer by 10000 gives the double nearest the rounded decimal, which
    is what ``round`` returns. Anything else goes to ``round``. A test compares both on many values."""
    if 0.0 < x <= 1.0:
        y = x * 10000.0
        f = y - math.floor(y)
        if f < 0.4999 or f > 0.5001:
            return math.floor(y + 0.5) / 10000.0
    return round(x, 4)


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
    stated: list[Stated] = []
    cluster_of = ck.cluster_of
    for pos, use in enumerate(ck.links[cid]):
        s = findings.get(use.finding)
        if s is None:
            continue
        lg = use.log_pos if s else use.log_neg
        if lg is not None:
            stated.append((pos, use, s, lg, use.adj_pos if s else use.adj_neg, cluster_of[use.finding]))
    return _score(ck, cid, stated, _priors(ck, setting, age)[ck.cond_index[cid]])


_Prior = tuple[Pretest, str | None, float, float]  # prior, note on a fallback, its logit, _prob(logit)


def _priors(ck: CompiledKB, setting: str, age: float | None) -> list[_Prior]:
    """Every condition's prior for a setting and age, in condition order.

    Cached for whole-year (or unknown) ages only, so the cache stays small (settings x ages)."""
    cacheable = age is None or float(age).is_integer()
    if cacheable:
        got = ck.cache.get(("priors", setting, age))
        if got is not None:
            return got  # type: ignore[return-value]
    out: list[_Prior] = []
    for cid in ck.condition_ids:
        pr, nt = select_pretest(ck.kb.conditions[cid].pretest, setting, age)
        lg = _logit(pr.p)
        out.append((pr, nt, lg, _prob(lg)))
    if cacheable:
        ck.cache[("priors", setting, age)] = out
    return out


def _ranked_priors(ck: CompiledKB, setting: str, age: float | None) -> list[tuple[str, _Prior]]:
    """The conditions with their priors, by pre-test probability (highest first), then id: the order of
    the differential among equal probabilities (cached as ``_priors``)."""
    cacheable = age is None or float(age).is_integer()
    if cacheable:
        got = ck.cache.get(("ranked_priors", setting, age))
        if got is not None:
            return got  # type: ignore[return-value]
    out = sorted(zip(ck.condition_ids, _priors(ck, setting, age), strict=True), key=_prior_rank)
    if cacheable:
        ck.cache[("ranked_priors", setting, age)] = out
    return out


def _prior_rank(t: tuple[str, _Prior]) -> tuple[float, str]:
    return (-t[1][0].p, t[0])


def _score(
    ck: CompiledKB, cid: str, stated: list[Stated], pri: _Prior, codes: tuple[int, ...] | None = None
) -> CondResult:
    """One condition from its stated links (see ``Stated``), in the condition's order (``codes``: theirs,
    when known)."""
    prior, note, logit0, p0 = pri
    if not stated:
        return CondResult(cid, prior, note, logit0, p0, [], {})
    if len(stated) == 1:  # one link: it counts, alone in its cluster
        _pos, use, s, lg, adj, k = stated[0]
        x = logit0 + lg
        p = 1.0 - 1e-15 if x > 35 else 1e-15 if x < -35 else 1 / (1 + math.exp(-x))  # ``_prob``
        code = 2 * use.k + s
        return CondResult(cid, prior, note, x, p, [ck.used_of[code]], {k: lg}, (code,))  # type: ignore[list-item]
    find_index = ck.find_index
    best: dict[str, Stated] = {}  # cluster -> the link that counts (largest |log LR|, then finding order)
    for t in stated:
        k = t[5]
        cur = best.get(k)
        if cur is None:
            best[k] = t
            continue
        a, b = abs(t[3]), abs(cur[3])
        if a > b or (a == b and find_index[t[1].finding] < find_index[cur[1].finding]):
            best[k] = t
    used: list[tuple[LRUse, bool, float, str | None]] = []
    used_of = ck.used_of  # the shared row of a counted link (session 15: no new long-lived tuple)
    total = 0.0
    if len(best) == len(stated):  # every link alone in its cluster: each counts
        for _pos, use, s, lg, _adj, _k in stated:
            total += lg
            used.append(used_of[2 * use.k + s])  # type: ignore[arg-type]
    else:
        for t in stated:
            _pos, use, s, lg, adj, k = t
            winner = best[k]
            if winner is t:
                total += lg
                used.append(used_of[2 * use.k + s])  # type: ignore[arg-type]
            else:
                used.append(
                    (
                        use,
                        s,
                        0.0,
                        f"correlated with '{winner[1].finding}' (cluster "
                        f"'{k}'), which carries more information: not counted again",
                    )
                )
    x = logit0 + total
    p = 1.0 - 1e-15 if x > 35 else 1e-15 if x < -35 else 1 / (1 + math.exp(-x))  # ``_prob``
    if codes is None:
        codes = tuple([2 * t[1].k + t[2] for t in stated])
    return CondResult(cid, prior, note, x, p, used, {k: v[3] for k, v in best.items()}, codes)


def differential(ck: CompiledKB, state: CaseState) -> list[CondResult]:
    """Every condition scored; only the links of known findings are visited (same order as the KB).

    A condition's result depends only on its prior and its stated links (as codes, see
    ``CompiledKB.code_rows``): results are kept in ``ck.scored`` and shared between cases (never
    mutated, apart from what they keep of themselves: ``open_best`` and output pieces)."""
    # every stated link's code; sorted, each condition's codes are consecutive and in its link order
    codes_all = list(chain.from_iterable(filter(None, map(ck.codes_by_state.get, state.findings.items()))))
    codes_all.sort()
    scored = ck.scored
    stated_of = ck.stated_of
    # conditions in the differential's order for equal probabilities (the sort below is stable), each
    # with no link stated until its codes say otherwise
    empties, slots = _slots(ck, state.setting, state.age)
    results = empties.copy()
    for cid, group in groupby(codes_all, ck.code_condition.__getitem__):
        codes = tuple(group)
        at, pri = slots[cid]
        key = (codes, id(pri[0]), pri[1])
        r = scored.get(key)
        if r is None:
            if len(scored) >= _SCORED_MAX:
                scored.clear()
            r = scored[key] = _score(ck, cid, list(map(stated_of.__getitem__, codes)), pri, codes)  # type: ignore[arg-type]
        results[at] = r
    results.sort(key=_probability, reverse=True)  # stable: ties keep the order above
    return results


def _slots(
    ck: CompiledKB, setting: str, age: float | None
) -> tuple[list[CondResult], dict[str, tuple[int, _Prior]]]:
    """``_ranked_empty`` as the results with no link stated (in that order), and each condition's
    position there and prior (cached as ``_priors``)."""
    cacheable = age is None or float(age).is_integer()
    if cacheable:
        got = ck.cache.get(("slots", setting, age))
        if got is not None:
            return got  # type: ignore[return-value]
        # session 17: ages whose priors are the same (the same prior and note for every condition) share
        # their slots, so the results with no link stated, and the entries they keep, are built once for
        # all of them rather than once per age met (each age's first case built every entry again)
        same = tuple([(id(p[0]), p[1]) for p in _priors(ck, setting, age)])
        got = ck.cache.get(("slots_of_priors", same))
        if got is None:
            got = ck.cache[("slots_of_priors", same)] = _slots_of(ck, setting, age)
        ck.cache[("slots", setting, age)] = got
        return got  # type: ignore[return-value]
    return _slots_of(ck, setting, age)


def prime_priors(ck: CompiledKB, settings: Iterable[str], ages: Iterable[int]) -> None:
    """Build the cached priors and slots (``_slots``) of each setting and whole-year age beforehand: the
    knowledge base alone decides them."""
    for setting in settings:
        for age in ages:
            _slots(ck, setting, float(age))


def _slots_of(
    ck: CompiledKB, setting: str, age: float | None
) -> tuple[list[CondResult], dict[str, tuple[int, _Prior]]]:
    ranked = _ranked_empty(ck, setting, age)
    return [t[2] for t in ranked], {cid: (i, pri) for i, (cid, pri, _e) in enumerate(ranked)}


_SCORED_MAX = 20_000


def _ranked_empty(ck: CompiledKB, setting: str, age: float | None) -> list[tuple[str, _Prior, CondResult]]:
    """``_ranked_priors`` with each condition's result when none of its links is stated (shared, cached
    as ``_priors``)."""
    cacheable = age is None or float(age).is_integer()
    if cacheable:
        got = ck.cache.get(("ranked_empty", setting, age))
        if got is not None:
            return got  # type: ignore[return-value]
    out = [
        (cid, pri, CondResult(cid, pri[0], pri[1], pri[2], pri[3], [], {}))
        for cid, pri in _ranked_priors(ck, setting, age)
    ]
    if cacheable:
        ck.cache[("ranked_empty", setting, age)] = out
    return out


_probability = operator.attrgetter("probability")


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


def best_unknowns(
    ck: CompiledKB, diff: list[CondResult], findings: Mapping[str, bool]
) -> dict[str, tuple[str, float, float]]:
    """``best_unknown`` for every condition (see ``best_of``)."""
    out: dict[str, tuple[str, float, float]] = {}
    for r in diff:
        got = best_of(ck, r, findings)
        if got is not None:
            out[r.id] = got
    return out


def best_of(ck: CompiledKB, r: CondResult, findings: Mapping[str, bool]) -> tuple[str, float, float] | None:
    """``best_unknown`` of one condition. The best among the links not stated (``open_best``, kept with
    the result) is the answer unless the case knows its finding otherwise (with no LR on that side, or
    not counted): the best of a smaller set of candidates is the best of a larger set whenever it is in
    the smaller one (same order: largest move, then link order)."""
    bu = r.best
    if bu is None:
        bu = r.best = open_best(ck, r)
    if bu is _NONE:
        return None
    if bu[0] in findings:
        return best_given(ck, r, findings)
    return bu


_NONE: Any = ()  # ``CondResult.best`` when no unknown link moves the condition


def open_best(ck: CompiledKB, r: CondResult) -> tuple[str, float, float] | tuple[()]:
    """The best unknown of ``r`` when only its stated links are known (``_NONE`` when there is none)."""
    got = best_given(ck, r, set(map(ck.code_finding.__getitem__, r.codes)))
    return _NONE if got is None else got


def best_given(ck: CompiledKB, r: CondResult, findings: Container[str]) -> tuple[str, float, float] | None:
    """``best_unknown``, visiting only the links that can hold the largest move.

    A link's move is max(|p(present) - p|, |p(absent) - p|), and p(x) is monotone in the log LR added:
    walking a condition's LRs from the largest down (and from the most negative up), the first unknown
    one not shared with a counted cluster gives that side's largest move; the walk goes on only through
    ties, whose winner is the first link in the condition's order, as in ``best_unknown``. Links in a
    cluster that already counts are computed one by one. ``findings`` must hold the stated links'
    findings. A test checks that it agrees with ``best_unknown`` on random cases."""
    exp = math.exp
    w = ck.walks[r.id]
    b = r.logit
    p0 = r.probability
    cb = r.cluster_best
    if not cb:  # no evidence: the links ranked once per prior; the first unknown one is the answer
        rankings: dict[tuple[str, float, float], list[tuple[str, float, float]]] = ck.once(
            ("rankings",), dict
        )
        ranking = rankings.get((r.id, b, p0))
        if ranking is None:
            ranking = rankings[(r.id, b, p0)] = _ranking(w, b, p0)
        for best in ranking:
            if best[0] not in findings:
                return best
        return None
    top = 1e-9  # only a move above this counts
    at = -1  # position of the first link with the largest move
    for side in (w.up, w.down):
        for d, group in side:  # one log LR value, its links in the condition's order
            pos = -1
            for q, fid, k in group:
                if fid not in findings and k not in cb:
                    pos = q
                    break
            if pos < 0:
                continue  # every link with this LR is known or in a counted cluster
            x = b + d
            m = abs((1.0 if x >= 35 else 0.0 if x <= -35 else 1.0 / (1.0 + exp(-x))) - p0)
            if m > top:
                top, at = m, pos
            elif m < top:
                break  # every later LR on this side moves less
            elif pos < at:
                at = pos
    shared = w.shared
    if shared:
        for k, cur in cb.items():
            links = shared.get(k)
            if links is None:
                continue
            # a side that does not beat the counted LR leaves the logit at b: no move (below 1e-9); the
            # links come by their largest |log LR|, so the walk stops at the first that cannot beat it
            acur = abs(cur)
            for top_lg, pos, fid, lp, ln in links:
                if top_lg <= acur:
                    break
                if fid in findings:
                    continue
                for lg in (lp, ln):
                    if lg is not None and abs(lg) > acur:
                        x = b - cur + lg
                        m = abs((1.0 if x >= 35 else 0.0 if x <= -35 else 1.0 / (1.0 + exp(-x))) - p0)
                        if m > top or (m == top and at >= 0 and pos < at):
                            top, at = m, pos
    if at < 0:
        return None
    fid, k, lp, ln = w.rows[at]
    counted = cb.get(k)
    if counted is None:
        xp = b if lp is None else b + lp
        xn = b if ln is None else b + ln
    else:
        xp, xn = _clustered(b, counted, lp, ln)
    pp = 1.0 if xp >= 35 else 0.0 if xp <= -35 else 1.0 / (1.0 + exp(-xp))
    pn = 1.0 if xn >= 35 else 0.0 if xn <= -35 else 1.0 / (1.0 + exp(-xn))
    return (fid, pp, pn)


def _ranking(w: Walk, b: float, p0: float) -> list[tuple[str, float, float]]:
    """A condition's links with no counted evidence, by move (largest first, then link order), as
    (finding, p if present, p if absent); links that move it by 1e-9 or less are left out."""
    exp = math.exp
    ranked = []
    for pos, (fid, _k, lp, ln) in enumerate(w.rows):
        xp = b if lp is None else b + lp
        xn = b if ln is None else b + ln
        pp = 1.0 if xp >= 35 else 0.0 if xp <= -35 else 1.0 / (1.0 + exp(-xp))
        pn = 1.0 if xn >= 35 else 0.0 if xn <= -35 else 1.0 / (1.0 + exp(-xn))
        move = max(abs(pp - p0), abs(pn - p0))
        if move > 1e-9:
            ranked.append((-move, pos, (fid, pp, pn)))
    ranked.sort(key=lambda t: (t[0], t[1]))
    return [t[2] for t in ranked]


def _clustered(b: float, cur: float, lp: float | None, ln: float | None) -> tuple[float, float]:
    """Logits if present / absent for a link whose cluster already counts ``cur``: a side replaces it
    only when its |log LR| is larger."""
    acur = abs(cur)
    xp = b - cur + lp if lp is not None and abs(lp) > acur else b
    xn = b - cur + ln if ln is not None and abs(ln) > acur else b
    return xp, xn


# --------------------------------------------------------------------------------------------------
# Red flags and triage


@dataclass(slots=True)
class FlagHit:
    id: str
    level: str
    triggered_by: list[str]
    reasons: list[str]  # escalation reasons (clinician wording)


def red_flags(ck: CompiledKB, state: CaseState) -> list[FlagHit]:
    ctx = rules.Context(findings=state.findings, variables=state.variables)
    findings = state.findings
    variables = state.variables
    hits: list[FlagHit] = []
    rows = _flag_rows(ck)
    for i in _reached_flags(ck, state):
        rf, trigger, ref_findings, ref_variables, escalations = rows[i]
        if trigger(ctx) is not True:
            continue
        level = rf.level
        reasons: list[str] = []
        for when, esc_level, reason in escalations:
            if when(ctx) is True and _LEVEL_RANK[esc_level] < _LEVEL_RANK[level]:
                level = esc_level
                reasons.append(reason)
        triggered = [f for f in ref_findings if findings.get(f) is True]  # ids already sorted
        if ref_variables:
            triggered += sorted([_show_variable(v, state) for v in ref_variables if v in variables])
        hits.append(FlagHit(rf.id, level, triggered, reasons))
    if len(hits) > 1:
        hits.sort(key=_hit_rank)
    return hits


_LEVEL_RANK: dict[str, int] = {level: i for i, level in enumerate(TRIAGE_ORDER)}

# a red flag, its compiled trigger, the finding ids and variables the trigger reads (each sorted), and
# its escalations as (compiled rule, level, reason in clinician wording)
_FlagRow = tuple[Any, rules.Compiled, tuple[str, ...], tuple[str, ...], list[tuple[rules.Compiled, str, str]]]


def _flag_rows(ck: CompiledKB) -> list[_FlagRow]:
    """``ck.flag_fns`` with what ``red_flags`` reads of each flag, built once."""
    got = ck.cache.get(("flag_rows",))
    if got is None:
        got = ck.cache[("flag_rows",)] = [
            (
                rf,
                trigger,
                tuple(sorted(rules.referenced_findings(rf.trigger))),
                tuple(sorted(rules.referenced_variables(rf.trigger))),
                [(rules.compiled(esc.when), esc.level, esc.reason.clinician) for esc in rf.escalations],
            )
            for rf, trigger in ck.flag_fns
        ]
    return got  # type: ignore[return-value]


def _hit_rank(h: FlagHit) -> int:
    return _LEVEL_RANK[h.level]


def _reached_flags(ck: CompiledKB, state: CaseState) -> list[int]:
    """The positions in ``ck.flag_fns`` of the red flags whose trigger reads a known finding or variable,
    in order: any other trigger reads only unknowns and comes out as it does in an empty case
    (``ck.flags_always``)."""
    by_input = ck.flag_inputs
    reached = set(ck.flags_always)
    for name in state.findings.keys() & by_input.keys():
        reached.update(by_input[name])
    for name in state.variables.keys() & by_input.keys():
        reached.update(by_input[name])
    return sorted(reached)


def _show_variable(name: str, state: CaseState) -> str:
    if name in state.ranges:  # a partly answered instrument: its possible totals, not one value
        low, high = state.ranges[name]
        return f"{name} {low:g} to {high:g} (partly answered)"
    return f"{name}={state.variables[name]:g}"


def _urgency(ck: CompiledKB) -> dict[str, tuple[float, int, TriageLevel]]:
    """Each condition's urgency: (min_probability, rank in TRIAGE_ORDER, level)."""
    return ck.once(
        ("urgency",),
        lambda: {
            cid: (c.urgency.min_probability, TRIAGE_ORDER.index(c.urgency.level), c.urgency.level)
            for cid, c in ck.kb.conditions.items()
        },
    )


def _urgency_escalations(ck: CompiledKB) -> list[tuple[Any, Any, str]]:
    """Every condition's urgency escalations: (the escalation, its compiled rule, its condition id)."""
    return ck.once(
        ("urgency_escalations",),
        lambda: [
            (ue, rules.compiled(ue.when), cid)
            for cid, c in ck.kb.conditions.items()
            for ue in c.urgency.escalations
        ],
    )


@dataclass
class TriageResult:
    level: str
    floor: str | None
    reasons: list[model.Reason]
    action_source: str | None  # red flag id whose action leads, if any
    sources: list[str | None] = field(default_factory=list)  # the reasons' sources, in order
    escalation_floor: str | None = None  # the most urgent condition urgency escalation raised, if any


def triage(
    ck: CompiledKB, state: CaseState, diff: list[CondResult], hits: list[FlagHit], audience: str
) -> TriageResult:
    kb = ck.kb
    policy = kb.settings.triage
    reasons: list[model.Reason] = []
    sources: list[str | None] = []

    def say(w: model.Reason, source: str | None) -> None:
        reasons.append(w)
        sources.append(source)

    def note(text: str, source: str | None) -> None:  # a reason of plain text and its source
        say(model.fast(model.Reason, text=text, source=source), source)

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
            ),
            rf.source,
        )
        for r in h.reasons:
            say(model.fast(model.Reason, text=r, source=rf.source, red_flag=h.id), rf.source)

    # Probability-driven level: the most urgent urgency among conditions likely enough.
    prob_level = policy.default_level
    prob_rank = TRIAGE_ORDER.index(prob_level)
    driver: CondResult | None = None
    urgency = _urgency(ck)
    likely = []  # the conditions likely enough for their own urgency, in the differential's order
    for cr in diff:
        min_p, rank, ulevel = urgency[cr.id]
        if cr.probability >= min_p:
            likely.append(cr)
            if rank < prob_rank:
                prob_level, prob_rank, driver = ulevel, rank, cr
    if driver is not None:
        name = getattr(kb.conditions[driver.id].name, audience)
        note(
            f"{name} is likely ({driver.probability:.0%}); its usual urgency is '{prob_level}'",
            kb.conditions[driver.id].urgency.source,
        )
    # Urgency escalations (facts.md 5.3, "...; X -> emergency" with no catalog red flag for X): a floor
    # like a red flag's, whatever the condition's probability, because the stated finding is the danger.
    esc_level: str | None = None
    escalations = _urgency_escalations(ck)
    if escalations:
        ectx = rules.Context(findings=state.findings, variables=state.variables)
        fired = [(ue, cid) for ue, when, cid in escalations if when(ectx) is True]
        # per condition, the most urgent fired level: a less urgent one says nothing more
        top: dict[str, str] = {}
        for ue, cid in fired:
            if cid not in top or TRIAGE_ORDER.index(ue.level) < TRIAGE_ORDER.index(top[cid]):
                top[cid] = ue.level
        for ue, cid in fired:
            if ue.level != top[cid]:
                continue
            caveat = ""
            if ue.unverified:
                caveat = " (its threshold is a legdx judgement, not verified against a source)"
            reason = getattr(ue.reason, audience)
            note(f"{reason}{caveat}: sets the level to at least '{ue.level}'", ue.source)
            if esc_level is None or TRIAGE_ORDER.index(ue.level) < TRIAGE_ORDER.index(esc_level):
                esc_level = ue.level
    # self_care only when every likely condition's own urgency is self_care, no red flag or escalation is
    # raised, and the policy rule (age, vascular risk) holds.
    if not hits and esc_level is None and likely and all(urgency[r.id][2] == "self_care" for r in likely):
        ctx = rules.Context(findings=state.findings, variables=state.variables)
        names = ", ".join(getattr(kb.conditions[r.id].name, audience) for r in likely)
        if rules.compiled(policy.self_care_allowed_when)(ctx) is True:
            prob_level = "self_care"
            note(f"{names}: most likely, no red flag was found, and the self-care conditions hold",
                 policy.source)
        else:
            note(
                f"{names} is likely, but self-care is offered only when the self-care "
                "conditions are known to hold (see note); a clinician should assess",
                policy.source,
            )
    if driver is None and prob_level == policy.default_level:
        say(
            ck.once(
                ("default_reason", audience),
                lambda: model.fast(
                    model.Reason, text=getattr(policy.default_reason, audience), source=policy.source
                ),
            ),
            policy.source,
        )

    level: str = prob_level
    for bound in (floor, esc_level):
        if bound is not None and TRIAGE_ORDER.index(bound) < TRIAGE_ORDER.index(level):
            level = bound
    return TriageResult(level, floor, reasons, hits[0].id if hits else None, sources, esc_level)
