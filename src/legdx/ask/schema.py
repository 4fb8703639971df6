"""Schema of the statements part of the knowledge base (``knowledge/data/statements/*.yaml``).

A statement is one short sentence written for legdx, said twice (for a clinician and, in plain
grade-8 words, for a patient), with the source it rests on and its evidence grade. ``legdx ask``
answers knowledge questions by retrieving and grouping statements; it never writes medicine itself.

Every model forbids unknown keys, so a misspelt key in a YAML file is an error that names it.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from legdx.knowledge.schema import Grade

#: The topics statements are grouped under, in the order an answer shows them.
Topic = Literal[
    "direction",
    "red_flags",
    "abi_tbi",
    "exercise_testing",
    "examination",
    "instruments",
    "imaging",
    "confirming_tests",
    "conservative_care",
    "supervised_exercise",
    "medicines",
    "injections",
    "surgery",
    "revascularization",
    "emergencies",
    "prognosis",
]

TOPIC_ORDER: tuple[str, ...] = Topic.__args__  # type: ignore[attr-defined]

#: How each topic is titled in an answer (clinician, patient).
TOPIC_TITLES: dict[str, tuple[str, str]] = {
    "direction": ("Direction with exertion", "How walking changes it"),
    "red_flags": ("Red flags and triage", "Warning signs"),
    "abi_tbi": ("Ankle-brachial and toe-brachial index", "The ankle and toe pressure tests"),
    "exercise_testing": ("Exercise testing", "Tests after exercise"),
    "examination": ("History and examination", "What the doctor asks and checks"),
    "instruments": ("Scores and questionnaires", "Questionnaires and scores"),
    "imaging": ("Imaging", "Scans"),
    "confirming_tests": ("Confirming tests", "Tests that confirm it"),
    "conservative_care": ("Conservative care", "Treatment without surgery"),
    "supervised_exercise": ("Supervised exercise", "Supervised exercise"),
    "medicines": ("Medicines", "Medicines"),
    "injections": ("Injections", "Injections"),
    "surgery": ("Surgery", "Surgery"),
    "revascularization": ("Revascularization", "Procedures to open the arteries"),
    "emergencies": ("Emergency management", "Emergencies"),
    "prognosis": ("Course and prognosis", "What to expect"),
}

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class Statement(BaseModel):
    """One sourced sentence, with the words that help a question find it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="snake_case, unique across all statement files")
    topic: Topic
    clinician: str = Field(min_length=20, max_length=600, description="one or two sentences, ours")
    patient: str = Field(min_length=20, max_length=600, description="the same in plain, grade-8 words")
    source: str = Field(description="id of an entry in the bibliography (sources/*.yaml)")
    grade: Grade
    note: str | None = Field(default=None, description="reasoning (consensus), arithmetic (derived), caveats")
    unverified: bool = Field(default=False, description="facts.md marks the value NRV or with a warning")
    recommendation: str | None = Field(default=None, description="class/level or grade, e.g. 'COR 1, LOE A'")
    tags: list[str] = Field(min_length=1, description="topic words (lower case)")
    synonyms: list[str] = Field(default_factory=list, description="other ways a question may say it")
    conditions: list[str] = Field(default_factory=list, description="condition ids it is about")
    findings: list[str] = Field(default_factory=list, description="finding ids it explains")

    @field_validator("id")
    @classmethod
    def _snake(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError(f"'{v}' is not a snake_case id")
        return v

    @field_validator("tags")
    @classmethod
    def _lower(cls, v: list[str]) -> list[str]:
        bad = [t for t in v if t != t.lower() or not t.strip()]
        if bad:
            raise ValueError(f"tags must be non-empty lower case: {bad}")
        return v

    @model_validator(mode="after")
    def _reasoned(self) -> Statement:
        if self.grade == "consensus" and not self.note:
            raise ValueError("a consensus statement needs its reasoning in 'note'")
        if self.grade == "derived" and not self.note:
            raise ValueError("a derived statement needs its arithmetic in 'note'")
        if self.grade == "consensus" and self.source != "legdx_consensus":
            raise ValueError("a consensus statement takes source 'legdx_consensus'")
        return self

    def text(self, audience: str) -> str:
        return self.patient if audience == "patient" else self.clinician
