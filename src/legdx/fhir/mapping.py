"""The code mapping of ``mapping.yaml``, validated on load (unknown keys are errors)."""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CodeRef(_Strict):
    system: str
    code: str


class Conversion(_Strict):
    factor: float
    offset: float = 0.0


class ObservationMap(_Strict):
    kind: Literal["value", "index", "pressure", "coded"]
    codes: list[CodeRef] = Field(min_length=1)
    measurement: str | None = None
    targets: dict[Literal["right", "left"], str] = Field(default_factory=dict)
    aggregate: dict[Literal["lowest", "highest"], str] = Field(default_factory=dict)
    superseded_by: list[str] = Field(default_factory=list)
    sites: dict[str, str] = Field(default_factory=dict)
    units: dict[str, float | Conversion] = Field(default_factory=dict)
    finding: str | None = None
    present: list[CodeRef] = Field(default_factory=list)
    absent: list[CodeRef] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shape(self) -> ObservationMap:
        field = {"value": "measurement", "index": "targets", "pressure": "sites", "coded": "finding"}[
            self.kind
        ]
        if not getattr(self, field):
            raise ValueError(f"kind '{self.kind}' needs '{field}'")
        return self

    def convert(self, value: float, unit: str | None) -> float | None:
        """The value in legdx's unit, or None when the unit is not one we know."""
        if not self.units:
            return value
        conv = self.units.get(unit or "")
        if conv is None and unit is not None:
            conv = self.units.get(unit.strip())
        if conv is None:
            return None
        if isinstance(conv, Conversion):
            return value * conv.factor + conv.offset
        return value * conv


class IcdRange(_Strict):
    from_: str = Field(alias="from")
    to: str


class ConditionMap(_Strict):
    finding: str
    past: bool = False
    icd10cm: list[str | IcdRange] = Field(default_factory=list)
    icd10cm_exclude: list[str] = Field(default_factory=list)
    snomed: list[str] = Field(default_factory=list)

    def matches_icd(self, code: str) -> bool:
        c = code.strip().upper()
        if any(c.startswith(x.upper()) for x in self.icd10cm_exclude):
            return False
        for entry in self.icd10cm:
            if isinstance(entry, IcdRange):
                if entry.from_.upper() <= c[:3] <= entry.to.upper():
                    return True
            elif c.startswith(entry.upper()):
                return True
        return False


class MedicationMap(_Strict):
    finding: str | None = None
    atc: list[str] = Field(default_factory=list)
    names: list[str] = Field(default_factory=list)


class SideWords(_Strict):
    words: list[str]
    snomed: list[str] = Field(default_factory=list)


class Mapping(_Strict):
    systems: dict[str, str]
    observations: dict[str, ObservationMap]
    sites: dict[str, list[str]]
    sides: dict[Literal["right", "left"], SideWords]
    conditions: dict[str, ConditionMap]
    medications: dict[str, MedicationMap]

    @model_validator(mode="after")
    def _systems_known(self) -> Mapping:
        for key, obs in self.observations.items():
            for c in [*obs.codes, *obs.present, *obs.absent]:
                if c.system not in self.systems:
                    raise ValueError(f"observations.{key}: unknown system alias '{c.system}'")
            for site in obs.sites:
                if site not in self.sites:
                    raise ValueError(f"observations.{key}.sites: unknown site '{site}'")
        return self

    def system(self, alias: str) -> str:
        return self.systems[alias]

    @functools.cached_property
    def observation_index(self) -> dict[tuple[str, str], str]:
        """(system URI, code) -> observation mapping key."""
        out: dict[tuple[str, str], str] = {}
        for key, obs in self.observations.items():
            for c in obs.codes:
                out[(self.systems[c.system], c.code)] = key
        return out

    @functools.cached_property
    def site_patterns(self) -> dict[str, re.Pattern[str]]:
        return {site: _words(ws) for site, ws in self.sites.items()}

    @functools.cached_property
    def side_patterns(self) -> dict[str, re.Pattern[str]]:
        return {side: _words(sw.words) for side, sw in self.sides.items()}

    def observation_codes(self) -> list[tuple[str, str]]:
        """Every (system URI, code) legdx reads from Observations (for prefetch queries)."""
        return list(self.observation_index)


def _words(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(w.lower()) for w in words) + r")\b")


@functools.lru_cache(maxsize=1)
def default_mapping() -> Mapping:
    text = (resources.files("legdx.fhir") / "mapping.yaml").read_text(encoding="utf-8")
    return Mapping.model_validate(yaml.safe_load(text))
