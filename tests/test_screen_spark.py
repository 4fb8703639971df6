"""legdx screen with Spark (local[2], one session for the module): identical results to DuckDB."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("duckdb")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java", allow_module_level=True)

import pyarrow.parquet as pq  # noqa: E402

from legdx.screen import synth  # noqa: E402
from legdx.screen.pipeline import ScreenOptions, run  # noqa: E402
from legdx.screen.truth import compare  # noqa: E402

pytestmark = [
    pytest.mark.spark,
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
]


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    from legdx.screen.spark import make_session

    session = make_session("local[2]")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_from_parquet_identical_to_duckdb(spark: Any, tmp_path: Path) -> None:
    pop = tmp_path / "pop"
    synth.generate(2000, pop, formats=("parquet",), seed=8)
    src = pop / "fhir-parquet"
    run(ScreenOptions(input=src, out=tmp_path / "duck"))
    result = run(
        ScreenOptions(input=src, out=tmp_path / "spark", engine="spark", spark_session=spark, batch_size=1000)
    )
    assert result.engine == "spark" and result.patients == 2000

    def rows(out: Path) -> list[dict[str, Any]]:
        t = pq.read_table(out / "worklist.parquet").to_pylist()
        return sorted(t, key=lambda r: (r["patient_id"], r["rule"]))

    duck, spk = rows(tmp_path / "duck"), rows(tmp_path / "spark")
    assert [(r["patient_id"], r["rule"]) for r in duck] == [(r["patient_id"], r["rule"]) for r in spk]
    assert max(abs(a["probability"] - b["probability"]) for a, b in zip(duck, spk, strict=True)) <= 1e-9
    assert [r["evidence"] for r in duck] == [r["evidence"] for r in spk]
    assert [r["rank"] for r in duck] == [r["rank"] for r in spk]  # the shared finaliser ranks alike
    scores, _ = compare(tmp_path / "spark" / "worklist.parquet", pop / "ground_truth.parquet")
    assert all((s.precision, s.recall) == (1.0, 1.0) for s in scores)
