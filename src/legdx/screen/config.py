"""The screening data files, validated on load: code mappings (mapping.yaml) and rules (rules.yaml).

Unknown keys are errors that name the key and the allowed ones; every rule and feature must cite a
source of the knowledge base's bibliography; every name a rule reads must be a concept, a feature, a
knowledge-base finding, variable, condition or red flag.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from legdx.knowledge.loader import KnowledgeBase


class ScreenConfigError(ValueError):
    """A screening data file is malformed; the message lists every problem with where it is."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("screening configuration is invalid:\n  " + "\n  ".join(problems))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Numeric(_Strict):
    lowest: str
    highest: str


class Concept(_Strict):
    """Codes that mean one per-patient feature."""

    finding: str | None = None
    numeric: Numeric | None = None
    history: bool = False
    in_: list[str] = Field(alias="in", min_length=1)
    statuses: dict[str, list[str]] = Field(default_factory=dict)
    icd10cm: list[str] = Field(default_factory=list)
    snomed: list[str] = Field(default_factory=list)
    snomed_absent: list[str] = Field(default_factory=list)
    loinc: list[str] = Field(default_factory=list)
    rxnorm: list[str] = Field(default_factory=list)
    atc: list[str] = Field(default_factory=list)
    omop: list[int] = Field(default_factory=list)
    legdx_screen: list[str] = Field(default_factory=list)
    names: list[str] = Field(default_factory=list)
    site_words: list[str] = Field(default_factory=list)


class StatusRule(_Strict):
    use: list[str] = Field(default_factory=list)
    verification_ignore: list[str] = Field(default_factory=list)
    clinical_current: list[str] = Field(default_factory=list)


class KnownUnused(_Strict):
    loinc: list[str] = Field(default_factory=list)
    snomed: list[str] = Field(default_factory=list)
    rxnorm: list[str] = Field(default_factory=list)
    atc: list[str] = Field(default_factory=list)
    icd10cm: list[str] = Field(default_factory=list)
    names: list[str] = Field(default_factory=list)


class Mapping(_Strict):
    systems: dict[str, str]
    omop_vocabularies: dict[str, str]
    omop_gender: dict[str, str]
    groups: dict[str, list[str]]
    statuses: dict[str, StatusRule]
    concepts: dict[str, Concept]
    known_unused: KnownUnused = KnownUnused()

    @model_validator(mode="after")
    def _refs(self) -> Mapping:
        problems = []
        for cid, c in self.concepts.items():
            for g in c.in_:
                if g not in self.groups:
                    problems.append(f"concepts.{cid}.in: unknown group '{g}' (known: {sorted(self.groups)})")
        for v in self.omop_vocabularies.values():
            if v not in self.systems:
                problems.append(f"omop_vocabularies: '{v}' is not a system (known: {sorted(self.systems)})")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def system_of_uri(self) -> dict[str, str]:
        return {uri: name for name, uri in self.systems.items()}

    def rtypes(self, concept: Concept) -> set[str]:
        return {r for g in concept.in_ for r in self.groups[g]}

    @property
    def finding_columns(self) -> dict[str, str]:
        """concept id -> knowledge-base finding id, for the concepts that feed the engine."""
        return {cid: c.finding for cid, c in self.concepts.items() if c.finding}

    @property
    def numeric_columns(self) -> dict[str, Numeric]:
        return {cid: c.numeric for cid, c in self.concepts.items() if c.numeric}


class Feature(_Strict):
    when: Any
    source: str
    grade: Literal["published", "derived", "consensus"]
    note: str | None = None


class Rule(_Strict):
    id: str
    priority: int
    title: str
    when: Any
    action: str
    source: str
    grade: Literal["published", "derived", "consensus"]
    note: str | None = None
    evidence: list[Any] = Field(default_factory=list)


class Rules(_Strict):
    setting: str = "general_population"
    rank_condition: str = "peripheral_artery_disease"
    yield_rule: str | None = None
    features: dict[str, Feature] = Field(default_factory=dict)
    rules: list[Rule] = Field(min_length=1)


def _read_yaml(path: Path | None, default: str) -> tuple[dict[str, Any], str, str]:
    if path is None:
        text = (resources.files("legdx.screen") / default).read_text(encoding="utf-8")
        where = f"legdx/screen/{default}"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ScreenConfigError([f"{path}: cannot read ({exc.strerror})"]) from None
        where = str(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ScreenConfigError([f"{where}: not valid YAML: {exc}"]) from None
    if not isinstance(data, dict):
        raise ScreenConfigError([f"{where}: expected a mapping at the top level"])
    return data, where, hashlib.sha256(text.encode()).hexdigest()[:16]


def _errors(exc: ValidationError, where: str) -> list[str]:
    return [f"{where}: {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]


def load_mapping(path: Path | None = None) -> tuple[Mapping, str]:
    """The code mapping and a short hash of its text (part of the resume fingerprint)."""
    data, where, digest = _read_yaml(path, "mapping.yaml")
    try:
        return Mapping.model_validate(data), digest
    except ValidationError as exc:
        raise ScreenConfigError(_errors(exc, where)) from None


def load_rules(path: Path | None, mapping: Mapping, kb: KnowledgeBase) -> tuple[Rules, str]:
    """The screening rules, checked against the mapping and the knowledge base."""
    data, where, digest = _read_yaml(path, "rules.yaml")
    try:
        rules = Rules.model_validate(data)
    except ValidationError as exc:
        raise ScreenConfigError(_errors(exc, where)) from None
    problems = check_rules(rules, mapping, kb, where)
    if problems:
        raise ScreenConfigError(problems)
    return rules, digest


def check_rules(rules: Rules, mapping: Mapping, kb: KnowledgeBase, where: str) -> list[str]:
    from legdx.knowledge.schema import TRIAGE_ORDER
    from legdx.screen import evaluate

    problems: list[str] = []
    names = set(mapping.concepts) | set(rules.features) | set(kb.findings)
    variables = {"age"} | {n for c in mapping.numeric_columns.values() for n in (c.lowest, c.highest)}
    for cid, c in mapping.concepts.items():
        if c.finding and c.finding not in kb.findings:
            problems.append(f"mapping: concepts.{cid}.finding: unknown finding id '{c.finding}'")
    if rules.yield_rule is not None and rules.yield_rule not in {r.id for r in rules.rules}:
        problems.append(f"{where}: yield_rule: no rule has the id '{rules.yield_rule}'")
    if rules.rank_condition not in kb.conditions:
        problems.append(f"{where}: rank_condition: unknown condition id '{rules.rank_condition}'")
    ctx = evaluate.Names(
        names=names,
        variables=variables,
        conditions=set(kb.conditions),
        red_flags=set(kb.red_flags),
        levels=TRIAGE_ORDER,
    )
    seen: set[str] = set()
    for fid, f in rules.features.items():
        if fid in mapping.concepts or fid in kb.findings:
            problems.append(f"{where}: features.{fid}: the name is already a concept or a finding")
        problems += evaluate.check(f.when, ctx, f"{where}: features.{fid}.when")
        if f.source not in kb.sources:
            problems.append(f"{where}: features.{fid}.source: unknown source id '{f.source}'")
    for i, r in enumerate(rules.rules):
        at = f"{where}: rules[{i}] ({r.id})"
        if r.id in seen:
            problems.append(f"{at}: duplicate rule id")
        seen.add(r.id)
        problems += evaluate.check(r.when, ctx, f"{at}.when")
        for j, e in enumerate(r.evidence):
            problems += evaluate.check_evidence(e, ctx, f"{at}.evidence[{j}]")
        if r.source not in kb.sources:
            problems.append(f"{at}.source: unknown source id '{r.source}'")
    return problems


@functools.lru_cache(maxsize=1)
def default_mapping() -> tuple[Mapping, str]:
    return load_mapping(None)
