"""The public data model: a ``Case`` goes in, an ``Assessment`` comes out.

Both are part of legdx's contract (design.md, "The public contract"). The JSON Schema of the
assessment ships as ``legdx/schema/assessment.schema.json`` (``legdx schema`` regenerates it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from legdx.knowledge.schema import TriageLevel

SCHEMA_VERSION = "1.0"

DISCLAIMER = {
    "clinician": (
        "legdx supports, and does not replace, clinical judgement. Probabilities are estimates from "
        "published likelihood ratios and stated assumptions; check every reason shown against the patient."
    ),
    "patient": (
        "This is not a diagnosis. It is information to discuss with a doctor or nurse. "
        "If you are worried, or a warning sign appears, get medical help."
    ),
}

State = Literal["present", "absent", "unknown", "historical", "family", "hypothetical", "possible"]
Setting = Literal["primary_care", "specialty_clinic", "emergency_department", "general_population"]
Audience = Literal["clinician", "patient"]

_STATE_ALIASES: dict[Any, str] = {
    True: "present",
    False: "absent",
    None: "unknown",
    "yes": "present",
    "no": "absent",
    "y": "present",
    "n": "absent",
    "true": "present",
    "false": "absent",
    "dont_know": "unknown",
    "don't know": "unknown",
    "not_sure": "unknown",
    "unsure": "unknown",
    "?": "unknown",
}


def _norm_state(v: Any) -> Any:
    if isinstance(v, str):
        key = v.strip().lower()
        return _STATE_ALIASES.get(key, key)
    if isinstance(v, bool) or v is None:
        return _STATE_ALIASES[v]
    return v


class FindingInput(BaseModel):
    """A finding as given: a state, and for text input the span it was read from."""

    model_config = ConfigDict(extra="forbid")
    state: Annotated[State, BeforeValidator(_norm_state)]
    span: tuple[int, int] | None = None
    text: str | None = None
    origin: Literal["input", "text", "fhir", "interview"] = "input"


def _norm_finding(v: Any) -> Any:
    if isinstance(v, dict):
        return v
    return {"state": v}


#: the ages a case may give (legdx is for adults); ``assess.prime`` primes the priors of each whole year
AGE_MIN, AGE_MAX = 18, 120


class Case(BaseModel):
    """A patient presentation. Findings use ids from the knowledge base (``legdx kb findings``)."""

    model_config = ConfigDict(extra="forbid")

    schema_version: str = SCHEMA_VERSION
    id: str | None = Field(default=None, max_length=200)
    patient_id: str | None = Field(default=None, max_length=200)
    age: float | None = Field(default=None, ge=AGE_MIN, le=AGE_MAX, description="years; legdx is for adults")
    sex: Literal["male", "female", "other", "unknown"] | None = None
    setting: Setting = "primary_care"
    findings: dict[str, Annotated[FindingInput, BeforeValidator(_norm_finding)]] = Field(default_factory=dict)
    measurements: dict[str, float] = Field(
        default_factory=dict, description="ids from measurements.yaml, e.g. brachial_right (mmHg)"
    )
    text: str | None = Field(default=None, description="the free text the case was read from, if any")
    notes: list[str] = Field(
        default_factory=list,
        max_length=500,
        description="messages from the reader that built this case (free text, FHIR): assumptions, "
        "truncation, unmapped input; echoed in the assessment's warnings",
    )

    @field_validator("measurements")
    @classmethod
    def _finite(cls, v: dict[str, float]) -> dict[str, float]:
        for k, x in v.items():
            if x != x or x in (float("inf"), float("-inf")):
                raise ValueError(f"measurement '{k}' is not a finite number")
        return v

    def state_of(self, fid: str) -> str:
        f = self.findings.get(fid)
        return f.state if f else "unknown"


# --------------------------------------------------------------------------------------------------
# Output


class Out(BaseModel):
    """Output models are frozen: the engine shares unchanging parts (citations) between assessments."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(Out):
    id: str
    citation: str
    url: str | None = None
    doi: str | None = None
    verified: bool = True


class Reason(Out):
    text: str
    source: str | None = None
    red_flag: str | None = None


class Triage(Out):
    level: TriageLevel
    label: str
    reasons: list[Reason]
    red_flag_floor: TriageLevel | None = None
    action: str = Field(description="what to do now, in one line")


class RedFlagHit(Out):
    id: str
    name: str
    level: TriageLevel
    triggered_by: list[str] = Field(description="finding ids (and variables) that raised it")
    action: str
    conditions: list[str] = Field(default_factory=list, description="condition ids this flag points to")
    source: str
    unverified: bool = False


class Evidence(Out):
    finding: str
    name: str
    state: Literal["present", "absent"]
    lr: float = Field(description="the likelihood ratio as published/derived/judged")
    lr_used: float = Field(description="after shrinkage and cluster rules; 1 when superseded")
    source: str
    grade: str
    note: str | None = None
    adjustment: str | None = Field(default=None, description="why lr_used differs from lr")
    unverified: bool = False


class NextFinding(Out):
    finding: str
    name: str
    question: str | None
    probability_if_present: float
    probability_if_absent: float


class Pretest(Out):
    probability: float
    setting: str
    age_band: str
    source: str
    grade: str
    note: str | None = None


class DifferentialEntry(Out):
    id: str
    name: str
    probability: float
    pretest_probability: float
    pretest: Pretest
    codes: dict[str, list[str]]
    hallmark: str
    urgency: TriageLevel
    evidence_for: list[Evidence]
    evidence_against: list[Evidence]
    most_informative_unknown: NextFinding | None = None
    unverified_values_used: bool = False


class FindingOut(Out):
    id: str
    name: str
    state: State
    origin: str = Field(description="input, derived (from a rule), calculator, text, fhir, interview")
    used: bool = Field(description="present/absent states move probabilities; others are shown only")
    span: tuple[int, int] | None = None
    text: str | None = None


class Threshold(Out):
    id: str
    value: float
    meaning: str
    source: str
    grade: str
    unverified: bool = False


class Calculation(Out):
    id: str
    name: str
    result: dict[str, Any]
    interpretation: list[str]
    thresholds: list[Threshold]
    source: str
    unverified: bool = False
    complete: bool = True


class DirectionCheck(Out):
    reported: list[str] = Field(description="exertion-direction findings stated in the case")
    message: str
    conflicts: list[str] = Field(default_factory=list)
    source: str


class WorkupReason(Out):
    condition: str
    text: str
    source: str


class WorkupItem(Out):
    test: str
    name: str
    order: int
    why: list[WorkupReason]
    interpretation: list[dict[str, Any]]
    source: str
    done: bool = False


class ManagementStep(Out):
    id: str
    stage: int
    action: str
    timeline: str | None = None
    decision_point: str | None = None
    recommendation: str | None = None
    source: str
    grade: str
    unverified: bool = False
    applies: Literal["yes", "check"] = Field(
        default="yes", description="'check': depends on something the case does not state"
    )


class ManagementPlan(Out):
    condition: str
    name: str
    probability: float
    steps: list[ManagementStep]


class Pitfall(Out):
    text: str
    source: str
    condition: str | None = None


class Warning(Out):
    code: str
    message: str
    where: str | None = None


class Assessment(Out):
    """What ``assess`` returns. Fields are stable across minor versions (``schema_version``)."""

    schema_version: str = SCHEMA_VERSION
    legdx_version: str
    kb_version: str
    audience: Audience
    disclaimer: str
    case: dict[str, Any] = Field(description="age, sex, setting and ids echoed back; no free text")
    triage: Triage
    red_flags: list[RedFlagHit]
    differential: list[DifferentialEntry]
    findings: list[FindingOut]
    calculations: list[Calculation]
    direction_check: DirectionCheck | None
    workup: list[WorkupItem]
    management: list[ManagementPlan]
    pitfalls: list[Pitfall]
    citations: list[Citation]
    warnings: list[Warning]


# --------------------------------------------------------------------------------------------------
# Fast construction for the engine's own output (already typed by construction; a test checks that
# every assessment the engine builds validates against these models).

_O = TypeVar("_O", bound=Out)
_MAKERS: dict[type, Any] = {}
#: session 25 (spd): the slots of a pydantic model set through their descriptors, and its fields through the
#: new object's ``__dict__`` (filled in place, in declaration order), rather than four calls of
#: ``object.__setattr__``, whose slot wrapper builds an argument tuple per call (about a twentieth of the
#: assessment's instructions); the same object either way
_SLOT_SETTERS: dict[str, Any] = {
    name: vars(BaseModel)[slot].__set__
    for name, slot in (
        ("_fields_set", "__pydantic_fields_set__"),
        ("_extra", "__pydantic_extra__"),
        ("_private", "__pydantic_private__"),
    )
}
#: session 26 (spa): the new object's ``__dict__`` is set to the dict of its fields (built in declaration
#: order) through the descriptor, rather than filled by ``update``: the same dict, one step less
_SET_DICT = vars(BaseModel)["__dict__"].__set__
_MISSING: Any = object()


def _maker(cls: type[Out]) -> Any:
    """Generate, once per class, a constructor taking the fields as keywords (declaration order kept)."""
    env: dict[str, Any] = {"_M": _MISSING, "_cls": cls, "_new": object.__new__, "_dict": _SET_DICT}
    env.update(_SLOT_SETTERS)
    env["_unknown"], env["_missing"] = _unknown_fields, _missing_field
    fields = list(cls.model_fields.items())
    required = [name for name, f in fields if f.is_required()]
    env["_req"] = frozenset(required)
    lines = [
        f"def make(*, {', '.join(f'{name}=_M' for name, _f in fields)}, **extra):",
        "    if extra: _unknown(_cls, extra)",
        "    fs = set(_req)",  # copying a set is cheaper than building one from its names
    ]
    for i, (name, f) in enumerate(fields):
        if f.is_required():
            lines.append(f"    if {name} is _M: _missing(_cls, {name!r})")
            continue
        env[f"_d{i}"] = f.default_factory if f.default_factory is not None else f.default
        fill = f"_d{i}()" if f.default_factory is not None else f"_d{i}"
        lines.append(f"    if {name} is _M: {name} = {fill}")
        lines.append(f"    else: fs.add({name!r})")
    items = ", ".join(f"{name!r}: {name}" for name, _f in fields)
    lines += [
        "    o = _new(_cls)",
        f"    _dict(o, {{{items}}})",
        "    _fields_set(o, fs)",
        "    _extra(o, None)",
        "    _private(o, None)",
        "    return o",
    ]
    exec("\n".join(lines) + "\n", env)  # noqa: S102 - code built from the model's own field names only
    return env["make"]


def full_maker(cls: type[_O]) -> Callable[..., _O]:
    """Like ``maker``, for call sites that always give every field: each field is a required keyword
    (Python itself rejects a missing or unknown one), and every field counts as set, as it would with
    ``maker`` when all are given. Cheaper: no per-field checks."""
    got = _FULL_MAKERS.get(cls)
    if got is None:
        got = _FULL_MAKERS[cls] = _full_maker(cls, shared=False)
    return got


def kept_maker(cls: type[_O]) -> Callable[..., _O]:
    """``full_maker`` for output pieces kept between assessments and shared by them (the engine's
    differential entries and next questions): the objects of the class share one set of their fields as
    set (all of them; pydantic only ever adds a field already there, and copies it for a copy), one
    tracked object less per kept piece for the collector to walk (session 17). Such pieces are shared
    between assessments already, so they are never mutated."""
    got = _KEPT_MAKERS.get(cls)
    if got is None:
        got = _KEPT_MAKERS[cls] = _full_maker(cls, shared=True)
    return got


def _full_maker(cls: type[_O], shared: bool) -> Callable[..., _O]:
    names = list(cls.model_fields)
    env: dict[str, Any] = {"_cls": cls, "_new": object.__new__, "_dict": _SET_DICT, **_SLOT_SETTERS}
    env["_all"] = set(names) if shared else frozenset(names)
    items = ", ".join(f"{name!r}: {name}" for name in names)
    lines = [
        f"def make(*, {', '.join(names)}):",
        "    o = _new(_cls)",
        f"    _dict(o, {{{items}}})",
        f"    _fields_set(o, {'_all' if shared else 'set(_all)'})",
        "    _extra(o, None)",
        "    _private(o, None)",
        "    return o",
    ]
    exec("\n".join(lines) + "\n", env)  # noqa: S102 - code built from the model's own field names only
    return env["make"]


_KEPT_MAKERS: dict[type, Any] = {}
_FULL_MAKERS: dict[type, Any] = {}


def _missing_field(cls: type, name: str) -> None:
    raise TypeError(f"{cls.__name__}: missing required field {name!r}")


def _unknown_fields(cls: type, extra: dict[str, Any]) -> None:
    raise TypeError(f"{cls.__name__}: unknown field(s) {sorted(extra)}")


def maker(cls: type[_O]) -> Callable[..., _O]:
    """The fast constructor of an output model (see ``fast``), to call directly on hot paths."""
    got = _MAKERS.get(cls)
    if got is None:
        got = _MAKERS[cls] = _maker(cls)
    return got


def fast(cls: type[_O], **values: Any) -> _O:
    """Build an output model without validation (like ``model_construct``, but cheaper).

    Fields are stored in declaration order, so the JSON is identical to a validated model's. A missing
    required field or an unknown one raises ``TypeError``."""
    got = _MAKERS.get(cls)
    if got is None:
        got = _MAKERS[cls] = _maker(cls)
    return got(**values)
