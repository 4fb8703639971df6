"""An ``AskResponse`` as JSON (the contract) or Markdown (for people)."""

from __future__ import annotations

from legdx.ask.models import AnswerItem, AskResponse

FORMATS = ("json", "markdown")


def render(res: AskResponse, fmt: str) -> str:
    key = fmt.strip().lower()
    if key == "json":
        return res.model_dump_json(indent=2)
    if key in ("markdown", "md"):
        return markdown(res)
    from legdx.errors import InputError

    raise InputError(f"unknown format '{fmt}': use json or markdown", "format")


def _esc(s: str) -> str:
    return s.replace("\n", " ").strip()


def _item(it: AnswerItem, audience: str) -> str:
    tags = "".join(f" [{s}]" for s in it.sources)
    meta = []
    if audience == "clinician":
        if it.recommendation:
            meta.append(it.recommendation)
        if it.grade and it.grade != "published":
            meta.append(f"grade {it.grade}")
    if it.unverified:
        meta.append("not re-verified")
    extra = f" *({'; '.join(meta)})*" if meta else ""
    return f"- {_esc(it.text)}{tags}{extra}"


def markdown(res: AskResponse) -> str:
    out: list[str] = [f"# {_esc(res.question)}", ""]
    label = {
        "presentation": "Presentation",
        "knowledge": "Knowledge",
        "what_if": "What if",
        "out_of_scope": "Not covered",
    }[res.kind]
    out += [f"**{label}.** {_esc(res.answer.direct)}", ""]
    for sec in res.answer.sections:
        out += [f"## {sec.title}", ""]
        out += [_item(it, res.audience) for it in sec.items]
        out.append("")
    if res.declined is not None:
        out += ["## What legdx covers", "", _esc(res.declined.covers), ""]
    if res.what_if is not None and res.what_if.conditions:
        out += [
            "## Probabilities before and after",
            "",
            "| Condition | Before | After | Change |",
            "|---|---|---|---|",
        ]
        for c in res.what_if.conditions:
            out.append(f"| {c.name} | {c.old:.1%} | {c.new:.1%} | {c.delta * 100:+.1f} points |")
        out.append("")
    if res.warnings:
        out += ["## Notes", ""] + [f"- {_esc(w.message)}" for w in res.warnings] + [""]
    if res.citations:
        out += ["## References", ""]
        for cit in res.citations:
            flag = " (citation not re-verified)" if not cit.verified else ""
            out.append(f"- [{cit.id}] {_esc(cit.citation)}{flag}")
        out.append("")
    if res.presentation is not None:
        out += ["---", "", "# Full report", "", res.presentation.report.strip(), ""]
    out += [f"*{_esc(res.disclaimer)}*", ""]
    return "\n".join(out)
