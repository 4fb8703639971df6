"""Clinical cases on the real knowledge base: tests that would catch real diagnostic mistakes.

Each test states a presentation a clinician would recognise and the answer a careful clinician would
give. The core mistake guarded against is the direction of symptoms with walking: neurogenic
claudication (lumbar spinal stenosis) gets WORSE with walking and is relieved by sitting or bending
forward, vascular claudication (PAD) is relieved by standing still, and a few rare conditions get
BETTER with walking (seed 000 is an answer engine that got this backwards).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import legdx
from legdx.engine.compiled import default_compiled
from legdx.knowledge import rules
from legdx.knowledge.schema import TRIAGE_ORDER

P, A = "present", "absent"
CK = default_compiled()
KB = CK.kb

LSS = "lumbar_spinal_stenosis"
PAD = "peripheral_artery_disease"
#: Conditions whose symptoms improve with walking or continued movement (facts.md section 7).
IMPROVE_WITH_EXERTION = {
    "lambert_eaton_myasthenic_syndrome",
    "myotonia_congenita",
    "mcardle_disease",
    "restless_legs_syndrome",
    "axial_spondyloarthritis",
    "polymyalgia_rheumatica",
}
#: Conditions whose symptoms are provoked by walking or exertion (claudication of any kind).
CLAUDICATION = {
    LSS,
    PAD,
    "venous_claudication",
    "chronic_exertional_compartment_syndrome",
    "popliteal_artery_entrapment",
}


def case(
    age: int | None,
    *present: str,
    absent: tuple[str, ...] = (),
    measurements: dict[str, float] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    findings = {f: P for f in present}
    findings.update({f: A for f in absent})
    out: dict[str, Any] = {"findings": findings, **extra}
    if age is not None:
        out["age"] = age
    if measurements:
        out["measurements"] = measurements
    return out


def assess(c: dict[str, Any], audience: str = "clinician") -> Any:
    return legdx.assess(c, audience=audience)


def order(a: Any) -> list[str]:
    return [d.id for d in a.differential]


def prob(a: Any, cid: str) -> float:
    return next(d.probability for d in a.differential if d.id == cid)


def pretest(a: Any, cid: str) -> float:
    return next(d.pretest_probability for d in a.differential if d.id == cid)


def rank(level: str) -> int:
    """0 = most urgent."""
    return TRIAGE_ORDER.index(level)


def workup_ids(a: Any) -> list[str]:
    return [w.test for w in a.workup]


def workup_item(a: Any, test: str) -> Any:
    return next(w for w in a.workup if w.test == test)


# ==================================================================================================
# Seed 000: "bilateral lower extremity weakness that improves with walking"


@pytest.mark.parametrize("age", [55, 60, 65, 70])
def test_seed000_weakness_improving_with_walking_is_not_spinal_stenosis(age: int) -> None:
    a = assess(case(age, "bilateral_leg_weakness", "symptoms_improve_with_walking"))
    ranked = order(a)
    assert ranked[0] != LSS
    assert set(ranked[:3]) <= IMPROVE_WITH_EXERTION, ranked[:3]
    # improvement with walking argues against both kinds of claudication
    for cid in (LSS, PAD):
        assert prob(a, cid) < pretest(a, cid)
    for cid in ranked[:3]:
        assert prob(a, cid) > pretest(a, cid)


@pytest.mark.parametrize("audience", ["clinician", "patient"])
def test_seed000_direction_check_says_spinal_stenosis_gets_worse_with_walking(audience: str) -> None:
    a = assess(case(62, "bilateral_leg_weakness", "symptoms_improve_with_walking"), audience)
    dc = a.direction_check
    assert dc is not None
    assert "symptoms_improve_with_walking" in dc.reported
    marker = "This does not fit well with:" if audience == "patient" else "It goes against:"
    assert marker in dc.message
    fits, against = dc.message.split(marker)
    lss_name = getattr(KB.conditions[LSS].name, audience)
    assert f"{lss_name} (worse with walking" in against
    assert lss_name not in fits
    if audience == "clinician":
        assert "neurogenic claudication" in lss_name.lower()


def test_seed000_same_weakness_made_worse_by_walking_and_eased_by_sitting_is_spinal_stenosis() -> None:
    """The direction decides: the same weakness with the neurogenic pattern puts LSS first."""
    a = assess(
        case(
            66,
            "bilateral_leg_weakness",
            "neurogenic_claudication_history",
            "relief_requires_sitting_or_flexion",
            "improves_bending_forward",
        )
    )
    assert order(a)[0] == LSS


# ==================================================================================================
# Seed 002: neurogenic vs vascular claudication, feature by feature (paired cases)

PAIR_BASE = case(68, "leg_symptoms_with_walking")
#: (name, spine-side findings, vascular-side findings)
SEED002_PAIRS = [
    (
        "relief: sitting or leaning forward vs standing still",
        {"relief_requires_sitting_or_flexion": P},
        {"relieved_by_standing_still": P},
    ),
    ("slope: downhill worse vs uphill worse", {"worse_walking_downhill": P}, {"worse_walking_uphill": P}),
    ("pedal pulses: normal vs absent", {"pedal_pulses_normal": P}, {"palpable_pulse_abnormality": P}),
    (
        "bicycle: tolerated vs provokes the same symptoms",
        {"cycling_provokes_same_symptoms": A},
        {"cycling_provokes_same_symptoms": P},
    ),
]


def with_findings(base: dict[str, Any], extra: dict[str, str]) -> dict[str, Any]:
    return {**base, "findings": {**base["findings"], **extra}}


@pytest.mark.parametrize(
    ("name", "spine", "vascular"), SEED002_PAIRS, ids=[p[0].split(":")[0] for p in SEED002_PAIRS]
)
def test_seed002_each_feature_moves_lss_and_pad_in_opposite_directions(
    name: str, spine: dict[str, str], vascular: dict[str, str]
) -> None:
    base = assess(PAIR_BASE)
    s = assess(with_findings(PAIR_BASE, spine))
    v = assess(with_findings(PAIR_BASE, vascular))
    assert prob(s, LSS) > prob(base, LSS) > prob(v, LSS), name
    assert prob(s, PAD) < prob(base, PAD) < prob(v, PAD), name


def _picture(side: int, base: dict[str, Any] = PAIR_BASE) -> dict[str, Any]:
    merged: dict[str, str] = {}
    for pair in SEED002_PAIRS:
        merged.update(pair[side])
    return with_findings(base, merged)


def test_seed002_typical_neurogenic_picture_puts_spinal_stenosis_first() -> None:
    a = assess(_picture(1))
    assert order(a)[0] == LSS
    assert prob(a, PAD) < pretest(a, PAD)


def test_seed002_typical_vascular_picture_puts_pad_first() -> None:
    a = assess(_picture(2))
    assert order(a)[0] == PAD
    assert prob(a, LSS) < pretest(a, LSS)


def test_seed002_neurogenic_picture_in_a_smoker_with_diabetes_still_gets_an_abi_before_the_mri() -> None:
    """LSS and PAD coexist: a spine pattern must not suppress the ABI when vascular risk is present."""
    smoker = case(68, "leg_symptoms_with_walking", "smoking_history", "diabetes")
    a = assess(_picture(1, smoker))
    assert order(a)[0] == LSS
    tests = workup_ids(a)
    assert "resting_abi" in tests and "lumbar_mri" in tests
    assert tests.index("resting_abi") < tests.index("lumbar_mri")


# ==================================================================================================
# Typical cases of every catalog condition

TYPICAL: dict[str, dict[str, Any]] = {
    LSS: case(
        72,
        "neurogenic_claudication_history",
        "relief_requires_sitting_or_flexion",
        "improves_bending_forward",
        "bilateral_buttock_or_leg_pain",
        "worse_walking_downhill",
        "pedal_pulses_normal",
        "shopping_cart_sign",
    ),
    PAD: case(
        68,
        "smoking_history",
        "diabetes",
        "claudication_history",
        "calf_pain_location",
        "relieved_by_standing_still",
        "worse_walking_uphill",
        "palpable_pulse_abnormality",
        "cycling_provokes_same_symptoms",
    ),
    "chronic_limb_threatening_ischemia": case(
        75,
        "diabetes",
        "smoking_history",
        "rest_pain_forefoot_night",
        "pain_relieved_by_dependency",
        "nonhealing_foot_wound_2_weeks",
        "palpable_pulse_abnormality",
    ),
    "acute_limb_ischemia": case(
        70,
        "atrial_fibrillation",
        "sudden_onset_leg_pain",
        "pale_limb",
        "cold_limb",
        "pulseless_limb",
        "paresthesia_limb",
    ),
    "venous_claudication": case(
        45,
        "previous_dvt",
        "bursting_thigh_pain",
        "leg_symptoms_with_walking",
        "slow_relief_20_30_min",
        "leg_elevation_relief",
        "venous_skin_changes",
        "pedal_pulses_normal",
    ),
    "deep_vein_thrombosis": case(
        55,
        "unilateral_calf_swelling",
        "deep_vein_tenderness",
        "pitting_edema_one_leg",
        "wells_bedridden_or_surgery",
    ),
    "chronic_exertional_compartment_syndrome": case(
        22,
        "regular_sport_training",
        "symptoms_with_running_or_sport",
        "compartment_tightness_exercise",
        "reproducible_claudication_distance",
        "exercise_foot_numbness",
        "pedal_pulses_normal",
    ),
    "popliteal_artery_entrapment": case(
        24,
        "regular_sport_training",
        "claudication_history",
        "calf_pain_location",
        "pulses_disappear_plantar_flexion",
    ),
    "hip_osteoarthritis": case(
        66,
        "hip_or_groin_pain",
        "pain_on_hip_internal_rotation",
        "hip_internal_rotation_limited",
        "brief_stiffness_after_rest",
        "leg_symptoms_with_walking",
    ),
    "knee_osteoarthritis": case(
        64,
        "knee_pain_weight_bearing",
        "knee_crepitus",
        "knee_bony_enlargement",
        "brief_stiffness_after_rest",
        "leg_symptoms_with_walking",
    ),
    "lumbar_radiculopathy": case(
        42,
        "radicular_pain",
        "leg_pain_worse_than_back_pain",
        "straight_leg_raise_positive",
        "crossed_straight_leg_raise_positive",
        "pain_worse_coughing_sneezing",
        "pain_worse_sitting",
    ),
    "cauda_equina_syndrome": case(
        45, "saddle_anesthesia", "new_urinary_retention_or_incontinence", "bilateral_sciatica", "back_pain"
    ),
    "cervical_myelopathy": case(
        62, "hand_clumsiness", "gait_deviation", "hoffmann_sign", "babinski_sign", "hyperreflexia"
    ),
    "spinal_infection_or_tumor": case(
        58,
        "iv_drug_use",
        "fever_with_back_pain",
        "back_pain",
        "esr_or_crp_raised",
        "thoracic_or_progressive_back_pain",
    ),
    "peripheral_neuropathy": case(
        66,
        "diabetes",
        "stocking_numbness_or_burning",
        "distal_symmetric_sensory_loss",
        "absent_achilles_reflex",
        "symptoms_at_rest",
        "leg_symptoms_worse_evening_or_night",
    ),
    "guillain_barre_syndrome": case(
        40,
        "ascending_symmetric_weakness_days",
        "areflexia",
        "recent_diarrhea_or_respiratory_infection",
        "bilateral_leg_weakness",
    ),
    "lambert_eaton_myasthenic_syndrome": case(
        62,
        "smoking_history",
        "bilateral_leg_weakness",
        "proximal_leg_weakness",
        "strength_improves_after_brief_effort",
        "dry_mouth_or_autonomic_symptoms",
        "areflexia",
    ),
    "myasthenia_gravis": case(35, "fatigable_weakness", "ptosis_or_diplopia", "bilateral_leg_weakness"),
    "mcardle_disease": case(
        25, "second_wind", "exercise_cramps_first_minutes", "lifelong_symptoms_since_childhood", "ck_raised"
    ),
    "myotonia_congenita": case(
        20,
        "stiffness_eases_with_repetition",
        "delayed_muscle_relaxation",
        "muscle_hypertrophy",
        "lifelong_symptoms_since_childhood",
        "stiffness_worse_with_cold",
    ),
    "inflammatory_myopathy": case(
        60,
        "statin_use",
        "proximal_leg_weakness",
        "bilateral_leg_weakness",
        "ck_raised",
        "muscle_aches_both_legs",
    ),
    "metabolic_or_endocrine_weakness": case(
        50,
        "generalized_fatigue",
        "bilateral_leg_weakness",
        "proximal_leg_weakness",
        measurements={"potassium": 2.8},
    ),
    "axial_spondyloarthritis": case(
        28,
        "chronic_back_pain_over_3_months",
        "ibp_onset_before_40",
        "ibp_insidious_onset",
        "ibp_improves_with_exercise",
        "ibp_no_improvement_with_rest",
        "ibp_night_pain_better_on_getting_up",
        "symptoms_improve_with_walking",
        "morning_stiffness_over_45_min",
    ),
    "polymyalgia_rheumatica": case(
        72,
        "bilateral_shoulder_aching",
        "hip_girdle_pain",
        "morning_stiffness_over_45_min",
        "esr_or_crp_raised",
        "rf_acpa_negative",
        absent=("other_joint_pain",),
    ),
    "restless_legs_syndrome": case(
        50,
        "urge_to_move_legs",
        "symptoms_improve_with_walking",
        "leg_symptoms_worse_evening_or_night",
        "symptoms_at_rest",
    ),
    "multiple_sclerosis": case(
        32,
        "relapsing_remitting_episodes",
        "heat_worsens_symptoms",
        "hyperreflexia",
        "urinary_urgency",
        "leg_symptoms_with_walking",
    ),
    "stroke": case(
        70, "sudden_unilateral_weakness", "facial_droop", "speech_disturbance", "atrial_fibrillation"
    ),
    "parkinson_disease": case(70, "bradykinesia", "rest_tremor", "rigidity", "shuffling_gait_or_freezing"),
    "normal_pressure_hydrocephalus": case(75, "magnetic_gait", "urinary_urgency", "cognitive_slowing"),
    "amyotrophic_lateral_sclerosis": case(
        60,
        "muscle_wasting",
        "fasciculations",
        "hyperreflexia",
        "no_sensory_loss",
        "slowly_progressive_weakness_months",
    ),
    "exertional_overuse": case(
        28,
        "recent_unaccustomed_exercise",
        "soreness_peaks_24_72h",
        "symptoms_improving_over_days",
        "muscle_aches_both_legs",
        absent=("diabetes", "smoking_history"),
    ),
}
#: The rare conditions identified by how they get better with exertion: their hallmark must put them first.
HALLMARK_FIRST = {
    "mcardle_disease": "second wind",
    "myotonia_congenita": "warm-up",
    "lambert_eaton_myasthenic_syndrome": "facilitation",
    "restless_legs_syndrome": "urge to move",
    "axial_spondyloarthritis": "inflammatory back pain",
}


def test_typical_cases_cover_the_whole_catalog() -> None:
    assert set(TYPICAL) == set(KB.conditions)


@pytest.mark.parametrize("cid", sorted(TYPICAL))
def test_typical_case_has_its_condition_in_the_top_three(cid: str) -> None:
    a = assess(TYPICAL[cid])
    ranked = order(a)
    assert cid in ranked[:3], ranked[:5]
    assert prob(a, cid) > pretest(a, cid)


@pytest.mark.parametrize("cid", sorted(HALLMARK_FIRST))
def test_exertion_hallmark_puts_the_rare_condition_first(cid: str) -> None:
    a = assess(TYPICAL[cid])
    assert order(a)[0] == cid, (HALLMARK_FIRST[cid], order(a)[:3])
    for claud in (LSS, PAD):
        assert prob(a, claud) <= pretest(a, claud)


@pytest.mark.parametrize(
    ("finding", "cid"),
    [
        ("second_wind", "mcardle_disease"),
        ("stiffness_eases_with_repetition", "myotonia_congenita"),
        ("strength_improves_after_brief_effort", "lambert_eaton_myasthenic_syndrome"),
        ("urge_to_move_legs", "restless_legs_syndrome"),
    ],
)
def test_a_better_with_exertion_hallmark_lowers_spinal_stenosis_and_pad(finding: str, cid: str) -> None:
    base = case(64, "leg_symptoms_with_walking", "bilateral_leg_weakness")
    with_hallmark = with_findings(base, {finding: P})
    a0, a1 = assess(base), assess(with_hallmark)
    assert prob(a1, cid) > prob(a0, cid)
    for claud in (LSS, PAD):
        assert prob(a1, claud) < prob(a0, claud), (finding, claud)


# ==================================================================================================
# The direction-with-exertion matrix is complete (structural checks on the real KB)


def _lr(cid: str, fid: str) -> Any:
    return KB.conditions[cid].findings.get(fid)


@pytest.mark.parametrize("cid", sorted(KB.conditions))
def test_every_condition_states_the_direction_with_walking(cid: str) -> None:
    for fid in ("leg_symptoms_with_walking", "symptoms_improve_with_walking"):
        assert _lr(cid, fid) is not None, (cid, fid)
    improve = _lr(cid, "symptoms_improve_with_walking").lr_pos
    if cid in CLAUDICATION:
        assert improve is not None and improve <= 0.15
        for fid in (
            "second_wind",
            "stiffness_eases_with_repetition",
            "strength_improves_after_brief_effort",
            "urge_to_move_legs",
            "fatigable_weakness",
        ):
            lr = _lr(cid, fid)
            assert lr is not None and lr.lr_pos is not None and lr.lr_pos < 1, (cid, fid)
    if cid in IMPROVE_WITH_EXERTION:
        assert improve is not None and improve > 1


@pytest.mark.parametrize(
    ("cid", "direction"),
    [
        ("lumbar_radiculopathy", "down"),
        ("knee_osteoarthritis", "down"),
        ("hip_osteoarthritis", "down"),
        ("restless_legs_syndrome", "down"),
        ("exertional_overuse", "down"),
        ("deep_vein_thrombosis", "down"),
        ("lambert_eaton_myasthenic_syndrome", "up"),
        ("inflammatory_myopathy", "up"),
        ("mcardle_disease", "up"),
        ("guillain_barre_syndrome", "up"),
        ("cauda_equina_syndrome", "up"),
        ("cervical_myelopathy", "up"),
    ],
)
def test_bilateral_leg_weakness_points_the_right_way(cid: str, direction: str) -> None:
    lr = _lr(cid, "bilateral_leg_weakness")
    assert lr is not None and lr.lr_pos is not None
    assert (lr.lr_pos < 1) if direction == "down" else (lr.lr_pos > 1)


def test_lss_and_pad_cannot_win_on_a_second_wind() -> None:
    a = assess(case(45, "second_wind", "exercise_cramps_first_minutes", "leg_symptoms_with_walking"))
    assert order(a)[0] == "mcardle_disease"


# ==================================================================================================
# Correlated findings count once


def test_very_high_ck_and_raised_ck_share_a_cluster() -> None:
    assert CK.cluster_of["ck_very_high"] == CK.cluster_of["ck_raised"]
    both = assess(case(58, "ck_raised", "proximal_leg_weakness", measurements={"ck": 4500}))
    one = assess(case(58, "ck_raised", "proximal_leg_weakness"))
    ratio = (prob(both, "inflammatory_myopathy") / (1 - prob(both, "inflammatory_myopathy"))) / (
        prob(one, "inflammatory_myopathy") / (1 - prob(one, "inflammatory_myopathy"))
    )
    # ck_very_high (8) replaces ck_raised (5) instead of multiplying with it
    assert ratio == pytest.approx(8 / 5, rel=1e-3)


def test_areflexia_and_absent_achilles_reflex_share_a_cluster() -> None:
    assert CK.cluster_of["areflexia"] == CK.cluster_of["absent_achilles_reflex"]


def test_bilateral_weakness_findings_share_a_cluster() -> None:
    clusters = {
        CK.cluster_of[f]
        for f in (
            "bilateral_leg_weakness",
            "bilateral_leg_weakness_progressive",
            "ascending_symmetric_weakness_days",
        )
    }
    assert len(clusters) == 1


def _lems_lr_used(findings: dict[str, str]) -> float:
    a = assess({"age": 60, "findings": findings})
    d = next(x for x in a.differential if x.id == "lambert_eaton_myasthenic_syndrome")
    used = [
        e.lr_used for e in d.evidence_for + d.evidence_against if CK.cluster_of[e.finding] == "cmap_increment"
    ]
    counted = [u for u in used if u != 1.0]
    assert len(counted) == 1
    return counted[0]


def test_cmap_increment_bands_are_mutually_exclusive() -> None:
    ge100 = _lems_lr_used({"lems_increment_ge_60": P, "lems_increment_ge_100": P})
    band = _lems_lr_used({"lems_increment_ge_60": P, "lems_increment_ge_100": A})
    open_ = _lems_lr_used({"lems_increment_ge_60": P})
    below = _lems_lr_used({"lems_increment_ge_60": A, "lems_increment_ge_100": A})
    # a 60-99% result must not count the >= 60% LR (70.7) or the >= 100% LR (110)
    assert below < 1 < band < open_ < ge100
    assert band == pytest.approx(17.7, rel=0.01)


@pytest.mark.parametrize(
    "score",
    [
        "konno_tool_score_ge_7",
        "cook_lss_cluster_4_of_5",
        "ecq_positive",
        "asas_ibp_4_of_5",
        "pmr_eular_acr_score_ge_4",
    ],
)
def test_scores_share_a_cluster_with_an_item_they_contain(score: str) -> None:
    item = {
        "konno_tool_score_ge_7": "neurogenic_claudication_history",
        "cook_lss_cluster_4_of_5": "leg_symptoms_with_walking",
        "ecq_positive": "claudication_history",
        "asas_ibp_4_of_5": "ibp_improves_with_exercise",
        "pmr_eular_acr_score_ge_4": "morning_stiffness_over_45_min",
    }[score]
    assert CK.cluster_of[score] == CK.cluster_of[item]


# ==================================================================================================
# Red flags: each of the 14 from a realistic presentation

#: flag -> (presentation, catalog.md floor, escalation findings, escalated level)
RED_FLAG_CASES: dict[str, tuple[dict[str, Any], str, tuple[str, ...], str | None]] = {
    "acute_limb_ischemia": (
        case(74, "atrial_fibrillation", "sudden_onset_leg_pain", "cold_limb", "pale_limb", "pulseless_limb"),
        "emergency",
        ("paresthesia_limb",),
        "emergency_ambulance",
    ),
    "cauda_equina": (
        case(
            47,
            "back_pain",
            "bilateral_sciatica",
            "saddle_anesthesia",
            "new_urinary_retention_or_incontinence",
        ),
        "emergency",
        ("bilateral_leg_weakness_progressive",),
        "emergency_ambulance",
    ),
    "spinal_cord_compression": (
        case(
            66,
            "cancer_history",
            "thoracic_or_progressive_back_pain",
            "sensory_level",
            "bilateral_leg_weakness",
        ),
        "emergency",
        ("bilateral_leg_weakness_progressive",),
        "emergency_ambulance",
    ),
    "spinal_infection": (
        case(38, "iv_drug_use", "back_pain", "fever_with_back_pain"),
        "emergency",
        ("bilateral_leg_weakness_progressive",),
        "emergency_ambulance",
    ),
    "spinal_malignancy": (
        case(63, "cancer_history_new_back_pain", "nocturnal_back_pain", "back_pain"),
        "consultation_24",
        ("new_leg_weakness",),
        "emergency",
    ),
    "chronic_limb_threatening_ischemia": (
        case(
            76,
            "diabetes",
            "smoking_history",
            "rest_pain_forefoot_night",
            "pain_relieved_by_dependency",
            "palpable_pulse_abnormality",
        ),
        "consultation_24",
        ("foot_infection_or_sepsis",),
        "emergency",
    ),
    "deep_vein_thrombosis": (
        case(
            58,
            "wells_bedridden_or_surgery",
            "unilateral_calf_swelling",
            "deep_vein_tenderness",
            "pitting_edema_one_leg",
        ),
        "emergency",
        ("dyspnea_sudden", "pleuritic_chest_pain"),
        "emergency_ambulance",
    ),
    "guillain_barre": (
        case(
            34,
            "recent_diarrhea_or_respiratory_infection",
            "ascending_symmetric_weakness_days",
            "areflexia",
            "bilateral_leg_weakness",
        ),
        "emergency",
        ("dyspnea_or_weak_cough",),
        "emergency_ambulance",
    ),
    "progressive_neurological_deficit": (
        case(52, "radicular_pain", "progressive_motor_deficit"),
        "consultation_24",
        ("sphincter_dysfunction",),
        "emergency",
    ),
    "stroke": (
        case(71, "sudden_unilateral_weakness", "facial_droop", "speech_disturbance"),
        "emergency_ambulance",
        (),
        None,
    ),
    "rhabdomyolysis": (
        case(
            24,
            "recent_unaccustomed_exercise",
            "dark_urine_after_exercise",
            "muscle_aches_both_legs",
            measurements={"ck": 42000},
        ),
        "emergency",
        (),
        None,
    ),
    "myasthenic_crisis": (
        case(41, "fatigable_weakness", "ptosis_or_diplopia", "dysphagia", "dyspnea_with_fatigable_weakness"),
        "emergency_ambulance",
        (),
        None,
    ),
    "acute_compartment_syndrome": (
        case(
            27,
            "symptoms_with_running_or_sport",
            "pain_out_of_proportion",
            "tense_compartment",
            "pain_on_passive_stretch",
            "pain_not_settling_with_rest",
        ),
        "emergency_ambulance",
        (),
        None,
    ),
    "giant_cell_arteritis": (
        case(
            74,
            "bilateral_shoulder_aching",
            "morning_stiffness_over_45_min",
            "new_headache_over_50",
            "jaw_claudication",
        ),
        "emergency",
        (),
        None,
    ),
}


def test_red_flag_cases_cover_all_fourteen_flags() -> None:
    assert set(RED_FLAG_CASES) == set(KB.red_flags)
    assert len(RED_FLAG_CASES) == 14


def _flag(a: Any, flag_id: str) -> Any:
    return next((h for h in a.red_flags if h.id == flag_id), None)


@pytest.mark.parametrize("flag_id", sorted(RED_FLAG_CASES))
def test_red_flag_raised_at_its_catalog_floor(flag_id: str) -> None:
    presentation, floor, _esc, _lvl = RED_FLAG_CASES[flag_id]
    a = assess(presentation)
    hit = _flag(a, flag_id)
    assert hit is not None, [h.id for h in a.red_flags]
    assert hit.level == floor
    assert a.triage.red_flag_floor is not None and rank(a.triage.red_flag_floor) <= rank(floor)
    assert rank(a.triage.level) <= rank(floor)
    assert a.triage.level != "self_care"


@pytest.mark.parametrize("flag_id", sorted(f for f, v in RED_FLAG_CASES.items() if v[2]))
def test_red_flag_escalates(flag_id: str) -> None:
    presentation, floor, escalation, escalated = RED_FLAG_CASES[flag_id]
    assert escalated is not None and rank(escalated) < rank(floor)
    for fid in escalation:
        a = assess(with_findings(presentation, {fid: P}))
        hit = _flag(a, flag_id)
        assert hit is not None and hit.level == escalated, (fid, hit)
        assert rank(a.triage.level) <= rank(escalated)


_TRIGGER_REFS = {fid: rules.referenced_findings(rf.trigger) for fid, rf in KB.red_flags.items()}
ALL_FINDING_IDS = sorted(KB.findings)
_EXTRA = st.dictionaries(st.sampled_from(ALL_FINDING_IDS), st.sampled_from([P, A]), max_size=20)
_FLAG_LEVELS = [(fid, v[0], v[1]) for fid, v in RED_FLAG_CASES.items()] + [
    (fid, with_findings(v[0], {e: P for e in v[2]}), v[3]) for fid, v in RED_FLAG_CASES.items() if v[2]
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.sampled_from(_FLAG_LEVELS), extra=_EXTRA)
def test_other_findings_never_lower_triage_below_the_red_flag_floor(
    which: tuple[str, dict[str, Any], str], extra: dict[str, str]
) -> None:
    flag_id, presentation, floor = which
    keep = {f for f, s in presentation["findings"].items() if s == P}
    findings = {f: s for f, s in extra.items() if f not in keep}
    findings.update(presentation["findings"])
    a = assess({**presentation, "findings": findings})
    assert _flag(a, flag_id) is not None
    assert rank(a.triage.level) <= rank(floor), (flag_id, a.triage.level, floor)


# ==================================================================================================
# A present finding with LR+ > 1 never lowers its own condition's probability

_POSITIVE_LINKS = sorted(
    (use.condition, use.finding)
    for uses in CK.links.values()
    for use in uses
    if use.raw.lr_pos is not None and use.raw.lr_pos > 1 and KB.findings[use.finding].derive is None
)


def _related(cid: str) -> list[str]:
    """Findings that can interact with a condition's LRs: its own links, the items of the scores and
    derived findings it uses, so that random cases complete scores and derivations often enough."""
    out = {use.finding for use in CK.links[cid]}
    for fid in list(out):
        if KB.findings[fid].derive is not None:
            out |= rules.referenced_findings(KB.findings[fid].derive)
    for inst in KB.instruments.values():
        items = set().union(*(rules.referenced_findings(it.when) for it in inst.items))
        if any(
            KB.findings[f].derive is not None
            and inst.variable in rules.referenced_variables(KB.findings[f].derive)
            for f in out
        ):
            out |= items
    return sorted(out)


_RELATED = {cid: _related(cid) for cid in KB.conditions}


_LINKS_BY_CONDITION = {cid: sorted(f for c, f in _POSITIVE_LINKS if c == cid) for cid in KB.conditions}


@st.composite
def _link_and_base(draw: st.DrawFn) -> tuple[str, str, dict[str, str]]:
    cid = draw(st.sampled_from(sorted(c for c, fs in _LINKS_BY_CONDITION.items() if fs)))
    fid = draw(st.sampled_from(_LINKS_BY_CONDITION[cid]))
    # every related finding gets a state (present, absent or unknown), so scores and derived findings
    # are often complete; a few unrelated findings are added on top
    states = draw(
        st.lists(st.sampled_from([P, A, None]), min_size=len(_RELATED[cid]), max_size=len(_RELATED[cid]))
    )
    near = {f: s for f, s in zip(_RELATED[cid], states, strict=True) if s is not None}
    far = draw(st.dictionaries(st.sampled_from(ALL_FINDING_IDS), st.sampled_from([P, A]), max_size=6))
    base = {**far, **near}
    base.pop(fid, None)
    return cid, fid, base


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drawn=_link_and_base(), age=st.one_of(st.none(), st.integers(min_value=18, max_value=95)))
def test_present_finding_with_lr_above_one_never_lowers_its_condition(
    drawn: tuple[str, str, dict[str, str]], age: int | None
) -> None:
    cid, fid, base = drawn
    without = assess(case(age) | {"findings": base})
    with_it = assess(case(age) | {"findings": {**base, fid: P}})
    assert prob(with_it, cid) >= prob(without, cid) - 1e-9, (cid, fid)


@pytest.mark.parametrize(
    ("cid", "fid", "age", "base"),
    [
        # completing the Konno tool below 7 must not turn flexion relief into evidence against LSS
        (
            LSS,
            "improves_bending_forward",
            55,
            {
                "neurogenic_claudication_history": P,
                "diabetes": P,
                "worse_on_standing_up": A,
                "symptoms_induced_bending_forward": P,
                "symptoms_induced_bending_backward": A,
                "pedal_pulses_normal": A,
                "absent_achilles_reflex": A,
                "straight_leg_raise_positive": P,
            },
        ),
        # completing the PMR entry criteria with a low score must not turn a raised ESR against PMR
        (
            "polymyalgia_rheumatica",
            "esr_or_crp_raised",
            70,
            {
                "bilateral_shoulder_aching": P,
                "hip_girdle_pain": P,
                "rf_acpa_negative": A,
                "other_joint_pain": P,
            },
        ),
    ],
)
def test_completing_a_score_never_turns_a_positive_finding_against_its_condition(
    cid: str, fid: str, age: int, base: dict[str, str]
) -> None:
    without = assess(case(age) | {"findings": base})
    with_it = assess(case(age) | {"findings": {**base, fid: P}})
    assert prob(with_it, cid) >= prob(without, cid)


# ==================================================================================================
# PAD work-up: the ABI is the test, and the right follow-on test is offered

ARMS = {"brachial_right": 132, "brachial_left": 128}


def test_pad_with_normal_pulses_but_high_risk_gets_a_resting_abi_before_lumbar_mri() -> None:
    a = assess(
        case(
            67,
            "smoking_history",
            "diabetes",
            "hypertension",
            "claudication_history",
            "leg_symptoms_with_walking",
            "pedal_pulses_normal",
            "bilateral_buttock_or_leg_pain",
            "improves_bending_forward",
        )
    )
    tests = workup_ids(a)
    assert "resting_abi" in tests and "lumbar_mri" in tests
    assert tests.index("resting_abi") < tests.index("lumbar_mri")
    assert not workup_item(a, "resting_abi").done
    assert any(r.condition == PAD for r in workup_item(a, "resting_abi").why)


@pytest.mark.parametrize("ankle", [140, 125], ids=["normal", "borderline"])
def test_exercise_abi_when_resting_abi_is_normal_or_borderline_and_claudication_persists(ankle: int) -> None:
    m = {**ARMS, "dp_right": ankle, "pt_right": ankle - 2, "dp_left": ankle - 4, "pt_left": ankle}
    a = assess(
        case(
            64,
            "smoking_history",
            "claudication_history",
            "leg_symptoms_with_walking",
            "relieved_by_standing_still",
            "calf_pain_location",
            measurements=m,
        )
    )
    assert workup_item(a, "resting_abi").done
    ex = workup_item(a, "exercise_treadmill_abi")
    assert not ex.done
    # once the post-exercise pressures are in, the exercise ABI is done
    m2 = {**m, "post_exercise_ankle_right": 80, "post_exercise_ankle_left": 85, "post_exercise_brachial": 150}
    a2 = assess(
        case(
            64,
            "smoking_history",
            "claudication_history",
            "leg_symptoms_with_walking",
            "relieved_by_standing_still",
            "calf_pain_location",
            measurements=m2,
        )
    )
    assert workup_item(a2, "exercise_treadmill_abi").done
    assert prob(a2, PAD) > prob(a, PAD)


def test_no_exercise_abi_when_the_resting_abi_already_shows_pad() -> None:
    m = {**ARMS, "dp_right": 90, "pt_right": 95, "dp_left": 100, "pt_left": 98}
    a = assess(case(70, "smoking_history", "claudication_history", measurements=m))
    assert "exercise_treadmill_abi" not in workup_ids(a)
    assert order(a)[0] == PAD


def test_toe_brachial_index_when_ankle_arteries_are_noncompressible() -> None:
    m = {**ARMS, "dp_right": 210, "pt_right": 220, "dp_left": 205, "pt_left": 215}
    presentation = case(72, "diabetes", "chronic_kidney_disease", "claudication_history", measurements=m)
    a = assess(presentation)
    assert workup_item(a, "resting_abi").done
    tbi = workup_item(a, "toe_brachial_index")
    assert not tbi.done
    a2 = assess({**presentation, "measurements": {**m, "toe_right": 60, "toe_left": 55}})
    assert workup_item(a2, "toe_brachial_index").done
    assert prob(a2, PAD) > prob(a, PAD)  # TBI 0.45 <= 0.70


def test_lumbar_mri_marked_done_when_its_result_is_known() -> None:
    lss = TYPICAL[LSS]
    assert not workup_item(assess(lss), "lumbar_mri").done
    assert workup_item(assess(with_findings(lss, {"lumbar_mri_stenosis": P})), "lumbar_mri").done


def test_every_done_when_rule_reads_known_findings() -> None:
    problems = []
    for tid, t in KB.tests.items():
        if t.done_when is not None:
            problems += rules.check(
                t.done_when,
                findings=set(KB.findings),
                conditions=set(KB.conditions),
                levels=TRIAGE_ORDER,
                where=f"tests.{tid}.done_when",
            )
    assert not problems


# ==================================================================================================
# Self-care: only for temporary overuse in a young person without vascular risk or red flags

OVERUSE = (
    "recent_unaccustomed_exercise",
    "soreness_peaks_24_72h",
    "symptoms_improving_over_days",
    "muscle_aches_both_legs",
)


def test_self_care_for_overuse_in_a_young_person_without_vascular_risk() -> None:
    a = assess(case(26, *OVERUSE, absent=("diabetes", "smoking_history")))
    assert a.triage.level == "self_care"
    assert order(a)[0] == "exertional_overuse"
    assert not a.red_flags


@pytest.mark.parametrize(
    ("age", "present", "absent"),
    [
        (55, ("diabetes",), ("smoking_history",)),
        (55, ("smoking_history",), ("diabetes",)),
        (68, ("smoking_history", "diabetes"), ()),
        (26, ("diabetes",), ("smoking_history",)),
        (26, (), ()),  # vascular risk not asked: not known to be safe
    ],
)
def test_no_self_care_with_vascular_risk_or_unknown_risk(
    age: int, present: tuple[str, ...], absent: tuple[str, ...]
) -> None:
    a = assess(case(age, *OVERUSE, *present, absent=absent))
    assert a.triage.level != "self_care"


def test_no_self_care_for_overuse_with_a_red_flag() -> None:
    a = assess(case(26, *OVERUSE, "dark_urine_after_exercise", absent=("diabetes", "smoking_history")))
    assert rank(a.triage.level) <= rank("emergency")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    extra=_EXTRA,
    age=st.integers(min_value=18, max_value=95),
    risk=st.sampled_from(["diabetes", "smoking_history", "both", "none"]),
)
def test_self_care_only_when_its_conditions_hold(extra: dict[str, str], age: int, risk: str) -> None:
    findings = {f: P for f in OVERUSE}
    findings.update(extra)
    if risk != "none":
        for f in ("diabetes", "smoking_history") if risk == "both" else (risk,):
            findings[f] = P
    a = assess({"age": age, "findings": findings})
    if a.triage.level != "self_care":
        return
    assert age < 50
    assert findings.get("diabetes") == A and findings.get("smoking_history") == A
    assert not a.red_flags
    assert order(a)[0] == "exertional_overuse"


def test_known_myasthenia_with_new_swallowing_trouble_is_a_crisis_without_observed_fatigability() -> None:
    a = assess(case(58, "known_myasthenia_gravis", "dysphagia"))
    assert "myasthenic_crisis" in {f.id for f in a.red_flags}
    assert a.triage.level == "emergency_ambulance"
    # the diagnosis alone, without bulbar or breathing symptoms, is not a crisis
    quiet = assess(case(58, "known_myasthenia_gravis", "bilateral_leg_weakness"))
    assert "myasthenic_crisis" not in {f.id for f in quiet.red_flags}
    mg = next(d for d in quiet.differential if d.id == "myasthenia_gravis")
    assert mg.probability > 5 * mg.pretest_probability  # the diagnosis counts (LR+ 10, consensus)
