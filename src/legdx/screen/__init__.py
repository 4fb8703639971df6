"""Population screening: PAD case finding and care gaps over a FHIR Bulk Data export or OMOP tables.

``legdx screen`` (legdx.screen.pipeline) flattens the export with one set of SQL (queries.yaml) run by
DuckDB in process or by Spark, maps codes with mapping.yaml, scores every patient with the vectorised
engine (legdx.engine.batch) and applies the rules of rules.yaml. ``legdx synth`` writes a synthetic
population with its ground truth. See docs/screening.md.
"""
