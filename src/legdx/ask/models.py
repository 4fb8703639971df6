"""The answer ``legdx ask`` returns (JSON), shared by the CLI and ``POST /v1/ask``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from legdx import model

ASK_SCHEMA_VERSION = "1.0"

Kind = Literal["presentation", "knowledge", "what_if", "out_of_scope"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AnswerItem(_Out):
    """One line of an answer: a statement (or a line built from the assessment) with its sources."""

    text: str
    sources: list[str] = Field(default_factory=list, description="bibliography ids, see `citations`")
    statement: str | None = Field(default=None, description="statement id, when the line is a statement")
    grade: str | None = None
    recommendation: str | None = None
    unverified: bool = False
    note: str | None = Field(default=None, description="the reasoning behind a consensus statement")


class AnswerSection(_Out):
    title: str
    topic: str | None = None
    items: list[AnswerItem]


class Answer(_Out):
    direct: str = Field(description="the answer in one line")
    sections: list[AnswerSection] = Field(default_factory=list)


class UsedStatement(_Out):
    """A statement the answer used, most relevant first, with its retrieval scores."""

    id: str
    topic: str
    score: float
    coverage: float
    source: str
    grade: str
    unverified: bool


class Change(_Out):
    """One edit a what-if made to the case."""

    kind: Literal["finding", "measurement", "variable", "age"]
    target: str = Field(description="finding id, measurement id, engine variable or 'age'")
    name: str
    old: str | float | None
    new: str | float
    said: str = Field(description="the words of the question this change was read from")


class TriageChange(_Out):
    old: str
    new: str
    old_label: str
    new_label: str
    changed: bool


class ConditionChange(_Out):
    id: str
    name: str
    old: float
    new: float
    delta: float


class LRChange(_Out):
    """A likelihood ratio that entered, left or changed in a condition's update."""

    condition: str
    finding: str
    name: str
    change: Literal["added", "removed", "changed"]
    state_old: str | None = None
    state_new: str | None = None
    lr_old: float | None = Field(default=None, description="LR used before (1 = no effect)")
    lr_new: float | None = Field(default=None, description="LR used after")
    source: str
    text: str


class NextStep(_Out):
    old: str
    new: str
    changed: bool


class WhatIf(_Out):
    changes: list[Change]
    not_understood: str | None = Field(
        default=None, description="the part of the question not turned into a change"
    )
    triage: TriageChange
    conditions: list[ConditionChange] = Field(description="leading conditions, before and after")
    next_step: NextStep
    red_flags_added: list[str] = Field(default_factory=list, description="red flags raised by the change")
    red_flags_removed: list[str] = Field(default_factory=list, description="red flags the change clears")
    why: list[LRChange]
    case: dict[str, Any] = Field(description="the edited case: `legdx assess` on it gives the new result")


class Presentation(_Out):
    case: dict[str, Any] = Field(description="the case read from the question (and --case/--text)")
    findings_read: list[dict[str, Any]] = Field(
        default_factory=list, description="what the text reader found"
    )
    report: str = Field(description="the full report (legdx.report.render markdown)")
    assessment: dict[str, Any] = Field(description="the assessment JSON (the `legdx assess` contract)")


class Declined(_Out):
    reason: str
    covers: str = Field(description="what legdx does answer")


class AskWarning(_Out):
    code: str
    message: str


class AskResponse(_Out):
    """What ``legdx ask`` and ``POST /v1/ask`` return."""

    schema_version: str = ASK_SCHEMA_VERSION
    legdx_version: str
    kb_version: str
    statements_version: str
    question: str
    kind: Kind
    audience: Literal["clinician", "patient"]
    answer: Answer
    statements: list[UsedStatement] = Field(default_factory=list)
    citations: list[model.Citation] = Field(default_factory=list)
    presentation: Presentation | None = None
    what_if: WhatIf | None = None
    declined: Declined | None = None
    retrieval: dict[str, Any] | None = Field(default=None, description="how the statements were found")
    warnings: list[AskWarning] = Field(default_factory=list)
    disclaimer: str
