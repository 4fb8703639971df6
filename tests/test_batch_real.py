"""The vectorised path agrees with the single-case path on the real knowledge base."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from legdx import model
from legdx.engine import batch, core
from legdx.engine.compiled import default_compiled
from legdx.knowledge.schema import TRIAGE_ORDER

CK = default_compiled()
ASKABLE = sorted(CK.askable)

case_st = st.fixed_dictionaries(
    {
        "age": st.one_of(st.none(), st.integers(18, 100)),
        "findings": st.dictionaries(
            st.sampled_from(ASKABLE), st.sampled_from(["present", "absent"]), max_size=25
        ),
        "measurements": st.one_of(
            st.just({}),
            st.fixed_dictionaries(
                {
                    "brachial_right": st.integers(90, 200),
                    "brachial_left": st.integers(90, 200),
                    "dp_right": st.integers(0, 260),
                    "pt_right": st.integers(0, 260),
                    "dp_left": st.integers(0, 260),
                    "pt_left": st.integers(0, 260),
                }
            ),
        ),
    }
)


def single(case: model.Case):
    state = core.prepare(case, CK)
    diff = {r.id: r.probability for r in core.differential(CK, state)}
    hits = core.red_flags(CK, state)
    floor = TRIAGE_ORDER.index(hits[0].level) if hits else len(TRIAGE_ORDER)
    return diff, floor, {h.id for h in hits}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases=st.lists(case_st, min_size=1, max_size=8))
def test_batch_equals_single(cases):
    cs = [model.Case.model_validate(c) for c in cases]
    res = batch.score(batch.from_cases(cs, CK), CK)
    flag_ids = list(CK.kb.red_flags)
    for i, c in enumerate(cs):
        diff, floor, hits = single(c)
        for cid, p in diff.items():
            assert res.probabilities[i, CK.cond_index[cid]] == pytest.approx(p, abs=1e-9), cid
        assert int(res.triage_floor[i]) == floor
        assert {flag_ids[j] for j in np.flatnonzero(res.red_flags[i])} == hits


def test_batch_scales_and_stays_in_range():
    rng = np.random.default_rng(3)
    n = 5000
    states = rng.choice(np.array([-1, 0, 0, 0, 1], dtype=np.int8), size=(n, len(CK.finding_ids)))
    ages = rng.integers(18, 95, size=n).astype(float)
    res = batch.score(batch.Batch(states, {"age": ages}), CK)
    assert res.probabilities.shape == (n, len(CK.condition_ids))
    assert np.all((res.probabilities >= 0) & (res.probabilities <= 1))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=case_st, audience=st.sampled_from(["clinician", "patient"]))
def test_engine_output_validates_against_the_contract(case, audience):
    """Output is built without validation for speed; every assessment must still validate exactly."""
    from legdx.engine.assess import assess

    a = assess(case, audience=audience)
    again = model.Assessment.model_validate_json(a.model_dump_json())
    assert again.model_dump_json() == a.model_dump_json()
