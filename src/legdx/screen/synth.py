"""A synthetic adult population as a FHIR Bulk Data export (NDJSON, Parquet) and as OMOP CDM tables,
with planted care gaps and the ground truth of which screening rules must fire for whom.

Vectorised with numpy and pyarrow, in chunks of 100,000 patients (memory stays bounded): a chunk's
records are generated once as columns and written to every requested format, so the formats hold the
same population. The same seed gives the same population whatever the formats. Every prevalence is in
``ASSUMPTIONS`` with its source; docs/screening.md lists them.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

CHUNK = 100_000
AS_OF = dt.date(2025, 1, 1)

# --- Assumptions (docs/screening.md, section "Synthetic population") --------------------------------
# Age bands (years, inclusive), share of the adult population 40-89 (assumption: roughly the US age
# structure over 40; not from facts.md).
AGE_BANDS = [(40, 49), (50, 59), (60, 69), (70, 79), (80, 89)]
ASSUMPTIONS: dict[str, Any] = {
    "as_of": AS_OF.isoformat(),
    "age_band_share": [0.24, 0.25, 0.23, 0.17, 0.11],
    "female_share": 0.52,
    # risk factors by age band (assumptions, roughly US adult prevalence; independent of each other)
    "diabetes": [0.08, 0.14, 0.20, 0.24, 0.24],
    "smoking_history": {"male": 0.38, "female": 0.30},
    "smoking_recorded": 0.90,
    "ckd": [0.04, 0.06, 0.10, 0.18, 0.25],
    "hypertension": [0.25, 0.40, 0.55, 0.65, 0.70],
    "hyperlipidemia": [0.25, 0.40, 0.50, 0.50, 0.45],
    "coronary_disease": [0.02, 0.05, 0.10, 0.16, 0.20],
    # PAD (ABI < 0.90): NHANES 1999-2000 by age band (facts.md 1, selvin2004), the 70+ figure for 70-89;
    # within a band, odds ratios for risk factors (assumption, of the size Selvin 2004 reports; NRV)
    "pad_prevalence": [0.009, 0.025, 0.047, 0.145, 0.145],
    "pad_odds_ratios": {
        "diabetes": 2.7,
        "smoking": 3.0,
        "ckd": 2.0,
        "hypertension": 1.7,
        "hyperlipidemia": 1.7,
        "coronary": 2.0,
    },
    # PARTNERS symptom mix among PAD (facts.md 1, hirsch2001): classic 11%, atypical 47%, none 42%
    "pad_symptoms": {"classic": 0.11, "atypical": 0.47, "none": 0.42},
    "non_pad_symptoms": {"classic": 0.01, "atypical": 0.10},
    "symptom_denied_recorded": 0.05,
    "lss_coded": [0.02, 0.04, 0.07, 0.10, 0.12],
    "lss_with_neurogenic_claudication": 0.55,
    "lumbar_surgery_planned_given_lss": 0.10,
    "lumbar_surgery_done_given_lss": 0.03,
    # ABI on record (assumption): PAD symptomatic / asymptomatic; no PAD symptomatic / high risk / other
    "abi_on_record": {
        "pad_symptomatic": 0.50,
        "pad_asymptomatic": 0.20,
        "symptomatic": 0.15,
        "high_risk": 0.06,
        "other": 0.02,
    },
    "abi_entered_in_error": 0.02,
    "abi_as_components": 0.20,
    "noncompressible": {"diabetes_or_ckd": 0.15, "other": 0.02},
    "tbi_given_noncompressible": 0.35,
    "statin": {"pad_diagnosed": 0.60, "by_age": [0.15, 0.25, 0.35, 0.40, 0.40], "diabetes_or_cad_add": 0.30},
    "antiplatelet": {"pad_diagnosed": 0.65, "by_age": [0.05, 0.10, 0.18, 0.25, 0.28], "cad_add": 0.40},
    "statin_stopped_planted": 0.05,
    "clti_signs_given_pad": 0.03,
    "foot_ulcer_given_diabetes_no_pad": 0.008,
    "resolved_ulcer_given_diabetes": 0.01,
    "vascular_referral_given_clti": 0.50,
    "unknown_local_condition": 0.003,
    "cholesterol_obs": 0.30,
}

LOINC, SNOMED, ICD = "http://loinc.org", "http://snomed.info/sct", "http://hl7.org/fhir/sid/icd-10-cm"
RXNORM, ATC = "http://www.nlm.nih.gov/research/umls/rxnorm", "http://www.whocc.no/atc"
FINDING, SCREEN, LOCAL = "urn:legdx:finding", "urn:legdx:screen", "http://example.org/fhir/CodeSystem/local"
CLIN = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VER = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
OMOP_VOCAB = {
    LOINC: "LOINC",
    SNOMED: "SNOMED",
    ICD: "ICD10CM",
    RXNORM: "RxNorm",
    ATC: "ATC",
    FINDING: "legdx-finding",
    SCREEN: "legdx-screen",
}
# OMOP standard concept ids used as such (the ones mapping.yaml lists); others get local ids > 2e9.
OMOP_STANDARD = {
    (SNOMED, "44054006"): 201826,
    (ICD, "E11.9"): 0,
    (RXNORM, "83367"): 1545958,
    (RXNORM, "36567"): 1539403,
    (RXNORM, "301542"): 1510813,
    (RXNORM, "42463"): 1551860,
    (RXNORM, "1191"): 1112807,
    (RXNORM, "32968"): 1322184,
}

Code = tuple[str, str, str]  # system, code, display
DIABETES: list[Code] = [
    (ICD, "E11.9", "Type 2 diabetes mellitus without complications"),
    (SNOMED, "44054006", "Diabetes mellitus type 2"),
    (ICD, "E10.9", "Type 1 diabetes mellitus without complications"),
]
CKD: list[Code] = [
    (ICD, "N18.4", "Chronic kidney disease, stage 4 (severe)"),
    (ICD, "N18.30", "Chronic kidney disease, stage 3 unspecified"),
    (SNOMED, "709044004", "Chronic kidney disease"),
]
HTN: list[Code] = [
    (ICD, "I10", "Essential (primary) hypertension"),
    (SNOMED, "38341003", "Hypertensive disorder"),
]
HLD: list[Code] = [(ICD, "E78.5", "Hyperlipidemia, unspecified"), (SNOMED, "55822004", "Hyperlipidemia")]
CAD: list[Code] = [
    (ICD, "I25.10", "Atherosclerotic heart disease of native coronary artery without angina pectoris"),
    (SNOMED, "53741008", "Coronary arteriosclerosis"),
]
SMOKING_COND: list[Code] = [
    (ICD, "F17.210", "Nicotine dependence, cigarettes, uncomplicated"),
    (ICD, "Z87.891", "Personal history of nicotine dependence"),
]
LSS_NC: list[Code] = [(ICD, "M48.062", "Spinal stenosis, lumbar region with neurogenic claudication")]
LSS_OTHER: list[Code] = [
    (ICD, "M48.061", "Spinal stenosis, lumbar region without neurogenic claudication"),
    (SNOMED, "18347007", "Spinal stenosis of lumbar region"),
]
CLAUDICATION: list[Code] = [
    (SNOMED, "63491006", "Intermittent claudication"),
    (
        ICD,
        "I70.213",
        "Atherosclerosis of native arteries of extremities with intermittent claudication, bilateral legs",
    ),
]
PAD_DX: list[Code] = [(ICD, "I73.9", "Peripheral vascular disease, unspecified")]
REST_PAIN: list[Code] = [
    (ICD, "I70.221", "Atherosclerosis of native arteries of extremities with rest pain, right leg")
]
ULCER: list[Code] = [
    (ICD, "L97.509", "Non-pressure chronic ulcer of other part of unspecified foot"),
    (ICD, "I70.234", "Atherosclerosis of native arteries of right leg with ulceration of heel and midfoot"),
]
GANGRENE: list[Code] = [(ICD, "I96", "Gangrene, not elsewhere classified")]
UNKNOWN_COND: list[Code] = [(LOCAL, f"X-{k}", "Local problem list entry") for k in range(10)]
SMOKING_STATUS: Code = (LOINC, "72166-2", "Tobacco smoking status")
SMOKER_VALUES: list[Code] = [(SNOMED, "449868002", "Smokes tobacco daily"), (SNOMED, "8517006", "Ex-smoker")]
NEVER: Code = (SNOMED, "266919005", "Never smoked tobacco")
ABI: Code = (SNOMED, "446841001", "Ankle brachial pressure index")
SIDES = [(SNOMED, "24028007", "Right"), (SNOMED, "7771000", "Left")]
TOE_SBP: Code = (LOINC, "8480-6", "Systolic blood pressure")
TBI_LOCAL: Code = (SCREEN, "toe-brachial-index", "Toe-brachial index")
LEG_SYMPTOMS: Code = (
    FINDING,
    "leg_symptoms_with_walking",
    "Leg symptoms brought on or made worse by walking",
)
REST_PAIN_FINDING: Code = (FINDING, "rest_pain_forefoot_night", "Ischaemic rest pain")
# vitals: code, unit, mean, sd, decimals, per patient
VITALS: list[tuple[Code, str, float, float, int, int]] = [
    ((LOINC, "8480-6", "Systolic blood pressure"), "mm[Hg]", 132, 15, 0, 3),
    ((LOINC, "8867-4", "Heart rate"), "/min", 74, 10, 0, 3),
    ((LOINC, "29463-7", "Body weight"), "kg", 80, 14, 1, 3),
    ((LOINC, "8302-2", "Body height"), "cm", 170, 9, 0, 1),
    ((LOINC, "39156-5", "Body mass index (BMI) [Ratio]"), "kg/m2", 27.5, 4.5, 1, 3),
]
HBA1C = ((LOINC, "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood"), "%", 7.4, 1.1, 1)
EGFR = (
    (LOINC, "62238-1", "Glomerular filtration rate/1.73 sq M.predicted by CKD-EPI"),
    "mL/min/{1.73_m2}",
    75,
    18,
    0,
)
CHOLESTEROL = ((LOINC, "2093-3", "Cholesterol [Mass/volume] in Serum or Plasma"), "mg/dL", 190, 35, 0)
# medications: (RxNorm ingredient, name, ATC)
STATINS = [
    ("83367", "atorvastatin", "C10AA05"),
    ("36567", "simvastatin", "C10AA01"),
    ("301542", "rosuvastatin", "C10AA07"),
    ("42463", "pravastatin", "C10AA03"),
]
ANTIPLATELETS = [("1191", "aspirin", "B01AC06"), ("32968", "clopidogrel", "B01AC04")]
OTHER_MEDS = {
    "metformin": ("6809", "metformin", "A10BA02"),
    "lisinopril": ("29046", "lisinopril", "C09AA03"),
    "amlodipine": ("17767", "amlodipine", "C08CA01"),
}
LUMBAR: Code = (SCREEN, "lumbar-spine-surgery", "Lumbar decompression surgery")
REFERRAL: Code = (SCREEN, "vascular-referral", "Referral to vascular surgery")

RULES = (
    "clti_no_vascular_referral",
    "pad_care_gap",
    "abi_noncompressible_no_tbi",
    "lss_vascular_risk_no_abi",
    "abi_referral",
)


# --- columns as pyarrow arrays -------------------------------------------------------------------
def _strs(values: list[str], idx: np.ndarray) -> pa.Array:
    """Strings values[idx] (vectorised through a dictionary array)."""
    return pa.DictionaryArray.from_arrays(
        pa.array(np.asarray(idx, np.int32)), pa.array(values)
    ).dictionary_decode()


def _const(value: str, n: int) -> pa.Array:
    return _strs([value], np.zeros(n, np.int32))


def _num_str(x: np.ndarray) -> pa.Array:
    return pa.array(x, pa.float64()).cast(pa.string())


def _int_str(x: np.ndarray) -> pa.Array:
    return pa.array(np.asarray(x, np.int64)).cast(pa.string())


@dataclass
class Piece:
    """Records of one shape for one resource type: flat columns (pyarrow arrays of one length)."""

    rtype: str
    shape: str
    cols: dict[str, pa.Array]

    @property
    def n(self) -> int:
        return len(next(iter(self.cols.values())))


@dataclass
class Chunk:
    index: int
    offset: int
    n: int
    pieces: list[Piece] = field(default_factory=list)
    truth: dict[str, np.ndarray] = field(default_factory=dict)
    people: dict[str, np.ndarray] = field(default_factory=dict)
    planted_unknown: int = 0

    def add(self, rtype: str, shape: str, pid: np.ndarray, **cols: Any) -> None:
        k = len(pid)
        if k == 0:
            return
        out: dict[str, pa.Array] = {"pid": _int_str(pid)}
        for name, v in cols.items():
            if isinstance(v, str):
                out[name] = _const(v, k)
            elif isinstance(v, tuple):
                out[name] = _strs(v[0], v[1])
            elif isinstance(v, pa.Array):
                out[name] = v
            else:
                out[name] = pa.array(np.asarray(v))
        self.pieces.append(Piece(rtype, shape, out))


def _codes(
    chunk: Chunk, rtype: str, shape: str, pid: np.ndarray, choices: list[Code], pick: np.ndarray, **extra: Any
) -> None:
    systems = [c[0] for c in choices]
    chunk.add(
        rtype,
        shape,
        pid,
        system=(systems, pick),
        code=([c[1] for c in choices], pick),
        display=([c[2] for c in choices], pick),
        **extra,
    )


# --- the population ----------------------------------------------------------------------------------
def _pad_intercepts() -> list[float]:
    """Per age band, the logit intercept that gives the band's NHANES PAD prevalence (on expectation)."""
    a = ASSUMPTIONS
    ors = a["pad_odds_ratios"]
    out = []
    for b in range(len(AGE_BANDS)):
        factors = [
            (a["diabetes"][b], math.log(ors["diabetes"])),
            ((a["smoking_history"]["male"] + a["smoking_history"]["female"]) / 2, math.log(ors["smoking"])),
            (a["ckd"][b], math.log(ors["ckd"])),
            (a["hypertension"][b], math.log(ors["hypertension"])),
            (a["hyperlipidemia"][b], math.log(ors["hyperlipidemia"])),
            (a["coronary_disease"][b], math.log(ors["coronary"])),
        ]

        def prevalence(c: float, factors: list[tuple[float, float]] = factors) -> float:
            total = 0.0
            for mask in range(1 << len(factors)):
                p, z = 1.0, c
                for i, (pf, beta) in enumerate(factors):
                    if mask >> i & 1:
                        p *= pf
                        z += beta
                    else:
                        p *= 1 - pf
                total += p / (1 + math.exp(-z))
            return total

        lo, hi = -15.0, 5.0
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if prevalence(mid) < a["pad_prevalence"][b] else (lo, mid)
        out.append((lo + hi) / 2)
    return out


def make_chunk(index: int, n: int, seed: int, intercepts: list[float]) -> Chunk:
    """One chunk of patients: their records (as pieces) and the ground truth."""
    a = ASSUMPTIONS
    rng = np.random.default_rng([seed, index])
    offset = index * CHUNK
    ch = Chunk(index, offset, n)
    pid = np.arange(offset + 1, offset + n + 1, dtype=np.int64)
    u = lambda: rng.random(n)  # noqa: E731

    band = rng.choice(len(AGE_BANDS), size=n, p=a["age_band_share"])
    lo = np.array([b[0] for b in AGE_BANDS])[band]
    hi = np.array([b[1] for b in AGE_BANDS])[band]
    age = rng.integers(lo, hi + 1)
    female = u() < a["female_share"]
    days_back = rng.integers(0, 365, n)
    birth = np.array(AS_OF.year - age - 1970).astype("datetime64[Y]").astype(
        "datetime64[D]"
    ) - days_back.astype("timedelta64[D]")
    pb = lambda p: u() < np.asarray(p)[band]  # noqa: E731
    diab = pb(a["diabetes"])
    smoker = u() < np.where(female, a["smoking_history"]["female"], a["smoking_history"]["male"])
    ckd = pb(a["ckd"])
    htn = pb(a["hypertension"])
    hld = pb(a["hyperlipidemia"])
    cad = pb(a["coronary_disease"])
    ors = a["pad_odds_ratios"]
    z = (
        np.asarray(intercepts)[band]
        + np.log(ors["diabetes"]) * diab
        + np.log(ors["smoking"]) * smoker
        + np.log(ors["ckd"]) * ckd
        + np.log(ors["hypertension"]) * htn
        + np.log(ors["hyperlipidemia"]) * hld
        + np.log(ors["coronary"]) * cad
    )
    pad = u() < 1 / (1 + np.exp(-z))

    # symptoms (PARTNERS mix among PAD)
    r = u()
    ps, ns = a["pad_symptoms"], a["non_pad_symptoms"]
    classic = np.where(pad, r < ps["classic"], r < ns["classic"])
    atypical = np.where(
        pad,
        (r >= ps["classic"]) & (r < ps["classic"] + ps["atypical"]),
        (r >= ns["classic"]) & (r < ns["classic"] + ns["atypical"]),
    )
    symptomatic = classic | atypical
    denied = ~symptomatic & (u() < a["symptom_denied_recorded"])
    lss = pb(a["lss_coded"])
    lss_nc = lss & (u() < a["lss_with_neurogenic_claudication"])
    r = u()
    lumbar_planned = lss & (r < a["lumbar_surgery_planned_given_lss"])
    lumbar_done = (
        lss
        & ~lumbar_planned
        & (r < a["lumbar_surgery_planned_given_lss"] + a["lumbar_surgery_done_given_lss"])
    )

    # recorded risk factors
    smoking_rec = smoker & (u() < a["smoking_recorded"])
    high_risk = (age >= 65) | ((age >= 50) & (age < 65) & (diab | smoking_rec)) | ckd

    # ABI on record
    pa_ = a["abi_on_record"]
    p_abi = np.where(
        pad,
        np.where(symptomatic, pa_["pad_symptomatic"], pa_["pad_asymptomatic"]),
        np.where(symptomatic, pa_["symptomatic"], np.where(high_risk, pa_["high_risk"], pa_["other"])),
    )
    abi_rec = u() < p_abi
    abi_lo = np.where(pad, rng.uniform(0.45, 0.90, n), np.clip(rng.normal(1.08, 0.06, n), 0.91, 1.38))
    severe = pad & (u() < 0.06)
    abi_lo = np.where(severe, rng.uniform(0.25, 0.40, n), abi_lo)
    abi_lo = np.round(abi_lo, 2)
    abi_lo = np.where(pad, np.minimum(abi_lo, 0.90), np.clip(abi_lo, 0.91, 1.40))
    abi_hi = np.where(
        pad,
        np.minimum(abi_lo + rng.uniform(0, 0.35, n), 1.30),
        np.minimum(abi_lo + rng.uniform(0, 0.10, n), 1.40),
    )
    ncomp = abi_rec & (
        u() < np.where(diab | ckd, a["noncompressible"]["diabetes_or_ckd"], a["noncompressible"]["other"])
    )
    abi_hi = np.where(ncomp, rng.uniform(1.41, 1.90, n), abi_hi)
    abi_hi = np.round(abi_hi, 2)
    abi_hi = np.where(ncomp, np.maximum(abi_hi, 1.41), abi_hi)
    lo_nc = np.clip(np.round(abi_hi - rng.uniform(0, 0.4, n), 2), 0.95, None)
    abi_lo = np.where(ncomp & ~pad, lo_nc, abi_lo)
    abi_hi = np.maximum(abi_hi, abi_lo)
    tbi_rec = ncomp & (u() < a["tbi_given_noncompressible"])
    abi_error = ~abi_rec & (u() < a["abi_entered_in_error"])
    pad_diagnosed = abi_rec & (abi_lo <= 0.90)

    # medications
    st, ap = a["statin"], a["antiplatelet"]
    p_statin = np.where(
        pad_diagnosed,
        st["pad_diagnosed"],
        np.minimum(np.asarray(st["by_age"])[band] + st["diabetes_or_cad_add"] * (diab | cad), 0.9),
    )
    statin = u() < p_statin
    p_apl = np.where(
        pad_diagnosed,
        ap["pad_diagnosed"],
        np.minimum(np.asarray(ap["by_age"])[band] + ap["cad_add"] * cad, 0.9),
    )
    apl = u() < p_apl
    statin_stopped = ~statin & (u() < a["statin_stopped_planted"])

    # CLTI signs and referrals
    clti = pad & (u() < a["clti_signs_given_pad"])
    clti_kind = rng.integers(0, 4, n)  # 0 rest pain code, 1 ulcer, 2 gangrene, 3 rest-pain finding
    ulcer_np = diab & ~pad & (u() < a["foot_ulcer_given_diabetes_no_pad"])
    resolved_ulcer = diab & ~clti & ~ulcer_np & (u() < a["resolved_ulcer_given_diabetes"])
    clti_any = clti | ulcer_np
    referral = clti_any & (u() < a["vascular_referral_given_clti"])
    unknown_local = u() < a["unknown_local_condition"]

    # --- records --------------------------------------------------------------------------------
    ch.add(
        "Patient",
        "patient",
        pid,
        gender=(["male", "female"], female.astype(np.int32)),
        birthDate=pa.array(birth).cast(pa.string()),
        year=birth.astype("datetime64[Y]").astype(int) + 1970,
        month=(birth.astype("datetime64[M]").astype(int) % 12) + 1,
        day=(birth - birth.astype("datetime64[M]").astype("datetime64[D]")).astype(int) + 1,
    )

    def cond(mask: np.ndarray, choices: list[Code], clinical: str = "active") -> None:
        idx = np.flatnonzero(mask)
        _codes(
            ch,
            "Condition",
            "condition",
            pid[idx],
            choices,
            rng.integers(0, len(choices), len(idx)),
            clinical=clinical,
        )

    cond(diab, DIABETES)
    cond(ckd, CKD)
    cond(htn, HTN)
    cond(hld, HLD)
    cond(cad, CAD)
    cond(smoking_rec & (u() < 0.35), SMOKING_COND)
    cond(lss_nc, LSS_NC)
    cond(lss & ~lss_nc, LSS_OTHER)
    cond(classic & pad, CLAUDICATION)
    cond(classic & ~pad, CLAUDICATION[:1])
    cond(pad_diagnosed & (u() < 0.5), PAD_DX)
    cond(clti & (clti_kind == 0), REST_PAIN)
    cond((clti & (clti_kind == 1)) | ulcer_np, ULCER)
    cond(clti & (clti_kind == 2), GANGRENE)
    cond(resolved_ulcer, ULCER[:1], clinical="resolved")
    cond(unknown_local, UNKNOWN_COND)

    # observations: vitals (known, unused), labs, smoking status, symptoms, ABI, toe pressures
    def date_of(k: int) -> pa.Array:
        return _strs(
            ["2023-03-14", "2023-09-02", "2024-02-20", "2024-06-11", "2024-11-05"], rng.integers(0, 5, k)
        )

    for code, unit, mean, sd, dec, times in VITALS:
        rep = np.repeat(pid, times)
        vals = np.round(rng.normal(mean, sd, len(rep)), dec)
        ch.add(
            "Observation",
            "qty",
            rep,
            system=code[0],
            code=code[1],
            display=code[2],
            value=vals,
            unit=unit,
            date=date_of(len(rep)),
            status="final",
        )
    chol = u() < a["cholesterol_obs"]
    for mask, (code, unit, mean, sd, dec) in ((diab, HBA1C), (u() < 0.5, EGFR), (chol, CHOLESTEROL)):
        idx = np.flatnonzero(mask)
        ch.add(
            "Observation",
            "qty",
            pid[idx],
            system=code[0],
            code=code[1],
            display=code[2],
            value=np.round(rng.normal(mean, sd, len(idx)), dec),
            unit=unit,
            date=date_of(len(idx)),
            status="final",
        )
    status_obs = smoking_rec | (~smoker & (u() < 0.8))
    idx = np.flatnonzero(status_obs)
    vpick = np.where(smoking_rec[idx], rng.integers(0, 2, len(idx)), 2)
    values = SMOKER_VALUES + [NEVER]
    ch.add(
        "Observation",
        "coded",
        pid[idx],
        system=SMOKING_STATUS[0],
        code=SMOKING_STATUS[1],
        display=SMOKING_STATUS[2],
        vsystem=([v[0] for v in values], vpick),
        vcode=([v[1] for v in values], vpick),
        vdisplay=([v[2] for v in values], vpick),
        date=date_of(len(idx)),
        status="final",
    )
    sym_obs = atypical | denied
    idx = np.flatnonzero(sym_obs)
    ch.add(
        "Observation",
        "bool",
        pid[idx],
        system=LEG_SYMPTOMS[0],
        code=LEG_SYMPTOMS[1],
        display=LEG_SYMPTOMS[2],
        flag=pa.array(atypical[idx]),
        date=date_of(len(idx)),
        status="final",
    )
    idx = np.flatnonzero(clti & (clti_kind == 3))
    ch.add(
        "Observation",
        "bool",
        pid[idx],
        system=REST_PAIN_FINDING[0],
        code=REST_PAIN_FINDING[1],
        display=REST_PAIN_FINDING[2],
        flag=pa.array(np.ones(len(idx), bool)),
        date=date_of(len(idx)),
        status="final",
    )
    # ABI: one observation per leg, or one with two components
    comp = abi_rec & (u() < a["abi_as_components"])
    right_low = u() < 0.5
    right = np.where(right_low, abi_lo, abi_hi)
    left = np.where(right_low, abi_hi, abi_lo)
    for mask, status in ((abi_rec & ~comp, "final"), (abi_error, "entered-in-error")):
        idx = np.flatnonzero(mask)
        vals_r = right[idx] if status == "final" else np.round(rng.uniform(0.3, 1.6, len(idx)), 2)
        vals_l = left[idx] if status == "final" else np.round(rng.uniform(0.3, 1.6, len(idx)), 2)
        d = date_of(len(idx))
        for s, vals in enumerate((vals_r, vals_l)):
            ch.add(
                "Observation",
                "qty_site",
                pid[idx],
                system=ABI[0],
                code=ABI[1],
                display=ABI[2],
                value=vals,
                unit="{ratio}",
                site_system=SIDES[s][0],
                site_code=SIDES[s][1],
                site_display=SIDES[s][2],
                site_text=f"{SIDES[s][2]} leg",
                date=d,
                status=status,
            )
    idx = np.flatnonzero(comp)
    ch.add(
        "Observation",
        "abi_components",
        pid[idx],
        right=right[idx],
        left=left[idx],
        date=date_of(len(idx)),
        status="final",
    )
    toe_local = u() < 0.5
    for mask, loc in ((tbi_rec & toe_local, True), (tbi_rec & ~toe_local, False)):
        idx = np.flatnonzero(mask)
        if loc:
            ch.add(
                "Observation",
                "qty",
                pid[idx],
                system=TBI_LOCAL[0],
                code=TBI_LOCAL[1],
                display=TBI_LOCAL[2],
                value=np.round(rng.uniform(0.3, 0.9, len(idx)), 2),
                unit="{ratio}",
                date=date_of(len(idx)),
                status="final",
            )
        else:
            ch.add(
                "Observation",
                "qty_sitetext",
                pid[idx],
                system=TOE_SBP[0],
                code=TOE_SBP[1],
                display=TOE_SBP[2],
                value=np.round(rng.uniform(40, 120, len(idx)), 0),
                unit="mm[Hg]",
                site_text="Right great toe",
                date=date_of(len(idx)),
                status="final",
            )

    # medications: coded by RxNorm ingredient, by ATC, or by text only; request or statement
    def meds(mask: np.ndarray, options: list[tuple[str, str, str]], status: str = "active") -> None:
        idx = np.flatnonzero(mask)
        k = len(idx)
        which = rng.integers(0, len(options), k)
        how = rng.choice(3, size=k, p=[0.5, 0.3, 0.2])
        stmt = u()[:k] < 0.3
        for h in range(3):
            for rtype, sel in (("MedicationRequest", ~stmt), ("MedicationStatement", stmt)):
                j = np.flatnonzero((how == h) & sel)
                w = which[j]
                names = [o[1] for o in options]
                text = ([f"{nm.capitalize()} 20 mg oral tablet" for nm in names], w)
                if h == 0:
                    ch.add(
                        rtype,
                        "med",
                        pid[idx[j]],
                        system=RXNORM,
                        code=([o[0] for o in options], w),
                        display=(names, w),
                        text=text,
                        status=status,
                    )
                elif h == 1:
                    ch.add(
                        rtype,
                        "med",
                        pid[idx[j]],
                        system=ATC,
                        code=([o[2] for o in options], w),
                        display=(names, w),
                        text=text,
                        status=status,
                    )
                else:
                    ch.add(rtype, "med_text", pid[idx[j]], text=text, status=status)

    meds(statin, STATINS)
    meds(statin_stopped, STATINS, status="stopped")
    meds(apl, ANTIPLATELETS)
    meds(diab & (u() < 0.7), [OTHER_MEDS["metformin"]])
    meds(htn & (u() < 0.5), [OTHER_MEDS["lisinopril"]])
    meds(htn & (u() < 0.3), [OTHER_MEDS["amlodipine"]])

    # procedures and requests
    idx = np.flatnonzero(lumbar_planned)
    as_proc = u()[: len(idx)] < 0.5
    ch.add(
        "Procedure",
        "coded",
        pid[idx[as_proc]],
        system=LUMBAR[0],
        code=LUMBAR[1],
        display=LUMBAR[2],
        status="preparation",
    )
    ch.add(
        "ServiceRequest",
        "coded",
        pid[idx[~as_proc]],
        system=LUMBAR[0],
        code=LUMBAR[1],
        display=LUMBAR[2],
        status="active",
    )
    idx = np.flatnonzero(lumbar_done)
    ch.add(
        "Procedure",
        "coded",
        pid[idx],
        system=LUMBAR[0],
        code=LUMBAR[1],
        display=LUMBAR[2],
        status="completed",
    )
    idx = np.flatnonzero(referral)
    ch.add(
        "ServiceRequest",
        "coded",
        pid[idx],
        system=REFERRAL[0],
        code=REFERRAL[1],
        display=REFERRAL[2],
        status="active",
    )

    # --- ground truth: the rules of rules.yaml, computed independently from what was recorded -----
    exertional = atypical | classic | lss_nc
    vascular_risk = high_risk | diab | smoking_rec | cad
    truth = {
        "abi_referral": (exertional | high_risk) & ~abi_rec,
        "pad_care_gap": abi_rec & (abi_lo <= 0.90) & (~statin | ~apl),
        "abi_noncompressible_no_tbi": abi_rec & (abi_hi > 1.40) & ~tbi_rec,
        "lss_vascular_risk_no_abi": (lss | lumbar_planned) & vascular_risk & ~abi_rec,
        "clti_no_vascular_referral": clti_any & ~referral,
    }
    ch.truth = {"patient_id": pid, "has_pad": pad, **truth}
    ch.planted_unknown = int(unknown_local.sum()) + int(chol.sum())
    ch.people = {
        "age": age,
        "female": female,
        "pad": pad,
        "abi_rec": abi_rec,
        "symptomatic": symptomatic,
        "classic": classic,
        "atypical": atypical,
        "high_risk": high_risk,
        "ncomp": ncomp,
        "tbi": tbi_rec,
        "abi_lo": abi_lo,
        "abi_hi": abi_hi,
    }
    return ch


# --- writers -----------------------------------------------------------------------------------------
def _coding_list(system: pa.Array, code: pa.Array, display: pa.Array) -> pa.Array:
    n = len(system)
    coding = pa.StructArray.from_arrays([system, code, display], names=["system", "code", "display"])
    return pa.ListArray.from_arrays(pa.array(np.arange(n + 1, dtype=np.int32)), coding)


def _codeable(system: pa.Array, code: pa.Array, display: pa.Array, text: pa.Array | None = None) -> pa.Array:
    n = len(system)
    text = text if text is not None else pa.nulls(n, pa.string())
    return pa.StructArray.from_arrays([_coding_list(system, code, display), text], names=["coding", "text"])


def _fhir_arrow_schema() -> dict[str, pa.Schema]:
    from legdx.screen.schema import FHIR, arrow_type

    return {r: pa.schema([(k, arrow_type(v)) for k, v in fields.items()]) for r, fields in FHIR.items()}


def _ids(prefix: str, start: int, n: int) -> pa.Array:
    import pyarrow.compute as pc

    return pc.binary_join_element_wise(prefix, _int_str(np.arange(start, start + n)), "")


class FhirWriter:
    """Writes pieces as FHIR resources: NDJSON lines (string templates) and/or nested Parquet."""

    def __init__(self, out_ndjson: Path | None, out_parquet: Path | None):
        self.nd, self.pq = out_ndjson, out_parquet
        self.schemas = _fhir_arrow_schema()
        self.counter: dict[str, int] = {}
        self.files: dict[str, list[str]] = {}
        self.lines: dict[str, int] = {}

    def _next_ids(self, rtype: str, n: int) -> pa.Array:
        start = self.counter.get(rtype, 0)
        self.counter[rtype] = start + n
        return _ids(
            {
                "Patient": "",
                "Observation": "o",
                "Condition": "c",
                "MedicationRequest": "mr",
                "MedicationStatement": "ms",
                "Procedure": "pr",
                "ServiceRequest": "sr",
            }[rtype],
            start + 1,
            n,
        )

    def write_chunk(self, ch: Chunk) -> None:
        by_type: dict[str, list[Piece]] = {}
        for p in ch.pieces:
            by_type.setdefault(p.rtype, []).append(p)
        for rtype, pieces in by_type.items():
            lines: list[pa.Array] = []
            tables: list[pa.Table] = []
            for p in pieces:
                ids = p.cols["pid"] if rtype == "Patient" else self._next_ids(rtype, p.n)
                if self.nd:
                    lines.append(_json_lines(rtype, p, ids))
                if self.pq:
                    tables.append(_nested(rtype, p, ids, self.schemas[rtype]))
            name = f"{rtype}.{ch.index:03d}"
            if self.nd and lines:
                self._write_lines(self.nd / f"{name}.ndjson", lines)
                self.files.setdefault(rtype, []).append(f"{name}.ndjson")
                self.lines[rtype] = self.lines.get(rtype, 0) + sum(len(x) for x in lines)
            if self.pq and tables:
                pq.write_table(
                    pa.concat_tables(tables),
                    self.pq / f"{name}.parquet",
                    compression="zstd",
                    row_group_size=500_000,
                )

    @staticmethod
    def _write_lines(path: Path, lines: list[pa.Array]) -> None:
        import pyarrow.compute as pc

        with open(path, "wb") as f:
            for arr in lines:
                arr = pc.binary_join_element_wise(arr, "\n", "")
                arr = pa.concat_arrays([arr]) if arr.offset else arr
                offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32, count=len(arr) + 1)
                f.write(memoryview(arr.buffers()[2])[offsets[0] : offsets[-1]])


def _j(*parts: Any) -> pa.Array:
    import pyarrow.compute as pc

    return pc.binary_join_element_wise(*parts, "")


def _coding_json(system: pa.Array, code: pa.Array, display: pa.Array) -> list[Any]:
    return ['{"system":"', system, '","code":"', code, '","display":"', display, '"}']


def _json_lines(rtype: str, p: Piece, ids: pa.Array) -> pa.Array:
    c = p.cols
    head = ['{"resourceType":"', rtype, '","id":"', ids, '"']
    subject = [',"subject":{"reference":"Patient/', c["pid"], '"}']
    if rtype == "Patient":
        return _j(*head, ',"gender":"', c["gender"], '","birthDate":"', c["birthDate"], '"}')
    if rtype == "Condition":
        return _j(
            *head,
            ',"clinicalStatus":{"coding":[{"system":"',
            CLIN,
            '","code":"',
            c["clinical"],
            '"}]}',
            ',"verificationStatus":{"coding":[{"system":"',
            VER,
            '","code":"confirmed"}]}',
            ',"code":{"coding":[',
            *_coding_json(c["system"], c["code"], c["display"]),
            "]}",
            *subject,
            "}",
        )
    if rtype.startswith("Medication"):
        if p.shape == "med_text":
            med = [',"medicationCodeableConcept":{"text":"', c["text"], '"}']
        else:
            med = [
                ',"medicationCodeableConcept":{"coding":[',
                *_coding_json(c["system"], c["code"], c["display"]),
                '],"text":"',
                c["text"],
                '"}',
            ]
        return _j(*head, ',"status":"', c["status"], '"', *med, *subject, "}")
    if rtype in ("Procedure", "ServiceRequest"):
        extra = ',"intent":"order"' if rtype == "ServiceRequest" else ""
        return _j(
            *head,
            ',"status":"',
            c["status"],
            '"',
            extra,
            ',"code":{"coding":[',
            *_coding_json(c["system"], c["code"], c["display"]),
            "]}",
            *subject,
            "}",
        )
    # Observation
    start = [*head, ',"status":"', c["status"], '"']
    if p.shape == "abi_components":
        comps = []
        for side, (_, _, disp) in (("right", SIDES[0]), ("left", SIDES[1])):
            comps += [
                '{"code":{"coding":[{"system":"',
                ABI[0],
                '","code":"',
                ABI[1],
                '","display":"',
                ABI[2],
                '"}],"text":"',
                f"{disp} leg ABI",
                '"},"valueQuantity":{"value":',
                _num_str_arr(c[side]),
                ',"unit":"{ratio}","system":"http://unitsofmeasure.org","code":"{ratio}"}}',
            ]
            if side == "right":
                comps.append(",")
        return _j(
            *start,
            ',"code":{"coding":[{"system":"',
            ABI[0],
            '","code":"',
            ABI[1],
            '","display":"',
            ABI[2],
            '"}]}',
            *subject,
            ',"effectiveDateTime":"',
            c["date"],
            '","component":[',
            *comps,
            "]}",
        )
    code = [',"code":{"coding":[', *_coding_json(c["system"], c["code"], c["display"]), "]}"]
    when = [',"effectiveDateTime":"', c["date"], '"']
    if p.shape == "coded":
        return _j(
            *start,
            *code,
            *subject,
            *when,
            ',"valueCodeableConcept":{"coding":[',
            *_coding_json(c["vsystem"], c["vcode"], c["vdisplay"]),
            "]}}",
        )
    if p.shape == "bool":
        return _j(*start, *code, *subject, *when, ',"valueBoolean":', c["flag"].cast(pa.string()), "}")
    value = [
        ',"valueQuantity":{"value":',
        _num_str_arr(c["value"]),
        ',"unit":"',
        c["unit"],
        '","system":"http://unitsofmeasure.org","code":"',
        c["unit"],
        '"}',
    ]
    if p.shape == "qty_site":
        site = [
            ',"bodySite":{"coding":[',
            *_coding_json(c["site_system"], c["site_code"], c["site_display"]),
            '],"text":"',
            c["site_text"],
            '"}',
        ]
        return _j(*start, *code, *subject, *when, *value, *site, "}")
    if p.shape == "qty_sitetext":
        return _j(*start, *code, *subject, *when, *value, ',"bodySite":{"text":"', c["site_text"], '"}}')
    return _j(*start, *code, *subject, *when, *value, "}")


def _num_str_arr(x: pa.Array) -> pa.Array:
    return x.cast(pa.float64()).cast(pa.string())


def _nested(rtype: str, p: Piece, ids: pa.Array, schema: pa.Schema) -> pa.Table:
    import pyarrow.compute as pc

    c = p.cols
    n = p.n
    cols: dict[str, pa.Array] = {"resourceType": _const(rtype, n), "id": ids}
    ref = pa.StructArray.from_arrays([_j("Patient/", c["pid"])], names=["reference"])
    if rtype == "Patient":
        cols.update(birthDate=c["birthDate"], gender=c["gender"])
    elif rtype == "Condition":
        cols.update(
            subject=ref,
            code=_codeable(c["system"], c["code"], c["display"]),
            clinicalStatus=_codeable(_const(CLIN, n), c["clinical"], pa.nulls(n, pa.string())),
            verificationStatus=_codeable(_const(VER, n), _const("confirmed", n), pa.nulls(n, pa.string())),
        )
    elif rtype.startswith("Medication"):
        if p.shape == "med_text":
            med = pa.StructArray.from_arrays(
                [
                    pa.nulls(
                        n,
                        pa.list_(
                            pa.struct(
                                [("system", pa.string()), ("code", pa.string()), ("display", pa.string())]
                            )
                        ),
                    ),
                    c["text"],
                ],
                names=["coding", "text"],
            )
        else:
            med = _codeable(c["system"], c["code"], c["display"], c["text"])
        cols.update(status=c["status"], subject=ref, medicationCodeableConcept=med)
    elif rtype in ("Procedure", "ServiceRequest"):
        cols.update(status=c["status"], subject=ref, code=_codeable(c["system"], c["code"], c["display"]))
        if rtype == "ServiceRequest":
            cols["intent"] = _const("order", n)
    else:
        cols.update(status=c["status"], subject=ref)
        qty = lambda v, unit: pa.StructArray.from_arrays(  # noqa: E731
            [v.cast(pa.float64()), unit, unit], names=["value", "unit", "code"]
        )
        if p.shape == "abi_components":
            cols["code"] = _codeable(_const(ABI[0], n), _const(ABI[1], n), _const(ABI[2], n))
            comp_code = _codeable(
                _const(ABI[0], 2 * n),
                _const(ABI[1], 2 * n),
                _const(ABI[2], 2 * n),
                pc.if_else(pa.array(np.tile([True, False], n)), "Right leg ABI", "Left leg ABI"),
            )
            vals = np.empty(2 * n)
            vals[0::2] = c["right"].to_numpy(zero_copy_only=False)
            vals[1::2] = c["left"].to_numpy(zero_copy_only=False)
            comp = pa.StructArray.from_arrays(
                [comp_code, qty(pa.array(vals), _const("{ratio}", 2 * n))], names=["code", "valueQuantity"]
            )
            cols["component"] = pa.ListArray.from_arrays(
                pa.array(np.arange(0, 2 * n + 1, 2, dtype=np.int32)), comp
            )
        else:
            cols["code"] = _codeable(c["system"], c["code"], c["display"])
            if p.shape in ("qty", "qty_site", "qty_sitetext"):
                cols["valueQuantity"] = qty(c["value"], c["unit"])
            if p.shape == "qty_site":
                cols["bodySite"] = _codeable(
                    c["site_system"], c["site_code"], c["site_display"], c["site_text"]
                )
            if p.shape == "qty_sitetext":
                cols["bodySite"] = pa.StructArray.from_arrays(
                    [pa.nulls(n, schema.field("bodySite").type.field("coding").type), c["site_text"]],
                    names=["coding", "text"],
                )
            if p.shape == "coded":
                cols["valueCodeableConcept"] = _codeable(c["vsystem"], c["vcode"], c["vdisplay"])
            if p.shape == "bool":
                cols["valueBoolean"] = c["flag"]
    arrays = []
    for f in schema:
        v = cols.get(f.name)
        arrays.append(pa.nulls(n, f.type) if v is None else v.cast(f.type))
    return pa.Table.from_arrays(arrays, schema=schema)


class OmopWriter:
    """Writes pieces as OMOP CDM 5.4 tables (Parquet), with a concept table of the local concepts."""

    TABLES = (
        "person",
        "condition_occurrence",
        "measurement",
        "observation",
        "drug_exposure",
        "procedure_occurrence",
    )

    def __init__(self, out: Path):
        self.out = out
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.concepts: dict[tuple[str, str], tuple[int, str]] = {}  # (vocab, code) -> (id, name)
        self.ids: dict[str, int] = {}

    def concept_id(self, system: str, code: str, name: str) -> int:
        std = OMOP_STANDARD.get((system, code))
        if std:
            return std
        key = (OMOP_VOCAB.get(system, "Local"), code)
        if key not in self.concepts:
            self.concepts[key] = (2_000_000_001 + len(self.concepts), name)
        return self.concepts[key][0]

    def _ids_for(self, systems: pa.Array, codes: pa.Array, names: pa.Array) -> np.ndarray:
        """Concept ids, looked up once per distinct (system, code)."""
        enc = _j(systems, "|", codes).dictionary_encode()
        idx = enc.indices.to_numpy()
        first = np.unique(idx, return_index=True)[1]
        names_first = names.take(pa.array(first)).to_pylist()
        ids = np.array(
            [
                self.concept_id(*str(k).split("|", 1), nm)  # type: ignore[call-arg]
                for k, nm in zip(enc.dictionary.to_pylist(), names_first, strict=True)
            ],
            dtype=np.int64,
        )
        return ids[idx]

    def _write(self, table: str, data: dict[str, Any]) -> None:
        t = pa.table(data)
        if table not in self.writers:
            self.writers[table] = pq.ParquetWriter(
                self.out / f"{table}.parquet", t.schema, compression="zstd"
            )
        self.writers[table].write_table(t)

    def _next(self, table: str, n: int) -> np.ndarray:
        start = self.ids.get(table, 0)
        self.ids[table] = start + n
        return np.arange(start + 1, start + n + 1, dtype=np.int64)

    def write_chunk(self, ch: Chunk, as_of: dt.date) -> None:
        acc: dict[str, list[dict[str, Any]]] = {t: [] for t in self.TABLES}
        ended = str(as_of - dt.timedelta(days=730))
        current = str(as_of - dt.timedelta(days=30))
        for p in ch.pieces:
            c = p.cols
            n = p.n
            pid = np.asarray(c["pid"].cast(pa.int64()).to_numpy(zero_copy_only=False))
            if p.rtype == "Patient":
                acc["person"].append(
                    {
                        "person_id": pid,
                        "gender_concept_id": np.where(
                            np.asarray(c["gender"].to_pylist()) == "female", 8532, 8507
                        ).astype(np.int64),
                        "year_of_birth": np.asarray(c["year"]),
                        "month_of_birth": np.asarray(c["month"]),
                        "day_of_birth": np.asarray(c["day"]),
                    }
                )
            elif p.rtype == "Condition":
                if c["clinical"][0].as_py() != "active":
                    continue  # OMOP holds current records only (docs/screening.md)
                cid = self._ids_for(c["system"], c["code"], c["display"])
                is_icd = np.asarray(c["system"].to_pylist()) == ICD
                acc["condition_occurrence"].append(
                    {
                        "person_id": pid,
                        "condition_concept_id": np.where(is_icd, 0, cid),
                        "condition_source_value": c["code"],
                        "condition_source_concept_id": np.where(is_icd, cid, 0),
                    }
                )
            elif p.rtype == "Observation":
                status = c["status"][0].as_py()
                if status != "final":
                    continue
                if p.shape == "abi_components":
                    abi_id = self.concept_id(*ABI)
                    both = np.concatenate([pid, pid])
                    acc["measurement"].append(
                        {
                            "person_id": both,
                            "measurement_concept_id": np.full(2 * n, abi_id, np.int64),
                            "value_as_number": np.concatenate([c["right"].to_numpy(), c["left"].to_numpy()]),
                            "value_as_concept_id": np.zeros(2 * n, np.int64),
                            "measurement_source_value": pa.concat_arrays(
                                [_const("ABI right", n), _const("ABI left", n)]
                            ),
                        }
                    )
                    continue
                cid = self._ids_for(c["system"], c["code"], c["display"])
                if p.shape in ("qty", "qty_site", "qty_sitetext"):
                    src = c["site_text"] if p.shape != "qty" else c["code"]
                    acc["measurement"].append(
                        {
                            "person_id": pid,
                            "measurement_concept_id": cid,
                            "value_as_number": c["value"].cast(pa.float64()),
                            "value_as_concept_id": np.zeros(n, np.int64),
                            "measurement_source_value": src,
                        }
                    )
                elif p.shape == "coded":
                    vid = self._ids_for(c["vsystem"], c["vcode"], c["vdisplay"])
                    acc["observation"].append(
                        {
                            "person_id": pid,
                            "observation_concept_id": cid,
                            "value_as_concept_id": vid,
                            "value_as_string": _const("", n),
                            "observation_source_value": c["code"],
                        }
                    )
                else:
                    acc["observation"].append(
                        {
                            "person_id": pid,
                            "observation_concept_id": cid,
                            "value_as_concept_id": np.zeros(n, np.int64),
                            "value_as_string": c["flag"].cast(pa.string()),
                            "observation_source_value": c["code"],
                        }
                    )
            elif p.rtype.startswith("Medication"):
                end = _const(ended if c["status"][0].as_py() == "stopped" else current, n)
                if p.shape == "med_text":
                    acc["drug_exposure"].append(
                        {
                            "person_id": pid,
                            "drug_concept_id": np.zeros(n, np.int64),
                            "drug_source_value": c["text"],
                            "drug_exposure_end_date": end,
                        }
                    )
                else:
                    acc["drug_exposure"].append(
                        {
                            "person_id": pid,
                            "drug_concept_id": self._ids_for(c["system"], c["code"], c["display"]),
                            "drug_source_value": c["text"],
                            "drug_exposure_end_date": end,
                        }
                    )
            elif p.rtype in ("Procedure", "ServiceRequest"):
                status = c["status"][0].as_py()
                cid = self._ids_for(c["system"], c["code"], c["display"])
                if status == "completed":  # done procedures; plans and referrals are observations
                    acc["procedure_occurrence"].append(
                        {"person_id": pid, "procedure_concept_id": cid, "procedure_source_value": c["code"]}
                    )
                else:
                    acc["observation"].append(
                        {
                            "person_id": pid,
                            "observation_concept_id": cid,
                            "value_as_concept_id": np.zeros(n, np.int64),
                            "value_as_string": _const("", n),
                            "observation_source_value": c["code"],
                        }
                    )
        for table, parts in acc.items():
            if not parts:
                continue
            cols = {
                k: pa.concat_arrays([p[k] if isinstance(p[k], pa.Array) else pa.array(p[k]) for p in parts])
                for k in parts[0]
            }
            if table != "person":
                cols = {f"{table}_id": pa.array(self._next(table, len(cols["person_id"]))), **cols}
            self._write(table, cols)

    def close(self) -> None:
        for w in self.writers.values():
            w.close()
        rows = sorted(((cid, name, vocab, code) for (vocab, code), (cid, name) in self.concepts.items()))
        pq.write_table(
            pa.table(
                {
                    "concept_id": pa.array([r[0] for r in rows], pa.int64()),
                    "concept_name": [r[1] for r in rows],
                    "vocabulary_id": [r[2] for r in rows],
                    "concept_code": [r[3] for r in rows],
                }
            ),
            self.out / "concept.parquet",
        )


# --- the command -------------------------------------------------------------------------------------
FORMATS = ("ndjson", "parquet", "omop")


@dataclass
class SynthResult:
    out: Path
    patients: int
    resources: dict[str, int]
    seconds: float
    truth_counts: dict[str, int]
    dirs: dict[str, Path]
    planted_unknown: int = 0


def generate(
    patients: int,
    out: Path,
    formats: tuple[str, ...] = FORMATS,
    seed: int = 7,
    progress: Callable[[int, int], None] | None = None,
) -> SynthResult:
    """Write the synthetic population under ``out`` (fhir-ndjson/, fhir-parquet/, omop/, ground_truth.*)."""
    import time

    t0 = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    dirs: dict[str, Path] = {}
    for fmt, sub in (("ndjson", "fhir-ndjson"), ("parquet", "fhir-parquet"), ("omop", "omop")):
        if fmt in formats:
            dirs[fmt] = out / sub
            dirs[fmt].mkdir(parents=True, exist_ok=True)
            for old in dirs[fmt].iterdir():
                if old.is_file():
                    old.unlink()
    fhir = (
        FhirWriter(dirs.get("ndjson"), dirs.get("parquet"))
        if ("ndjson" in dirs or "parquet" in dirs)
        else None
    )
    omop = OmopWriter(dirs["omop"]) if "omop" in dirs else None
    intercepts = _pad_intercepts()
    truth_writer: pq.ParquetWriter | None = None
    truth_counts = dict.fromkeys(RULES, 0)
    resources: dict[str, int] = {}
    truth_counts["has_pad"] = 0
    nchunks = (patients + CHUNK - 1) // CHUNK
    planted = 0
    csv_path = out / "ground_truth.csv"
    with open(csv_path, "w", encoding="utf-8") as csv:
        csv.write("patient_id,rules,has_pad\n")
        for i in range(nchunks):
            n = min(CHUNK, patients - i * CHUNK)
            ch = make_chunk(i, n, seed, intercepts)
            for p in ch.pieces:
                resources[p.rtype] = resources.get(p.rtype, 0) + p.n
            if fhir:
                fhir.write_chunk(ch)
            if omop:
                omop.write_chunk(ch, AS_OF)
            t = ch.truth
            fired = [np.where(t[r], r, "") for r in RULES]
            joined = [";".join(x for x in row if x) for row in zip(*[f.tolist() for f in fired], strict=True)]
            table = pa.table(
                {
                    "patient_id": _int_str(t["patient_id"]),
                    "rules": pa.array(joined, pa.string()),
                    "has_pad": pa.array(t["has_pad"]),
                }
            )
            if truth_writer is None:
                truth_writer = pq.ParquetWriter(out / "ground_truth.parquet", table.schema)
            truth_writer.write_table(table)
            csv.write(
                "".join(
                    f"{p},{r},{str(h).lower()}\n"
                    for p, r, h in zip(
                        table.column(0).to_pylist(), joined, t["has_pad"].tolist(), strict=True
                    )
                )
            )
            planted += ch.planted_unknown
            for r in RULES:
                truth_counts[r] += int(t[r].sum())
            truth_counts["has_pad"] += int(t["has_pad"].sum())
            if progress:
                progress(i * CHUNK + n, patients)
    if truth_writer:
        truth_writer.close()
    if omop:
        omop.close()
    manifest_time = f"{AS_OF.isoformat()}T00:00:00Z"
    for fmt, d in dirs.items():
        if fmt == "ndjson" and fhir:
            output = [{"type": t, "url": f} for t, fs in sorted(fhir.files.items()) for f in fs]
        else:
            output = [{"type": f.stem.split(".")[0], "url": f.name} for f in sorted(d.glob("*.parquet"))]
        (d / "manifest.json").write_text(
            json.dumps(
                {
                    "transactionTime": manifest_time,
                    "request": f"legdx synth --patients {patients} --seed {seed}",
                    "requiresAccessToken": False,
                    "output": output,
                    "error": [],
                },
                indent=1,
            ),
            encoding="utf-8",
        )
    seconds = time.perf_counter() - t0
    (out / "synth.json").write_text(
        json.dumps(
            {
                "patients": patients,
                "seed": seed,
                "as_of": AS_OF.isoformat(),
                "formats": sorted(dirs),
                "resources": resources,
                "ground_truth_counts": truth_counts,
                "assumptions": ASSUMPTIONS,
                "planted_unknown_codes": {
                    "local_conditions": "http://example.org/fhir/CodeSystem/local X-0..X-9",
                    "cholesterol": "LOINC 2093-3 (not in mapping.yaml)",
                    "records": planted,
                },
                "seconds": round(seconds, 1),
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    return SynthResult(out, patients, resources, seconds, truth_counts, dirs, planted)
