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
# An independent, direct interpreter of the rule language (the specification the compiled form must meet).
def _and(values):
    unknown = False
    for v in values:
        if v is False:
            return False
        if v is None:
            unknown = True
    return None if unknown else True


def _or(values):
    unknown = False
    for v in values:
        if v is True:
            return True
        if v is None:
            unknown = True
    return None if unknown else False


_OPS = {"gt": lambda a, b: a > b, "ge": lambda a, b: a >= b, "lt": lambda a, b: a < b,
        "le": lambda a, b: a <= b, "eq": lambda a, b: a == b}


def oracle(rule, ctx):
    if rule is True or rule is False:
        return bool(rule)
    if isinstance(rule, str):
        return ctx.findings.get(rule)
    if "all" in rule:
        return _and(oracle(r, ctx) for r in rule["all"])
    if "any" in rule:
        return _or(oracle(r, ctx) for r in rule["any"])
    if "not" in rule:
        v = oracle(rule["not"], ctx)
        return None if v is None else not v
    if "absent" in rule:
        state = ctx.findings.get(rule["absent"])
        return None if state is None else not state
    if "known" in rule:
        return rule["known"] in ctx.findings
    if "at_least" in rule:
        vals = [oracle(r, ctx) for r in rule["of"]]
        true = sum(1 for v in vals if v is True)
        unknown = sum(1 for v in vals if v is None)
        n = int(rule["at_least"])
        return True if true >= n else (False if true + unknown < n else None)
    if "var" in rule:
        value = ctx.variables.get(rule["var"])
        if value is None:
            return None
        return _and(fn(value, float(rule[op])) for op, fn in _OPS.items() if op in rule)
    raise AssertionError(rule)


ctx_st = st.builds(
    lambda fs, age: rules.Context(findings=fs, variables={} if age is None else {"age": float(age)}),
    st.dictionaries(st.sampled_from(F), st.booleans()),
    st.one_of(st.none(), st.integers(18, 100)),
)


@settings(max_examples=500, deadline=None)
@given(rule=rule_st, ctx=ctx_st)
def test_compiled_equals_the_specification(rule, ctx):
    assert rules.compiled(rule)(ctx) == oracle(rule, ctx)
    assert rules.evaluate(rule, ctx) == oracle(rule, ctx)


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
