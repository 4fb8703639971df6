"""The fields the screen reads from each input table, written once and rendered for DuckDB and Spark.

A schema is a nested structure: a type name ("string", "double", "boolean", "bigint"), a dict (a struct)
or a one-element list (a list of that element). Fields an input lacks are read as NULL; fields it has
beyond these are not read.
"""

from __future__ import annotations

from typing import Any

S, D, B = "string", "double", "boolean"
CODING = {"system": S, "code": S, "display": S}
CODEABLE = {"coding": [CODING], "text": S}
REFERENCE = {"reference": S}
QUANTITY = {"value": D, "unit": S, "code": S}

FHIR: dict[str, dict[str, Any]] = {
    "Patient": {"resourceType": S, "id": S, "birthDate": S, "gender": S},
    "Observation": {
        "resourceType": S,
        "id": S,
        "status": S,
        "subject": REFERENCE,
        "code": CODEABLE,
        "valueQuantity": QUANTITY,
        "valueCodeableConcept": CODEABLE,
        "valueBoolean": B,
        "bodySite": CODEABLE,
        "component": [{"code": CODEABLE, "valueQuantity": QUANTITY}],
    },
    "Condition": {
        "resourceType": S,
        "id": S,
        "subject": REFERENCE,
        "code": CODEABLE,
        "clinicalStatus": CODEABLE,
        "verificationStatus": CODEABLE,
    },
    "MedicationRequest": {
        "resourceType": S,
        "id": S,
        "status": S,
        "subject": REFERENCE,
        "medicationCodeableConcept": CODEABLE,
    },
    "MedicationStatement": {
        "resourceType": S,
        "id": S,
        "status": S,
        "subject": REFERENCE,
        "medicationCodeableConcept": CODEABLE,
    },
    "Procedure": {"resourceType": S, "id": S, "status": S, "subject": REFERENCE, "code": CODEABLE},
    "ServiceRequest": {
        "resourceType": S,
        "id": S,
        "status": S,
        "intent": S,
        "subject": REFERENCE,
        "code": CODEABLE,
    },
}

#: OMOP CDM 5.4 tables and the columns read (all read as text and cast in SQL, so CSV and Parquet agree).
OMOP: dict[str, list[str]] = {
    "person": ["person_id", "gender_concept_id", "year_of_birth", "month_of_birth", "day_of_birth"],
    "condition_occurrence": [
        "person_id",
        "condition_concept_id",
        "condition_source_value",
        "condition_source_concept_id",
    ],
    "measurement": [
        "person_id",
        "measurement_concept_id",
        "value_as_number",
        "value_as_concept_id",
        "measurement_source_value",
    ],
    "observation": [
        "person_id",
        "observation_concept_id",
        "value_as_number",
        "value_as_concept_id",
        "value_as_string",
        "observation_source_value",
    ],
    "drug_exposure": ["person_id", "drug_concept_id", "drug_source_value", "drug_exposure_end_date"],
    "procedure_occurrence": ["person_id", "procedure_concept_id", "procedure_source_value"],
    "concept": ["concept_id", "concept_name", "vocabulary_id", "concept_code"],
}
OMOP_REQUIRED = ("person",)


def arrow_type(t: Any) -> Any:
    """The pyarrow type of a schema entry (for Parquet written by legdx synth and for comparisons)."""
    import pyarrow as pa

    if isinstance(t, dict):
        return pa.struct([(k, arrow_type(v)) for k, v in t.items()])
    if isinstance(t, list):
        return pa.list_(arrow_type(t[0]))
    return {"string": pa.string(), "double": pa.float64(), "boolean": pa.bool_(), "bigint": pa.int64()}[t]


def duckdb_type(t: Any) -> str:
    if isinstance(t, dict):
        return "STRUCT(" + ", ".join(f'"{k}" {duckdb_type(v)}' for k, v in t.items()) + ")"
    if isinstance(t, list):
        return duckdb_type(t[0]) + "[]"
    return {"string": "VARCHAR", "double": "DOUBLE", "boolean": "BOOLEAN", "bigint": "BIGINT"}[t]


def spark_type(t: Any) -> str:
    if isinstance(t, dict):
        return "STRUCT<" + ", ".join(f"`{k}`: {spark_type(v)}" for k, v in t.items()) + ">"
    if isinstance(t, list):
        return f"ARRAY<{spark_type(t[0])}>"
    return {"string": "STRING", "double": "DOUBLE", "boolean": "BOOLEAN", "bigint": "BIGINT"}[t]


def spark_ddl(fields: dict[str, Any]) -> str:
    return ", ".join(f"`{k}` {spark_type(v)}" for k, v in fields.items())


def duckdb_columns(fields: dict[str, Any]) -> str:
    """The ``columns=`` argument of DuckDB's read_json."""
    return "{" + ", ".join(f"'{k}': '{duckdb_type(v)}'" for k, v in fields.items()) + "}"
