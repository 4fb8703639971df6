"""Session 25, wd3: a clinician's stated working diagnosis in wordings the session-24 stated_dx_* rules did
not reach (a diagnosis heading on a line of its own, German 'V.a.', 'concern for'), and look-alikes that stay
non-urgent. The texts are ours; each names the corpus or probe line it stands for."""

import pytest

from text_readings import MODES, check_floor, check_not_emergency, states


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(("text", "floor", "flag", "finding"), [
    # development31 am012: a 'Diagnosis' heading with the diagnosis on the next line
    ("Diagnosis\nCauda equina syndrome.", "emergency", "cauda_equina", "stated_dx_cauda_equina"),
    ("Working diagnosis:\n\nCauda equina syndrome.", "emergency", "cauda_equina", "stated_dx_cauda_equina"),
    # development31 am015: 'Impression' heading, 'Suspected metastatic spinal cord compression' below it
    ("Impression\nSuspected metastatic spinal cord compression at T10.", "emergency",
     "spinal_cord_compression", "stated_dx_spinal_cord_compression"),
    # development31 am047: 'Impression' heading, a myasthenic crisis below it
    ("Impression\nMyasthenic crisis after a chest infection.", "emergency_ambulance", "myasthenic_crisis",
     "stated_dx_myasthenic_crisis"),
    # development31 am004, am014: acute limb ischaemia and a spinal epidural abscess under a heading
    ("Impression\nAcute embolic limb ischaemia of the right leg.", "emergency", "acute_limb_ischemia",
     "stated_dx_acute_limb_ischemia"),
    ("Impression\nSpinal epidural abscess at L2/3.", "emergency", "spinal_infection",
     "stated_dx_spinal_infection"),
])
def test_a_diagnosis_heading_on_its_own_line_reaches_the_diagnosis(
    fast: bool, text: str, floor: str, flag: str, finding: str
) -> None:
    assert states(text, fast).get(finding) == {"present"}
    check_floor(text, fast, floor, flag)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(("text", "floor", "flag"), [
    # probe session24_xc:6
    ("V.a. cauda equina syndrome.", "emergency", "cauda_equina"),
    # probe session24_xc:37
    ("V.a. acute compartment syndrome, right shin.", "emergency_ambulance", "acute_compartment_syndrome"),
    # probe session24_xc:14
    ("V.a. spondylodiscitis L3/4.", "emergency", "spinal_infection"),
    ("Dx: V.a. MSCC.", "emergency", "spinal_cord_compression"),
])
def test_german_v_a_is_a_queried_working_diagnosis(fast: bool, text: str, floor: str, flag: str) -> None:
    check_floor(text, fast, floor, flag)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(("text", "floor", "flag"), [
    # probes session15_qc:6, qc:22, qc:16, qc:27
    ("Concern for MSCC.", "emergency", "spinal_cord_compression"),
    ("Concern for acute limb ischaemia.", "emergency", "acute_limb_ischemia"),
    ("Concern for myasthenic crisis.", "emergency_ambulance", "myasthenic_crisis"),
    ("Concern for spinal infection.", "emergency", "spinal_infection"),
])
def test_concern_for_an_emergency_is_the_clinicians_suspicion(
    fast: bool, text: str, floor: str, flag: str
) -> None:
    check_floor(text, fast, floor, flag)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", [
    # a heading above a past diagnosis, a negated one, one excluded (doubt words and dates still void it)
    "Diagnosis\nCauda equina syndrome in 2015, decompressed, well since.",
    "Impression:\nNot cauda equina syndrome.",
    "Diagnosis\nCauda equina syndrome excluded on MRI.",
    # a heading above something else that starts with 'acute'
    "Impression\nAcute on chronic low back pain.",
    # probe session15_qc:43's kind: a concern denied
    "No concern for cauda equina.",
    # a concern answered at once (session15_qc:48's kind, with 'concern for' instead of '?')
    "Concern for acute limb ischaemia, but foot warm and pink, pulses present.",
    # a patient's concerns (ideas, concerns, expectations), not the clinician's suspicion
    "Concerns: worried it might be cauda equina after reading online.",
    # the brief's look-alikes of the other emergencies (no stated reading was added for them)
    "?GBS - unlikely, reflexes brisk.",
    "Dx: DVT excluded on duplex.",
    "GCA (2019), on tapering pred.",
    "r/o stroke - CT normal, discharged.",
    "What is the management of GBS?",
])
def test_look_alikes_stay_non_urgent(fast: bool, text: str) -> None:
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_no_stated_reading_without_a_label_or_the_new_wordings(fast: bool) -> None:
    # a bare name on the next line of an ordinary sentence is not a heading
    found = states("He asked about his back.\nCauda equina syndrome was explained to him.", fast)
    assert "stated_dx_cauda_equina" not in found, found




@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", [
    "Diagnosis\nCauda equina syndrome.",
    "V.a. spondylodiscitis L3/4, r/o epidural abscess.",
    "Concern for MSCC. Plan: whole-spine MRI today.",
    "No concern for cauda equina.",
    "Concern for acute limb ischaemia, but foot warm and pink, pulses present.",
])
def test_the_new_wordings_read_alike_on_both_context_paths(reader_pairs, fast: bool, text: str) -> None:
    f, s = reader_pairs[fast]
    assert f.read(text).model_dump_json() == s.read(text).model_dump_json()
