"""``legdx abi`` and ``legdx score``: the calculators on the command line.

Exit codes follow ``legdx.cli``: 0 success, 1 the knowledge base does not load, 2 bad input (the message
names the option). Output is computed in full before anything is printed.
"""

from __future__ import annotations

import difflib
import io
import json
import shutil
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from legdx import model
from legdx.calculators import measure
from legdx.calculators.base import KB, fmt
from legdx.calculators.ecq import EcqAnswers, edinburgh
from legdx.calculators.instruments import referenced_findings, score_instrument
from legdx.errors import InputError
from legdx.knowledge import rules
from legdx.knowledge.schema import InstrumentDef

#: ``legdx abi`` option -> measurement id.
ABI_OPTIONS = {
    "--right-brachial": "brachial_right",
    "--left-brachial": "brachial_left",
    "--right-dp": "dp_right",
    "--right-pt": "pt_right",
    "--left-dp": "dp_left",
    "--left-pt": "pt_left",
    "--right-toe": "toe_right",
    "--left-toe": "toe_left",
    "--post-exercise-right": "post_exercise_ankle_right",
    "--post-exercise-left": "post_exercise_ankle_left",
    "--post-exercise-brachial": "post_exercise_brachial",
    "--tcpo2": "tcpo2",
}
_OPTION_OF = {f"measurements.{mid}": opt for opt, mid in ABI_OPTIONS.items()}
_OPTION_OF.update({"ecq.q1": "q1", "ecq.q2": "q2", "ecq.q3": "q3", "ecq.q4": "q4", "ecq.q5": "--q5",
                   "ecq.q6": "--site"})
FORMATS = ("json", "text")


class _Fail(Exception):
    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


def _fail(message: str, code: int = 2) -> NoReturn:
    raise _Fail(message, code)


def _run(body: Callable[[], str]) -> None:
    """Run a command body that returns its whole output; print it, or the error and exit."""
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        text = body()
    except _Fail as exc:
        err.print(f"[bold red]error:[/] {exc}", markup=True)
        raise typer.Exit(exc.code) from None
    except InputError as exc:
        for where, message in exc.problems:
            err.print(f"[bold red]error:[/] {_OPTION_OF.get(where, where)}: {message}", markup=True)
        raise typer.Exit(2) from None
    typer.echo(text, nl=not text.endswith("\n"))


def _default_kb() -> KB:
    from legdx.knowledge.loader import default_kb

    return default_kb()


def _loader(kb: Callable[[], KB]) -> Callable[[], KB]:
    def load() -> KB:
        from legdx.knowledge.loader import KnowledgeBaseError

        try:
            return kb()
        except KnowledgeBaseError as exc:
            _fail(f"the knowledge base does not load ({len(exc.problems)} problem(s)); "
                  "run `legdx kb check`", 1)

    return load


def _check_format(value: str) -> str:
    if value not in FORMATS:
        _fail(f"--format must be json or text, not '{value}'")
    return value


def _render(build: Callable[[Console], None]) -> str:
    """Render to a string first, so that an error can never leave half a report on stdout."""
    tty = sys.stdout.isatty()
    buf = io.StringIO()
    console = Console(file=buf, width=shutil.get_terminal_size((110, 24)).columns if tty else 110,
                      force_terminal=tty, color_system="auto" if tty else None, highlight=False)
    build(console)
    return buf.getvalue()


def _mark(flag: bool) -> str:
    return " [yellow](unverified)[/]" if flag else ""


def _thresholds_table(console: Console, thresholds: list[model.Threshold]) -> None:
    if not thresholds:
        return
    table = Table(title="Cut-offs used", show_lines=False, title_justify="left")
    for col in ("id", "value", "meaning", "source", "grade"):
        table.add_column(col)
    for th in thresholds:
        table.add_row(th.id, fmt(th.value) + _mark(th.unverified), th.meaning, th.source, th.grade)
    console.print(table)


def _lines(console: Console, calc: model.Calculation) -> None:
    for line in calc.interpretation:
        console.print(f"- {line}", markup=False, soft_wrap=True)


def _warnings(console: Console, warnings: list[model.Warning]) -> None:
    for w in warnings:
        console.print(f"[yellow]warning:[/] {w.message}")


def _flat(calc: model.Calculation) -> dict[str, Any]:
    """A calculation as CLI JSON: its result keys at the top level, then the explanation."""
    return {
        "id": calc.id,
        "name": calc.name,
        **calc.result,
        "interpretation": calc.interpretation,
        "thresholds": [t.model_dump() for t in calc.thresholds],
        "source": calc.source,
        "unverified": calc.unverified,
        "complete": calc.complete,
    }


# --------------------------------------------------------------------------------------------------------
# legdx abi


def abi_report(values: Mapping[str, float], kb: KB, fmt_: str) -> str:
    """The output of ``legdx abi`` for measurement ids -> values (validated by ``measure``)."""
    if not any(k in values for k in ("dp_right", "pt_right", "dp_left", "pt_left")):
        _fail("give at least one ankle pressure (--right-dp, --right-pt, --left-dp or --left-pt)")
    if not any(k in values for k in ("brachial_right", "brachial_left")):
        _fail("give at least one brachial pressure (--right-brachial and --left-brachial)")
    _, calcs, warnings = measure(dict(values), kb)
    main = next(c for c in calcs if c.id == "abi")
    others = [c for c in calcs if c.id != "abi"]
    if fmt_ == "json":
        payload = _flat(main)
        payload["warnings"] = [w.model_dump() for w in warnings]
        payload["other_calculations"] = [_flat(c) for c in others]
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"

    def build(console: Console) -> None:
        r = main.result
        console.print(f"[bold]{main.name}[/]  brachial used {fmt(r['brachial_used'])} mmHg "
                      f"({r['brachial_arm'] or '-'} arm)")
        table = Table(show_lines=False)
        for col in ("leg", "ankle mmHg", "artery", "ABI", "category", "severity", "toe mmHg", "TBI",
                    "after exercise"):
            table.add_column(col)
        for side in ("right", "left"):
            leg = r[side]
            ex = leg.get("exercise")
            ex_text = "-"
            if ex:
                ex_text = {True: "criteria met", False: "not met", None: "not assessed"}[ex["criteria_met"]]
            table.add_row(
                side,
                fmt(leg["ankle_pressure"]),
                leg["artery"] or "-",
                "-" if leg["abi"] is None else f"{leg['abi']:.2f}",
                leg["category"] or "not measured",
                (leg["severity"] or "-") + _mark(bool(leg.get("severity_unverified"))),
                fmt(leg.get("toe_pressure")),
                "-" if leg.get("tbi") is None else f"{leg['tbi']:.2f} {leg['tbi_category']}",
                ex_text,
            )
        console.print(table)
        _lines(console, main)
        for c in others:
            console.print(f"\n[bold]{c.name}[/]" + _mark(c.unverified))
            _lines(console, c)
        _warnings(console, warnings)
        _thresholds_table(console, main.thresholds)
        console.print("Supports, and does not replace, clinical judgement. Source: 2024 ACC/AHA PAD "
                      "guideline (gornik2024); method per Aboyans 2012.", markup=False)

    return _render(build)


# --------------------------------------------------------------------------------------------------------
# legdx score


def _norm(token: str) -> str:
    return token.strip().lower().replace("-", "_").replace(" ", "_")


def _instrument_variables(ins: InstrumentDef, kb: KB) -> set[str]:
    names: set[str] = set()
    for item in ins.items:
        names |= rules.referenced_variables(item.when)
    for fid in referenced_findings(ins, kb):
        fdef = kb.findings.get(fid)
        if fdef is not None and fdef.derive is not None:
            names |= rules.referenced_variables(fdef.derive)
    return names


def _resolve(token: str, ins: InstrumentDef, kb: KB) -> tuple[str, str] | None:
    """An answer token -> ('item', id) or ('finding', id) for this instrument."""
    items = {i.id for i in ins.items}
    found = set(referenced_findings(ins, kb))
    t = _norm(token)
    for candidate in (t, f"{ins.id}_{t}"):
        if candidate in items:
            return ("item", candidate)
        if candidate in found:
            return ("finding", candidate)
    return None


def generic_answers(ins: InstrumentDef, kb: KB, data: Mapping[str, Any], yes: list[str], no: list[str],
                    age: float | None, var: list[str]) -> tuple[dict[str, bool], dict[str, bool],
                                                                 dict[str, float]]:
    """(item answers, findings, variables) from an answers file and flags; all problems reported together."""
    problems: list[tuple[str, str]] = []
    items: dict[str, bool] = {}
    findings: dict[str, bool] = {}
    variables: dict[str, float] = {}
    allowed_vars = _instrument_variables(ins, kb) | {"age"}
    choices = sorted({i.id for i in ins.items} | set(referenced_findings(ins, kb)))
    origin: dict[str, str] = {}

    def hint(token: str) -> str:
        close = difflib.get_close_matches(_norm(token), choices, n=3, cutoff=0.5)
        return f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(choices)}"

    def answer(token: str, value: bool, where: str) -> None:
        target = _resolve(token, ins, kb)
        if target is None:
            problems.append((where, f"'{token}' is not an item of {ins.id} nor a finding it reads"
                                    + hint(token)))
            return
        kind, key = target
        store = items if kind == "item" else findings
        if key in store and store[key] != value:
            first, second = ("yes", "no") if value is False else ("no", "yes")
            problems.append((where, f"'{token}' was answered both {first} ({origin[key]}) and {second}"))
            return
        store[key] = value
        origin[key] = where

    def number(name: str, value: Any, where: str) -> None:
        if name not in allowed_vars:
            problems.append((where, f"'{name}' is not a number {ins.id} uses; it uses "
                                    f"{', '.join(sorted(allowed_vars))}"))
            return
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append((where, f"expected a number for '{name}', got {value!r}"))
            return
        variables[name] = float(value)

    for key, value in data.items():
        where = f"--answers {key}"
        if value is None:
            continue
        if isinstance(value, bool):
            answer(str(key), value, where)
        elif isinstance(value, str) and _norm(value) in ("yes", "no", "true", "false", "present", "absent"):
            answer(str(key), _norm(value) in ("yes", "true", "present"), where)
        elif isinstance(value, str) and _norm(value) in ("unknown", "dont_know", "not_sure"):
            continue
        elif _norm(str(key)) in allowed_vars:
            number(_norm(str(key)), value, where)
        else:
            problems.append((where, "expected yes/no (true/false) or, for "
                                    f"{', '.join(sorted(allowed_vars))}, a number; got {value!r}"))
    for token in yes:
        answer(token, True, "--yes")
    for token in no:
        answer(token, False, "--no")
    if age is not None:
        if not 18 <= age <= 120:
            problems.append(("--age", f"{age:g} years is outside 18-120 (legdx is for adults)"))
        else:
            variables["age"] = age
    for spec in var:
        name, sep, raw = spec.partition("=")
        if not sep:
            problems.append(("--var", f"'{spec}' is not NAME=VALUE"))
            continue
        try:
            value = float(raw)
        except ValueError:
            problems.append(("--var", f"'{raw}' in '{spec}' is not a number"))
            continue
        number(_norm(name), value, "--var")
    if problems:
        raise InputError.many(problems)
    return items, findings, variables


def ecq_answers(data: Mapping[str, Any], yes: list[str], no: list[str], q5: str | None,
                site: list[str]) -> EcqAnswers:
    merged: dict[str, Any] = dict(data)
    problems: list[tuple[str, str]] = []
    for flag, tokens, value in (("--yes", yes, True), ("--no", no, False)):
        for token in tokens:
            q = _norm(token).removeprefix("ecq_")
            q = q.split("_")[0]
            if q not in ("q1", "q2", "q3", "q4"):
                problems.append((flag, f"'{token}' is not a yes/no ECQ question; use q1, q2, q3 or q4 "
                                       "(q5 takes --q5, q6 takes --site)"))
                continue
            if merged.get(q) is not None and merged[q] != value:
                problems.append((flag, f"{q} was answered both yes and no"))
                continue
            merged[q] = value
    if q5 is not None:
        merged["q5"] = q5
    if site:
        merged["q6"] = list(site)
    if problems:
        raise InputError.many(problems)
    return EcqAnswers.parse(merged, where="ecq")


def score_report(name: str, kb: KB, data: Mapping[str, Any], yes: list[str], no: list[str], age: float | None,
                 var: list[str], q5: str | None, site: list[str], fmt_: str) -> str:
    """The output of ``legdx score NAME``."""
    key = _norm(name)
    if key not in kb.instruments and key != "ecq":
        known = sorted(set(kb.instruments) | {"ecq"})
        _fail(f"unknown instrument '{name}'; choose one of {', '.join(known)}")
    if key == "ecq":
        if age is not None or var:
            _fail("--age and --var do not apply to the ECQ")
        calc = edinburgh(ecq_answers(data, yes, no, q5, site), kb).calculation
    else:
        if q5 is not None or site:
            _fail("--q5 and --site apply only to the ECQ (legdx score ecq)")
        ins = kb.instruments[key]
        items, findings, variables = generic_answers(ins, kb, data, yes, no, age, var)
        calc = score_instrument(ins, findings, variables, kb, answers=items).calculation()
    if fmt_ == "json":
        return json.dumps(_flat(calc), indent=2, ensure_ascii=False) + "\n"

    def build(console: Console) -> None:
        console.print(f"[bold]{calc.name}[/]" + _mark(calc.unverified))
        r = calc.result
        if "items" in r:
            table = Table()
            for col in ("item", "points", "answer", "scored"):
                table.add_column(col)
            for it in r["items"]:
                table.add_row(it["id"] + _mark(it["unverified"]), fmt(it["points"]), it["answer"],
                              fmt(it["scored"]))
            console.print(table)
            if r["total"] is not None:
                console.print(f"Total: [bold]{fmt(r['total'])}[/]")
            else:
                console.print(f"Total between {fmt(r['range'][0])} and {fmt(r['range'][1])} "
                              f"(incomplete: {len(r['missing'])} item(s) unknown)")
        else:
            table = Table()
            table.add_column("question")
            table.add_column("answer")
            for q, v in r["answers"].items():
                shown = "-" if v is None else ("yes" if v is True else "no" if v is False else
                                               ", ".join(v) if isinstance(v, list) else str(v))
                table.add_row(q, shown)
            console.print(table)
        _lines(console, calc)
        _thresholds_table(console, calc.thresholds)

    return _render(build)


def _read_answers(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        _fail(f"--answers: {path}: no such file")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"--answers: {path}: cannot read ({exc})")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        _fail(f"--answers: {path}: not valid JSON (line {exc.lineno}: {exc.msg})")
    if not isinstance(data, dict):
        _fail(f"--answers: {path}: expected a JSON object of answers, got {type(data).__name__}")
    return data


# --------------------------------------------------------------------------------------------------------


Pressure = float | None


def _p(flag: str, what: str) -> Any:
    return typer.Option(flag, help=f"{what} (mmHg; 0 = no Doppler signal).")


def register(app: typer.Typer, kb: Callable[[], KB] | None = None) -> None:
    """Add ``abi`` and ``score`` to ``app``. ``kb`` returns the knowledge base (default: the packaged one)."""
    load = _loader(kb or _default_kb)

    @app.command("abi")
    def abi_command(
        right_brachial: Annotated[Pressure, _p("--right-brachial", "Right brachial systolic")] = None,
        left_brachial: Annotated[Pressure, _p("--left-brachial", "Left brachial systolic")] = None,
        right_dp: Annotated[Pressure, _p("--right-dp", "Right dorsalis pedis")] = None,
        right_pt: Annotated[Pressure, _p("--right-pt", "Right posterior tibial")] = None,
        left_dp: Annotated[Pressure, _p("--left-dp", "Left dorsalis pedis")] = None,
        left_pt: Annotated[Pressure, _p("--left-pt", "Left posterior tibial")] = None,
        right_toe: Annotated[Pressure, _p("--right-toe", "Right great-toe")] = None,
        left_toe: Annotated[Pressure, _p("--left-toe", "Left great-toe")] = None,
        ex_right: Annotated[Pressure, _p("--post-exercise-right", "Right ankle after exercise")] = None,
        ex_left: Annotated[Pressure, _p("--post-exercise-left", "Left ankle after exercise")] = None,
        ex_brachial: Annotated[Pressure, _p("--post-exercise-brachial", "Brachial after exercise")] = None,
        tcpo2: Annotated[float | None, typer.Option("--tcpo2", help="TcPO2 of the foot (mmHg).")] = None,
        output_format: Annotated[str, typer.Option("--format", "-f", help="json | text")] = "text",
    ) -> None:
        """Ankle-brachial index per leg (2024 ACC/AHA categories), TBI and exercise criteria."""
        given = {
            "--right-brachial": right_brachial, "--left-brachial": left_brachial, "--right-dp": right_dp,
            "--right-pt": right_pt, "--left-dp": left_dp, "--left-pt": left_pt, "--right-toe": right_toe,
            "--left-toe": left_toe, "--post-exercise-right": ex_right, "--post-exercise-left": ex_left,
            "--post-exercise-brachial": ex_brachial,
            "--tcpo2": tcpo2,
        }

        def body() -> str:
            f = _check_format(output_format)
            values = {ABI_OPTIONS[opt]: v for opt, v in given.items() if v is not None}
            return abi_report(values, load(), f)

        _run(body)

    @app.command("score")
    def score_command(
        instrument: Annotated[str, typer.Argument(help="konno | wells | sugioka | sshq | ecq")],
        yes: Annotated[list[str] | None, typer.Option(
            "--yes", "-y", help="An item or finding answered yes (repeat). ECQ: q1-q4.")] = None,
        no: Annotated[list[str] | None, typer.Option(
            "--no", "-n", help="An item or finding answered no (repeat). ECQ: q1-q4.")] = None,
        age: Annotated[float | None, typer.Option("--age", help="Age in years.")] = None,
        var: Annotated[list[str] | None, typer.Option(
            "--var", help="A number the instrument uses, NAME=VALUE (e.g. abi_lowest=0.95).")] = None,
        q5: Annotated[str | None, typer.Option(
            "--q5", help="ECQ Q5: 10_min_or_less | more_than_10_min")] = None,
        site: Annotated[list[str] | None, typer.Option(
            "--site", help="ECQ Q6: a painful site (repeat): calf, thigh, buttock, shin, foot ...")] = None,
        answers: Annotated[Path | None, typer.Option(
            "--answers", help="JSON file of answers ({item_or_finding: true/false, age: 72}).")] = None,
        output_format: Annotated[str, typer.Option("--format", "-f", help="json | text")] = "text",
    ) -> None:
        """Score an instrument: unknown items give a range and the items still missing."""

        def body() -> str:
            f = _check_format(output_format)
            data = _read_answers(answers)
            return score_report(instrument, load(), data, yes or [], no or [], age, var or [], q5,
                                site or [], f)

        _run(body)
