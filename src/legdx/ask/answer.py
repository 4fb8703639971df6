"""``ask(question, case=..., text=...)``: answer a question from the knowledge base, with citations.

Three kinds of question, recognised from the words (``ask/data/lexicon.yaml``), plus a decline:

- ``presentation``: the question describes a patient ("what is the diagnosis and management for ...").
  The free-text reader (``legdx.text``, the [nlp] extra) reads its findings, ``legdx.assess`` runs, and
  the answer is the assessment shaped as a clinician's answer, with the full report.
- ``what_if``: a change to the current case (``case`` or ``text``): the engine runs before and after and
  the answer says what moved and which likelihood ratios moved it (``legdx.ask.whatif``).
- ``knowledge``: retrieved statements (``legdx.ask.retrieve``), most relevant first, grouped by topic
  under a one-line direct answer, every line cited.
- ``out_of_scope``: no statement answers it: said plainly, with what legdx covers.

Pure apart from loading the knowledge base once per process; every face (CLI, HTTP) calls this.
"""

from __future__ import annotations

from typing import Any

from legdx import __version__, model
from legdx.ask import whatif
from legdx.ask.lexicon import Compiled, default_lexicon
from legdx.ask.models import (
    Answer,
    AnswerItem,
    AnswerSection,
    AskResponse,
    AskWarning,
    Declined,
    Presentation,
    UsedStatement,
)
from legdx.ask.retrieve import Hit, Index, RerankUnavailable, Search, default_index, rerank_available
from legdx.ask.schema import TOPIC_ORDER, TOPIC_TITLES, Statement
from legdx.errors import InputError

MAX_QUESTION = 2000


class NeedsExtra(InputError):
    """The question needs an optional extra that is not installed (``extra`` names it)."""

    def __init__(self, message: str, extra: str):
        self.extra = extra
        super().__init__(message, "question")


def _needs_nlp(exc: Exception) -> NeedsExtra:
    return NeedsExtra(
        "this question describes a patient (or gives a narrative); reading it needs the free-text reader, "
        f"the [nlp] extra (pip install 'legdx[nlp]'): {exc}",
        "nlp",
    )


def _text_reader() -> Any:
    try:
        from legdx.text import read_text
    except ImportError as exc:
        raise _needs_nlp(exc) from exc

    def read(text: str) -> Any:
        try:
            return read_text(text)
        except ImportError as exc:  # the reader imports spaCy/medspaCy lazily
            raise _needs_nlp(exc) from exc

    return read


def _optional_reader() -> Any:
    try:
        return _text_reader()
    except NeedsExtra:
        return None


def ask(
    question: str,
    *,
    case: model.Case | dict[str, Any] | None = None,
    text: str | None = None,
    audience: str = "clinician",
    rerank: bool | None = None,
    index: Index | None = None,
) -> AskResponse:
    """Answer ``question``; ``case`` (a case) or ``text`` (a narrative) is the current patient, if any.

    ``rerank``: ``True`` uses the dense re-rank (the [embeddings] extra), ``None`` uses it when the
    environment variable ``LEGDX_ASK_RERANK=1`` is set and the extra is installed, ``False`` never.
    """
    import os

    q = " ".join((question or "").split())
    if not q:
        raise InputError("the question is empty", "question")
    if len(q) > MAX_QUESTION:
        raise InputError(f"the question is longer than {MAX_QUESTION} characters", "question")
    if audience not in ("clinician", "patient"):
        raise InputError("audience must be 'clinician' or 'patient'", "audience")
    if case is not None and text is not None:
        raise InputError("give the current case as a case or as a text, not both", "case")
    if rerank is None:
        rerank = os.environ.get("LEGDX_ASK_RERANK") == "1" and rerank_available()
    lx = default_lexicon()
    ix = index or default_index()
    ctx = _Context(q, audience, ix, lx, rerank)

    change = whatif.strip_cue(q, lx)
    if change is not None and (case is not None or text is not None):
        base = _base_case(case, text, ctx)
        assert base is not None
        edits = whatif.parse(change, ctx.kb, lx, _optional_reader())
        if edits.findings or edits.numbers:
            return ctx.what_if(base, change, edits)
        ctx.warnings.append(
            AskWarning(
                code="what_if_not_understood",
                message=f"no change to the case could be read from '{change}' (name a finding, e.g. "
                "'pulses were absent', or a value, e.g. 'the ABI were 0.85'); answered as a knowledge "
                "question",
            )
        )
        return ctx.knowledge()
    if any(rx.search(q) for rx in lx.presentation):
        read = _text_reader()
        res = read(q)
        read_findings = {f.id: f for f in res.findings}
        base = _base_case(case, text, ctx)
        if read_findings or base is not None:
            return ctx.presentation(res, base)
    if case is not None or text is not None:
        ctx.warnings.append(
            AskWarning(
                code="case_not_used", message="this is a knowledge question; the case given was not used"
            )
        )
    return ctx.knowledge()


def _base_case(
    case: model.Case | dict[str, Any] | None, text: str | None, ctx: _Context
) -> model.Case | None:
    from legdx.engine.assess import to_case

    if case is not None:
        return to_case(case)
    if text is not None:
        if not text.strip():
            raise InputError("the narrative is empty", "text")
        res = _text_reader()(text)
        ctx.text_findings = [f.model_dump() for f in res.findings]
        case_read: model.Case = res.case
        return case_read
    return None


class _Context:
    def __init__(self, q: str, audience: str, ix: Index, lx: Compiled, rerank: bool):
        from legdx.knowledge.loader import default_kb

        self.q = q
        self.audience = audience
        self.ix = ix
        self.lx = lx
        self.rerank = rerank
        self.kb = default_kb()
        self.warnings: list[AskWarning] = []
        self.text_findings: list[dict[str, Any]] = []

    # --- shared ----------------------------------------------------------------------------------------

    def response(self, kind: str, answer: Answer, cited: list[str], **extra: Any) -> AskResponse:
        from legdx.ask.statements import default_statements

        seen = list(dict.fromkeys(s for s in cited if s in self.kb.sources))
        cites = [
            model.Citation(id=s.id, citation=s.citation, url=s.url, doi=s.doi, verified=s.verified)
            for s in (self.kb.sources[x] for x in seen)
        ]
        return AskResponse(
            legdx_version=__version__,
            kb_version=self.kb.version,
            statements_version=default_statements().version,
            question=self.q,
            kind=kind,  # type: ignore[arg-type]
            audience=self.audience,  # type: ignore[arg-type]
            answer=answer,
            citations=cites,
            warnings=self.warnings,
            disclaimer=model.DISCLAIMER[self.audience],
            **extra,
        )

    def item(self, st: Statement) -> AnswerItem:
        return AnswerItem(
            text=st.text(self.audience),
            sources=[st.source],
            statement=st.id,
            grade=st.grade,
            recommendation=st.recommendation,
            unverified=st.unverified,
            note=st.note if st.grade == "consensus" else None,
        )

    def grouped(self, statements: list[Statement]) -> list[AnswerSection]:
        """Statements grouped by topic; groups in order of their best statement, statements in rank order."""
        groups: dict[str, list[Statement]] = {}
        for st in statements:
            groups.setdefault(st.topic, []).append(st)
        k = 0 if self.audience == "clinician" else 1
        return [
            AnswerSection(title=TOPIC_TITLES[t][k], topic=t, items=[self.item(s) for s in sts])
            for t, sts in groups.items()
        ]

    def search(self, question: str) -> Search:
        try:
            return self.ix.search(question, rerank=self.rerank)
        except RerankUnavailable as exc:
            self.warnings.append(AskWarning(code="rerank_unavailable", message=str(exc)))
            return self.ix.search(question, rerank=False)

    # --- knowledge ---------------------------------------------------------------------------------------

    def knowledge(self) -> AskResponse:
        s = self.search(self.q)
        retrieval = {
            "method": "bm25+dense" if s.reranked else "bm25",
            "tokens": list(s.query_tokens),
            "domain": round(s.domain, 3),
            "best_coverage": round(s.ranked[0].coverage, 3) if s.ranked else 0.0,
            "thresholds": {
                "min_coverage": self.ix.settings.min_coverage,
                "min_domain": self.ix.settings.min_domain,
            },
        }
        if not s.answered:
            return self.declined(s.reason or "no statement answers this question", retrieval)
        sts = [h.statement for h in s.hits]
        if any(st.unverified for st in sts):
            self.warnings.append(
                AskWarning(
                    code="unverified",
                    message="Some statements rest on values facts.md marks not re-verified (NRV); "
                    "they are flagged 'unverified'.",
                )
            )
        answer = Answer(direct=sts[0].text(self.audience), sections=self.grouped(sts))
        return self.response(
            "knowledge", answer, [st.source for st in sts], statements=_used(s.hits), retrieval=retrieval
        )

    def declined(self, reason: str, retrieval: dict[str, Any] | None = None) -> AskResponse:
        covers = covers_text(self.kb, self.audience)
        if self.audience == "patient":
            direct = (
                "legdx cannot answer this question from its knowledge base. It only answers questions "
                "about leg pain, heaviness, numbness or weakness related to walking."
            )
        else:
            direct = (
                f"Not covered: {reason}. legdx answers only from its sourced statements about leg symptoms "
                "related to walking, and does not guess beyond them."
            )
        return self.response(
            "out_of_scope",
            Answer(direct=direct),
            [],
            declined=Declined(reason=reason, covers=covers),
            retrieval=retrieval,
        )

    # --- presentation --------------------------------------------------------------------------------------

    def presentation(self, res: Any, base: model.Case | None) -> AskResponse:
        import legdx
        from legdx.report import render

        case = res.case
        if base is not None:
            merged = base.model_dump(exclude_none=True)
            merged.pop("text", None)
            merged["findings"] = {
                **merged.get("findings", {}),
                **{k: v.model_dump(exclude_none=True) for k, v in res.case.findings.items()},
            }
            merged["measurements"] = {**merged.get("measurements", {}), **res.case.measurements}
            for key in ("age", "sex"):
                if getattr(res.case, key) is not None:
                    merged[key] = getattr(res.case, key)
            case = model.Case.model_validate(merged)
        a = legdx.assess(case, audience=self.audience)
        sections, cited = presentation_sections(a, case, self)
        direct = presentation_direct(a, case, self.audience)
        findings_read = [f.model_dump() for f in res.findings] + self.text_findings
        pres = Presentation(
            case=case.model_dump(mode="json", exclude_none=True),
            findings_read=findings_read,
            report=render(a, "markdown"),
            assessment=a.model_dump(mode="json"),
        )
        cited = cited + [c.id for c in a.citations]
        for w in getattr(res, "warnings", []) or []:
            self.warnings.append(AskWarning(code=f"text_{w.code}", message=w.message))
        return self.response(
            "presentation", Answer(direct=direct, sections=sections), cited, presentation=pres
        )

    # --- what-if -------------------------------------------------------------------------------------------

    def what_if(self, base: model.Case, change: str, edits: whatif.Edits) -> AskResponse:
        import legdx

        for w in edits.warnings:
            self.warnings.append(AskWarning(code="what_if_value", message=w))
        edited, changes, notes = whatif.apply(base, edits, self.kb, self.lx)
        for n in notes:
            self.warnings.append(AskWarning(code="measurements_set_aside", message=n))
        old = legdx.assess(base, audience=self.audience)
        new = legdx.assess(edited, audience=self.audience)
        wi = whatif.compare(old, new, changes, edited, self.audience)
        wi.not_understood = edits.not_understood
        if edits.not_understood:
            self.warnings.append(
                AskWarning(
                    code="not_understood",
                    message=f"this part of the question was not used: '{edits.not_understood}'",
                )
            )
        direct, sections = what_if_answer(wi, self.audience)
        cited = [y.source for y in wi.why] + [c.id for c in new.citations]
        return self.response("what_if", Answer(direct=direct, sections=sections), cited, what_if=wi)


def _used(hits: tuple[Hit, ...]) -> list[UsedStatement]:
    return [
        UsedStatement(
            id=h.statement.id,
            topic=h.statement.topic,
            score=round(h.score, 4),
            coverage=round(h.coverage, 3),
            source=h.statement.source,
            grade=h.statement.grade,
            unverified=h.statement.unverified,
        )
        for h in hits
    ]


def covers_text(kb: Any, audience: str) -> str:
    topics = ", ".join(TOPIC_TITLES[t][0 if audience == "clinician" else 1].lower() for t in TOPIC_ORDER)
    if audience == "patient":
        return (
            "legdx answers questions about legs that hurt, feel heavy, go numb or get weak with walking: "
            f"{topics}; it can also read a description of your symptoms."
        )
    return (
        f"legdx covers adults whose legs hurt, feel heavy, go numb or get weak in relation to walking "
        f"({len(kb.conditions)} conditions, from spinal stenosis and PAD to the emergencies and rarer causes "
        f"that improve with walking). Knowledge questions: {topics}. It also answers a presentation "
        "('what is the diagnosis and management for ...') and a what-if on a case."
    )


# --------------------------------------------------------------------------------------------------
# Presentation answer


def _pct(p: float) -> str:
    if p < 0.001:
        return "<0.1%"
    if p < 0.1:
        return f"{p * 100:.1f}%".replace(".0%", "%")
    return f"{p * 100:.0f}%"


KEY_TAG = "key distinction"


def key_statements(sts: list[Statement], present: set[str], ranking: list[str]) -> list[Statement]:
    """Statements that explain the case's present findings: those tagged 'key distinction' first, then by
    how many present findings they explain, then by how high their conditions stand in the differential
    (``ranking``: condition ids, most likely first), the most specific (fewest linked findings) first."""
    pos = {cid: i for i, cid in enumerate(ranking)}
    linked = [st for st in sts if st.topic in ("direction", "examination") and present & set(st.findings)]
    linked.sort(
        key=lambda st: (
            KEY_TAG not in st.tags,
            -len(present & set(st.findings)),
            min((pos.get(c, len(pos)) for c in st.conditions), default=len(pos)),
            len(st.findings),
        )
    )
    return linked


def presentation_direct(a: model.Assessment, case: model.Case, audience: str) -> str:
    from legdx.ask.statements import default_statements

    top = a.differential[:3]
    names = ", ".join(f"{d.name} ({_pct(d.probability)})" for d in top)
    present = {fid for fid, f in case.findings.items() if f.state == "present"}
    ranking = [d.id for d in a.differential]
    key = [st for st in key_statements(list(default_statements()), present, ranking) if KEY_TAG in st.tags]
    extra = f" {key[0].text(audience)}" if key else ""
    if audience == "patient":
        return f"{a.triage.label}: {a.triage.action} The most likely causes are {names}.{extra}"
    flags = f" Red flags: {', '.join(r.name for r in a.red_flags)}." if a.red_flags else ""
    return f"Most likely {names}; triage {a.triage.label.lower()}.{flags}{extra}"


def presentation_sections(
    a: model.Assessment, case: model.Case, ctx: _Context
) -> tuple[list[AnswerSection], list[str]]:
    """The assessment as a clinician's answer: bottom line, key distinction, most likely, work-up,
    management, pitfalls. Statements linked to the case's findings and leading conditions add the
    key facts (direction with exertion, confirming tests)."""
    from legdx.ask.statements import default_statements

    aud = ctx.audience
    cited: list[str] = []
    out: list[AnswerSection] = []

    def it(text: str, *sources: str | None, **kw: Any) -> AnswerItem:
        srcs = list(dict.fromkeys(s for s in sources if s))
        cited.extend(srcs)
        return AnswerItem(text=text, sources=srcs, **kw)

    bottom = [it(f"{a.triage.label}: {a.triage.action}", *(r.source for r in a.triage.reasons))]
    for r in a.red_flags:
        bottom.append(it(f"Red flag - {r.name}: {r.action}", r.source))
    out.append(AnswerSection(title="Bottom line", items=bottom))

    present = {fid for fid, f in case.findings.items() if f.state == "present"}
    leading = [d.id for d in a.differential[:3]]
    sts = list(default_statements())
    key: list[AnswerItem] = []
    if a.direction_check is not None:
        key.append(it(a.direction_check.message, a.direction_check.source))
    linked = key_statements(sts, present, [d.id for d in a.differential])
    for st in linked[:5]:
        cited.append(st.source)
        key.append(ctx.item(st))
    if key:
        out.append(
            AnswerSection(
                title="Key distinction: direction with exertion"
                if aud == "clinician"
                else "How walking changes it",
                topic="direction",
                items=key,
            )
        )

    most = []
    for d in a.differential[:3]:
        ev = ", ".join(
            f"{e.name} ({e.state}, LR {e.lr_used:g})" for e in (*d.evidence_for, *d.evidence_against)[:3]
        )
        line = f"{d.name}: {_pct(d.pretest_probability)} -> {_pct(d.probability)}. {d.hallmark}"
        if ev and aud == "clinician":
            line += f" Evidence: {ev}."
        most.append(
            it(line, d.pretest.source, *(e.source for e in (*d.evidence_for, *d.evidence_against)[:3]))
        )
    out.append(AnswerSection(title="Most likely", items=most))

    work = [
        it(f"{w.name}: " + "; ".join(y.text for y in w.why[:2]), w.source, *(y.source for y in w.why[:2]))
        for w in a.workup[:4]
    ]
    conf = [st for st in sts if st.topic == "confirming_tests" and set(st.conditions) & set(leading)]
    conf.sort(key=lambda st: min(leading.index(c) for c in st.conditions if c in leading))
    for st in conf[:3]:
        cited.append(st.source)
        work.append(ctx.item(st))
    if work:
        out.append(AnswerSection(title="Work-up", items=work))

    man = []
    for plan in a.management[:3]:
        for step in [s for s in plan.steps if s.stage == 1][:2] or plan.steps[:1]:
            man.append(
                it(
                    f"{plan.name}: {step.action}",
                    step.source,
                    recommendation=step.recommendation,
                    unverified=step.unverified,
                )
            )
    if man:
        out.append(AnswerSection(title="Management", items=man))

    pit = [it(p.text, p.source) for p in a.pitfalls[:4]]
    if pit:
        out.append(AnswerSection(title="Pitfalls", items=pit))
    return out, cited


# --------------------------------------------------------------------------------------------------
# What-if answer


def what_if_answer(wi: Any, audience: str) -> tuple[str, list[AnswerSection]]:
    said = "; ".join(
        f"{c.name} {c.old if c.old is not None else 'unknown'} -> {c.new}"
        for c in wi.changes
        if not c.said.startswith("derived from")
    )
    lead = wi.conditions[0] if wi.conditions else None
    tri = (
        f"triage {wi.triage.old_label} -> {wi.triage.new_label}"
        if wi.triage.changed
        else f"triage unchanged ({wi.triage.new_label})"
    )
    moved = sorted(wi.conditions, key=lambda c: -abs(c.delta))
    parts = [f"{c.name} {_pct(c.old)} -> {_pct(c.new)}" for c in moved[:3] if abs(c.delta) >= 0.001]
    direct = f"With {said}: {tri}; " + ("; ".join(parts) if parts else "no leading condition moved") + "."
    if wi.red_flags_added:
        direct += f" New red flag: {', '.join(wi.red_flags_added)}."
    if wi.red_flags_removed:
        direct += f" Red flag cleared: {', '.join(wi.red_flags_removed)}."
    if lead is not None:
        direct += f" Leading: {lead.name} ({_pct(lead.new)})."
    changes = AnswerSection(
        title="What changed in the case",
        items=[
            AnswerItem(text=f"{c.name}: {c.old if c.old is not None else 'unknown'} -> {c.new} ('{c.said}')")
            for c in wi.changes
        ],
    )
    conds = AnswerSection(
        title="Leading conditions, before -> after",
        items=[
            AnswerItem(
                text=f"{c.name}: {_pct(c.old)} -> {_pct(c.new)} ({'+' if c.delta >= 0 else ''}"
                f"{c.delta * 100:.1f} points)"
            )
            for c in wi.conditions
        ],
    )
    why = AnswerSection(
        title="Why: the likelihood ratios that moved",
        items=[AnswerItem(text=y.text, sources=[y.source]) for y in wi.why],
    )
    nxt = AnswerSection(
        title="Next step",
        items=[
            AnswerItem(
                text=("Before: " + wi.next_step.old + " After: " + wi.next_step.new)
                if wi.next_step.changed
                else wi.next_step.new
            )
        ],
    )
    return direct, [changes, AnswerSection(title="Triage", items=[AnswerItem(text=tri)]), conds, why, nxt]
