"""Session 17 (helper speed19): the engine's pieces are built when the default knowledge base is compiled,
ages with the same priors share their results with no link stated, and kept output pieces hold fewer
tracked objects; none of it changes an assessment."""

from __future__ import annotations

import gc

from legdx import model
from legdx.engine import assess as A
from legdx.engine import core, plan
from legdx.engine.compiled import compile_kb, default_compiled
from legdx.knowledge.loader import default_kb

CK = default_compiled()


def _case(age: float | None, **findings: str) -> model.Case:
    return model.Case(age=age, findings={f: {"state": s} for f, s in findings.items()})


def test_default_compiled_has_its_pieces_built_once() -> None:
    """``default_compiled`` primes the pieces ``assess`` reads (plan tables, entry pieces, red-flag rows,
    citations) for both audiences; an assessment reuses them, it does not build them again."""
    keys = {("plan_tables", "clinician"), ("plan_tables", "patient"), ("entry_pieces", "clinician"),
            ("entry_pieces", "patient"), ("flag_rows",), ("citations",), ("finding_words", "patient")}
    assert keys <= CK.cache.keys()
    before = {k: CK.cache[k] for k in keys}
    A.assess(_case(70, calf_pain_location="present"), audience="patient")
    assert all(CK.cache[k] is v for k, v in before.items())
    assert plan.tables(CK, "clinician") is before[("plan_tables", "clinician")]


def test_a_fresh_compiled_kb_is_not_primed_and_assesses_the_same() -> None:
    """``compile_kb`` alone builds nothing on first use ahead of time; its first assessment equals the
    primed default's."""
    ck = compile_kb(default_kb())
    assert ("plan_tables", "clinician") not in ck.cache
    case = _case(66, calf_pain_location="present", unilateral_calf_swelling="present")
    got = A.assess(case, ck=ck).model_dump(mode="json")
    assert got == A.assess(case).model_dump(mode="json")


def test_ages_with_the_same_priors_share_their_slots() -> None:
    """Two ages with the same prior for every condition share the results with no link stated (and so
    the entries those keep); ages whose priors differ do not; the assessments are the ones a fresh
    knowledge base gives."""
    sigs: dict[tuple[object, ...], list[float]] = {}
    for age in range(18, 121):
        sig = tuple((id(p[0]), p[1]) for p in core._priors(CK, "primary_care", float(age)))
        sigs.setdefault(sig, []).append(float(age))
    assert len(sigs) > 1  # the priors differ with age somewhere
    groups = [ages for ages in sigs.values() if len(ages) > 1]
    assert groups
    a, b = groups[0][:2]
    assert core._slots(CK, "primary_care", a) is core._slots(CK, "primary_care", b)
    other = next(ages[0] for ages in sigs.values() if ages is not groups[0])
    assert core._slots(CK, "primary_care", other) is not core._slots(CK, "primary_care", a)
    fresh = compile_kb(default_kb())
    for age in (a, b, other, 70.5):
        case = _case(age, calf_pain_location="present")
        assert A.assess(case).model_dump(mode="json") == A.assess(case, ck=fresh).model_dump(mode="json")


def test_kept_entries_stay_per_audience_and_per_question() -> None:
    """A result's kept entry is per audience (in its own slot), and a case that knows the kept question's
    finding gets another question (the memo), not the kept entry."""
    case = _case(71, calf_pain_location="present")
    clin = A.assess(case)
    pat = A.assess(case, audience="patient")
    assert clin.differential[0] is not pat.differential[0]
    top = clin.differential[0]
    assert top.most_informative_unknown is not None
    asked = top.most_informative_unknown.finding
    knows = _case(71, calf_pain_location="present", **{asked: "unknown"})
    again = A.assess(knows)
    assert again.differential[0].id == top.id
    assert again.differential[0].most_informative_unknown == top.most_informative_unknown  # unknown: same
    fresh = compile_kb(default_kb())
    for c in (case, knows, _case(71, calf_pain_location="present", **{asked: "absent"})):
        for audience in ("clinician", "patient"):
            got = A.assess(c, audience=audience).model_dump(mode="json")
            assert got == A.assess(c, audience=audience, ck=fresh).model_dump(mode="json")


def test_kept_pieces_share_their_fields_set_and_cited_sources_untracked() -> None:
    """Kept entries and questions share one set of fields as set (all of them, as ``full_maker``'s
    have), copies get their own; a result keeps its entry's sources as a tuple the collector drops."""
    d = A.assess(_case(58, calf_pain_location="present"))
    e, f = d.differential[0], d.differential[1]
    assert e.model_fields_set == set(model.DifferentialEntry.model_fields)
    assert e.model_fields_set is f.model_fields_set
    copy = e.model_copy(update={"probability": 0.5})
    assert copy.model_fields_set is not e.model_fields_set and copy.probability == 0.5
    full = model.full_maker(model.NextFinding)
    one = full(finding="a", name="n", question=None, probability_if_present=0.5, probability_if_absent=0.1)
    two = full(finding="a", name="n", question=None, probability_if_present=0.5, probability_if_absent=0.1)
    assert one.model_fields_set is not two.model_fields_set  # full_maker's stay per object
    results = core.differential(CK, core.prepare(_case(58, calf_pain_location="present"), CK))
    kept = [r for r in results if r.entry_clinician is not None]
    assert kept
    gc.collect()
    assert all(isinstance(r.cited_clinician, tuple) and not gc.is_tracked(r.cited_clinician) for r in kept)
