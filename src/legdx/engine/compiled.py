"""The knowledge base compiled into the structures the engine computes with.

Compiling once per process keeps ``assess`` fast: likelihood ratios are shrunk, logged and indexed
here, and the same numbers feed the single-case path and the vectorised batch path.

Shrinkage rule (documented in settings.yaml, ``shrink_ci_ratio`` and ``fragile_factor``): an LR whose
95% CI has high/low above R keeps the fraction w = max(0.5, ln R / ln(high/low)) of its log value;
an LR marked ``fragile`` keeps ``fragile_factor`` of its log value (both apply multiplicatively).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from legdx import model
from legdx.knowledge.loader import KnowledgeBase, default_kb
from legdx.knowledge.schema import LikelihoodRatio, Pretest

_T = TypeVar("_T")


@dataclass(frozen=True)
class LRUse:
    """One condition-finding link, with the values the engine actually multiplies."""

    condition: str
    finding: str
    raw: LikelihoodRatio
    log_pos: float | None  # log of lr_pos after shrinkage (None: no LR+ known)
    log_neg: float | None
    adj_pos: str | None  # why the used LR+ differs from the published one
    adj_neg: str | None
    k: int = field(default=-1, compare=False)  # position in the flat link order (``LinkArrays``)


#: A stated link as the differential scores it: (position in the condition's links, link, state, log LR
#: of that side, why it differs from the published LR, the finding's cluster)
Stated = tuple[int, LRUse, bool, float, str | None, str]
_Stated = tuple[str, Stated]
#: A counted link as ``core.CondResult.used`` keeps it: (link, state, log LR used, adjustment)
Used = tuple[LRUse, bool, float, str | None]


@dataclass
class CompiledKB:
    kb: KnowledgeBase
    condition_ids: list[str]
    finding_ids: list[str]
    cond_index: dict[str, int]
    find_index: dict[str, int]
    links: dict[str, list[LRUse]]  # condition id -> its LR links
    by_finding: dict[str, list[LRUse]]  # finding id -> links to conditions
    cluster_of: dict[str, str]  # finding id -> cluster id (unclustered findings are their own cluster)
    derived_order: list[str]  # derived findings, in dependency order
    askable: list[str]  # findings with a question
    # dense matrices for the batch path: [conditions, findings]; 0 where no LR on that side
    log_pos: np.ndarray = field(repr=False, default_factory=lambda: np.zeros((0, 0)))
    log_neg: np.ndarray = field(repr=False, default_factory=lambda: np.zeros((0, 0)))
    # per condition: (finding, cluster, log LR+, log LR-) for the 'most informative unknown' scan
    link_rows: dict[str, list[tuple[str, str, float | None, float | None]]] = field(
        repr=False, default_factory=dict
    )
    exertion_findings: list[str] = field(default_factory=list)
    link_map: dict[tuple[str, str], LRUse] = field(repr=False, default_factory=dict)
    # findings read by a rule (derived findings, red flags, instruments), directly or through derived
    # findings: changing one of them can change more than its own LRs
    rule_inputs: frozenset[str] = frozenset()
    # finding -> derived findings that read it, directly or through other derived findings (in order)
    dependents: dict[str, list[str]] = field(repr=False, default_factory=dict)
    # findings read by instrument items (directly or through derived findings)
    instrument_inputs: frozenset[str] = frozenset()
    # derived findings that read an instrument total, directly or through other derived findings (in
    # dependency order): all that can change when instrument totals are added
    after_instruments: list[str] = field(default_factory=list)
    # immutable output pieces shared between assessments (citations, ...)
    cache: dict[tuple[object, ...], object] = field(repr=False, default_factory=dict)
    # instrument variable -> every (op, value) comparison the KB's rules make on it (``instrument_cuts``)
    instrument_cuts: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    # compiled rules: derived finding -> its derive rule; red flags with their trigger
    derive_fns: dict[str, Callable[..., bool | None]] = field(repr=False, default_factory=dict)
    flag_fns: list[tuple[Any, Callable[..., bool | None]]] = field(repr=False, default_factory=list)
    # output pieces keyed by case numbers (bounded: see ``remember``)
    memo: dict[tuple[object, ...], object] = field(repr=False, default_factory=dict)
    # finding -> (condition, position in links[condition], link): the single path scores only the
    # links of stated findings and keeps each condition's link order
    stated_rows: dict[str, list[tuple[str, int, LRUse]]] = field(repr=False, default_factory=dict)
    # the same per state: finding -> (links counted when absent, when present), each as (condition,
    # ``Stated``) with the log LR of that side (links without one left out)
    stated_by_state: dict[str, tuple[list[_Stated], list[_Stated]]] = field(repr=False, default_factory=dict)
    # variable -> derived findings that read it, directly or through other derived findings; and the
    # derived findings that have a value even in a case with no findings and no variables: with these,
    # ``core.derive_findings`` evaluates only the derived findings a case's inputs can reach
    var_dependents: dict[str, frozenset[str]] = field(repr=False, default_factory=dict)
    derived_always: frozenset[str] = frozenset()
    # finding or variable -> indices in ``flag_fns`` of the red flags whose trigger reads it; and the red
    # flags whose trigger has a value in an empty case (see ``core.red_flags``)
    flag_inputs: dict[str, list[int]] = field(repr=False, default_factory=dict)
    flags_always: frozenset[int] = frozenset()
    # per condition, its links ordered for the 'most informative unknown' scan (``core.best_unknowns``)
    walks: dict[str, Walk] = field(repr=False, default_factory=dict)
    # a stated link as a code, 2 * ``LRUse.k`` + state (codes of one condition sort in its link order):
    # finding -> (codes counted when absent, when present), each with its condition (links without a log
    # LR on that side left out); and code -> the ``Stated`` it stands for
    code_rows: dict[str, tuple[list[tuple[str, int]], list[tuple[str, int]]]] = field(
        repr=False, default_factory=dict
    )
    stated_of: list[Stated | None] = field(repr=False, default_factory=list)
    # session 15: code -> the row ``core.CondResult.used`` keeps for that link when it counts, (link,
    # state, log LR, adjustment), built once and shared by every result (results are kept between cases
    # in ``scored``: a new tuple per link made ~50 long-lived objects per new case, which the garbage
    # collector then walked)
    used_of: list[Used | None] = field(repr=False, default_factory=list)
    # ``code_rows`` without the conditions, by (finding, state): the codes a stated finding adds; and
    # code -> its condition (a condition's codes are consecutive)
    codes_by_state: dict[tuple[str, bool], tuple[int, ...]] = field(repr=False, default_factory=dict)
    code_condition: list[str] = field(repr=False, default_factory=list)
    # scored conditions shared between cases, by (codes, prior, note on a fallback): see
    # ``core.differential`` (bounded there; cleared when full)
    scored: dict[tuple[object, ...], Any] = field(repr=False, default_factory=dict)
    exertion_set: frozenset[str] = frozenset()  # ``exertion_findings`` as a set
    code_finding: list[str] = field(repr=False, default_factory=list)  # code -> its finding
    derived_index: dict[str, int] = field(repr=False, default_factory=dict)  # position in derived_order

    def once(self, key: tuple[object, ...], make: Callable[[], _T]) -> _T:
        """A value built once per key by ``make`` and kept for the process (immutable pieces only)."""
        out = self.cache.get(key)
        if out is None:
            out = self.cache[key] = make()
        return out  # type: ignore[return-value]

    def shared(self, key: tuple[object, ...], cls: type[_T], **values: object) -> _T:
        """An immutable output piece built once per key and shared between assessments."""
        return self.once(key, lambda: model.fast(cls, **values))  # type: ignore[type-var]

    def link(self, condition: str, finding: str) -> LRUse | None:
        return self.link_map.get((condition, finding))


_Group = tuple[float, list[tuple[int, str, str]]]


@dataclass(frozen=True)
class Walk:
    """One condition's links ordered for ``core.best_unknowns``."""

    # every log LR above 0 of the condition's links (either side), largest first, each with its links
    # (position in the condition's links, finding, cluster) in link order; ``down``: those below 0, most
    # negative first
    up: list[_Group]
    down: list[_Group]
    rows: list[tuple[str, str, float | None, float | None]]  # ``CompiledKB.link_rows`` of the condition
    # cluster -> its links (for clusters with two or more) as (largest |log LR| of either side, position,
    # finding, log LR present, log LR absent), largest first (then link order)
    shared: dict[str, list[tuple[float, int, str, float | None, float | None]]]


def _walk(rows: list[tuple[str, str, float | None, float | None]]) -> Walk:
    groups: dict[float, list[tuple[int, str, str]]] = {}
    by_cluster: dict[str, list[int]] = {}
    for pos, (f, k, lp, ln) in enumerate(rows):
        by_cluster.setdefault(k, []).append(pos)
        for lg in {lp, ln} - {None, 0.0}:
            assert lg is not None
            groups.setdefault(lg, []).append((pos, f, k))
    up = sorted(((lg, g) for lg, g in groups.items() if lg > 0), key=lambda t: -t[0])
    down = sorted((lg, g) for lg, g in groups.items() if lg < 0)
    shared = {
        k: sorted(
            [
                (
                    max([abs(x) for x in (rows[p][2], rows[p][3]) if x is not None], default=0.0),
                    p,
                    *_fpn(rows[p]),
                )
                for p in v
            ],
            key=lambda t: -t[0],
        )
        for k, v in by_cluster.items()
        if len(v) > 1
    }
    return Walk(up, down, rows, shared)


def _fpn(row: tuple[str, str, float | None, float | None]) -> tuple[str, float | None, float | None]:
    return row[0], row[2], row[3]


def _shrink(
    lr: float, ci: tuple[float, float] | None, fragile: bool, ratio_max: float, fragile_factor: float
) -> tuple[float, str | None]:
    log = math.log(lr)
    w = 1.0
    why: list[str] = []
    if ci is not None and ci[1] / ci[0] > ratio_max:
        wc = max(0.5, math.log(ratio_max) / math.log(ci[1] / ci[0]))
        w *= wc
        why.append(f"95% CI {ci[0]:g}-{ci[1]:g} is very wide: shrunk toward 1 (weight {wc:.2f})")
    if fragile:
        w *= fragile_factor
        why.append(f"conflicting sources: shrunk toward 1 (weight {fragile_factor:g})")
    return log * w, ("; ".join(why) or None)


def compile_kb(kb: KnowledgeBase) -> CompiledKB:
    ratio_max = kb.settings.get("shrink_ci_ratio")
    fragile_factor = kb.settings.get("fragile_factor")
    condition_ids = list(kb.conditions)
    finding_ids = list(kb.findings)
    cond_index = {c: i for i, c in enumerate(condition_ids)}
    find_index = {f: i for i, f in enumerate(finding_ids)}
    links: dict[str, list[LRUse]] = {c: [] for c in condition_ids}
    by_finding: dict[str, list[LRUse]] = {f: [] for f in finding_ids}
    link_map: dict[tuple[str, str], LRUse] = {}
    lp = np.zeros((len(condition_ids), len(finding_ids)))
    ln = np.zeros((len(condition_ids), len(finding_ids)))
    for cid, cond in kb.conditions.items():
        for fid, lr in cond.findings.items():
            log_pos = adj_pos = log_neg = adj_neg = None
            if lr.lr_pos is not None:
                log_pos, adj_pos = _shrink(lr.lr_pos, lr.ci_pos, lr.fragile, ratio_max, fragile_factor)
                lp[cond_index[cid], find_index[fid]] = log_pos
            if lr.lr_neg is not None:
                log_neg, adj_neg = _shrink(lr.lr_neg, lr.ci_neg, lr.fragile, ratio_max, fragile_factor)
                ln[cond_index[cid], find_index[fid]] = log_neg
            use = LRUse(cid, fid, lr, log_pos, log_neg, adj_pos, adj_neg, len(link_map))
            link_map[(cid, fid)] = use
            links[cid].append(use)
            by_finding[fid].append(use)
    cluster_of = {f: (d.cluster or f"_{f}") for f, d in kb.findings.items()}

    # derived findings in dependency order (a derived finding may read another derived finding)
    from legdx.knowledge import rules

    derived = {f: d for f, d in kb.findings.items() if d.derive is not None}
    order: list[str] = []
    seen: set[str] = set()

    def visit(f: str, stack: tuple[str, ...]) -> None:
        if f in seen:
            return
        if f in stack:
            raise ValueError(f"derived findings form a cycle: {' -> '.join(stack + (f,))}")
        for dep in rules.referenced_findings(derived[f].derive):
            if dep in derived:
                visit(dep, stack + (f,))
        seen.add(f)
        order.append(f)

    for f in derived:
        visit(f, ())
    askable = [f for f, d in kb.findings.items() if d.question is not None and d.derive is None]
    rows = {
        c: [(u.finding, cluster_of[u.finding], u.log_pos, u.log_neg) for u in ls] for c, ls in links.items()
    }
    stated_rows: dict[str, list[tuple[str, int, LRUse]]] = {f: [] for f in finding_ids}
    for cid, ls in links.items():
        for i, u in enumerate(ls):
            stated_rows[u.finding].append((cid, i, u))
    ck = CompiledKB(
        kb,
        condition_ids,
        finding_ids,
        cond_index,
        find_index,
        links,
        by_finding,
        cluster_of,
        order,
        askable,
        lp,
        ln,
        rows,
        [f for f, d in kb.findings.items() if d.exertion],
        link_map,
        _rule_inputs(kb),
        *_dependents(kb, order),
    )
    ck.stated_rows = stated_rows
    for fid, rs in stated_rows.items():
        sides: tuple[list[_Stated], list[_Stated]] = ([], [])
        for cid, i, u in rs:
            for state, lg in ((False, u.log_neg), (True, u.log_pos)):
                if lg is not None:
                    adj = u.adj_pos if state else u.adj_neg
                    sides[state].append((cid, (i, u, state, lg, adj, cluster_of[u.finding])))
        if sides[0] or sides[1]:
            ck.stated_by_state[fid] = sides
            ck.code_rows[fid] = (
                [(cid, 2 * t[1].k) for cid, t in sides[0]],
                [(cid, 2 * t[1].k + 1) for cid, t in sides[1]],
            )
    ck.stated_of = [None] * (2 * len(link_map))
    ck.code_finding = [u.finding for u in link_map.values() for _side in (0, 1)]
    ck.code_condition = [u.condition for u in link_map.values() for _side in (0, 1)]
    for fid, (absent, present) in ck.code_rows.items():
        ck.codes_by_state[(fid, False)] = tuple(code for _cid, code in absent)
        ck.codes_by_state[(fid, True)] = tuple(code for _cid, code in present)
    ck.derived_index = {f: i for i, f in enumerate(order)}
    ck.exertion_set = frozenset(ck.exertion_findings)
    for sides in ck.stated_by_state.values():
        for side in sides:
            for _cid, t in side:
                ck.stated_of[2 * t[1].k + t[2]] = t
    ck.used_of = [None if t is None else (t[1], t[2], t[3], t[4]) for t in ck.stated_of]
    ck.after_instruments = _after_instruments(kb, order)
    ck.instrument_cuts = instrument_cuts(kb)
    ck.derive_fns = {f: rules.compiled(kb.findings[f].derive) for f in order}
    ck.flag_fns = [(rf, rules.compiled(rf.trigger)) for rf in kb.red_flags.values()]
    ck.walks = {c: _walk(r) for c, r in rows.items()}
    ck.var_dependents, ck.derived_always = _reach(ck)
    empty = rules.Context(findings={}, variables={})
    for i, (rf, trigger) in enumerate(ck.flag_fns):
        for name in sorted(rules.referenced_findings(rf.trigger) | rules.referenced_variables(rf.trigger)):
            ck.flag_inputs.setdefault(name, []).append(i)
        if trigger(empty) is not None:
            ck.flags_always |= {i}
    return ck


def _dependents(kb: KnowledgeBase, order: list[str]) -> tuple[dict[str, list[str]], frozenset[str]]:
    from legdx.knowledge import rules

    reads = {f: rules.referenced_findings(kb.findings[f].derive) for f in order}
    pos = {f: i for i, f in enumerate(order)}
    deps: dict[str, set[str]] = {}
    for f in order:  # dependency order: what f reads is complete before f
        for src in reads[f]:
            deps.setdefault(src, set()).add(f)
    closed: dict[str, list[str]] = {}
    for src in list(deps):
        seen: set[str] = set()
        stack = list(deps[src])
        while stack:
            d = stack.pop()
            if d not in seen:
                seen.add(d)
                stack.extend(deps.get(d, ()))
        closed[src] = sorted(seen, key=pos.__getitem__)
    inst: set[str] = set()
    for ins in kb.instruments.values():
        for item in ins.items:
            inst |= rules.referenced_findings(item.when)
    # a finding feeds an instrument if it, or a derived finding depending on it, is an item input
    feeds = {f for f in kb.findings if f in inst or any(d in inst for d in closed.get(f, ()))}
    return closed, frozenset(feeds)


def _reach(ck: CompiledKB) -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """Variable -> derived findings it can reach; and the derived findings set in an empty case."""
    from legdx.knowledge import rules

    by_var: dict[str, set[str]] = {}
    for f in ck.derived_order:
        for v in rules.referenced_variables(ck.kb.findings[f].derive):
            by_var.setdefault(v, set()).update([f, *ck.dependents.get(f, ())])
    empty: dict[str, bool] = {}
    ctx = rules.Context(findings=empty, variables={})
    for f in ck.derived_order:  # dependency order, as ``core.derive_findings`` runs them
        value = ck.derive_fns[f](ctx)
        if value is not None:
            empty[f] = value
    return {v: frozenset(fs) for v, fs in by_var.items()}, frozenset(empty)


def instrument_cuts(kb: KnowledgeBase) -> dict[str, list[tuple[str, float]]]:
    """Per instrument variable, every comparison the knowledge base's rules make on it.

    A partly answered instrument has a range of possible totals; when that range decides every one of
    these comparisons the same way, the engine may use the range's low end as the total (see
    ``calculators.score_instruments``): no rule can tell the difference."""
    from legdx.knowledge import rules
    from legdx.knowledge.loader import all_rules

    totals = {ins.variable for ins in kb.instruments.values()}
    out: dict[str, list[tuple[str, float]]] = {v: [] for v in sorted(totals)}
    for rule, _where in all_rules(kb):
        for var, op, value in rules.comparisons(rule):
            if var in totals and (op, value) not in out[var]:
                out[var].append((op, value))
    return out


def _after_instruments(kb: KnowledgeBase, order: list[str]) -> list[str]:
    from legdx.knowledge import rules

    totals = {ins.variable for ins in kb.instruments.values()}
    hit: set[str] = set()
    for f in order:  # dependency order: what f reads is decided before f
        d = kb.findings[f].derive
        if rules.referenced_variables(d) & totals or rules.referenced_findings(d) & hit:
            hit.add(f)
    return [f for f in order if f in hit]


def _rule_inputs(kb: KnowledgeBase) -> frozenset[str]:
    from legdx.knowledge import rules

    direct: set[str] = set()
    for d in kb.findings.values():
        if d.derive is not None:
            direct |= rules.referenced_findings(d.derive)
    for rf in kb.red_flags.values():
        direct |= rules.referenced_findings(rf.trigger)
        for esc in rf.escalations:
            direct |= rules.referenced_findings(esc.when)
    for c in kb.conditions.values():
        for ue in c.urgency.escalations:
            direct |= rules.referenced_findings(ue.when)
    for ins in kb.instruments.values():
        for item in ins.items:
            direct |= rules.referenced_findings(item.when)
    direct |= rules.referenced_findings(kb.settings.triage.self_care_allowed_when)
    return frozenset(direct)


@functools.lru_cache(maxsize=1)
def default_compiled() -> CompiledKB:
    """The default knowledge base compiled, with the pieces ``assess`` builds on first use already built
    (``assess.prime``): loading pays for them, not the process's first assessments."""
    ck = compile_kb(default_kb())
    from legdx.engine import assess  # the engine's output pieces (assess imports this module)

    assess.prime(ck)
    return ck


def age_band_label(p: Pretest) -> str:
    lo, hi = p.age.min, p.age.max
    if lo is None and hi is None:
        return "any age"
    if hi is None:
        return f"{lo}+"
    if lo is None:
        return f"up to {hi}"
    return f"{lo}-{hi}"


def select_pretest(pretests: list[Pretest], setting: str, age: float | None) -> tuple[Pretest, str | None]:
    """Pick the most specific prior for the setting and age; a note when a fallback was needed."""
    note = None
    same = [p for p in pretests if p.setting == setting]
    if not same:
        same = [p for p in pretests if p.setting == "primary_care"] or list(pretests)
        note = f"no prior for setting '{setting}'; used {same[0].setting}"
    if age is None:
        unbanded = [p for p in same if p.age.min is None and p.age.max is None]
        if unbanded:
            return unbanded[0], note
        best = max(same, key=lambda p: p.p)
        return best, "age unknown: used the highest age-band prior" + (f"; {note}" if note else "")
    matching = [p for p in same if p.age.contains(age)]
    if not matching:
        unbanded = [p for p in same if p.age.min is None and p.age.max is None]
        if unbanded:
            return unbanded[0], note
        nearest = min(same, key=lambda p: min(abs(age - (p.age.min or age)), abs(age - (p.age.max or age))))
        return nearest, f"no age band holds {age:g}: used the nearest band" + (f"; {note}" if note else "")

    def width(p: Pretest) -> float:
        return (p.age.max if p.age.max is not None else 200) - (p.age.min if p.age.min is not None else 0)

    return min(matching, key=width), note


#: the most output pieces ``CompiledKB.memo`` keeps before it is cleared (pieces that depend on a case's
#: numbers: next questions, prior-only entries, direction checks)
MEMO_MAX = 20_000


def remember(memo: dict[tuple[object, ...], Any], key: tuple[object, ...], value: _T) -> _T:
    """Keep an immutable output piece for reuse in ``CompiledKB.memo``; the memo is bounded (cleared when
    full). Shared by ``assess`` and ``plan`` (session 26's review: ``plan._directions`` had its own copy)."""
    if len(memo) >= MEMO_MAX:
        memo.clear()
    memo[key] = value
    return value
