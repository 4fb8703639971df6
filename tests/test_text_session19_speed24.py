"""Session 19 (speed24): one analyser of what a regex needs (``normalize.literal_needs``) for the number
rules, rewrites and takebacks, one ``Words`` per reading shared by the takebacks and the number rules, and
the ``combine`` rules evaluated only where a finding they need is there (``reader._true_needs``). Every gate
must only skip what cannot match or be true."""

from __future__ import annotations

import random

import pytest

from legdx.knowledge import rules as kbrules
from legdx.text.normalize import Words
from legdx.text.reader import _true_needs

pytest.importorskip("medspacy")


def _gate_passes(need, states):
    if need is None:
        return True
    yes = {k for k, v in states.items() if v}
    no = {k for k, v in states.items() if not v}
    return not (need[0].isdisjoint(yes) and need[1].isdisjoint(no))


@pytest.mark.parametrize(
    "rule",
    [
        "a",
        {"all": ["a", {"not": "b"}]},
        {"all": [{"var": "x", "ge": 1}, "a"]},
        {"any": ["a", {"absent": "b"}]},
        {"any": ["a", {"var": "x", "ge": 1}]},  # a part with no need: no gate
        {"at_least": 2, "of": ["a", "b", "c"]},
        {"at_least": 0, "of": ["a"]},  # always true: no gate
        {"not": {"any": ["a", "b"]}},  # not of a rule: no gate
        {"known": "a"},
        {"any": []},
        {"all": []},
        True,
        False,
    ],
)
def test_true_needs_never_skips_a_true_rule(rule):
    need = _true_needs(rule)
    rng = random.Random(7)
    for _ in range(300):
        states = {k: rng.random() < 0.5 for k in "abc" if rng.random() < 0.6}
        variables = {"x": 2.0} if rng.random() < 0.5 else {}
        if kbrules.evaluate(rule, kbrules.Context(findings=states, variables=variables)) is True:
            assert _gate_passes(need, states), (rule, states)


def test_true_needs_of_the_reader_combine_rules():
    from legdx.text.reader import get_reader

    r = get_reader()
    rules = r.rules.targets.combine
    ids = sorted({x for d in rules for x in kbrules.referenced_findings(d.rule)})
    rng = random.Random(19)
    for _ in range(2000):
        states = {k: rng.random() < 0.7 for k in rng.sample(ids, min(len(ids), rng.randint(1, 6)))}
        ctx = kbrules.Context(findings=states)
        for d in rules:
            if kbrules.evaluate(d.rule, ctx) is True:
                assert _gate_passes(_true_needs(d.rule), states), (d.finding, states)
    assert sum(_true_needs(d.rule) is not None for d in rules) > len(rules) // 2  # the gate does gate


def test_combine_still_fires_and_its_gate_follows_new_rules():
    from legdx.text.reader import get_reader

    r = get_reader()
    d, parts = next(
        (d, sorted(refs))
        for d in r.rules.targets.combine
        for refs in [kbrules.referenced_findings(d.rule)]
        if kbrules.evaluate(d.rule, kbrules.Context(findings=dict.fromkeys(refs, True))) is True
    )
    from legdx.text.reader import TextFinding

    found = [
        TextFinding(id=x, state="present", span=(i, i + 1), text="x", rule="t") for i, x in enumerate(parts)
    ]
    out = r._combine(found, {}, [])
    assert d.finding in {f.id for f in out}
    saved = r.rules.targets.combine
    gates = r._combine_gates
    assert gates is not None and gates[0] is r.rules.targets.combine
    # gates built for another rule list (the rule files are frozen; a new Reader has its own) are rebuilt
    r._combine_gates = ([], [])
    assert d.finding in {f.id for f in r._combine(found, {}, [])}
    assert r._combine_gates[0] is r.rules.targets.combine and len(r._combine_gates[1]) == len(saved)


def test_one_words_for_takebacks_and_numbers_reads_the_same():
    from legdx.text.reader import get_reader

    r = get_reader()
    text = (
        "My partner's dark urine after the gym last month. Me, I'm 52, temp now 38.6, "
        "calf pain for 3 weeks, ABI 0.62 right"
    )
    words = Words(text.lower())
    assert r._taken_back(text, words) == r._taken_back(text)
    assert r.numbers.measurements(text, words)[0] == r.numbers.measurements(text)[0]
    assert r.numbers.demographics(text, words) == r.numbers.demographics(text)
    # a rule whose needs are too many strings to test (the temperatures 37.5-42.9) still runs
    hits, _notes = r.numbers.measurements("Feels rough. Now 38.6, shivering")
    assert any(h.target == "temperature" for h in hits)
