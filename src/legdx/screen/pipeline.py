"""``legdx screen``: detect the input, flatten it, map codes, build features, score, rank, report.

Stages and their checkpoints (under OUT/_work, see state.json), per input file (DuckDB) or table (Spark):
  reading   pass 1: the distinct record keys and their counts; patients
  (codes)   every distinct key mapped to concepts in Python (codes.py): the code map
  features  pass 2: records joined to the code map, one row per patient; then folded into the feature table
  scoring   one file per batch of patients (DuckDB) or per bucket (Spark)
  finalise  the ranked worklist, the summary report and run.json (shared by both engines, DuckDB)
``--resume`` skips what a previous run with the same inputs and options completed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import resource
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from legdx import __version__
from legdx.screen import codes as codes_mod
from legdx.screen.config import Mapping, load_mapping, load_rules
from legdx.screen.detect import InputFile, InputPlan, detect
from legdx.screen.ndjson import BadLine
from legdx.screen.progress import Reporter
from legdx.screen.score import Scorer


class ScreenError(ValueError):
    """The run cannot go on; the message says why and what to do."""


@dataclass
class ScreenOptions:
    input: Path
    out: Path
    engine: str = "duckdb"
    rules: Path | None = None
    mapping: Path | None = None
    master: str = "local[2]"
    resume: bool = False
    as_of: dt.date | None = None
    batch_size: int = 250_000
    budget: int = 1000
    memory_limit: str = "2GB"
    threads: int | None = None
    keep_work: bool = False
    spark_session: Any = None  # an existing SparkSession to use (tests share one)
    stop_after_batches: int | None = None  # test hook: interrupt after this many new batches


@dataclass
class ScreenResult:
    out: Path
    input: str
    engine: str
    as_of: dt.date
    patients: int
    rows: int
    flagged_patients: int
    per_rule: dict[str, int]
    unknown_rows: int
    unknown_codes: int
    bad_lines: int
    seconds: float
    peak_rss_mb: float
    files: dict[str, str] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)
    expected_yield: dict[str, float] = field(default_factory=dict)
    resumed: bool = False
    kb_version: str = ""


class State:
    """What completed, persisted after every checkpoint (atomic write)."""

    def __init__(self, path: Path, data: dict[str, Any]):
        self.path = path
        self.data = data

    @classmethod
    def open(cls, work: Path, fingerprint: str, resume: bool, rep: Reporter) -> tuple[State, bool]:
        path = work / "state.json"
        if resume and path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("fingerprint") == fingerprint:
                return cls(path, data), True
            rep.warn(
                "cannot resume: the input files or options changed since the interrupted run; starting over"
            )
        elif resume:
            rep.note("nothing to resume (no interrupted run in OUT); starting a new run")
        if work.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True)
        st = cls(
            path,
            {
                "fingerprint": fingerprint,
                "pass1": {},
                "pass2": {},
                "features": False,
                "batches": [],
                "bad_lines": [],
                "bad_total": 0,
            },
        )
        st.save()
        return st, False

    def save(self) -> None:
        tmp = self.path.with_name(".state.json.tmp")
        tmp.write_text(json.dumps(self.data, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)


def _fingerprint(
    plan: InputPlan, opts: ScreenOptions, digests: list[str], as_of: dt.date, kb_version: str
) -> str:
    parts = (
        [f.key for f in plan.files]
        + digests
        + [as_of.isoformat(), opts.engine, str(opts.batch_size), __version__, kb_version]
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def _engine(opts: ScreenOptions, work: Path) -> Any:
    if opts.engine == "duckdb":
        from legdx.screen.duck import DuckEngine

        return DuckEngine(work, opts.threads, opts.memory_limit)
    if opts.engine == "spark":
        from legdx.screen.spark import SparkEngine

        return SparkEngine(work, opts.master, opts.spark_session, opts.memory_limit, opts.batch_size)
    raise ScreenError(f"--engine must be duckdb or spark, not '{opts.engine}'")


def run(opts: ScreenOptions, rep: Reporter | None = None) -> ScreenResult:
    """Screen INPUT into OUT; see the module docstring for the stages."""
    from legdx.engine.compiled import default_compiled
    from legdx.knowledge.loader import default_kb

    rep = rep or Reporter(quiet=True)
    t0 = time.perf_counter()
    stages: dict[str, float] = {}
    kb = default_kb()
    mapping, mdig = load_mapping(opts.mapping)
    rules, rdig = load_rules(opts.rules, mapping, kb)
    default_compiled()
    plan = detect(opts.input)
    rep.note(f"found {plan.describe()}")
    rep.event("input", format=plan.format, files=[str(f.path) for f in plan.files], rows=plan.rows)
    for f, why in plan.skipped:
        rep.warn(f"{f}: not read ({why})")
    as_of = opts.as_of or plan.transaction_time or dt.date.today()
    rep.note(
        f"ages on {as_of.isoformat()} ("
        + ("--as-of" if opts.as_of else "the export's transactionTime" if plan.transaction_time else "today")
        + f"); engine {opts.engine}; priors of setting '{rules.setting}'"
    )
    out = Path(opts.out)
    out.mkdir(parents=True, exist_ok=True)
    work = out / "_work"
    fp = _fingerprint(plan, opts, [mdig, rdig], as_of, kb.version)
    state, resumed = State.open(work, fp, opts.resume, rep)
    if resumed:
        rep.note(
            f"resuming: {len(state.data['pass1'])} + {len(state.data['pass2'])} input part(s), "
            f"{'features, ' if state.data['features'] else ''}{len(state.data['batches'])} batch(es) done"
        )
    engine = _engine(opts, work)
    try:
        s = time.perf_counter()
        _pass1(engine, plan, mapping, as_of, state, rep)
        stages["read_codes"] = time.perf_counter() - s
        s = time.perf_counter()
        classified, columns, numeric, scorer, codemap = _classify(engine, plan, mapping, rules, kb, rep)
        _pass2(engine, plan, mapping, as_of, codemap, columns, numeric, state, rep)
        if not state.data["features"] or not engine.features_exist():
            engine.build_features(columns, numeric, as_of)
            state.data["features"] = True
            state.save()
        engine.register()
        engine.use_features()
        stages["features"] = time.perf_counter() - s
        summaries = {
            "abi_histogram": engine.query("abi_histogram", features="features"),
            "population": engine.query("population", features="features")[0],
            "orphans": engine.query("orphans", partials="partials", patients="patients")[0]["n"],
        }
        s = time.perf_counter()
        patients = engine.feature_rows()
        done = set(state.data["batches"])
        with rep.stage("scoring", patients, "patients") as st:

            def on_batch(i: int, n: int) -> None:
                if n < 0:
                    st.advance(-n)
                    return
                state.data["batches"].append(i)
                state.save()
                st.advance(n, batch=i)

            engine.score(scorer, opts.batch_size, done, work / "scored", on_batch, opts.stop_after_batches)
        stages["scoring"] = time.perf_counter() - s
    finally:
        engine.close()
    s = time.perf_counter()
    from legdx.screen import finalise

    fin = finalise.finalise(work / "scored", out, opts.budget, rules, rep, opts.memory_limit)
    codes_summary = _write_codes(out, classified)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    seconds = time.perf_counter() - t0
    result = ScreenResult(
        out=out,
        input=plan.describe(),
        engine=opts.engine,
        as_of=as_of,
        patients=patients,
        rows=plan.rows,
        flagged_patients=fin["flagged_patients"],
        per_rule=fin["per_rule"],
        unknown_rows=codes_summary["unknown_rows"],
        unknown_codes=codes_summary["unknown_codes"],
        bad_lines=int(state.data["bad_total"]),
        seconds=seconds,
        peak_rss_mb=peak,
        files=fin["files"],
        stages=stages,
        expected_yield=fin["expected_yield"],
        resumed=resumed,
        kb_version=kb.version,
    )
    from legdx.screen import report

    report.write_report(out, result, rules, summaries, fin, codes_summary, state.data["bad_lines"], columns)
    stages["finalise"] = time.perf_counter() - s
    result.seconds = time.perf_counter() - t0
    result.files["report"] = str(out / "report.html")
    run_json = {k: (str(v) if isinstance(v, Path | dt.date) else v) for k, v in result.__dict__.items()}
    run_json.update(
        codes=codes_summary,
        population=summaries["population"],
        orphan_records=summaries["orphans"],
        bad_lines=state.data["bad_lines"][:100],
        bad_lines_total=state.data["bad_total"],
    )
    (out / "run.json").write_text(json.dumps(run_json, indent=1, default=str), encoding="utf-8")
    rep.event("summary", **{k: v for k, v in run_json.items() if k not in ("codes",)})
    if not opts.keep_work:
        shutil.rmtree(work, ignore_errors=True)
    return result


def _pass1(
    engine: Any, plan: InputPlan, mapping: Mapping, as_of: dt.date, state: State, rep: Reporter
) -> None:
    unit = "lines" if plan.format == "fhir-ndjson" else "rows"
    with rep.stage("reading", plan.rows, unit) as st:

        def on_bad(listed: list[BadLine], total: int) -> None:
            for b in listed[:20]:
                rep.warn(f"skipped malformed line {b}")
            if total > 20:
                rep.warn(f"... and {total - 20} more malformed line(s) in {listed[0].file}")
            state.data["bad_lines"].extend(str(b) for b in listed)
            state.data["bad_total"] += total

        def on_done(key: str, f_rows: int, records: int, label: str) -> None:
            state.data["pass1"][key] = records
            state.save()
            st.advance(f_rows, file=label, records=records)

        engine.prepare(
            plan, mapping, as_of, set(state.data["pass1"]), on_bad, on_done, lambda n: st.advance(n)
        )


def _pass2(
    engine: Any,
    plan: InputPlan,
    mapping: Mapping,
    as_of: dt.date,
    codemap: pa.Table,
    columns: list[str],
    numeric: dict[str, tuple[str, str]],
    state: State,
    rep: Reporter,
) -> None:
    unit = "lines" if plan.format == "fhir-ndjson" else "rows"
    with rep.stage("features", plan.rows, unit) as st:

        def on_done(key: str, f_rows: int, patients: int, label: str) -> None:
            state.data["pass2"][key] = patients
            state.save()
            st.advance(f_rows, file=label, patients=patients)

        engine.partials(
            plan,
            mapping,
            as_of,
            codemap,
            columns,
            numeric,
            set(state.data["pass2"]),
            on_done,
            lambda n: st.advance(n),
        )


def _classify(
    engine: Any, plan: InputPlan, mapping: Mapping, rules: Any, kb: Any, rep: Reporter
) -> tuple[list[codes_mod.Classified], list[str], dict[str, tuple[str, str]], Scorer, pa.Table]:
    """Map every distinct record key to concepts; the code map, the feature columns and the scorer."""
    keys = engine.distinct_codes()
    concepts: dict[int, tuple[str, str, str]] = {}
    if plan.format.startswith("omop"):
        ids = sorted({k["code"] for k in keys if k["system"] == "omop"})
        concept_files: list[InputFile] = plan.tables().get("concept", [])
        concepts = engine.omop_concepts(concept_files, plan, ids)
        if not concept_files:
            rep.warn(
                "no OMOP concept table in INPUT: only the concept ids listed in mapping.yaml are recognised"
            )
    clf = codes_mod.Classifier(mapping, kb.findings, concepts)
    classified = [
        clf.classify(codes_mod.Key(**{c: str(k[c] or "") for c in codes_mod.KEY}), int(k["n"])) for k in keys
    ]
    finding_cols = codes_mod.finding_columns(mapping, classified)
    columns = list(mapping.concepts) + sorted(c for c in finding_cols if c not in mapping.concepts)
    numeric = {cid: (n.lowest, n.highest) for cid, n in mapping.numeric_columns.items()}
    cm_rows: dict[str, list[Any]] = {c: [] for c in (*codes_mod.KEY, "concept", "polarity")}
    for c in classified:
        for concept, pol in c.concepts:
            for name in codes_mod.KEY:
                cm_rows[name].append(getattr(c.key, name))
            cm_rows["concept"].append(concept)
            cm_rows["polarity"].append(pol)
    codemap = pa.table(
        {k: pa.array(v, pa.int32() if k == "polarity" else pa.string()) for k, v in cm_rows.items()}
    )
    scorer = Scorer(rules, mapping, finding_cols, columns, numeric)
    return classified, columns, numeric, scorer, codemap


def _write_codes(out: Path, classified: list[codes_mod.Classified]) -> dict[str, Any]:
    """unknown_codes.csv (every unknown key) and the counts by disposition for run.json and the report."""
    import csv

    by: dict[str, int] = {}
    status: dict[str, int] = {}
    unknown = sorted(
        (c for c in classified if c.disposition == "unknown"),
        key=lambda c: (-c.rows, c.key.system, c.key.code),
    )
    for c in classified:
        by[c.disposition] = by.get(c.disposition, 0) + c.rows
        if c.disposition == "status":
            k = f"{c.key.rtype} {c.key.status or '(none)'}"
            status[k] = status.get(k, 0) + c.rows
    with open(out / "unknown_codes.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["resource", "system", "code", "display", "rows", "reason"])
        for c in unknown:
            w.writerow([c.key.rtype, c.key.system, c.key.code, c.key.display, c.rows, c.reason])
    return {
        "rows_by_disposition": by,
        "not_used_status": status,
        "unknown_rows": by.get("unknown", 0),
        "unknown_codes": len(unknown),
        "top_unknown": [
            {
                "resource": c.key.rtype,
                "system": c.key.system,
                "code": c.key.code,
                "display": c.key.display,
                "rows": c.rows,
                "reason": c.reason,
            }
            for c in unknown[:25]
        ],
    }
