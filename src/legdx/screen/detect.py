"""What is in INPUT: a FHIR Bulk Data export (NDJSON or Parquet) or OMOP CDM tables (Parquet or CSV)."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from legdx.screen.schema import FHIR, OMOP, OMOP_REQUIRED


class InputFormatError(ValueError):
    """INPUT cannot be screened; the message says what was found and what is expected."""


@dataclass
class InputFile:
    path: Path
    kind: str  # fhir-ndjson | fhir-parquet | omop-parquet | omop-csv
    table: str  # FHIR resource type or OMOP table
    rows: int  # lines (NDJSON), rows (Parquet), data lines (CSV)
    bytes: int

    @property
    def key(self) -> str:
        return f"{self.path}:{self.bytes}:{int(self.path.stat().st_mtime)}"


@dataclass
class InputPlan:
    root: Path
    format: str  # fhir-ndjson | fhir-parquet | omop-parquet | omop-csv
    files: list[InputFile]
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why)
    transaction_time: dt.date | None = None
    csv_delimiter: str = ","

    @property
    def rows(self) -> int:
        return sum(f.rows for f in self.files)

    def tables(self) -> dict[str, list[InputFile]]:
        out: dict[str, list[InputFile]] = {}
        for f in self.files:
            out.setdefault(f.table, []).append(f)
        return out

    def describe(self) -> str:
        label = {
            "fhir-ndjson": "FHIR Bulk Data export (NDJSON)",
            "fhir-parquet": "FHIR resources as Parquet",
            "omop-parquet": "OMOP CDM tables (Parquet)",
            "omop-csv": "OMOP CDM tables (CSV)",
        }[self.format]
        unit = "lines" if self.format == "fhir-ndjson" else "rows"
        parts = [
            f"{t} {len(fs)} file{'s' if len(fs) > 1 else ''} ({sum(f.rows for f in fs):,} {unit})"
            for t, fs in sorted(self.tables().items())
        ]
        text = f"{label} in {self.root}: " + "; ".join(parts)
        if self.transaction_time:
            text += f"; manifest transactionTime {self.transaction_time.isoformat()}"
        return text


def count_lines(path: Path) -> int:
    n = 0
    last = b"\n"
    with open(path, "rb") as f:
        while chunk := f.read(1 << 24):
            n += chunk.count(b"\n")
            last = chunk[-1:]
    return n + (0 if last == b"\n" else 1)


def _first_json_type(path: Path) -> str | None:
    with open(path, "rb") as f:
        for raw in f:
            line = raw.strip()
            if not line:
                continue
            m = re.search(rb'"resourceType"\s*:\s*"([A-Za-z]+)"', line)
            return m.group(1).decode() if m else None
    return None


def _omop_table(path: Path, columns: set[str]) -> str | None:
    stem = re.sub(r"[-_.]?\d+$", "", path.stem.lower())
    for name in (stem, path.parent.name.lower()):
        if name in OMOP:
            return name
    for name, cols in OMOP.items():  # by columns: the table whose key column is there
        if cols[1] in columns and cols[0] in columns:
            return name
    return None


def _is_manifest(p: Path) -> bool:
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "transactionTime" in data and "output" in data


def _manifest(root: Path) -> tuple[dt.date | None, dict[str, str]]:
    for p in sorted(root.glob("*.json")):
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and "transactionTime" in data and "output" in data:
            when = None
            try:
                when = dt.date.fromisoformat(str(data["transactionTime"])[:10])
            except ValueError:
                pass
            types = {
                Path(str(o.get("url", ""))).name: str(o.get("type", ""))
                for o in data.get("output", [])
                if isinstance(o, dict)
            }
            return when, types
    return None, {}


def detect(root: Path) -> InputPlan:
    """Find the export's files and their format; raise InputFormatError with what was found otherwise."""
    root = Path(root)
    if not root.exists():
        raise InputFormatError(f"{root}: no such file or directory")
    paths = (
        [root]
        if root.is_file()
        else sorted(
            p
            for p in root.rglob("*")
            if p.is_file() and not any(part.startswith((".", "_")) for part in p.relative_to(root).parts)
        )
    )
    when, manifest_types = _manifest(root) if root.is_dir() else (None, {})
    files: list[InputFile] = []
    skipped: list[tuple[str, str]] = []
    delimiter = ","
    for p in paths:
        suffix = "".join(p.suffixes[-1:]).lower()
        size = p.stat().st_size
        if suffix in (".ndjson", ".jsonl"):
            rtype = manifest_types.get(p.name) or _first_json_type(p)
            if rtype in FHIR:
                files.append(InputFile(p, "fhir-ndjson", rtype, count_lines(p), size))
            else:
                skipped.append((str(p), f"resource type {rtype or 'unknown'} is not read by the screen"))
        elif suffix == ".parquet":
            import pyarrow.parquet as pq

            try:
                meta = pq.ParquetFile(p)
            except Exception as exc:  # noqa: BLE001 - any unreadable file is reported, not fatal
                skipped.append((str(p), f"not a readable Parquet file ({exc})"))
                continue
            names = set(meta.schema_arrow.names)
            if "resourceType" in names:
                rtype = None
                if meta.metadata.num_rows:
                    first = meta.read_row_group(0, columns=["resourceType"]).column(0)
                    rtype = next((v for v in first.to_pylist() if v), None)
                if rtype in FHIR:
                    files.append(InputFile(p, "fhir-parquet", rtype, meta.metadata.num_rows, size))
                else:
                    skipped.append((str(p), f"resource type {rtype or 'unknown'} is not read by the screen"))
            else:
                table = _omop_table(p, names)
                if table:
                    files.append(InputFile(p, "omop-parquet", table, meta.metadata.num_rows, size))
                else:
                    skipped.append((str(p), "Parquet without resourceType and not an OMOP CDM table we read"))
        elif suffix in (".csv", ".tsv", ".txt"):
            with open(p, encoding="utf-8", errors="replace") as f:
                header = f.readline()
            delim = "\t" if header.count("\t") > header.count(",") else ","
            cols = {c.strip().strip('"').lower() for c in header.strip().split(delim)}
            table = _omop_table(p, cols)
            if table:
                delimiter = delim
                files.append(InputFile(p, "omop-csv", table, max(count_lines(p) - 1, 0), size))
            else:
                skipped.append((str(p), "CSV that is not an OMOP CDM table we read"))
        elif suffix == ".json":
            if not _is_manifest(p):
                skipped.append((str(p), "a JSON file that is not a Bulk Data manifest"))
        else:
            skipped.append((str(p), "not NDJSON, Parquet or CSV"))
    kinds = sorted({f.kind for f in files})
    if not files:
        found = "; ".join(f"{f}: {why}" for f, why in skipped[:5]) or "no files"
        raise InputFormatError(
            f"{root}: nothing to screen. Expected a FHIR Bulk Data export (Patient.ndjson, "
            f"Observation.ndjson, "
            f"... or the same as Parquet) or OMOP CDM tables (person, condition_occurrence, measurement, "
            f"observation, drug_exposure as Parquet or CSV). Found: {found}"
        )
    if len(kinds) > 1:
        raise InputFormatError(f"{root}: mixes formats ({', '.join(kinds)}); point INPUT at one export")
    fmt = kinds[0]
    plan = InputPlan(root, fmt, files, skipped, when, delimiter)
    tables = plan.tables()
    if fmt.startswith("fhir") and "Patient" not in tables:
        raise InputFormatError(
            f"{root}: a FHIR export without Patient resources: ages and sexes are unknown. "
            f"Found {', '.join(sorted(tables))}"
        )
    if fmt.startswith("omop") and not all(t in tables for t in OMOP_REQUIRED):
        raise InputFormatError(
            f"{root}: OMOP tables without a person table. Found {', '.join(sorted(tables))}"
        )
    return plan
