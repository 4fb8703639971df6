"""``assess(case) -> Assessment``: the one entry point every face calls."""

from __future__ import annotations

from functools import partial
from typing import Any, TypeVar

from pydantic import ValidationError

from legdx import __version__, model
from legdx.engine import core, plan
from legdx.engine.compiled import CompiledKB, age_band_label, default_compiled
from legdx.errors import InputError

_CASE_ECHO = ("id", "patient_id", "age", "sex", "setting")
_MEMO_MAX = 20_000  # output pieces that depend on a case's numbers (next questions, prior-only entries)
_V = TypeVar("_V")


def to_case(data: Any) -> model.Case:
    """A ``Case`` from a Case, a mapping, or (with the [nlp] extra) free text; errors name the field."""
    if isinstance(data, model.Case):
        return data
    if isinstance(data, str):
        from legdx.text import read_text  # optional extra

        return read_text(data).case
    if not isinstance(data, dict):
        raise InputError(f"a case must be a JSON object, got {type(data).__name__}")
    try:
        return model.Case.model_validate(data)
    except ValidationError as exc:
        problems = [(".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()]
        problems += _kb_problems(data, {w for w, _ in problems})
        raise InputError.many(problems) from exc


def _kb_problems(data: dict[str, Any], already: set[str]) -> list[tuple[str, str]]:
    """Knowledge-base checks on a case that failed validation, so one message lists every problem."""
    from legdx import calculators

    out: list[tuple[str, str]] = []
    ck = default_compiled()
    findings = data.get("findings")
    if isinstance(findings, dict):
        for fid in findings:
            if isinstance(fid, str) and fid not in ck.kb.findings and f"findings.{fid}" not in already:
                out.append(
                    (f"findings.{fid}", f"unknown finding id '{fid}'{core._suggest(fid, ck.finding_ids)}")
                )
    meas = data.get("measurements")
    if isinstance(meas, dict):
        try:
            calculators.normalize_measurements(meas, ck.kb)
        except InputError as exc:
            out.extend(p for p in exc.problems if p[0] not in already)
    return out


def assess(
    case: model.Case | dict[str, Any] | str, *, audience: str = "clinician", ck: CompiledKB | None = None
) -> model.Assessment:
    """Assess a case. Pure: no I/O beyond the knowledge base loaded once per process."""
    if audience not in ("clinician", "patient"):
        raise InputError("audience must be 'clinician' or 'patient'", "audience")
    c = to_case(case)
    ck = ck or default_compiled()
    state = core.prepare(c, ck)
    return build(c, state, ck, audience)


def build(c: model.Case, state: core.CaseState, ck: CompiledKB, audience: str) -> model.Assessment:
    kb = ck.kb
    diff = core.differential(ck, state)
    hits = core.red_flags(ck, state)
    tri = core.triage(ck, state, diff, hits, audience)
    lead = plan.leading(ck, diff, hits)
    cited: dict[str, None] = {}

    def cite(sid: str | None) -> str | None:
        if sid:
            cited[sid] = None
        return sid

    flags_out = []
    for h in hits:
        rf = kb.red_flags[h.id]
        flags_out.append(
            model.fast(
                model.RedFlagHit,
                id=h.id,
                name=getattr(rf.name, audience),
                level=h.level,
                triggered_by=h.triggered_by,
                action=getattr(rf.action, audience),
                conditions=list(rf.conditions),
                source=cite(rf.source) or "",
                unverified=rf.unverified,
            )
        )

    diff_out = []
    memo = ck.memo
    unknowns = core.best_unknowns(ck, diff, state.findings)
    for r in diff:
        cond = kb.conditions[r.id]
        ev_for: list[model.Evidence] = []
        ev_against: list[model.Evidence] = []
        unverified = r.prior.unverified
        for use, s, lg, adj in r.used:
            lr_raw = use.raw.lr_pos if s else use.raw.lr_neg
            assert lr_raw is not None
            key = ("evidence", audience, r.id, use.finding, s, lg, adj)
            ev = ck.cache.get(key)
            if ev is None:
                ev = ck.cache[key] = model.fast(
                    model.Evidence,
                    finding=use.finding,
                    name=getattr(kb.findings[use.finding].name, audience),
                    state="present" if s else "absent",
                    lr=lr_raw,
                    lr_used=float(f"{_exp(lg):.3g}"),
                    source=use.raw.source,
                    grade=use.raw.grade,
                    note=use.raw.note,
                    adjustment=adj,
                    unverified=use.raw.unverified,
                )
            assert isinstance(ev, model.Evidence)
            unverified = unverified or (use.raw.unverified and lg != 0.0)
            (ev_for if lr_raw > 1 else ev_against).append(ev)
        if len(ev_for) > 1:
            ev_for.sort(key=lambda e: -e.lr_used)
        if len(ev_against) > 1:
            ev_against.sort(key=lambda e: e.lr_used)
        nxt = None
        bu = unknowns.get(r.id)
        if bu is not None:
            nkey = ("next", audience, bu[0], round(bu[1], 4), round(bu[2], 4))
            nxt = memo.get(nkey)
            if nxt is None:
                fdef = kb.findings[bu[0]]
                nxt = _remember(
                    memo,
                    nkey,
                    model.fast(
                        model.NextFinding,
                        finding=bu[0],
                        name=getattr(fdef.name, audience),
                        question=getattr(fdef.question, audience) if fdef.question else None,
                        probability_if_present=nkey[3],
                        probability_if_absent=nkey[4],
                    ),
                )
        static = ck.once(("condition", audience, r.id), partial(_condition_words, cond, audience))
        # a condition with no evidence depends only on its prior and its next question: shared
        ekey = None if r.used else ("entry", audience, r.id, id(r.prior), r.prior_note, nkey if nxt else None)
        entry: Any = memo.get(ekey) if ekey else None
        if entry is None:
            entry = model.fast(
                model.DifferentialEntry,
                id=r.id,
                probability=round(r.probability, 4),
                pretest_probability=r.prior.p,
                pretest=_pretest(ck, r),
                **static,
                evidence_for=ev_for,
                evidence_against=ev_against,
                most_informative_unknown=nxt,
                unverified_values_used=unverified,
            )
            if ekey:
                _remember(memo, ekey, entry)
        diff_out.append(entry)

    # citations: every source id the report shows
    for r in diff:
        cite(r.prior.source)
        for use, _s, _lg, _adj in r.used:
            cite(use.raw.source)
    for r in lead:
        cite(kb.conditions[r.id].urgency.source)
    wu = plan.workup(ck, state, diff, lead, tri.level, audience)
    for w in wu:
        cite(w.source)
        for y in w.why:
            cite(y.source)
        for it in w.interpretation:
            cite(it["source"])
    mg = plan.management(ck, state, diff, lead, tri.level, audience)
    for p in mg:
        for st in p.steps:
            cite(st.source)
    pf = plan.pitfalls(ck, lead, audience)
    for x in pf:
        cite(x.source)
    for rsn in tri.reasons:
        cite(rsn.source)
    for calc in state.calculations:
        cite(calc.source)
        for th in calc.thresholds:
            cite(th.source)
    dc = plan.direction_check(ck, state, diff, audience)
    if dc:
        cite(dc.source)

    findings_out = []
    for fid, fin in state.shown.items():
        origin = state.origin.get(fid, fin.origin)
        # a finding without a text span (structured input) is the same output piece every time
        plain = fin.span is None and fin.text is None
        fkey = ("finding", audience, fid, fin.state, origin) if plain else None
        fo = memo.get(fkey) if fkey else None
        if fo is None:
            fo = model.fast(
                model.FindingOut,
                id=fid,
                name=getattr(kb.findings[fid].name, audience),
                state=fin.state,
                origin=origin,
                used=fin.state in core.USED_STATES,
                span=fin.span,
                text=fin.text,
            )
            if fkey:
                _remember(memo, fkey, fo)
        findings_out.append(fo)
    for fid, origin in state.origin.items():
        if origin == "derived" and fid not in state.shown:
            fstate = "present" if state.findings[fid] else "absent"
            findings_out.append(
                ck.shared(
                    ("derived", audience, fid, fstate),
                    model.FindingOut,
                    id=fid,
                    name=getattr(kb.findings[fid].name, audience),
                    state=fstate,
                    origin="derived",
                    used=True,
                )
            )

    wording = kb.settings.triage_wording[tri.level]  # type: ignore[index]
    action = getattr(wording.action, audience)
    if tri.action_source:
        action = getattr(kb.red_flags[tri.action_source].action, audience)
    warnings = [model.fast(model.Warning, code="input_note", message=n) for n in c.notes] + list(
        state.warnings
    )
    if any(d.unverified_values_used for d in diff_out[:5]):
        warnings.append(
            model.fast(
                model.Warning,
                code="unverified_values",
                message="Some values behind the leading conditions are marked unverified in the knowledge "
                "base (facts.md NRV); they are flagged where shown.",
            )
        )
    if not state.findings or all(o == "derived" for o in state.origin.values()):
        warnings.append(
            model.fast(
                model.Warning,
                code="few_findings",
                message="No symptoms or signs were stated: the differential shows pre-test probabilities "
                "only.",
            )
        )
    for r in diff[:5]:
        if r.prior_note:
            warnings.append(
                model.fast(model.Warning, code="prior_fallback", message=f"{r.id}: {r.prior_note}")
            )

    return model.fast(
        model.Assessment,
        legdx_version=__version__,
        kb_version=kb.version,
        audience=audience,
        disclaimer=model.DISCLAIMER[audience],
        case={k: getattr(c, k) for k in _CASE_ECHO if getattr(c, k) is not None},
        triage=model.fast(
            model.Triage,
            level=tri.level,
            label=getattr(wording.label, audience),
            reasons=tri.reasons,
            red_flag_floor=tri.floor,
            action=action,
        ),
        red_flags=flags_out,
        differential=diff_out,
        findings=findings_out,
        calculations=state.calculations,
        direction_check=dc,
        workup=wu,
        management=mg,
        pitfalls=pf,
        citations=[_citation(ck, s) for s in cited if s in kb.sources],
        warnings=warnings,
    )


def _condition_words(cond: Any, audience: str) -> dict[str, Any]:
    """A condition's fixed output fields for one audience (built once, shared)."""
    return {
        "name": getattr(cond.name, audience),
        "codes": {k: list(v) for k, v in cond.codes.items()},
        "hallmark": getattr(cond.hallmark, audience),
        "urgency": cond.urgency.level,
    }


def _remember(memo: dict[tuple[object, ...], Any], key: tuple[object, ...], value: _V) -> _V:
    """Keep an immutable output piece for reuse; the memo is bounded (cleared when full)."""
    if len(memo) >= _MEMO_MAX:
        memo.clear()
    memo[key] = value
    return value


def _pretest(ck: CompiledKB, r: core.CondResult) -> model.Pretest:
    p = r.prior
    return ck.once(
        ("pretest", r.id, id(p), r.prior_note),
        lambda: model.fast(
            model.Pretest,
            probability=p.p,
            setting=p.setting,
            age_band=age_band_label(p),
            source=p.source,
            grade=p.grade,
            note="; ".join(x for x in (p.note, r.prior_note) if x) or None,
        ),
    )


def _exp(x: float) -> float:
    import math

    return math.exp(x)


def _citation(ck: CompiledKB, sid: str) -> model.Citation:
    s = ck.kb.sources[sid]
    return ck.once(
        ("citation", sid),
        lambda: model.fast(
            model.Citation, id=s.id, citation=s.citation, url=s.url, doi=s.doi, verified=s.verified
        ),
    )
