"""legdx synth: valid FHIR NDJSON, the same population in every format, prevalences as stated."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pyarrow")

import pyarrow.parquet as pq  # noqa: E402

from legdx.screen import synth  # noqa: E402


def test_same_seed_same_population_whatever_the_formats(tmp_path: Path) -> None:
    a = synth.generate(500, tmp_path / "a", formats=("ndjson",), seed=5)
    b = synth.generate(500, tmp_path / "b", formats=("omop", "parquet"), seed=5)
    assert a.truth_counts == b.truth_counts
    assert pq.read_table(tmp_path / "a" / "ground_truth.parquet").equals(
        pq.read_table(tmp_path / "b" / "ground_truth.parquet")
    )
    c = synth.generate(500, tmp_path / "c", formats=("ndjson",), seed=6)
    assert c.truth_counts != a.truth_counts


def test_ndjson_is_fhir_shaped_and_listed_in_the_manifest(tmp_path: Path) -> None:
    r = synth.generate(300, tmp_path, formats=("ndjson", "parquet"), seed=2)
    d = r.dirs["ndjson"]
    manifest = json.loads((d / "manifest.json").read_text())
    assert manifest["transactionTime"].startswith(synth.AS_OF.isoformat())
    listed = {o["url"] for o in manifest["output"]}
    assert listed == {p.name for p in d.glob("*.ndjson")}
    count = 0
    for p in d.glob("*.ndjson"):
        rtype = p.name.split(".")[0]
        for line in p.read_text(encoding="utf-8").splitlines():
            res = json.loads(line)
            assert res["resourceType"] == rtype and res["id"]
            assert all(v is not None for v in res.values())
            if rtype != "Patient":
                assert res["subject"]["reference"].startswith("Patient/")
            count += 1
    assert count == sum(r.resources.values())
    for rtype, n in r.resources.items():
        rows = sum(pq.ParquetFile(p).metadata.num_rows for p in r.dirs["parquet"].glob(f"{rtype}.*.parquet"))
        assert rows == n


def test_omop_tables_and_local_concepts(tmp_path: Path) -> None:
    r = synth.generate(300, tmp_path, formats=("omop",), seed=2)
    d = r.dirs["omop"]
    person = pq.read_table(d / "person.parquet")
    assert person.num_rows == 300 and set(person.column("gender_concept_id").to_pylist()) <= {8507, 8532}
    concept = pq.read_table(d / "concept.parquet").to_pylist()
    assert all(c["concept_id"] > 2_000_000_000 for c in concept)
    assert {"ICD10CM", "LOINC", "SNOMED", "legdx-screen"} <= {c["vocabulary_id"] for c in concept}
    for t in ("condition_occurrence", "measurement", "observation", "drug_exposure"):
        assert pq.read_table(d / f"{t}.parquet").num_rows > 0


def test_pad_prevalence_by_age_band_is_nhanes() -> None:
    """The generator calibrates PAD to NHANES 1999-2000 by age band (facts.md 1): check on 100,000."""
    ch = synth.make_chunk(3, 100_000, 11, synth._pad_intercepts())
    age, pad = ch.people["age"], ch.people["pad"]
    for (lo, hi), target in zip(synth.AGE_BANDS, synth.ASSUMPTIONS["pad_prevalence"], strict=True):
        band = (age >= lo) & (age <= hi)
        got = pad[band].mean()
        se = np.sqrt(target * (1 - target) / band.sum())
        assert abs(got - target) < 4 * se + 0.002, (lo, hi, got, target)
    sym = ch.people["classic"][pad].mean(), ch.people["atypical"][pad].mean()
    assert abs(sym[0] - 0.11) < 0.02 and abs(sym[1] - 0.47) < 0.03  # PARTNERS mix
