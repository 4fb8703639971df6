"""Schema of the knowledge base files, validated on load.

Every model forbids unknown keys, so a misspelt key in a YAML file is an error that names it.
Every number a clinician would question (prior, likelihood ratio, threshold, timeline) is a
``Sourced`` value: it carries a source id from the bibliography and an evidence grade.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Grade = Literal["published", "derived", "consensus"]
TriageLevel = Literal["emergency_ambulance", "emergency", "consultation_24", "consultation", "self_care"]

#: Most urgent first; index 0 is the most urgent.
TRIAGE_ORDER: tuple[TriageLevel, ...] = (
    "emergency_ambulance",
    "emergency",
    "consultation_24",
    "consultation",
    "self_care",
)

#: A condition in the small rule language shared by red flags, derived findings, instruments,
#: work-up and management. Forms (YAML):
#:   "finding_id"                       the finding is present
#:   {absent: finding_id}               the finding is known to be absent
#:   {known: finding_id}                the finding's state is known (present or absent)
#:   {all: [cond, ...]}                 every cond is true (Kleene logic: unknown propagates)
#:   {any: [cond, ...]}                 at least one cond is true
#:   {not: cond}
#:   {at_least: N, of: [cond, ...]}     at least N conds true
#:   {var: name, gt|ge|lt|le|eq: x}     a numeric variable (age, abi_right, wells_score ...)
#:   {prob: condition_id, ge|gt|lt|le: p}  post-test probability of a condition (plan rules only)
#:   {triage_at_least: level}           the triage level is at least this urgent (plan rules only)
#:   true / false                       constants
Cond = Any


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Wording(Strict):
    """The same thing said for a clinician and for a patient (grade-8 plain words)."""

    clinician: str
    patient: str


class Sourced(Strict):
    """Base for any value that needs provenance."""

    source: str = Field(description="id of an entry in the bibliography (sources/*.yaml)")
    grade: Grade
    note: str | None = Field(
        default=None,
        description="reasoning for a consensus value, derivation for a derived one, caveats",
    )
    unverified: bool = Field(
        default=False,
        description="facts.md marks the value NRV or with a warning; reports flag it",
    )

    @model_validator(mode="after")
    def _consensus_needs_reason(self) -> Sourced:
        if self.grade == "consensus" and not self.note:
            raise ValueError("a consensus value needs its reasoning in 'note'")
        if self.grade == "derived" and not self.note:
            raise ValueError("a derived value needs its derivation in 'note'")
        return self


class Source(Strict):
    id: str
    citation: str = Field(description="full reference as it should appear in a report")
    url: str | None = None
    doi: str | None = None
    kind: Literal["guideline", "review", "study", "criteria", "textbook", "other", "legdx"] = "study"
    verified: bool = Field(default=True, description="false where facts.md marks the citation NRV")


class AgeBand(Strict):
    min: int | None = Field(default=None, ge=0, le=130, description="inclusive")
    max: int | None = Field(default=None, ge=0, le=130, description="inclusive")

    def contains(self, age: float | None) -> bool:
        if age is None:
            return self.min is None and self.max is None
        if self.min is not None and age < self.min:
            return False
        return not (self.max is not None and age > self.max)


class Pretest(Sourced):
    """Pre-test probability in a setting and age band."""

    setting: Literal["primary_care", "specialty_clinic", "emergency_department", "general_population"]
    age: AgeBand = AgeBand()
    p: float = Field(gt=0, lt=1)


class LikelihoodRatio(Sourced):
    """How one finding moves one condition.

    ``lr_pos`` applies when the finding is present, ``lr_neg`` when absent; either may be
    missing when the literature gives only one side. ``ci_pos``/``ci_neg`` are 95% CIs when
    the source gives them; the engine shrinks very wide ones toward 1 (see engine docs).
    """

    lr_pos: float | None = Field(default=None, gt=0, le=1000)
    lr_neg: float | None = Field(default=None, gt=0, le=1000)
    ci_pos: tuple[float, float] | None = None
    ci_neg: tuple[float, float] | None = None
    fragile: bool = Field(default=False, description="conflicting sources: shrink toward 1")

    @model_validator(mode="after")
    def _one_side(self) -> LikelihoodRatio:
        if self.lr_pos is None and self.lr_neg is None:
            raise ValueError("give lr_pos, lr_neg or both")
        for name in ("ci_pos", "ci_neg"):
            ci = getattr(self, name)
            if ci is not None and not (0 < ci[0] <= ci[1]):
                raise ValueError(f"{name} must be (low, high) with 0 < low <= high")
        return self


class Question(Strict):
    """How the interview asks about a finding."""

    clinician: str
    patient: str
    why: Wording = Field(description="one line: why this question matters")


def _both_audiences() -> list[Literal["clinician", "patient"]]:
    return ["clinician", "patient"]


class FindingDef(Strict):
    """A finding: something present, absent or unknown in a case."""

    id: str
    name: Wording
    kind: Literal["symptom", "history", "exam", "test", "demographic", "risk_factor", "course"]
    question: Question | None = Field(default=None, description="absent = never asked in the interview")
    cluster: str | None = Field(
        default=None,
        description="findings in the same cluster are correlated: only the most informative LR counts",
    )
    derive: Cond | None = Field(
        default=None,
        description="rule over numeric variables that sets this finding (e.g. age_over_65 from age)",
    )
    exertion: (
        Literal[
            "worse_with_exertion",
            "better_with_exertion",
            "relieved_by_posture",
            "relieved_by_rest",
            "not_exertional",
        ]
        | None
    ) = Field(default=None, description="marks an exertion-direction finding for the direction check")
    ask_in_setting: list[Literal["clinician", "patient"]] = Field(
        default_factory=_both_audiences,
        description="exam and test findings are asked of clinicians only",
    )
    synonyms: list[str] = Field(default_factory=list, description="words for the free-text reader")


class UrgencyEscalation(Sourced):
    """A stated finding or value that makes a condition's care more urgent than its usual level (facts.md
    5.3's "...; X -> emergency" where the catalog has no red flag for X). It is a floor like a red flag's:
    it applies whatever the condition's probability, because the finding itself is the danger."""

    when: Cond
    level: TriageLevel
    reason: Wording


class Urgency(Sourced):
    """Default triage for a condition once it is likely enough (probability-driven, not a red flag)."""

    level: TriageLevel
    min_probability: float = Field(default=0.5, gt=0, le=1)
    escalations: list[UrgencyEscalation] = Field(default_factory=list)


class Exertion(Strict):
    """The direction of symptoms with exertion (facts.md section 7)."""

    walking: Literal["worse", "better", "worse_then_better", "briefly_better", "not_related", "variable"]
    relief: str = Field(description="what relieves it, in clinician words")
    patient: str = Field(description="the same in plain words")
    time_course: str | None = None
    source: str
    grade: Grade
    unverified: bool = False
    note: str | None = None


class WorkupRef(Strict):
    """A condition's use of a test from tests/*.yaml."""

    test: str
    when: Cond = True
    why: Wording
    source: str
    grade: Grade = "published"
    note: str | None = None
    unverified: bool = False


class Step(Sourced):
    """One staged management step."""

    id: str
    stage: int = Field(ge=1, le=9, description="1 first line, 2 if first fails, ...")
    action: Wording
    timeline: str | None = Field(default=None, description="dose, duration, review point (clinician words)")
    decision_point: str | None = Field(default=None, description="what to check and when to move on")
    when: Cond = True
    recommendation: str | None = Field(default=None, description="class/level or grade, e.g. 'COR 1, LOE A'")


class Pitfall(Strict):
    text: Wording
    source: str
    grade: Grade = "published"
    note: str | None = None


class ConditionDef(Strict):
    id: str
    name: Wording
    hallmark: Wording
    codes: dict[Literal["icd10cm", "snomed"], list[str]] = Field(default_factory=dict)
    codes_unverified: list[str] = Field(default_factory=list, description="codes facts.md marks NRV")
    group: Literal[
        "vascular", "spine", "neuro", "neuromuscular", "musculoskeletal", "rheumatologic", "systemic", "other"
    ]
    pretest: list[Pretest] = Field(min_length=1)
    findings: dict[str, LikelihoodRatio] = Field(default_factory=dict)
    urgency: Urgency
    exertion: Exertion | None = None
    workup: list[WorkupRef] = Field(default_factory=list)
    management: list[Step] = Field(default_factory=list)
    pitfalls: list[Pitfall] = Field(default_factory=list)


class TestDef(Strict):
    """A test that the work-up can recommend, and how to read its result."""

    id: str
    name: Wording
    order: int = Field(ge=0, le=1000, description="lower runs earlier when several are recommended")
    interpretation: list[Interpretation] = Field(default_factory=list)
    source: str
    grade: Grade = "published"
    note: str | None = None
    loinc: list[str] = Field(default_factory=list)
    snomed: list[str] = Field(default_factory=list)
    done_when: Cond | None = Field(
        default=None, description="rule that is true when the case already holds this test's result"
    )


class Interpretation(Strict):
    result: str = Field(description="e.g. 'ABI <= 0.90'")
    meaning: Wording
    source: str
    grade: Grade = "published"
    unverified: bool = False
    note: str | None = None


class Escalation(Strict):
    when: Cond
    level: TriageLevel
    reason: Wording


class RedFlagDef(Strict):
    id: str
    name: Wording
    trigger: Cond
    level: TriageLevel = Field(description="least urgent triage it allows when triggered")
    escalations: list[Escalation] = Field(default_factory=list)
    action: Wording = Field(description="what to do now, in one line")
    screen: list[str] = Field(
        default_factory=list, description="finding ids the interview asks early to screen for this flag"
    )
    conditions: list[str] = Field(default_factory=list, description="condition ids this flag points to")
    source: str
    grade: Grade = "published"
    note: str | None = None
    unverified: bool = False


class MeasurementDef(Strict):
    """A numeric input (pressure, lab value) with the range a real value can take."""

    id: str
    name: str
    unit: str
    min: float
    max: float
    aliases: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _range(self) -> MeasurementDef:
        if self.min >= self.max:
            raise ValueError("min must be below max")
        return self


class Threshold(Sourced):
    """A named cut-off used by a calculator (e.g. ABI <= 0.90 abnormal)."""

    id: str
    value: float
    meaning: str


class InstrumentItem(Strict):
    id: str
    text: Wording
    points: float
    when: Cond = Field(description="rule over findings/variables that makes the item positive")
    unverified: bool = False


class InstrumentDef(Strict):
    """A points-based score (Konno, Wells ...): items are rules over the case's findings."""

    id: str
    name: Wording
    items: list[InstrumentItem]
    thresholds: list[Threshold]
    variable: str = Field(description="name of the numeric variable the total is exposed as")
    source: str
    grade: Grade = "published"
    unverified: bool = False
    note: str | None = None


class TriagePolicy(Strict):
    """How probabilities set triage when no red flag does."""

    default_level: TriageLevel
    default_reason: Wording
    self_care_allowed_when: Cond = Field(description="self_care may be given only when this holds")
    source: str
    grade: Grade = "consensus"
    note: str


class SettingValue(Sourced):
    value: float


class TriageWording(Strict):
    """How a triage level is named and what it asks the person to do."""

    label: Wording
    action: Wording


class Settings(Strict):
    """Engine constants that are medical judgements, each with its source and reasoning.

    Known keys: shrink_ci_ratio (CI high/low ratio above which an LR is shrunk toward 1),
    fragile_factor (exponent applied to the log LR of a 'fragile' value), leading_probability
    (conditions at or above it lead the plan), interview_margin (the stop rule's margin),
    max_questions (hard cap on an interview).
    """

    values: dict[str, SettingValue]
    triage: TriagePolicy
    triage_wording: dict[TriageLevel, TriageWording]
    direction_pitfall: Wording = Field(description="the general direction-with-exertion warning")
    direction_source: str

    def get(self, key: str) -> float:
        return self.values[key].value


TestDef.model_rebuild()
