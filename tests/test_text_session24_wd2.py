"""Session 24 (wd2): a clinician's stated working diagnosis of another emergency sets its flag's floor.

As wd did for cauda equina (tests/test_text_session24_wd.py), a note that names acute limb ischaemia,
acute compartment syndrome, a spinal infection, metastatic cord compression or myasthenic crisis as the
present working or suspected diagnosis, in wd's forms only (an impression or diagnosis label, '?X',
'query X'), and writes no signs behind it read nothing before: the clinician who wrote it has examined
the patient (the stated_dx_* findings of findings/red_flags.yaml; each flag at its own level, no
escalation; metastatic cord compression fires the cord compression flag, where catalog.md puts it).
Look-alikes stay below an emergency: ruled out, a differential led by something else, history, a
relative's, safety-netting, a question, teaching, the chronic exertional compartment syndrome and
degenerative cord compression. The sentences are our own unless a docstring or comment names the source
line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, states  # noqa: E402


# --- acute limb ischaemia ---
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Imp: acute limb ischaemia.",  # the brief's line
        "Impression: acute limb ischaemia of the right leg. Vascular registrar on the way.",
        "Dx - acute on chronic limb ischemia, heparin started.",
        "?ALI, vascular on call informed.",  # stands for session17_ri:25 ('?ALI.')
        "Seen by the night SHO, ?embolic acute limb ischaemia left leg.",  # development21 q204's form
        "Working diagnosis: suspected acute limb ischaemia.",
    ],
)
def test_stated_acute_limb_ischaemia(text, fast):
    check_floor(text, fast, "emergency", "acute_limb_ischemia")


@pytest.mark.parametrize("fast", MODES)
def test_stated_limb_ischaemia_reads_present_and_does_not_escalate(fast):
    got = states("Imp: acute limb ischaemia.", fast)
    assert got.get("stated_dx_acute_limb_ischemia") == {"present"}, got
    level, flags, _ = assess("Imp: acute limb ischaemia.", fast)
    assert level == "emergency" and "acute_limb_ischemia" in flags, (level, flags)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # ruled out / refuted
        "Impression: not acute limb ischaemia, calf strain.",
        "Discharge letter: came in ?acute limb ischaemia, but the CT angiogram showed open vessels.",  # qc:48
        # a differential led by something else
        "DDx: calf strain, Baker's cyst, acute limb ischaemia.",
        # history
        "Background: embolectomy in 2020 for acute limb ischaemia, now calf ache at 300 m.",
        "Diagnosis: acute limb ischaemia in 2019, bypass, walks well since.",
        # a relative's
        "My father had acute limb ischaemia last year.",
        # safety-netting
        "Safety-netted: if the foot goes cold or white, ring 999, acute limb ischaemia must be excluded.",
        # a patient's own question, teaching, a name
        "Could this be acute limb ischaemia? My calf aches after 200 yards.",
        "Which is the most likely diagnosis? A) Acute limb ischaemia B) Sciatica",
        "Dr Ali saw me about my calf cramps when walking.",
        # another flag's label (CLTI is not ALI)
        "Impression: critical limb ischaemia right foot.",
    ],
)
def test_limb_ischaemia_look_alikes_are_no_emergency(text, fast):
    check_not_emergency(text, fast)


# --- acute compartment syndrome ---
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Dx: compartment syndrome of the left leg.",  # the brief's line
        "Imp: ?compartment syndrome",  # stands for session16_qn:20
        "Impression: acute compartment syndrome, not CECS. Ortho informed.",  # stands for session15_qc:14
        "Sent to ED for the orthopaedic team, ?acute compartment syndrome.",  # development18 h11's form
        "Registrar told, ?reperfusion compartment syndrome, to theatre.",  # development18 h22's form
        "Diagnosis: acute exertional anterior compartment syndrome of the right leg.",
    ],
)
def test_stated_acute_compartment_syndrome(text, fast):
    check_floor(text, fast, "emergency_ambulance", "acute_compartment_syndrome")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # the chronic exertional kind (development21 q223, development31 am007: gold consultation)
        "Impression: bilateral anterior chronic exertional compartment syndrome. For fasciotomy talk.",
        "Dx: exertional compartment syndrome of both shins, for pressure studies.",
        # ruled out / refuted
        "Impression: not acute compartment syndrome, compartments soft.",
        "?compartment syndrome but the compartments are soft and the pain has settled.",
        "A: r/o acute compartment syndrome on a background of CECS.",
        # a differential led by something else
        "DDx: shin splints, stress fracture, compartment syndrome.",
        # history
        "Fasciotomy for compartment syndrome in 2021, runs again without pain.",
        # a relative's
        "My mate had compartment syndrome after a tackle.",
        # safety-netting
        "Advised: if the shin goes rock hard or the pain will not settle, attend ED as compartment syndrome.",
        # a patient's own question, teaching
        "Compartment syndrome? My shins tighten at 4 km and settle in ten minutes.",
        "Which is most likely? A) Shin splints B) Compartment syndrome C) DVT",
    ],
)
def test_compartment_look_alikes_are_no_emergency(text, fast):
    check_not_emergency(text, fast)


# --- spinal infection ---
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Imp: ?spinal epidural abscess.",  # the brief's line; stands for session24_xc:13
        "?discitis ?epidural collection.",  # development15 g03's form
        "Scars from old injection sites. ?SEA. Conveying to ED.",  # stands for session14_pq:30
        "Query epidural abscess, neurosurgery aware.",  # stands for session16_qw:12
        "Impression: spinal epidural abscess with L4/5 discitis.",
        "Working diagnosis: vertebral osteomyelitis, for MRI.",
    ],
)
def test_stated_spinal_infection(text, fast):
    check_floor(text, fast, "emergency", "spinal_infection")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # another site's osteomyelitis (session24_xc:22's form)
        "Imp: infected heel ulcer, ?osteomyelitis of the calcaneum.",
        # ruled out / refuted
        "Impression: not discitis, mechanical back pain.",
        "No discitis or collection on the scan.",
        "?discitis but the MRI is normal and CRP is 4.",
        # a differential led by something else
        "DDx: mechanical back pain, facet joint pain, discitis.",
        # history
        "Discitis in 2020 after back injections, six weeks of antibiotics.",
        # a relative's
        "My brother had an epidural abscess after a drip.",
        # safety-netting
        "If you get a fever with the back pain come straight back, a spinal infection needs excluding.",
        # a patient's own question, teaching
        "Spinal infection? I read fever with back pain is serious.",
        "The student listed spinal epidural abscess first; how would you correct him?",
        # the sea is not SEA
        "After swimming in the sea my back aches.",
    ],
)
def test_spinal_infection_look_alikes_are_no_emergency(text, fast):
    check_not_emergency(text, fast)


# --- metastatic spinal cord compression (the cord compression flag, emergency) ---
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Imp: metastatic spinal cord compression.",  # the brief's line
        "Imp: ?MSCC. Plan: MRI whole spine, dexamethasone.",  # stands for session24_xc:16
        "Impression MSCC. Plan: convey to ED, pre-alert.",  # stands for session15_qc:29
        "?MSCC - told to attend ED now for a whole-spine MRI.",  # development7 u20's form
        "Impression: suspected metastatic cord compression at about T8.",  # development31 am015's form
        "query met static cord compression for a scan today",  # stands for session19_se:17 (dictation)
    ],
)
def test_stated_metastatic_cord_compression(text, fast):
    check_floor(text, fast, "emergency", "spinal_cord_compression")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # degenerative cord compression is not read as stated (development6 v13: gold consultation_24)
        "Imp: DCM, ?cord compression C5/6. Urgent MRI C-spine.",
        # the pathway or its coordinator, no label (development13 c27's kind: gold consultation_24)
        "No deficit. Plan: MSCC pathway discussed with the coordinator, MRI within 24 hours.",
        # ruled out / refuted
        "Impression: not MSCC, MRI shows degenerative change only.",
        "?MSCC but the whole-spine MRI shows no compression.",
        # a differential led by something else
        "DDx: mechanical back pain, osteoporotic fracture, MSCC.",
        # history
        "Metastatic cord compression in 2020, radiotherapy, walks with a frame since.",
        # a relative's
        "My sister had metastatic cord compression from breast cancer.",
        # safety-netting
        "MSCC advice given: go to ED at once if the legs weaken.",
        # a patient's own question
        "Could this be metastatic cord compression? My back aches after walking.",
    ],
)
def test_metastatic_cord_compression_look_alikes_are_no_emergency(text, fast):
    check_not_emergency(text, fast)


# --- myasthenic crisis ---
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Imp: impending myasthenic crisis.",  # stands for session24_xc:35
        "?myasthenic crisis. Anaesthetist alerted.",  # stands for session14_pq:19
        "Impression: myasthenic crisis after a chest infection.",  # development31 am047's form
        "Working diagnosis: suspected myasthenic crisis, ICU review.",
    ],
)
def test_stated_myasthenic_crisis(text, fast):
    check_floor(text, fast, "emergency_ambulance", "myasthenic_crisis")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Assessment: r/o myasthenic crisis, breathing comfortably.",
        "Impression: not myasthenic crisis, FVC normal.",
        "?myasthenic crisis but FVC 3.2 L and single-breath count 30.",
        "Myasthenic crisis in 2018, ventilated, stable since.",
        "Which features would indicate myasthenic crisis?",
        "Safety-net: call 999 if breathing gets harder, as this could be myasthenic crisis.",
    ],
)
def test_myasthenic_crisis_look_alikes_are_no_emergency(text, fast):
    check_not_emergency(text, fast)


# --- the knowledge base: each stated diagnosis alone fires its flag at the flag's own level ---
@pytest.mark.parametrize(
    "finding, flag, level, age",
    [
        ("stated_dx_cauda_equina", "cauda_equina", "emergency", 55),
        ("stated_dx_acute_limb_ischemia", "acute_limb_ischemia", "emergency", 70),
        ("stated_dx_acute_compartment_syndrome", "acute_compartment_syndrome", "emergency_ambulance", 30),
        ("stated_dx_spinal_infection", "spinal_infection", "emergency", 50),
        ("stated_dx_spinal_cord_compression", "spinal_cord_compression", "emergency", 70),
        ("stated_dx_myasthenic_crisis", "myasthenic_crisis", "emergency_ambulance", 60),
    ],
)
def test_kb_flag_fires_on_the_stated_diagnosis_alone(finding, flag, level, age):
    """The flag fires on its stated_dx_* finding alone, at its own level (no escalation), and the finding
    possible sets no floor (wd's cauda equina and wd2's five)."""
    import legdx
    from legdx.model import Case

    a = legdx.assess(Case(age=age, findings={finding: "present"}))
    assert a.triage.level == level, a.triage.level
    assert flag in {f.id for f in a.red_flags}
    b = legdx.assess(Case(age=age, findings={finding: "possible"}))
    assert flag not in {f.id for f in b.red_flags}


# --- the fast and plain ConText paths ---


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Imp: ?ALI ?cold foot. Vascular on call.",
        "Working diagnosis: suspected acute compartment syndrome.",
        "?discitis ?epidural collection, query fever.",
        "Imp: ?MSCC. Plan: MRI whole spine, dexamethasone.",
        "?myasthenic crisis ?dysphagia. Anaesthetist alerted.",
        "Discharge letter: came in ?acute limb ischaemia, but the CT angiogram showed open vessels.",
    ],
)
def test_fast_and_plain_context_read_alike(reader_pairs, fast, text):
    """The keep_cues targets inside the 'query' cue, the cues that exclude them (excluded_types) and the
    '?X, but' helper read the same on the fast ConText path and on medspaCy's plain one."""
    f, s = reader_pairs[fast]
    assert f.read(text).model_dump_json() == s.read(text).model_dump_json()
