"""Errors that tell the user what is wrong and where."""

from __future__ import annotations


class LegdxError(Exception):
    """Base class for legdx errors."""


class InputError(LegdxError):
    """Bad input: ``where`` names the field (a dotted path such as ``measurements.brachial_right``)."""

    def __init__(self, message: str, where: str | None = None, problems: list[tuple[str, str]] | None = None):
        self.where = where
        self.message = message
        self.problems: list[tuple[str, str]] = problems or [(where or "", message)]
        if problems is not None:
            text = "; ".join(f"{w}: {m}" if w else m for w, m in problems)
        else:
            text = f"{where}: {message}" if where else message
        super().__init__(text)

    @classmethod
    def many(cls, problems: list[tuple[str, str]]) -> InputError:
        """One error carrying every problem found (each names its field)."""
        first = problems[0] if problems else ("", "invalid input")
        return cls(first[1], first[0] or None, list(problems) or None)
