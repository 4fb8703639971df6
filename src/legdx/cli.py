"""The ``legdx`` command. A thin face: it reads input, calls the core, renders, and writes.

Exit codes: 0 success, 1 the knowledge base is broken (``kb check``), 2 bad input or usage.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console

from legdx import __version__
from legdx.errors import InputError

app = typer.Typer(
    name="legdx",
    help="Decision support for leg pain, heaviness, numbness or weakness related to walking. "
    "It supports, and does not replace, clinical judgement.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
kb_app = typer.Typer(help="Inspect and check the knowledge base.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")

err = Console(stderr=True, highlight=False)

FORMATS = ("json", "markdown", "text", "html", "fhir")
MAX_INPUT_BYTES = 5_000_000


def fail(message: str, code: int = 2) -> NoReturn:
    from rich.markup import escape

    err.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"legdx {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """legdx command line."""


def read_input(path: str) -> str:
    """Read a file or '-' (stdin) as text, with a size limit and clear errors."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            p = Path(path)
            if not p.exists():
                fail(f"{path}: no such file")
            if p.is_dir():
                fail(f"{path}: is a directory, expected a JSON file")
            data = p.read_bytes()[: MAX_INPUT_BYTES + 1]
    except OSError as exc:
        fail(f"{path}: cannot read ({exc.strerror})")
    if len(data) > MAX_INPUT_BYTES:
        fail(f"{path}: larger than the {MAX_INPUT_BYTES // 1_000_000} MB input limit")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(f"{path}: not UTF-8 text (byte {exc.start})")
    return text


def parse_json(text: str, name: str) -> Any:
    if not text.strip():
        fail(f"{name}: empty input, expected a case as a JSON object")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"{name}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")


def write_output(text: str, output: Path | None) -> None:
    """Write all or nothing: to a temporary file renamed into place, or to stdout in one go."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def case_from_json(data: Any, name: str, as_of: Any = None) -> Any:
    """A case dict, or a FHIR Bundle turned into a case (same mapping as the HTTP API); what the Bundle
    held that legdx did not use is carried into the assessment's warnings."""
    if isinstance(data, dict) and data.get("resourceType") == "Bundle":
        try:
            from legdx.fhir.read import read_bundle
        except ImportError as exc:
            fail(f"{name}: reading FHIR needs the [server] extra (pip install 'legdx[server]'): {exc}")
        r = read_bundle(data, as_of=as_of)
        notes = [f"{w.code}: {w.where + ': ' if w.where else ''}{w.message}" for w in r.warnings]
        return r.case.model_copy(update={"notes": list(r.case.notes) + notes})
    if isinstance(data, dict) and "resourceType" in data:
        fail(f"{name}: a FHIR {data['resourceType']} was given; legdx reads a FHIR Bundle or a case object")
    return data


def render_assessment(assessment: Any, fmt: str) -> str:
    if fmt == "fhir":
        try:
            from legdx.fhir.write import assessment_bundle
        except ImportError as exc:
            fail(f"--format fhir needs the [server] extra (pip install 'legdx[server]'): {exc}")
        return json.dumps(assessment_bundle(assessment), indent=2)
    from legdx.report import render

    return render(assessment, fmt)


@app.command()
def assess(
    file: str | None = typer.Argument(None, help="Case JSON or FHIR R4 Bundle; '-' reads stdin."),
    text: str | None = typer.Option(None, "--text", help="Free-text description instead of a file."),
    text_file: Path | None = typer.Option(None, "--text-file", help="Read the free text from this file."),
    fmt: str = typer.Option("text", "--format", "-f", help="json | markdown | text | html | fhir"),
    audience: str = typer.Option("clinician", "--audience", "-a", help="clinician | patient"),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        help="Reference date (YYYY-MM-DD) for a FHIR Bundle: ages and which data count; default today.",
    ),
    semantic: bool = typer.Option(
        False, "--semantic", help="With --text: also the semantic model's guesses for findings the rules "
        "miss (marked; the \\[embeddings] extra)."
    ),
    fast_semantic: bool | None = typer.Option(
        None, "--fast-semantic/--no-fast-semantic", help="With --text: the fast semantic layer's guesses for "
        "findings the rules miss (numpy only; marked; on by default, see docs/text.md)."
    ),
) -> None:
    """Assess a case: triage, red flags, differential, work-up, management, references."""
    import legdx

    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}, not '{fmt}'")
    if audience not in ("clinician", "patient"):
        fail(f"--audience must be clinician or patient, not '{audience}'")
    sources = [x for x in (file, text, text_file) if x is not None]
    if len(sources) != 1:
        fail("give exactly one of FILE, --text or --text-file (use '-' to read a case from stdin)")
    if (semantic or fast_semantic is not None) and file is not None:
        fail("--semantic and --(no-)fast-semantic read free text: use them with --text or --text-file")
    try:
        if text is not None or text_file is not None:
            narrative = text if text is not None else read_input(str(text_file))
            case: Any = _text_case(narrative, semantic, fast_semantic is not False)
        else:
            assert file is not None
            ref = None
            if as_of is not None:
                import datetime as _dt

                try:
                    ref = _dt.date.fromisoformat(as_of)
                except ValueError:
                    fail(f"--as-of must be a date as YYYY-MM-DD, not '{as_of}'")
            case = case_from_json(parse_json(read_input(file), file), file, ref)
        result = legdx.assess(case, audience=audience)
        rendered = (
            None
            if (fmt == "text" and output is None and sys.stdout.isatty())
            else render_assessment(result, fmt)
        )
    except InputError as exc:
        fail(str(exc))
    if rendered is None:
        from legdx.report import render_rich

        render_rich(result, Console())
        return
    write_output(rendered, output)


def _text_case(narrative: str, semantic: bool = False, fast_semantic: bool = True) -> Any:
    try:
        from legdx.text import read_text
        from legdx.text.semantic import SemanticUnavailable
    except ImportError as exc:
        fail(f"free text needs the [nlp] extra (pip install 'legdx[nlp]'): {exc}")
    try:
        return read_text(narrative, semantic=semantic, fast_semantic=fast_semantic).case
    except SemanticUnavailable as exc:
        fail(str(exc))


@app.command()
def interview(
    answers: Path | None = typer.Option(
        None,
        "--answers",
        help="JSON {finding_id: yes|no|unknown}; questions not in it are answered 'unknown'.",
    ),
    age: float | None = typer.Option(None, "--age", help="Age in years."),
    sex: str | None = typer.Option(None, "--sex", help="male | female | other"),
    setting: str = typer.Option("primary_care", "--setting", help="primary_care | specialty_clinic | ..."),
    audience: str = typer.Option("clinician", "--audience", "-a", help="clinician | patient"),
    fmt: str = typer.Option("text", "--format", "-f", help="Format of the final report."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report here."),
) -> None:
    """Ask the most informative question first, one at a time, then report.

    Interactive on a terminal. Otherwise answers come from --answers, or one per line on stdin
    (yes / no / unknown; an empty line or end of input means unknown)."""
    from legdx.cli_interview import run_interview

    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}, not '{fmt}'")
    if audience not in ("clinician", "patient"):
        fail(f"--audience must be clinician or patient, not '{audience}'")
    preset: dict[str, str] | None = None
    if answers is not None:
        data = parse_json(read_input(str(answers)), str(answers))
        if not isinstance(data, dict) or not all(isinstance(v, str | bool | None) for v in data.values()):
            fail(f"{answers}: expected a JSON object of finding id -> yes | no | unknown")
        preset = {
            k: v if isinstance(v, str) else {True: "yes", False: "no", None: "unknown"}[v]
            for k, v in data.items()
        }
    try:
        result = run_interview(
            age=age,
            sex=sex,
            setting=setting,
            audience=audience,
            preset=preset,
            console=err if not sys.stdin.isatty() or preset is not None else Console(),
        )
    except InputError as exc:
        fail(str(exc))
    write_output(render_assessment(result, fmt), output)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the assessment output."""
    from legdx.model import Assessment

    typer.echo(json.dumps(Assessment.model_json_schema(), indent=2))


@kb_app.command("check")
def kb_check(fmt: str = typer.Option("text", "--format", "-f", help="text | json")) -> None:
    """Validate the knowledge base and print its coverage; exit 1 on any problem."""
    from legdx.knowledge.coverage import coverage, render_coverage
    from legdx.knowledge.loader import KnowledgeBaseError, load

    try:
        kb = load()
    except KnowledgeBaseError as exc:
        for p in exc.problems:
            err.print(p, soft_wrap=True, markup=False)
        err.print(f"[bold red]knowledge base check failed:[/] {len(exc.problems)} problem(s)")
        raise typer.Exit(1) from None
    report = coverage(kb)
    check_statements: Any = None
    try:  # the follow-up statements are knowledge-base data too (the [ask] face)
        from legdx.ask.statements import check as check_statements
    except ImportError:
        pass
    if check_statements is not None:
        problems = check_statements()
        report["statements_problems"] = problems
        report["failures"] += [f"statements: {p}" for p in problems]
    if fmt == "json":
        typer.echo(json.dumps(report, indent=2))
    else:
        render_coverage(report, Console() if sys.stdout.isatty() else Console(width=150))
    if report["failures"]:
        raise typer.Exit(1)


@kb_app.command("findings")
def kb_findings(search: str | None = typer.Argument(None, help="Only ids or names containing this.")) -> None:
    """List finding ids with their clinician wording."""
    from legdx.knowledge.loader import default_kb

    for f in default_kb().findings.values():
        line = f"{f.id}\t{f.kind}\t{f.name.clinician}"
        if search is None or search.lower() in line.lower():
            typer.echo(line)


@kb_app.command("conditions")
def kb_conditions() -> None:
    """List condition ids and names."""
    from legdx.knowledge.loader import default_kb

    for c in default_kb().conditions.values():
        typer.echo(f"{c.id}\t{c.name.clinician}")


#: Faces that come with extras register their own commands; each imports its heavy dependencies lazily.
_PLUGINS = (
    "legdx.calculators.cli",
    "legdx.text.cli",
    "legdx.ask.cli",
    "legdx.server.cli",
    "legdx.screen.cli",
)


def _register_plugins() -> None:
    for name in _PLUGINS:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # that face is not built (yet)
                continue
            raise
        mod.register(app)


_register_plugins()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
