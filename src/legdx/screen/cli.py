"""``legdx screen`` and ``legdx synth``. Heavy imports (duckdb, pyarrow, pyspark) happen in the commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

err = Console(stderr=True, highlight=False)


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", soft_wrap=True)
    raise typer.Exit(code)


def _need(extra: str, *modules: str) -> None:
    import importlib

    for m in modules:
        try:
            importlib.import_module(m)
        except ImportError as exc:
            _fail(f"this command needs the [{extra}] extra (pip install 'legdx[{extra}]'): {exc}")


def screen(
    input: Annotated[
        Path,
        typer.Argument(
            help="FHIR Bulk Data export folder (NDJSON or Parquet) or OMOP CDM tables (Parquet or CSV)."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder: worklist, report, run log.")],
    engine: Annotated[str, typer.Option("--engine", help="duckdb (embedded, default) | spark")] = "duckdb",
    rules: Annotated[
        Path | None, typer.Option("--rules", help="Screening rules YAML (default: packaged).")
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="Code mapping YAML (default: packaged).")
    ] = None,
    master: Annotated[
        str, typer.Option("--master", help="Spark master URL (with --engine spark).")
    ] = "local[2]",
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress and no summary on the terminal.")
    ] = False,
    log_json: Annotated[
        Path | None, typer.Option("--log-json", help="Write the run log here (JSON Lines).")
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip what an interrupted run into OUT completed.")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Date for ages, YYYY-MM-DD (default: the export's transactionTime, else today)."
        ),
    ] = None,
    budget: Annotated[
        int, typer.Option("--budget", help="Referral budget: ABIs for the expected yield.")
    ] = 1000,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Patients per scoring batch.")] = 250_000,
    memory_limit: Annotated[
        str, typer.Option("--memory-limit", help="DuckDB memory limit / Spark driver memory.")
    ] = "2GB",
    threads: Annotated[int | None, typer.Option("--threads", help="DuckDB threads (default: all).")] = None,
    truth: Annotated[
        Path | None,
        typer.Option(
            "--truth", help="ground_truth.parquet of legdx synth: print precision and recall per rule."
        ),
    ] = None,
    keep_work: Annotated[
        bool, typer.Option("--keep-work", help="Keep OUT/_work (intermediate Parquet).")
    ] = False,
) -> None:
    """Screen a population for PAD case finding and care gaps: a ranked worklist and a report."""
    if engine not in ("duckdb", "spark"):
        _fail(f"--engine must be duckdb or spark, not '{engine}'")
    _need("screen", "duckdb", "pyarrow", "matplotlib")
    if engine == "spark":
        _need("spark", "pyspark")
    when = None
    if as_of is not None:
        try:
            when = dt.date.fromisoformat(as_of)
        except ValueError:
            _fail(f"--as-of must be a date YYYY-MM-DD, not '{as_of}'")
    if budget < 1 or batch_size < 1:
        _fail("--budget and --batch-size must be at least 1")
    from legdx.screen.config import ScreenConfigError
    from legdx.screen.detect import InputFormatError
    from legdx.screen.pipeline import ScreenError, ScreenOptions, run
    from legdx.screen.progress import Reporter

    rep = Reporter(quiet=quiet, log_json=log_json, console=err)
    opts = ScreenOptions(
        input=input,
        out=out,
        engine=engine,
        rules=rules,
        mapping=mapping,
        master=master,
        resume=resume,
        as_of=when,
        batch_size=batch_size,
        budget=budget,
        memory_limit=memory_limit,
        threads=threads,
        keep_work=keep_work,
    )
    try:
        result = run(opts, rep)
    except (InputFormatError, ScreenConfigError, ScreenError) as exc:
        rep.event("error", message=str(exc))
        _fail(str(exc))
    except KeyboardInterrupt:
        rep.event("interrupted")
        _fail(f"interrupted; run again with --resume to continue from the last checkpoint in {out}", 130)
    finally:
        rep.close()
    if not quiet:
        _summary(result, Console(), truth)
    elif truth is not None:
        _truth(result, Console(), truth)


def _summary(r: Any, console: Console, truth: Path | None) -> None:
    from rich.table import Table

    t = Table(title="legdx screen", show_header=False, title_justify="left", box=None, pad_edge=False)
    t.add_column(style="bold")
    t.add_column()
    rate = r.patients / r.seconds if r.seconds else 0
    t.add_row("input", r.input)
    t.add_row("ages on", str(r.as_of))
    t.add_row("engine", r.engine + (" (resumed)" if r.resumed else ""))
    t.add_row(
        "patients",
        f"{r.patients:,} scored in {r.seconds:,.1f} s ({rate:,.0f} patients/s); "
        f"peak memory {r.peak_rss_mb:,.0f} MB",
    )
    t.add_row("flagged", f"{r.flagged_patients:,} patients, {sum(r.per_rule.values()):,} worklist rows")
    for rule, n in r.per_rule.items():
        t.add_row("", f"{n:>10,}  {rule}")
    ey = r.expected_yield
    t.add_row(
        "yield",
        f"first {ey['abis']:,} of {ey['referrals']:,} ABI referrals: {ey['expected_pad']:,.1f} PAD "
        f"expected (PPV {ey['expected_ppv']:.1%})",
    )
    t.add_row("codes", f"{r.unknown_codes:,} unknown codes in {r.unknown_rows:,} records (unknown_codes.csv)")
    t.add_row("malformed", f"{r.bad_lines:,} input lines skipped")
    t.add_row(
        "outputs",
        f"{r.files.get('worklist_parquet')}, {r.files.get('worklist_csv')}, {r.files.get('report')}",
    )
    console.print(t)
    if truth is not None:
        _truth(r, console, truth)


def _truth(r: Any, console: Console, truth: Path) -> None:
    from rich.table import Table

    from legdx.screen.truth import compare

    scores, observed = compare(Path(r.files["worklist_parquet"]), truth, budget=r.expected_yield["budget"])
    t = Table(title="against the ground truth", title_justify="left")
    for c in ("rule", "flagged", "truth", "precision", "recall"):
        t.add_column(c, justify="left" if c == "rule" else "right")
    for s in scores:
        t.add_row(s.rule, f"{s.flagged:,}", f"{s.truth:,}", f"{s.precision:.4f}", f"{s.recall:.4f}")
    console.print(t)
    if observed:
        console.print(
            f"observed yield: {observed['pad_found']:,} with PAD among the first {observed['abis']:,} "
            f"referrals (PPV {observed['ppv']:.1%}); {observed['pad_found_all']:,} among all "
            f"{observed['referrals']:,}"
        )


def synth(
    patients: Annotated[int, typer.Option("--patients", "-n", help="Number of patients.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="ndjson | parquet | omop | all")] = "all",
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same population).")] = 7,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on the terminal.")] = False,
) -> None:
    """Write a synthetic population (FHIR NDJSON / Parquet, OMOP) with planted care gaps and ground truth."""
    if fmt not in ("ndjson", "parquet", "omop", "all"):
        _fail(f"--format must be ndjson, parquet, omop or all, not '{fmt}'")
    if patients < 1:
        _fail("--patients must be at least 1")
    _need("screen", "pyarrow")
    from legdx.screen import synth as synth_mod
    from legdx.screen.progress import Reporter

    formats = synth_mod.FORMATS if fmt == "all" else (fmt,)
    rep = Reporter(quiet=quiet, console=err)
    with rep.stage("synth", patients, "patients") as st:

        def progress(done: int, total: int) -> None:
            st.advance(done - st.done)

        result = synth_mod.generate(patients, out, formats, seed, progress)
    if not quiet:
        total = sum(result.resources.values())
        console = Console()
        console.print(
            f"wrote {result.patients:,} patients and {total:,} resources in {result.seconds:,.1f} s "
            f"({total / max(result.seconds, 1e-9):,.0f} resources/s) to "
            + ", ".join(str(d) for d in result.dirs.values())
        )
        console.print("resources: " + ", ".join(f"{k} {v:,}" for k, v in result.resources.items()))
        console.print(
            "ground truth (ground_truth.parquet/.csv): "
            + ", ".join(f"{k} {v:,}" for k, v in result.truth_counts.items())
        )


def register(app: typer.Typer) -> None:
    """Add ``screen`` and ``synth`` to the ``legdx`` command."""
    app.command("screen")(screen)
    app.command("synth")(synth)
