"""The terminal interview: one question at a time, from the engine's ``interview.next_step``."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.prompt import Prompt

from legdx import model
from legdx.engine.assess import assess
from legdx.engine.interview import next_step
from legdx.errors import InputError

_ANSWERS = {
    "y": "present",
    "yes": "present",
    "n": "absent",
    "no": "absent",
    "u": "unknown",
    "unknown": "unknown",
    "dk": "unknown",
    "?": "unknown",
    "": "unknown",
    "don't know": "unknown",
    "dont know": "unknown",
    "not sure": "unknown",
}


def run_interview(
    *,
    age: float | None,
    sex: str | None,
    setting: str,
    audience: str,
    preset: dict[str, str] | None,
    console: Console,
) -> model.Assessment:
    """Run the interview to its stop rule and return the final assessment.

    ``preset`` answers questions from a mapping (missing ones are 'unknown'); otherwise answers are
    read from the terminal (interactive) or one per line from stdin.
    """
    base: dict[str, object] = {"setting": setting}
    if age is not None:
        base["age"] = age
    if sex is not None:
        base["sex"] = sex
    try:
        case = model.Case.model_validate(base)
    except Exception as exc:  # pydantic ValidationError -> a clear message
        raise InputError(str(exc).splitlines()[-1] if str(exc) else "invalid interview settings") from exc
    if preset:
        for k in preset:
            if preset[k].strip().lower() not in _ANSWERS:
                raise InputError(f"answer '{preset[k]}' is not yes, no or unknown", f"answers.{k}")
    interactive = preset is None and sys.stdin.isatty()
    history: list[str] = []
    while True:
        step = next_step(case, audience=audience)
        if step.should_stop or step.question is None:
            console.print(f"[bold]Interview finished after {step.asked} question(s):[/] {step.stop_reason}.")
            break
        q = step.question
        label = "Safety check" if q.phase == "red_flag_screen" else f"Question {step.asked + 1}"
        console.print(f"\n[bold cyan]{label}:[/] {q.text}")
        console.print(f"[dim]Why: {q.why}[/]")
        if preset is not None:
            raw = preset.get(q.finding, "unknown")
            console.print(f"> {raw}")
        elif interactive:
            raw = Prompt.ask("yes / no / don't know (b = back)", default="don't know", console=console)
            if raw.strip().lower() in ("b", "back"):
                if history:
                    last = history.pop()
                    findings = dict(case.findings)
                    findings.pop(last, None)
                    case = case.model_copy(update={"findings": findings})
                continue
        else:
            line = sys.stdin.readline()
            raw = line.strip()
            console.print(f"> {raw or 'unknown'}")
        state = _ANSWERS.get(raw.strip().lower())
        if state is None:
            if interactive:
                console.print("[red]Please answer yes, no or don't know.[/]")
                continue
            raise InputError(f"answer '{raw}' is not yes, no or unknown", f"question {q.finding}")
        findings = dict(case.findings)
        findings[q.finding] = model.FindingInput(state=state, origin="interview")  # type: ignore[arg-type]
        case = case.model_copy(update={"findings": findings})
        history.append(q.finding)
    return assess(case, audience=audience)
