"""Scored batches -> the ranked worklist (Parquet and CSV) and the figures of the report.

Shared by both engines (it runs on DuckDB, out of core), so their outputs are ranked the same way:
rule priority, then the engine's probability (rounded to 1e-12, so last-bit differences between
engines cannot reorder), then patient id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from legdx.screen.config import Rules
from legdx.screen.progress import Reporter

ORDER = "priority, round(probability, 12) DESC, patient_id, rule"


def _q(path: Path | str) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def finalise(
    scored_dir: Path, out: Path, budget: int, rules: Rules, rep: Reporter, memory_limit: str = "2GB"
) -> dict[str, Any]:
    import duckdb

    tmp = scored_dir.parent / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(config={"memory_limit": memory_limit, "temp_directory": str(tmp)})
    try:
        parts = sorted(scored_dir.rglob("*.parquet")) if scored_dir.exists() else []
        if parts:
            con.execute(f"CREATE VIEW s AS SELECT * FROM read_parquet([{', '.join(_q(p) for p in parts)}])")
        else:
            con.execute(
                "CREATE VIEW s AS SELECT '' AS patient_id, '' AS rule, 0 AS priority, 0.0 AS probability, "
                "'' AS evidence, '' AS action, '' AS source, 0.0 AS age, '' AS sex WHERE false"
            )
        wl = out / "worklist.parquet"
        con.execute(f"""COPY (
            SELECT row_number() OVER (ORDER BY {ORDER}) AS rank,
                   row_number() OVER (PARTITION BY rule
                                      ORDER BY round(probability, 12) DESC, patient_id) AS rule_rank,
                   patient_id, rule, probability, evidence, action, source, age, sex, priority
            FROM s ORDER BY rank) TO {_q(wl.with_name(".worklist.parquet.tmp"))} (FORMAT parquet)""")
        wl.with_name(".worklist.parquet.tmp").replace(wl)
        csv = out / "worklist.csv"
        con.execute(
            f"COPY (SELECT * FROM read_parquet({_q(wl)}) ORDER BY rank) TO {_q(csv)} (HEADER, DELIMITER ',')"
        )
        per_rule = {r.id: 0 for r in rules.rules}
        for rule, n in con.execute("SELECT rule, count(*) FROM s GROUP BY rule").fetchall():
            per_rule[rule] = int(n)
        row = con.execute("SELECT count(DISTINCT patient_id) FROM s").fetchone()
        flagged = int(row[0]) if row else 0
        pyramid = con.execute("""
            SELECT coalesce(sex, 'unknown') AS sex, CAST(floor(age / 5) * 5 AS INTEGER) AS band, count(*) AS n
            FROM (SELECT patient_id, max(age) AS age, max(sex) AS sex FROM s GROUP BY patient_id)
            WHERE age IS NOT NULL GROUP BY ALL ORDER BY band""").fetchall()
        # the yield curve: cumulative PAD probability in worklist order, about 400 points, computed in SQL
        n_ref = per_rule.get(rules.yield_rule, 0) if rules.yield_rule else 0
        b = min(budget, n_ref)
        step = max(1, n_ref // 400)
        points: list[tuple[int, float]] = []
        if n_ref:
            points = con.execute(
                f"""SELECT rn, cum FROM (
                      SELECT row_number() OVER (ORDER BY {ORDER}) AS rn,
                             sum(probability) OVER (
                               ORDER BY {ORDER} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
                               AS cum
                      FROM s WHERE rule = ?)
                    WHERE rn % ? = 0 OR rn = 1 OR rn = ? OR rn = ? ORDER BY rn""",
                [rules.yield_rule, step, b, n_ref],
            ).fetchall()
    finally:
        con.close()
    at = dict(points)
    curve_x = np.array([p[0] for p in points], dtype=np.int64)
    curve_y = np.array([p[1] for p in points], dtype=np.float64)
    expected = {
        "budget": budget,
        "referrals": n_ref,
        "abis": b,
        "expected_pad": round(float(at[b]) if b else 0.0, 2),
        "expected_ppv": round(float(at[b] / b) if b else 0.0, 4),
        "expected_pad_all": round(float(at[n_ref]) if n_ref else 0.0, 2),
    }
    rep.event(
        "worklist",
        rows=int(sum(per_rule.values())),
        flagged_patients=flagged,
        per_rule=per_rule,
        expected_yield=expected,
    )
    return {
        "files": {"worklist_parquet": str(wl), "worklist_csv": str(csv)},
        "per_rule": per_rule,
        "flagged_patients": flagged,
        "pyramid": pyramid,
        "expected_yield": expected,
        "curve": (curve_x, curve_y),
    }
