"""Edinburgh Claudication Questionnaire decision rule (Leng and Fowkes 1992; facts.md 3.4).

Positive = Q1 yes (pain on walking), Q2 no (never begins at rest), Q3 yes (uphill or hurrying) and Q5
"usually gone in 10 minutes or less" on standing still. Grade 1 = positive and Q4 no (not at an ordinary
pace), grade 2 = positive and Q4 yes. Definite claudication = positive with calf pain; atypical = positive
with thigh or buttock pain and no calf pain; anything else is not claudication. Unknown answers are
carried through: the result is undetermined only when a missing answer could change it.

The same rule, over findings, is the ``ecq`` instrument in instruments.yaml (used by the engine).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from legdx import model
from legdx.calculators.base import KB, Outcome, Thresholds, Tri
from legdx.errors import InputError

Q5 = Literal["10_min_or_less", "more_than_10_min"]

#: Sites on the ECQ leg diagram. Calf, thigh and buttock count; the rest point away from claudication.
SITES = ("calf", "thigh", "buttock", "hamstring", "shin", "foot", "ankle", "knee", "hip", "joint",
         "radiating")
CLAUDICATION_SITES = ("calf", "thigh", "buttock")

_Q5_ALIASES = {
    "10_min_or_less": "10_min_or_less", "10_or_less": "10_min_or_less", "le_10": "10_min_or_less",
    "usually_disappears_in_10_minutes_or_less": "10_min_or_less", "gone_within_10_min": "10_min_or_less",
    "disappears": "10_min_or_less", "gone": "10_min_or_less",
    "more_than_10_min": "more_than_10_min", "more_than_10": "more_than_10_min", "gt_10": "more_than_10_min",
    "usually_continues_more_than_10_minutes": "more_than_10_min", "continues": "more_than_10_min",
}

_SITE_ALIASES = {
    "calves": "calf", "thighs": "thigh", "buttocks": "buttock", "gluteal": "buttock",
    "hamstrings": "hamstring", "shins": "shin", "feet": "foot", "ankles": "ankle", "knees": "knee",
    "hips": "hip", "joints": "joint",
    "radiates": "radiating", "radiating_pain": "radiating",
}

#: ECQ answers -> the question findings of the ``ecq`` instrument (findings/instruments.yaml).
FINDINGS = {
    "q1": "ecq_q1_pain_on_walking",
    "q2": "ecq_q2_starts_at_rest",
    "q3": "ecq_q3_uphill_or_hurry",
    "q4": "ecq_q4_ordinary_pace",
    "q5": "ecq_q5_gone_within_10_min",
    "calf": "ecq_q6_calf",
    "thigh": "ecq_q6_thigh",
    "buttock": "ecq_q6_buttock",
}


def _key(s: str) -> str:
    return s.strip().lower().replace("-", "_").replace(" ", "_")


class EcqAnswers(BaseModel):
    """Answers to the ECQ. ``None`` = not answered. ``q6`` lists the sites marked on the leg diagram
    (``[]`` = none of them); ``None`` = the diagram was not completed."""

    model_config = ConfigDict(extra="forbid")

    q1: bool | None = None
    q2: bool | None = None
    q3: bool | None = None
    q4: bool | None = None
    q5: Q5 | None = None
    q6: list[str] | None = None

    @field_validator("q5", mode="before")
    @classmethod
    def _q5(cls, v: Any) -> Any:
        if isinstance(v, str):
            key = _key(v)
            if key in _Q5_ALIASES:
                return _Q5_ALIASES[key]
            raise ValueError(f"'{v}' is not an answer to Q5; use 10_min_or_less or more_than_10_min")
        return v

    @field_validator("q6", mode="before")
    @classmethod
    def _q6(cls, v: Any) -> Any:
        if v is None:
            return v
        if isinstance(v, str):
            v = [v]
        out = []
        for s in v:
            key = _key(str(s))
            key = _SITE_ALIASES.get(key, key)
            if key not in SITES:
                raise ValueError(f"'{s}' is not a site on the ECQ diagram; use one of {', '.join(SITES)}")
            out.append(key)
        return sorted(set(out), key=SITES.index)

    @classmethod
    def parse(cls, data: Mapping[str, Any], where: str = "answers") -> EcqAnswers:
        """Validate answers, raising ``InputError`` that names each bad field."""
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            problems = []
            for err in exc.errors():
                loc = ".".join(str(p) for p in err["loc"] if not isinstance(p, int))
                msg = err["msg"].removeprefix("Value error, ")
                if err["type"] == "extra_forbidden":
                    msg = "unknown ECQ answer; use q1, q2, q3, q4, q5 or q6"
                problems.append((f"{where}.{loc}", msg))
            raise InputError.many(problems) from None

    def findings(self) -> dict[str, bool]:
        """The answers as findings of the ``ecq`` instrument (unanswered ones left out)."""
        out: dict[str, bool] = {}
        for q in ("q1", "q2", "q3", "q4"):
            v = getattr(self, q)
            if v is not None:
                out[FINDINGS[q]] = v
        if self.q5 is not None:
            out[FINDINGS["q5"]] = self.q5 == "10_min_or_less"
        if self.q6 is not None:
            for site in CLAUDICATION_SITES:
                out[FINDINGS[site]] = site in self.q6
        return out


def _and(*values: Tri) -> Tri:
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def _not(v: Tri) -> Tri:
    return None if v is None else not v


def classify(a: EcqAnswers) -> dict[str, Any]:
    """The decision rule: ``positive`` (True/False/None), ``grade`` (1, 2 or None) and ``classification``
    ('definite_claudication', 'atypical_claudication', 'not_claudication' or 'undetermined')."""
    q5 = None if a.q5 is None else a.q5 == "10_min_or_less"
    positive = _and(a.q1, _not(a.q2), a.q3, q5)
    calf: Tri = None if a.q6 is None else "calf" in a.q6
    thigh_or_buttock: Tri = None if a.q6 is None else any(s in a.q6 for s in ("thigh", "buttock"))
    definite = _and(positive, calf)
    atypical = _and(positive, _not(calf), thigh_or_buttock)
    if definite is True:
        classification = "definite_claudication"
    elif atypical is True:
        classification = "atypical_claudication"
    elif definite is False and atypical is False:
        classification = "not_claudication"
    else:
        classification = "undetermined"
    grade = None
    if positive is True and a.q4 is not None:
        grade = 2 if a.q4 else 1
    reasons = []
    if a.q1 is False:
        reasons.append("no leg pain on walking (Q1)")
    if a.q2 is True:
        reasons.append("the pain can begin at rest (Q2)")
    if a.q3 is False:
        reasons.append("no pain walking uphill or hurrying (Q3)")
    if q5 is False:
        reasons.append("the pain usually lasts more than 10 minutes on standing still (Q5)")
    if positive is True and calf is False and thigh_or_buttock is False:
        reasons.append("the pain is not in the calf, thigh or buttock (Q6)")
    missing = [q for q in ("q1", "q2", "q3", "q5", "q6") if getattr(a, q) is None]
    return {"positive": positive, "grade": grade, "classification": classification,
            "reasons_negative": reasons, "missing": missing}


def edinburgh(answers: EcqAnswers | Mapping[str, Any], kb: KB) -> Outcome:
    """Apply the ECQ decision rule to questionnaire answers."""
    a = answers if isinstance(answers, EcqAnswers) else EcqAnswers.parse(answers)
    th = Thresholds(kb)
    sens = th("ecq_sensitivity")
    spec = th("ecq_specificity")
    r = classify(a)
    lines: list[str] = []
    cls_ = r["classification"]
    if cls_ == "definite_claudication":
        lines.append("Edinburgh positive with calf pain: definite intermittent claudication.")
    elif cls_ == "atypical_claudication":
        lines.append("Edinburgh positive with thigh or buttock pain and no calf pain: atypical claudication.")
    elif cls_ == "not_claudication":
        lines.append("Not claudication by the Edinburgh rule" + (f": {'; '.join(r['reasons_negative'])}."
                                                                 if r["reasons_negative"] else "."))
    else:
        lines.append("Undetermined: answer " + ", ".join(q.upper() for q in r["missing"])
                     + " to apply the rule.")
    if r["grade"] == 1:
        lines.append("Grade 1: the pain comes on walking uphill or hurrying, not at an ordinary pace "
                     "(Q4 no).")
    elif r["grade"] == 2:
        lines.append("Grade 2: the pain comes on even at an ordinary pace on the level (Q4 yes).")
    elif r["positive"] is True:
        lines.append("Grade not known: answer Q4 (pain at an ordinary pace on the level).")
    lines.append(f"Against a physician's diagnosis of claudication the ECQ has sensitivity {sens * 100:.1f}% "
                 f"and specificity {spec * 100:.1f}%. It detects claudication, not its cause: confirm PAD "
                 "with an ABI, and remember that neurogenic claudication can mimic it.")
    calc = model.fast(model.Calculation, 
        id="ecq",
        name="Edinburgh Claudication Questionnaire",
        result={**r, "answers": a.model_dump()},
        interpretation=lines,
        thresholds=th.used(),
        source="leng1992",
        unverified=False,
        complete=cls_ != "undetermined" and (r["positive"] is not True or r["grade"] is not None),
    )
    return Outcome(calc)
