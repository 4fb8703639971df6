"""``assess(case) -> Assessment``: the one entry point every face calls."""

from __future__ import annotations

import math
import operator
from itertools import compress
from typing import Any

from pydantic import ValidationError

from legdx import __version__, model
from legdx.engine import core, plan
from legdx.engine.compiled import CompiledKB, LRUse, age_band_label, default_compiled, remember
from legdx.errors import InputError
from legdx.knowledge.schema import Pretest

_CASE_ECHO = ("id", "patient_id", "age", "sex", "setting")


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


def prime(ck: CompiledKB) -> None:
    """Build what ``assess`` otherwise builds on first use (session 17): the plan tables, the entries'
    fixed pieces, the red flags' rows, the citations, the instruments' tables and the output models'
    constructors, for both audiences, by assessing a case with no findings (its results are kept, as
    any case's would be). Called when the default knowledge base is compiled."""
    empty = model.Case()
    for audience in ("clinician", "patient"):
        build(empty, core.prepare(empty, ck), ck, audience)
        _finding_words(ck, audience)
        _finding_tables(ck, audience)
    # session 26 (spa): the default setting's priors for every whole-year age a case can give (18 to
    # 120), so that no assessment in that setting selects its priors (about a thirtieth of an assessment's
    # instructions each time an age is met first); they depend on the knowledge base only. The other
    # settings are built on first use: priming all four cost ~370 M instructions at load, one ~90 M
    setting = model.Case.model_fields["setting"].default
    core.prime_priors(ck, (setting,), range(model.AGE_MIN, model.AGE_MAX + 1))


# constructors of output pieces (``model.full_maker`` where every call gives every field)
_Evidence = model.full_maker(model.Evidence)
_NextFinding = model.kept_maker(model.NextFinding)
_Entry = model.kept_maker(model.DifferentialEntry)
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
    urgency_sources = plan.tables(ck, audience).urgency_sources
    cited.extend([urgency_sources[r.id] for r in lead])
    ctx = plan.rule_context(state, diff, tri.level)
    wu = plan.workup(ck, ctx, diff, lead, audience, cited)
    mg = plan.management(ck, ctx, lead, audience, cited)
    pf = plan.pitfalls(ck, lead, audience, cited)
    cited.extend(tri.sources)
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
    echo = c.__dict__  # the case's fields (read once, without pydantic's attribute hook)
    return model.fast(
        model.Assessment,
        legdx_version=__version__,
        kb_version=kb.version,
        audience=audience,
        disclaimer=model.DISCLAIMER[audience],
        case={k: echo[k] for k in _CASE_ECHO if echo[k] is not None},
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
        name, question = _finding_words(ck, audience)[bu[0]]
        nxt = remember(
            memo,
            nkey,
            _NextFinding(
                finding=bu[0],
                name=name,
                question=question,
                probability_if_present=core.round4(bu[1]),
                probability_if_absent=core.round4(bu[2]),
            ),
        )
    return nxt


def _finding_words(ck: CompiledKB, audience: str) -> dict[str, tuple[str, str | None]]:
    """Every finding's name and question (None when it has none) for one audience (built once, shared)."""
    key = ("finding_words", audience)
    got: Any = ck.cache.get(key)
    if got is None:
        got = ck.cache[key] = {
            fid: (getattr(f.name, audience), getattr(f.question, audience) if f.question else None)
            for fid, f in ck.kb.findings.items()
        }
    return got


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
    pieces = _entry_pieces(ck, audience)
    entry_slot, cited_slot = _SLOTS[audience]
    for r in diff:
        bu = r.best
        if bu is None:
            bu = r.best = core.open_best(ck, r)
        if not bu or bu[0] not in findings:  # the question kept with the result (or none)
            entry = getattr(r, entry_slot)
            if entry is not None:
                out.append(entry)
                cited.extend(getattr(r, cited_slot))
                continue
            nxt = _next_finding(ck, bu, audience) if bu else None
            entry, sources = _entry(ck, r, nxt, audience, pieces)
            setattr(r, entry_slot, entry)
            setattr(r, cited_slot, sources)
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
            shared = remember(memo, ekey, _entry(ck, r, nxt, audience, pieces))
        out.append(shared[0])
        cited.extend(shared[1])  # the prior's source, then its links'
    return out


#: per audience, the slots of ``core.CondResult`` that keep its entry and the sources the entry cites
_SLOTS = {"clinician": ("entry_clinician", "cited_clinician"), "patient": ("entry_patient", "cited_patient")}

#: A stated link's evidence line as counted, with what an entry reads of it: (evidence, the link's
#: source, whether the link is unverified, whether it counts for the condition (LR above 1), its LR used)
_EvRow = tuple[model.Evidence, str, bool, bool, float]
#: An audience's fixed pieces of the entries: the evidence rows by code (2 * link + present; filled on
#: first use), each condition's words (name, codes, hallmark, urgency), the priors' output pieces, and
#: by id of a prior (kept alive in its row): (prior, source, unverified, probability)
_Pieces = tuple[
    list[_EvRow | None],
    dict[str, tuple[str, dict[str, list[str]], str, str]],
    dict[tuple[int, str | None], model.Pretest],
    dict[int, tuple[Pretest, str, bool, float]],
]


def _entry_pieces(ck: CompiledKB, audience: str) -> _Pieces:
    """The fixed pieces ``_entry`` reads, for one audience (built once, kept in ``ck.cache``; their
    contents are immutable output pieces, shared between assessments)."""
    key = ("entry_pieces", audience)
    got: Any = ck.cache.get(key)
    if got is None:
        got = ck.cache[key] = (
            [None] * (2 * len(ck.link_map)),
            _condition_words(ck, audience),
            _pretests(ck),
            {},
        )
    return got


def _entry(
    ck: CompiledKB, r: core.CondResult, nxt: model.NextFinding | None, audience: str, pieces: _Pieces
) -> tuple[model.DifferentialEntry, tuple[str | None, ...]]:
    """One differential entry, and the sources it cites (the prior's, then its links')."""
    table, words, pretests, priors = pieces
    prior = r.prior
    prow = priors.get(id(prior))
    if prow is None:  # the priors live with the knowledge base: their ids are not reused
        prow = priors[id(prior)] = (prior, prior.source, prior.unverified, prior.p)
    sources: list[str | None] = [prow[1]]
    ev_for: list[model.Evidence] = []
    ev_against: list[model.Evidence] = []
    lr_for: list[float] = []  # the evidence lines' LRs used, for ordering them
    lr_against: list[float] = []
    unverified = prow[2]
    for use, s, lg, adj in r.used:
        if adj is (use.adj_pos if s else use.adj_neg):  # counted as the knowledge base gives it
            code = 2 * use.k + s
            row = table[code]
            if row is None:
                ev = _evidence(ck, use, s, lg, adj, audience)
                raw = use.raw
                row = table[code] = (ev, raw.source, raw.unverified, ev.lr > 1, ev.lr_used)
            ev, source, unv, up, lr_used = row
            sources.append(source)
            if unv and lg != 0.0:
                unverified = True
        else:  # superseded within its cluster: the reason names the finding that counts
            raw = use.raw
            sources.append(raw.source)
            key = ("evidence", audience, r.id, use.finding, s, lg, adj)
            ev = ck.cache.get(key)  # type: ignore[assignment]
            if ev is None:
                ev = ck.cache[key] = _evidence(ck, use, s, lg, adj, audience)
            if raw.unverified and lg != 0.0:
                unverified = True
            up = ev.lr > 1
            lr_used = ev.lr_used
        if up:
            ev_for.append(ev)
            lr_for.append(-lr_used)
        else:
            ev_against.append(ev)
            lr_against.append(lr_used)
    # largest LR used first for, smallest first against (a stable sort: ties keep the links' order)
    if len(ev_for) > 1:
        ev_for = list(map(ev_for.__getitem__, sorted(range(len(lr_for)), key=lr_for.__getitem__)))
    if len(ev_against) > 1:
        ev_against = list(
            map(ev_against.__getitem__, sorted(range(len(lr_against)), key=lr_against.__getitem__))
        )
    name, codes, hallmark, urgency = words[r.id]
    pkey = (id(prior), r.prior_note)
    pretest = pretests.get(pkey)
    if pretest is None:
        pretest = pretests[pkey] = _pretest(prior, r.prior_note)
    entry = _Entry(
        id=r.id,
        name=name,
        probability=core.round4(r.probability),
        pretest_probability=prow[3],
        pretest=pretest,
        codes=codes,
        hallmark=hallmark,
        urgency=urgency,
        evidence_for=ev_for,
        evidence_against=ev_against,
        most_informative_unknown=nxt,
        unverified_values_used=unverified,
    )
    return entry, tuple(sources)


def _pretests(ck: CompiledKB) -> dict[tuple[int, str | None], model.Pretest]:
    """Output pieces of the priors, by (prior, note on a fallback); the priors live for the process."""
    return ck.once(("pretests",), dict)


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
    """The findings as given (all states), then the derived ones not given.

    A finding given without a text span (structured input) is the same output piece every time: the
    pieces are kept per audience by (finding, state, origin), and the derived ones by (finding, state);
    both tables are bounded by the knowledge base (findings x states x origins)."""
    kb = ck.kb
    given_table, derived_table = _finding_tables(ck, audience)
    words = _finding_words(ck, audience)
    used_states = core.USED_STATES
    make = _FindingOutAll
    out: list[model.FindingOut] = []
    origins = state.origin
    shown = state.shown
    for fid, fin in shown.items():
        values = fin.__dict__  # the fields (read once, without pydantic's attribute hook)
        fstate = values["state"]
        origin = origins.get(fid, values["origin"])
        span = values["span"]
        text = values["text"]
        if span is None and text is None:
            fkey = (fid, fstate, origin)
            fo = given_table.get(fkey)
            if fo is None:
                fo = given_table[fkey] = make(
                    id=fid,
                    name=words[fid][0],
                    state=fstate,
                    origin=origin,
                    used=fstate in used_states,
                    span=None,
                    text=None,
                )
            out.append(fo)
            continue
        out.append(
            make(
                id=fid,
                name=words[fid][0],
                state=fstate,
                origin=origin,
                used=fstate in used_states,
                span=span,
                text=text,
            )
        )
    findings = state.findings
    # the derived findings (in the order they were set), without those given
    for fid in compress(origins, map(_DERIVED.__eq__, origins.values())):
        if fid not in shown:
            dkey = (fid, findings[fid])
            fo = derived_table.get(dkey)
            if fo is None:
                fo = derived_table[dkey] = _FindingOut(
                    id=fid,
                    name=getattr(kb.findings[fid].name, audience),
                    state="present" if findings[fid] else "absent",
                    origin="derived",
                    used=True,
                )
            out.append(fo)
    return out


_DERIVED = "derived"


def _finding_tables(
    ck: CompiledKB, audience: str
) -> tuple[dict[tuple[str, str, str], model.FindingOut], dict[tuple[str, bool], model.FindingOut]]:
    """The output pieces of structured findings for one audience (see ``_findings_out``; kept in
    ``ck.cache``, filled on first use)."""
    key = ("finding_tables", audience)
    got: Any = ck.cache.get(key)
    if got is None:
        got = ck.cache[key] = ({}, {})
    return got


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
