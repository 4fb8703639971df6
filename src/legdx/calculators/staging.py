"""Fontaine stage and Rutherford category of chronic PAD (facts.md 4.6).

Both classify *PAD*: they assume the leg symptoms are due to arterial disease. From the findings:
tissue loss (ulcer, non-healing wound or gangrene) -> Fontaine IV / Rutherford 5-6; ischaemic rest pain
-> III / 4; claudication -> II (IIa beyond 200 m, IIb within 200 m) / 1-3 (graded by the treadmill test);
none of these -> I / 0. Unknown inputs leave several candidates, and the calculation says which inputs
would decide. Cut-offs come from thresholds.yaml.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from legdx import model
from legdx.calculators.base import KB, Outcome, Thresholds, Tri, fmt, threshold_map, unverified_tag
from legdx.knowledge import rules

#: How the staging inputs are read from findings (rules in the knowledge-base rule language).
CLAUDICATION_RULE: Any = {"any": ["claudication_history", "leg_symptoms_with_walking"]}
REST_PAIN_RULE: Any = "rest_pain_forefoot_night"
TISSUE_LOSS_RULE: Any = {
    "any": ["foot_wound_or_sore", "nonhealing_foot_wound_2_weeks", "gangrene", "wet_gangrene"],
}

FONTAINE_ORDER = ("I", "IIa", "IIb", "III", "IV")


@dataclass(frozen=True)
class StagingInputs:
    """What staging needs; ``None`` = unknown."""

    claudication: Tri = None
    rest_pain: Tri = None
    tissue_loss: Tri = None
    major_tissue_loss: Tri = None  # above the transmetatarsal level, foot not salvageable (Rutherford 6)
    claudication_distance_m: float | None = None
    post_exercise_ankle_lowest: float | None = None  # mmHg, treadmill test
    ankle_pressure_lowest: float | None = None  # resting, mmHg
    toe_pressure_lowest: float | None = None  # mmHg

    @classmethod
    def from_case(cls, findings: Mapping[str, bool], variables: Mapping[str, float]) -> StagingInputs:
        ctx = rules.Context(findings=findings, variables=variables)
        post = [variables[k] for k in ("post_exercise_ankle_right", "post_exercise_ankle_left")
                if k in variables]
        return cls(
            claudication=rules.evaluate(CLAUDICATION_RULE, ctx),
            rest_pain=rules.evaluate(REST_PAIN_RULE, ctx),
            tissue_loss=rules.evaluate(TISSUE_LOSS_RULE, ctx),
            claudication_distance_m=variables.get("claudication_distance_m"),
            post_exercise_ankle_lowest=min(post) if post else None,
            ankle_pressure_lowest=variables.get("ankle_pressure_lowest"),
            toe_pressure_lowest=variables.get("toe_pressure_lowest"),
        )


def _cascade(levels: list[tuple[Tri, list[Any]]], none: list[Any]) -> list[Any]:
    """Walk from the most severe level down: a present level ends the walk, an unknown one keeps its
    candidates and goes on, an absent one is skipped; if nothing is present the mildest stage is kept."""
    out: list[Any] = []
    for state, candidates in levels:
        if state is True:
            return out + [c for c in candidates if c not in out]
        if state is None:
            out += [c for c in candidates if c not in out]
    return out + [c for c in none if c not in out]


def stage(inputs: StagingInputs, kb: KB) -> Outcome:
    """Fontaine stage and Rutherford category, with the candidates left open by unknown inputs."""
    th = Thresholds(kb)
    lines: list[str] = []
    missing: list[str] = []
    unverified = False

    # Fontaine II split by walking distance
    limit = th("fontaine_iib_distance")
    d = inputs.claudication_distance_m
    if d is None:
        stage_ii = ["IIa", "IIb"]
    elif d < limit:
        stage_ii = ["IIb"]
    elif d > limit:
        stage_ii = ["IIa"]
    else:
        stage_ii = ["IIa", "IIb"]
    fontaine = _cascade([(inputs.tissue_loss, ["IV"]), (inputs.rest_pain, ["III"]),
                         (inputs.claudication, stage_ii)], ["I"])
    fontaine.sort(key=FONTAINE_ORDER.index)

    # Rutherford 1-3 split by the treadmill test
    post = inputs.post_exercise_ankle_lowest
    post_limit = th("rutherford_post_exercise_ankle")
    if post is None:
        claud_cats = [1, 2, 3]
    elif post < post_limit:
        claud_cats = [3]
    else:
        claud_cats = [1, 2]
    tissue_cats = [5, 6] if inputs.major_tissue_loss is None else ([6] if inputs.major_tissue_loss else [5])
    rutherford = sorted(_cascade([(inputs.tissue_loss, tissue_cats), (inputs.rest_pain, [4]),
                                  (inputs.claudication, claud_cats)], [0]))

    asks = (
        (inputs.tissue_loss, "tissue loss (foot_wound_or_sore, nonhealing_foot_wound_2_weeks, gangrene)"),
        (inputs.rest_pain, "ischaemic rest pain (rest_pain_forefoot_night)"),
        (inputs.claudication, "claudication (claudication_history or leg_symptoms_with_walking)"),
    )
    for state, name in asks:
        if state is None:
            missing.append(name)
    if any(s in fontaine for s in ("IIa", "IIb")) and len(stage_ii) > 1:
        missing.append("claudication_distance_m")
    if any(c in rutherford for c in (1, 2, 3)) and len(claud_cats) > 1:
        missing.append("treadmill test (post_exercise_ankle_right/left)")
    if 5 in rutherford and 6 in rutherford:
        missing.append("extent of tissue loss (major loss above the transmetatarsal level = category 6)")

    f_value = fontaine[0] if len(fontaine) == 1 else None
    r_value = rutherford[0] if len(rutherford) == 1 else None
    if f_value:
        lines.append(f"Fontaine stage {f_value}.")
    else:
        lines.append(f"Fontaine stage one of {', '.join(fontaine)}.")
    if r_value is not None:
        lines.append(f"Rutherford category {r_value}: {th.get(f'rutherford_category_{r_value}').meaning}.")
    else:
        lines.append(f"Rutherford category one of {', '.join(str(c) for c in rutherford)}.")
        for c in rutherford:
            th.get(f"rutherford_category_{c}")
    if d is not None and "IIb" in fontaine:
        variant = th.get("fontaine_iib_distance_variant")
        if variant.value < d < limit:
            unverified = unverified or variant.unverified
            lines.append(f"Claudication at {fmt(d)} m: versions that put the limit at {fmt(variant.value)} m"
                         f"{unverified_tag(variant.unverified)} would call this IIa.")
    if d is not None and d == limit and "IIa" in fontaine:
        lines.append(f"Claudication at exactly {fmt(limit)} m falls on the IIa/IIb boundary.")
    if claud_cats == [1, 2] and any(c in rutherford for c in claud_cats):
        lines.append(f"Post-exercise ankle pressure {fmt(post)} mmHg (not below {fmt(post_limit)} mmHg): "
                     "category 1 if the standard treadmill test is completed with a fall of at least "
                     f"{fmt(th('rutherford_post_exercise_drop'))} mmHg, otherwise 2.")

    # objective (haemodynamic) criteria for rest pain and tissue loss
    ankle, toe = inputs.ankle_pressure_lowest, inputs.toe_pressure_lowest
    if inputs.rest_pain is True and inputs.tissue_loss is not True and (ankle is not None or toe is not None):
        met = (ankle is not None and ankle < th("rutherford_rest_pain_ankle")) or (
            toe is not None and toe < th("rutherford_rest_pain_toe"))
        lines.append("Haemodynamic criteria for category 4 (resting ankle pressure below "
                     f"{fmt(th('rutherford_rest_pain_ankle'))} mmHg or toe pressure below "
                     f"{fmt(th('rutherford_rest_pain_toe'))} mmHg) "
                     + ("are met." if met else "are not met: look for another cause of the rest pain."))
    if inputs.tissue_loss is True and (ankle is not None or toe is not None):
        met = (ankle is not None and ankle < th("rutherford_tissue_loss_ankle")) or (
            toe is not None and toe < th("rutherford_tissue_loss_toe"))
        lines.append("Haemodynamic criteria for categories 5-6 (resting ankle pressure below "
                     f"{fmt(th('rutherford_tissue_loss_ankle'))} mmHg or toe pressure below "
                     f"{fmt(th('rutherford_tissue_loss_toe'))} mmHg) "
                     + ("are met." if met else "are not met: the wound may not be mainly ischaemic."))

    clti: Tri
    if all(s in ("III", "IV") for s in fontaine):
        clti = True
        lines.append("Fontaine III-IV and Rutherford 4-6 define chronic limb-threatening ischaemia.")
    elif not any(s in ("III", "IV") for s in fontaine):
        clti = False
    else:
        clti = None
    if missing:
        lines.append("Missing to decide: " + "; ".join(missing) + ".")
    lines.append("Both classifications assume the symptoms are due to PAD.")

    result: dict[str, Any] = {
        "fontaine": f_value,
        "fontaine_candidates": fontaine,
        "rutherford": r_value,
        "rutherford_candidates": rutherford,
        "clti": clti,
        "inputs": {
            "claudication": inputs.claudication,
            "rest_pain": inputs.rest_pain,
            "tissue_loss": inputs.tissue_loss,
            "claudication_distance_m": d,
            "post_exercise_ankle_lowest": post,
            "ankle_pressure_lowest": ankle,
            "toe_pressure_lowest": toe,
        },
        "missing": missing,
    }
    calc = model.fast(model.Calculation, 
        id="pad_staging",
        name="Fontaine stage and Rutherford category (chronic PAD)",
        result=result,
        interpretation=lines,
        thresholds=th.used(),
        source="rutherford1997",
        unverified=unverified,
        complete=f_value is not None and r_value is not None,
    )
    return Outcome(calc)


def stage_case(findings: Mapping[str, bool], variables: Mapping[str, float], kb: KB) -> Outcome:
    """Stage from a case's findings and variables (see ``StagingInputs.from_case``)."""
    return stage(StagingInputs.from_case(findings, variables), kb)


def pad_objectively_present(variables: Mapping[str, float], kb: KB) -> bool:
    """The measurements show PAD (abnormal ABI or TBI, or positive exercise criteria): staging applies."""
    T = threshold_map(kb)
    v = variables.get("abi_lowest")
    if v is not None and v <= T["abi_abnormal"].value:
        return True
    v = variables.get("tbi_lowest")
    if v is not None and v <= T["tbi_abnormal"].value:
        return True
    v = variables.get("exercise_abi_drop_fraction_max")
    if v is not None and v > T["exercise_abi_drop_fraction"].value:
        return True
    v = variables.get("exercise_ankle_drop_mmhg_max")
    return v is not None and v > T["exercise_ankle_drop_mmhg"].value


_CLAUDICATION = rules.compiled(CLAUDICATION_RULE)
_REST_PAIN = rules.compiled(REST_PAIN_RULE)
_TISSUE_LOSS = rules.compiled(TISSUE_LOSS_RULE)
_STAGED: dict[tuple[object, ...], tuple[KB, model.Calculation]] = {}
_STAGED_MAX = 20_000


def staged(findings: Mapping[str, bool], variables: Mapping[str, float], kb: KB) -> model.Calculation:
    """``stage_case(...).calculation``, kept by the staging inputs (the calculation is immutable and shared
    between cases with the same inputs; the memo is bounded, cleared when full). Inputs that are not
    floats, or are zero (0.0 and -0.0 print differently), are not kept."""
    ctx = rules.Context(findings=findings, variables=variables)
    d = variables.get("claudication_distance_m")
    pr = variables.get("post_exercise_ankle_right")
    pl = variables.get("post_exercise_ankle_left")
    post = pl if pr is None else pr if pl is None else min(pr, pl)
    ankle = variables.get("ankle_pressure_lowest")
    toe = variables.get("toe_pressure_lowest")
    key = (id(kb), _CLAUDICATION(ctx), _REST_PAIN(ctx), _TISSUE_LOSS(ctx), d, post, ankle, toe)
    keep = True
    for x in (d, post, ankle, toe):
        if x is not None and (type(x) is not float or x == 0):
            keep = False
    if keep:
        hit = _STAGED.get(key)
        if hit is not None and hit[0] is kb:
            return hit[1]
    calc = stage_case(findings, variables, kb).calculation
    if keep:
        if len(_STAGED) >= _STAGED_MAX:
            _STAGED.clear()
        _STAGED[key] = (kb, calc)
    return calc
