"""The embedded engine: DuckDB in process, no server. Runs the shared SQL and scores batches in process.

Intermediate results are small Parquet files under OUT/_work, written atomically (temporary name, then
rename) so that a run can resume: per input file its distinct codes (pass 1) and its per-patient
partial features (pass 2; NDJSON is first parsed once into a typed Parquet copy), then the feature
table, then one file per scored batch. Records themselves are never stored.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from legdx.screen import ndjson, sql
from legdx.screen.config import Mapping
from legdx.screen.detect import InputFile, InputPlan
from legdx.screen.schema import FHIR, OMOP, arrow_type, duckdb_columns, duckdb_type
from legdx.screen.score import OUTPUT_COLUMNS, Scorer, columns_from_arrow

OUTPUT_SCHEMA = pa.schema(
    [
        (k, {"string": pa.string(), "int32": pa.int32(), "double": pa.float64()}[t])
        for k, t in OUTPUT_COLUMNS.items()
    ]
)


def _q(path: Path | str) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def atomic_parquet(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


class DuckEngine:
    name = "duckdb"
    dialect: sql.Dialect = "duckdb"

    def __init__(self, work: Path, threads: int | None = None, memory_limit: str = "2GB"):
        import duckdb

        self.work = work
        (work / "tmp").mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(
            config={
                "memory_limit": memory_limit,
                "temp_directory": str(work / "tmp"),
                "preserve_insertion_order": False,
            }
        )
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        self.patients_dir = work / "patients"
        self.patients_dir.mkdir(exist_ok=True)

    def close(self) -> None:
        self.con.close()

    # --- reading ---------------------------------------------------------------------------------
    def _source(self, f: InputFile, plan: InputPlan, ignore_errors: bool = False, name: str = "src") -> None:
        """A temporary view over one input file with exactly the columns the SQL reads."""
        if f.kind == "fhir-ndjson":
            body = (
                f"SELECT * FROM read_json({_q(f.path)}, format='newline_delimited', "
                f"columns={duckdb_columns(FHIR[f.table])}, ignore_errors={str(ignore_errors).lower()}, "
                f"maximum_object_size=67108864)"
            )
        elif f.kind == "fhir-parquet":
            file_types = {fld.name: fld.type for fld in pq.read_schema(f.path)}
            cols = []
            for k, t in FHIR[f.table].items():
                if k not in file_types:
                    cols.append(f'CAST(NULL AS {duckdb_type(t)}) AS "{k}"')
                elif file_types[k].equals(arrow_type(t)):
                    cols.append(f'"{k}"')  # already the shape the SQL reads: no cast
                else:
                    cols.append(f'TRY_CAST("{k}" AS {duckdb_type(t)}) AS "{k}"')
            body = f"SELECT {', '.join(cols)} FROM read_parquet({_q(f.path)})"
        else:
            if f.kind == "omop-parquet":
                have = {n.lower(): n for n in pq.read_schema(f.path).names}
                reader = f"read_parquet({_q(f.path)})"
            else:
                with open(f.path, encoding="utf-8", errors="replace") as fh:
                    header = fh.readline().strip()
                have = {
                    c.strip().strip('"').lower(): c.strip().strip('"')
                    for c in header.split(plan.csv_delimiter)
                }
                reader = (
                    f"read_csv({_q(f.path)}, header=true, all_varchar=true, delim={_q(plan.csv_delimiter)}, "
                    f"quote='\"')"
                )
            cols = [
                f'CAST("{have[c]}" AS VARCHAR) AS {c}' if c in have else f"CAST(NULL AS VARCHAR) AS {c}"
                for c in OMOP[f.table]
            ]
            body = f"SELECT {', '.join(cols)} FROM {reader}"
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {body}")

    def _flatten_sql(self, f: InputFile, mapping: Mapping, as_of: dt.date) -> str:
        if f.kind.startswith("fhir"):
            return sql.fhir_flatten(f.table, "src", "duckdb")
        return sql.omop_flatten(f.table, "src", "duckdb", mapping, as_of)

    def _use(self, i: int, f: InputFile, plan: InputPlan) -> None:
        """Point the view ``src`` at file ``i`` (its typed Parquet copy when the input is NDJSON)."""
        raw = self.work / "raw" / f"{i:05d}.parquet"
        if f.kind == "fhir-ndjson":
            self.con.execute(f"CREATE OR REPLACE TEMP VIEW src AS SELECT * FROM read_parquet({_q(raw)})")
        else:
            self._source(f, plan)

    def prepare(
        self,
        plan: InputPlan,
        mapping: Mapping,
        as_of: dt.date,
        done: set[str],
        on_bad: Callable[[list[ndjson.BadLine], int], None],
        on_done: Callable[[str, int, int, str], None],
        on_skip: Callable[[int], None],
    ) -> None:
        """Pass 1, per input file not in ``done``: patients, or the distinct record keys with counts.

        NDJSON is parsed once, into a typed Parquet copy that both passes read."""
        import duckdb

        for d in ("raw", "codes"):
            (self.work / d).mkdir(exist_ok=True)
        for i, f in enumerate(plan.files):
            key = f"{i}:{f.key}"
            if key in done or f.table == "concept":
                on_skip(f.rows)
                continue
            if f.kind == "fhir-ndjson":
                raw = self.work / "raw" / f"{i:05d}.parquet"
                tmp = raw.with_name(f".{raw.name}.tmp")

                def copy(ignore: bool, f: InputFile = f, tmp: Path = tmp) -> None:
                    self._source(f, plan, ignore)
                    self.con.execute(
                        f"COPY (SELECT * FROM src WHERE resourceType IS NOT NULL) TO {_q(tmp)} "
                        f"(FORMAT parquet)"
                    )

                try:
                    copy(False)
                except duckdb.Error as exc:
                    if "json" not in str(exc).lower():
                        raise
                    listed, total = ndjson.bad_lines(f.path, limit=1000)
                    if total == 0:
                        raise
                    on_bad(listed, total)
                    copy(True)
                os.replace(tmp, raw)
            self._use(i, f, plan)
            flat = self._flatten_sql(f, mapping, as_of)
            if f.table in ("Patient", "person"):
                target = self.patients_dir / f"{i:05d}.parquet"
                tmp = target.with_name(f".{target.name}.tmp")
                row = self.con.execute(f"COPY ({flat}) TO {_q(tmp)} (FORMAT parquet)").fetchone()
            else:
                target = self.work / "codes" / f"{i:05d}.parquet"
                tmp = target.with_name(f".{target.name}.tmp")
                self.con.execute(f"COPY ({sql.codes_query(flat, 'duckdb')}) TO {_q(tmp)} (FORMAT parquet)")
                row = self.con.execute(f"SELECT sum(n) FROM read_parquet({_q(tmp)})").fetchone()
            os.replace(tmp, target)
            on_done(key, f.rows, int(row[0] or 0) if row else 0, f.path.name)

    def distinct_codes(self) -> list[dict[str, Any]]:
        files = sorted((self.work / "codes").glob("*.parquet"))
        if not files:
            return []
        return self._rows(
            f"SELECT rtype, system, code, display, status, flag, site, sum(n) AS n FROM read_parquet("
            f"[{', '.join(_q(p) for p in files)}]) GROUP BY ALL"
        )

    def _rows(self, query: str) -> list[dict[str, Any]]:
        cur = self.con.execute(query)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def omop_concepts(
        self, files: list[InputFile], plan: InputPlan, ids: list[str]
    ) -> dict[int, tuple[str, str, str]]:
        if not files or not ids:
            return {}
        parts = []
        for k, f in enumerate(files):
            self._source(f, plan, name=f"concept_{k}")
            parts.append(f"SELECT * FROM concept_{k}")
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW concept AS {' UNION ALL '.join(parts)}")
        self.con.register("ids_arrow", pa.table({"code": pa.array(ids, pa.string())}))
        q = sql.summary_query("omop_concepts", "duckdb", concept="concept", ids="ids_arrow")
        out = {}
        for r in self._rows(q):
            out[int(r["concept_id"])] = (r["vocabulary_id"], r["concept_code"], r["concept_name"])
        return out

    def partials(
        self,
        plan: InputPlan,
        mapping: Mapping,
        as_of: dt.date,
        codemap: pa.Table,
        columns: list[str],
        numeric: dict[str, tuple[str, str]],
        done: set[str],
        on_done: Callable[[str, int, int, str], None],
        on_skip: Callable[[int], None],
    ) -> None:
        """Pass 2, per input file not in ``done``: records joined to the code map, one row per patient."""
        (self.work / "partial").mkdir(exist_ok=True)
        self.con.register("codemap_arrow", codemap)
        self.con.execute("CREATE OR REPLACE TEMP TABLE codemap AS SELECT * FROM codemap_arrow")
        for i, f in enumerate(plan.files):
            key = f"{i}:{f.key}"
            if key in done or f.table in ("concept", "Patient", "person"):
                on_skip(f.rows)
                continue
            self._use(i, f, plan)
            q = sql.partial_query(self._flatten_sql(f, mapping, as_of), "codemap", columns, numeric, "duckdb")
            target = self.work / "partial" / f"{i:05d}.parquet"
            tmp = target.with_name(f".{target.name}.tmp")
            row = self.con.execute(f"COPY ({q}) TO {_q(tmp)} (FORMAT parquet)").fetchone()
            os.replace(tmp, target)
            on_done(key, f.rows, int(row[0]) if row else 0, f.path.name)

    def register(self) -> None:
        parts = sorted((self.work / "partial").glob("*.parquet")) if (self.work / "partial").exists() else []
        if parts:
            self.con.execute(
                f"CREATE OR REPLACE TEMP VIEW partials AS SELECT * FROM read_parquet("
                f"[{', '.join(_q(p) for p in parts)}])"
            )
        pats = sorted(self.patients_dir.glob("*.parquet"))
        self.con.execute(
            f"CREATE OR REPLACE TEMP VIEW patients AS SELECT * FROM read_parquet("
            f"[{', '.join(_q(p) for p in pats)}])"
        )

    def build_features(self, columns: list[str], numeric: dict[str, tuple[str, str]], as_of: dt.date) -> Path:
        self.register()
        if not (self.work / "partial").exists() or not any((self.work / "partial").glob("*.parquet")):
            empty = ", ".join(
                [f"CAST(NULL AS INTEGER) AS {c}" for c in columns]
                + [f"CAST(NULL AS DOUBLE) AS {v}" for pair in numeric.values() for v in pair]
            )
            self.con.execute(f"CREATE OR REPLACE TEMP VIEW partials AS SELECT '' AS pid, {empty} WHERE false")
        q = sql.features_query("partials", "patients", columns, numeric, as_of, "duckdb")
        target = self.work / "features.parquet"
        tmp = target.with_name(".features.parquet.tmp")
        self.con.execute(f"COPY ({q}) TO {_q(tmp)} (FORMAT parquet, ROW_GROUP_SIZE 100000)")
        os.replace(tmp, target)
        return target

    def features_exist(self) -> bool:
        return (self.work / "features.parquet").exists()

    def use_features(self) -> None:
        self.con.execute(
            f"CREATE OR REPLACE TEMP VIEW features AS SELECT * FROM read_parquet("
            f"{_q(self.work / 'features.parquet')})"
        )

    def query(self, name: str, **tables: str) -> list[dict[str, Any]]:
        return self._rows(sql.summary_query(name, "duckdb", **tables))

    def feature_rows(self) -> int:
        return pq.ParquetFile(self.work / "features.parquet").metadata.num_rows

    def score(
        self,
        scorer: Scorer,
        batch_size: int,
        done: set[int],
        scored_dir: Path,
        on_batch: Callable[[int, int], None],
        stop_after: int | None = None,
    ) -> None:
        """Score the feature table batch by batch; a batch already in ``done`` is skipped (resume)."""
        scored_dir.mkdir(parents=True, exist_ok=True)
        pf = pq.ParquetFile(self.work / "features.parquet")
        new = 0
        for i, rb in enumerate(pf.iter_batches(batch_size=batch_size)):
            if i in done:
                on_batch(i, -rb.num_rows)
                continue
            if stop_after is not None and new >= stop_after:
                raise KeyboardInterrupt(f"stopped after {new} batch(es) (test hook)")
            rows = scorer.score(columns_from_arrow(rb))
            table = pa.table(
                {k: pa.array(v, OUTPUT_SCHEMA.field(k).type) for k, v in rows.items()}, schema=OUTPUT_SCHEMA
            )
            atomic_parquet(table, scored_dir / f"part-{i:05d}.parquet")
            new += 1
            on_batch(i, rb.num_rows)
