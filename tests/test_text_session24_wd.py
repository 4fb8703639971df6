"""Session 24 (wd): a clinician's stated working diagnosis of cauda equina sets the flag's own floor.

A note that names cauda equina as the present working or suspected diagnosis ('Imp: ?CES', 'query cauda
equina', 'Working diagnosis: suspected cauda equina') without writing the symptoms behind it read nothing
before: the clinician who wrote it has examined the patient, and legdx must not sit below that concern
(stated_dx_cauda_equina, findings/red_flags.yaml; the cauda equina flag at its own level, emergency, no
escalation). Look-alikes stay below an emergency: ruled out, unlikely, a differential list led by something
else, history, a relative's, safety-netting, a leaflet and a patient's own question. The sentences are our
own unless a docstring names the source line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import (  # noqa: E402
    MODES,
    assess,
    check_floor,
    check_not_emergency,
    probe_line,
    states,
)


@pytest.mark.parametrize("fast", MODES)
def test_probe_accepted_by_neurosurgery_query_cauda_equina(fast):
    """session24_xa:24: a ward night note, accepted by neurosurgery for decompression, 'query cauda equina',
    no symptoms written: the cauda equina flag's floor."""
    level, text = probe_line("session24_xa.txt", 24)
    assert level == "emergency"
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Impression: cauda equina syndrome. For urgent MRI.",
        "Imp: ?CES. Spinal on-call aware, MRI tonight.",
        "Working diagnosis: suspected cauda equina. Scan requested this evening.",
        "Dx: cauda equina syndrome, transfer arranged.",
        "Diagnosis - probable cauda equina. Neurosurgical registrar informed.",
    ],
)
def test_labelled_impression_of_cauda_equina(text, fast):
    """The labelled form (the brief's 'Impression: cauda equina syndrome. For urgent MRI.')."""
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "?CES, for MRI tonight.",
        "Seen on the ward round, query cauda equina, awaiting a bed at the spinal unit.",
        "Reviewed by the night registrar: ?CES - needs a scan before morning.",
        "Handed over to the day team as query CES.",
    ],
)
def test_queried_cauda_equina(text, fast):
    """The queried form ('?' is read as 'query'; the brief's '?CES, for MRI tonight.')."""
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
def test_stated_diagnosis_reads_present_and_keeps_other_states(fast):
    """The suspicion exists, so the new finding is present; a queried symptom beside it stays possible."""
    got = states("Imp: ?CES ?saddle numbness. For MRI.", fast)
    assert got.get("stated_dx_cauda_equina") == {"present"}, got
    assert got.get("saddle_anesthesia") == {"possible"}, got


@pytest.mark.parametrize("fast", MODES)
def test_stated_diagnosis_alone_does_not_escalate(fast):
    """The flag's own level: emergency, no ambulance from the stated diagnosis alone."""
    level, flags, _ = assess("Impression: cauda equina syndrome. For urgent MRI.", fast)
    assert level == "emergency" and "cauda_equina" in flags, (level, flags)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # ruled out / unlikely
        "Impression: not cauda equina, L5 radiculopathy.",
        "Impression: cauda equina unlikely, simple sciatica.",
        "MRI last night excluded cauda equina; home with physio.",
        # a differential list led by something else
        "DDx: L5 radiculopathy, piriformis, ?CES.",
        # a suspicion raised by someone else and then tested
        "Paramedic: ?CES raised by 111, but on assessment nothing to find.",
        "ED triage: ref'd as ?CES sx but on direct questioning it is all long-standing.",
        # history
        "Diagnosis: cauda equina syndrome in 2016, decompressed, fully recovered.",
        "History of cauda equina syndrome, operated years ago.",
        # a relative's
        "Her mother had cauda equina syndrome.",
        # safety-netting
        "Plan: analgesia, physio, CES safety-net given.",
        "If you get numbness down below come back, it could be cauda equina.",
        # a leaflet or teaching
        "Leaflet: cauda equina syndrome warning signs.",
        # a patient's own question
        "Could this be cauda equina? My back hurts.",
    ],
)
def test_look_alikes_are_no_emergency(text, fast):
    check_not_emergency(text, fast)


# The knowledge-base floor of stated_dx_cauda_equina alone is tested with wd2's in
# tests/test_text_session24_wd2.py (test_kb_flag_fires_on_the_stated_diagnosis_alone).




@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Imp: ?CES ?saddle numbness. For MRI.",
        "Working diagnosis: suspected cauda equina. Scan requested this evening.",
        "Paramedic: ?CES raised by 111, but on assessment nothing to find.",
    ],
)
def test_fast_and_plain_context_read_alike(reader_pairs, fast, text):
    """The keep_cues target inside the 'query' cue, and the cues that exclude it (excluded_types), read the
    same on the fast ConText path and on medspaCy's plain one."""
    f, s = reader_pairs[fast]
    assert f.read(text).model_dump_json() == s.read(text).model_dump_json()
