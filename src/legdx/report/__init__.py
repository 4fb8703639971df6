"""Render an ``Assessment``: JSON (the contract), Markdown, plain text, printable HTML, or the terminal.

>>> render(assessment, "markdown")          # doctest: +SKIP
>>> render_rich(assessment, Console())      # doctest: +SKIP

Markdown, text, HTML and the terminal share one layout (``legdx.report.document``), shaped like a
clinician's answer: triage banner and action first, bottom line, the direction-with-exertion check, the
most likely conditions with their evidence, what must not be missed, calculations, work-up, management,
pitfalls, the rest of the differential, the findings used, warnings, references and the disclaimer.
For ``audience == "patient"`` the framing changes too: plain titles, no likelihood-ratio tables,
probabilities in words, and the disclaimer at the top and the bottom.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from legdx import model
from legdx.errors import InputError
from legdx.report.document import Document, build

if TYPE_CHECKING:
    from rich.console import Console

FORMATS = ("json", "markdown", "text", "html")

__all__ = ["FORMATS", "Document", "build", "render", "render_rich"]


def render(assessment: model.Assessment, fmt: str) -> str:
    """The assessment as ``json``, ``markdown``, ``text`` or ``html``."""
    key = fmt.strip().lower()
    if key == "json":
        return assessment.model_dump_json(indent=2)
    if key in ("markdown", "md"):
        from legdx.report.markdown import render_markdown

        return render_markdown(build(assessment))
    if key in ("text", "txt"):
        from legdx.report.text import render_text

        return render_text(build(assessment))
    if key in ("html", "htm"):
        from legdx.report.html import render_html

        return render_html(build(assessment))
    raise InputError(f"unknown report format '{fmt}': use one of {', '.join(FORMATS)}", "format")


def render_rich(assessment: model.Assessment, console: Console) -> None:
    """Print the assessment to a rich console: coloured triage banner (with its words), panels, tables."""
    from legdx.report.terminal import print_document

    print_document(build(assessment), console)
