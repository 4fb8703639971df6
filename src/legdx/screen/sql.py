"""Render the screen's SQL (queries.yaml) for one engine: placeholders, then the three dialect macros."""

from __future__ import annotations

import datetime as dt
import functools
import re
from importlib import resources
from typing import Any, Literal

import yaml

from legdx.screen.config import Mapping

Dialect = Literal["duckdb", "spark"]

_REF_ID = "CASE WHEN {0} LIKE 'Patient/%' THEN substr({0}, 9) ELSE regexp_extract({0}, '([^/]+)$', 1) END"
_MACROS: dict[str, dict[str, str]] = {
    "duckdb": {
        "EXPLODE": "unnest({0})",
        "EXPLODE_OUTER": "unnest(CASE WHEN len({0}) > 0 THEN {0} ELSE [NULL] END)",
        "FIRST": "list_extract({0}, 1)",
        "REF_ID": _REF_ID,
    },
    "spark": {
        "EXPLODE": "explode({0})",
        "EXPLODE_OUTER": "explode_outer({0})",
        "FIRST": "try_element_at({0}, 1)",
        "REF_ID": _REF_ID,
    },
}
_MACRO_RE = re.compile(r"\b(EXPLODE_OUTER|EXPLODE|FIRST|REF_ID)\(")


@functools.lru_cache(maxsize=1)
def queries() -> dict[str, Any]:
    text = (resources.files("legdx.screen") / "queries.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def expand_macros(sql: str, dialect: Dialect) -> str:
    """Replace MACRO(arg) by the dialect's form; arguments may hold parentheses."""
    out = []
    pos = 0
    while True:
        m = _MACRO_RE.search(sql, pos)
        if m is None:
            out.append(sql[pos:])
            return "".join(out)
        depth, i = 1, m.end()
        while depth:
            if i >= len(sql):
                raise ValueError(f"unbalanced parentheses after {m.group(1)} in SQL")
            depth += {"(": 1, ")": -1}.get(sql[i], 0)
            i += 1
        arg = expand_macros(sql[m.end() : i - 1], dialect)
        out.append(sql[pos : m.start()])
        out.append(_MACROS[dialect][m.group(1)].format(arg))
        pos = i


def render(sql: str, dialect: Dialect, **params: Any) -> str:
    return expand_macros(sql.format(**params), dialect)


def fhir_flatten(rtype: str, src: str, dialect: Dialect) -> str:
    q = queries()["fhir"]
    template = {
        "MedicationRequest": q["Medication"],
        "MedicationStatement": q["Medication"],
        "Procedure": q["Coded"],
        "ServiceRequest": q["Coded"],
    }.get(rtype) or q[rtype]
    return render(template, dialect, src=src, rtype=rtype)


def _omop_gender_case(mapping: Mapping) -> str:
    whens = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in mapping.omop_gender.items())
    gender = "CAST(try_cast(try_cast(gender_concept_id AS DOUBLE) AS BIGINT) AS STRING)"
    return f"CASE {gender} {whens} ELSE 'unknown' END"


#: per OMOP event table: (concept column, source value column, source concept column, value, flag, site)
_OMOP_EVENTS: dict[str, dict[str, str]] = {
    "condition_occurrence": {
        "concept": "condition_concept_id",
        "source_value": "condition_source_value",
        "source_concept": "condition_source_concept_id",
    },
    "measurement": {
        "concept": "measurement_concept_id",
        "source_value": "measurement_source_value",
        "value": "try_cast(value_as_number AS DOUBLE)",
        "site": "lower(coalesce(measurement_source_value, ''))",
    },
    "observation": {
        "concept": "observation_concept_id",
        "source_value": "observation_source_value",
        "value": "try_cast(value_as_number AS DOUBLE)",
        "flag": "CASE WHEN lower(value_as_string) IN ('false', 'no', 'n') THEN 'false' "
        "WHEN lower(value_as_string) IN ('true', 'yes', 'y') THEN 'true' ELSE '' END",
        "site": "lower(coalesce(observation_source_value, ''))",
    },
    "drug_exposure": {"concept": "drug_concept_id", "source_value": "drug_source_value"},
    "procedure_occurrence": {"concept": "procedure_concept_id", "source_value": "procedure_source_value"},
}


def omop_flatten(table: str, src: str, dialect: Dialect, mapping: Mapping, as_of: dt.date) -> str:
    q = queries()["omop"]
    if table == "person":
        return render(q["person"], dialect, src=src, gender_case=_omop_gender_case(mapping))
    spec = _OMOP_EVENTS[table]
    status = "''"
    if table == "drug_exposure":
        cutoff = (as_of - dt.timedelta(days=365)).isoformat()
        status = f"CASE WHEN drug_exposure_end_date < '{cutoff}' THEN 'ended' ELSE '' END"
    sql = render(
        q["event"],
        dialect,
        table=table,
        src=src,
        concept=spec["concept"],
        source_concept=spec.get("source_concept", "NULL"),
        source_value=spec["source_value"],
        value=spec.get("value", "CAST(NULL AS DOUBLE)"),
        flag=spec.get("flag", "''"),
        site=spec.get("site", "''"),
        status=status,
    )
    if "source_concept" in spec:
        sql += "\nUNION ALL\n" + render(
            q["event_source"],
            dialect,
            table=table,
            src=src,
            source_concept=spec["source_concept"],
            status=status,
        )
    if table in ("measurement", "observation"):
        value_rows = render(
            "SELECT person_id AS pid, '{table}.value' AS rtype, 'omop' AS system, "
            "CAST(vc AS STRING) AS code, "
            "'' AS display, CAST(NULL AS DOUBLE) AS value, '' AS flag, '' AS status, '' AS site "
            "FROM (SELECT person_id, try_cast(try_cast(value_as_concept_id AS DOUBLE) AS BIGINT) AS vc "
            "FROM {src}) t WHERE person_id IS NOT NULL AND vc > 0",
            dialect,
            table=table,
            src=src,
        )
        sql = f"{sql}\nUNION ALL\n{value_rows}"
    return sql


def codes_query(flat: str, dialect: Dialect) -> str:
    return render(queries()["codes"], dialect, flat=flat)


def partial_query(
    flat: str, codemap: str, columns: list[str], numeric: dict[str, tuple[str, str]], dialect: Dialect
) -> str:
    """Records of one input folded to one row per patient: a column per concept, lowest/highest values."""
    aggs = [f"max(CASE WHEN k.concept = '{c}' THEN k.polarity END) AS {c}" for c in columns]
    for concept, (lo, hi) in numeric.items():
        aggs.append(f"min(CASE WHEN k.concept = '{concept}' THEN f.value END) AS {lo}")
        aggs.append(f"max(CASE WHEN k.concept = '{concept}' THEN f.value END) AS {hi}")
    return render(
        queries()["partial"], dialect, flat=flat, codemap=codemap, aggregates=",\n         ".join(aggs)
    )


def features_query(
    partials: str,
    patients: str,
    columns: list[str],
    numeric: dict[str, tuple[str, str]],
    as_of: dt.date,
    dialect: Dialect,
) -> str:
    """One row per patient: age on ``as_of``, sex, the concept columns, lowest/highest values."""
    folds = [f"max({c}) AS {c}" for c in columns]
    outs = [f"agg.{c} AS {c}" for c in columns]
    for lo, hi in numeric.values():
        folds += [f"min({lo}) AS {lo}", f"max({hi}) AS {hi}"]
        outs += [f"agg.{lo} AS {lo}", f"agg.{hi} AS {hi}"]
    return render(
        queries()["features"],
        dialect,
        partials=partials,
        patients=patients,
        folds=",\n           ".join(folds),
        columns=",\n         ".join(outs),
        year=as_of.year,
        month=as_of.month,
        day=as_of.day,
    )


def summary_query(name: str, dialect: Dialect, **tables: str) -> str:
    return render(queries()[name], dialect, **tables)
