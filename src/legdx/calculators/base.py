"""What every calculator shares: the knowledge-base view it needs, thresholds, rounding, results."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Protocol

from legdx import model
from legdx.knowledge.schema import FindingDef, InstrumentDef, MeasurementDef, Threshold

Tri = bool | None


class KB(Protocol):
    """The part of ``legdx.knowledge.loader.KnowledgeBase`` the calculators read."""

    @property
    def thresholds(self) -> Mapping[str, Threshold]: ...

    @property
    def measurements(self) -> Mapping[str, MeasurementDef]: ...

    @property
    def instruments(self) -> Mapping[str, InstrumentDef]: ...

    @property
    def findings(self) -> Mapping[str, FindingDef]: ...


@dataclass
class Outcome:
    """A calculator's result: the calculation shown to users, the variables it gives the engine and
    any warnings about the input."""

    calculation: model.Calculation
    variables: dict[str, float] = field(default_factory=dict)
    warnings: list[model.Warning] = field(default_factory=list)


class ThresholdMap(dict[str, Threshold]):
    """A knowledge base's thresholds by id (a missing id raises the ``LookupError`` a calculator reports),
    with the output list of every set of thresholds a calculation has cited so far (by ids, in order)."""

    def __init__(self, source: Mapping[str, Threshold]):
        super().__init__(source)
        self.source = source
        self.outputs: dict[tuple[str, ...], list[model.Threshold]] = {}

    def __missing__(self, tid: str) -> Threshold:
        raise LookupError(f"thresholds.yaml has no threshold '{tid}' (a calculator needs it)")

    def used(self, tids: Iterable[str]) -> list[model.Threshold]:
        """The output forms of the thresholds ``tids`` (a new list each time: outputs own their lists)."""
        key = tuple(tids)
        got = self.outputs.get(key)
        if got is None:
            if len(self.outputs) >= 1000:
                self.outputs.clear()
            got = self.outputs[key] = [to_model(self[tid]) for tid in key]
        return list(got)


def threshold_map(kb: KB) -> ThresholdMap:
    """The ``ThresholdMap`` of a knowledge base, built once (again if its thresholds mapping is replaced)."""
    source = kb.thresholds
    cached = getattr(kb, "_legdx_threshold_map", None)
    if isinstance(cached, ThresholdMap) and cached.source is source:
        return cached
    out = ThresholdMap(source)
    try:
        kb._legdx_threshold_map = out  # type: ignore[attr-defined]  # cached per knowledge base
    except AttributeError:  # a frozen or slotted stand-in: no cache
        pass
    return out


class Thresholds:
    """Reads thresholds by id and remembers which ones a calculation used (for its report)."""

    def __init__(self, kb: KB):
        self._map = threshold_map(kb)
        self._used: dict[str, Threshold] = {}

    def __call__(self, tid: str) -> float:
        return self.get(tid).value

    def get(self, tid: str) -> Threshold:
        th = self._map[tid]
        self._used.setdefault(tid, th)
        return th

    def unverified(self, tid: str) -> bool:
        return self.get(tid).unverified

    def used(self) -> list[model.Threshold]:
        return self._map.used(self._used)

    def any_unverified(self) -> bool:
        return any(th.unverified for th in self._used.values())


_THRESHOLD_OUT: dict[int, tuple[Threshold, model.Threshold]] = {}


def to_model(th: Threshold) -> model.Threshold:
    """The output form of a threshold, built once per knowledge-base threshold (outputs are immutable)."""
    hit = _THRESHOLD_OUT.get(id(th))
    if hit is not None and hit[0] is th:
        return hit[1]
    out = model.fast(model.Threshold, id=th.id, value=th.value, meaning=th.meaning, source=th.source,
                     grade=th.grade, unverified=th.unverified)
    _THRESHOLD_OUT[id(th)] = (th, out)
    return out


def _quantize(d: Decimal, places: int) -> float:
    """``d`` rounded half-up to ``places`` decimals, as a float. The context's precision is raised to the
    digits the result needs (session 15: the default 28 made a ratio over a near-zero pressure, 150 / 1e-300,
    raise ``decimal.InvalidOperation``, a server error; an API property test found it)."""
    q = Decimal(1).scaleb(-places)
    if not d.is_finite():
        return float(d)
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, d.adjusted() + places + 2)
        return float(d.quantize(q, rounding=ROUND_HALF_UP))


def round_half_up(x: float, places: int) -> float:
    """Round as a clinician does (0.905 -> 0.91), on the decimal value typed rather than its binary form."""
    return _quantize(Decimal(repr(x)), places)


def ratio(numerator: float, denominator: float, places: int = 2) -> float:
    """numerator / denominator rounded half-up to ``places`` decimals, computed in decimal arithmetic."""
    whole = float(numerator).is_integer() and float(denominator).is_integer()
    if whole and numerator >= 0 and denominator > 0:
        # whole numbers (pressures as usually typed): the same rounding in integer arithmetic; the quotient
        # of two integers is correctly rounded, as the conversion of the decimal result is
        n, d, scale = int(numerator), int(denominator), 10**places
        return ((2 * scale * n + d) // (2 * d)) / scale
    with localcontext() as ctx:  # enough digits for the quotient's integer part (a near-zero denominator)
        num, den = Decimal(repr(float(numerator))), Decimal(repr(float(denominator)))
        ctx.prec = max(ctx.prec, num.adjusted() - den.adjusted() + places + 4)
        exact = num / den
    return _quantize(exact, places)


def fmt(x: float | None) -> str:
    """A number for a sentence: integers without decimals (142), others with two or three (0.90, 0.913)."""
    if x is None:
        return "-"
    if float(x).is_integer():
        return str(int(x))
    text = f"{x:.3f}".rstrip("0")
    return text if len(text.split(".")[1]) >= 2 else f"{x:.2f}"


def unverified_tag(flag: bool) -> str:
    return " (unverified)" if flag else ""


def warn(code: str, message: str, where: str | None = None) -> model.Warning:
    return model.fast(model.Warning, code=code, message=message, where=where)


def first_present(values: Iterable[float | None]) -> float | None:
    for v in values:
        if v is not None:
            return v
    return None
