"""SDC adaptive questionnaire: ``Questionnaire/$next-question``.

The client posts a QuestionnaireResponse whose ``questionnaire`` points at a contained Questionnaire
(``#id``); each answered item's ``linkId`` is a legdx finding id (``age`` and ``sex`` carry the
demographics). legdx answers with the same QuestionnaireResponse, the next question appended to the
contained Questionnaire, or with status ``completed`` (and a display item saying why) when the
interview's stop rule says no further question could change the decision.
"""

from __future__ import annotations

import copy
from typing import Any

from legdx import model
from legdx.errors import InputError
from legdx.fhir.read import answers_from_items, validate_resource
from legdx.fhir.write import SYSTEMS

QUESTIONNAIRE_ID = "legdx-interview"
RESULT_LINK = "legdx-result"
YES = {"system": "http://terminology.hl7.org/CodeSystem/v2-0136", "code": "Y", "display": "Yes"}
NO = {"system": "http://terminology.hl7.org/CodeSystem/v2-0136", "code": "N", "display": "No"}
UNKNOWN = {
    "system": "http://terminology.hl7.org/CodeSystem/data-absent-reason",
    "code": "asked-unknown",
    "display": "Don't know",
}
SEX = [
    {"system": "http://hl7.org/fhir/administrative-gender", "code": c, "display": c.title()}
    for c in ("male", "female", "other", "unknown")
]


def questionnaire_response_from(body: Any) -> dict[str, Any]:
    """The QuestionnaireResponse in a request: the resource itself or a Parameters resource with a
    ``questionnaire-response`` parameter (SDC)."""
    if not isinstance(body, dict):
        raise InputError("expected a QuestionnaireResponse or Parameters resource", "resourceType")
    if body.get("resourceType") == "Parameters":
        validate_resource(body, "Parameters")
        for i, p in enumerate(body.get("parameter") or []):
            if p.get("name") == "questionnaire-response":
                res = p.get("resource")
                if not isinstance(res, dict):
                    raise InputError(
                        "questionnaire-response must carry a resource", f"Parameters.parameter[{i}]"
                    )
                body = res
                break
        else:
            raise InputError("Parameters has no 'questionnaire-response' parameter", "Parameters.parameter")
    if body.get("resourceType") != "QuestionnaireResponse":
        raise InputError(
            f"expected a QuestionnaireResponse, got {body.get('resourceType')!s:.40}", "resourceType"
        )
    validate_resource(body, "QuestionnaireResponse")
    return body


def _contained_questionnaire(qr: dict[str, Any]) -> dict[str, Any]:
    ref = str(qr.get("questionnaire") or "")
    contained = qr.setdefault("contained", [])
    for res in contained:
        if res.get("resourceType") == "Questionnaire" and ref == f"#{res.get('id')}":
            return dict(res) if not isinstance(res, dict) else res
    if ref and not ref.startswith("#"):
        raise InputError(
            "the questionnaire must be contained in the QuestionnaireResponse ('#id'), as SDC "
            "adaptive forms do",
            "QuestionnaireResponse.questionnaire",
        )
    q: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": QUESTIONNAIRE_ID,
        "status": "active",
        "title": "legdx adaptive interview: leg symptoms related to walking",
        "subjectType": ["Patient"],
    }
    contained.append(q)
    qr["questionnaire"] = f"#{QUESTIONNAIRE_ID}"
    return q


def _asked(items: list[dict[str, Any]]) -> set[str]:
    out: set[str] = set()
    for it in items:
        out.add(it.get("linkId", ""))
        out |= _asked(it.get("item") or [])
    return out


def read(qr: dict[str, Any], kb: Any) -> tuple[model.Case, list[model.Warning], set[str]]:
    """The case the answers so far describe, warnings about unusable answers, and the linkIds asked."""
    answers, extras, warns = answers_from_items(qr.get("item") or [], "QuestionnaireResponse.item", kb)
    data: dict[str, Any] = {
        "findings": {fid: {"state": st, "origin": "interview"} for fid, (st, _w) in answers.items()}
    }
    if "age" in extras:
        data["age"] = extras["age"][0]
    if "sex" in extras:
        data["sex"] = extras["sex"][0]
    from pydantic import ValidationError

    try:
        case = model.Case.model_validate(data)
    except ValidationError as exc:
        raise InputError.many(
            [
                (f"QuestionnaireResponse.item({'.'.join(str(p) for p in e['loc'])})", e["msg"])
                for e in exc.errors()
            ]
        ) from None
    q: dict[str, Any] = next(
        (r for r in qr.get("contained") or [] if r.get("resourceType") == "Questionnaire"), {}
    )
    return case, warns, _asked(q.get("item") or [])


def next_question(body: Any, *, audience: str = "clinician", ck: Any = None) -> dict[str, Any]:
    """``$next-question``: the QuestionnaireResponse with the next question added, or completed."""
    from legdx.engine.interview import next_step

    if ck is not None:
        kb = ck.kb
    else:
        from legdx.knowledge.loader import default_kb

        kb = default_kb()
    qr = copy.deepcopy(questionnaire_response_from(body))
    q = _contained_questionnaire(qr)
    case, _warnings, asked = read(qr, kb)
    items = q.setdefault("item", [])
    for link in _answered(qr.get("item") or []):  # answers given without their question: define them
        if link not in asked and (link in ("age", "sex") or link in kb.findings):
            items.append(_definition(link, kb, audience))
            asked.add(link)

    if case.age is None and "age" not in asked:
        items.append(
            {
                "linkId": "age",
                "text": "Age in years" if audience == "clinician" else "How old are you?",
                "type": "integer",
                "required": False,
            }
        )
        qr["status"] = "in-progress"
        return _checked(qr)

    try:
        step = next_step(case, audience=audience, ck=ck)
    except InputError as exc:
        raise InputError.many(
            [
                (
                    f"QuestionnaireResponse.item(linkId={w.removeprefix('findings.')})"
                    if w.startswith("findings.")
                    else w,
                    m,
                )
                for w, m in exc.problems
            ]
        ) from None
    if step.question is not None and step.question.finding not in asked:
        qn = step.question
        items.append(_choice(qn.finding, qn.text, qn.why))
        qr["status"] = "in-progress"
        return _checked(qr)

    wording = kb.settings.triage_wording[step.triage_level]
    top = ", ".join(f"{getattr(kb.conditions[c].name, audience)} {p:.0%}" for c, p in step.top[:3])
    reason = step.stop_reason or "the interview is complete"
    if step.question is not None:  # asked already but left unanswered: stop rather than repeat
        reason = f"the question '{step.question.finding}' was left unanswered"
    items = [it for it in items if it.get("linkId") != RESULT_LINK]
    items.append(
        {
            "linkId": RESULT_LINK,
            "type": "display",
            "text": f"Interview complete: {reason}. Triage: {getattr(wording.label, audience)}. "
            f"Most likely: {top or '-'}.",
        }
    )
    q["item"] = items
    qr["status"] = "completed"
    return _checked(qr)


def _choice(fid: str, text: str, why: str | None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "linkId": fid,
        "code": [{"system": SYSTEMS["finding"], "code": fid}],
        "text": text,
        "type": "choice",
        "required": False,
        "answerOption": [{"valueCoding": YES}, {"valueCoding": NO}, {"valueCoding": UNKNOWN}],
    }
    if why:
        item["item"] = [{"linkId": f"{fid}.why", "type": "display", "text": why}]
    return item


def _definition(link: str, kb: Any, audience: str) -> dict[str, Any]:
    """The question behind an answer the client sent without one in the contained Questionnaire."""
    if link == "age":
        return {"linkId": "age", "text": "Age in years", "type": "integer", "required": False}
    if link == "sex":
        return {
            "linkId": "sex",
            "text": "Sex",
            "type": "choice",
            "required": False,
            "answerOption": [{"valueCoding": c} for c in SEX],
        }
    fdef = kb.findings[link]
    if fdef.question is not None:
        return _choice(link, getattr(fdef.question, audience), getattr(fdef.question.why, audience))
    return _choice(link, getattr(fdef.name, audience), None)


def _answered(items: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for it in items:
        if it.get("answer"):
            out.append(it.get("linkId", ""))
        out += _answered(it.get("item") or [])
    return out


def _checked(qr: dict[str, Any]) -> dict[str, Any]:
    validate_resource(qr, "QuestionnaireResponse")
    return qr
