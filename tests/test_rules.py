"""The rule language: three-valued logic, the compiled form agrees with the interpreter, checks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from legdx.knowledge import rules

F = ["a", "b", "c", "d"]
leaf = st.one_of(
    st.sampled_from(F),
    st.sampled_from(F).map(lambda f: {"absent": f}),
    st.sampled_from(F).map(lambda f: {"known": f}),
    st.builds(
        lambda op, x: {"var": "age", op: x},
        st.sampled_from(["gt", "ge", "lt", "le", "eq"]),
        st.integers(20, 90),
    ),
    st.booleans(),
)
rule_st = st.recursive(
    leaf,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"all": xs}),
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"any": xs}),
        inner.map(lambda x: {"not": x}),
        st.builds(
            lambda n, xs: {"at_least": n, "of": xs},
            st.integers(0, 3),
            st.lists(inner, min_size=1, max_size=3),
        ),
    ),
    max_leaves=8,
)
ctx_st = st.builds(
    lambda fs, age: rules.Context(findings=fs, variables={} if age is None else {"age": float(age)}),
    st.dictionaries(st.sampled_from(F), st.booleans()),
    st.one_of(st.none(), st.integers(18, 100)),
)


@settings(max_examples=500, deadline=None)
@given(rule=rule_st, ctx=ctx_st)
def test_compiled_equals_interpreted(rule, ctx):
    assert rules.compiled(rule)(ctx) == rules.evaluate(rule, ctx)


def test_kleene_logic():
    ctx = rules.Context(findings={"a": True, "b": False})
    assert rules.evaluate({"all": ["a", "c"]}, ctx) is None
    assert rules.evaluate({"all": ["b", "c"]}, ctx) is False
    assert rules.evaluate({"any": ["a", "c"]}, ctx) is True
    assert rules.evaluate({"any": ["b", "c"]}, ctx) is None
    assert rules.evaluate({"not": "c"}, ctx) is None
    assert rules.evaluate({"absent": "b"}, ctx) is True
    assert rules.evaluate({"at_least": 2, "of": ["a", "c", "d"]}, ctx) is None
    assert rules.evaluate({"at_least": 2, "of": ["a", "b", "c"]}, ctx) is None
    assert rules.evaluate({"at_least": 1, "of": ["a", "b", "c"]}, ctx) is True
    assert rules.evaluate({"var": "age", "ge": 50}, ctx) is None


def test_check_names_the_fault():
    problems = rules.check(
        {"all": ["a", {"var": "age", "between": 3}, {"prob": "zzz", "ge": 0.1}, "nope"]},
        findings={"a"},
        conditions={"x"},
        levels=("emergency",),
        variables={"age"},
        where="r",
    )
    text = "\n".join(problems)
    assert "r.all[1]" in text and "between" in text
    assert "unknown condition id 'zzz'" in text
    assert "unknown finding id 'nope'" in text
