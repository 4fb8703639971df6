"""Per-patient features -> engine probabilities and red flags -> screening rules -> worklist rows.

This is the one place where the screen's medicine runs, for both engines: DuckDB calls ``Scorer.score``
on each batch in process, Spark calls it per partition through ``mapInPandas``. The probabilities and
red flags come from ``legdx.engine.batch.score``; nothing Bayesian is computed here.

Identical feature rows give identical results, so the engine scores each distinct row once and the
results are spread back. Rows are first made "more identical" exactly: the engine reads a numeric
variable (age, lowest/highest ABI) only through comparisons with fixed thresholds and, for age, the
choice of a prior band, so two values that every such comparison treats alike are interchangeable;
each value is replaced by the first value of its class for scoring (the evidence shows the real one).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from legdx.engine import batch as engine_batch
from legdx.engine.compiled import CompiledKB
from legdx.screen import evaluate
from legdx.screen.config import Mapping as CodeMapping
from legdx.screen.config import Rules

#: worklist columns and their types (the output schema of both engines)
OUTPUT_COLUMNS: dict[str, str] = {
    "patient_id": "string",
    "rule": "string",
    "priority": "int32",
    "probability": "double",
    "evidence": "string",
    "action": "string",
    "source": "string",
    "age": "double",
    "sex": "string",
}
_SENTINEL = -1.0e9


@dataclass
class Scorer:
    """Scores batches of the feature table. Picklable (Spark ships it to the executors)."""

    rules: Rules
    mapping: CodeMapping
    finding_columns: dict[str, str]  # feature column -> knowledge-base finding
    concept_columns: list[str]  # every 1/-1/0 feature column
    numeric: dict[str, tuple[str, str]]  # concept -> (lowest variable, highest variable)
    _ck: CompiledKB | None = field(default=None, repr=False)
    _thresholds: dict[str, list[tuple[str, float]]] | None = field(default=None, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_ck"] = None  # the compiled knowledge base is rebuilt where it is used
        state["_thresholds"] = None
        return state

    @property
    def ck(self) -> CompiledKB:
        if self._ck is None:
            from legdx.engine.compiled import default_compiled

            self._ck = default_compiled()
        return self._ck

    @property
    def variable_columns(self) -> list[str]:
        return ["age"] + [v for pair in self.numeric.values() for v in pair]

    def thresholds(self) -> dict[str, list[tuple[str, float]]]:
        """Every comparison the knowledge base and the screening rules make on each numeric variable."""
        if self._thresholds is None:
            found: dict[str, set[tuple[str, float]]] = {v: set() for v in self.variable_columns}
            kb = self.ck.kb
            for group in (kb.findings, kb.red_flags, kb.instruments, kb.conditions):
                for obj in group.values():
                    _walk(obj.model_dump(), found)
            _walk(self.rules.model_dump(), found)
            self._thresholds = {v: sorted(ts) for v, ts in found.items()}
        return self._thresholds

    def _classes(self, name: str, x: np.ndarray) -> np.ndarray:
        """``x`` with each value replaced by the first value of its class: values that every comparison
        on the variable (and, for age, the choice of prior band) treats alike. Exact for the engine."""
        from legdx.engine.compiled import select_pretest

        values, inverse = np.unique(np.where(np.isnan(x), _SENTINEL, x), return_inverse=True)
        ths = self.thresholds().get(name, [])
        conds = list(self.ck.kb.conditions.values()) if name == "age" else []
        rep: dict[tuple[Any, ...], float] = {}
        out = np.empty(len(values))
        for i, v in enumerate(values.tolist()):
            if v == _SENTINEL:
                out[i] = np.nan
                continue
            sig: tuple[Any, ...] = tuple(_OPS[op](v, t) for op, t in ths)
            if conds:
                age = None if v < 0 else v  # as batch.score: a negative age is unknown
                sig += tuple(id(select_pretest(c.pretest, self.rules.setting, age)[0]) for c in conds)
            out[i] = rep.setdefault(sig, v)
        return out[np.asarray(inverse).reshape(-1)]

    def score(self, cols: Mapping[str, Any]) -> dict[str, np.ndarray]:
        """Worklist rows (one per patient and rule that fires) for a batch of feature rows."""
        n = len(cols["pid"])
        if n == 0:
            return _empty()
        nc = len(self.concept_columns)
        concept = (
            np.column_stack([_polarity(cols[c], n) for c in self.concept_columns])
            if nc
            else np.zeros((n, 0), np.int8)
        )
        numbers = np.column_stack([_floats(cols[v], n) for v in self.variable_columns])
        # distinct rows (full values), then distinct classes of rows: the engine scores classes
        full_inv, full_first = _unique_rows(
            np.column_stack([concept.astype(np.float64), np.where(np.isnan(numbers), _SENTINEL, numbers)])
        )
        f_concept = concept[full_first]
        f_numbers = numbers[full_first]
        classed = np.column_stack(
            [self._classes(v, f_numbers[:, j]) for j, v in enumerate(self.variable_columns)]
        )
        cls_inv, cls_first = _unique_rows(
            np.column_stack([f_concept.astype(np.float64), np.where(np.isnan(classed), _SENTINEL, classed)])
        )
        upol = f_concept[cls_first]
        unum = classed[cls_first]
        u = len(cls_first)
        variables = {name: unum[:, j] for j, name in enumerate(self.variable_columns)}

        ck = self.ck
        states = np.zeros((u, len(ck.finding_ids)), dtype=np.int8)
        for j, col in enumerate(self.concept_columns):
            fid = self.finding_columns.get(col)
            if fid is not None:
                k = ck.find_index[fid]
                states[:, k] = np.where(
                    states[:, k] == 1, 1, np.where(upol[:, j] != 0, upol[:, j], states[:, k])
                )
        result = engine_batch.score(engine_batch.Batch(states, variables, self.rules.setting), ck)
        probs = {cid: result.probabilities[:, i] for cid, i in ck.cond_index.items()}
        red = {rf: result.red_flags[:, i] for i, rf in enumerate(ck.kb.red_flags)}
        flags = _Flags(self, upol, result.states, u)
        frame = evaluate.Frame(u, flags, variables, probs, red)
        flags.frame = frame
        rank_p = probs[self.rules.rank_condition]
        # evidence is written per distinct full row, with the real values
        nf = len(full_first)
        full_frame = evaluate.Frame(
            nf,
            _Mapped(flags, cls_inv),
            {name: f_numbers[:, j] for j, name in enumerate(self.variable_columns)},
        )

        pid = np.asarray(cols["pid"], dtype=object)
        age = _floats(cols["age"], n)
        sex = np.asarray(cols["sex"], dtype=object)
        parts: list[dict[str, np.ndarray]] = []
        for rule in self.rules.rules:
            hit_c = evaluate.evaluate(rule.when, frame)
            if not hit_c.any():
                continue
            hit_f = hit_c[cls_inv]
            rows = np.flatnonzero(hit_f[full_inv])
            hit_idx = np.flatnonzero(hit_f)
            ev_f = np.empty(nf, dtype=object)
            ev_f[hit_idx] = evaluate.evidence_text(rule.evidence, full_frame, hit_idx)
            frow = full_inv[rows]
            parts.append(
                {
                    "patient_id": pid[rows],
                    "rule": np.full(len(rows), rule.id, dtype=object),
                    "priority": np.full(len(rows), rule.priority, dtype=np.int32),
                    "probability": rank_p[cls_inv[frow]],
                    "evidence": ev_f[frow],
                    "action": np.full(len(rows), rule.action.strip(), dtype=object),
                    "source": np.full(len(rows), rule.source, dtype=object),
                    "age": age[rows],
                    "sex": sex[rows],
                }
            )
        if not parts:
            return _empty()
        return {k: np.concatenate([p[k] for p in parts]) for k in OUTPUT_COLUMNS}


_OPS: dict[str, Any] = {
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "eq": lambda a, b: a == b,
}


def _walk(node: Any, found: dict[str, set[tuple[str, float]]]) -> None:
    if isinstance(node, dict):
        var = node.get("var")
        if isinstance(var, str) and var in found:
            for op in _OPS:
                if isinstance(node.get(op), int | float) and not isinstance(node.get(op), bool):
                    found[var].add((op, float(node[op])))
        for v in node.values():
            _walk(v, found)
    elif isinstance(node, list | tuple):
        for v in node:
            _walk(v, found)


def _unique_rows(m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(inverse, first index) of the distinct rows of a float matrix without NaN: hashed, then checked."""
    n = m.shape[0]
    bits = np.ascontiguousarray(m, dtype=np.float64).view(np.uint64)
    h = np.full(n, 0x9E3779B97F4A7C15, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(bits.shape[1]):
            h ^= bits[:, j]
            h *= np.uint64(0xBF58476D1CE4E5B9)
            h ^= h >> np.uint64(31)
    _, first, inverse = np.unique(h, return_index=True, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1)
    if not np.array_equal(m, m[first][inverse]):  # a hash collision: sort the rows instead
        _, first, inverse = np.unique(m, axis=0, return_index=True, return_inverse=True)
        inverse = np.asarray(inverse).reshape(-1)
    return inverse, first


class _Mapped(Mapping[str, np.ndarray]):
    """Flags of classes seen from the rows that belong to them."""

    def __init__(self, flags: Mapping[str, np.ndarray], index: np.ndarray):
        self.flags = flags
        self.index = index

    def __getitem__(self, name: str) -> np.ndarray:
        return np.asarray(self.flags[name])[self.index]

    def __iter__(self) -> Any:
        return iter(self.flags)

    def __len__(self) -> int:
        return len(self.flags)


class _Flags(Mapping[str, np.ndarray]):
    """Boolean columns by name, computed on first use: concepts, screen features, engine findings."""

    def __init__(self, scorer: Scorer, pol: np.ndarray, states: np.ndarray, n: int):
        self.s = scorer
        self.pol = pol
        self.states = states
        self.n = n
        self.cache: dict[str, np.ndarray] = {}
        self.col = {c: j for j, c in enumerate(scorer.concept_columns)}
        self.frame: evaluate.Frame | None = None

    def __getitem__(self, name: str) -> np.ndarray:
        hit = self.cache.get(name)
        if hit is not None:
            return hit
        if name in self.col:
            out = self.pol[:, self.col[name]] == 1
        elif name in self.s.rules.features:
            assert self.frame is not None
            out = evaluate.evaluate(self.s.rules.features[name].when, self.frame)
        elif name in self.s.ck.find_index:
            out = self.states[:, self.s.ck.find_index[name]] == 1
        elif name in self.s.mapping.concepts:
            out = np.zeros(self.n, bool)  # a concept that no record of this export carries
        else:
            raise KeyError(name)
        self.cache[name] = out
        return out

    def __iter__(self) -> Any:
        return iter(self.col)

    def __len__(self) -> int:
        return len(self.col)


def _polarity(x: Any, n: int) -> np.ndarray:
    return np.nan_to_num(np.asarray(x, dtype=np.float64).reshape(n), nan=0.0).astype(np.int8)


def _floats(x: Any, n: int) -> np.ndarray:
    return np.asarray(x, dtype=np.float64).reshape(n)


def columns_from_arrow(table: Any) -> dict[str, np.ndarray]:
    """Numpy columns of a pyarrow Table or RecordBatch (nulls: NaN for numbers, None for text)."""
    import pyarrow as pa

    out: dict[str, np.ndarray] = {}
    for name, col in zip(table.schema.names, table.columns, strict=True):
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            out[name] = np.asarray(col.to_pylist(), dtype=object)
        else:
            out[name] = np.asarray(col.cast(pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)
    return out


def columns_from_pandas(df: Any) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for name in df.columns:
        s = df[name]
        if s.dtype == object or str(s.dtype).startswith("str"):
            out[name] = np.asarray(s.astype(object).where(s.notna(), None), dtype=object)
        else:
            out[name] = np.asarray(s.astype("float64"), dtype=np.float64)
    return out


def _empty() -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for k, t in OUTPUT_COLUMNS.items():
        out[k] = np.array([], dtype={"string": object, "int32": np.int32, "double": np.float64}[t])
    return out
