"""The vectorised path: many cases at once with numpy, for population screening.

It computes the same numbers as the single-case path (``core.differential``, ``core.red_flags``):
derived findings, cluster rules, shrunk LRs, priors by setting and age, and red-flag floors. Tests check
the two paths agree case by case, and that the batch path matches a plain numpy form of itself
(tests/test_batch_paths.py).

How it is fast: the knowledge base's rules are compiled once (per ``CompiledKB``) into functions over
(true, false) masks; rows are taken a chunk at a time, laid out by finding so every column read is
contiguous; and the log LRs are added by table look-up: findings go in small packs whose joint state is
one number, and per condition a pack moves, one table gives the pack's summed log LR (``_Codes``).

Cases come as a ``Batch``: a state matrix (rows = cases, columns = findings; 1 present, -1 absent,
0 unknown), a dict of numeric variables (float arrays, NaN = unknown) and the setting.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from legdx import model
from legdx.engine.compiled import CompiledKB, default_compiled, select_pretest
from legdx.knowledge import rules
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


_Tri = tuple[np.ndarray, np.ndarray]  # (true, false) boolean rows of a rule; unknown where neither
_Node = Callable[["_Rows"], _Tri]


class _Rows:
    """One chunk of rows as the compiled rules read them: finding columns (each contiguous, -1/0/1) and
    variables (NaN unknown). A finding's (present, absent) masks are made once per chunk and shared by
    every rule that reads it (rules never modify the arrays they are given)."""

    __slots__ = ("cols", "variables", "n", "_pn")

    def __init__(self, cols: np.ndarray, variables: dict[str, np.ndarray], n: int):
        self.cols = cols
        self.variables = variables
        self.n = n
        self._pn: dict[int, _Tri] = {}

    def finding(self, j: int) -> _Tri:
        pn = self._pn.get(j)
        if pn is None:
            col = self.cols[j]
            pn = self._pn[j] = (col == 1, col == -1)
        return pn

    def derive(self, j: int, tri: _Tri) -> None:
        """Set finding ``j`` where the rule is known: present where true, absent where false (in plain
        arithmetic, col * unknown + (true - false): masked numpy writes are many times slower)."""
        t, f = tri
        col = self.cols[j]
        value = t.view(np.int8) - f.view(np.int8)
        unknown = np.logical_not(t | f)
        np.multiply(col, unknown.view(np.int8), out=col, casting="unsafe")
        np.add(col, value, out=col, casting="unsafe")
        self._pn.pop(j, None)


def _compile(rule: Any, find_index: Mapping[str, int]) -> _Node:
    """A rule as a function of a chunk of rows, in three-valued logic: (true, false) masks.

    The same logic as the single-case rules (Kleene 'all'/'any'/'not'); 'at_least' is true when at least
    ``need`` parts are true and false when more than ``len(of) - need`` parts are false."""
    if rule is True or rule is False:
        value = bool(rule)
        return lambda r: (np.full(r.n, value), np.full(r.n, not value))
    if isinstance(rule, str):
        j = find_index[rule]
        return lambda r: r.finding(j)
    if not isinstance(rule, dict):
        raise ValueError(f"rule form not supported in batch: {rule!r}")
    if "all" in rule or "any" in rule:
        is_all = "all" in rule
        parts = [_compile(x, find_index) for x in rule["all" if is_all else "any"]]
        if not parts:  # all([]) is true, any([]) is false
            return _compile(is_all, find_index)
        if len(parts) == 1:
            return parts[0]
        first, rest = parts[0], parts[1:]
        # 'all': true where every part is true, false where any part is false ('any' the other way round)
        both, either = (np.logical_and, np.logical_or) if is_all else (np.logical_or, np.logical_and)

        def combine(r: _Rows) -> _Tri:
            t, f = first(r)
            t2, f2 = rest[0](r)
            t, f = both(t, t2), either(f, f2)  # new arrays: the parts' arrays stay untouched
            for part in rest[1:]:
                t2, f2 = part(r)
                both(t, t2, out=t)
                either(f, f2, out=f)
            return t, f

        return combine
    if "not" in rule:
        inner = _compile(rule["not"], find_index)
        return lambda r: inner(r)[::-1]
    if "absent" in rule:
        j = find_index[rule["absent"]]
        return lambda r: r.finding(j)[::-1]
    if "known" in rule:
        j = find_index[rule["known"]]

        def known(r: _Rows) -> _Tri:
            p, q = r.finding(j)
            k = p | q
            return k, ~k

        return known
    if "at_least" in rule:
        parts = [_compile(x, find_index) for x in rule["of"]]
        need = int(rule["at_least"])
        slack = len(parts) - need  # false once more parts than this are false

        counter: type = np.uint8 if len(parts) < 256 else np.int32

        def at_least(r: _Rows) -> _Tri:
            true: np.ndarray = np.zeros(r.n, counter)
            false: np.ndarray = np.zeros(r.n, counter)
            for part in parts:
                t, f = part(r)
                np.add(true, t.view(np.uint8), out=true, casting="unsafe")
                np.add(false, f.view(np.uint8), out=false, casting="unsafe")
            return true >= need, false > slack

        return at_least
    if "var" in rule:
        name = rule["var"]
        ops = [(fn, float(rule[op])) for op, fn in _OPS.items() if op in rule]

        def var(r: _Rows) -> _Tri:
            x = r.variables.get(name)
            if x is None:
                none = np.zeros(r.n, bool)
                return none, none
            known = ~np.isnan(x)
            if not ops:
                return known, np.zeros(r.n, bool)
            t = ops[0][0](x, ops[0][1])  # comparisons with NaN are false: true only where known
            for fn, v in ops[1:]:
                t &= fn(x, v)
            f = ~t
            f &= known
            return t, f

        return var
    raise ValueError(f"rule form not supported in batch: {sorted(rule)}")


@dataclass
class _Codes:
    """Packs of the same size: findings scored together, their states read as one number in base 3 (digits
    -1/0/1, the pack's first finding the lowest digit) plus ``half`` = (3**size - 1) / 2, so 0 .. 3**size - 1.
    Per condition a pack moves, a table over these numbers holds the sum of the pack's log LRs (a cluster of
    findings counting only its member with the largest |log LR|, as in the single path)."""

    members: np.ndarray  # [packs, size] finding columns
    dtype: type  # holds every signed sum: int8 up to 5 findings (|sum| <= 121), else int16
    unsigned: type  # the same width unsigned: holds every number
    half: int
    rows: list[tuple[int, list[tuple[int, np.ndarray]]]]  # per pack: (its row, [(condition, table)])


@dataclass
class _Plan:
    """What ``score`` computes with, built once per compiled knowledge base."""

    derive: list[tuple[int, _Node]]  # derived findings, dependency order
    again: list[tuple[int, _Node]]  # those that read an instrument total (directly or not), in order
    instruments: list[tuple[str, list[tuple[_Node, float]], list[tuple[str, float]]]]
    flags: list[tuple[_Node, int, list[tuple[_Node, int]]]]  # trigger, level, escalations
    codes: list[_Codes]
    clusters: list[_Cluster]  # clusters too large for a pack
    priors: dict[tuple[str, float], np.ndarray] = field(default_factory=dict)  # prior logits by age

    def prior_logits(self, ck: CompiledKB, setting: str, a: float) -> np.ndarray:
        row = self.priors.get((setting, a))
        if row is None:
            age = None if a < 0 else float(a)
            row = np.array(
                [
                    math.log(p / (1 - p))
                    for p in (
                        select_pretest(ck.kb.conditions[c].pretest, setting, age)[0].p
                        for c in ck.condition_ids
                    )
                ]
            )
            if len(self.priors) > 10_000:
                self.priors.clear()
            self.priors[(setting, a)] = row
        return row


#: findings per pack (tables of 3**6 = 729 entries per condition; a larger cluster stays whole)
_MAX_DIGITS = 6


def _balanced_digits(m: int) -> np.ndarray:
    """Every state combination of m findings [3**m, m] (-1/0/1), ordered by number (see ``_Codes``)."""
    x = np.arange(3**m) - (3**m - 1) // 2
    states = np.empty((3**m, m), np.int64)
    for i in range(m):
        d = (x + 1) % 3 - 1
        states[:, i] = d
        x = (x - d) // 3
    return states


#: a cluster with more findings than this is scored member by member instead (its table would be large)
_MAX_CLUSTER = 8

#: a large cluster: its members (finding order), the conditions it moves, per member its log LRs by state
#: [conditions, 3] (columns: absent, unknown, present)
_Cluster = tuple[np.ndarray, np.ndarray, list[tuple[int, np.ndarray]]]


def _packs(ck: CompiledKB) -> tuple[list[_Codes], list[_Cluster]]:
    groups: dict[str, list[int]] = {}
    for fid, k in ck.cluster_of.items():
        groups.setdefault(k, []).append(ck.find_index[fid])
    lp, ln = ck.log_pos, ck.log_neg
    # items: a finding alone, or a cluster of two or more (members in finding order); with the conditions
    # they can move
    items: list[tuple[list[int], frozenset[int]]] = []
    large: list[_Cluster] = []
    for js in groups.values():
        members = sorted(js)
        moved = np.flatnonzero((lp[:, members] != 0).any(axis=1) | (ln[:, members] != 0).any(axis=1))
        if len(members) > _MAX_CLUSTER and len(moved):
            tables = [
                (j, np.stack([ln[moved, j], np.zeros(len(moved)), lp[moved, j]], axis=1)) for j in members
            ]
            large.append((np.array(members), moved, tables))
        elif len(moved):
            items.append((members, frozenset(int(c) for c in moved)))
    items.sort(key=lambda it: (-len(it[1]), it[0]))
    # greedy: an item joins the open pack it shares the most conditions with (one table look-up per
    # condition and pack), else starts a pack
    packs: list[tuple[list[tuple[list[int], frozenset[int]]], set[int], int]] = []
    for members, conds in items:
        best, gain = -1, 0
        for pi, (_its, pconds, digits) in enumerate(packs):
            shared = len(conds & pconds)
            if digits + len(members) <= _MAX_DIGITS and shared > gain:
                best, gain = pi, shared
        if best < 0:
            packs.append(([(members, conds)], set(conds), len(members)))
        else:
            its, pconds, digits = packs[best]
            its.append((members, conds))
            pconds |= conds
            packs[best] = (its, pconds, digits + len(members))
    by_size: dict[int, _Codes] = {}
    for its, pconds, digits in packs:
        states = _balanced_digits(digits)
        table = np.zeros((len(states), lp.shape[0]))
        i = 0
        for members, _conds in its:
            s = states[:, i : i + len(members)]
            i += len(members)
            if len(members) == 1:
                j = members[0]
                table += np.where(s == 1, lp[:, j], np.where(s == -1, ln[:, j], 0.0))
                continue
            # a cluster: the member contribution with the largest |log LR|, members in finding order,
            # only a strictly larger one replacing (as the single path and the previous batch form)
            best_c = np.zeros_like(table)
            best_abs = np.zeros_like(table)
            for mi, j in enumerate(members):
                contrib = np.where(
                    s[:, mi : mi + 1] == 1, lp[:, j], np.where(s[:, mi : mi + 1] == -1, ln[:, j], 0.0)
                )
                larger = np.abs(contrib) > best_abs
                np.copyto(best_c, contrib, where=larger)
                np.copyto(best_abs, np.abs(contrib), where=larger)
            table += best_c
        group = by_size.get(digits)
        if group is None:
            small = digits <= 5
            group = by_size[digits] = _Codes(
                np.zeros((0, digits), np.intp),
                np.int8 if small else np.int16,
                np.uint8 if small else np.uint16,
                (3**digits - 1) // 2,
                [],
            )
        row = len(group.members)
        group.members = np.vstack([group.members, [[j for members, _c in its for j in members]]])
        group.rows.append((row, [(c, np.ascontiguousarray(table[:, c])) for c in sorted(pconds)]))
    return [by_size[d] for d in sorted(by_size)], large


def _after_instruments(ck: CompiledKB) -> list[str]:
    totals = {ins.variable for ins in ck.kb.instruments.values()}
    hit: set[str] = set()
    for f in ck.derived_order:  # dependency order: what f reads is decided before f
        d = ck.kb.findings[f].derive
        if rules.referenced_variables(d) & totals or rules.referenced_findings(d) & hit:
            hit.add(f)
    return [f for f in ck.derived_order if f in hit]


def _plan(ck: CompiledKB) -> _Plan:
    kb, fi = ck.kb, ck.find_index
    codes, clusters = _packs(ck)
    return _Plan(
        derive=[(fi[f], _compile(kb.findings[f].derive, fi)) for f in ck.derived_order],
        again=[(fi[f], _compile(kb.findings[f].derive, fi)) for f in _after_instruments(ck)],
        instruments=[
            (
                ins.variable,
                [(_compile(item.when, fi), float(item.points)) for item in ins.items],
                list(ck.instrument_cuts.get(ins.variable) or []),
            )
            for ins in kb.instruments.values()
        ],
        flags=[
            (
                _compile(rf.trigger, fi),
                TRIAGE_ORDER.index(rf.level),
                [(_compile(e.when, fi), TRIAGE_ORDER.index(e.level)) for e in rf.escalations],
            )
            for rf in kb.red_flags.values()
        ],
        codes=codes,
        clusters=clusters,
    )


def _instrument_totals(plan: _Plan, rows: _Rows) -> None:
    """Instrument totals, as the single-case scorer exposes them: the total when every item is known, or
    the low end of the possible range when that range decides every comparison the KB makes on it.

    Items are counted by their points (true items; unknown items with points below and above 0): with
    points that are multiples of 1/1024 and small, every sum is exact in floating point, so adding the
    counts times the points gives the same totals as adding item by item (and the unmasked counting is
    much faster); other points are added item by item."""
    n = rows.n
    for variable, items, cuts in plan.instruments:
        complete = np.ones(n, bool)
        if _exact_points(items):
            true: dict[float, np.ndarray] = {}
            unknown: dict[float, np.ndarray] = {}
            for node, points in items:
                t, f = node(rows)
                k = t | f
                complete &= k
                if points == 0:
                    continue
                cnt = true.get(points)
                if cnt is None:
                    cnt = true[points] = np.zeros(n, np.uint8)
                np.add(cnt, t.view(np.uint8), out=cnt, casting="unsafe")
                np.logical_not(k, out=k)
                cnt = unknown.get(points)
                if cnt is None:
                    cnt = unknown[points] = np.zeros(n, np.uint8)
                np.add(cnt, k.view(np.uint8), out=cnt, casting="unsafe")
            total = np.zeros(n)
            low_unknown = np.zeros(n)
            high_unknown = np.zeros(n)
            for points, cnt in true.items():
                total += cnt * points
            for points, cnt in unknown.items():
                if points < 0:
                    low_unknown += cnt * points
                else:
                    high_unknown += cnt * points
        else:
            total = np.zeros(n)  # points of true items
            low_unknown = np.zeros(n)
            high_unknown = np.zeros(n)
            for node, points in items:
                t, f = node(rows)
                k = t | f
                complete &= k
                total += np.where(t, points, 0.0)
                low_unknown += np.where(k, 0.0, min(0.0, points))
                high_unknown += np.where(k, 0.0, max(0.0, points))
        low, high = total + low_unknown, total + high_unknown
        decided = np.full(n, bool(cuts))
        for op, value in cuts:
            if op == "eq":
                decided &= ~((low <= value) & (value <= high) & (low != high))
            else:
                decided &= _OPS[op](low, value) == _OPS[op](high, value)
        rows.variables[variable] = np.where(complete, total, np.where(decided, low, np.nan))


def _exact_points(items: list[tuple[_Node, float]]) -> bool:
    """Whether every partial sum of these points is exact in float64 (small multiples of 1/1024), so the
    order of the additions cannot change a total."""
    return len(items) < 255 and all((p * 1024).is_integer() and abs(p) <= 1e6 for _node, p in items)


def _distinct_ages(ages: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(np.nan_to_num(ages, nan=-1.0), return_inverse=True)`` (NaN read as -1, unknown),
    without the sort when every age is a whole number from -1 to 1000 (the usual case)."""
    x = np.asarray(ages)
    if x.dtype.kind == "f" and x.size:
        key = np.where(np.isnan(x), -1.0, x)
        lo, hi = float(key.min()), float(key.max())
        if lo >= -1 and hi <= 1000:
            whole = key.astype(np.int64)
            if np.array_equal(whole, key):
                seen = np.zeros(int(hi) + 2, bool)
                seen[whole + 1] = True
                rank = np.cumsum(seen) - 1
                return (np.flatnonzero(seen) - 1).astype(key.dtype), rank[whole + 1]
    uniq, inverse = np.unique(np.nan_to_num(x, nan=-1.0), return_inverse=True)
    return uniq, np.asarray(inverse).reshape(-1)


#: the byte swaps of an 8x8 byte transpose (rows held as uint64): between rows i and i + k, k = 4, 2, 1
_SWAPS = [
    (k, np.uint64(8 * k), np.uint64(mask))
    for k, mask in ((4, 0x00000000FFFFFFFF), (2, 0x0000FFFF0000FFFF), (1, 0x00FF00FF00FF00FF))
]


class _Transpose:
    """Copies row blocks of a one-byte [rows, F] matrix into the column-major layout, 8x8 bytes at a time
    (numpy's own transposing copy moves one byte at a time); scratch space is kept between blocks."""

    STEP = 2048  # rows at a time: the scratch space stays in cache

    def __init__(self, width: int):
        self.padded = -(-width // 8) * 8
        self.scratch = np.zeros((8, self.STEP // 8, self.padded), np.int8)
        self.tmp = np.empty((self.STEP // 8, self.padded // 8), np.uint64)

    def __call__(self, block: np.ndarray, out: np.ndarray) -> None:
        for r0 in range(0, block.shape[0], self.STEP):
            self.step(block[r0 : r0 + self.STEP], out[:, r0 : r0 + self.STEP])

    def step(self, block: np.ndarray, out: np.ndarray) -> None:
        m, f = block.shape
        a8 = m // 8
        if a8:
            b = self.scratch[:, :a8]  # b[i, a] = row 8a + i, padded with zeros (left untouched)
            b[:, :, :f] = block[: a8 * 8].reshape(a8, 8, f).transpose(1, 0, 2)
            u = b.view(np.uint64)  # u[i, a, g]: row 8a + i, columns 8g .. 8g + 7 (little-endian bytes)
            t = self.tmp[:a8]
            for k, shift, mask in _SWAPS:  # transpose every 8x8 byte tile in place
                for i in range(8):
                    if not i & k:
                        x, y = u[i], u[i + k]
                        np.right_shift(x, shift, out=t)
                        t ^= y
                        t &= mask
                        y ^= t
                        t <<= shift
                        x ^= t
            # now u[i, a, g] holds column 8g + i of rows 8a .. 8a + 7
            cols = np.ascontiguousarray(u.transpose(2, 0, 1)).reshape(self.padded, a8).view(np.int8)
            out[:, : a8 * 8] = cols[:f]
        if m % 8:
            out[:, a8 * 8 :] = block[a8 * 8 :].T


def _bad_state(ck: CompiledKB, src: np.ndarray, r0: int, r1: int) -> None:
    """Raise on the first state outside -1/0/1 in rows r0..r1 (the packed look-up would misread it)."""
    block = src[r0:r1]
    i, j = (int(x[0]) for x in np.nonzero((block < -1) | (block > 1)))
    raise ValueError(
        f"batch states: row {r0 + i}, finding '{ck.finding_ids[j]}' has {int(block[i, j])}; "
        "a state is 1 (present), -1 (absent) or 0 (unknown)"
    )


def score(batch: Batch, ck: CompiledKB | None = None, chunk: int = 16_384) -> BatchResult:
    """Probabilities and red-flag floors for every case of the batch.

    Rows are taken ``chunk`` at a time (sized for the cache): the chunk's states are laid out by finding
    (each finding's column contiguous, as the output states are), derived findings and instrument totals
    are computed, red flags evaluated, and each condition's logit is its prior plus one table look-up
    per pack of findings that moves it (see ``_Codes``)."""
    ck = ck or default_compiled()
    plan = ck.once(("batch_plan",), lambda: _plan(ck))
    src = np.asarray(batch.states)
    n, nf = src.shape
    c, nflags = len(ck.condition_ids), len(plan.flags)
    # the states after derivation, column-major like the chunks (rows of ``out_t`` are findings)
    out_t = np.empty((nf, n), dtype=src.dtype)
    probs = np.empty((n, c))
    fired = np.zeros((n, nflags), bool)
    floor = np.full(n, len(TRIAGE_ORDER), dtype=np.int8)

    # priors: one lookup per distinct age (NaN or negative: unknown)
    ages = batch.variables.get("age")
    if ages is None:
        ages = np.full(n, np.nan)
    uniq, inverse = _distinct_ages(ages)
    prior_t = np.empty((c, len(uniq)))
    for ui, a in enumerate(uniq.tolist()):
        prior_t[:, ui] = plan.prior_logits(ck, batch.setting, a)
    inverse = np.asarray(inverse, dtype=np.intp).reshape(-1)

    chunk = max(1, int(chunk))
    buf = np.empty(min(n, chunk))
    transpose: Callable[[np.ndarray, np.ndarray], None]
    if src.dtype.itemsize == 1 and src.flags.c_contiguous:
        transpose = _Transpose(nf)
    else:

        def transpose(block: np.ndarray, out: np.ndarray) -> None:
            out[...] = block.T

    with np.errstate(invalid="ignore"):
        for r0 in range(0, n, chunk):
            r1 = min(n, r0 + chunk)
            m = r1 - r0
            cols = out_t[:, r0:r1]
            transpose(src[r0:r1], cols)
            if m and (int(cols.min()) < -1 or int(cols.max()) > 1):
                _bad_state(ck, src, r0, r1)
            rows = _Rows(cols, {k: v[r0:r1] for k, v in batch.variables.items()}, m)
            for j, node in plan.derive:
                rows.derive(j, node(rows))
            if plan.instruments:
                _instrument_totals(plan, rows)
                for j, node in plan.again:
                    rows.derive(j, node(rows))

            logit = np.take(prior_t, inverse[r0:r1], axis=1)  # [conditions, rows]
            for group in plan.codes:
                mem = group.members
                code = cols[mem[:, -1]].astype(group.dtype)
                for i in range(mem.shape[1] - 2, -1, -1):
                    code *= 3
                    np.add(code, cols[mem[:, i]], out=code, casting="unsafe")
                code += group.half  # 0 .. 3**size - 1, read unsigned (the signed sum may wrap)
                ucode = code.view(group.unsigned)
                for row, units in group.rows:
                    index = ucode[row].astype(np.intp)
                    for ci, table in units:
                        np.take(table, index, out=buf[:m], mode="clip")  # every index is in range
                        np.add(logit[ci], buf[:m], out=logit[ci])
            for _members, moved, tables in plan.clusters:
                # the member contribution with the largest |log LR| per condition, members in finding
                # order, only a strictly larger one replacing (as the single path)
                best = np.zeros((len(moved), m))
                best_abs = np.zeros((len(moved), m))
                for j, by_state in tables:
                    contrib = np.take(by_state, cols[j].astype(np.intp) + 1, axis=1)
                    contrib_abs = np.abs(contrib)
                    larger = contrib_abs > best_abs
                    np.copyto(best, contrib, where=larger)
                    np.copyto(best_abs, contrib_abs, where=larger)
                logit[moved] += best
            np.clip(logit, -35, 35, out=logit)
            np.negative(logit, out=logit)
            np.exp(logit, out=logit)
            logit += 1.0
            np.divide(1.0, logit, out=logit)
            probs[r0:r1] = logit.T

            level = np.full(m, len(TRIAGE_ORDER), dtype=np.int8)
            for ri, (trigger, lvl, escalations) in enumerate(plan.flags):
                hit = trigger(rows)[0]
                fired[r0:r1, ri] = hit
                if not hit.any():
                    continue
                # the flag's level (or a more urgent escalation's) where it fires, 'none' elsewhere
                none = len(TRIAGE_ORDER)
                np.minimum(level, hit.view(np.int8) * np.int8(lvl - none) + np.int8(none), out=level)
                for when, esc_level in escalations:
                    esc = hit & when(rows)[0]
                    np.minimum(
                        level, esc.view(np.int8) * np.int8(esc_level - none) + np.int8(none), out=level
                    )
            floor[r0:r1] = level
    return BatchResult(probs, floor, fired, out_t.T)
