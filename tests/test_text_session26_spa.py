"""Session 26 (spa): the assessment's share of read+assess speed. Each lever keeps every output the same;
these tests compare the faster paths with what they replace.

- the default setting's priors and slots for every whole-year age are built when the default knowledge
  base is compiled (``core.prime_priors``), and they are the ones ``_slots`` would build for that age;
- ``plan.direction_check`` reads a table built once per knowledge base: its message, fits and against
  lists are compared with a plain reading of the knowledge base (the code it replaced);
- the fast makers set a new object's ``__dict__`` to the dict of its fields: the same fields, in
  declaration order, as a validated model.
"""

from __future__ import annotations

from itertools import compress
from typing import get_args

import pytest

import legdx
from legdx import model
from legdx.engine import assess as assess_mod
from legdx.engine import core, plan
from legdx.engine.compiled import CompiledKB, compile_kb, default_compiled
from legdx.knowledge.loader import default_kb


def test_priors_primed_for_every_age() -> None:
    ck = compile_kb(default_kb())
    assert ck.cache.get(("slots", "primary_care", 42.0)) is None
    assess_mod.prime(ck)  # as ``default_compiled`` does
    for age in range(18, 121):  # the default setting: primed
        assert ck.cache.get(("slots", "primary_care", float(age))) is not None
    assert ck.cache.get(("slots", "emergency_department", 42.0)) is None  # built on first use
    for setting in get_args(model.Setting):
        for age in (18, 40, 65, 120):
            got = core._slots(ck, setting, float(age))
            empties, slots = got
            fresh = core._slots_of(ck, setting, float(age))
            assert [(r.id, id(r.prior), r.prior_note) for r in empties] == [
                (r.id, id(r.prior), r.prior_note) for r in fresh[0]
            ]
            assert {c: (i, id(p[0]), p[1]) for c, (i, p) in slots.items()} == {
                c: (i, id(p[0]), p[1]) for c, (i, p) in fresh[1].items()
            }


def test_unprimed_kb_assesses_alike() -> None:
    """A knowledge base compiled without priming (built on first use) gives the same assessments."""
    bare: CompiledKB = compile_kb(default_kb())
    case = {"age": 67, "findings": {"leg_symptoms_with_walking": "present"}}
    for audience in ("clinician", "patient"):
        a = legdx.assess(case, audience=audience)
        b = legdx.assess(case, audience=audience, ck=bare)
        assert a.model_dump_json() == b.model_dump_json()


def _reference_direction(
    ck: CompiledKB, state: core.CaseState, diff: list[core.CondResult], audience: str
) -> str:
    """The direction check's message read from the knowledge base models (session 25's code)."""
    kb = ck.kb
    findings = state.findings
    stated = findings.keys() & ck.exertion_set
    reported = sorted([f for f in stated if findings[f] is True], key=ck.exertion_findings.index)
    pat = audience == "patient"
    names = ", ".join(getattr(kb.findings[f].name, audience) for f in reported)
    lines = [f"{'What you told us' if pat else 'Reported'}: {names}."]
    score: dict[str, float] = {}
    for f in reported:
        for use in ck.by_finding[f]:
            if use.log_pos is not None:
                score[use.condition] = score.get(use.condition, 0.0) + use.log_pos
    walking = {c for c, d in kb.conditions.items() if d.exertion}
    up = {c for c, v in score.items() if v > 0 and c in walking}
    down = {c for c, v in score.items() if v < 0 and c in walking}
    ids = [r.id for r in diff]
    fits = list(compress(diff, [i in up for i in ids]))[:4]
    against = sorted(compress(diff, [i in down for i in ids]), key=lambda r: -r.prior.p)[:3]
    for head, rows in ((("This fits with: ", "This pattern fits: "), fits),
                       (("This does not fit well with: ", "It goes against: "), against)):
        if rows:
            lines.append(
                head[0 if pat else 1]
                + "; ".join(
                    f"{getattr(kb.conditions[r.id].name, audience)} ({plan._describe(ck, r.id, audience)})"
                    for r in rows
                )
                + "."
            )
    return " ".join(lines)


_P, _A = "present", "absent"
_DIRECTION_CASES = [
    {"age": 70, "findings": {"leg_symptoms_with_walking": _P, "relieved_by_standing_still": _P}},
    {
        "age": 66,
        "findings": {
            "relief_requires_sitting_or_flexion": _P,
            "shopping_cart_sign": _P,
            "leg_symptoms_with_walking": _P,
            "relieved_by_standing_still": _P,
        },
    },
    {"age": 35, "findings": {"symptoms_improve_with_walking": _P, "second_wind": _P}},
    {"age": 58, "findings": {"leg_symptoms_with_walking": _A}},
    {
        "age": 44,
        "findings": {
            "ibp_improves_with_exercise": _P,
            "symptoms_with_running_or_sport": _P,
            "leg_symptoms_with_walking": _P,
            "symptoms_improve_with_walking": _P,
        },
    },
]


@pytest.mark.parametrize("data", _DIRECTION_CASES)
@pytest.mark.parametrize("audience", ["clinician", "patient"])
def test_direction_check_as_read_from_the_kb(data: dict[str, object], audience: str) -> None:
    ck = default_compiled()
    case = model.Case.model_validate(data)
    state = core.prepare(case, ck)
    diff = core.differential(ck, state)
    for _ in range(2):  # the second time from the memo
        dc = plan.direction_check(ck, state, diff, audience)
        if not (state.findings.keys() & ck.exertion_set) or not any(
            state.findings[f] is True for f in state.findings.keys() & ck.exertion_set
        ):
            assert dc is None
            continue
        assert dc is not None
        assert dc.message == _reference_direction(ck, state, diff, audience)


def test_direction_cases_reach_the_check() -> None:
    """The cases above state direction findings the knowledge base knows, with fits and against lists."""
    ck = default_compiled()
    messages = []
    for data in _DIRECTION_CASES:
        state = core.prepare(model.Case.model_validate(data), ck)
        dc = plan.direction_check(ck, state, core.differential(ck, state), "clinician")
        messages.append("" if dc is None else dc.message)
    assert any("This pattern fits: " in m for m in messages)
    assert any("It goes against: " in m for m in messages)


def test_fast_maker_dict_in_declaration_order() -> None:
    make = model.full_maker(model.FindingOut)
    got = make(id="a", name="b", state="present", origin="text", used=True, span=(1, 2), text="x")
    ref = model.FindingOut(id="a", name="b", state="present", origin="text", used=True, span=(1, 2), text="x")
    assert list(got.__dict__.items()) == list(ref.__dict__.items())
    assert got.model_dump_json() == ref.model_dump_json()
    assert got.model_fields_set == ref.model_fields_set
    part = model.fast(model.Warning, code="c", message="m")
    assert list(part.__dict__) == ["code", "message", "where"]
    assert part.model_fields_set == {"code", "message"}
