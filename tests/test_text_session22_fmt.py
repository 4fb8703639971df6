"""Session 22 (fmt): structured input read as the lines the rules read (``legdx.text.records``).

JSON objects (also after a prefix, truncated or invalid), FHIR-like code/value components, ``key=value``
runs, CSV with a header row, HL7-like OBX segments, markdown tables, snake-case keys, booleans (true/false,
TRUE/FALSE, 1/0 with a legend): each read as 'field value' lines, the spans mapped back to the original
text. Look-alikes: a record's "no"/false answers are denials, a null field says nothing, and prose is left
as it is. Bad input never crashes or hangs. The sentences and records are our own unless a docstring names
the probe line; both modes."""

from __future__ import annotations

import json
import time

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, probe_line, read  # noqa: E402


def _records():
    from legdx.text.reader import get_reader

    return get_reader(fast_semantic=False).records


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session22_va.txt", 1)[1],
        '{"complaint":"left leg pain","onset":"sudden, 90 minutes ago","left_foot_colour":"white",'
        '"left_foot_temperature":"cold to touch","pulses":{"dorsalis_pedis_L":"absent"},'
        '"left_foot_sensation":"numb toes and sole"}',
    ],
)
def test_json_limb_ischaemia(text, fast):
    """session22_va:1: a JSON referral of a sudden white, cold, numb foot with absent pulses: acute limb
    ischaemia with sensory loss, an ambulance (JSON read nothing before)."""
    check_floor(text, fast, "emergency_ambulance", "acute_limb_ischemia")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session22_va.txt", 9)[1],
        "Night review\nadmitted: fractured tibia, above-knee plaster\n"
        "analgesia_given: oxycodone twice, no help\npassive_toe_extension: screams with pain\n"
        "calf: tense, woody\nfoot_pulses: present",
    ],
)
def test_snake_case_keys_compartment(text, fast):
    """session22_va:9 (rules alone): 'passive_toe_extension: agony', 'calf: tense, woody' in a record of
    snake-case keys: pain on passive stretch and a tense compartment, an ambulance."""
    check_floor(text, fast, "emergency_ambulance", "acute_compartment_syndrome")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session22_va.txt", 10)[1],
        "id,age,sex,headache,jaw,eyes\nX-17,81,M,new pain over left temple for ten days,"
        "aches when chewing bread,double vision this morning",
    ],
)
def test_csv_with_header_gca(text, fast):
    """session22_va:10: CSV with a header row, each cell read as 'header cell' (the age too): a new temple
    headache over 50 with jaw claudication and a visual symptom, giant cell arteritis."""
    check_floor(text, fast, "emergency", "giant_cell_arteritis")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session22_va.txt", 11)[1],
        '{"age":61,"complaint":"right calf aching for 3 days","right_calf_swollen":true,'
        '"left_calf_swollen":false,"calf_tender_along_back":true,"recent_long_haul_flight":true}',
    ],
)
def test_json_booleans_dvt(text, fast):
    """session22_va:11: JSON booleans ('"right_calf_swollen":true'): one calf swollen and tender, DVT."""
    check_floor(text, fast, "emergency", "deep_vein_thrombosis")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session22_va.txt", 23)[1],
        '{"type":"podiatry_note","diabetes":true,"site":"left big toe",'
        '"appearance":"black, wet and smelly","surrounding_skin":"red and hot"}',
    ],
)
def test_json_wound_site_and_appearance(text, fast):
    """session22_va:23 (rules alone): a wound record whose site and appearance are two fields: the
    appearance is read of the site ('left big toe black, wet and smelly'), wet gangrene."""
    check_floor(text, fast, "emergency")
    _, _, st = assess(text, fast)
    assert "present" in st.get("wet_gangrene", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session22_va.txt", 25)[1],
        'triage_bot_export {"patient":"my mum","age":"78","problem":"left leg won\'t work",'
        '"started":"suddenly 30 minutes ago","face":"drooping on the left","speech":"slurred"}',
    ],
)
def test_json_after_a_prefix_stroke(text, fast):
    """session22_va:25: JSON after a prefix: a sudden one-sided weakness with a facial droop and a speech
    disturbance, a stroke (ambulance)."""
    check_floor(text, fast, "emergency_ambulance", "stroke")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session22_va.txt", 35)[1],
        'post_op_call.json {"operation":"L5 laminectomy","when":"10 days ago","back_pain":"much worse, '
        'constant, keeps her awake","temperature":"feverish and shivering"}',
    ],
)
def test_named_json_spinal_infection(text, fast):
    """session22_va:35: 'name.json {...}': back pain worse with a fever after spinal surgery, a spinal
    infection."""
    check_floor(text, fast, "emergency", "spinal_infection")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session22_va.txt", 30)[1],
        "diary.csv\nday,exercise,legs,urine\nMon,gym legs session,very stiff,normal\n"
        "Tue,none,thighs swollen and very tender,cola coloured\nnote: known McArdle disease",
    ],
)
def test_csv_diary_rhabdomyolysis(text, fast):
    """session22_va:30: a CSV diary: swollen tender muscles and dark urine after exertion in McArdle
    disease, rhabdomyolysis."""
    check_floor(text, fast, "emergency", "rhabdomyolysis")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session22_va.txt", 31)[1],
        "GP_FORM age=76 sex=M new_headache=TRUE headache_site=left temple jaw_pain_chewing=TRUE "
        "scalp_tender=TRUE vision_change=FALSE",
    ],
)
def test_key_equals_value_gca(text, fast):
    """session22_va:31: key=value pairs with TRUE/FALSE: a new temple headache over 50 with jaw claudication
    and a tender scalp, giant cell arteritis."""
    check_floor(text, fast, "emergency", "giant_cell_arteritis")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session22_va.txt", 32)[1],
        "Remote check after hip replacement (1 = yes, 0 = no)\ndays_post_op: 8\n"
        "calf_swollen_operated_side: 1\n"
        "calf_swollen_other_side: 0\ncalf_tender_and_warm: 1\nshort_of_breath: 0",
    ],
)
def test_one_zero_with_a_legend_dvt(text, fast):
    """session22_va:32: 'key: 1/0' with a legend '(1=yes 0=no)': one calf swollen, tender and warm after a
    joint replacement, DVT."""
    check_floor(text, fast, "emergency", "deep_vein_thrombosis")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session22_va.txt", 33)[1],
        '{"resourceType":"Observation","component":[{"code":"history","value":"myasthenia gravis"},'
        '{"code":"legs","valueString":"tire after a few steps"},'
        '{"code":"breathing","valueString":"breathless lying flat, weak cough"}]}',
    ],
)
def test_fhir_components_myasthenic_crisis(text, fast):
    """session22_va:33: FHIR-like components (code and value): myasthenia gravis with breathlessness and a
    weak cough, a myasthenic crisis (ambulance)."""
    check_floor(text, fast, "emergency_ambulance", "myasthenic_crisis")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session22_va.txt", 34)[1],
        "OBX|1|TX|HX||Tibial plateau fracture fixed this morning, plaster on\n"
        "OBX|2|TX|EXAM||Pain on passive stretch of the toes, calf hard as wood",
    ],
)
def test_hl7_segments_compartment(text, fast):
    """session22_va:34: HL7-like OBX segments ('OBX|n|TX|FIELD||text', the text glued to the bars before it):
    pain on passive stretch in a cast, compartment syndrome (ambulance)."""
    check_floor(text, fast, "emergency_ambulance", "acute_compartment_syndrome")


@pytest.mark.parametrize("fast", MODES)
def test_flag_keys_one_zero(fast):
    """A key that says it is a flag ('_yn') makes its 1 and 0 yes and no, without a legend: one calf
    swollen and tender after surgery, DVT."""
    check_floor(
        '{"age":58,"complaint":"right calf pain for 2 days","right_calf_swollen_yn":1,'
        '"left_calf_swollen_yn":0,"calf_tender_yn":1,"recent_surgery_yn":1}',
        fast,
        "emergency",
        "deep_vein_thrombosis",
    )


def test_one_zero_without_a_flag_is_a_number():
    """Without a legend or a flag key, 1 and 0 are numbers (a score); a flag's mark is no word of the key."""
    recs = _records()
    got = recs.unfold('{"fever_yn":1,"calf_swollen_yn":0,"pain_score":1}')
    assert got is not None and got[0].split("\n")[1:4] == ["fever: yes", "calf swollen: no", "pain score 1"]
    got = recs.unfold("Fever (y/n): 1\nPain score: 0")
    assert got is not None and got[0] == "Fever: yes\nPain score: 0"


# --- look-alikes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session22_va.txt", 54)[1],
        "| question | answer |\n|---|---|\n| Leg pain | left, down to the foot, 2 weeks |\n"
        "| Numbness in the saddle area | no |\n| Bladder or bowel change | no |\n| Fever | no |",
    ],
)
def test_markdown_table_no_answers_are_denials(text, fast):
    """session22_va:54: a markdown table whose 'no' answers deny saddle numbness and a bladder or bowel
    change: sciatica, no cauda equina."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        '{"complaint":"right calf ache on walking","right_calf_swollen":false,"calf_tender":false,'
        '"saddle_numbness":false,"bladder_change":false,"smoker":true}',
        '{"complaint":"buttock pain into the leg","saddle_numbness":"no","bladder_change":"no",'
        '"leg_weakness":null,"fever":""}',
        "ref,age,complaint,saddle_numbness,bladder\nA-1,58,calf pain walking 200 yards,no,no",
        "FORM age=55 calf_swollen=FALSE saddle_numbness=FALSE bladder_change=FALSE walking_pain=TRUE",
        '{"calf_swelling":"absent","saddle_numbness":"denied","bladder":"normal","leg_weakness":"none",'
        '"complaint":"calf ache walking uphill"}',
        '{"saddle_numbness":"N","bladder_retention":"N","leg_weakness":"N","back_pain":"Y"}',
        "Back pain review\nsaddle_numbness_yn: 0\nbladder_retention_yn: 0\nleg_weakness_yn: 0\npain_score: 1",
        '{"resourceType":"QuestionnaireResponse","item":[{"linkId":"1","text":"Numbness between the legs?",'
        '"answer":[{"valueBoolean":false}]},{"linkId":"2","text":"Bladder or bowel change?",'
        '"answer":[{"valueBoolean":false}]},{"linkId":"3","text":"Where is the pain",'
        '"answer":[{"valueString":"back and left buttock"}]}]}',
    ],
)
def test_record_denials_not_emergency(text, fast):
    """Look-alikes: a record's false, "no", "N", "absent", "denied", null and empty fields are no findings (a
    null or empty field was not asked); a denial keeps its colon ('calf swelling: absent': without it the
    fast layer guessed a swollen leg from 'calf swelling absent')."""
    check_not_emergency(text, fast)


def test_fhir_answer_lists():
    """A FHIR-like questionnaire item: its text is the label, its first answer the value (a linkId is no
    label); an object with more than two other fields is a record of its own, not one pair."""
    recs = _records()
    got = recs.unfold(
        '{"item":[{"linkId":"1","text":"Numbness between the legs?","answer":[{"valueBoolean":true}]}]}'
    )
    assert got is not None and "Numbness between the legs: yes" in got[0]
    got = recs.unfold('{"name":"J.O.","age":70,"complaint":"left calf pain","onset":"sudden","result":"x"}')
    assert got is not None and "complaint left calf pain" in got[0] and "age 70" in got[0]


def test_prose_is_untouched():
    """Prose, with commas, colons, line breaks and an '=' or '|' in it, is no record."""
    recs = _records()
    for text in (
        "Pain in the calf after 200 yards, better with rest, worse uphill.\nNo numbness, no weakness.",
        "Plan: review in 2 weeks. BP=140/90. Pain 3/10 | better.",
        "Left leg: heavy, aching after walking; right leg fine.",
        "Smoker: yes, 20 a day",
    ):
        assert recs.unfold(text) is None, text


def test_spans_point_into_the_original():
    """A finding's span and text are the original's (JSON quotes and all), not the unfolded text's."""
    text = probe_line("session22_va.txt", 1)[1]
    res = read(text, False)
    assert res.text == text
    for f in res.findings:
        assert text[f.span[0] : f.span[1]] == f.text
    pale = [f for f in read(text, True).findings if f.id == "pale_limb"]
    assert pale and "white" in pale[0].text


@pytest.mark.parametrize(
    "text",
    [
        '{"a":' * 20000 + '"x"',  # deep nesting, never closed
        "[" * 50000 + "]" * 50000,
        '{"pain":"left calf, "swollen":"yes, "hot":tru',  # unbalanced quotes, truncated
        '{"a":"b' + "\\" * 1001,
        '{"' + "x" * 200 + '":1}',
        '{"k":}{"":"":""}[[{]}]',
        "OBX|\nOBX|1|TX\n| a |\n|---|\n,,,\na,b,c\n,,",
    ],
)
def test_bad_input_never_crashes(text):
    """Malformed records (deep nesting, unbalanced quotes, empty fields) are read without an error."""
    _records().unfold(text)
    for fast in MODES:
        read(text, fast)


def test_one_megabyte_is_quick():
    """A JSON record of 1 MB is unfolded in well under a few seconds (linear scanning)."""
    items = {f"field_{i}": "some words here" if i % 3 else True for i in range(30000)}
    text = json.dumps(items)
    text = (text + " ") * (1_000_000 // len(text) + 1)
    t0 = time.perf_counter()
    got = _records().unfold(text[:1_000_000])
    assert got is not None
    assert time.perf_counter() - t0 < 5.0


def test_both_paths_alike_on_records():
    """The unfolded records read alike on the fast ConText path and medspaCy's (the cue gate gives medspaCy's
    matcher's matches on every record line fixed here)."""
    import legdx.text.reader as rd
    from text_readings import cue_gate, cue_gate_docs

    r = rd.get_reader()
    gate = cue_gate(r)
    outer = r.context._ConText__matcher
    lines = [probe_line("session22_va.txt", n)[1] for n in (1, 9, 10, 11, 23, 25, 30, 31, 32, 33, 34, 35, 54)]
    docs = cue_gate_docs(lines)
    assert len(docs) == len(lines)
    for doc in docs:
        assert gate.matches(doc) == outer(doc), doc.text[:80]
