"""``legdx extract`` and ``legdx eval``: the free-text reader's commands (a plugin of ``legdx.cli``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

STATE_STYLE = {
    "present": "bold green",
    "absent": "bold red",
    "possible": "yellow",
    "historical": "cyan",
    "family": "magenta",
    "hypothetical": "blue",
}


def _fail(message: str) -> None:
    Console(stderr=True, highlight=False).print(f"[bold red]error:[/] {message}", soft_wrap=True)
    raise typer.Exit(2)


def _read_source(source: str | None, text: str | None, text_file: Path | None) -> str:
    given = [x for x in (source, text, text_file) if x is not None]
    if len(given) != 1:
        _fail("give exactly one of --text, --text-file or '-' (read the text from stdin)")
    if text is not None:
        return text
    from legdx.cli import read_input

    if text_file is not None:
        return read_input(str(text_file))
    if source != "-":
        _fail(f"unexpected argument '{source}': use '-' to read stdin, or --text-file FILE")
    return read_input("-")


def _semantic_guard(fn: Any) -> Any:
    """``fn()``, failing with the install hint when the semantic mode's extra is missing."""
    from rich.markup import escape

    from legdx.text.semantic import SemanticUnavailable

    try:
        return fn()
    except SemanticUnavailable as exc:
        _fail(escape(str(exc)))


def render_text(result: Any, console: Console) -> None:
    """The narrative with each finding's span coloured by state, then tables of what was read."""
    body = Text(result.text)
    for f in result.findings:
        body.stylize(STATE_STYLE.get(f.state, "bold"), f.span[0], f.span[1])
    for m in result.measurements:
        body.stylize("underline", m.span[0], m.span[1])
    console.print(body, soft_wrap=True)
    console.print()
    demo = []
    if result.case.age is not None:
        demo.append(f"age {result.case.age:g}")
    if result.case.sex:
        demo.append(f"sex {result.case.sex}")
    if demo:
        console.print("[bold]Patient:[/] " + ", ".join(demo))
    table = Table(title="Findings", show_lines=False)
    table.add_column("finding", no_wrap=True)
    for col in ("state", "text", "span", "laterality", "rule"):
        table.add_column(col)
    for f in result.findings:
        table.add_row(
            f.id,
            Text(f.state, style=STATE_STYLE.get(f.state, "")),
            f.text,
            f"{f.span[0]}-{f.span[1]}",
            f.laterality or "",
            f.rule,
        )
    console.print(table)
    if result.measurements or result.variables:
        mt = Table(title="Numbers")
        for col in ("id", "value", "text", "span"):
            mt.add_column(col)
        for m in result.measurements:
            mt.add_row(m.id, f"{m.value:g}", m.text, f"{m.span[0]}-{m.span[1]}")
        for k, v in result.variables.items():
            mt.add_row(k, f"{v:g}", "(variable for the knowledge base's rules)", "")
        console.print(mt)
    if result.not_understood:
        console.print("[bold]Not understood[/] (clinical-looking sentences that matched nothing):")
        for p in result.not_understood:
            console.print(f"  - {p.text}", markup=False)
    for w in result.warnings:
        console.print(f"[yellow]warning[/] {w.code}: {w.message}", soft_wrap=True, markup=True)


def register(app: typer.Typer) -> None:
    """Add ``extract`` and ``eval`` to the ``legdx`` command."""

    @app.command()
    def extract(
        source: str | None = typer.Argument(None, help="'-' reads the text from stdin."),
        text: str | None = typer.Option(None, "--text", help="The narrative to read."),
        text_file: Path | None = typer.Option(None, "--text-file", help="Read the narrative from this file."),  # noqa: B008
        fmt: str = typer.Option("text", "--format", "-f", help="json | text"),
        semantic: bool = typer.Option(
            False, "--semantic", help="Also the semantic model's guesses for findings the rules miss "
            "(marked; the \\[embeddings] extra)."
        ),
        fast_semantic: bool = typer.Option(
            True, "--fast-semantic/--no-fast-semantic", help="The fast semantic layer's guesses for findings "
            "the rules miss (numpy only; marked; on by default, see docs/text.md)."
        ),
    ) -> None:
        """Read free text: findings with state and span, age, sex, measurements, what was not understood."""
        if fmt not in ("json", "text"):
            _fail(f"--format must be json or text, not '{fmt}'")
        narrative = _read_source(source, text, text_file)
        try:
            from legdx.text import read_text
        except ImportError as exc:  # pragma: no cover - depends on the install
            _fail(f"free text needs the [nlp] extra (pip install 'legdx[nlp]'): {exc}")
        result = _semantic_guard(lambda: read_text(narrative, semantic=semantic, fast_semantic=fast_semantic))
        fatal = [w for w in result.warnings if w.code in ("empty", "not_text", "no_words")]
        if fatal and fmt == "text":
            _fail(fatal[0].message)
        if fmt == "json":
            sys.stdout.write(result.model_dump_json(indent=2) + "\n")
        else:
            render_text(result, Console())
        if fatal:
            raise typer.Exit(2)

    @app.command("eval")
    def eval_cmd(
        part: str = typer.Option(
            "all", "--part", help="development | development2-21 | heldout | all"
        ),
        fmt: str = typer.Option("text", "--format", "-f", help="text | json"),
        blind: bool = typer.Option(
            False, "--blind", help="Score the BLIND held-out parts instead (never tune rules on them)."
        ),
        details: bool = typer.Option(False, "--details", help="List every narrative with a miss."),
        no_assess: bool = typer.Option(
            False, "--no-assess", help="Score extraction only (no knowledge base)."
        ),
        semantic: bool = typer.Option(
            False, "--semantic", help="Also the semantic model's guesses for findings the rules miss "
            "(marked; the \\[embeddings] extra)."
        ),
        fast_semantic: bool = typer.Option(
            True, "--fast-semantic/--no-fast-semantic", help="The fast semantic layer's guesses for findings "
            "the rules miss (numpy only; marked; on by default, see docs/text.md)."
        ),
    ) -> None:
        """Evaluate the free-text reader on the shipped corpus (the held-out part is named as such)."""
        from legdx.text.evaluate import PARTS, evaluate, render_details, render_table
        from legdx.text.reader import get_reader

        if part not in (*PARTS, "all"):
            _fail(f"--part must be one of {', '.join(PARTS)} or all, not '{part}'")
        if fmt not in ("json", "text"):
            _fail(f"--format must be json or text, not '{fmt}'")
        reader = _semantic_guard(lambda: get_reader(semantic, fast_semantic))
        # session 16: a batch of hundreds of narratives; with the knowledge base and the reader loaded (one
        # reading and one assessment), what they hold is frozen out of the collector's full passes
        # (``legdx.process``): the same results, about 2% less CPU time per narrative
        warm = reader.read("Calf pain on walking 200 m, relieved by rest.")
        if not no_assess:
            import legdx

            legdx.assess(warm.case)
        from legdx.process import freeze_loaded

        freeze_loaded()
        if blind:
            from legdx.text.blind import BLIND_PARTS, blind_path, evaluate_blind

            typer.echo(
                "BLIND held-out parts: written without access to the rules; scores to report, "
                "never to tune on.",
                err=True,
            )
            reports = [
                evaluate_blind(assess=not no_assess, path=blind_path(n), reader=reader) for n in BLIND_PARTS
            ]
        else:
            parts = PARTS if part == "all" else (part,)
            reports = [evaluate(p, assess=not no_assess, reader=reader) for p in parts]  # type: ignore[arg-type]
        if fmt == "json":
            typer.echo(json.dumps({r.part: r.as_dict() for r in reports}, indent=2))
            return
        typer.echo(render_table(reports))
        if details:
            for r in reports:
                typer.echo("")
                typer.echo(render_details(r))
