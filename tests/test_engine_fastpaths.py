"""The single path's fast forms agree with their plain reference forms on the real knowledge base.

``core.differential`` visits only the links of known findings and ``core.best_unknowns`` scans every
condition at once with numpy; ``core.score_condition`` and ``core.best_unknown`` are the plain
one-condition versions they must reproduce exactly (same evidence in the same order, same next question).
"""

from __future__ import annotations

import random

import pytest

from legdx import model
from legdx.calculators import score_instrument, score_instruments
from legdx.engine import core
from legdx.engine.compiled import default_compiled

CK = default_compiled()


def _cases(n: int, seed: int) -> list[model.Case]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        k = rng.randint(0, 45)
        findings = {f: rng.choice(["present", "absent"]) for f in rng.sample(CK.askable, k)}
        meas = {}
        if i % 2:
            meas = {"brachial_right": 140, "brachial_left": 150, "dp_right": rng.randint(40, 200),
                    "pt_right": rng.randint(40, 200), "dp_left": rng.randint(40, 200), "pt_left": 120}
        out.append(
            model.Case.model_validate(
                {"age": rng.choice([None, rng.randint(18, 95), 67.5]), "sex": rng.choice(["male", "female"]),
                 "setting": rng.choice(["primary_care", "specialty_clinic"]), "findings": findings,
                 "measurements": meas}
            )
        )
    return out


@pytest.mark.parametrize("case", _cases(150, 11), ids=lambda c: str(len(c.findings)))
def test_fast_paths_match_reference(case: model.Case) -> None:
    st = core.prepare(case, CK)
    diff = core.differential(CK, st)
    ref = {cid: core.score_condition(CK, cid, st.findings, st.setting, st.age) for cid in CK.condition_ids}
    assert [r.id for r in diff] == sorted(ref, key=lambda c: (-ref[c].probability, -ref[c].prior.p, c))
    for r in diff:
        q = ref[r.id]
        assert r.logit == q.logit
        assert [(u.finding, s, lg, a) for u, s, lg, a in r.used] == [
            (u.finding, s, lg, a) for u, s, lg, a in q.used
        ]
        assert r.cluster_best == q.cluster_best
    fast = core.best_unknowns(CK, diff, st.findings)
    for r in diff:
        plain = core.best_unknown(CK, r, st.findings)
        got = fast.get(r.id)
        if plain is None:
            assert got is None
        else:
            assert got is not None and got[0] == plain[0]
            assert got[1] == pytest.approx(plain[1], abs=1e-12)
            assert got[2] == pytest.approx(plain[2], abs=1e-12)


@pytest.mark.parametrize("case", _cases(60, 5), ids=lambda c: str(len(c.findings)))
def test_engine_instrument_shortcut_matches_full_scoring(case: model.Case) -> None:
    """With ``derived=True`` an instrument none of whose inputs is known reuses the empty case's score;
    the totals and calculations must equal a full scoring without the shortcut."""
    st = core.prepare(case, CK)
    totals = {i.variable for i in CK.kb.instruments.values()}
    base = {k: v for k, v in st.variables.items() if k not in totals}
    fast_vars, fast_calcs = score_instruments(st.findings, base, CK.kb, derived=True)
    slow_vars, slow_calcs = score_instruments(st.findings, base, CK.kb)
    assert fast_vars == slow_vars
    assert [c.model_dump() for c in fast_calcs] == [c.model_dump() for c in slow_calcs]
    for ins in CK.kb.instruments.values():
        a = score_instrument(ins, st.findings, base, CK.kb, derived=True)
        b = score_instrument(ins, st.findings, base, CK.kb)
        assert (a.low, a.high, a.complete) == (b.low, b.high, b.complete)


def test_fast_constructor_refuses_missing_and_unknown_fields() -> None:
    with pytest.raises(TypeError, match="missing required field 'code'"):
        model.fast(model.Warning, message="x")
    with pytest.raises(TypeError, match="unknown field"):
        model.fast(model.Warning, code="c", message="m", nonsense=1)
    w = model.fast(model.Warning, code="c", message="m")
    assert w.model_dump() == model.Warning(code="c", message="m").model_dump()
