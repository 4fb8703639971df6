"""Request and response shapes of the HTTP API (storage models live in ``legdx.store.models``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from legdx import model
from legdx.knowledge.schema import TriageLevel

Answer = Literal["yes", "no", "unknown", "present", "absent"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TextInput(_In):
    """Free text to read (needs the [nlp] extra); demographics given here override what the text says."""

    text: str = Field(min_length=1, max_length=100_000)
    patient_id: str | None = Field(default=None, max_length=200)
    age: float | None = Field(default=None, ge=18, le=120)
    sex: Literal["male", "female", "other", "unknown"] | None = None
    setting: model.Setting | None = None


class BundleInput(BaseModel):
    """A FHIR R4 Bundle (Patient, Observation, Condition, MedicationStatement/Request,
    QuestionnaireResponse); recognised by ``resourceType: Bundle``."""

    model_config = ConfigDict(extra="allow")
    resourceType: Literal["Bundle"]
    type: str
    entry: list[dict[str, Any]] = Field(default_factory=list)


class StoredAssessment(model.Assessment):
    """An assessment as stored: the assessment JSON plus its ``id``."""

    id: str = Field(description="the stored assessment's id (GET /v1/assessments/{id})")


class AssessmentSummary(BaseModel):
    id: str
    created_at: datetime
    patient_id: str | None
    source: str
    audience: str
    triage_level: str
    top_condition: str | None
    top_probability: float | None
    kb_version: str
    legdx_version: str


class AssessmentList(BaseModel):
    items: list[AssessmentSummary]
    total: int
    limit: int
    offset: int


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    legdx_version: str
    kb_version: str | None
    database: Literal["ok", "unavailable"]
    database_backend: str
    auth: bool


# --- interview -----------------------------------------------------------------------------------


class InterviewRequest(_In):
    """Answers so far (stateless: resend them all each time) and what is known of the patient."""

    age: float | None = Field(default=None, ge=18, le=120)
    sex: Literal["male", "female", "other", "unknown"] | None = None
    setting: model.Setting = "primary_care"
    answers: dict[str, Answer] = Field(default_factory=dict, description="finding id -> yes | no | unknown")
    measurements: dict[str, float] = Field(default_factory=dict)


class InterviewQuestion(BaseModel):
    finding: str = Field(description="answer it under this finding id")
    text: str
    rationale: str = Field(description="why this question matters")
    phase: Literal["red_flag_screen", "information_gain"]
    red_flag: str | None = None
    expected_gain: float
    answers: list[str] = Field(default_factory=lambda: ["yes", "no", "unknown"])


class RankedCondition(BaseModel):
    id: str
    name: str
    probability: float


class TriageBrief(BaseModel):
    level: TriageLevel
    label: str


class InterviewResponse(BaseModel):
    should_stop: bool
    stop_reason: str | None
    question: InterviewQuestion | None
    triage: TriageBrief
    differential: list[RankedCondition]
    asked: int = Field(description="questions answered in this interview")
    kb_version: str


# --- calculators ---------------------------------------------------------------------------------

Pressure = float


class _LimbPressures(_In):
    """Arm, ankle and toe systolic pressures in mmHg (0 = no Doppler signal)."""

    brachial_right: Pressure | None = Field(default=None, ge=0, le=300)
    brachial_left: Pressure | None = Field(default=None, ge=0, le=300)
    dp_right: Pressure | None = Field(default=None, ge=0, le=350)
    pt_right: Pressure | None = Field(default=None, ge=0, le=350)
    dp_left: Pressure | None = Field(default=None, ge=0, le=350)
    pt_left: Pressure | None = Field(default=None, ge=0, le=350)
    toe_right: Pressure | None = Field(default=None, ge=0, le=300)
    toe_left: Pressure | None = Field(default=None, ge=0, le=300)


class AbiRequest(_LimbPressures):
    """Doppler systolic pressures in mmHg (0 = no signal). At least one ankle and one arm pressure."""

    post_exercise_ankle_right: Pressure | None = Field(default=None, ge=0, le=350)
    post_exercise_ankle_left: Pressure | None = Field(default=None, ge=0, le=350)
    post_exercise_brachial: Pressure | None = Field(default=None, ge=0, le=320)


class WifiRequest(_LimbPressures):
    """Ankle and toe pressures (mmHg) and TcPO2 for the WIfI ischaemia grade."""

    tcpo2: float | None = Field(default=None, ge=0, le=700)


class PedowitzRequest(_In):
    """Intramuscular compartment pressures (mmHg) before and after exercise."""

    compartment_pressure_rest: float | None = Field(default=None, ge=0, le=250)
    compartment_pressure_1min: float | None = Field(default=None, ge=0, le=250)
    compartment_pressure_5min: float | None = Field(default=None, ge=0, le=250)


class StagingRequest(_In):
    """Fontaine and Rutherford staging inputs; omit what is unknown."""

    claudication: bool | None = None
    rest_pain: bool | None = None
    tissue_loss: bool | None = None
    major_tissue_loss: bool | None = None
    claudication_distance_m: float | None = Field(default=None, ge=0, le=100_000)
    post_exercise_ankle_lowest: float | None = Field(default=None, ge=0, le=350)
    ankle_pressure_lowest: float | None = Field(default=None, ge=0, le=350)
    toe_pressure_lowest: float | None = Field(default=None, ge=0, le=300)


class EcqRequest(_In):
    """Edinburgh Claudication Questionnaire answers (omit unanswered ones)."""

    q1: bool | None = Field(default=None, description="pain or discomfort in the legs when walking")
    q2: bool | None = Field(default=None, description="does it ever begin when standing still or sitting")
    q3: bool | None = Field(default=None, description="when walking uphill or hurrying")
    q4: bool | None = Field(default=None, description="when walking at an ordinary pace on the level")
    q5: Literal["10_min_or_less", "more_than_10_min"] | None = Field(
        default=None, description="what happens if you stand still"
    )
    q6: list[str] | None = Field(default=None, description="sites marked on the leg diagram")


class ScoreRequest(_In):
    """Answers to a points-based instrument: item ids or the finding ids it reads -> yes | no | unknown,
    and the numbers it uses (e.g. ``abi_lowest``)."""

    answers: dict[str, bool | float | str | None] = Field(default_factory=dict)
    age: float | None = Field(default=None, ge=18, le=120)


class CalculatorResult(BaseModel):
    calculation: model.Calculation
    other_calculations: list[model.Calculation] = Field(default_factory=list)
    variables: dict[str, float] = Field(default_factory=dict, description="values the engine would use")
    warnings: list[model.Warning] = Field(default_factory=list)


class CalculatorInfo(BaseModel):
    id: str
    name: str
    path: str
    source: str | None = None


# --- knowledge -----------------------------------------------------------------------------------


class Words(BaseModel):
    clinician: str
    patient: str


class ConditionInfo(BaseModel):
    id: str
    name: Words
    hallmark: Words
    group: str
    codes: dict[str, list[str]]
    urgency: TriageLevel
    findings: int = Field(description="findings with likelihood ratios")


class FindingInfo(BaseModel):
    id: str
    name: Words
    kind: str
    question: Words | None
    cluster: str | None
    derived: bool
    ask_in_setting: list[str]


class SourceInfo(BaseModel):
    id: str
    citation: str
    url: str | None
    doi: str | None
    kind: str
    verified: bool


class ConditionList(BaseModel):
    kb_version: str
    items: list[ConditionInfo]


class FindingList(BaseModel):
    kb_version: str
    items: list[FindingInfo]


class SourceList(BaseModel):
    kb_version: str
    items: list[SourceInfo]
