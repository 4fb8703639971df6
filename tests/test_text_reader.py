"""The free-text reader: states, numbers, laterality, abbreviations, typos, direction with exertion,
bad input. Needs the [nlp] extra (medspaCy)."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("medspacy")

from legdx.text import read_text  # noqa: E402
from legdx.text.rules import RuleFileError, load_rules  # noqa: E402


def states(text: str) -> dict[str, str]:
    """finding id -> state as it goes into the case."""
    return {k: v.state for k, v in read_text(text).case.findings.items()}


# --- the question that a later issue asks -----------------------------------------------------------


def test_ask_sentence_direction_with_exertion():
    s = states(
        "What is the diagnosis and management for bilateral lower extremity weakness that improves "
        "with walking?"
    )
    assert s.get("bilateral_leg_weakness") == "present"
    assert s.get("symptoms_improve_with_walking") == "present"
    assert "leg_symptoms_with_walking" not in s


@pytest.mark.parametrize(
    "text",
    [
        "Her legs feel better when she walks.",
        "Walking helps the legs straight away.",
        "The leg symptoms are relieved by walking.",
        "He says it gets better the more he walks.",
    ],
)
def test_better_with_walking_is_not_claudication(text):
    s = states(text)
    assert s.get("symptoms_improve_with_walking") == "present"
    assert "leg_symptoms_with_walking" not in s


@pytest.mark.parametrize(
    "text",
    [
        "Calf pain on walking, worse uphill.",
        "Her legs get heavy when she walks and she has to stop.",
        "Cramping in both calves after 2 blocks.",
    ],
)
def test_worse_with_walking(text):
    assert states(text).get("leg_symptoms_with_walking") == "present"


def test_not_worse_with_walking_is_absent():
    assert states("The pain is not worse with walking.").get("leg_symptoms_with_walking") == "absent"


def test_relief_patterns():
    s = states(
        "Calf cramp after 100 m, relieved by standing still. Standing still does not help her thighs; "
        "she has to sit down."
    )
    assert s["relieved_by_standing_still"] == "present"  # present beats absent, with a warning
    r = read_text("Thigh ache on walking. Standing still does not help; she has to sit down.")
    assert r.case.findings["relieved_by_standing_still"].state == "absent"
    assert r.case.findings["relief_requires_sitting_or_flexion"].state == "present"


def test_second_wind_and_facilitation_and_warm_up():
    assert (
        states("Better after a few minutes' rest, then able to continue walking for an hour.").get(
            "second_wind"
        )
        == "present"
    )
    assert (
        states("Her legs feel stronger after a brief effort.").get("strength_improves_after_brief_effort")
        == "present"
    )
    assert (
        states("Stiff at first when he stands up, then it loosens up after a few steps.").get(
            "stiffness_eases_with_repetition"
        )
        == "present"
    )


def test_lay_words():
    s = states("My legs feel like jelly and I have to lean on the trolley. My calves cramp on the hill.")
    assert s["bilateral_leg_weakness"] == "present"
    assert s["shopping_cart_sign"] == "present"
    assert s["calf_pain_location"] == "present"
    assert s["worse_walking_uphill"] == "present"


# --- ConText: negation, family, history, hypothetical, possible ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Denies saddle anaesthesia.",
        "No saddle anaesthesia.",
        "He is without saddle anaesthesia.",
        "Negative for saddle anaesthesia.",
        "Saddle anaesthesia: none.",
    ],
)
def test_negation(text):
    assert states(text)["saddle_anesthesia"] == "absent"


def test_negation_scope_stops_at_but():
    s = states("No back pain but calf pain on walking.")
    assert s["back_pain"] == "absent"
    assert s["calf_pain_location"] == "present"


def test_fever_none_with_back_pain():
    s = states("Back pain for a week. Fever: none.")
    assert s["back_pain"] == "present"
    assert s["fever_with_back_pain"] == "absent"


def test_family():
    r = read_text("Father had ALS.")
    f = r.case.findings["family_history_similar_symptoms"]
    assert f.state == "family"
    assert states("Brother has diabetes.")["diabetes"] == "family"


def test_relative_writing_about_the_patient_is_not_family():
    r = read_text("My mum is 74 and diabetic.")
    assert r.case.findings["diabetes"].state == "present"
    assert r.case.age == 74 and r.case.sex == "female"


def test_history_that_is_the_finding_is_present():
    assert states("History of DVT.")["previous_dvt"] == "present"
    assert states("h/o DVT 2019.")["previous_dvt"] == "present"


def test_historical_symptom():
    assert states("Back pain, now resolved.")["back_pain"] == "historical"


def test_duration_is_not_history():
    assert states("A 3-week history of calf pain on walking.")["calf_pain_location"] == "present"


def test_hypothetical():
    s = states("Advised to return if he develops saddle numbness or bladder problems.")
    assert s["saddle_anesthesia"] == "hypothetical"


def test_conditional_symptom_is_not_hypothetical():
    assert states("If I walk 100 yards my calves ache.").get("calf_pain_location") == "present"


def test_possible():
    assert states("Possible femoral bruit.")["femoral_bruit"] == "possible"
    assert states("?femoral bruit on the right")["femoral_bruit"] == "possible"


# --- numbers -----------------------------------------------------------------------------------------


def test_demographics():
    for text, age, sex in [
        ("68M with calf pain", 68, "male"),
        ("a 68-year-old man", 68, "male"),
        ("72 yo F", 72, "female"),
        ("I'm 55 and my legs ache", 55, None),
    ]:
        r = read_text(text)
        assert r.case.age == age, text
        assert r.case.sex == sex, text


def test_approximate_age_warns():
    r = read_text("A woman in her seventies with heavy legs.")
    assert r.case.age == 75 and r.case.sex == "female"
    assert any(w.code == "approximate_age" for w in r.warnings)


def test_walking_distance_units():
    r = read_text("Calf pain after 2 blocks.")
    assert r.case.measurements["claudication_distance_m"] == 160
    assert any("80 m" in w.message for w in r.warnings)
    assert read_text("Claudication at 100 m.").case.measurements["claudication_distance_m"] == 100
    assert read_text("Calf pain after 200 yards of walking.").case.measurements[
        "claudication_distance_m"
    ] == pytest.approx(182.88)
    assert (
        read_text("Calf cramp after 5 minutes of walking.").case.measurements["claudication_distance_m"]
        == 360
    )


def test_abi_with_side_and_derived_finding():
    r = read_text("ABI 0.62 on the right, 0.95 left.")
    assert r.variables["abi_right"] == 0.62 and r.variables["abi_left"] == 0.95
    assert r.case.findings["abi_le_0_90"].state == "present"
    r = read_text("Right ABI 0.55.")
    assert r.variables["abi_right"] == 0.55


def test_labs_and_temperature():
    r = read_text("CK 12,000 U/L, K+ 2.9, TSH 38, HbA1c 64 mmol/mol, ESR 70, CRP 4.5 mg/dL, temp 101.3 F")
    m = r.case.measurements
    assert m["ck"] == 12000 and m["potassium"] == 2.9 and m["tsh"] == 38 and m["esr"] == 70
    assert m["hba1c"] == pytest.approx(8.0, abs=0.05)
    assert m["crp"] == 45
    assert m["temperature"] == pytest.approx(38.5, abs=0.05)


def test_pressures():
    r = read_text(
        "Right DP 60 mmHg, PT 55 mmHg; left DP 120, PT 110. Right brachial 140 mmHg. "
        "Toe pressure 25 mmHg on the left."
    )
    m = r.case.measurements
    assert (m["dp_right"], m["pt_right"], m["dp_left"], m["pt_left"]) == (60, 55, 120, 110)
    assert m["brachial_right"] == 140 and m["toe_left"] == 25


def test_morning_stiffness_minutes():
    assert states("Morning stiffness lasting 90 minutes.")["morning_stiffness_over_45_min"] == "present"
    assert states("Stiff in the morning for about 10 minutes.")["brief_stiffness_after_rest"] == "present"


def test_out_of_range_measurement_dropped():
    assert "potassium" not in read_text("K+ 25").case.measurements


# --- laterality, abbreviations, typos -----------------------------------------------------------------


def test_laterality():
    r = read_text("Left calf pain. Weakness of both legs.")
    lat = {f.id: f.laterality for f in r.findings}
    assert lat["calf_pain_location"] == "left"
    assert lat["bilateral_leg_weakness"] == "bilateral"


def test_bilateral_weakness_from_one_sided_words():
    assert "bilateral_leg_weakness" in states("Leg weakness bilaterally.")


@pytest.mark.parametrize(
    "text,fid",
    [
        ("c/o SOB", "dyspnea_or_weak_cough"),
        ("h/o DVT", "previous_dvt"),
        ("b/l calf pain", "bilateral_buttock_or_leg_pain"),
        ("s/p laminectomy", "recent_spinal_procedure"),
        ("SLR positive on the left", "straight_leg_raise_positive"),
        ("DP/PT pulses absent bilaterally", "palpable_pulse_abnormality"),
        ("known PAD, HTN, T2DM", "hypertension"),
        ("known PAD, HTN, T2DM", "diabetes"),
    ],
)
def test_abbreviations(text, fid):
    assert states(text).get(fid) == "present"


def test_spans_point_at_the_original_text():
    text = "Pt c/o b/l calf pain. Denies SOB."
    r = read_text(text)
    for f in r.findings:
        assert text[f.span[0] : f.span[1]] == f.text
    assert {f.text for f in r.findings} >= {"b/l calf pain", "SOB"}


@pytest.mark.parametrize(
    "text,fid",
    [
        ("my calfs hurt when i wlaking", "calf_pain_location"),
        ("numbess in both feet", "stocking_numbness_or_burning"),
        ("saddle anaesthesia", "saddle_anesthesia"),
        ("pitting oedema of the left leg", "pitting_edema_one_leg"),
        ("claudification at 200 m", "leg_symptoms_with_walking"),
    ],
)
def test_typos_and_spelling(text, fid):
    assert states(text).get(fid) == "present"


def test_real_words_are_not_corrected():
    assert "leg_symptoms_with_walking" not in states("Pain on waking in the morning.")


# --- exam and test results -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,fid,state",
    [
        ("Absent pedal pulses.", "palpable_pulse_abnormality", "present"),
        ("Pedal pulses palpable.", "pedal_pulses_normal", "present"),
        ("Right femoral bruit.", "femoral_bruit", "present"),
        ("Wide-based gait, Romberg positive.", "wide_based_gait", "present"),
        ("Romberg negative.", "abnormal_romberg", "absent"),
        ("Absent ankle jerks.", "absent_achilles_reflex", "present"),
        ("Hyperreflexia in both legs.", "hyperreflexia", "present"),
        ("Upgoing plantars.", "babinski_sign", "present"),
        (
            "Reflexes return after brief maximal contraction (post-exercise facilitation).",
            "reflexes_return_after_exercise",
            "present",
        ),
        ("Incremental response on repetitive stimulation.", "lems_increment_ge_60", "present"),
        ("CSF shows albuminocytologic dissociation.", "csf_albuminocytologic_dissociation", "present"),
        ("Forearm exercise test: flat lactate.", "forearm_test_flat_lactate", "present"),
        ("Duplex: thrombus in the popliteal vein.", "proximal_dvt_on_ultrasound", "present"),
        ("Saddle anaesthesia on examination.", "saddle_anesthesia", "present"),
    ],
)
def test_exam_and_tests(text, fid, state):
    assert states(text).get(fid) == state


# --- not understood, warnings, bad input ---------------------------------------------------------------


def test_not_understood_lists_unmapped_clinical_sentences():
    # (round 5 reads "toes go a strange purple" as skin discoloration, so another unmapped sentence)
    r = read_text("Calf pain on walking. His toes itch between them after a bath sometimes.")
    assert any("toes" in p.text for p in r.not_understood)
    purple = read_text("His toes go a strange purple-grey colour.").case.findings
    assert purple["skin_discoloration"].state == "present"
    assert all(r.text[p.span[0] : p.span[1]] == p.text for p in r.not_understood)


@pytest.mark.parametrize(
    "text,code",
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("\x00\x01\x02\x03\x04\x05" * 50, "not_text"),
        ("12 34 56 ...", "no_words"),
        ("The weather was nice and we went to the seaside.", "no_clinical_content"),
        ("Le patient se plaint de douleurs aux jambes quand il marche depuis trois mois.", "not_english"),
        ("Пациент жалуется на боль в ногах при ходьбе.", "not_english"),
    ],
)
def test_bad_input_warns_and_does_not_crash(text, code):
    r = read_text(text)
    assert code in {w.code for w in r.warnings}


def test_bytes_and_wrong_types():
    assert read_text(b"\xff\xfe\x00junk").warnings[0].code == "not_text"  # type: ignore[arg-type]
    assert read_text(None).warnings[0].code == "not_text"  # type: ignore[arg-type]


def test_long_input_truncated_quickly():
    text = ("Calf pain on walking relieved by standing still. " * 25000)[:1_000_000]
    t0 = time.perf_counter()
    r = read_text(text)
    assert time.perf_counter() - t0 < 10
    assert r.truncated and len(r.text) <= 20000
    assert any(w.code == "truncated" and "20,000" in w.message for w in r.warnings)
    assert r.case.findings["leg_symptoms_with_walking"].state == "present"


def test_binary_junk_megabyte_never_hangs():
    import random
    import threading

    rnd = random.Random(7)
    junk = bytes(rnd.randrange(256) for _ in range(1_000_000)).decode("latin-1")
    out: list[object] = []
    t = threading.Thread(target=lambda: out.append(read_text(junk)), daemon=True)
    t.start()
    t.join(timeout=30)
    assert not t.is_alive(), "read_text hung on 1 MB of binary junk"
    codes = {w.code for w in out[0].warnings}  # type: ignore[attr-defined]
    assert "truncated" in codes and "not_text" in codes


# --- rules as data ---------------------------------------------------------------------------------------


def test_rule_files_reject_unknown_keys(tmp_path):
    import shutil

    from legdx.text.rules import data_dir

    for p in data_dir().glob("*.yaml"):
        shutil.copy(p, tmp_path / p.name)
    ctx = tmp_path / "context_rules.yaml"
    ctx.write_text(ctx.read_text().replace("  - {literal: denies,", "  - {literl: oops, literal: denies,", 1))
    with pytest.raises(RuleFileError) as exc:
        load_rules(tmp_path)
    assert "context_rules.yaml" in str(exc.value) and "literl" in str(exc.value)


def test_target_rules_name_only_known_findings():
    from legdx.text import get_reader

    assert get_reader().problems == []


def test_case_goes_to_the_engine():
    import legdx

    r = read_text(
        "72-year-old man, smoker, with right calf cramping after 100 m, relieved by standing still. "
        "Pedal pulses absent on the right. ABI 0.62 on the right."
    )
    a = legdx.assess(r.case)
    assert a.differential[0].id == "peripheral_artery_disease"
    shown = {f.id: f for f in a.findings}
    assert shown["calf_pain_location"].span is not None


# --- general pattern classes (lemmas, word classes, either order, ConText) --------------------------------


def test_lemmatizer_regular_and_irregular_forms():
    from legdx.text.reader import Lemmatizer

    lem = Lemmatizer({"sit", "stop", "ease", "walk", "settle", "bend"}, {"sat": "sit", "bent": "bend"})
    assert [lem(w) for w in ["sitting", "sat", "stopped", "eases", "easing", "walks", "settles", "bent"]] == [
        "sit",
        "sit",
        "stop",
        "ease",
        "ease",
        "walk",
        "settle",
        "bend",
    ]
    assert lem("status") == "status"  # not a lemma any rule names: left alone


def test_unknown_word_class_is_an_error():
    from legdx.text.reader import _expand

    with pytest.raises(ValueError, match="word class"):
        _expand([{"CLASS": "NO_SUCH_CLASS"}], {})


@pytest.mark.parametrize(
    "text",
    [
        "The calf pain goes away if she stands still for a few minutes.",
        "It stops if I stop.",
        "If I stop and stand for a minute or so it wears off.",
        "If she stands still for a couple of minutes the pain subsides.",
        "He only has to stand still for a minute or two before it eases off.",
        "Once I stop it's fine in a minute.",
    ],
)
def test_relief_by_standing_still_either_order(text):
    s = states(text)
    assert s.get("relieved_by_standing_still") == "present"
    assert "symptoms_improve_with_walking" not in s


def test_time_standing_still_is_not_a_walking_time():
    r = read_text("Calf cramp walking up the hill; goes off if she stands still for a few minutes.")
    assert "claudication_distance_m" not in r.case.measurements


@pytest.mark.parametrize(
    "text,fid",
    [
        ("Eases when I sit.", "improves_when_seated"),
        ("It settles after a sit-down.", "improves_when_seated"),
        ("A sit-down on a bench and it settles.", "improves_when_seated"),
        ("Better bent over the trolley.", "shopping_cart_sign"),
        ("Better bent over the trolley.", "improves_bending_forward"),
        ("Relief only on sitting.", "relief_requires_sitting_or_flexion"),
    ],
)
def test_relief_by_sitting_or_flexion(text, fid):
    assert states(text).get(fid) == "present"


@pytest.mark.parametrize(
    "text",
    [
        "Standing still no help.",
        "Stopping does little.",
        "Stand still and nothing happens.",
        "Not with standing.",
    ],
)
def test_relief_by_standing_still_absent(text):
    assert states(text).get("relieved_by_standing_still") == "absent"


@pytest.mark.parametrize(
    "text",
    [
        "Pins and needles on walking.",
        "When I walk the dog my left calf starts to burn.",
        "A tight ache that builds up as she walks.",
        "Thigh ache after 5-10 min walking.",
        "He gets a cramp in his calf every time he walks more than 200 yards.",
    ],
)
def test_provocation_by_walking_either_order(text):
    assert states(text).get("leg_symptoms_with_walking") == "present"


@pytest.mark.parametrize(
    "text",
    [
        "Bilateral leg weakness that improves with walking.",
        "The leg pain goes away when I stop walking.",
        "When I walk my legs feel better.",
    ],
)
def test_direction_traps(text):
    s = states(text)
    if "improves" in text or "better" in text:
        assert s.get("symptoms_improve_with_walking") == "present"
        assert "leg_symptoms_with_walking" not in s
    else:
        assert "symptoms_improve_with_walking" not in s


def test_gap_never_crosses_a_negation_or_but():
    s = states("When I walk I have no pain.")
    assert s.get("leg_symptoms_with_walking") != "present"
    s = states("Legs lock up after sitting but after a few goes they free up.")
    assert "improves_when_seated" not in s


def test_site_words_and_laterality():
    r = read_text("Burning pain from my bum right down the back of my left leg to my toes.")
    lat = {f.id: f.laterality for f in r.findings}
    assert lat.get("radicular_pain") == "left"  # 'right down' is not a side
    assert "bilateral_sciatica" not in r.case.findings
    s = states("A cramp in the back of his right leg. His left buttock and thigh ache.")
    assert s["calf_pain_location"] == "present"
    assert s["gluteal_pain_location"] == "present" and s["thigh_pain_location"] == "present"


@pytest.mark.parametrize(
    "text,fid",
    [
        ("Her calf is really tender.", "deep_vein_tenderness"),
        ("The calf is sore if I press on it.", "deep_vein_tenderness"),
        ("The whole leg looks swollen.", "wells_entire_leg_swollen"),
        ("Her left calf is much bigger than the other one.", "unilateral_calf_swelling"),
        ("Pressing on the shin leaves a dent.", "pitting_edema_one_leg"),
    ],
)
def test_one_swollen_tender_leg(text, fid):
    assert states(text).get(fid) == "present"


def test_recent_infection_words_and_cold_limb_kept_apart():
    assert (
        states("He had a nasty cold two weeks ago.").get("recent_diarrhea_or_respiratory_infection")
        == "present"
    )
    assert (
        states("Coryzal illness ten days ago.").get("recent_diarrhea_or_respiratory_infection") == "present"
    )
    s = states("She has a cold foot and a pale leg.")
    assert "recent_diarrhea_or_respiratory_infection" not in s
    assert s.get("cold_limb") == "present"


@pytest.mark.parametrize(
    "text", ["Out of the blue her leg became painful.", "All of a sudden his foot went numb."]
)
def test_onset_words(text):
    assert states(text).get("sudden_onset_leg_pain") == "present"


def test_combined_courses():
    s = states("My legs are so weak. It's getting worse every day and now my hands feel weak too.")
    assert s.get("bilateral_leg_weakness_progressive") == "present"
    assert s.get("ascending_symmetric_weakness_days") == "present"
    s = states("Acute onset right leg pain. Absent popliteal and pedal pulses on the right.")
    assert s.get("pulseless_limb") == "present"


def test_cannot_negates_only_its_verb_and_pending_is_not_a_result():
    s = states("Severe lumbar pain, cannot lie flat, sweats and shivers.")
    assert s.get("fever_with_back_pain") == "present"
    assert states("Anti-HMGCR pending.").get("anti_hmgcr_positive") == "hypothetical"


def test_more_ages_and_abpi():
    assert read_text("My son (he's 28) has weak legs.").case.age == 28
    assert read_text("Mrs T, 69. Calf cramps on walking.").case.age == 69
    r = read_text("ABPI 0.35 L.")
    assert r.variables["abi_left"] == 0.35
    assert r.case.findings["abi_lt_0_40"].state == "present"


# --- generalisation round 2: findings implied by numbers and by other findings ----------------------


def spans(text: str) -> dict[tuple[str, str], list[str]]:
    """(finding id, state) -> the texts of its mentions."""
    out: dict[tuple[str, str], list[str]] = {}
    for f in read_text(text).findings:
        out.setdefault((f.id, f.state), []).append(f.text)
    return out


@pytest.mark.parametrize(
    ("text", "weeks", "longer_than"),
    [
        ("18 months of heavy aching legs.", 78.2, (2, 6, 12)),
        ("44M. Sciatica 3/52.", 3, (2,)),
        ("Thoracic back pain 3/12, now numb feet.", 13.0, (2, 6, 12)),
        ("New low back pain 5 wks, worse at night.", 5, (2,)),
        ("Sx 2 yrs. Calf pain.", 104.4, (2, 6, 12)),
        ("Had this for three years.", 156.5, (2, 6, 12)),
        ("It started about 3 months ago, the pain in my calf.", 13.0, (2, 6, 12)),
        ("Six weeks of new back pain; for the last few days numb feet.", 6, (2,)),
    ],
)
def test_durations_give_the_kb_duration_findings(text, weeks, longer_than):
    r = read_text(text)
    assert r.case.measurements["symptom_duration_weeks"] == pytest.approx(weeks, abs=0.1)
    got = {f.id for f in r.findings if f.id.startswith("symptoms_longer_than_")}
    assert got == {f"symptoms_longer_than_{n}_weeks" for n in longer_than}


def test_a_date_is_not_a_duration():
    r = read_text("Seen 3/12/2024 with calf pain on walking.")
    assert "symptom_duration_weeks" not in r.case.measurements


def test_numbers_give_their_kb_findings_with_the_number_span():
    sp = spans("K 2.8. TSH normal. ESR 64, CRP 4. CK 12,000.")
    assert sp[("potassium_low", "present")] == ["K 2.8"]
    assert ("tsh_abnormal", "absent") in sp
    assert ("ck_very_high", "present") in sp
    # the KB has no upper limit for CK (laboratory-, sex- and ancestry-specific): a number alone does not make
    # it "raised" (a CK high enough to be ck_very_high is above any upper limit); the words do. Session 9: a
    # clearly raised ESR or CRP is read with the KB's consensus thresholds (ESR > 50, CRP > 10; grey zone
    # unread)
    assert sp[("esr_or_crp_raised", "present")] == ["ESR 64"]
    assert ("esr_or_crp_raised", "present") not in spans("ESR 30, CRP 4.")
    assert ("ck_raised", "present") not in spans("CK 450.")
    assert ("esr_or_crp_raised", "present") in spans("Raised CRP.")


def test_kb_one_finding_derives_follow_their_source_in_both_states():
    sp = spans("Calf cramps on walking, gone within a minute of standing still. Denies saddle anaesthesia.")
    assert ("ecq_q1_pain_on_walking", "present") in sp and ("leg_symptoms_with_walking", "present") in sp
    assert ("ecq_q5_gone_within_10_min", "present") in sp
    assert ("ecq_q6_calf", "present") in sp and ("calf_pain_location", "present") in sp
    assert ("perineal_numbness", "absent") in sp and ("saddle_anesthesia", "absent") in sp


def test_calf_pain_alone_is_no_ecq_item():
    assert "ecq_q6_calf" not in states("Tender calf after a long flight.")


def test_implied_general_findings_keep_the_span():
    r = read_text("Sciatica in both legs and she has not passed urine since last night.")
    by = {(f.id, f.state): f for f in r.findings}
    assert by[("radicular_pain", "present")].span == by[("bilateral_sciatica", "present")].span
    assert ("sphincter_dysfunction", "present") in by


# --- the red-flag safety layer: many wordings, negation honoured -----------------------------------


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Wiping after the toilet feels strange, like it's not my bum.", "saddle_anesthesia"),
        ("Numbness around her back passage and inner thighs.", "saddle_anesthesia"),
        ("When I sit on the loo it's like sitting on a numb cushion.", "saddle_anesthesia"),
        ("I can't tell when my bladder is full.", "new_urinary_retention_or_incontinence"),
        ("Band-like numbness at the level of the nipples.", "sensory_level"),
        ("Numb from the umbilicus downwards.", "sensory_level"),
        ("Sensory loss to T10.", "sensory_level"),
        ("Choking on fluids since yesterday.", "dysphagia"),
        ("He can't hold his head up.", "cannot_lift_head"),
        ("Worsening weakness with exertion over two days.", "fatigable_weakness"),
        ("Her legs tire after a few steps.", "fatigable_weakness"),
        ("His mouth has gone lopsided.", "facial_droop"),
        ("Her words came out all jumbled.", "speech_disturbance"),
        ("She can't see out of her right eye.", "sudden_visual_loss"),
        ("Suddenly couldn't walk straight.", "sudden_ataxia"),
        ("His big toe has gone black.", "gangrene"),
        ("He sleeps in the armchair because of the foot pain.", "pain_relieved_by_dependency"),
        ("The pain has not settled since he stopped running.", "pain_not_settling_with_rest"),
        ("Passive flexion of the toes is agonising.", "pain_on_passive_stretch"),
        ("Really breathless out of nowhere.", "dyspnea_sudden"),
        ("It hurts to take a deep breath.", "pleuritic_chest_pain"),
        ("Prostate ca with bone mets.", "cancer_history"),
        ("New low back pain, worse at night.", "nocturnal_back_pain"),
    ],
)
def test_red_flag_triggers_in_other_words(text, finding):
    assert states(text).get(finding) == "present", read_text(text).findings


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("No numbness around her bottom.", "saddle_anesthesia"),
        ("Denies any band of numbness around the chest.", "sensory_level"),
        ("No choking on food or drink.", "dysphagia"),
        ("Never at rest.", "symptoms_at_rest"),
        ("No trouble with peeing.", "new_urinary_retention_or_incontinence"),
        ("Normal bladder function.", "new_urinary_retention_or_incontinence"),
    ],
)
def test_red_flag_triggers_negated(text, finding):
    assert states(text).get(finding) == "absent", read_text(text).findings


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Woke 3h ago with L leg agonising, foot marble white and cold, unable to dorsiflex the ankle, "
         "numb to the knee. Femoral pulse present, nil distally.", "acute_limb_ischemia"),
        ("Dad just sat down for tea and his mouth has gone lopsided, his left arm flopped and he dropped "
         "the cup.", "stroke"),
        ("Campylobacter enteritis two weeks ago. Symmetrical weakness of all four limbs, global "
         "areflexia.", "guillain_barre"),
        ("Known MG. Increasing difficulty swallowing her tablets, voice fading.", "myasthenic_crisis"),
    ],
)
def test_red_flags_raised_from_new_wordings(text, flag):
    import legdx

    a = legdx.assess(read_text(text).case)
    assert flag in {h.id for h in a.red_flags}


def test_a_relative_writing_is_not_a_family_history():
    assert states("Dad just sat down and his mouth has gone lopsided.").get("facial_droop") == "present"
    assert states("Father had a stroke with a lopsided face.").get("facial_droop") == "family"


def test_inflected_forms_the_rules_name_still_reach_their_lemma():
    """A word in a class is its own lemma; patterns naming its base form get it too ('tired' ~ 'tire')."""
    from legdx.text.reader import get_reader

    r = get_reader()
    lem = r.target_matcher.lemmatizer
    assert lem is not None
    for t in r.targets:
        for tok in t.pattern or ():
            val = tok.get("LEMMA")
            if isinstance(val, dict) and isinstance(val.get("IN"), list):
                names = set(val["IN"])
                for w in lem.vocab:
                    b = lem.base(w)
                    if b != w and b in names:
                        assert w in names, (t.name, w, b)


# --- generalisation round 3 ----------------------------------------------------------------------------


def _states(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in read_text(text).findings:
        out.setdefault(f.id, set()).add(f.state)
    return out


def test_negation_covers_a_long_coordinated_list():
    s = _states("Denies leg weakness, numbness in the saddle area, bladder problems or bowel problems.")
    assert s["sphincter_dysfunction"] == {"absent"}
    assert s["saddle_anesthesia"] == {"absent"} and s["new_leg_weakness"] == {"absent"}
    # no conjunction: not a list, the second finding is not negated by the first one's cue
    s = _states("No fever. Leg weakness, numbness in the saddle area")
    assert "present" in s["saddle_anesthesia"]


def test_ruled_out_phrase_beats_an_overlapping_mention():
    assert _states("No swelling in the calf.")["unilateral_calf_swelling"] == {"absent"}


def test_bladder_and_bowel_named_together():
    s = _states("No saddle numbness, bladder or bowel change.")
    for fid in ("new_urinary_retention_or_incontinence", "new_fecal_incontinence", "sphincter_dysfunction"):
        assert s[fid] == {"absent"}, fid
    s = _states("Bladder and bowels functioning normally.")
    assert s["new_urinary_retention_or_incontinence"] == {"absent"}


def test_lemma_prefers_the_longest_known_stem():
    s = _states("He screams when I stretch his toes.")
    assert s["pain_on_passive_stretch"] == {"present"}


def test_test_result_in_a_conditional_is_hypothetical():
    s = _states("Plan ABI; if ABI is low start statin.")
    assert s["abi_le_0_90"] == {"hypothetical"}
    assert "present" not in s.get("statin_use", set())
    s = _states("She is told to return should her legs become weak.")
    assert s["bilateral_leg_weakness"] == {"hypothetical"}
    # a symptom in a conditional stays real
    assert "present" in _states("if I walk 100 yards my calves ache")["leg_symptoms_with_walking"]


@pytest.mark.parametrize(
    "text, flag_finding",
    [
        ("Pain far worse than the injury would suggest.", "pain_out_of_proportion"),
        ("front of leg feels like wood", "tense_compartment"),
        ("my left calf is twice the size of the right", "unilateral_calf_swelling"),
        ("Coughed up some blood this morning.", "hemoptysis"),
        ("when I wiped after the loo I couldn't feel the paper properly", "saddle_anesthesia"),
        ("Erectile problems new since the back pain started.", "sexual_dysfunction_new"),
        ("Voice weak and cough feeble.", "dyspnea_or_weak_cough"),
        ("she's gasping for breath", "dyspnea_or_weak_cough"),
        ("tingling and weakness starting in his feet and now affecting his thighs and hands",
         "ascending_symmetric_weakness_days"),
        ("No DP/PT/pop pulses on L.", "palpable_pulse_abnormality"),
        ("I've wet the bed, which has never happened.", "new_urinary_retention_or_incontinence"),
    ],
)
def test_round3_red_flag_wordings(text, flag_finding):
    assert "present" in _states(text).get(flag_finding, set()), text


def test_round3_acute_limb_wordings():
    s = _states("76F AF. Acute L leg pain onset 3h. L foot mottled and cold. No DP/PT/pop pulses on L. "
                "Sensory loss to mid-foot. Unable to dorsiflex.")
    for fid in ("sudden_onset_leg_pain", "pulseless_limb", "paresthesia_limb", "paralysis_limb", "cold_limb"):
        assert "present" in s.get(fid, set()), fid
    s = _states("abrupt onset cold numb R foot at 0600, pulses not palpable below the femoral")
    for fid in ("sudden_onset_leg_pain", "cold_limb", "paresthesia_limb", "pulseless_limb"):
        assert "present" in s.get(fid, set()), fid


# --- round 4: the red-flag concept screen (screen.yaml) ----------------------------------------------


def _screen_ids(text: str) -> set[str]:
    return {f.id for f in read_text(text).findings if f.rule.startswith("screen:") and f.state == "present"}


def test_screen_rules_name_kb_findings_and_red_flags():
    """Every screen rule emits KB findings that are in its red flag's trigger, and every catalog red flag
    has a screen rule."""
    from legdx.knowledge.loader import default_kb
    from legdx.text.reader import get_reader
    from legdx.text.rules import default_rules

    kb = default_kb()
    rules = default_rules().screen.rules
    for r in rules:
        assert r.flag in kb.red_flags, r.id
        assert all(x in kb.findings for x in r.emit), r.id
    assert {r.flag for r in rules} == set(kb.red_flags)
    assert get_reader().problems == []


def test_screen_reads_concepts_not_phrases():
    """Wordings no phrase rule names: a concept of each kind in one sentence is enough."""
    cases = [
        ("My privates have gone kind of numb since yesterday.", "saddle_anesthesia"),
        ("Since Tuesday he has been leaking wee without noticing.", "new_urinary_retention_or_incontinence"),
        ("Out of nowhere her left foot went icy and blotchy blue.", "sudden_onset_leg_pain"),
        ("The heaviness travelled from his ankles up to his hips over four days.",
         "ascending_symmetric_weakness_days"),
        ("Her pee is the colour of cola after the marathon.", "dark_urine_after_exercise"),
        ("Chewing makes her jaw ache so she stops mid-meal.", "jaw_claudication"),
    ]
    for text, fid in cases:
        assert fid in _screen_ids(text), (text, _screen_ids(text))


def test_screen_never_fires_on_negated_or_hypothetical_concepts():
    for text in [
        "No numbness around the bottom and no leaking of urine.",
        "Denies any change in bladder or bowel habit.",
        "If your foot suddenly goes cold or white, call 999.",
        "Weakness is not getting worse.",
        "A nasty cold two weeks ago; now her feet tingle.",
        "Urinary urgency with occasional urge incontinence for years.",
    ]:
        assert _screen_ids(text) == set(), (text, _screen_ids(text))


def test_screen_unknown_concept_is_an_error():
    from legdx.text.rules import ScreenFile

    with pytest.raises(ValueError, match="unknown concepts"):
        ScreenFile.model_validate(
            {
                "version": 1,
                "concepts": {"A": ["x"]},
                "rules": [{"id": "r", "flag": "f", "all": ["B"], "emit": ["y"]}],
            }
        )


def test_filler_word_glued_to_a_number_is_kept():
    """"3am" is a clock time, not "3" + the filler "am"."""
    from legdx.text.normalize import Normalizer
    from legdx.text.rules import default_rules

    n = Normalizer(default_rules().lexicon)
    assert "3am" in n.normalize("Woke at 3am with a cold leg")[0]


# --- round 5 (development5) ---------------------------------------------------------------------------


def _found(text: str) -> dict[tuple[str, str], str]:
    """(finding id, state) -> the words it was read from (first mention)."""
    r = read_text(text)
    out: dict[tuple[str, str], str] = {}
    for f in r.findings:
        out.setdefault((f.id, f.state), text[f.span[0] : f.span[1]])
    return out


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Over the past fortnight she fell twice this week and each week she manages less of the stairs.",
         "each week she manages less"),
        ("Gait increasingly unsteady, now using a stick.", "increasingly unsteady"),
        ("Over the last ten days he has started catching his toes on the kerb.",
         "Over the last ten days he has started catching his toes"),
    ],
)
def test_progressive_deficit_course_tied_to_a_deficit(text, words):
    """A motor deficit tied to a course over days to weeks raises progressive_motor_deficit (the most-missed
    red flag of the blind parts), with the span from the deficit to the course words."""
    # round 9: "fell twice this week" is also read (falls again within days), so the course words are one of
    # the mentions, not necessarily the first
    r = read_text(text)
    key = ("progressive_motor_deficit", "present")
    spans = {text[f.span[0] : f.span[1]] for f in r.findings if (f.id, f.state) == key}
    assert words in spans, spans


@pytest.mark.parametrize(
    "text",
    [
        "A 61-year-old man has a weak right foot that has slowly got worse over nine months.",
        "Each week he manages fewer yards on walking before his calves ache and he has to stop.",
    ],
)
def test_no_progressive_deficit_for_slow_course_or_claudication(text):
    assert ("progressive_motor_deficit", "present") not in _found(text)


def test_saddle_and_bladder_normal_as_a_coordinated_subject():
    got = _found("Saddle sensation and bladder function are normal.")
    assert ("saddle_anesthesia", "absent") in got and ("saddle_anesthesia", "present") not in got
    assert got.get(("new_urinary_retention_or_incontinence", "absent")) == "bladder function are normal"
    s = states("Nil saddle sx, bladder/bowels NAD.")
    assert s["saddle_anesthesia"] == "absent"
    assert s["new_urinary_retention_or_incontinence"] == "absent"
    assert s["new_fecal_incontinence"] == "absent" and s["sphincter_dysfunction"] == "absent"


def test_bottom_of_the_feet_is_not_the_saddle():
    got = _found("The bottom of my feet are numb when I walk.")
    assert got.get(("bilateral_plantar_numbness", "present")) == "bottom of my feet are numb"
    assert not any(k[0] in ("saddle_anesthesia", "perineal_numbness") for k in got)
    assert states("My bottom feels numb.").get("saddle_anesthesia") == "present"


def test_non_native_gbs_wording():
    s = states(
        "From Friday my feet is tingling like ants, and now the legs are not strong, every day more weak. "
        "Also my fingers now are feeling weak when I hold the cup."
    )
    assert s["bilateral_leg_weakness_progressive"] == "present"
    assert s["ascending_symmetric_weakness_days"] == "present"
    assert s["stocking_numbness_or_burning"] == "present"


def test_acute_compartment_syndrome_after_exertion():
    s = states(
        "Today, after a 15 km loaded march, the pain in the front of his left shin has kept getting worse "
        "for three hours despite rest and two doses of morphine. The anterior compartment is hard as wood, "
        "and passively pointing his toes down causes severe pain."
    )
    signs = (
        "pain_not_settling_with_rest",
        "pain_out_of_proportion",
        "tense_compartment",
        "pain_on_passive_stretch",
    )
    for fid in signs:
        assert s.get(fid) == "present", fid


def test_better_with_walking_lay_forms_and_direction():
    got = _found(
        "Oddly, after the first few steps his legs seem to get stronger and he walks better the further he "
        "goes. Knee jerks are absent at rest but become present after he presses hard against resistance "
        "for ten seconds."
    )
    assert ("strength_improves_after_brief_effort", "present") in got
    assert got.get(("symptoms_improve_with_walking", "present")) == "walks better the further"
    assert ("reflexes_return_after_exercise", "present") in got
    assert ("leg_symptoms_with_walking", "present") not in got


@pytest.mark.parametrize(
    "text",
    [
        "The pain goes down both legs when I walk and eases when I sit.",
        "It hurts in the calf when I walk and eases when I stop.",
    ],
)
def test_pain_going_down_the_leg_is_not_relief_with_walking(text):
    """'goes down (the leg)' is not 'goes down' (eases), and relief after 'and' belongs to the next clause."""
    assert "symptoms_improve_with_walking" not in states(text)


def test_bilateral_sciatica_needs_pain_at_rest():
    assert states("The pain goes down both legs even lying in bed.").get("bilateral_sciatica") == "present"
    s = states("The pain goes down both legs when I walk and eases when I sit.")
    assert "bilateral_sciatica" not in s and s.get("radicular_pain") == "present"


@pytest.mark.parametrize(
    ("text", "weeks"),
    [
        ("67M. 4/12 hx of hands not working: can't do shirt buttons.", 17.38),
        ("78M referred by GP. 18/12 progressive gait difficulty.", 78.21),
        ("41F, 5/12 of double vision and droopy eyelids.", 21.725),
        ("Letter. Six months ago she began tripping over her left foot.", 26.07),
        ("My mum (76) is getting slower and slower over the past year.", 52.18),
        ("Put my back out 3 weeks ago and now I've got this shooting pain.", 3.0),
    ],
)
def test_durations_round5(text, weeks):
    r = read_text(text)
    got = [m.value for m in r.measurements if m.id == "symptom_duration_weeks"]
    assert got == [pytest.approx(weeks, abs=0.01)]


def test_slash_follow_up_is_not_a_duration():
    r = read_text("Calf pain on walking. Review in 3/52.")
    assert not [m for m in r.measurements if m.id == "symptom_duration_weeks"]


@pytest.mark.parametrize(
    ("text", "age"),
    [("My husband Tom (74) got up from his chair and his leg buckled.", 74),
     ("Dear Dr, Mrs Joan Pryce (72) has had a new headache.", 72),
     ("Hi, writing for my husband Gary (52) who won't ring himself.", 52)],
)
def test_age_in_brackets_after_a_name(text, age):
    assert read_text(text).case.age == age


def test_hx_shorthand_is_not_a_past_finding_and_not_working_negates_nothing():
    got = _found("67M. 4/12 hx of hands 'not working': can't do shirt buttons, dropping mugs.")
    assert ("hand_clumsiness", "present") in got
    assert not any(k[0] == "hand_clumsiness" and k[1] != "present" for k in got)


def test_test_planned_and_once_meaning_one_time():
    assert states("CT head: Evans index 0.36. Plan: tap test.").get("csf_tap_test_positive") == "hypothetical"
    assert states("GP did bloods once and said CK was high.").get("ck_raised") == "present"


def test_toe_pressure_with_a_side_reaches_the_kb_derive():
    got = _found("Right ABI 0.38, toe pressure 22 mmHg.")
    assert got.get(("toe_pressure_lt_30", "present")) == "toe pressure 22 mmHg"


def test_jaw_claudication_inflected_and_gca_age():
    r = read_text("Mrs Joan Pryce (72) has a new headache, and her jaw aches after a few mouthfuls.")
    assert r.case.age == 72
    assert r.case.findings["jaw_claudication"].state == "present"


def test_screen_concepts_take_inflected_forms():
    """A concept word ('walk') also reads its inflections that some rule names ('walks'), so naming
    'walks' somewhere cannot stop 'as she walks' from cancelling a tense-compartment reading."""
    from legdx.text.reader import get_reader

    scr = get_reader().screen
    assert scr.words.get("walks", set()) >= scr.words["walk"]
    s = states(
        "She had a DVT after a car accident years ago and describes a tight bursting ache in the left leg "
        "that builds up as she walks."
    )
    assert "tense_compartment" not in s


def test_speed_devices_do_not_change_what_is_read(monkeypatch):
    """The first-token split of token patterns, the anchor windows of the pattern groups and the IS_STOP
    flag for {GAP} words are speed devices only: a reader without them reads the same findings, spans,
    rules and states."""
    import legdx.text.reader as rd
    from legdx.text.evaluate import load_corpus

    texts = [c.text for c in load_corpus("development5")[:12]]
    texts += [c.text for c in load_corpus("development2")[:12]]
    fast = rd.get_reader()
    expand = rd._expand

    def predicate_gaps(pattern, classes=None):  # {GAP} as the Python predicate it was before round 5
        out = expand(pattern, classes)
        for tok in out:
            if tok.get("IS_STOP") is False:
                del tok["IS_STOP"]
                tok["LOWER"] = {"NOT_IN": list(rd._CLAUSE_PUNCT + rd._GAP_STOP)}
        return out

    monkeypatch.setattr(rd, "_SPLIT_MAX", 0)
    monkeypatch.setattr(rd, "_expand", predicate_gaps)
    slow = rd.Reader(fast.rules, fast.kb)
    monkeypatch.undo()

    def predicate_gap_tokens(reader: rd.Reader) -> int:
        return sum(
            1
            for _key, _anchors, pat in reader.target_matcher.patterns
            for tok in pat
            if isinstance(tok.get("LOWER"), dict) and "NOT_IN" in tok["LOWER"]
        )

    assert predicate_gap_tokens(slow) > predicate_gap_tokens(fast) + 1000
    slow.target_matcher.group_len = [None] * len(slow.target_matcher.group_len)

    def key(reader: rd.Reader, t: str) -> list[tuple[str, str, tuple[int, int], str]]:
        return sorted((f.id, f.state, f.span, f.rule) for f in reader.read(t).findings)

    for t in texts:
        assert key(fast, t) == key(slow, t), t[:60]


def test_split_first_token():
    from legdx.text.reader import _split_first_token

    pat = [{"LOWER": {"IN": ["if", "should"]}}, {"LOWER": "he"}]
    assert _split_first_token(pat) == [
        [{"LOWER": "if"}, {"LOWER": "he"}],
        [{"LOWER": "should"}, {"LOWER": "he"}],
    ]
    optional = [{"LOWER": {"IN": ["a", "b"]}, "OP": "?"}, {"LOWER": "x"}]
    assert _split_first_token(optional) == [optional]


def test_list_negation_from_an_absent_phrase_and_over_an_unknown_item():
    """'No swelling' (a `state: absent` rule holding its own "no") starts a negated list, and one item the
    rules do not know ("redness") does not end it: the calf tenderness is ruled out, not a DVT sign."""
    s = states("No swelling, redness or tenderness of the calf.")
    assert s["unilateral_calf_swelling"] == "absent"
    assert s["deep_vein_tenderness"] == "absent"
    s = states("Swelling of the left calf, redness and tenderness of the calf.")
    assert s["deep_vein_tenderness"] == "present"


def test_a_hanging_mouth_is_a_facial_droop_not_dependency():
    s = states("20 minutes ago his right leg buckled and the right side of his mouth is hanging down.")
    assert s["facial_droop"] == "present"
    assert "pain_relieved_by_dependency" not in s
    s = states("She sleeps with the leg hanging down to ease the foot pain.")
    assert s["pain_relieved_by_dependency"] == "present"


# --- round 6 (development6) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lowest", "finding"),
    [
        ("ABI 0.95, falling after treadmill.", 0.95, "abi_borderline"),
        ("ABI resting 1.12 b/l.", 1.12, "abi_normal_range"),
        ("ABI 0.62.", 0.62, "abi_le_0_90"),
        ("ABPI 1.6 (calcified vessels).", 1.6, "abi_noncompressible"),
    ],
)
def test_abi_without_a_side_is_taken_as_both_legs_with_a_warning(text, lowest, finding):
    """An ABI given without a side is the lowest and the highest ABI (both legs), so it reaches the
    normal, borderline, abnormal or noncompressible finding, and the assumption is stated as a warning."""
    r = read_text(text)
    assert r.variables["abi_lowest"] == lowest and r.variables["abi_highest"] == lowest
    assert r.case.findings[finding].state == "present"
    assert any("without a side" in w.message for w in r.warnings)


def test_abi_with_sides_states_no_assumption():
    r = read_text("Right ABI 0.70, left 1.10.")
    assert r.variables["abi_lowest"] == 0.70 and r.variables["abi_highest"] == 1.10
    assert not any("without a side" in w.message for w in r.warnings)
    assert "abi_normal_range" not in r.case.findings


@pytest.mark.parametrize(
    "text",
    [
        "My husband is 70. His speech has been slowly getting slurred for 6 months and his legs are weak.",
        "68M. Over the past year his speech has become gradually more slurred, fasciculations in the thighs.",
        "Speech progressively slurred over several months; wasting of the hands.",
    ],
)
def test_gradual_slurred_speech_is_not_a_stroke(text):
    """Slurred speech that came on over months (ALS) is the progressive bulbar finding, not the sudden
    stroke sign, so no stroke flag and no ambulance."""
    import legdx

    r = read_text(text)
    assert "speech_disturbance" not in r.case.findings
    bulbar = {"progressive_bulbar_symptoms", "dysarthria"}
    assert bulbar & set(r.case.findings)
    a = legdx.assess(r.case)
    assert "stroke" not in {f.id for f in a.red_flags}
    assert a.triage.level != "emergency_ambulance"


@pytest.mark.parametrize(
    "text",
    [
        "Dad is 80, his speech went slurred suddenly an hour ago and his face looks droopy on one side.",
        "72F slurred speech since this morning, right arm weak.",
        "Mum (77) her speech is slurred and her face has dropped on one side, she can not lift her arm.",
        "His speech has been gradually slurred over a year, but at 10am today his face dropped on the left.",
        "Over the last few months his walking got worse; since 3 hours ago his speech is slurred.",
        # a course of days or weeks is no slow course: these keep the stroke reading (lead's review)
        "72M. Slurred speech getting gradually worse over the last 2 days. Legs weak.",
        "72M, slurred speech, progressively worse over 3 days, now also drooling.",
        "Back pain for years. Slurred speech gradually worse over 2 days.",
        "Slurred speech slowly for months, much worse over the last 2 days.",
        "Her speech has slowly become slurred over the past week.",
        "Speech gradually slurred, no clear time course given.",
    ],
)
def test_acute_stroke_is_never_lost_floor(text):
    """Red-flag floor: a sudden speech or face change keeps the stroke flag and the ambulance, also on a
    background of slow decline (a sudden-onset word anywhere keeps the stroke reading); so does a speech
    change whose stated course is shorter than months, or not stated at all."""
    import legdx

    a = legdx.assess(read_text(text).case)
    assert "stroke" in {f.id for f in a.red_flags}
    assert a.triage.level == "emergency_ambulance"


def test_gradual_course_settings_name_kb_findings():
    from legdx.text.reader import get_reader

    rd = get_reader()
    assert rd._gradual == {
        "speech_disturbance": "progressive_bulbar_symptoms",
        "facial_droop": "progressive_bulbar_symptoms",
    }
    assert not rd.problems


@pytest.mark.parametrize(
    "text",
    [
        "Electric shocks down the spine and into the arms when he bends his neck forward.",
        "When I bend my head down I get a buzzing electric feeling down my back into my legs.",
        "Positive Lhermitte sign.",
    ],
)
def test_lhermitte_sign(text):
    assert states(text)["lhermitte_sign"] == "present"


def test_transferrin_saturation_and_ferritin_numbers():
    s = states("Ferritin 40 ng/mL, TSAT 14%.")
    assert s["ferritin_le_75"] == "present" and s["transferrin_saturation_lt_20"] == "present"
    s = states("Transferrin saturation 35%, ferritin 120.")
    # session 9: a stated normal value reads the finding as absent by its own rule (numbers.yaml:
    # normal_value_absent)
    assert s["transferrin_saturation_lt_20"] == "absent" and s["ferritin_le_75"] == "absent"


def test_number_findings_of_round_6():
    s = states("CMAP increment of 140% after 10 s exercise.")
    assert s["lems_increment_ge_60"] == "present" and s["lems_increment_ge_100"] == "present"
    s = states("Ankle pressure fell by 45 mmHg after the treadmill.")
    assert s["exercise_ankle_drop_gt_30"] == "present"
    assert states("Toe pressure R 18 mmHg.")["toe_pressure_lt_30"] == "present"
    assert states("Stiff for 10-20 min after sitting in the car.")["brief_stiffness_after_rest"] == "present"
    assert read_text("Writing for my mum who is 58, her calf is swollen.").case.age == 58


@pytest.mark.parametrize(
    ("text", "weeks"),
    [
        ("Its been 2 years and my legs ache.", 104.36),
        ("Calf pain. Been going on since spring, about 6 months.", 26.07),
        ("79M. 1 yr progressive gait difficulty.", 52.18),
        ("Both knees painful on walking and stairs, R>L, 3 yrs, worse after a long day.", 156.54),
    ],
)
def test_more_duration_forms(text, weeks):
    r = read_text(text)
    assert next(m.value for m in r.measurements if m.id == "symptom_duration_weeks") == weeks
    assert r.case.findings["symptoms_longer_than_12_weeks"].state == "present"


def test_treatment_duration_is_not_the_history():
    r = read_text("Calf pain limiting despite 6 months of SET and BMT.")
    assert not any(m.id == "symptom_duration_weeks" for m in r.measurements)


def test_every_qualifying_duration_is_a_mention():
    """The longest duration is the history's, but each duration that meets a cut-off is a span of it."""
    r = read_text("3/52 of black toes. Rest pain at night for 2 months.")
    spans = {f.text for f in r.findings if f.id == "symptoms_longer_than_2_weeks"}
    assert spans == {"3/52", "for 2 months"}


@pytest.mark.parametrize(
    "text",
    [
        "I've been getting a horrible cramp in the back of my left leg below the knee when I walk the dog.",
        "When I walk to church both legs go numb and weak from the bottom up.",
        "Since about 3 months my legs feel heavy and tired on any walk.",
    ],
)
def test_symptom_and_walking_clause_further_apart(text):
    assert states(text)["leg_symptoms_with_walking"] == "present"


@pytest.mark.parametrize(
    "text",
    [
        "My legs ache in the evening and when I walk around the house it goes away.",
        "The heaviness when I walk it eases off.",
        "When I walk the pain goes away.",
    ],
)
def test_relief_after_the_walking_clause_is_not_provocation(text):
    """refuse_after: a relief word after the walking clause voids the broad provocation patterns (the
    classic error of reading 'better with walking' as claudication)."""
    assert states(text).get("leg_symptoms_with_walking") != "present"


def test_refuse_after_keeps_relief_by_stopping():
    s = states("Cramp in my calf when I walk that settles when I stop.")
    assert s["leg_symptoms_with_walking"] == "present"


def test_refuse_after_is_validated():
    from legdx.text.rules import TargetRuleSpec

    spec = TargetRuleSpec(
        finding="x", patterns=[[{"LOWER": "a"}]], refuse_after=["RELIEF"], refuse_unless=["STILL"]
    )
    assert spec.refuse_window == 5
    from legdx.text.reader import _class_words

    assert "ease" in _class_words(["RELIEF"], {"RELIEF": ["ease", "Settle"]})
    with pytest.raises(ValueError):
        _class_words(["NOPE"], {})


@pytest.mark.parametrize(
    ("text", "finding", "state"),
    [
        ("No problems with peeing or pooing.", "sphincter_dysfunction", "absent"),
        ("No bowel or bladder accidents so far.", "new_fecal_incontinence", "absent"),
        ("No saddle or sphincter sx.", "saddle_anesthesia", "absent"),
        ("Nothing numb in the saddle area.", "saddle_anesthesia", "absent"),
        ("Cycles at the gym no problem.", "cycling_provokes_same_symptoms", "absent"),
        ("Walking doesnt make it worse.", "leg_symptoms_with_walking", "absent"),
        ("Swallowing and breathing OK.", "dysphagia", "absent"),
        ("No rest pain, no wounds, feet warm.", "rest_pain_forefoot_night", "absent"),
        ("No rest pain, no wounds, feet warm.", "cold_limb", "absent"),
        ("Face symmetrical, speech normal.", "speech_disturbance", "absent"),
        ("D-dimer negative.", "d_dimer_positive", "absent"),
    ],
)
def test_ruled_out_lists_of_round_6(text, finding, state):
    assert states(text)[finding] == state


def test_pins_and_needles_is_not_injecting():
    s = states("Back pain, and pins and needles on the outer side of the foot.")
    assert "iv_drug_use" not in s


def test_a_family_history_ruled_out_is_no_family_cue():
    assert states("Non-smoker, no DM, no FHx.")["smoking_history"] == "absent"


def test_plan_to_start_a_drug_is_not_taking_it():
    assert states("Plan: start statin and a walking programme.").get("statin_use") == "hypothetical"
    assert states("He takes a statin.").get("statin_use") == "present"


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("At lunch he suddenly got a severe pain in the left leg. Leg now white.", "sudden_onset_leg_pain"),
        ("tingling from thighs to shins when walking", "thigh_pain_location"),
        ("I gave up the ciggies 3 yrs ago.", "smoking_history"),
        ("I take a water tablet for pressure.", "hypertension"),
        ("Had a stent in my heart in 2020.", "known_atherosclerosis_other_bed"),
        ("His legs work better once he has been walking for a few minutes.", "symptoms_improve_with_walking"),
        ("After 5 or 6 steps it becoming loose and then normal.", "stiffness_eases_with_repetition"),
        ("Grip strength increases over repeated squeezes.", "strength_improves_after_brief_effort"),
        ("Reflexes absent at rest but appear after he contracts the quadriceps hard for 10 seconds.",
         "reflexes_return_after_exercise"),
        ("im 19, i have this since i am child, my father too.", "family_history_similar_symptoms"),
        ("She cannot fasten her bra or hold a pen.", "hand_clumsiness"),
        ("Moving his toes downwards by hand makes him cry out.", "pain_on_passive_stretch"),
        ("Black 4th toe, now wet and foul-smelling.", "wet_gangrene"),
    ],
)
def test_general_forms_of_round_6(text, finding):
    assert states(text)[finding] == "present"


def test_combined_finding_is_stated_at_each_part():
    r = read_text("Black 4th and 5th toes, now wet and foul-smelling.")
    spans = {f.text for f in r.findings if f.id == "wet_gangrene"}
    assert len(spans) == 2


def test_new_site_patterns_hide_nothing():
    """The broad round-6 patterns keep shorter readings inside them: 'sitting on a numb cushion' is still
    saddle anaesthesia inside a symptoms-at-rest reading."""
    s = states("When I sit down on the loo it's like sitting on a numb cushion.")
    assert s.get("saddle_anesthesia") == "present"


def test_sudden_onset_leg_pain_red_flag_floor():
    """Red-flag floor: a sudden leg pain with a white, cold leg that cannot move is acute limb ischaemia by
    ambulance (development6 v04 was under-triaged before round 6)."""
    import legdx

    a = legdx.assess(
        read_text(
            "At lunch he suddenly got a severe pain in the left leg. Leg now white and icy from the knee "
            "down, he can't wiggle his toes."
        ).case
    )
    assert "acute_limb_ischemia" in {f.id for f in a.red_flags}
    assert a.triage.level == "emergency_ambulance"


# --- loading speed (session 5): the rules cache and the lazily built pattern matchers ---------------------


def test_rules_cache_is_current():
    """``data/rules_cache.json`` holds every rule file as parsed, keyed by the SHA-256 of its text. A stale
    entry is never used (that file is read from its YAML), but loading is then slow: rebuild the cache with
    ``PYTHONPATH=src python scripts/build_rules_cache.py`` after editing a rule file."""
    from legdx.text.rules import CACHE_FILE, build_cache, data_dir

    shipped = (data_dir() / CACHE_FILE).read_text(encoding="utf-8")
    assert shipped == build_cache(), "rules_cache.json is out of date: run scripts/build_rules_cache.py"


def test_rules_from_cache_equal_rules_from_yaml():
    from legdx.text.rules import RuleSet

    cached, parsed = load_rules(), load_rules(use_cache=False)
    assert isinstance(cached, RuleSet)
    assert cached == parsed
    assert cached.model_dump_json() == parsed.model_dump_json()


def test_stale_cache_entry_is_not_used(tmp_path):
    """An edited rule file is read from its YAML even though the cache has an entry under its name."""
    import shutil

    from legdx.text.rules import data_dir

    for p in data_dir().glob("*.yaml"):
        shutil.copy(p, tmp_path / p.name)
    rd = tmp_path / "reader.yaml"
    text = rd.read_text(encoding="utf-8")
    assert "max_chars:" in text
    edited = "\n".join(
        "max_chars: 12345" if line.startswith("max_chars:") else line for line in text.splitlines()
    )
    rd.write_text(edited + "\n", encoding="utf-8")
    assert load_rules(tmp_path).reader.max_chars == 12345
    assert load_rules().reader.max_chars != 12345


def test_rules_cache_refuses_what_json_cannot_hold(tmp_path):
    import shutil

    from legdx.text.rules import build_cache, data_dir

    for p in data_dir().glob("*.yaml"):
        shutil.copy(p, tmp_path / p.name)
    with (tmp_path / "reader.yaml").open("a", encoding="utf-8") as fh:
        fh.write("note_date: 2024-01-01\n")  # a date: JSON has none
    with pytest.raises(RuleFileError, match="reader.yaml"):
        build_cache(tmp_path)


def test_loading_leaves_garbage_collection_as_it_was():
    import gc

    from legdx.text.rules import no_gc

    assert gc.isenabled()
    load_rules()
    assert gc.isenabled()
    gc.disable()
    try:
        with no_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_phrase_normalisation_equals_text_normalisation():
    """``normalize_phrase`` (no offset map, session 5) gives ``normalize(...)[0].lower()`` for every phrase
    the reader normalises, and leaves the word cache as ``normalize`` does."""
    from legdx.text import get_reader

    r = get_reader()
    n = r.normalizer
    phrases = [lit for rule in r.rules.targets.rules for lit in rule.literals]
    phrases += [c.literal for c in r.rules.context.rules]
    if r.kb is not None:
        phrases += [s for f in r.kb.findings.values() for s in f.synonyms]
        phrases += [f.name.clinician for f in r.kb.findings.values()]
    phrases += ["?DVT here", "um the  leg", "the 3am pain", "~20 min", "sit-down +ve", "DP/PT absent", ""]
    for p in phrases:
        before = dict(n._cache)
        got = n.normalize_phrase(p)
        after = dict(n._cache)
        n._cache = before
        assert got == n.normalize(p)[0].lower(), p
        assert n._cache == after, p


def test_pattern_group_matchers_are_built_on_first_use():
    """The matching automaton of a pattern group (session 19; before it, a spaCy Matcher) is built when a
    sentence first needs it; a reader that has built every group's up front reads the same."""
    import legdx.text.reader as rd
    from legdx.text.evaluate import load_corpus

    fresh = rd.Reader(rd.get_reader().rules, rd.get_reader().kb)
    tm = fresh.target_matcher
    assert all(a is None for a in tm._autos)
    eager = rd.Reader(fresh.rules, fresh.kb)
    for gi in range(len(eager.target_matcher.groups)):
        eager.target_matcher._automaton(gi)
    texts = [c.text for c in load_corpus("development")[:15]] + [c.text for c in load_corpus("heldout")[:10]]
    for t in texts:
        assert fresh.read(t).model_dump_json() == eager.read(t).model_dump_json(), t[:60]
    built = sum(a is not None for a in tm._autos)
    assert 0 < built < len(tm._autos)


def test_slashed_word_reads_the_same_at_every_occurrence():
    """A slashed word ("DP/PT") is read side by side at every occurrence, not only at its first one in a
    process (the word cache used to keep None first); a unit ("mmol/L", "L/min") is never split, so its "L"
    cannot become "left"."""
    from legdx.text import get_reader

    n = get_reader().normalizer
    for _ in range(2):
        assert n.replacement("DP/PT") == "dorsalis pedis/posterior tibial"
        assert n.replacement("L/R") == "left/right"
        for unit in ("mmol/L", "IU/L", "U/L", "L/min", "mg/dL", "mL/kg"):
            assert n.replacement(unit) is None, unit
    text = "K 2.4 mmol/L. CK 900 IU/L. Absent DP/PT pulses. Repeat K 2.5 mmol/L, DP/PT still absent."
    first, again = read_text(text), read_text(text)
    assert first.model_dump_json() == again.model_dump_json()
    assert "left" not in get_reader().normalizer.normalize(text)[0]


def test_implication_sources_keep_the_data_order():
    """Which rule names a mention that two sources imply follows the rule data's order, not the iteration
    order of a set (which changed with Python's hash seed between processes)."""
    from legdx.text import get_reader

    r = get_reader()
    by_target = {(im.finding, tuple(dict.fromkeys(im.source))) for im in r.rules.targets.implies}
    for target, sources, *_rest in r._implications:
        assert isinstance(sources, tuple)
        if len(sources) > 1:
            assert (target, sources) in by_target


def test_reading_does_not_depend_on_the_hash_seed():
    """Two processes with different hash seeds read the same narratives byte for byte."""
    import os
    import subprocess
    import sys

    code = (
        "from legdx.text import read_text\n"
        "from legdx.text.evaluate import load_corpus\n"
        "for c in load_corpus('development5'):\n"
        "    print(read_text(c.text).model_dump_json())\n"
    )
    outs = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        cmd = [sys.executable, "-c", code]
        run = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
        outs.append(run.stdout)
    assert outs[0] == outs[1] == outs[2] and outs[0].count("\n") == 45

# --------------------------------------------------------------------------------------------------
# Round 7 (development7)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Since yesterday her legs have gone weak and she nearly fell on the stairs. "
         "Bladder and bowels OK so far.", "consultation_24"),
        ("Both legs became weak over two days.", "consultation_24"),
        ("Her legs became weak over the past 2-3 days. No incontinence.", "consultation_24"),
        ("Since this morning R leg 'won't hold him'.", "consultation_24"),
        ("Over 2 days both legs have become weak and she has wet herself twice.", "emergency"),
    ],
)
def test_new_weakness_of_both_legs_floor(text, level):
    """Red-flag floor (round 7): a change of state said of both legs ('have gone weak', 'became weak') or a
    lay idiom in scare quotes is a new leg weakness (progressive neurological deficit, review in 24 hours);
    'no incontinence' does not take the flag away, and wetting herself escalates it to an emergency."""
    import legdx

    a = legdx.assess(read_text(text).case)
    assert "progressive_neurological_deficit" in {f.id for f in a.red_flags}
    order = ["emergency_ambulance", "emergency", "consultation_24", "consultation", "self_care"]
    assert order.index(a.triage.level) <= order.index(level)


def test_weakness_after_walking_is_no_new_weakness():
    """Round 7: 'legs became weak after walking' is exertional, not the red-flag finding; present-tense
    'legs become heavy' when walking neither."""
    assert "new_leg_weakness" not in states("Both legs became weak after walking.")
    assert "new_leg_weakness" not in states("When I walk 10 minutes my both legs become heavy.")


@pytest.mark.parametrize(
    "text",
    [
        "Slurred speech gradually worse over the past 2-3 days, legs weak.",
        "Slurred speech, gradually worse (more or less 2 days).",
        "His right leg 'wasn't working' and his face dropped this morning.",
    ],
)
def test_stroke_floor_with_round7_durations(text):
    """Red-flag floor (round 7): a duration range or an approximate duration in brackets is a short course:
    keeps the stroke flag and the ambulance."""
    import legdx

    a = legdx.assess(read_text(text).case)
    assert "stroke" in {f.id for f in a.red_flags}
    assert a.triage.level == "emergency_ambulance"


def test_rest_pain_floor_with_symptom_free_at_rest():
    """Red-flag floor (round 7): 'symptom-free at rest' (a new absent reading) does not take away rest pain
    stated elsewhere in the text."""
    import legdx

    a = legdx.assess(
        read_text(
            "Known PAD. Burning pain in the toes at night in bed, better hanging the foot out of bed. "
            "In the daytime symptom-free at rest."
        ).case
    )
    assert "chronic_limb_threatening_ischemia" in {f.id for f in a.red_flags}


@pytest.mark.parametrize(
    ("text", "weeks"),
    [
        ("Over the past 5-6 weeks her legs are weak.", 5.0),
        ("For 'three or four weeks' his toes burn.", 3.0),
        ("From one year my legs hurt when I walk.", 52.18),
        ("Since last winter (more or less 8 month) my legs hurt.", 34.76),
    ],
)
def test_round7_duration_forms(text, weeks):
    """Round 7: a range by its lower end, a quoted or approximate duration, non-native 'from one year'."""
    assert read_text(text).case.measurements["symptom_duration_weeks"] == pytest.approx(weeks, abs=0.01)


@pytest.mark.parametrize(
    ("text", "finding", "state"),
    [
        ("Walking to the post box brought on calf cramps.", "leg_symptoms_with_walking", "present"),
        ("Walking briskly makes the whole left leg feel tight.", "leg_symptoms_with_walking", "present"),
        ("Heavy and clumsy after a short walk.", "leg_symptoms_with_walking", "present"),
        ("Calf pain at about 200 yards.", "leg_symptoms_with_walking", "present"),
        ("Calf pain, sooner if he hurries.", "worse_walking_uphill", "present"),
        ("Aching when he walks about 300 yards or stands to shave.", "worse_while_standing", "present"),
        ("No discomfort sitting or lying.", "symptoms_at_rest", "absent"),
        ("He has to sit, or bend over the bonnet of the car.", "improves_bending_forward", "present"),
        ("If I sit on a bench for a few minutes it all goes.", "improves_when_seated", "present"),
        ("No incontinence.", "new_urinary_retention_or_incontinence", "absent"),
    ],
)
def test_round7_wording_classes(text, finding, state):
    assert states(text).get(finding) == state


# --- round 8: red-flag wordings (development8) ------------------------------------------------------


@pytest.mark.parametrize(
    "text, flag, level",
    [
        # walking lost within hours or days, in a text about both legs
        ("Her legs feel strange. Yesterday she needed help on the stairs and today she can barely walk.",
         "progressive_neurological_deficit", "emergency_ambulance"),
        ("Band-like back pain for 10 days. Since yesterday legs stiff, walking worse by the hour, "
         "now needs a frame.",
         "cauda_equina", "emergency_ambulance"),
        # myasthenic fatigability said as a time of day, breathlessness not named as myasthenia
        ("Her eyelids droop by teatime and she sees double when tired. "
         "She cannot finish a sentence without gasping.",
         "myasthenic_crisis", "emergency_ambulance"),
        # sudden breathlessness or chest pain on breathing in with a swollen calf (PE)
        ("My right calf is swollen and sore. This afternoon I suddenly couldn't catch my breath.",
         "deep_vein_thrombosis", "emergency_ambulance"),
        ("Left calf swollen since the flight. Sharp pain in my chest when I breathe in.",
         "deep_vein_thrombosis", "emergency_ambulance"),
        # lay saddle words
        ("I cannot feel the skin between my legs when I wash.", "cauda_equina", "emergency"),
        ("He says my bits feel numb and he can't feel the loo roll.", "cauda_equina", "emergency"),
        # face and speech in lay words
        ("One side of his mouth looks lower than the other.", "stroke", "emergency_ambulance"),
        ("Since she woke she is talking like she has had a drink.", "stroke", "emergency_ambulance"),
        # a leg that stopped working
        ("His left leg just stopped working this morning.", "progressive_neurological_deficit",
         "consultation_24"),
        # cancer history and back pain said as an ache in the back
        ("I had prostate cancer 5 years ago. A nagging ache low in my back for a month.",
         "spinal_malignancy", "consultation_24"),
    ],
)
def test_round8_red_flag_wording_floor(text, flag, level):
    """Red-flag floor (round 8): each wording class development8 showed keeps its flag and at least its
    triage level."""
    _assert_flag_and_floor(text, flag, level)


def _assert_flag_and_floor(text: str, flag: str, level: str) -> None:
    """``text`` raises ``flag`` and is triaged at ``level`` or more urgently."""
    import legdx
    from legdx.knowledge.schema import TRIAGE_ORDER

    a = legdx.assess(read_text(text).case)
    assert flag in {f.id for f in a.red_flags}, (text, [f.id for f in a.red_flags])
    assert TRIAGE_ORDER.index(a.triage.level) <= TRIAGE_ORDER.index(level), (text, a.triage.level)


@pytest.mark.parametrize(
    "text",
    [
        # pain explains the walking, no neurological course
        "Since yesterday my knee is so painful I can barely walk, both legs ache.",
        # a sudden word far from the breath, and breathing said to be fine
        "My right calf is swollen and sore. Breathing fine.",
    ],
)
def test_round8_no_new_escalation(text):
    """Round 8: the new screen rules do not fire on a painful joint or on breathing said to be fine."""
    import legdx

    a = legdx.assess(read_text(text).case)
    assert a.triage.level != "emergency_ambulance", (text, [f.id for f in a.red_flags])
    assert "cauda_equina" not in {f.id for f in a.red_flags}


@pytest.mark.parametrize(
    "text, flag",
    [
        # heat-related heaviness in known MS that settled on cooling down
        ("After a long hot bath her legs went heavy and weak. Back to normal within an hour of cooling down.",
         "acute_limb_ischemia"),
        # what a symptom could mean is a worry, not the finding
        ("His feet are always cold in winter and his wife read that this could mean gangrene.",
         "chronic_limb_threatening_ischemia"),
        # long-standing stable incontinence and denied wetting
        ("Stress leakage on coughing since her third child, 30 years, unchanged.", "cauda_equina"),
        ("She hasn't wet herself.", "cauda_equina"),
    ],
)
def test_round8_quiet_look_alikes(text, flag):
    """Round 8: quiet look-alikes of development8 (an old stroke, a heat-provoked MS symptom, a feared
    gangrene, long-standing incontinence, denied wetting) do not raise the flag they resemble."""
    import legdx

    a = legdx.assess(read_text(text).case)
    assert flag not in {f.id for f in a.red_flags}, (text, [f.id for f in a.red_flags])


def test_round8_chronic_stable_numbness_not_escalated():
    """Round 8: numb feet for years, nothing changed lately, is not an emergency."""
    import legdx

    text = "My feet have been numb for about 5 years, both the same. Nothing has changed lately."
    a = legdx.assess(read_text(text).case)
    assert a.triage.level not in ("emergency_ambulance", "emergency")


@pytest.mark.parametrize(
    "text, flag, level",
    [
        # a year or "unchanged" near a new deficit does not make it old (the lead's review of round 8 removed
        # two historical rules that made these a routine consultation)
        ("Right-sided weakness 2 hours ago, in 2025 she had a knee replacement.", "stroke",
         "emergency_ambulance"),
        ("Left leg weakness since yesterday, sensation unchanged, bladder unchanged.",
         "progressive_neurological_deficit", "consultation_24"),
        ("Leg weakness worse today, MRI 2022 showed a disc bulge, can't pass urine since last night.",
         "cauda_equina", "emergency"),
        # a worry ("may mean") covers the next two words only, not the signs described after it
        ("The nurse said this may mean the circulation is blocked: the foot is white and cold since this "
         "afternoon, no pulse.", "acute_limb_ischemia", "emergency_ambulance"),
        ("My daughter read it could mean a stroke, his face has dropped and he can't get his words out since "
         "an hour.", "stroke", "emergency_ambulance"),
        # a cold white pulseless foot gone numb, no word saying "sudden" (the knowledge base's second trigger)
        ("Foot cold and white since 3 hours, no pulses, leg numb.", "acute_limb_ischemia",
         "emergency_ambulance"),
        ("Left foot cold and pale, pulses absent, toes numb.", "acute_limb_ischemia", "emergency_ambulance"),
    ],
)
def test_round8_review_floor(text, flag, level):
    """Emergencies found under-triaged in the lead's review of round 8 (and one older miss)."""
    _assert_flag_and_floor(text, flag, level)


@pytest.mark.parametrize(
    "text",
    [
        "Both knees are stiff with arthritis; today she can barely walk.",
        "Gout in both big toes, today she can hardly walk.",
        "Calf pain in both legs after 100 yards; on bad days he can barely walk.",
        "Known PAD. Feet cold and pale for years, no pulses, numb soles.",
        "Both feet are always cold and pale, foot pulses absent, numb toes from diabetes for years.",
    ],
)
def test_round8_review_no_ambulance_for_chronic_pictures(text):
    """The walking-loss rule needs a numbness word in the text, and the cold-pale-pulseless rules one leg and
    no slow course: a joint, claudication or chronic PAD with neuropathy is not sent by ambulance."""
    import legdx

    a = legdx.assess(read_text(text).case)
    assert a.triage.level not in ("emergency_ambulance", "emergency"), (text, [f.id for f in a.red_flags])


@pytest.mark.parametrize(
    "text, flag, level",
    [
        # the whole leg swollen in lay words, with a pleuritic pain said as a knife on breathing in (PE)
        ("Her words: 'my left leg very big and hurting, all the leg from foot to up here'; "
         "'when I breathe in, here on the side, like knife'.", "deep_vein_thrombosis", "emergency_ambulance"),
        # blood with a cough across a comma, with a swollen calf
        ("My right calf is swollen since Monday. I cough, little blood in the tissue.",
         "deep_vein_thrombosis", "emergency_ambulance"),
        # syncope as "everything went grey"
        ("My left calf is puffy and bigger than the right. On the stairs everything went grey for a second.",
         "deep_vein_thrombosis", "emergency_ambulance"),
        # a toe gone dark, then black (gangrene)
        ("The tip of his big toe went dark last month and now it's black.",
         "chronic_limb_threatening_ischemia", "consultation_24"),
        # pus or a foul smell from a foot with a black toe (wet gangrene, infection)
        ("Her toe went black two weeks ago and now there's yellow stuff oozing round it and it smells awful.",
         "chronic_limb_threatening_ischemia", "emergency"),
        # a red swollen foot with an ulcer (cellulitis of a threatened foot)
        ("He has an ulcer on his heel, and since yesterday the whole foot is red and puffy.",
         "chronic_limb_threatening_ischemia", "emergency"),
        # falls on two days, falls twice this week
        ("Went down on the stairs Saturday and again in the supermarket Sunday; my left knee keeps buckling.",
         "progressive_neurological_deficit", "consultation_24"),
        ("She has fallen twice this week and her legs are weaker.", "progressive_neurological_deficit",
         "consultation_24"),
        # areflexia in lay words ("tapped his knees and nothing happened") with ascending weakness
        ("Since Saturday his legs have gone weak and today he can't lift his arms. "
         "The GP tapped his knees and nothing happened.", "guillain_barre", "emergency_ambulance"),
        # a back pain getting steadily worse over weeks, waking at night
        ("Low back pain for 2 weeks, steadily worse, now waking me at night.", "spinal_malignancy",
         "consultation_24"),
        # a closing quote ends the scope of "without" inside the quote
        ('Rang back: "I can\'t finish a sentence without gasping", speech slurred since this morning.',
         "stroke", "emergency_ambulance"),
        # sleeping in a chair for a foot pain is still relief by dependency (now read by the screen)
        ("For a month she sleeps in the armchair at night because her right foot hurts in bed.",
         "chronic_limb_threatening_ischemia", "consultation_24"),
    ],
)
def test_round9_red_flag_wording_floor(text, flag, level):
    """Round 9: one short invented text per new red-flag wording class keeps its flag and at least its
    triage level."""
    _assert_flag_and_floor(text, flag, level)


@pytest.mark.parametrize(
    "text, flag, level",
    [
        # the safety-netting cue ("call 999 if", "return ... if she develops", a longer scope) is not a
        # bare "if":
        # "I can't call anyone if ..." keeps what follows
        ("I can't call anyone if I need help, my legs have gone weak since this morning and I can't feel my "
         "bottom when I wipe.", "cauda_equina", "emergency"),
        # the longer "if she develops" scope ends at a semicolon
        ("Advised to return if she develops a fever; her legs have been getting weaker every day and she "
         "cannot pass urine.", "cauda_equina", "emergency"),
        ("Told to come back if he develops a fever but both legs have become weak since yesterday.",
         "progressive_neurological_deficit", "consultation_24"),
        # "non" as a screen stop word does not stop a non-healing wound or an unrelated "non-smoker"
        ("Non-healing ulcer on the left big toe for 6 weeks.", "chronic_limb_threatening_ischemia",
         "consultation_24"),
        ("Non-smoker. Left foot suddenly cold, white and numb an hour ago.", "acute_limb_ischemia",
         "emergency_ambulance"),
        # the new absent readings (denied weakness, no pain at rest or at night) do not hide a present deficit
        ("Denies weakness of the arms but since yesterday both legs are weak and getting weaker every day.",
         "progressive_neurological_deficit", "consultation_24"),
        ("No pain at night or at rest, but since this morning the left foot is cold, white and numb.",
         "acute_limb_ischemia", "emergency_ambulance"),
        # "admitted / kept in overnight" is a stay, but the onset words of the sign itself still count
        ("Admitted overnight with a sudden cold, white, numb left foot.", "acute_limb_ischemia",
         "emergency_ambulance"),
        ("Kept in overnight; this morning her right arm went weak and her face drooped.", "stroke",
         "emergency_ambulance"),
        # "relief within minutes" is no onset, but an onset within minutes still is
        ("Her left foot went cold and numb within minutes while watching TV.", "acute_limb_ischemia",
         "emergency_ambulance"),
        # the narrower sphincter pattern still leaves a saddle numbness and retention present
        ("No injury; numb around his bottom since this morning, and he hasn't passed urine.", "cauda_equina",
         "emergency"),
        # "weakness unchanged" style words: a new deficit with a stable sensation keeps its flag
        ("Left leg weakness since yesterday, sensation unchanged, no fever, chills or weight loss.",
         "progressive_neurological_deficit", "consultation_24"),
        # the lead's review: a complete conditional ("if needed", "if so", which the normaliser shortens to
        # "if :") is no safety-net cue; what follows it is the patient's state
        ("Please call an ambulance if needed: since this morning he cannot pass urine and the saddle area is "
         "numb.", "cauda_equina", "emergency"),
        ("Ring an ambulance if so: his leg went cold and pale suddenly an hour ago.", "acute_limb_ischemia",
         "emergency"),
        ("Call 999 if in doubt. His foot is cold, white and numb since an hour.", "acute_limb_ischemia",
         "emergency"),
        # "non-tender" is excluded as a word, not "non" as a screen stop word: a non-smoker keeps the flag
        ("Non-smoker. Since this morning she can't feel the saddle area and has wet herself.", "cauda_equina",
         "emergency"),
    ],
)
def test_round9_safety_review_floor(text, flag, level):
    """Round 9 safety review: every new context or absent-reading rule that could remove a finding, tried on a
    short invented emergency where it must not fire."""
    _assert_flag_and_floor(text, flag, level)


@pytest.mark.parametrize(
    "text, flag",
    [
        ("I stubbed my big toe on the door and now the nail is black.", "chronic_limb_threatening_ischemia"),
        ("She dropped a tin on her big toe yesterday and it has gone dark.",
         "chronic_limb_threatening_ischemia"),
        ("My big toe is red, hot and swollen since last night; no wounds.",
         "chronic_limb_threatening_ischemia"),
        ("I wear black socks and my feet get sweaty and smelly.", "chronic_limb_threatening_ischemia"),
        ("He gets up twice a night to pass urine and fell once last year.",
         "progressive_neurological_deficit"),
        ("Low back pain for 3 years, slowly getting worse and worse.", "spinal_malignancy"),
        ("Heaviness and aching in both buttocks and thighs, spreading to the calves, after 200 m of walking.",
         "guillain_barre"),
        ("Back pain after surgery; wound clean; afebrile.", "spinal_infection"),
        ("He denies saddle numbness and his bladder and bowel function are normal.", "cauda_equina"),
        # a denied-weakness reading holds its negation word, so it must reach the end of the list (medspaCy
        # drops a cue that overlaps a target: a first build read these saddle words as present)
        ("No weakness, saddle numbness or incontinence.", "cauda_equina"),
        ("Denies weakness, saddle anaesthesia, bladder or bowel change.", "cauda_equina"),
        ("Told to call 999 if legs go weak or numb or bladder or bowels change.", "cauda_equina"),
        ("The right calf is soft and non-tender.", "deep_vein_thrombosis"),
        ("I end up sleeping sitting in a chair because my back is worst at 3 in the morning.",
         "chronic_limb_threatening_ischemia"),
        ("77-year-old woman admitted overnight after a fall. 2 years of both legs going numb after standing.",
         "acute_limb_ischemia"),
        ("She describes 2 years of both legs going numb after standing for a few minutes; sitting brings "
         "relief within minutes.", "acute_limb_ischemia"),
    ],
)
def test_round9_quiet_look_alikes(text, flag):
    """Round 9: look-alikes of the new wording classes (a bruised toe or nail, gout, smelly feet, nocturia,
    chronic back pain, neurogenic claudication spreading down, 'afebrile', denied saddle numbness with normal
    sphincters, safety-netting advice, a non-tender calf, sleeping upright for back pain, an admission
    overnight) do not raise the flag they resemble."""
    import legdx

    a = legdx.assess(read_text(text).case)
    assert flag not in {f.id for f in a.red_flags}, (text, [f.id for f in a.red_flags])
    assert a.triage.level not in ("emergency_ambulance", "emergency"), (text, a.triage.level)


def test_round9_negation_lists_and_quotes():
    """Round 9: a negation still covers a comma list ('no fever, chills or weight loss'), a closing quote
    ends it ('"... without gasping", speech slurring'), and a denied weakness is read as absent only."""
    res = read_text("No fever, chills or weight loss. Back pain for a week.")
    states = {(f.id, f.state) for f in res.findings}
    assert ("unexplained_weight_loss", "absent") in states and ("back_pain", "present") in states
    res = read_text('Rang back today: "I can\'t finish a sentence without gasping", speech slurring.')
    assert "present" in {f.state for f in res.findings if f.id in ("dysarthria", "speech_disturbance")}
    res = read_text("Denies weakness. No numbness or weakness in my legs.")
    assert {f.state for f in res.findings if f.id == "new_leg_weakness"} == {"absent"}
    res = read_text("Felt faint on the toilet but did not pass out.")
    assert {(f.id, f.state) for f in res.findings} >= {("syncope", "absent")}


@pytest.mark.parametrize(
    "text, flag, level",
    [
        ("Weakness in both legs rising over 3 days.", "guillain_barre", "emergency_ambulance"),
        ("He tapped his knees and nothing happened; weakness in both legs rising over 3 days.",
         "guillain_barre", "emergency_ambulance"),
    ],
)
def test_session6_weakness_rising_over_days_floor(text, flag, level):
    """Session 6 (the lead's review of round 9): a weakness rising over a few days, without naming where it
    reached, is an ascending weakness (it was a routine consultation)."""
    _assert_flag_and_floor(text, flag, level)


@pytest.mark.parametrize(
    "text",
    [
        "Weak legs, blood sugar rising over 3 days.",
        "Her calf pain on walking has been creeping up over a few days of hill walking.",
    ],
)
def test_session6_rising_over_days_look_alikes(text):
    """Something else rising over days beside weak legs, or a pain creeping up, is no ascending weakness."""
    got = read_text(text)
    assert "ascending_symmetric_weakness_days" not in {f.id for f in got.findings if f.state == "present"}


@pytest.mark.parametrize(
    "text, absent",
    [
        ("Any bladder or bowel problems? None at all.", {"sphincter_dysfunction"}),
        ("Clinician: Any trouble with your bladder or bowels, or numbness in the saddle area? Patient: None "
         "at all.", {"sphincter_dysfunction", "saddle_anesthesia"}),
        ("Any numbness around the bottom? Not that I've noticed.", {"saddle_anesthesia"}),
        ("Has she had any trouble with her waterworks? Not at all.", {"sphincter_dysfunction"}),
        ("Saddle anaesthesia? Nil. Any fever? No.", {"saddle_anesthesia"}),
        ("Q: Any chest pain or breathlessness? A: No.", {"pleuritic_chest_pain", "dyspnea_or_weak_cough"}),
    ],
)
def test_session7_question_answered_no(text, absent):
    """Session 7: findings read inside a question that asks whether something is there become absent when the
    answer right after it is "no" (they were present, and a cauda equina 'emergency' was raised on a clean
    history), with the answer as their cue."""
    got = read_text(text)
    found = {f.id: f for f in got.findings}
    for fid in absent:
        assert fid in found, (text, fid)
        assert {f.state for f in got.findings if f.id == fid} == {"absent"}, (text, fid)
        assert found[fid].cues, (text, fid)
    import legdx

    assert legdx.assess(got.case).triage.level not in ("emergency", "emergency_ambulance"), text


@pytest.mark.parametrize(
    "text, flag, level",
    [
        # the answer negates the question only; what follows it is read as usual
        ("Any numbness? No, but since this morning I can't pass urine and I've wet myself.", "cauda_equina",
         "emergency"),
        # a patient's own question is no yes/no question about a finding, and "No idea" is no answer "no"
        ("Is it serious that I can't feel my bottom when I wipe? No idea what is happening.", "cauda_equina",
         "emergency"),
        ("Any problems with her bladder? Yes - she has been incontinent since yesterday.", "cauda_equina",
         "emergency"),
        # a "no" to another question does not reach this one
        ("Any fever? No. Any numbness in the saddle area? She says it has been numb since this morning.",
         "cauda_equina", "emergency"),
        ("Leg weakness? Both legs since last night. Bladder? No.", "progressive_neurological_deficit",
         "consultation_24"),
    ],
)
def test_session7_question_answered_no_floor(text, flag, level):
    """Red-flag floor (session 7): the answered-question rule never takes a red flag stated outside the
    negated question, nor one in a question that is not a yes/no question about it."""
    _assert_flag_and_floor(text, flag, level)


def test_session7_question_about_a_change_keeps_the_finding():
    """'Has the weakness got worse? No.' asks about a change, not about the weakness: it stays present."""
    got = read_text("Weak left leg for a year. Has the weakness got worse? No.")
    assert "absent" not in {f.state for f in got.findings if f.id in ("leg_weakness", "new_leg_weakness")}


@pytest.mark.parametrize(
    "text, flag, level",
    [
        # pulses looked for and not found, with the numbness or weakness said in lay words (r32)
        ("Could not find L foot pulses with Doppler. L foot mottled and very pale, icy to touch. She can't "
         "feel the bedclothes on that foot and cannot lift the L toes.", "acute_limb_ischemia",
         "emergency_ambulance"),
        ("Unable to palpate any pulses in the right foot. The foot is white and cold and he cannot move his "
         "toes.", "acute_limb_ischemia", "emergency_ambulance"),
        # a foot pale and numb without a copula: the private numb-leg concept no longer hides the pallor and
        # the numbness (found on the way, an older miss)
        ("Left foot pale and numb, no pulses.", "acute_limb_ischemia", "emergency_ambulance"),
        # a leg gone wobbly with a recent start (r11)
        ("Says his right leg is 'a bit wobbly' when he stands since yesterday.",
         "progressive_neurological_deficit", "consultation_24"),
        # a sensory level at the bellybutton (r25)
        ("Numb from the bellybutton down to both feet since last week.", "spinal_cord_compression",
         "emergency"),
        ("Numb from the tummy button down, legs heavy.", "spinal_cord_compression", "emergency"),
    ],
)
def test_round10_red_flag_wording_floor(text, flag, level):
    """Round 10: one short text per new red-flag wording class keeps its flag and its triage level."""
    _assert_flag_and_floor(text, flag, level)


@pytest.mark.parametrize(
    "text, flag, level",
    [
        # ": no" / "- no" is an answer only when the item ends there; a "yes" ends the scope of an answer
        # after it (both under-triaged before round 10: the backward "- no" reached back over the "yes")
        ("Saddle numbness - yes, weakness - no.", "cauda_equina", "emergency"),
        ("Leg pain - yes, saddle numbness - yes, incontinence - no.", "cauda_equina", "emergency"),
        ("Numb around the back passage since this morning: yes; fever: no.", "cauda_equina", "emergency"),
        # the list answer ": denies all / both" reaches only chest and systemic symptoms, and not past
        # "asked about"
        ("Left foot went cold and white an hour ago and is numb, chest pain or breathlessness: denies both.",
         "acute_limb_ischemia", "emergency_ambulance"),
        ("Left calf swollen and tender since yesterday after surgery, chest pain or breathlessness: denies "
         "both.", "deep_vein_thrombosis", "emergency"),
        ("Sudden cold white left foot, asked about chest pain or numbness: denies all. The foot is numb and "
         "he cannot move his toes.", "acute_limb_ischemia", "emergency_ambulance"),
        # the new answers to a question ("None of those", a quoted "No", "Does walking bring on ...? No")
        ("Any bladder problems? 'No, but I've wet myself twice since this morning and my bottom is numb.'",
         "cauda_equina", "emergency"),
        ("Any weakness, back pain, bladder trouble? Pt: None of those, but since this morning I can't pass "
         "urine and can't feel my bottom.", "cauda_equina", "emergency"),
        ("Does walking bring on pain? No, but since this morning his left foot is cold, white and numb.",
         "acute_limb_ischemia", "emergency_ambulance"),
        # "nothing sudden" is no sudden word, but a stroke today keeps its ambulance
        ("Her speech has become slurred over a year, nothing sudden, but today her right arm went weak and "
         "her face drooped.", "stroke", "emergency_ambulance"),
        ("Speech slurred since yesterday, not sudden but getting worse, and she cannot swallow.", "stroke",
         "emergency_ambulance"),
        # "couple of" is an onset hours ago only with hours (or minutes ago)
        ("A couple of hours ago his left foot went cold and white and he can't feel it.",
         "acute_limb_ischemia", "emergency_ambulance"),
        ("Left foot white and numb for a couple of hours, no pulses.", "acute_limb_ischemia",
         "emergency_ambulance"),
        # "NAD" and "and his / her" only shorten a negation
        ("No abnormality detected in the back; since this morning both legs are weak and she can't feel her "
         "bottom.", "cauda_equina", "emergency"),
        ("NAD. Left foot suddenly cold, white and numb an hour ago.", "acute_limb_ischemia",
         "emergency_ambulance"),
        ("No calf pain and his left foot went cold, white and numb an hour ago.", "acute_limb_ischemia",
         "emergency_ambulance"),
        # urgency in a rush is read as urgency; a wetting or retention said with it keeps its flag
        ("I'm rushing to the loo more often and since this morning I've wet myself twice, legs weak.",
         "cauda_equina", "emergency"),
        ("She keeps rushing to the toilet and since yesterday nothing comes out; numb between the legs.",
         "cauda_equina", "emergency"),
    ],
)
def test_round10_safety_review_floor(text, flag, level):
    """Round 10 safety review: every new context, answer or narrowed onset rule that could remove a
    finding, tried on a short invented emergency where it must not fire."""
    _assert_flag_and_floor(text, flag, level)


@pytest.mark.parametrize(
    "text",
    [
        "Walking is just wobbly, especially in the dark, for two years.",
        "Her left knee has felt wobbly for years with arthritis.",
        "Numb toes for years from diabetes; had a bellybutton hernia repaired.",
        "Could feel the foot pulses easily.",
        "Could not find foot pulses; both feet cold and pale for years, numb from diabetes.",
        "I couldn't find my glasses; my left foot has been cold for years.",
        "Both legs go numb after 100 yards and it passes in a couple of minutes.",
        "Numb feet for a couple of years.",
        "One of her toes is a bit pale in the cold.",
        "Red flag features: no fever, no previous cancer, no weight loss. Back pain for 9 days after "
        "lifting.",
        "ROS: no fever, no weight loss. Back pain for a week.",
        "Does walking bring on pain in your calves? Pt: No, walking is fine.",
        "Any bladder problems? 'None at all, just up once at night like always.' Both buttocks ache on "
        "walking.",
        "Any weakness, back pain, bladder trouble? Pt: None of those. Burning feet for two years.",
        "Asked about chest pain / shortness of breath / coughing blood: denies all three. Calf aches after "
        "knee surgery.",
        "His voice has got quieter and a bit slurred over the last year - gradual, nothing sudden. No "
        "weakness on one side.",
    ],
)
def test_round10_quiet_look_alikes(text):
    """Round 10 look-alikes: none raises an emergency (ataxia, an arthritic knee, chronic PAD with
    neuropathy, relief within minutes, denied red-flag lists, a gradual dysarthria)."""
    import legdx

    a = legdx.assess(read_text(text).case)
    assert a.triage.level not in ("emergency_ambulance", "emergency"), (text, [f.id for f in a.red_flags])


def test_round10_readings():
    """Round 10 wording classes read as their findings."""

    def got(text):
        return {(f.id, f.state) for f in read_text(text).findings}

    assert ("fever_with_back_pain", "present") not in got("Back pain. Symptoms: no fever.")
    assert ("palpable_pulse_abnormality", "present") in got("Could not find L foot pulses with Doppler.")
    assert ("palpable_pulse_abnormality", "present") not in got("Could find the foot pulses with Doppler.")
    assert ("proximal_leg_weakness", "present") in got("He now pushes on his knees to get out of a chair.")
    assert ("relieved_by_standing_still", "present") in got("If I just stand there a minute or 2 it goes.")
    assert ("symptoms_improve_with_walking", "present") in got("I get up and walk around and it gets better.")
    assert ("leg_symptoms_with_walking", "present") in got("He has pains in his calves walking to the shop.")
    assert ("leg_symptoms_with_walking", "present") in got("Walking more than 100 m it gets worse.")
    assert ("leg_symptoms_with_walking", "present") not in got("Cramp in her calves walking eases.")
    assert ("pedal_pulses_normal", "present") in got("O/E at rest: NAD, pulses normal.")
    assert ("leg_symptoms_with_walking", "absent") in got("Does walking bring on pain in the calves? Pt: No.")


@pytest.mark.parametrize(
    "text, flag, level",
    [
        ("Weak legs: yes. Bladder: no control since yesterday. Saddle: numb.", "cauda_equina", "emergency"),
        ("Saddle sensation: reduced. Bowels: incontinent.", "cauda_equina", "emergency"),
        ("He has no control of his bladder since yesterday and his bottom is numb.", "cauda_equina",
         "emergency"),
        ("No bladder control since last night.", "cauda_equina", "emergency"),
        ("Fever? No. Back pain worse at night, lost 8 kg, history of breast cancer, now legs getting weak "
         "over days.", "progressive_neurological_deficit", "emergency"),
        ("History of back pain and now can't pass urine since this morning.", "cauda_equina", "emergency"),
        ("History of sciatica and now numb saddle since this morning.", "cauda_equina", "emergency"),
    ],
)
def test_session7_review_floor(text, flag, level):
    """Red-flag floor (session 7, the lead's review of round 10): checklist entries with an abnormal value,
    'no control of his bladder', and a new weakness after 'history of ..., now' (read as historical)."""
    _assert_flag_and_floor(text, flag, level)


@pytest.mark.parametrize(
    "text",
    [
        "Bladder: normal. Bowels: normal. Saddle sensation: intact.",
        "Bladder - no problems, bowels - no problems.",
        "History of a DVT in 2015, now on no treatment; calf pain on walking 200 m.",
        "Back pain, now resolved. Calf pain on walking 200 m.",
    ],
)
def test_session7_review_look_alikes(text):
    """Normal checklist entries and a past DVT with a present claudication raise no emergency."""
    import legdx

    a = legdx.assess(read_text(text).case)
    assert a.triage.level not in ("emergency", "emergency_ambulance"), (text, [f.id for f in a.red_flags])


def test_session7_speed_paths_read_like_the_plain_ones(monkeypatch):
    """Session 7's speed work (lexeme flags for word-set tests, the copied ConText graph step) reads exactly
    like spaCy's own token tests and medspaCy's own ConText: a reader built without both gives the same
    full result on two development parts and the look-alike texts of this file."""
    import legdx.text.reader as rd
    from legdx.text.evaluate import load_corpus

    fast = rd.Reader(fast_semantic=False)
    monkeypatch.setattr(rd, "_flag_word_sets", lambda *a, **k: None)
    monkeypatch.setattr(rd, "_context_fast_ok", lambda ctx: False)
    slow = rd.Reader(fast.rules, fast.kb, fast_semantic=False)
    monkeypatch.undo()
    assert not slow._fast_context and fast._fast_context
    texts = [c.text for part in ("development9", "development10") for c in load_corpus(part)]
    texts += ["Weak legs: yes. Bladder: no control since yesterday. Saddle: numb.",
              "Any bladder or bowel problems? None at all. Numbness in the saddle area? No.",
              # session 20 (fxw): a cue over a keep_cues target (medspaCy's own ConText had pruned it)
              "Left foot drop since her disc operation in 2012."]
    for t in texts:
        assert fast.read(t).model_dump_json() == slow.read(t).model_dump_json(), t[:60]


def test_session7_answered_no_with_a_character_that_lowercases_to_two():
    """'İ' lower-cases to two characters: the answered-question rule steps aside rather than shift offsets."""
    got = read_text("İlknur, 70. Any bladder problems? None at all.")
    assert all(got.text[a:b] == f.text for f in got.findings for a, b in [f.span])


@pytest.mark.parametrize(
    "text, flag, level",
    [
        # the lead's session-8 probes of invented emergencies
        ("After a kick to the shin: pain out of all proportion, tight swollen shin, pain on stretching the "
         "toes.", "acute_compartment_syndrome", "emergency_ambulance"),
        ("Crush injury to the calf this morning, pain getting worse not better, calf tense, numb foot.",
         "acute_compartment_syndrome", "emergency_ambulance"),
        ("The weakness in his legs is progressing quickly, yesterday he walked with a stick, today he cannot "
         "get out of bed.", "progressive_neurological_deficit", "emergency_ambulance"),
        ("On chemotherapy for lung cancer. New pain between the shoulder blades, legs feel heavy and clumsy "
         "for a week.", "spinal_malignancy", "emergency"),
        ("Breast cancer in 2019. Now thoracic back pain worse at night, upgoing plantars.",
         "spinal_malignancy", "emergency"),
        # development11 wording classes (invented sentences, not the part's texts)
        ("At noon he got a sudden terrible pain in the right calf; the foot is now cold and he can't feel "
         "his toes.", "acute_limb_ischemia", "emergency_ambulance"),
        ("Left leg swollen from the groin since a flight last week; she fainted on the stairs today.",
         "deep_vein_thrombosis", "emergency_ambulance"),
        ("Left calf swollen and tender after a long flight, and now he gets puffed just talking.",
         "deep_vein_thrombosis", "emergency_ambulance"),
        ("Right leg swollen since the weekend; sharp pain catches in the side of her chest when she breathes "
         "in.", "deep_vein_thrombosis", "emergency_ambulance"),
        ("Since this evening both legs heavy and numb from the waist down.", "cauda_equina",
         "emergency_ambulance"),
        ("Foot numb and white since his angioplasty yesterday, no pulse.", "acute_limb_ischemia",
         "emergency_ambulance"),
        ("Dad can't feel his feet properly since this morning and he's peed himself; bad back all week.",
         "cauda_equina", "emergency"),
        ("The back of my leg is swollen and hot, I flew back from Thailand 3 days ago and now I feel short "
         "of breath.", "deep_vein_thrombosis", "emergency_ambulance"),
        # the lead's last probe batch (relatives and lay words)
        ("dad fell and now he cant move his legs at all and cant feel them, back pain", "cauda_equina",
         "emergency_ambulance"),
        ("pls help my husband foot is so cold and white and he scream pain, he have the atrial thing",
         "acute_limb_ischemia", "emergency"),
        ("mother 81, confused, fever, back pain, wont walk today", "spinal_infection", "emergency"),
        ("son 19 after rugby tackle shin massive swelling and agony, can't wiggle toes, painkillers do "
         "nothing", "acute_compartment_syndrome", "emergency_ambulance"),
        ("He's got cancer in the prostate, now back pain and he keeps tripping over since the weekend",
         "spinal_malignancy", "emergency"),
        ("weak legs after flu, can't climb stairs, hands weak, breathing is harder tonight", "guillain_barre",
         "emergency_ambulance"),
        # clinical shorthand (the lead's sixth batch)
        ("LLE cold, pale, pulseless since 0600, AF off anticoag.", "acute_limb_ischemia", "emergency"),
        ("RLE: 3+ pitting edema, calf circ +4cm, TTP along deep veins, s/p TKA 10d ago.",
         "deep_vein_thrombosis", "emergency"),
        ("Ascending paresthesias and weakness x3d, DTRs absent, recent URI.", "guillain_barre", "emergency"),
        ("Hx metastatic breast ca. New T-spine pain, BLE weakness 4/5.", "spinal_malignancy", "emergency"),
        ("R calf tense, severe pain w/ passive toe extension after tib/fib fx.", "acute_compartment_syndrome",
         "emergency_ambulance"),
    ],
)
def test_session8_red_flag_wording_floor(text, flag, level):
    """Red-flag floor (session 8): wordings from the lead's probes and from development11's first score
    (three emergencies under-triaged before: acute limb ischaemia, PE with a DVT, rapid weakness)."""
    _assert_flag_and_floor(text, flag, level)


@pytest.mark.parametrize(
    "text",
    [
        "If your legs become weak or your bladder changes, come back immediately.",
        "Erectile problems for about 10 years, long before any foot trouble. Numb feet from diabetes.",
        "Back pain with morning stiffness for 5 years. Plan: discuss a biologic if the response is poor.",
        "Four months of trouble with stairs; her thighs feel like lead walking up to the bus stop.",
        "My legs get weaker quickly when I walk uphill, then recover after a rest.",
        "Pain getting worse not better after 6 weeks of physio for the hip.",
        "Recent hip replacement went well, walking with a frame, no calf swelling.",
        "Back pain for 10 years, clumsy since childhood, no change.",
        "Feet pale and cold for years with no pulses, numb toes from diabetes.",
        "Both legs swollen for months with heart failure, now short of breath on the stairs.",
        "Mum 79 has AF; her feet are always cold and pale in winter, no pain.",
        "Father 70 died of a heart attack. Calf pain walking 200 m, smoker.",
        "My legs stopped working properly years ago with MS, stable, walks with a frame.",
        "Hands weak and legs weak for 2 years, slowly worse, no infection.",
        "Worked in the garden since 0600, calves ache on walking uphill, pulses normal.",
        "Breast cancer treated in 2015, in remission; calf pain on walking 200 m, no back pain.",
    ],
)
def test_session8_quiet_look_alikes(text):
    """Session 8 look-alikes: safety-net advice, long-standing erectile problems, a planned biologic, a walk
    'up to' the bus stop, weakness provoked by walking, a slow hip, a recovered operation."""
    import legdx

    a = legdx.assess(read_text(text).case)
    assert a.triage.level not in ("emergency_ambulance", "emergency"), (text, [f.id for f in a.red_flags])


def test_session8_readings():
    """Session 8 wording classes read as their findings."""

    def got(text):
        return {(f.id, f.state) for f in read_text(text).findings}

    assert ("palpable_pulse_abnormality", "absent") in got("Pedal pulses palpable both feet.")
    assert ("palpable_pulse_abnormality", "absent") not in got("Pedal pulses absent on the left.")
    assert ("pain_out_of_proportion", "present") in got("Pain out of all proportion to the injury.")
    assert ("pain_on_passive_stretch", "present") in got("Pain on stretching the toes.")
    assert ("wells_bedridden_or_surgery", "present") in got("Calf swollen, recent hip replacement.")
    assert ("tense_compartment", "present") in got("Crush injury, pain getting worse not better, calf tense.")
    assert ("immunosuppression", "present") not in got("Back pain. Plan: discuss biologic.")
    assert ("bilateral_leg_weakness", "present") in got("On examination hip flexors 4/5 bilaterally.")
    assert ("bilateral_leg_weakness", "absent") in got("His legs aren't weak, he walked to the car.")
    assert ("leg_symptoms_with_walking", "absent") in got("Walking neither better nor worse.")
    assert ("symptoms_improve_with_walking", "absent") in got("Walking neither brings it on nor helps it.")


@pytest.mark.parametrize(
    "text, flag, level",
    [
        ("Told to return if he develops a fever, but since yesterday both legs are weak and he has wet "
         "himself.",
         "cauda_equina", "emergency"),
        ("Foot drop on the left since 2019; since yesterday the right foot drags too and he fell twice.",
         "progressive_neurological_deficit", "consultation_24"),
        ("Toe amputated for gangrene in 2017; now a new black toe on the other foot with pus and fever.",
         "chronic_limb_threatening_ischemia", "emergency"),
        ("The second toe is to be amputated for wet gangrene, foot infected and red.",
         "chronic_limb_threatening_ischemia", "emergency"),
        ("His toe needs to be amputated for gangrene, foot cold at night.",
         "chronic_limb_threatening_ischemia", "consultation_24"),
        ("Nothing numb between my legs but I can't pee since last night.", "cauda_equina", "emergency"),
        ("I have cancer in my breast that spread, and now I can't feel my legs properly and walking is hard "
         "since Friday.", "spinal_malignancy", "emergency"),
        ("Over 6 weeks her walking has become stiff and unsteady, and her hands are numb and fumbling.",
         "progressive_neurological_deficit", "consultation_24"),
        ("Pain around the belly button after eating, and my jaw aches when I chew; I am 72 with a new "
         "headache.", "giant_cell_arteritis", "emergency"),
    ],
)
def test_session8_development11_review_floor(text, flag, level):
    """The session-8 rules that remove a reading (a longer safety-net scope, an old deficit 'since 2019', a
    past amputation, 'nothing numb between my legs', a belly pain after eating) keep a real emergency."""
    _assert_flag_and_floor(text, flag, level)


@pytest.mark.parametrize(
    "text",
    [
        "Safety-netting: if she develops numbness in the saddle area, loses control of her bladder or "
        "bowels, or both legs get weaker over a few days, she attends ED the same day.",
        "Right second toe amputated for dry gangrene in 2017, stump healed for years. Calves ache at 800 m.",
        "Left foot drop since a relapse in 2019, unchanged since then, wears a splint.",
        "Sciatica down the right leg for 5 weeks, no problems peeing or pooing, nothing numb between my "
        "legs.",
        "Pain around the belly button after eating.",
        "Over the last year or so his walking has changed: small shuffling steps; his right hand shakes at "
        "rest and his handwriting has got tiny.",
    ],
)
def test_session8_development11_look_alikes(text):
    """development11's quiet look-alikes, in invented sentences: no emergency and no 24-hour flag."""
    import legdx

    a = legdx.assess(read_text(text).case)
    flags = [f.id for f in a.red_flags]
    assert a.triage.level in ("consultation", "self_care"), (text, a.triage.level, flags)


@pytest.mark.parametrize(
    "text, flag, level",
    [
        ("Q: Weakness? A: Both legs, getting worse every hour.", "progressive_neurological_deficit",
         "emergency"),
        ("Phone triage. Q: Any weakness? A: Yes, both legs since this morning and getting worse. Q: Back "
         "pain? A: Yes, bad.", "progressive_neurological_deficit", "emergency"),
        ("Since lunchtime her left leg is not doing what she tells it and she dragged it to the car.",
         "progressive_neurological_deficit", "consultation_24"),
        ("My husband's right leg won't do what he tells it since he woke up.",
         "progressive_neurological_deficit", "consultation_24"),
        ("Statin started in spring. Thighs weak and sore, urine like cola, CK on admission 52,000 U/L.",
         "rhabdomyolysis", "emergency"),
    ],
)
def test_session9_red_flag_wording_floor(text, flag, level):
    """Session 9 (development12 and the lead's probes): a question answered with content, a leg that does not
    obey or is dragged, a CK written after 'on admission'."""
    _assert_flag_and_floor(text, flag, level)


@pytest.mark.parametrize(
    "text",
    [
        "Physio: Any change in your waterworks, or numbness in the saddle area? Pt: No, nothing like that. "
        "Legs ache after 300 m, better sitting.",
        "Discharge summary, spinal surgery. Uncomplicated L4/5 decompression, walking 200 m with a frame.",
        "Told to return urgently with fever, wound discharge or numbness around the bottom. Calves ache "
        "walking uphill.",
        "The website said to get help if my pee goes dark or one calf becomes swollen and hot. Thighs sore "
        "after my first hill walk, easing today.",
        "When I was 15 my pee went dark like cola after a cross-country race; it never happened again. "
        "Thighs cramp early in exercise, then I get a second wind.",
        "And the numb band round my tummy in 2021, which went after a month. Legs heavy in the heat.",
        "Legs go weak and tingly in a hot shower, then fine once I cool down. MS since 2015.",
        "His speech has gradually become slurred over two or three months; right foot drop for 8 months.",
    ],
)
def test_session9_quiet_look_alikes(text):
    """Session 9 look-alikes: a checklist answered 'No' after a 'Physio:' label, a service name, safety-net
    advice ('return urgently with', 'get help if'), a youthful episode, a dated episode that went, a heat-
    sensitive MS leg, speech slurred over months: no emergency."""
    import legdx

    a = legdx.assess(read_text(text).case)
    assert a.triage.level not in ("emergency_ambulance", "emergency"), (text, [f.id for f in a.red_flags])


def test_session9_readings():
    """Session 9 wording classes read as their findings: laboratory values against their stated limits, a
    question answered with content, a service name that is no procedure."""

    def got(text):
        return {(f.id, f.state) for f in read_text(text).findings}

    assert ("ck_raised", "present") in got("Bloods: CK 410 (ULN 200), TSH normal.")
    assert ("ck_raised", "present") in got("Bloods: CK 520 with an upper limit of 200.")
    assert ("ck_raised", "present") in got("Bloods: CK 870 U/L (ref under 200).")
    assert ("ck_raised", "absent") in got("Bloods: CK 95 (ref < 200).")
    # no limit stated: no cut-off of ours
    assert ("ck_raised", "present") not in got("Bloods: CK 410, TSH normal.")
    assert ("esr_or_crp_raised", "present") in got("Bloods: CRP 18 (<5).")
    assert ("esr_or_crp_raised", "absent") in got("Bloods: ESR 12 (normal 0-20).")
    assert ("bilateral_leg_weakness", "present") in got("Q: Weakness? A: Both legs.")
    assert ("morning_stiffness_over_45_min", "present") not in got("Q: Weakness? A: Both legs, worse hourly.")
    assert ("recent_spinal_procedure", "present") not in got("Urgent referral, spinal surgery: see soon.")
    assert ("recent_spinal_procedure", "present") in got("Spinal surgery in March, now fever, back pain.")


@pytest.mark.parametrize(
    "text, flag, level",
    [
        ("Went to bed fine at 22:30. Woke at 03:00, left foot feels dead and white, ice cold, can't move the "
         "toes, severe pain.", "acute_limb_ischemia", "emergency_ambulance"),
        ("Flatmate says he injects heroin, back pain for a week, 38.9 tonight; his right leg keeps giving "
         "way when he goes to the loo.", "spinal_infection", "emergency"),
        ("No history of cancer. Since yesterday he cannot pass urine and both legs are numb.",
         "cauda_equina", "emergency"),
        ("Erectile problems since the back pain started last week, and numb between the legs.",
         "cauda_equina", "emergency"),
    ],
)
def test_session9_development13_14_floor(text, flag, level):
    """Session 9 (development13 and 14): a night-time onset ('went to bed fine ... woke at 03:00'), and the
    rules that now remove a reading keep real emergencies: 'no history of' negates only its own mention, an
    erectile change since last week is new."""
    _assert_flag_and_floor(text, flag, level)


@pytest.mark.parametrize(
    "text",
    [
        "Red flag screen: no saddle anaesthesia, normal bladder/bowel, no fever, no weight loss, no hx of "
        "cancer. Low back pain for 5 weeks after lifting.",
        "Her waterworks are the same as ever and she hasn't had any accidents. Legs ache after 400 m.",
        "Background: Guillain-Barre syndrome in 2009 with full recovery; now calves ache after 300 m.",
        "I read about rhabdo on the internet and now I worry. Thighs sore two days after my first gym class.",
        "Examination: list to the right; left SLR 30 degrees with pain to the heel.",
        "Tiny shuffly steps, freezes in doorways, then suddenly she's off and almost running.",
        "Numb feet for 2 years. Unsteady in the dark, nearly fell going to the loo at night.",
        "Safety-netting given: return to ED immediately if he develops numbness around the back passage or "
        "genitals, difficulty passing urine, loss of bowel control, or pain or weakness in both legs.",
        "My thighs ache and feel weak going up the stairs at work, for 4 months, TSH 38.",
        "Erectile difficulty since his coronary bypass in 2015, unchanged. Calves ache at 200 m.",
        "Ulcer on the 2nd toe, 8 mm, pale base, no slough; foot warm, pulses palpable.",
    ],
)
def test_session9_development13_14_look_alikes(text):
    """Session 9 quiet look-alikes from development13 and 14 wording classes: no emergency."""
    import legdx

    a = legdx.assess(read_text(text).case)
    assert a.triage.level not in ("emergency_ambulance", "emergency"), (text, [f.id for f in a.red_flags])


def test_session9_development13_14_readings():
    """Session 9 wording classes from development12-14: MRI stenosis, calf claudication, night cramps, a
    duration after 'so', 'no history of' negates."""

    def got(text):
        return {(f.id, f.state) for f in read_text(text).findings}

    assert ("lumbar_mri_stenosis", "present") in got("MRI: severe central canal stenosis L3/4 and L4/5.")
    assert ("lumbar_mri_stenosis", "present") in got("MRI showed moderate stenosis at L4/5.")
    assert ("lumbar_mri_stenosis", "absent") in got("MRI lumbar spine: no canal stenosis.")
    assert ("lumbar_mri_stenosis", "present") not in got("MRI: cervical canal stenosis at C5/6.")
    assert ("claudication_history", "present") in got("Known PAD, R calf claudication at 200 m.")
    assert ("leg_symptoms_worse_evening_or_night", "present") in got("Cramps in both calves at night.")
    assert ("leg_symptoms_worse_evening_or_night", "present") not in got("Cramps in the calves by day.")
    assert ("symptoms_longer_than_12_weeks", "present") in got("Since Easter, so four months, thighs ache.")
    assert ("cancer_history", "absent") in got("No history of cancer.")
    assert ("cancer_history", "present") not in got("No hx of cancer, no weight loss.")
    assert ("previous_dvt", "absent") in got("No history of DVT.")
    assert ("cancer_history", "present") in got("History of breast cancer, new back pain.")


def test_session9_inflammatory_marker_cutoffs_are_the_knowledge_base_thresholds():
    """numbers.yaml reads a clearly raised CRP or ESR with the knowledge base's consensus thresholds: the same
    numbers, and both marked consensus and unverified there."""
    from legdx.knowledge.loader import default_kb
    from legdx.text.rules import load_rules

    kb = default_kb()
    own = {
        d.rule["var"]: d.rule["gt"]
        for d in load_rules().numbers.derive
        if d.finding == "esr_or_crp_raised"
    }
    assert own == {
        "crp": kb.thresholds["crp_clearly_raised"].value,
        "esr": kb.thresholds["esr_clearly_raised"].value,
    }
    for tid in ("crp_clearly_raised", "esr_clearly_raised"):
        th = kb.thresholds[tid]
        assert th.grade == "consensus" and th.unverified, tid

    def got(text):
        return {(f.id, f.state) for f in read_text(text).findings}

    assert ("esr_or_crp_raised", "present") in got("Bloods: ESR 78, CRP 64.")
    assert ("esr_or_crp_raised", "present") not in got("Bloods: ESR 35, CRP 8.")  # grey zone: unread


@pytest.mark.parametrize(
    "text, flag, level",
    [
        ("52M, IVDU. LBP 4/7, T 38.9, rigors. Since this am legs like jelly, couldn't get off the toilet w/o "
         "help.", "spinal_infection", "emergency_ambulance"),
        ("Prostate cancer 2017. New pain between the shoulder blades waking him at night. Both legs wobbly "
         "since the weekend; had to crawl upstairs last night.", "spinal_malignancy", "emergency_ambulance"),
        ("Numb from the belly button down for 2 days, like a line. Legs stiff and clumsy, came down the "
         "stairs on my bottom today.", "spinal_cord_compression", "emergency_ambulance"),
        ("Phone triage. 74F, R leg gave way in the shop at 10.00, can't lift it now. Son in background says "
         "her words are coming out wrong. AF.", "stroke", "emergency_ambulance"),
        ("Sciatica for 3 weeks; since 4 days my right foot is flop when I walk and I cannot stand on heel.",
         "progressive_neurological_deficit", "consultation_24"),
    ],
)
def test_session9_development15_floor(text, flag, level):
    """Session 9 (development15, four emergencies under-triaged at first): both legs weak since hours
    or days in suspected infection, metastasis or with a sensory level; a relative 'in the background' is the
    informant, not a family history; a foot that flops."""
    _assert_flag_and_floor(text, flag, level)


@pytest.mark.parametrize(
    "text",
    [
        "Breast cancer in 2015, in remission. Both legs ache after walking 200 m since last Monday, no back "
        "pain.",
        "Back pain for 20 years, legs weak for years from polio; since yesterday a cold.",
        "Known MS for 10 years, legs weak and stiff for years; since yesterday more tired. Old back pain.",
    ],
)
def test_session9_development15_look_alikes(text):
    """The development15 combine needs a recent onset, weak legs and suspected infection, metastasis or a
    sensory level together: no emergency without them."""
    import legdx

    a = legdx.assess(read_text(text).case)
    assert a.triage.level not in ("emergency_ambulance", "emergency"), (text, [f.id for f in a.red_flags])


@pytest.mark.parametrize(
    "text, flag, level",
    [
        ("Pt 61M c/o R leg cold + numb since ~1h, severe pain, AF, stopped apixaban last wk.",
         "acute_limb_ischemia", "emergency_ambulance"),
        ("R leg cold and numb since 1 hour, severe pain, AF.", "acute_limb_ischemia", "emergency_ambulance"),
        ("Teen athlete hit on the shin by a hockey ball 3 h ago, now shin rock hard and pain 10/10 despite "
         "morphine.", "acute_compartment_syndrome", "emergency_ambulance"),
        ("74F: L calf hot, swollen and red 3 days after a long flight, now breathless walking to the door.",
         "deep_vein_thrombosis", "emergency_ambulance"),
        ("Dialysis, black spot on the 3rd toe, foot cold at night, now smells and red up to the ankle.",
         "chronic_limb_threatening_ischemia", "emergency"),
        ("Her foot has been black at the toes for 2 days and now red streaks up the leg, diabetic.",
         "chronic_limb_threatening_ischemia", "emergency"),
        ("mother 84 fell yesterday, now back pain and both legs numb and she cant stand, she has breast "
         "cancer.", "spinal_malignancy", "emergency"),
    ],
)
def test_session9_lead_probe_floor(text, flag, level):
    """Session 9, the lead's last probes (invented): an onset 'since ~1h' or 'since 1 hour', pain 'despite
    morphine' beside a rock-hard shin, breathlessness that is new beside a swollen calf, redness spreading up
    from a black toe, 'she cant stand' in a woman with cancer and new back pain."""
    _assert_flag_and_floor(text, flag, level)


def test_session9_cannot_stand_the_pain_is_no_weakness():
    def got(text):
        return {(f.id, f.state) for f in read_text(text).findings}

    assert ("new_leg_weakness", "present") not in got("I cannot stand the pain in my calves when I walk.")
    assert ("new_leg_weakness", "present") in got("Since this morning she cannot stand.")


@pytest.mark.parametrize(
    "text, flag, level",
    [
        ("Since Friday my feet is weak and like asleep. I had bad diarrhoea two weeks ago. Now hard to take "
         "breath when I lie down.", "guillain_barre", "emergency_ambulance"),
        ("My eyelids fall down in the evening and the TV I see double. Now the food stay in the "
         "throat and I have no air on the stairs.", "myasthenic_crisis", "emergency_ambulance"),
        ("Wife rang: since approx 14:30 his right foot like marble, blotchy and cold, he cant push it down.",
         "acute_limb_ischemia", "emergency_ambulance"),
        ("About an hour ago the whole room tipped and I went sideways into the wall, and now there "
         "are two of everything.", "stroke", "emergency_ambulance"),
        ("Known claudicant. Two days ago stepping off the bus the left calf suddenly seized; the "
         "foot is now waxy pale and cold, aching even sat in the chair.", "acute_limb_ischemia", "emergency"),
        ("Diabetic foot ulcer under the big toe for 6 weeks, today it probes to bone with erythema spreading "
         "over the dorsum.", "chronic_limb_threatening_ischemia", "emergency"),
        ("Diabetic foot ulcer for a month; today purulent, T 37.6.", "chronic_limb_threatening_ischemia",
         "emergency"),
        ("Since last night I have no control of my bowels, and the pain goes down both legs.", "cauda_equina",
         "emergency"),
    ],
)
def test_session10_development16_floor(text, flag, level):
    """Session 10 (development16, six emergencies under-triaged at first, in limited English and lay
    words): both legs weak since a few days after a bowel infection; drooping eyelids and double vision with
    swallowing and breathing trouble; an onset 'since approx 14:30' of a foot 'like marble' that cannot
    push down; the room tipping and going sideways an hour ago with double vision; a calf that 'suddenly
    seized'; an ulcer that probes to bone or is purulent; 'no control of my bowels' (the single lemma 'bowel'
    had missed 'bowels')."""
    _assert_flag_and_floor(text, flag, level)


@pytest.mark.parametrize(
    "text",
    [
        "Clot to the left leg in 2012, the leg was white and numb that day; fully recovered. Now "
        "calf pain at 300 m.",
        "At 17, after a football tournament, I passed dark cola-coloured urine; there has been no "
        "recurrence since. Now calf cramps on long runs.",
        "Residual patch of numbness over the left buttock since his cauda equina surgery, "
        "documented as unchanged at every visit. Now both thighs ache after 10 minutes of walking, "
        "better sitting.",
        "Known myasthenia, stable. Chest infection for 3 days, legs weak on the stairs, breathing "
        "and swallowing fine, no double vision.",
    ],
)
def test_session10_development16_look_alikes(text):
    """Past or stable events written the way development16's look-alikes were: a past limb event that
    'fully recovered' after a ';', dark urine 'At 17,' with 'no recurrence since', a residual deficit
    'documented as unchanged', and known myasthenia with an infection (not the Guillain-Barre combine)."""
    import legdx

    a = legdx.assess(read_text(text).case)
    assert a.triage.level not in ("emergency_ambulance", "emergency"), (text, [f.id for f in a.red_flags])


@pytest.mark.parametrize(
    "text, flag, level",
    [
        ("Son calling: dad 79 fell in the garden, right foot has gone white like candle wax and he says it "
         "feels dead, started after lunch, he has the heart flutter.", "acute_limb_ischemia",
         "emergency_ambulance"),
        ("He is diabetic, big toe went black last week, now the foot is swollen, hot and smells, and he is "
         "shivery with a temperature of 38.9.", "chronic_limb_threatening_ischemia", "emergency"),
        ("pt 66F known breast ca w bone mets, new thoracic pain x1wk, legs stiff and jumpy "
         "reflexes, tripping.", "spinal_malignancy", "emergency"),
        ("Lad took a knee to the thigh playing rugby, thigh now tense like a drum, pain way out of "
         "proportion.", "acute_compartment_syndrome", "emergency_ambulance"),
    ],
)
def test_session10_lead_probe_floor(text, flag, level):
    """Session 10, the lead's probes (invented): a call note that opens 'Son calling: dad 79' (the patient,
    not a family history), 'started after lunch', 'the heart flutter'; fever with a black toe; jumpy
    reflexes and tripping in metastatic cancer with new back pain; a thigh 'tense like a drum'."""
    _assert_flag_and_floor(text, flag, level)


def test_session10_readings():
    def got(text):
        return {(f.id, f.state) for f in read_text(text).findings}

    # a single LEMMA in a pattern reads the plural that another rule names ("bowel" -> "bowels")
    assert ("new_fecal_incontinence", "present") in got("I have no control of my bowels.")
    # 'legs are not weak.' keeps its bilateral reading inside the longer new-weakness match
    legs = got("I have gone off my food. My legs are not weak. Should I wait?")
    assert {("bilateral_leg_weakness", "absent"), ("new_leg_weakness", "absent")} <= legs
    # a hedged weakness is not read, nor a weak urine stream
    assert ("bilateral_leg_weakness", "present") not in got("My legs might be a little weaker, I can't tell.")
    assert ("bilateral_leg_weakness", "present") not in got("Numb inner thighs and a weak urine stream.")
    # Raynaud's colour change is not an acute limb
    assert ("sudden_onset_leg_pain", "present") not in got(
        "Cold feet all winter for years, toes go white then blue in the cold and recover when warmed, "
        "otherwise fine."
    )
    # full power on examination is no weakness (the fast layer's guard)
    assert ("bilateral_leg_weakness", "present") not in got(
        "Pedal pulses are easily palpable. Power 5/5, reflexes symmetrical. MRI shows L3/4 stenosis."
    )


def test_session10_normal_statement_after_a_negated_list_item():
    """Session 10 (development17): 'no tibial tenderness, pulses normal' and 'no focal neurology, proximal
    weakness 4/5 at both hips, sensation intact, foot pulses palpable' had read the normal pulses, the intact
    sensation and even the graded weakness as negated; a negation with no comma before the mention still
    negates it."""

    def got(text):
        return {(f.id, f.state) for f in read_text(text).findings}

    a = got("O/E at rest: no tibial tenderness, pulses normal and unchanged with plantar flexion.")
    assert ("pedal_pulses_normal", "present") in a and ("pedal_pulses_normal", "absent") not in a
    b = got("Examination: alert, no focal neurology, proximal weakness 4/5 at both hips, reflexes present "
            "and symmetrical, sensation intact, foot pulses palpable.")
    want = {("proximal_leg_weakness", "present"), ("no_sensory_loss", "present"),
            ("pedal_pulses_normal", "present")}
    assert want <= b
    assert ("pedal_pulses_normal", "present") not in got("No pulses palpable in the left foot.")
    assert ("bilateral_leg_weakness", "absent") in got("No weakness of the legs, numbness or tingling.")


def test_session10_walking_distance_wordings():
    def got(text):
        return {(f.id, f.state) for f in read_text(text).findings}

    for text in ("His calf cramps after 250-300 yards.", "The calf seizes up after about two streets.",
                 "She is stopping every few hundred yards.", "Thigh ache after 10 minutes' walking."):
        assert ("leg_symptoms_with_walking", "present") in got(text), text


@pytest.mark.parametrize(
    "text, flag, level",
    [
        ("Mum 76 says her head hurts at the side and her jaw aches chewing, and she had a shadow in her eye "
         "this morning.", "giant_cell_arteritis", "emergency"),
        ("Rugby player kicked on the shin 4 hours ago, now the leg very tight and the pain worse than a "
         "broken bone.", "acute_compartment_syndrome", "emergency_ambulance"),
        ("Known AF, stopped rivaroxaban last week, left leg suddenly cold and lifeless an hour ago.",
         "acute_limb_ischemia", "emergency_ambulance"),
        ("The left foot went funny last night, all at once: cold, and the toes feel like cotton wool.",
         "acute_limb_ischemia", "emergency_ambulance"),
    ],
)
def test_session10_lead_second_probe_floor(text, flag, level):
    """Session 10, the lead's second probes (invented): a relative and an age without brackets ('Mum 76')
    for the age over 50 of giant cell arteritis; a leg 'very tight' after a blow with pain 'worse than a
    broken bone'; a leg 'cold and lifeless' since an hour."""
    _assert_flag_and_floor(text, flag, level)


def test_session10_old_deficit_unchanged_since_is_not_new():
    import legdx

    text = "Old stroke 2015 with left leg weakness unchanged since; now right calf cramps walking 100 m."
    a = legdx.assess(read_text(text).case)
    assert "progressive_neurological_deficit" not in {f.id for f in a.red_flags}
    b = legdx.assess(read_text("Left leg weakness since yesterday, sensation unchanged.").case)
    assert "progressive_neurological_deficit" in {f.id for f in b.red_flags}


@pytest.mark.parametrize(
    "text, weeks",
    [
        ("Calf pain, about three weeks now.", 3.0),
        ("Calf pain of eight weeks' duration.", 8.0),
        ("Calf pain 2+ years.", 104.36),
        ("The leg pain? About a year now.", 52.18),
    ],
)
def test_session10_duration_wordings(text, weeks):
    """Session 10 (development15-17): a duration that runs to now, with a plus, or with 'duration'."""
    assert read_text(text).case.measurements.get("symptom_duration_weeks") == pytest.approx(weeks)


def test_session10_now_and_then_is_no_duration():
    case = read_text("I walked 2 miles a year now and then.").case
    assert "symptom_duration_weeks" not in case.measurements


def test_session10_unit_full_stop_ends_the_sentence():
    """'Calf pain on walking 200 m. No numbness' had read walking as ruled out: the tokenizer keeps 'm.' as
    one token, so the next sentence's 'No' joined it; a capital after a number's unit with its full stop now
    starts a sentence, and 'walking ... no' needs its noun ('walking: no problem')."""

    def got(text):
        return {(f.id, f.state) for f in read_text(text).findings}

    a = got("Calf pain on walking 200 m. No numbness or tingling. Pulses absent.")
    assert ("leg_symptoms_with_walking", "present") in a and ("leg_symptoms_with_walking", "absent") not in a
    assert ("leg_symptoms_with_walking", "absent") in got("Walking: no problem at all.")


def test_session10_call_note_relative_is_the_patient_and_a_later_relative_is_family():
    def got(text):
        return {(f.id, f.state) for f in read_text(text).findings}

    assert ("pale_limb", "present") in got("Son calling: dad 79, right foot has gone white like candle wax.")
    assert ("previous_dvt", "family") in got(
        "Daughter calling: mum 80, calf pain walking 100 m for a year; her sister had a DVT last year."
    )


@pytest.mark.parametrize(
    "text, flag, level",
    [
        ("Pt writes: my husband's calf is big and red and hot, he flew from Sydney yesterday, he feels faint "
         "and short of breath.", "deep_vein_thrombosis", "emergency_ambulance"),
        ("Nurse: post-op fem-pop graft day 2, foot now cold and no doppler signal, patient says it is numb.",
         "acute_limb_ischemia", "emergency_ambulance"),
        ("OOH: 67M AF, R foot white, painful, cant feel me touching it, started 3h ago.",
         "acute_limb_ischemia", "emergency_ambulance"),
        ("Hockey player hit in the calf, calf hard as a rock, screaming pain, stretching the toes is agony.",
         "acute_compartment_syndrome", "emergency_ambulance"),
    ],
)
def test_session10_lead_third_probe_floor(text, flag, level):
    """Session 10, the lead's third probes (invented): one calf 'big and red and hot' after a long flight with
    faintness and breathlessness (a pulmonary embolism); a graft leg with no Doppler signal that 'is numb'; a
    white foot the patient 'cant feel me touching'; a calf 'hard as a rock' with pain on stretching the
    toes."""
    _assert_flag_and_floor(text, flag, level)


def test_session10_both_legs_swollen_is_not_one_calf():
    def got(text):
        return {(f.id, f.state) for f in read_text(text).findings}

    assert ("unilateral_calf_swelling", "present") not in got(
        "Drank heavily, collapsed on the floor overnight, now legs swollen and painful and urine dark brown."
    )


def test_session11_deficit_after_a_dated_stroke_is_old():
    """Session 11 (development8 t16): 'L hemiparesis after R MCA infarct 2019' is an old stroke's deficit, not
    a sudden one (the stroke word and a year in digits, right after the deficit); a sudden weakness today
    beside a dated stroke, or a stroke without a year, is still new."""
    import legdx

    old = legdx.assess(read_text("77M. L hemiparesis after R MCA infarct 2019, walks with a stick. Now R "
                                 "calf cramp at 150 m, gone in 2-3 min standing still.").case)
    assert "stroke" not in {f.id for f in old.red_flags}
    for text in ("Sudden left arm and leg weakness an hour ago after a stroke in 2019.",
                 "Left-sided weakness after a stroke this morning."):
        a = legdx.assess(read_text(text).case)
        assert a.triage.level == "emergency_ambulance", (text, [f.id for f in a.red_flags])


@pytest.mark.parametrize(
    "text, flag, level",
    [
        ("Back pain, temperature 38.9.", "spinal_infection", "emergency"),
        ("Nothing feels right since the fall, both legs numb and I cannot pee.", "cauda_equina", "emergency"),
        ("My left arm and leg went weak an hour ago, it settled, but it came back 10 minutes ago.", "stroke",
         "emergency_ambulance"),
        ("I go to the gym if my back allows. Since yesterday I can't pass urine and I'm numb between the "
         "legs.", "cauda_equina", "emergency"),
    ],
)
def test_session11_floor(text, flag, level):
    """Session 11 guards beside the look-alikes below (invented): a fever's temperature still reads as fever;
    'nothing feels right' negates nothing; 'but it came back' is a recurrence; 'go to the gym if' is no safety
    net."""
    _assert_flag_and_floor(text, flag, level)


@pytest.mark.parametrize(
    "text",
    [
        "Temp 36.8, no fevers. Back pain for 6 months, worse in the morning, better with exercise, 29M.",
        "Pt asks: leaflet says go to A&E if I lose bladder control or get numb in the saddle area. I "
        "haven't, just the usual sciatica down the left leg.",
        "Please go to an emergency department straight away if you ever develop numbness between your legs, "
        "cannot pass urine, or if either leg becomes weak. Legs ache after 300 m, better sitting.",
        "Sciatica for 3 weeks. Waterworks fine, nothing feels numb down there when he wipes.",
        "Dr: Any numbness between the legs?\nPatient: No\nDr: Any weakness in the legs?\nPatient: No",
        "Practice: Any dark or brown urine?\nPatient: no normal colour i checked\nPractice: thanks",
        "My left arm and leg went weak for about an hour, but it all came back. Now knee pain on stairs.",
    ],
)
def test_session11_look_alikes(text):
    """Session 11 (development18 and the lead's probes, invented sentences): a normal temperature given as a
    number ('Temp 36.8') is no fever; 'go to A&E if' and 'go to an emergency department straight away if' are
    safety nets; 'nothing feels numb' negates; a bare 'No' on its own line answers the question above it, as
    does 'no normal colour'; a deficit that 'all came back' is a past one."""
    import legdx

    a = legdx.assess(read_text(text).case)
    assert a.triage.level not in ("emergency_ambulance", "emergency"), (text, [f.id for f in a.red_flags])


def test_session11_questions_answered_no():
    """Session 11 (development19): 'Does sitting or bending forward help ...? No, just standing still is
    enough' rules the seated relief out (it had read as present); 'Any back pain? My back's fine.' is an
    answer 'no' (back pain had read as both present and absent)."""

    def got(text):
        return {(f.id, f.state) for f in read_text(text).findings}

    a = got("Calf ache at 200 m. Dr: Does sitting or bending forward help more than standing?\n"
            "Pt: No, just standing still is enough.")
    assert ("improves_when_seated", "present") not in a and ("relieved_by_standing_still", "present") in a
    b = got("Dr: Any back pain?\nPt: My back's fine.")
    assert ("back_pain", "present") not in b and ("back_pain", "absent") in b


@pytest.mark.parametrize(
    "text",
    [
        "Dr: What happens when you walk?\nPt: After five minutes a gripping ache in both calves; I stop and "
        "within a minute or two it's gone.\nDr: Does it ever come on when you're sitting or lying down?\n"
        "Pt: Never.\nNotes: popliteal and foot pulses not felt on either side. Feet cool. ABI R 0.74, "
        "L 0.59.",
        "First hillwalking weekend. Both calves and the fronts of both thighs stiff and sore from the next "
        "morning, worst today (day 2), most painful going down stairs. Calves soft, no swelling.",
        "For two years your legs, especially the calves and thighs, ache and tingle once you have walked "
        "around 300 metres, and you now do the supermarket leaning on the trolley. Please go to an emergency "
        "department straight away if either leg becomes weak.",
    ],
)
def test_session11_look_alikes_second_round(text):
    """Session 11 (development18 h31 and h37, development19 m47; invented sentences): claudication whose pain
    goes 'within a minute or two' (no sudden onset), with foot pulses 'not felt' (no numbness), in a
    transcript whose clinician asks about rest pain (a question states nothing); muscle soreness after
    hill-walking (no sciatica without a word of radiation); neurogenic claudication with 'now' near the thighs
    and a tingle (no spreading weakness: the screen item 'now is' had collapsed to 'now')."""
    import legdx

    for fast in (True, False):
        from legdx.text.reader import get_reader

        a = legdx.assess(get_reader(fast_semantic=fast).read(text).case)
        assert a.triage.level not in ("emergency_ambulance", "emergency"), (fast, [f.id for f in a.red_flags])


@pytest.mark.parametrize("fast", [True, False])
def test_session11_gbs_floor_with_an_arrow_and_more_every_day(fast):
    """The guards of the screen's word-list cleanup (development5 w42, development4 z35): an arrow between two
    sites spreads ('paraesthesiae feet -> hands'), and 'giving out more every day' worsens, in both modes."""
    import legdx
    from legdx.text.reader import get_reader

    reader = get_reader(fast_semantic=fast)
    for text in (
        "AMU. 52F. URTI 2/52 ago. 4/7 of paraesthesiae feet -> hands, then progressive b/l LL weakness, now "
        "unable to stand unaided. Reflexes absent throughout.",
        "Three weeks after food poisoning my legs have been giving out more every day, and since last night "
        "my arms are weak as well. I feel a bit breathless talking.",
    ):
        a = legdx.assess(reader.read(text).case)
        assert "guillain_barre" in {f.id for f in a.red_flags}, (text, [f.id for f in a.red_flags])
        assert a.triage.level in ("emergency", "emergency_ambulance")


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize(
    "text, flag, level",
    [
        ("Back pain and fever, bladder not been right since yesterday, cant empty it.", "cauda_equina",
         "emergency"),
        ("Bad back, shes not been to the toilet for a wee all day, and numb round her bottom.",
         "spinal_cord_compression", "emergency"),
        ("I am 68, a grandmother of four, and I had breast cancer eight years ago. For six weeks a pain in "
         "my back between my shoulder blades, slowly getting worse, worst at night.", "spinal_malignancy",
         "consultation_24"),
    ],
)
def test_session11_screen_cleanup_floor(fast, text, flag, level):
    """Session 11: what the screen's collapsed 'not been' item caught that is a bladder change, now as items
    of their own, in both modes (found with invented probes after the cleanup had lost them with the rules
    alone); and 'a grandmother of four' is the writer, not a relative, so her own cancer history counts
    (development20 p22)."""
    import legdx
    from legdx.knowledge.schema import TRIAGE_ORDER
    from legdx.text.reader import get_reader

    a = legdx.assess(get_reader(fast_semantic=fast).read(text).case)
    assert flag in {f.id for f in a.red_flags}, (text, [f.id for f in a.red_flags])
    assert TRIAGE_ORDER.index(a.triage.level) <= TRIAGE_ORDER.index(level)


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize(
    "text, flag, level",
    [
        ("Pins and needles started in his toes, now hands, can't climb the stairs, after a bout of "
         "diarrhoea.", "guillain_barre", "emergency"),
        ("Within a few minutes the foot went white and cold, AF, cant move it.", "acute_limb_ischemia",
         "emergency_ambulance"),
        ("Foot numb and cold since 6am, pulses not felt, he is on no anticoagulation for his AF.",
         "acute_limb_ischemia", "emergency"),
        ("Grandmother of three, breast cancer 2019, new back pain at night and legs getting weak and clumsy.",
         "spinal_malignancy", "emergency"),
    ],
)
def test_session11_lead_probe_floor(fast, text, flag, level):
    """Session 11, the lead's probes (invented), in both modes: 'toes, now hands' with stairs weakness after
    diarrhoea; an onset 'within a few minutes'; 'since 6am' and 'no anticoagulation for his AF' (the drug is
    negated, not the AF); 'Grandmother of three' is the writer."""
    import legdx
    from legdx.knowledge.schema import TRIAGE_ORDER
    from legdx.text.reader import get_reader

    a = legdx.assess(get_reader(fast_semantic=fast).read(text).case)
    assert flag in {f.id for f in a.red_flags}, (text, [f.id for f in a.red_flags])
    assert TRIAGE_ORDER.index(a.triage.level) <= TRIAGE_ORDER.index(level), a.triage.level


@pytest.mark.parametrize(
    "text",
    [
        "Told to ring 999 if she loses control of her bladder or gets numb down below. Sciatica left leg for "
        "4 weeks.",
        "My bladder is fine, bowels fine, no numbness down below. Back pain and sciatica 6 weeks.",
        "Dark urine after a dehydrating long run last year, checked and fine. Now shin pain on running.",
        "Calf pain after 300 m. Past history: left foot drop since 2019, unchanged.",
    ],
)
def test_session11_lead_probe_look_alikes(text):
    """Session 11, the lead's probes (invented): sciatica of one leg is not of both (the fast layer had
    guessed both legs, a cauda equina trigger); dark urine 'last year, checked and fine' is a past episode;
    'since 2019' is a year, not a time of day."""
    import legdx

    a = legdx.assess(read_text(text).case)
    assert a.triage.level not in ("emergency_ambulance", "emergency"), (text, [f.id for f in a.red_flags])


@pytest.mark.parametrize("fast", [True, False])
def test_session11_low_grade_temperature_with_back_pain_still_flags(fast):
    """The session-11 'Temp 36.8' look-alike fix first hid the fever word before any value below 38 C: a
    low-grade 37.5-37.9 with back pain, which the session-start reader flagged as a possible spinal infection,
    lost the flag (found with invented probes after blind13, rules alone, scored below the session-start
    reader). Only a value below 37.5 C (99.5 F) now reads as a normal temperature."""
    import legdx
    from legdx.text.reader import get_reader

    reader = get_reader(fast_semantic=fast)
    for text in ("Back pain, temp 37.9, tender spine, urinary infection last week.",
                 "Back pain for 2 weeks, worse at night, temp 37.9 today, diabetic.",
                 "Neck and back pain, temp was 37.8 at the GP, legs going weak."):
        a = legdx.assess(reader.read(text).case)
        assert "spinal_infection" in {f.id for f in a.red_flags}, (text, [f.id for f in a.red_flags])
    for text in ("Temp 36.8, no fevers. Back pain for 6 months.", "Temperature 37.2. Back pain.",
                 "T 99.1F, back pain."):
        a = legdx.assess(reader.read(text).case)
        assert "spinal_infection" not in {f.id for f in a.red_flags}, text


def test_session11_form_answer_n_is_no():
    """Session 11 (development21 q238): a form's 'Chest pain or breathlessness? N' and 'Swelling of one leg or
    calf? N' answer no (they had read as present: a DVT with pulmonary embolism, an ambulance). With the rules
    alone no DVT flag is left; the fast layer still guesses a whole swollen leg from the question (not
    fixed)."""
    import legdx
    from legdx.text.reader import get_reader

    text = ("Chest pain or breathlessness? N\nSwelling of one leg or calf? N\nBoth calves sore after a hill "
            "walk.")
    a = legdx.assess(get_reader(fast_semantic=False).read(text).case)
    assert "deep_vein_thrombosis" not in {f.id for f in a.red_flags}
    got = {(f.id, f.state) for f in read_text(text).findings}
    assert ("unilateral_calf_swelling", "absent") in got
    assert ("unilateral_calf_swelling", "present") not in got


def test_session11_red_flag_screen_answered_n():
    """Session 11 (development21 q219): a red-flag screen answered item by item, 'fever N; history of cancer
    N' (a capital N right after the item), rules the items out; 'weakness Y; numbness N' keeps the weakness.
    The fast layer no longer guesses areflexia from 'Reflexes: knee 2+ b/l, ankle 2+ b/l', nor a weakness of
    both legs from 'weaker today than on Monday' (one foot drop)."""
    import legdx

    text = ("Spinal triage. L leg pain shooting to the foot, 7 weeks. Back pain 3/10. Red flag screen: fever "
            "N; history of cancer N; weight loss N; night pain N. Reflexes: knee 2+ b/l, ankle 2+ b/l.")
    got = {(f.id, f.state) for f in read_text(text).findings}
    assert ("cancer_history", "absent") in got and ("cancer_history", "present") not in got
    assert ("areflexia", "present") not in got
    a = legdx.assess(read_text(text).case)
    spinal = {"spinal_infection", "spinal_malignancy", "spinal_cord_compression"}
    assert not spinal & {f.id for f in a.red_flags}


#: Session 11: the second probe author's emergencies (invented by a helper who saw neither the reader nor its
#: rules; 60 lines, 14 under-triaged in both modes by the session-start and the mid-session reader alike). The
#: 13 fixed here; the 14th ("my nan was born in '44": an age from a year of birth) is not.
SESSION11_PROBE_AUTHOR_FLOORS = [
    (
        'Chronic lower back pain for twelve years, legs heavy after two streets, physio twice a year. '
        'New since Monday: sadle numbess, sitting on the toilet seat feels like sitting on cardboard, '
        'and my pee stream is weak and stop-start.',
        'cauda_equina', 'emergency',
    ),
    (
        "I'm 71 and my neck has been stiff for ages. Over the last fortnight my legs go stiff and "
        "jerky when I walk, I've dropped two cups, and now I can't hold my wee until I reach the "
        'bathroom. Below my chest feels wrapped in cling film.',
        'spinal_cord_compression', 'emergency',
    ),
    (
        'My dad takes methotrexate and prednisolone for his rheumatoid. He had a steroid injection in '
        'his back three weeks ago, now the back pain is much worse, he feels hot then cold, and his '
        'legs ache walking to the loo.',
        'spinal_infection', 'emergency',
    ),
    (
        'Pharmacist here: lady buying paracetamol for back pain and aching legs when she walks. She '
        'mentions a kidney transplant, takes tacrolimus, and had 101.3F last night. Her back is very '
        'tender over one spot when she leans on the counter.',
        'spinal_infection', 'emergency',
    ),
    (
        'Man, 66, lost about a stone and a half without trying since spring. New low back pain, worst '
        'lying in bed at night, and his calves ache when he walks to the shop. Smoker, 40 pack-yrs. '
        'No known cancer, no weakness.',
        'spinal_malignancy', 'consultation_24',
    ),
    (
        'Care home: resident aged eighty-seven, walks with a frame, fully alert. At 19:00 staff '
        'noticed her right foot colder and paler than the left, no pulse on top of the foot. It '
        'hurts, but she wiggles her toes and feels us touching them. Fine at breakfast.',
        'acute_limb_ischemia', 'emergency',
    ),
    (
        'Q: When did the weakness start?\\nA: Tuesday, in both feet, walking felt like wading. By '
        'today (Sat) my knees buckle and I cant get up off the floor. The doc tapped my knees and '
        "nothing happened. I'm 47.",
        'guillain_barre', 'emergency',
    ),
    (
        'Been slapping my right foot down when I walk for about 10 days, I trip on the kerb and my '
        'wife hears it flap. Back pain is old news, 20 years of it. No bladder problems, no numbness '
        'in the saddle area.',
        'progressive_neurological_deficit', 'consultation_24',
    ),
    (
        'Daughter writing: mum (sixty-six) has myasthenia, they changed her tablets. Her legs tire '
        "quickly on walks, now her head is flopping forward, she can't finish a sentence without "
        'gasping and food keeps going down the wrong way.',
        'myasthenic_crisis', 'emergency_ambulance',
    ),
    (
        'Got kicked on the shin at football about 4 hours ago. Its way more painful than a bruise '
        'should be, the front of my leg is tight like a drum, and it kills when my toes are pulled '
        'down. Painkillers do nothing.',
        'acute_compartment_syndrome', 'emergency_ambulance',
    ),
    (
        'I run a lot and normally my shins get tight around mile 3 and settle when I stop. Today it '
        "didn't settle, it's been over an hour, the shin is hard and shiny and it's agony if I point "
        'my foot. 24.',
        'acute_compartment_syndrome', 'emergency_ambulance',
    ),
    (
        'Ex-bodybuilder, 38, did 600 calf raises last night on something he bought online. Both '
        'calves rock solid, the pain is unbearable even lying still and worse when someone bends his '
        'feet up.',
        'acute_compartment_syndrome', 'emergency_ambulance',
    ),
    (
        "I'm seventy-three, stiff shoulders and hips every morning and my legs ache walking. New "
        'thing: a headache at my temple for a week, my scalp is sore when I brush my hair, and '
        'chewing toast makes my jaw ache till I stop.',
        'giant_cell_arteritis', 'emergency',
    ),
]


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("text, flag, level", SESSION11_PROBE_AUTHOR_FLOORS)
def test_session11_probe_author_floor(fast, text, flag, level):
    """Typos in the key words ('sadle numbess'), 'sitting on cardboard', 'can't hold my wee', 'below my
    chest feels wrapped in cling film', 'hot then cold', a steroid injection in the back, '101.3F', weight
    lost 'without trying', 'Fine at breakfast', 'by today', a foot 'slapping', 'Daughter writing:', ages in
    words, and the wordings of acute compartment syndrome ('rock solid', 'agony if I point my foot',
    'Painkillers do nothing')."""
    import legdx
    from legdx.knowledge.schema import TRIAGE_ORDER
    from legdx.text.reader import get_reader

    a = legdx.assess(get_reader(fast_semantic=fast).read(text.replace("\\n", "\n")).case)
    assert flag in {f.id for f in a.red_flags}, (text, [f.id for f in a.red_flags])
    assert TRIAGE_ORDER.index(a.triage.level) <= TRIAGE_ORDER.index(level), (text, a.triage.level)


@pytest.mark.parametrize(
    "text",
    [
        "Nurse triage note: 68 y/o F, bilateral buttock and thigh ache on walking, eases when she sits or "
        "leans on a trolley. Asked re bladder/bowel change, saddle sensation, weakness and fever: all nil or "
        "normal.",
        "My waterworks trouble is years old, from my prostate, the urologist follows it and nothing has "
        "changed. Separate issue: buttock to knee ache when walking, gone once I sit down. I'm 73.",
        "Q: Any numbness between the legs, or trouble passing or holding water?\nA: No to both, same as "
        "ever.\nQ: So what's the problem?\nA: Right leg shoots pain down the back to the calf when I walk "
        "far.",
    ],
)
def test_session11_probe_author_look_alikes(text):
    """The look-alike probe author's (invented): a list before a colon answered 'all nil or normal'; bladder
    trouble that 'is years old'; a transcript's 'No to both' on its own line."""
    import legdx

    a = legdx.assess(read_text(text).case)
    assert a.triage.level not in ("emergency_ambulance", "emergency"), (text, [f.id for f in a.red_flags])


#: Session 11: the lay-voices and the records probe authors' emergencies (invented by helpers who saw
#: neither the reader nor its rules; 2 x 60 lines: 7 and 2 under-triaged with the default reader, 3 more with
#: the rules alone).
SESSION11_PROBE_AUTHOR_FLOORS_2 = [
    (
        'Older gent, 79, lost about a stone and a half since the summer without trying, and now a '
        'new low back ache that is worse lying in bed at night. Still walks to the paper shop fine. '
        'Legs and waterworks normal.',
        'spinal_malignancy', 'consultation_24',
    ),
    (
        "Gran's 88 and won't complain but she's slept sat up in her armchair for a month because "
        "her feet burn like fire when she lies flat, eases if she dangles them. Couldn't walk to "
        'the end of the garden before that. No wounds.',
        'chronic_limb_threatening_ischemia', 'consultation_24',
    ),
    (
        "Sister's right leg been puffy & tender since Tues after her knee op, now she suddenly "
        "can't catch her breath and it hurts when she breathes in. Coughed up a bit of blood. She's "
        '45.',
        'deep_vein_thrombosis', 'emergency_ambulance',
    ),
    (
        'voice to text my mother in law is 70 on the tablet for her breast cancer her right leg is '
        'much fatter than the other one from the knee down hurts to touch at the back when she '
        'walks and it pits when you press',
        'deep_vein_thrombosis', 'emergency',
    ),
    (
        'Texting cos I cant talk right. At 2.15pm my left leg went heavy while walking, cant lift '
        "it, left hand numb too, speech slurry. I'm 69, thought I'd lie down first and see.",
        'stroke', 'emergency_ambulance',
    ),
    (
        "Grandpa's 80 and moaning his legs are stiff on his walks, fine, nothing new. But he's also "
        'had a new headache at the temples for 10 days and has to stop chewing his toast halfway '
        'because his jaw aches.',
        'giant_cell_arteritis', 'emergency',
    ),
    (
        'ppl at church noticed Pastor, 71, rubbing his temple; says the head pain is new this '
        'month, temple sore to touch, jaw tires chewing, and morning stiffness in shoulders and '
        'thighs makes his walk slow.',
        'giant_cell_arteritis', 'emergency',
    ),
    (
        'Gait class note: 6MWT 310 m, Borg 13, no desaturation. 68F, PMH AF, reports L eye went '
        'dark for 10 min this am and R leg has felt heavy and clumsy since 20 min ago, still '
        'present. Obs BP 170/95, HR 88 irreg.',
        'stroke', 'emergency_ambulance',
    ),
    (
        'Ambulance handover: 46M found on floor after ~14 h lie (alcohol), R leg trapped under him. '
        'R thigh and calf swollen, tense, pain far worse than expected when we move the foot, foot '
        'numb. Dark urine in catheter bag, CK pending.',
        'acute_compartment_syndrome', 'emergency_ambulance',
    ),
    (
        'My husband has prostate cancer, the spreading kind. New back pain 2 weeks, now his legs '
        'heavy and wobbly when he walk, yesterday he nearly fall in kitchen. He say his feet feel '
        'like cotton wool.',
        'spinal_malignancy', 'emergency',
    ),
    (
        'Physio to GP: 56F, known L5 radiculopathy; ankle dorsiflexion was 4/5 last week, today '
        '2/5, EHL 2/5, now walking with a high-stepping gait. No saddle or sphincter symptoms.',
        'progressive_neurological_deficit', 'consultation_24',
    ),
]


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("text, flag, level", SESSION11_PROBE_AUTHOR_FLOORS_2)
def test_session11_probe_author_floor_second_round(fast, text, flag, level):
    """'without trying' negates only the weight loss; feet that burn lying flat and ease when dangled;
    "Sister's right leg" and "Grandpa's 80" open a message about that relative; 'it pits when you press';
    'speech slurry', 'At 2.15pm'; 'Pastor, 71'; a leg 'heavy and clumsy since 20 min ago'; 'swollen, tense'
    and pain 'when we move the foot'; legs 'wobbly'; a power grade 'last week' and 'today'."""
    test_session11_probe_author_floor(fast, text, flag, level)


def test_session11_age_from_a_year_of_birth():
    """Session 11 (the second probe author's last miss): "my nan was born in '44" gives an age as of this
    year, approximate and said in a warning, so that the giant cell arteritis flag, which needs an age, can
    fire."""
    import datetime

    import legdx
    from legdx.text.numbers import _age_from_birth_year

    assert _age_from_birth_year("'44", today=2026) == 82.0
    assert _age_from_birth_year("1944", today=2026) == 82.0
    assert _age_from_birth_year("'05", today=2026) == 21.0
    assert _age_from_birth_year("'27", today=2026) == 99.0  # 2027 is in the future: 1927
    assert _age_from_birth_year("2030", today=2026) is None
    text = ("my nan was born in '44, she has a new bad headache on one side since last wk which she never "
            "gets, and she has to stop chewing her steak halfway because her jaw hurts.")
    res = read_text(text)
    assert res.case.age == datetime.date.today().year - 1944
    assert any(w.code == "approximate_age" for w in res.warnings)
    assert "giant_cell_arteritis" in {f.id for f in legdx.assess(res.case).red_flags}


#: Session 11: the hidden-emergencies probe author's (60 lines, invented; 5 under-triaged in both modes).
SESSION11_PROBE_AUTHOR_FLOORS_3 = [
    (
        'Neurology registrar: 29M, background axial SpA on adalimumab with chronic inflammatory '
        'back pain. Four-day history of distal paraesthesiae and symmetric proximal and distal leg '
        'weakness, MRC 4/5, globally areflexic, Campylobacter enteritis 10 days ago. Bulbar '
        'function and FVC currently normal.',
        'guillain_barre', 'emergency',
    ),
    (
        'Wife calling: he has had arthritis in both knees for years so walking was always slow. Got '
        "the runs after a barbecue two weeks ago, legs wobbly for three days and today he can't "
        'stand, the doctor found no reflexes. Now his voice is weak and his food keeps going down '
        'the wrong way.',
        'guillain_barre', 'emergency_ambulance',
    ),
    (
        'GP: seventy-eight year old man with neurogenic claudication from lumbar stenosis, walks '
        'with a supermarket trolley, on the waiting list for decompression. Today mentioned a '
        'fortnight of new left temporal headache and tenderness of the scalp, and his jaw tires '
        'halfway through chewing meat.',
        'giant_cell_arteritis', 'emergency',
    ),
    (
        'Farmer, 61, dodgy hips for years. Quad bike rolled onto his lower leg about four hours '
        'ago, now the shin is swollen and tight as a drum, the pain is far more than the bruise '
        'looks and moving his toes is agony, with numbness between the first two toes.',
        'acute_compartment_syndrome', 'emergency_ambulance',
    ),
    (
        "Q: How long has the leg been heavy?\\nA: Years, it's my MS, worse in the heat.\\nQ: Anything "
        "new?\\nA: Well since about 40 minutes ago I can't see the left half of things and my left "
        'arm feels like it belongs to someone else.',
        'stroke', 'emergency_ambulance',
    ),
]


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("text, flag, level", SESSION11_PROBE_AUTHOR_FLOORS_3)
def test_session11_probe_author_floor_third_round(fast, text, flag, level):
    """Weak legs over days after an infection with the reflexes gone, on a chronic background; a 'Four-day
    history'; 'seventy-eight year old'; 'tight as a drum', 'far more than the bruise looks'; 'I can't see the
    left half of things'."""
    test_session11_probe_author_floor(fast, text.replace("\\n", "\n"), flag, level)


@pytest.mark.parametrize(
    "text",
    [
        "my husband says its weird, his legs are like jelly at the start of a walk but if he gives a few "
        "hard kicks or squeezes they go stronger for a bit. been like this maybe 8 or 9 months",
        "Woke at 3am absolutely paralysed with cramp in my right calf, toes curled. Stretched it and it went "
        "in a couple of minutes; walking normally. Age 38.",
        "Thought I was having a stroke lol, my leg went totally dead after sitting cross-legged on the loo "
        "for 20 mins. Pins and needles for a minute then back to normal. Face, arms, speech all fine. 29.",
    ],
)
def test_session11_non_emergency_probe_look_alikes(text):
    """The non-emergency probe author's (invented): 'says its weird' reports; 'paralysed with cramp'; 'Face,
    arms, speech all fine' answers a short list (the fast layer had guessed a facial droop from it)."""
    import legdx

    a = legdx.assess(read_text(text).case)
    assert a.triage.level not in ("emergency_ambulance", "emergency"), (text, [f.id for f in a.red_flags])
