"""Terminal progress (rich) and a JSON Lines run log for schedulers."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class RateColumn(ProgressColumn):
    """Items per second, with the task's unit."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        unit = task.fields.get("unit", "")
        if speed is None:
            return Text(f"- {unit}/s", style="progress.data.speed")
        return Text(f"{speed:,.0f} {unit}/s", style="progress.data.speed")


class Reporter:
    """Progress bars on stderr (unless quiet), notes, and every event as one JSON line in the log."""

    def __init__(self, quiet: bool = False, log_json: Path | None = None, console: Console | None = None):
        self.quiet = quiet
        self.console = console or Console(stderr=True, highlight=False)
        self.t0 = time.perf_counter()
        self._log: IO[str] | None = None
        if log_json is not None:
            log_json.parent.mkdir(parents=True, exist_ok=True)
            self._log = open(log_json, "w", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self._progress: Progress | None = None

    def event(self, name: str, **data: Any) -> None:
        if self._log is not None:
            rec = {"t": round(time.perf_counter() - self.t0, 3), "event": name, **data}
            self._log.write(json.dumps(rec, default=str) + "\n")
            self._log.flush()

    def note(self, message: str, **data: Any) -> None:
        self.event("note", message=message, **data)
        if not self.quiet:
            if self._progress is not None:
                self._progress.console.print(message, markup=False, soft_wrap=True)
            else:
                self.console.print(message, markup=False, soft_wrap=True)

    def warn(self, message: str, **data: Any) -> None:
        self.event("warning", message=message, **data)
        if not self.quiet:
            target = self._progress.console if self._progress is not None else self.console
            target.print(f"[yellow]warning:[/] {message}", soft_wrap=True)

    @contextmanager
    def stage(self, name: str, total: int, unit: str) -> Iterator[Stage]:
        self.event("stage_start", stage=name, total=total, unit=unit)
        start = time.perf_counter()
        st = Stage(self, name, unit)
        if self.quiet:
            yield st
        else:
            with Progress(
                SpinnerColumn(),
                TextColumn("[bold]{task.description:<10}"),
                BarColumn(bar_width=28),
                MofNCompleteColumn(),
                TextColumn("{task.fields[unit]}"),
                RateColumn(),
                TimeElapsedColumn(),
                TextColumn("left"),
                TimeRemainingColumn(),
                console=self.console,
                transient=False,
            ) as progress:
                self._progress = progress
                st.task = progress.add_task(name, total=total or None, unit=unit)
                st.progress = progress
                try:
                    yield st
                finally:
                    self._progress = None
        self.event("stage_end", stage=name, done=st.done, seconds=round(time.perf_counter() - start, 3))

    def close(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


class Stage:
    def __init__(self, reporter: Reporter, name: str, unit: str):
        self.reporter = reporter
        self.name = name
        self.unit = unit
        self.done = 0
        self.task: Any = None
        self.progress: Progress | None = None

    def advance(self, n: int, **data: Any) -> None:
        self.done += n
        if self.progress is not None:
            self.progress.update(self.task, advance=n)
        if data:
            self.reporter.event(f"{self.name}_progress", done=self.done, **data)

    def describe(self, text: str) -> None:
        if self.progress is not None:
            self.progress.update(self.task, description=text)
