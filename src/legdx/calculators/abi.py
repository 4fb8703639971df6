"""Ankle-brachial index, toe-brachial index and exercise ABI criteria (facts.md 4.1-4.4).

Method (Aboyans 2012, the conventional "HABI" method): the ABI of each leg is the higher of that leg's
dorsalis pedis (or anterior tibial) and posterior tibial pressure divided by the higher of the two brachial
pressures. The ABI is rounded to two decimals, as reported, and then classified with the 2024 ACC/AHA
bands, so the bands meet without gaps. A pressure of 0 means no Doppler signal. Every cut-off is read
from ``thresholds.yaml`` by id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from legdx import model
from legdx.calculators.base import (
    KB,
    Outcome,
    ThresholdMap,
    Thresholds,
    fmt,
    ratio,
    round_half_up,
    threshold_map,
    unverified_tag,
    warn,
)

LEGS = ("right", "left")

#: Measurement ids this calculator reads.
INPUTS = (
    "brachial_right", "brachial_left", "dp_right", "pt_right", "dp_left", "pt_left", "toe_right", "toe_left",
    "post_exercise_ankle_right", "post_exercise_ankle_left", "post_exercise_brachial",
)

#: Variables it can expose to the engine. ABIs and TBIs are the reported (two-decimal) values the
#: categories use, so a rule such as {var: abi_lowest, le: 0.90} agrees with the category shown.
#: ankle_pressure_lowest is the lower of the two legs' ankle pressures (each the higher of DP and PT);
#: exercise_abi_drop_fraction_max is the largest fractional fall (0.25 = 25%), unrounded.
VARIABLES = (
    "abi_right", "abi_left", "abi_lowest", "abi_highest", "tbi_right", "tbi_left", "tbi_lowest",
    "toe_pressure_lowest", "ankle_pressure_lowest", "inter_arm_difference",
    "exercise_abi_drop_fraction_max", "exercise_ankle_drop_mmhg_max",
)

CATEGORY_LABELS = {
    "abnormal": "abnormal",
    "borderline": "borderline",
    "normal": "normal",
    "noncompressible": "noncompressible",
}


def _higher(a: float | None, b: float | None) -> float | None:
    """The higher of two pressures, either of which may be missing (the first when equal, as ``max``)."""
    if a is None:
        return b
    if b is None:
        return a
    return a if a >= b else b


@dataclass(frozen=True)
class Leg:
    """The pressures (mmHg) measured on one leg; ``None`` = not measured, 0 = no Doppler signal."""

    side: str
    dp: float | None = None
    pt: float | None = None
    toe: float | None = None
    post_exercise: float | None = None

    @property
    def ankle(self) -> float | None:
        """The higher of DP and PT (the ABI numerator)."""
        return _higher(self.dp, self.pt)

    @property
    def artery(self) -> str | None:
        """Which artery gave the ankle pressure: 'dp', 'pt' or 'dp=pt'."""
        if self.dp is None and self.pt is None:
            return None
        if self.pt is None:
            return "dp"
        if self.dp is None:
            return "pt"
        if self.dp == self.pt:
            return "dp=pt"
        return "dp" if self.dp > self.pt else "pt"


@dataclass(frozen=True)
class Pressures:
    """All the pressures the ABI calculator reads, taken from canonical measurement ids."""

    brachial_right: float | None
    brachial_left: float | None
    right: Leg
    left: Leg
    post_exercise_brachial: float | None = None

    @classmethod
    def from_measurements(cls, m: Mapping[str, float]) -> Pressures:
        def leg(side: str) -> Leg:
            return Leg(side, m.get(f"dp_{side}"), m.get(f"pt_{side}"), m.get(f"toe_{side}"),
                       m.get(f"post_exercise_ankle_{side}"))

        return cls(m.get("brachial_right"), m.get("brachial_left"), leg("right"), leg("left"),
                   m.get("post_exercise_brachial"))

    def leg(self, side: str) -> Leg:
        return self.right if side == "right" else self.left

    @property
    def brachial(self) -> float | None:
        """The higher brachial pressure (the ABI denominator)."""
        return _higher(self.brachial_right, self.brachial_left)

    @property
    def brachial_arm(self) -> str | None:
        if self.brachial_right is None and self.brachial_left is None:
            return None
        if self.brachial_left is None:
            return "right"
        if self.brachial_right is None:
            return "left"
        if self.brachial_right == self.brachial_left:
            return "both (equal)"
        return "right" if self.brachial_right > self.brachial_left else "left"

    @property
    def inter_arm_difference(self) -> float | None:
        if self.brachial_right is None or self.brachial_left is None:
            return None
        return abs(self.brachial_right - self.brachial_left)


def categorize(abi: float, th: Thresholds) -> str:
    """2024 ACC/AHA category of an ABI already rounded to two decimals."""
    if abi <= th("abi_abnormal"):
        return "abnormal"
    if abi < th("abi_normal"):  # borderline (abi_borderline, 0.91-0.99) is what lies between
        return "borderline"
    if abi <= th("abi_noncompressible"):
        return "normal"
    return "noncompressible"


def severity(abi: float, th: Thresholds) -> str:
    """Descriptive severity of an abnormal ABI (bands NRV, flagged unverified)."""
    if abi < th("abi_severity_severe"):
        return "severe"
    if abi < th("abi_severity_moderate"):
        return "moderate"
    return "mild"


def _artery_words(leg: Leg) -> str:
    return _ARTERY_WORDS.get(leg.artery or "", "-")


_ARTERY_WORDS = {"dp": "dorsalis pedis", "pt": "posterior tibial", "dp=pt": "DP = PT"}
_SIDE_WORDS = {"right": "Right", "left": "Left"}

#: One leg as the calculators read it: (side, dp, pt, toe, post-exercise ankle, ankle, artery).
LegRow = tuple[str, float | None, float | None, float | None, float | None, float | None, str | None]
#: All pressures: (brachial right, brachial left, post-exercise brachial, right leg, left leg).
Readings = tuple[float | None, float | None, float | None, LegRow, LegRow]


def _leg_row(side: str, dp: float | None, pt: float | None, toe: float | None, post: float | None) -> LegRow:
    """``Leg.ankle`` and ``Leg.artery`` computed once."""
    if dp is None:
        return side, dp, pt, toe, post, pt, None if pt is None else "pt"
    if pt is None:
        return side, dp, pt, toe, post, dp, "dp"
    if dp == pt:
        return side, dp, pt, toe, post, dp, "dp=pt"
    return side, dp, pt, toe, post, (dp if dp >= pt else pt), ("dp" if dp > pt else "pt")


def readings(m: Mapping[str, float]) -> Readings:
    """The pressures of canonical measurements, as ``Pressures.from_measurements`` reads them."""
    g = m.get
    return (g("brachial_right"), g("brachial_left"), g("post_exercise_brachial"),
            _leg_row("right", g("dp_right"), g("pt_right"), g("toe_right"), g("post_exercise_ankle_right")),
            _leg_row("left", g("dp_left"), g("pt_left"), g("toe_left"), g("post_exercise_ankle_left")))


def _pressure_readings(p: Pressures) -> Readings:
    r, le = p.right, p.left
    return (p.brachial_right, p.brachial_left, p.post_exercise_brachial,
            _leg_row("right", r.dp, r.pt, r.toe, r.post_exercise),
            _leg_row("left", le.dp, le.pt, le.toe, le.post_exercise))


def abi(measurements: Mapping[str, float], kb: KB, pressures: Pressures | None = None) -> Outcome:
    """ABI per leg with category and severity, TBI when toe pressures are given, exercise criteria when
    post-exercise ankle pressures are given, and the inter-arm difference.

    ``measurements`` uses canonical measurement ids (see ``INPUTS``) and must already be range-checked
    (``legdx.calculators.measure`` does both). ``pressures``: the same measurements already read
    (``Pressures.from_measurements``), to share between calculators.
    """
    return abi_of(readings(measurements) if pressures is None else _pressure_readings(pressures), kb)


def abi_of(rd: Readings, kb: KB) -> Outcome:
    """``abi`` on pressures already read (``readings``)."""
    T = threshold_map(kb)
    used: dict[str, None] = {}  # thresholds in the order the calculation first reads them
    lines: list[str] = []
    warnings: list[model.Warning] = []
    variables: dict[str, float] = {}
    br, bl, post_brachial, right, left = rd
    # the higher brachial pressure (the ABI denominator), and its arm
    if br is None:
        p_brachial = bl
        arm = None if bl is None else "left"
    elif bl is None:
        p_brachial, arm = br, "right"
    else:
        p_brachial = br if br >= bl else bl
        arm = "both (equal)" if br == bl else ("right" if br > bl else "left")
    iad = None if br is None or bl is None else abs(br - bl)
    brachial = p_brachial if p_brachial else None  # a brachial of 0 (no signal in either arm) is unusable
    unverified_used = False
    if brachial:
        # the four 2024 bands are cited with every ABI
        for tid in ("abi_abnormal", "abi_borderline", "abi_normal", "abi_noncompressible"):
            used[tid] = None

    result: dict[str, Any] = {
        "brachial_used": p_brachial,
        "brachial_arm": arm,
        "brachial_right": br,
        "brachial_left": bl,
        "inter_arm_difference": iad,
    }

    if p_brachial is None:
        warnings.append(warn("abi_no_brachial", "no brachial pressure was given, so no ABI or TBI can be "
                             "computed; measure both arms", "measurements.brachial_right"))
        lines.append("No brachial pressure: the ABI and TBI cannot be computed.")
    elif not brachial:
        warnings.append(warn("abi_no_brachial_signal", "both brachial pressures are 0 (no signal): no ABI "
                             "or TBI can be computed; check the arm measurements",
                             "measurements.brachial_right"))
        lines.append("Brachial pressure 0 (no signal) in every arm measured: the ABI cannot be computed.")
    elif br is None or bl is None:
        one = "right" if bl is None else "left"
        warnings.append(warn("abi_one_arm", f"only the {one} arm pressure was given; the ABI uses the higher "
                             "of both arms and may be overestimated if the other arm is higher",
                             f"measurements.brachial_{'left' if one == 'right' else 'right'}"))

    # --- inter-arm difference -------------------------------------------------------------------------------
    if iad is not None:
        variables["inter_arm_difference"] = iad
        limit = T["inter_arm_difference_abnormal"]
        risk = T["inter_arm_difference_risk"]
        used["inter_arm_difference_abnormal"] = used["inter_arm_difference_risk"] = None
        if iad > limit.value:
            unverified_used = unverified_used or limit.unverified
            msg = (f"inter-arm systolic difference {fmt(iad)} mmHg (above {fmt(limit.value)} mmHg"
                   f"{unverified_tag(limit.unverified)}): suggests subclavian or innominate artery stenosis; "
                   f"the higher arm ({arm}) is used for the ABI")
            warnings.append(warn("inter_arm_difference", msg, "measurements.brachial_right"))
            lines.append(msg[0].upper() + msg[1:] + ".")
        elif iad >= risk.value:
            lines.append(f"Inter-arm systolic difference {fmt(iad)} mmHg (at least {fmt(risk.value)} mmHg): "
                         "a marker of increased cardiovascular risk.")

    # --- per leg -----------------------------------------------------------------------------------------
    abis: dict[str, float] = {}
    tbis: dict[str, float] = {}
    ankles: dict[str, float] = {}
    toes: dict[str, float] = {}
    drops: list[float] = []
    ankle_drops: list[float] = []
    for side, dp, pt, toe, post, ankle, artery in (right, left):
        Side = _SIDE_WORDS[side]
        silent_arteries = []
        if dp == 0:
            silent_arteries.append("dp")
        if pt == 0:
            silent_arteries.append("pt")
        notes: list[str] = []
        out: dict[str, Any] = {
            "measured": ankle is not None,
            "abi": None,
            "category": None,
            "severity": None,
            "ankle_pressure": ankle,
            "artery": artery,
            "dp": dp,
            "pt": pt,
            "no_doppler_signal": silent_arteries,
            "notes": notes,
        }
        if ankle is None:
            notes.append(f"no ankle pressure was given for the {side} leg: its ABI is not known")
            if toe is not None or post is not None:
                notes.append("toe or post-exercise pressures alone do not give a resting ABI")
            warnings.append(warn("abi_leg_missing", f"no ankle pressure for the {side} leg; only the other "
                                 "leg is assessed", f"measurements.dp_{side}"))
        else:
            ankles[side] = ankle
            if dp is None or pt is None:
                only = "dorsalis pedis" if pt is None else "posterior tibial"
                notes.append(f"only the {only} pressure was given; the ABI uses the higher of DP and PT, "
                             "so it may be underestimated")
            if dp == 0 and pt == 0:
                notes.append("no Doppler signal at either ankle artery (DP and PT entered as 0)")
            elif dp == 0 or pt == 0:
                silent = "dorsalis pedis" if dp == 0 else "posterior tibial"
                notes.append(f"no Doppler signal at the {silent} artery (entered as 0)")
            if brachial:
                value = ratio(ankle, brachial)
                # the 2024 ACC/AHA category of the ABI rounded to two decimals (see ``categorize``)
                if value <= T["abi_abnormal"].value:
                    cat = "abnormal"
                elif value < T["abi_normal"].value:
                    cat = "borderline"
                elif value <= T["abi_noncompressible"].value:
                    cat = "normal"
                else:
                    cat = "noncompressible"
                out["abi"] = value
                out["category"] = cat
                abis[side] = value
                sentence = (f"{Side} ABI {value:.2f} ({fmt(ankle)}/{fmt(brachial)} mmHg, "
                            f"{_ARTERY_WORDS.get(artery or '', '-')}): {cat}")
                if cat == "abnormal":
                    severe = T["abi_severity_severe"]
                    moderate = T["abi_severity_moderate"]
                    used["abi_severity_severe"] = used["abi_severity_moderate"] = None
                    sev = ("severe" if value < severe.value
                           else "moderate" if value < moderate.value else "mild")
                    out["severity"] = sev
                    sev_unverified = moderate.unverified or severe.unverified
                    out["severity_unverified"] = sev_unverified
                    unverified_used = unverified_used or sev_unverified
                    sentence += (f" ({fmt(T['abi_abnormal'].value)} or below is diagnostic of PAD); severity "
                                 f"{sev}{unverified_tag(sev_unverified)}")
                    if value == 0:
                        sentence += "; no Doppler signal at the ankle"
                elif cat == "borderline":
                    sentence += ("; with exertional leg symptoms an exercise treadmill ABI is recommended "
                                 "(2024 ACC/AHA, COR 1)")
                elif cat == "normal":
                    sentence += ("; with exertional non-joint leg symptoms an exercise treadmill ABI is "
                                 "recommended (2024 ACC/AHA, COR 1)")
                else:
                    sentence += ("; calcified arteries make the ABI unreliable, measure toe pressure and TBI "
                                 "(2024 ACC/AHA, COR 1)")
                lines.append(sentence + ".")

        # toe pressure and TBI
        if toe is not None:
            toes[side] = toe
            out["toe_pressure"] = toe
            out["tbi"] = None
            out["tbi_category"] = None
            if brachial:
                tbi = ratio(toe, brachial)
                tbis[side] = tbi
                out["tbi"] = tbi
                tbi_limit = T["tbi_abnormal"].value
                used["tbi_abnormal"] = None
                out["tbi_category"] = "abnormal" if tbi <= tbi_limit else "normal"
                sentence = (f"{Side} TBI {tbi:.2f} (toe {fmt(toe)}/{fmt(brachial)} mmHg): "
                            f"{out['tbi_category']}")
                if out["tbi_category"] == "abnormal":
                    sentence += f" ({fmt(tbi_limit)} or below is diagnostic of PAD)"
                lines.append(sentence + ".")
            clti = T["toe_pressure_clti"].value
            used["toe_pressure_clti"] = None
            if toe < clti:
                out["toe_pressure_clti_marker"] = True
                lines.append(f"{Side} toe pressure {fmt(toe)} mmHg is below "
                             f"{fmt(clti)} mmHg: a marker of chronic limb-threatening "
                             "ischaemia and poor wound healing.")
            if toe == 0:
                notes.append("no Doppler signal at the toe (entered as 0)")

        # exercise criteria
        if post is not None:
            ex = _exercise_of(side, ankle, post, brachial, post_brachial, T, used, lines, warnings)
            out["exercise"] = ex
            if ex.get("abi_drop_fraction") is not None:
                drops.append(ex["abi_drop_fraction"])
            if ex.get("ankle_drop_mmhg") is not None:
                ankle_drops.append(ex["ankle_drop_mmhg"])
        for note in notes:
            lines.append(f"{Side} leg: {note}.")
        result[side] = out

    # --- summary and variables -----------------------------------------------------------------------------
    for side, v in abis.items():
        variables[f"abi_{side}"] = v
    if abis:
        variables["abi_lowest"] = min(abis.values())
        variables["abi_highest"] = max(abis.values())
    for side, v in tbis.items():
        variables[f"tbi_{side}"] = v
    if tbis:
        variables["tbi_lowest"] = min(tbis.values())
    if toes:
        variables["toe_pressure_lowest"] = min(toes.values())
    if ankles:
        variables["ankle_pressure_lowest"] = min(ankles.values())
    if drops:
        variables["exercise_abi_drop_fraction_max"] = max(drops)
    if ankle_drops:
        variables["exercise_ankle_drop_mmhg_max"] = max(ankle_drops)
    result["tbi"] = {side: result[side].get("tbi") for side in LEGS} if toes else None
    result["variables"] = dict(variables)

    if abis:
        change = T["abi_significant_change"]
        used["abi_significant_change"] = None
        lines.append(f"On follow-up, a change in ABI of about {fmt(change.value)} or more between visits is "
                     "treated as significant.")
        if "noncompressible" in (result["right"]["category"], result["left"]["category"]) and not tbis:
            warnings.append(warn("abi_noncompressible", "an ABI above "
                                 f"{fmt(T['abi_noncompressible'].value)} cannot rule PAD in or out; measure "
                                 "toe pressures for a TBI", "measurements.toe_right"))
            used["abi_noncompressible"] = None

    complete = bool(brachial) and len(abis) == 2
    name = "Ankle-brachial index (ABI)"
    if toes:
        name += ", toe-brachial index"
    if right[4] is not None or left[4] is not None:
        name += ", exercise criteria"
    calc = _Calculation(
        id="abi",
        name=name,
        result=result,
        interpretation=lines,
        thresholds=T.used(used),
        source="gornik2024",
        unverified=unverified_used,
        complete=complete,
    )
    if len(warnings) > 1:
        warnings = list({(w.code, w.message, w.where): w for w in warnings}.values())
    return Outcome(calc, variables, warnings)


_Calculation = model.full_maker(model.Calculation)  # every call gives every field


def _exercise_of(side: str, rest: float | None, post_exercise: float, brachial: float | None,
                 post_brachial: float | None, T: ThresholdMap, used: dict[str, None], lines: list[str],
                 warnings: list[model.Warning]) -> dict[str, Any]:
    out: dict[str, Any] = {"post_exercise_ankle": post_exercise, "post_exercise_abi": None,
                           "abi_drop_fraction": None, "abi_drop_percent": None, "ankle_drop_mmhg": None,
                           "abi_drop_criterion_met": None, "ankle_drop_criterion_met": None,
                           "criteria_met": None}
    if rest is None:
        warnings.append(warn("exercise_without_rest", f"a post-exercise pressure was given for the {side} "
                             "leg but no resting ankle pressure, so the fall cannot be computed",
                             f"measurements.post_exercise_ankle_{side}"))
        return out
    frac_lim = T["exercise_abi_drop_fraction"].value
    mmhg_lim = T["exercise_ankle_drop_mmhg"].value
    used["exercise_abi_drop_fraction"] = used["exercise_ankle_drop_mmhg"] = None
    ankle_drop = rest - post_exercise
    out["ankle_drop_mmhg"] = ankle_drop
    out["ankle_drop_criterion_met"] = ankle_drop > mmhg_lim
    denominator = post_brachial if post_brachial else brachial
    # the resting ABI must be above 0 as a float, not only the pressure: a resting ankle pressure such as
    # 5e-324 mmHg gives an ABI that underflows to 0 (found by the HTTP API's schema fuzzing)
    if brachial and denominator and rest > 0 and rest / brachial > 0:
        if not post_brachial:
            out["note"] = "no post-exercise brachial pressure: the resting brachial pressure was used"
            warnings.append(warn("exercise_resting_brachial_used", "no post-exercise brachial pressure was "
                                 "given; the post-exercise ABI uses the resting brachial pressure",
                                 "measurements.post_exercise_brachial"))
        rest_abi = rest / brachial
        post_abi = post_exercise / denominator
        fraction = (rest_abi - post_abi) / rest_abi
        out["post_exercise_abi"] = ratio(post_exercise, denominator)
        out["abi_drop_fraction"] = fraction
        out["abi_drop_percent"] = round_half_up(fraction * 100, 1)
        out["abi_drop_criterion_met"] = fraction > frac_lim
    met = [bool(out["abi_drop_criterion_met"]), bool(out["ankle_drop_criterion_met"])]
    out["criteria_met"] = any(met)
    parts = []
    if out["abi_drop_percent"] is not None:
        parts.append(f"post-exercise ABI {out['post_exercise_abi']:.2f}, a fall of "
                     f"{out['abi_drop_percent']:g}% ({'above' if met[0] else 'not above'} "
                     f"{fmt(frac_lim * 100)}%)")
    parts.append(f"ankle pressure fall {fmt(ankle_drop)} mmHg ({'above' if met[1] else 'not above'} "
                 f"{fmt(mmhg_lim)} mmHg)")
    verdict = "exercise criteria for PAD met" if any(met) else "exercise criteria for PAD not met"
    lines.append(f"{side.capitalize()} leg after exercise: {'; '.join(parts)}: {verdict}.")
    if met[0] and not met[1]:
        young = T["exercise_young_adult_age"].value
        used["exercise_young_adult_age"] = None
        lines.append(f"Caution: in healthy adults aged {fmt(young)} or under an ABI fall above "
                     f"{fmt(frac_lim * 100)}% is common; in the young rely on the ankle-pressure fall above "
                     f"{fmt(mmhg_lim)} mmHg and on imaging with provocation.")
    return out
