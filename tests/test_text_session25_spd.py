"""Session 25 (spd): speed of reading and assessing without a change in what is read or assessed.

- the reader builds its ``Case`` without validation when every value is already of the type validation
  leaves it as (``reader._case``); any other value goes through the validated model, as before;
- ``model``'s fast constructors set a model's slots through their descriptors and fill its ``__dict__`` in
  place, rather than four calls of ``object.__setattr__``;
- the target matcher's automaton keeps a single live state in two variables, not a dict per token
  (``tokmatch``; its matches are compared with spaCy's by the session 15 and 19 tests).

The texts are our own sentences.
"""

from __future__ import annotations

import math

import pytest

from legdx import model
from legdx.text import reader as reader_mod
from legdx.text.reader import Reader
from text_readings import MODES

# our own sentences: findings in several states, numbers, an age, a sex, nothing clinical
TEXTS = [
    "72 year old man, calf pain after 200 yards for 3 months, eases when he stands still. ABI 0.6.",
    "I'm 58, female. Both legs go numb walking downhill; better leaning on a trolley. No bladder trouble.",
    "My dad is 82 and his left foot went cold and white an hour ago. His brother had a stroke.",
    "Back pain for a week. Worried about numbness in my bottom, potassium 5.9, BP 150/90.",
    "Hello, just a question about my appointment on Tuesday.",
    "Possible sciatica? Previously had a DVT in 2015. CK 2000 after a marathon.",
]


def _validated(case: model.Case) -> model.Case:
    """The case as the reader built it before session 25: validated, then a copy with its notes."""
    fields = {
        fid: {"state": f.state, "span": f.span, "text": f.text, "origin": f.origin}
        for fid, f in case.findings.items()
    }
    made = model.Case(
        age=case.age, sex=case.sex, findings=fields, measurements=dict(case.measurements), text=case.text
    )
    return made.model_copy(update={"notes": list(case.notes)})


def _same_model(a: object, b: object) -> None:
    assert type(a) is type(b)
    assert a == b
    assert a.model_fields_set == b.model_fields_set  # type: ignore[attr-defined]
    assert list(a.__dict__) == list(b.__dict__)
    assert [type(v) for v in a.__dict__.values()] == [type(v) for v in b.__dict__.values()]
    assert a.model_dump_json() == b.model_dump_json()  # type: ignore[attr-defined]
    assert a.model_dump_json(exclude_unset=True) == b.model_dump_json(exclude_unset=True)  # type: ignore[attr-defined]


@pytest.fixture(scope="module", params=MODES, ids=["fast", "rules"])
def reader(request: pytest.FixtureRequest) -> Reader:
    return Reader(fast_semantic=request.param)


@pytest.mark.parametrize("text", TEXTS)
def test_case_as_validated(reader: Reader, text: str) -> None:
    """The reader's case equals the validated one field for field (types, fields set and JSON too), its
    findings too (both modes)."""
    case = reader.read(text).case
    want = _validated(case)
    _same_model(case, want)
    for fid, f in case.findings.items():
        _same_model(f, want.findings[fid])


def test_case_values_validation_would_change() -> None:
    """An int age becomes its float; a list span, a state alias or a non-finite measurement goes through
    the validated model (which converts the first two and rejects the last), as before session 25."""
    notes = ["assumption: x"]
    finding = {"state": "present", "span": (0, 4), "text": "numb", "origin": "text"}
    got = reader_mod._case(72, "male", {"numb_feet": dict(finding)}, {"abi_right": 0.6}, "numb", notes)
    assert type(got.age) is float and got.age == 72.0
    _same_model(got, _validated(got))
    listed = {"numb_feet": {**finding, "span": [0, 4]}}
    got = reader_mod._case(None, None, listed, {}, "numb", notes)
    assert got.findings["numb_feet"].span == (0, 4)
    got = reader_mod._case(None, None, {"numb_feet": {**finding, "state": "Yes"}}, {}, "numb", notes)
    assert got.findings["numb_feet"].state == "present"
    with pytest.raises(ValueError):
        reader_mod._case(None, None, {}, {"abi_right": math.inf}, "numb", notes)
    with pytest.raises(ValueError):
        reader_mod._case(None, None, {}, {"abi_right": math.nan}, "numb", notes)


@pytest.mark.parametrize(
    ("cls", "values"),
    [
        (model.Reason, {"text": "a reason", "source": "src1"}),
        (model.Warning, {"code": "input_note", "message": "m", "where": None}),
        (model.Citation, {"id": "s", "citation": "c", "url": None, "doi": None, "verified": True}),
    ],
)
def test_fast_constructors_as_validated(cls: type, values: dict[str, object]) -> None:
    """``model.fast``, ``full_maker`` and ``kept_maker`` build the object validation builds (fields set,
    field order, extra and private slots)."""
    want = cls(**values)
    _same_model(model.fast(cls, **values), want)
    assert model.fast(cls, **values).__pydantic_extra__ is None
    assert model.fast(cls, **values).__pydantic_private__ is None
    full = {name: values.get(name, f.default) for name, f in cls.model_fields.items()}  # type: ignore[attr-defined]
    whole = cls(**full)
    _same_model(model.full_maker(cls)(**full), whole)
    _same_model(model.kept_maker(cls)(**full), whole)
