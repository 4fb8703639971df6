"""Population screening speed and memory: legdx synth, then legdx screen on the same population.

    .venv/bin/python benchmarks/bench_screen.py [--patients 1000000] [--work /tmp/legdx-bench]
        [--runs duckdb-parquet,duckdb-ndjson,spark-parquet] [--spark-patients N] [--single-sample 10000]

Each screen runs in its own process (``legdx screen --quiet --log-json``); its peak memory is sampled
from /proc for the whole process tree (for Spark: the Python driver, the JVM and the Python workers).
Every run is checked against the planted ground truth (precision and recall of every rule = 1), and
the Spark worklist against DuckDB's (same patients and rules, probabilities within 1e-9).

The baseline is a plain Python loop calling the single-case engine (``legdx.assess``) once per patient,
timed on a sample and scaled to the population. Budget: 1,000,000 patients from Parquet with DuckDB in
under 60 s and under 4 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LEGDX = [sys.executable, "-m", "legdx.cli"]


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc)."""
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def timed(cmd: list[str]) -> dict[str, Any]:
    """Run a command; wall time and sampled peak memory of its process tree."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.1)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, _ = proc.communicate()
    done.set()
    th.join()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{out[-4000:]}")
    return {"wall_s": wall, "peak_tree_mb": peak / 2**20, "output": out}


def population(n: int, work: Path, formats: str) -> tuple[Path, dict[str, Any]]:
    d = work / f"pop-{n}"
    meta = d / "synth.json"
    want = {"ndjson", "parquet", "omop"} if formats == "all" else {formats}
    if meta.exists():
        m = json.loads(meta.read_text())
        if m["patients"] == n and want <= set(m["formats"]):
            return d, {"reused": True, **m}
    r = timed([*LEGDX, "synth", "--patients", str(n), "--out", str(d), "--format", formats, "--quiet"])
    m = json.loads(meta.read_text())
    total = sum(m["resources"].values())
    print(
        f"synth {n:,} patients, {total:,} resources ({formats}): {r['wall_s']:.1f} s "
        f"({total / r['wall_s']:,.0f} resources/s), peak {r['peak_tree_mb']:,.0f} MB",
        flush=True,
    )
    return d, {"reused": False, "synth_s": r["wall_s"], "synth_peak_mb": r["peak_tree_mb"], **m}


def screen(src: Path, out: Path, engine: str, truth: Path, extra: list[str]) -> dict[str, Any]:
    from legdx.screen.truth import compare

    log = out.with_suffix(".jsonl")
    cmd = [
        *LEGDX,
        "screen",
        str(src),
        "--out",
        str(out),
        "--engine",
        engine,
        "--quiet",
        "--log-json",
        str(log),
        *extra,
    ]
    r = timed(cmd)
    run = json.loads((out / "run.json").read_text())
    scores, observed = compare(out / "worklist.parquet", truth, budget=run["expected_yield"]["budget"])
    r.update(
        kb_version=run.get("kb_version"),
        patients=run["patients"],
        rows=run["rows"],
        seconds_inside=run["seconds"],
        stages=run["stages"],
        peak_process_mb=run["peak_rss_mb"],
        worklist_rows=sum(run["per_rule"].values()),
        perfect=all(s.precision == 1.0 and s.recall == 1.0 for s in scores),
        per_rule={s.rule: (s.flagged, s.precision, s.recall) for s in scores},
        expected_yield=run["expected_yield"],
        observed_yield=observed,
    )
    r.pop("output")
    return r


def identical(a: Path, b: Path) -> tuple[bool, float]:
    import duckdb

    q = "SELECT patient_id, rule, probability FROM read_parquet('{}') ORDER BY patient_id, rule"
    ra = duckdb.sql(q.format(a / "worklist.parquet")).fetchall()
    rb = duckdb.sql(q.format(b / "worklist.parquet")).fetchall()
    same = [x[:2] for x in ra] == [x[:2] for x in rb]
    diff = max((abs(x[2] - y[2]) for x, y in zip(ra, rb, strict=False)), default=0.0)
    return same and diff <= 1e-9, diff


def single_case_loop(features: Path, sample: int) -> dict[str, float]:
    """legdx.assess once per patient (a Case built from the same features), on ``sample`` patients."""
    import pyarrow.parquet as pq

    import legdx
    from legdx.screen.config import default_mapping

    mapping, _ = default_mapping()
    pf = pq.ParquetFile(features)
    table = next(pf.iter_batches(batch_size=sample))
    cols = {n: table.column(n).to_pylist() for n in table.schema.names}
    finding_of = dict(mapping.finding_columns)
    finding_of.update(
        {
            c: c
            for c in cols
            if c not in mapping.concepts and c not in ("pid", "age", "sex", "abi_lowest", "abi_highest")
        }
    )
    cases = []
    for i in range(len(cols["pid"])):
        findings = {}
        for col, fid in finding_of.items():
            v = cols[col][i]
            if v == 1:
                findings[fid] = "present"
            elif v == -1:
                findings[fid] = "absent"
        meas = {}
        lo, hi = cols["abi_lowest"][i], cols["abi_highest"][i]
        if lo is not None:
            meas = {
                "brachial_right": 100,
                "brachial_left": 100,
                "dp_right": round(lo * 100),
                "pt_right": round(lo * 100),
                "dp_left": round(hi * 100),
                "pt_left": round(hi * 100),
            }
        age = cols["age"][i]
        cases.append(
            {
                "age": age if age is not None and age >= 18 else None,
                "findings": findings,
                "measurements": meas,
                "setting": "general_population",
                "patient_id": cols["pid"][i],
            }
        )
    legdx.assess(cases[0])  # warm up (knowledge base loaded)
    t0 = time.perf_counter()
    for c in cases:
        legdx.assess(c)
    dt = time.perf_counter() - t0
    return {
        "sample": len(cases),
        "seconds": dt,
        "per_patient_ms": dt / len(cases) * 1000,
        "rate": len(cases) / dt,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--patients", type=int, default=1_000_000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/legdx-bench"))
    ap.add_argument("--runs", default="duckdb-parquet,duckdb-ndjson,spark-parquet")
    ap.add_argument("--spark-patients", type=int, default=None, help="Spark on a smaller population")
    ap.add_argument("--single-sample", type=int, default=10_000)
    args = ap.parse_args()
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    runs = args.runs.split(",")
    n = args.patients
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} cores, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}", flush=True
    )
    pop, meta = population(n, work, "all" if any("ndjson" in r for r in runs) else "parquet")
    results: dict[str, Any] = {
        "patients": n,
        "synth": {k: v for k, v in meta.items() if k != "assumptions"},
        "load_before": load,
    }
    for name in runs:
        engine, fmt = name.split("-")
        size = args.spark_patients if engine == "spark" and args.spark_patients else n
        p, _ = population(size, work, "parquet") if size != n else (pop, meta)
        src = p / {"parquet": "fhir-parquet", "ndjson": "fhir-ndjson", "omop": "omop"}[fmt]
        out = work / f"out-{name}-{size}"
        extra = ["--keep-work"] if name == "duckdb-parquet" else []
        r = screen(src, out, engine, p / "ground_truth.parquet", extra)
        r["load_after"] = os.getloadavg()
        results[name] = r
        stages = json.dumps({k: round(v, 1) for k, v in r["stages"].items()})
        print(
            f"{name:15s} {size:>9,} patients  {r['wall_s']:7.1f} s  {size / r['wall_s']:>9,.0f} patients/s  "
            f"peak {r['peak_tree_mb']:>7,.0f} MB (tree) {r['peak_process_mb']:>7,.0f} MB (python)  "
            f"precision/recall all 1: {r['perfect']}  stages {stages}",
            flush=True,
        )
    if "spark-parquet" in results and "duckdb-parquet" in results and not args.spark_patients:
        ok, diff = identical(work / f"out-duckdb-parquet-{n}", work / f"out-spark-parquet-{n}")
        results["spark_equals_duckdb"] = {"identical": ok, "max_probability_difference": diff}
        print(f"spark worklist identical to duckdb: {ok} (max |dp| {diff:.2e})")
    if "duckdb-parquet" in results:
        feats = work / f"out-duckdb-parquet-{n}" / "_work" / "features.parquet"
        base = single_case_loop(feats, args.single_sample)
        scaled = base["per_patient_ms"] / 1000 * n
        d = results["duckdb-parquet"]
        base.update(scaled_s=scaled, ratio=scaled / d["wall_s"])
        results["single_case_loop"] = base
        print(
            f"single-case loop (legdx.assess per patient): {base['per_patient_ms']:.3f} ms/patient on "
            f"{base['sample']:,} -> {scaled:,.0f} s for {n:,}; DuckDB screen is {base['ratio']:,.0f}x faster"
        )
        ok = d["wall_s"] < 60 and d["peak_tree_mb"] < 4096
        print(
            f"budget (1M from Parquet, DuckDB, < 60 s and < 4 GB): {d['wall_s']:.1f} s, "
            f"{d['peak_tree_mb']:,.0f} MB -> {'PASS' if ok else 'OVER'}"
            + ("" if n == 1_000_000 else f" (measured at {n:,})")
        )
        import shutil

        shutil.rmtree(work / f"out-duckdb-parquet-{n}" / "_work", ignore_errors=True)
    versions = {r["kb_version"] for r in results.values() if isinstance(r, dict) and r.get("kb_version")}
    if len(versions) > 1:
        print(
            f"WARNING: the knowledge base changed between runs ({sorted(versions)}): results not comparable"
        )
    name = f"bench-{n}-{'-'.join(runs)}.json"
    (work / name).write_text(json.dumps(results, indent=1, default=str))
    print(f"results: {work / name}")


if __name__ == "__main__":
    main()
