"""``legdx ask "QUESTION" [--case CASE.json | --text NARRATIVE]``: a plugin of the ``legdx`` command.

Heavy imports (the knowledge base, bm25s, the free-text reader) happen inside the command.
Exit codes: 0 an answer (a decline is an answer), 2 bad input or a missing extra.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer


def register(app: typer.Typer) -> None:
    app.command(name="ask")(ask_command)


def ask_command(
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    case: Annotated[
        str | None, typer.Option("--case", help="The current case: a case JSON file (or '-' for stdin).")
    ] = None,
    text: Annotated[str | None, typer.Option("--text", help="The current case as a narrative.")] = None,
    audience: Annotated[str, typer.Option("--audience", "-a", help="clinician | patient")] = "clinician",
    fmt: Annotated[str, typer.Option("--format", "-f", help="json | markdown")] = "markdown",
    rerank: Annotated[
        bool | None,
        typer.Option("--rerank/--no-rerank", help="Dense re-rank (needs the embeddings extra)."),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here, not stdout.")] = None,
) -> None:
    """Answer a question from the knowledge base, with citations.

    A question that describes a patient gets the assessment as a clinician's answer; "what if ..." with
    --case or --text re-runs the case with the change and says what moved and why; any other question is
    answered from sourced statements, or declined when legdx does not cover it."""
    from rich.markup import escape

    from legdx.cli import case_from_json, parse_json, read_input, write_output
    from legdx.cli import fail as _fail
    from legdx.errors import InputError

    def fail(message: str) -> NoReturn:
        _fail(escape(message))  # messages name extras such as [nlp], which rich would read as markup

    if fmt not in ("json", "markdown", "md"):
        fail(f"--format must be json or markdown, not '{fmt}'")
    if audience not in ("clinician", "patient"):
        fail(f"--audience must be clinician or patient, not '{audience}'")
    if case is not None and text is not None:
        fail("give the current case with --case or --text, not both")
    try:
        from legdx.ask.answer import ask
        from legdx.ask.render import render
    except ModuleNotFoundError as exc:
        fail(f"legdx ask needs the [ask] extra (pip install 'legdx[ask]'): {exc}")
    case_data: Any = None
    if case is not None:
        case_data = case_from_json(parse_json(read_input(case), case), case)
    try:
        res = ask(question, case=case_data, text=text, audience=audience, rerank=rerank)
        out = render(res, fmt)
    except ModuleNotFoundError as exc:
        fail(f"legdx ask needs the [ask] extra (pip install 'legdx[ask]'): {exc}")
    except InputError as exc:
        fail(str(exc))
    write_output(out, output)
