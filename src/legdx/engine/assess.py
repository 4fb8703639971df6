"""``assess(case) -> Assessment``: the one entry point every face calls."""

from __future__ import annotations

import math
import operator
from typing import Any, TypeVar

from pydantic import ValidationError

from legdx import __version__, model
from legdx.engine import core, plan
from legdx.engine.compiled import CompiledKB, LRUse, age_band_label, default_compiled
from legdx.errors import InputError
from legdx.knowledge.schema import Pretest

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


# constructors of output pieces (``model.full_maker`` where every call gives every field)
_Evidence = model.full_maker(model.Evidence)
_NextFinding = model.full_maker(model.NextFinding)
_Entry = model.full_maker(model.DifferentialEntry)
_FindingOut = model.maker(model.FindingOut)
_FindingOutAll = model.full_maker(model.FindingOut)
_RedFlagHit = model.full_maker(model.RedFlagHit)
_Warning = model.maker(model.Warning)


def build(c: model.Case, state: core.CaseState, ck: CompiledKB, audience: str) -> model.Assessment:
    kb = ck.kb
    diff = core.differential(ck, state)
    hits = core.red_flags(ck, state)
    tri = core.triage(ck, state, diff, hits, audience)
    lead = plan.leading(ck, diff, hits)
    # every source id the report shows, in the order it first shows them (kept as citations at the end)
    cited: list[str | None] = []

    flags_out = []
    for h in hits:
        rf = kb.red_flags[h.id]
        cited.append(rf.source)
        flags_out.append(
            _RedFlagHit(
                id=h.id,
                name=getattr(rf.name, audience),
                level=h.level,
                triggered_by=h.triggered_by,
                action=getattr(rf.action, audience),
                conditions=list(rf.conditions),
                source=rf.source or "",
                unverified=rf.unverified,
            )
        )

    diff_out = _entries(ck, diff, state.findings, audience, cited)
    for r in lead:
        cited.append(kb.conditions[r.id].urgency.source)
    ctx = plan.rule_context(state, diff, tri.level)
    wu = plan.workup(ck, ctx, diff, lead, audience)
    test_sources = plan.tables(ck, audience).test_sources
    for w in wu:
        cited.append(w.source)
        cited.extend(map(_source, w.why))
        cited.extend(test_sources[w.test])
    mg = plan.management(ck, ctx, lead, audience)
    for pl in mg:
        cited.extend(map(_source, pl.steps))
    pf = plan.pitfalls(ck, lead, audience)
    cited.extend(map(_source, pf))
    cited.extend(map(_source, tri.reasons))
    for calc in state.calculations:
        cited.append(calc.source)
        cited.extend(map(_source, calc.thresholds))
    dc = plan.direction_check(ck, state, diff, audience)
    if dc:
        cited.append(dc.source)

    findings_out = _findings_out(ck, state, audience)

    wording = kb.settings.triage_wording[tri.level]  # type: ignore[index]
    action = getattr(wording.action, audience)
    if tri.action_source:
        action = getattr(kb.red_flags[tri.action_source].action, audience)
    warnings = [_Warning(code="input_note", message=n) for n in c.notes] + list(state.warnings)
    if any(d.unverified_values_used for d in diff_out[:5]):
        warnings.append(
            _Warning(
                code="unverified_values",
                message="Some values behind the leading conditions are marked unverified in the knowledge "
                "base (facts.md NRV); they are flagged where shown.",
            )
        )
    if not state.findings or all(o == "derived" for o in state.origin.values()):
        warnings.append(
            _Warning(
                code="few_findings",
                message="No symptoms or signs were stated: the differential shows pre-test probabilities "
                "only.",
            )
        )
    for r in diff[:5]:
        if r.prior_note:
            warnings.append(_Warning(code="prior_fallback", message=f"{r.id}: {r.prior_note}"))

    citations = _citations(ck)
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
        citations=list(map(citations.__getitem__, filter(citations.__contains__, dict.fromkeys(cited)))),
        warnings=warnings,
    )


def _next_finding(ck: CompiledKB, bu: tuple[str, float, float], audience: str) -> model.NextFinding:
    """A most informative unknown as an output piece; the pieces are kept in ``ck.memo``, so equal
    pieces are the same object while kept (entries of the memo are keyed by their ids)."""
    # keyed by the exact probabilities (rounding them for a key would cost more than it saves)
    memo = ck.memo
    nkey = ("next", audience, *bu)
    nxt: Any = memo.get(nkey)
    if nxt is None:
        fdef = ck.kb.findings[bu[0]]
        nxt = _remember(
            memo,
            nkey,
            _NextFinding(
                finding=bu[0],
                name=getattr(fdef.name, audience),
                question=getattr(fdef.question, audience) if fdef.question else None,
                probability_if_present=core.round4(bu[1]),
                probability_if_absent=core.round4(bu[2]),
            ),
        )
    return nxt


def _entries(
    ck: CompiledKB,
    diff: list[core.CondResult],
    findings: dict[str, bool],
    audience: str,
    cited: list[str | None],
) -> list[model.DifferentialEntry]:
    """The differential entries, each with its most informative unknown; their sources are added to
    ``cited`` (each prior, then its links').

    An entry depends only on its condition's result (its prior, the stated links, which set the
    probability, the LRs used and the cluster notes) and its next question. Results are shared between
    cases (``core.differential``) and keep their entry for the question found among the links not
    stated (``core.open_best``), which is the answer unless the case knows that finding otherwise; other
    entries are kept in ``ck.memo``."""
    memo = ck.memo
    out: list[model.DifferentialEntry] = []
    best_given = core.best_given
    for r in diff:
        bu = r.best
        if bu is None:
            bu = r.best = core.open_best(ck, r)
        if not bu or bu[0] not in findings:  # the question kept with the result (or none)
            shown = r.shown
            if shown is None:
                shown = r.shown = {}
            else:
                got = shown.get(audience)
                if got is not None:
                    out.append(got[0])
                    cited.extend(got[1])
                    continue
            nxt = _next_finding(ck, bu, audience) if bu else None
            entry, sources = shown[audience] = _entry(ck, r, nxt, audience)
            out.append(entry)
            cited.extend(sources)
            continue
        # the case knows the kept question's finding: the best among the others
        given = best_given(ck, r, findings)
        nxt = None if given is None else _next_finding(ck, given, audience)
        # keyed by the ids of the prior and the question: both are kept while the entry is (the prior
        # lives with the knowledge base, the entry holds the question), so the ids cannot be reused
        ekey = ("entry", audience, r.id, id(r.prior), r.prior_note, id(nxt), r.codes)
        shared: Any = memo.get(ekey)
        if shared is None:
            shared = _remember(memo, ekey, _entry(ck, r, nxt, audience))
        out.append(shared[0])
        cited.extend(shared[1])  # the prior's source, then its links'
    return out


def _entry(
    ck: CompiledKB, r: core.CondResult, nxt: model.NextFinding | None, audience: str
) -> tuple[model.DifferentialEntry, list[str | None]]:
    """One differential entry, and the sources it cites (the prior's, then its links')."""
    table = _evidence_table(ck, audience)
    cache = ck.cache
    prior = r.prior
    sources: list[str | None] = [prior.source]
    ev_for: list[model.Evidence] = []
    ev_against: list[model.Evidence] = []
    unverified = prior.unverified
    for use, s, lg, adj in r.used:
        raw = use.raw
        sources.append(raw.source)
        if adj is (use.adj_pos if s else use.adj_neg):  # counted as the knowledge base gives it
            ev = table[2 * use.k + s]
            if ev is None:
                ev = table[2 * use.k + s] = _evidence(ck, use, s, lg, adj, audience)
        else:  # superseded within its cluster: the reason names the finding that counts
            key = ("evidence", audience, r.id, use.finding, s, lg, adj)
            ev = cache.get(key)  # type: ignore[assignment]
            if ev is None:
                ev = cache[key] = _evidence(ck, use, s, lg, adj, audience)
        assert ev is not None
        unverified = unverified or (raw.unverified and lg != 0.0)
        (ev_for if ev.lr > 1 else ev_against).append(ev)
    if len(ev_for) > 1:
        ev_for.sort(key=_minus_lr_used)
    if len(ev_against) > 1:
        ev_against.sort(key=_lr_used)
    name, codes, hallmark, urgency = _condition_words(ck, audience)[r.id]
    pretests = _pretests(ck)
    pkey = (id(prior), r.prior_note)
    pretest = pretests.get(pkey)
    if pretest is None:
        pretest = pretests[pkey] = _pretest(prior, r.prior_note)
    entry = _Entry(
        id=r.id,
        name=name,
        probability=core.round4(r.probability),
        pretest_probability=prior.p,
        pretest=pretest,
        codes=codes,
        hallmark=hallmark,
        urgency=urgency,
        evidence_for=ev_for,
        evidence_against=ev_against,
        most_informative_unknown=nxt,
        unverified_values_used=unverified,
    )
    return entry, sources


def _minus_lr_used(e: model.Evidence) -> float:
    return -e.lr_used


def _lr_used(e: model.Evidence) -> float:
    return e.lr_used


def _pretests(ck: CompiledKB) -> dict[tuple[int, str | None], model.Pretest]:
    """Output pieces of the priors, by (prior, note on a fallback); the priors live for the process."""
    return ck.once(("pretests",), dict)


def _evidence_table(ck: CompiledKB, audience: str) -> list[model.Evidence | None]:
    """Per link and side (index 2 * link + present), its evidence line as counted (filled on first use)."""
    return ck.once(("evidence_table", audience), lambda: [None] * (2 * len(ck.link_map)))


def _evidence(
    ck: CompiledKB, use: LRUse, s: bool, lg: float, adj: str | None, audience: str
) -> model.Evidence:
    raw = use.raw
    lr_raw = raw.lr_pos if s else raw.lr_neg
    assert lr_raw is not None
    return _Evidence(
        finding=use.finding,
        name=getattr(ck.kb.findings[use.finding].name, audience),
        state="present" if s else "absent",
        lr=lr_raw,
        lr_used=float(f"{math.exp(lg):.3g}"),
        source=raw.source,
        grade=raw.grade,
        note=raw.note,
        adjustment=adj,
        unverified=raw.unverified,
    )


def _findings_out(ck: CompiledKB, state: core.CaseState, audience: str) -> list[model.FindingOut]:
    """The findings as given (all states), then the derived ones not given."""
    kb = ck.kb
    memo = ck.memo
    out: list[model.FindingOut] = []
    origins = state.origin
    for fid, fin in state.shown.items():
        values = fin.__dict__  # the fields (read once, without pydantic's attribute hook)
        fstate = values["state"]
        # a finding without a text span (structured input) is the same output piece every time
        if values["span"] is None and values["text"] is None:
            origin = origins.get(fid, values["origin"])
            fkey: Any = ("finding", audience, fid, fstate, origin)
            fo: Any = memo.get(fkey)
            if fo is not None:
                out.append(fo)
                continue
        else:
            fkey = None
        fo = _FindingOutAll(
            id=fid,
            name=getattr(kb.findings[fid].name, audience),
            state=fstate,
            origin=origins.get(fid, values["origin"]),
            used=fstate in core.USED_STATES,
            span=values["span"],
            text=values["text"],
        )
        if fkey:
            _remember(memo, fkey, fo)
        out.append(fo)
    cache = ck.cache
    for fid, origin in state.origin.items():
        if origin == "derived" and fid not in state.shown:
            fstate = "present" if state.findings[fid] else "absent"
            dkey = ("derived", audience, fid, fstate)
            fo = cache.get(dkey)
            if fo is None:
                fo = cache[dkey] = _FindingOut(
                    id=fid,
                    name=getattr(kb.findings[fid].name, audience),
                    state=fstate,
                    origin="derived",
                    used=True,
                )
            out.append(fo)
    return out


def _condition_words(ck: CompiledKB, audience: str) -> dict[str, tuple[str, dict[str, list[str]], str, str]]:
    """Every condition's fixed output fields for one audience: name, codes, hallmark, urgency (shared)."""

    def make() -> dict[str, tuple[str, dict[str, list[str]], str, str]]:
        return {
            cid: (
                getattr(cond.name, audience),
                {k: list(v) for k, v in cond.codes.items()},
                getattr(cond.hallmark, audience),
                cond.urgency.level,
            )
            for cid, cond in ck.kb.conditions.items()
        }

    return ck.once(("condition_words", audience), make)


def _remember(memo: dict[tuple[object, ...], Any], key: tuple[object, ...], value: _V) -> _V:
    """Keep an immutable output piece for reuse; the memo is bounded (cleared when full)."""
    if len(memo) >= _MEMO_MAX:
        memo.clear()
    memo[key] = value
    return value


def _pretest(p: Pretest, prior_note: str | None) -> model.Pretest:
    return model.fast(
        model.Pretest,
        probability=p.p,
        setting=p.setting,
        age_band=age_band_label(p),
        source=p.source,
        grade=p.grade,
        note="; ".join(x for x in (p.note, prior_note) if x) or None,
    )


_source = operator.attrgetter("source")


def _citations(ck: CompiledKB) -> dict[str | None, model.Citation]:
    """Every source of the knowledge base as its citation (built once; shared, immutable)."""
    got = ck.cache.get(("citations",))
    if got is None:
        got = ck.cache[("citations",)] = {sid: _citation(ck, sid) for sid in ck.kb.sources}
    return got  # type: ignore[return-value]


def _citation(ck: CompiledKB, sid: str) -> model.Citation:
    out = ck.cache.get(("citation", sid))
    if out is None:
        s = ck.kb.sources[sid]
        out = ck.cache[("citation", sid)] = model.fast(
            model.Citation, id=s.id, citation=s.citation, url=s.url, doi=s.doi, verified=s.verified
        )
    return out  # type: ignore[return-value]
