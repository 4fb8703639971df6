"""Errors that tell the user what is wrong and where."""

from __future__ import annotations


class LegdxError(Exception):
    """Base class for legdx errors."""


class InputError(LegdxError):
    """Bad input: ``where`` names the field (a dotted path such as ``measurements.brachial_right``)."""

    def __init__(self, message: str, where: str | None = None, problems: list[tuple[str, str]] | None = None):
        self.where = where
        self.problems: list[tuple[str, str]] = problems or [(where or "", message)]
        super().__init__(f"{where}: {message}" if where else message)

    @classmethod
    def many(cls, problems: list[tuple[str, str]]) -> InputError:
        text = "; ".join(f"{w}: {m}" if w else m for w, m in problems)
        err = cls(text, problems[0][0] if problems else None, problems)
        return err
