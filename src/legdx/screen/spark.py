"""The cluster engine: the same SQL on Spark SQL, scoring per partition with ``mapInPandas``.

``--master local[2]`` runs on this machine; any cluster URL works when OUT is on a file system the
driver and the executors share (intermediate Parquet lives in OUT/_work) and legdx is installed on the
executors. Checkpoints, per input table: its distinct codes (pass 1) and its per-patient partial
features (pass 2; NDJSON is first parsed once into a typed Parquet copy); then the feature table
(bucketed by a hash of the patient id); then one scored directory per bucket. The ranked worklist and
the report are written by the shared DuckDB finaliser.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from legdx.screen import ndjson, sql
from legdx.screen.config import Mapping
from legdx.screen.detect import InputFile, InputPlan
from legdx.screen.schema import FHIR, OMOP, spark_ddl
from legdx.screen.score import OUTPUT_COLUMNS, Scorer, columns_from_pandas

OUTPUT_DDL = ", ".join(f"{k} {'int' if t == 'int32' else t}" for k, t in OUTPUT_COLUMNS.items())


def make_session(master: str = "local[2]", memory: str = "2g") -> Any:
    """A SparkSession for the screen (the UI off; bound to 127.0.0.1 when local)."""
    import sys

    from pyspark.sql import SparkSession

    os.environ.setdefault(
        "PYSPARK_PYTHON", sys.executable
    )  # executors run this interpreter (legdx installed)
    b = (
        SparkSession.builder.master(master)
        .appName("legdx-screen")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", memory.lower().replace("gb", "g").replace("mb", "m"))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.pyspark.python", os.environ["PYSPARK_PYTHON"])
    )
    if master.startswith("local"):
        b = b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    return b.getOrCreate()


def _score_partitions(scorer: Scorer) -> Callable[[Iterator[Any]], Iterator[Any]]:
    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        for pdf in batches:
            rows = scorer.score(columns_from_pandas(pdf))
            yield pd.DataFrame({k: rows[k] for k in OUTPUT_COLUMNS})

    return run


class SparkEngine:
    name = "spark"
    dialect: sql.Dialect = "spark"

    def __init__(
        self,
        work: Path,
        master: str = "local[2]",
        session: Any = None,
        memory_limit: str = "2GB",
        batch_size: int = 200_000,
    ):
        self.work = work
        self.batch_size = batch_size
        self.own = session is None
        self.spark = session or make_session(master, memory_limit)
        self.patients_dir = work / "patients"
        self._buckets: dict[int, int] = {}
        self.patient_rows = 0  # Patient / person rows of the input, for the number of buckets

    def close(self) -> None:
        for view in ("src", "partials", "patients", "codemap", "features", "concept", "ids"):
            self.spark.catalog.dropTempView(view)
        if self.own:
            self.spark.stop()

    # --- reading ---------------------------------------------------------------------------------
    def _read(
        self, files: list[InputFile], plan: InputPlan, on_bad: Callable[[list[ndjson.BadLine], int], None]
    ) -> Any:
        from pyspark.sql import functions as F

        paths = [str(f.path) for f in files]
        f0 = files[0]
        if f0.kind == "fhir-ndjson":
            ddl = spark_ddl(FHIR[f0.table]) + ", `_corrupt_record` STRING"
            return (
                self.spark.read.schema(ddl)
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", "_corrupt_record")
                .json(paths)
                .withColumn("_file", F.input_file_name())
            )
        if f0.kind == "fhir-parquet":
            return self.spark.read.schema(spark_ddl(FHIR[f0.table])).parquet(*paths)
        if f0.kind == "omop-parquet":
            df = self.spark.read.parquet(*paths)
        else:
            df = (
                self.spark.read.option("header", "true")
                .option("sep", plan.csv_delimiter)
                .option("quote", '"')
                .csv(paths)
            )
        have = {c.lower(): c for c in df.columns}
        return df.select(
            *[
                (F.col(f"`{have[c]}`").cast("string") if c in have else F.lit(None).cast("string")).alias(c)
                for c in OMOP[f0.table]
            ]
        )

    def _src(
        self,
        table: str,
        files: list[InputFile],
        plan: InputPlan,
        on_bad: Callable[[list[ndjson.BadLine], int], None],
    ) -> None:
        """The view ``src`` over one input table (its typed Parquet copy when the input is NDJSON).

        NDJSON is parsed once into that copy, malformed lines included (Spark keeps them in
        ``_corrupt_record``); they are then reported with file and line and left out."""
        raw = self.work / "raw" / table
        if files[0].kind == "fhir-ndjson":
            if not (raw / "_SUCCESS").exists():
                self._read(files, plan, on_bad).write.mode("overwrite").parquet(str(raw))
                df = self.spark.read.parquet(str(raw))
                bad = df.where("_corrupt_record IS NOT NULL").groupBy("_file").count().collect()
                for row in bad:
                    local = Path(row["_file"].removeprefix("file://").removeprefix("file:"))
                    if local.exists():
                        listed, total = ndjson.bad_lines(local, limit=1000)
                        on_bad(listed, total)
                    else:
                        n = int(row["count"])
                        on_bad([ndjson.BadLine(row["_file"], 0, f"{n} malformed line(s)")], n)
            df = self.spark.read.parquet(str(raw))
            df.where("_corrupt_record IS NULL").drop("_corrupt_record", "_file").createOrReplaceTempView(
                "src"
            )
        else:
            self._read(files, plan, on_bad).createOrReplaceTempView("src")

    def _flat(self, files: list[InputFile], mapping: Mapping, as_of: dt.date) -> str:
        f0 = files[0]
        if f0.kind.startswith("fhir"):
            return sql.fhir_flatten(f0.table, "src", "spark")
        return sql.omop_flatten(f0.table, "src", "spark", mapping, as_of)

    @staticmethod
    def _key(table: str, files: list[InputFile]) -> str:
        return f"{table}:" + ",".join(f.key for f in files)

    def _write(self, df: Any, target: Path) -> None:
        tmp = target.with_name(f".{target.name}.tmp")
        df.write.mode("overwrite").parquet(str(tmp))
        shutil.rmtree(target, ignore_errors=True)
        os.replace(tmp, target)

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
        """Pass 1, per input table not in ``done``: patients, or the distinct record keys with counts."""
        import pyarrow.parquet as pq

        self.patient_rows = sum(f.rows for t in ("Patient", "person") for f in plan.tables().get(t, []))
        (self.work / "codes").mkdir(parents=True, exist_ok=True)
        for table, files in sorted(plan.tables().items()):
            key = self._key(table, files)
            rows_in = sum(f.rows for f in files)
            if key in done or table == "concept":
                on_skip(rows_in)
                continue
            self._src(table, files, plan, on_bad)
            flat = self._flat(files, mapping, as_of)
            if table in ("Patient", "person"):
                self._write(self.spark.sql(flat), self.patients_dir / table)
                on_done(key, rows_in, -1, table)
                continue
            rows = self._rows(sql.codes_query(flat, "spark"))
            names = ["rtype", "system", "code", "display", "status", "flag", "site", "n"]
            t = pa.table(
                {n: pa.array([r[n] for r in rows], pa.int64() if n == "n" else pa.string()) for n in names}
            )
            target = self.work / "codes" / f"{table}.parquet"
            pq.write_table(t, target.with_name(f".{target.name}.tmp"))
            os.replace(target.with_name(f".{target.name}.tmp"), target)
            on_done(key, rows_in, int(sum(r["n"] for r in rows)), table)

    def features_exist(self) -> bool:
        return (self.work / "features" / "_SUCCESS").exists()

    def _rows(self, query: str) -> list[dict[str, Any]]:
        return [r.asDict() for r in self.spark.sql(query).collect()]

    def distinct_codes(self) -> list[dict[str, Any]]:
        import pyarrow.parquet as pq

        merged: dict[tuple[str, ...], int] = {}
        for p in sorted((self.work / "codes").glob("*.parquet")):
            for r in pq.read_table(p).to_pylist():
                k = tuple(r[c] for c in ("rtype", "system", "code", "display", "status", "flag", "site"))
                merged[k] = merged.get(k, 0) + int(r["n"])
        return [
            dict(zip(("rtype", "system", "code", "display", "status", "flag", "site"), k, strict=True), n=n)
            for k, n in merged.items()
        ]

    def omop_concepts(
        self, files: list[InputFile], plan: InputPlan, ids: list[str]
    ) -> dict[int, tuple[str, str, str]]:
        if not files or not ids:
            return {}
        self._read(files, plan, lambda listed, total: None).createOrReplaceTempView("concept")
        self.spark.createDataFrame([(i,) for i in ids], "code string").createOrReplaceTempView("ids")
        q = sql.summary_query("omop_concepts", "spark", concept="concept", ids="ids")
        return {
            int(r["concept_id"]): (r["vocabulary_id"], r["concept_code"], r["concept_name"])
            for r in self._rows(q)
        }

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
        """Pass 2, per input table not in ``done``: records joined to the code map, one row per patient."""
        schema = ", ".join(f"{n} {'int' if n == 'polarity' else 'string'}" for n in codemap.schema.names)
        rows = [tuple(r.values()) for r in codemap.to_pylist()]
        self.spark.createDataFrame(rows, schema).createOrReplaceTempView("codemap")
        (self.work / "partial").mkdir(parents=True, exist_ok=True)
        for table, files in sorted(plan.tables().items()):
            key = self._key(table, files)
            rows_in = sum(f.rows for f in files)
            if key in done or table in ("concept", "Patient", "person"):
                on_skip(rows_in)
                continue
            self._src(table, files, plan, lambda listed, total: None)
            q = sql.partial_query(self._flat(files, mapping, as_of), "codemap", columns, numeric, "spark")
            self._write(self.spark.sql(q), self.work / "partial" / table)
            on_done(key, rows_in, -1, table)

    def register(self) -> None:
        parts = (
            sorted(str(p) for p in (self.work / "partial").glob("*") if p.is_dir())
            if (self.work / "partial").exists()
            else []
        )
        if parts:
            self.spark.read.parquet(*parts).createOrReplaceTempView("partials")
        pats = sorted(str(p) for p in self.patients_dir.glob("*") if p.is_dir())
        self.spark.read.parquet(*pats).createOrReplaceTempView("patients")

    def build_features(self, columns: list[str], numeric: dict[str, tuple[str, str]], as_of: dt.date) -> Path:
        self.register()
        if not (self.work / "partial").exists() or not any((self.work / "partial").iterdir()):
            empty = ", ".join(
                [f"CAST(NULL AS INT) AS {c}" for c in columns]
                + [f"CAST(NULL AS DOUBLE) AS {v}" for pair in numeric.values() for v in pair]
            )
            self.spark.sql(f"SELECT '' AS pid, {empty} WHERE false").createOrReplaceTempView("partials")
        q = sql.features_query("partials", "patients", columns, numeric, as_of, "spark")
        target = self.work / "features"
        buckets = max(1, math.ceil(self.patient_rows / self.batch_size))
        parallel = max(1, self.spark.sparkContext.defaultParallelism)
        (
            self.spark.sql(q)
            .selectExpr("*", f"pmod(xxhash64(pid), {buckets}) AS bucket")
            .repartition(parallel)
            .write.mode("overwrite")
            .partitionBy("bucket")
            .parquet(str(target))
        )
        return target

    def use_features(self) -> None:
        self.spark.read.parquet(str(self.work / "features")).createOrReplaceTempView("features")

    def query(self, name: str, **tables: str) -> list[dict[str, Any]]:
        return self._rows(sql.summary_query(name, "spark", **tables))

    def feature_rows(self) -> int:
        counts = self.spark.sql("SELECT bucket, count(*) AS n FROM features GROUP BY bucket").collect()
        self._buckets = {int(r["bucket"]): int(r["n"]) for r in counts}
        return sum(self._buckets.values())

    def score(
        self,
        scorer: Scorer,
        batch_size: int,
        done: set[int],
        scored_dir: Path,
        on_batch: Callable[[int, int], None],
        stop_after: int | None = None,
    ) -> None:
        """One Spark job per bucket; a bucket already in ``done`` is skipped (resume)."""
        scored_dir.mkdir(parents=True, exist_ok=True)
        self.spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch_size))
        fn = _score_partitions(scorer)
        new = 0
        for k, n in sorted(self._buckets.items()):
            if k in done:
                on_batch(k, -n)
                continue
            if stop_after is not None and new >= stop_after:
                raise KeyboardInterrupt(f"stopped after {new} batch(es) (test hook)")
            df = self.spark.read.parquet(str(self.work / "features" / f"bucket={k}"))
            target = scored_dir / f"b{k:05d}"
            tmp = scored_dir / f".b{k:05d}.tmp"
            df.mapInPandas(fn, schema=OUTPUT_DDL).write.mode("overwrite").parquet(str(tmp))
            for junk in tmp.glob("*.crc"):
                junk.unlink()
            for junk in tmp.glob(".*.crc"):
                junk.unlink()
            shutil.rmtree(target, ignore_errors=True)
            os.replace(tmp, target)
            new += 1
            on_batch(k, n)
