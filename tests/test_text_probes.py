"""The session-11 to session-22 probe lines (tests/fixtures/probes): no urgent line is read less
urgently than its level, and no other line reaches an emergency level, except the known ones listed here."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("medspacy")

from legdx.knowledge.schema import TRIAGE_ORDER  # noqa: E402

PROBES = Path(__file__).parent / "fixtures" / "probes"
URGENT = ("emergency_ambulance", "emergency", "consultation_24")
#: known misses with the default reader. Session 11: a carer's "legs feel like they belong to someone else"
#: with bone metastases (no deficit finding that escalates the flag). Session 12: each a knowledge-base
#: decision, not a reading (docs/text.md, "Session 12"): immunosuppression with plain new back pain is no
#: spinal-infection trigger (pi:10); numbness on walking is no spinal-malignancy escalation (pj:36); an MRI's
#: cord compression has no finding (po:5); a tender calf on chemotherapy is Wells 2 only with the other items
#: unknown, which the flag does not count (px:26; counting it over-triaged about ten development narratives;
#: read right since session 14, when 'after/post' operations and a Wells 'likely' escalation came in).
KNOWN = {
    "carer: Mr D has kidney cancer",
    "Bot: Do you take steroids or other drugs",
    "Lost 9 kg in 3 months without trying",
    "MRI whole spine, clinical details",
    # session 13 (docs/text.md, "Session 13"): a urine infection labelled consultation_24 by its author (a
    # judgement; no red flag applies); phlegmasia on chemotherapy (the DVT flag at emergency; facts.md has no
    # phlegmasia row for an ambulance); K+ 7.4 with ECG changes and brown urine without leg weakness (the
    # rhabdomyolysis flag at emergency; facts.md has no hyperkalaemia row: the consensus escalation needs leg
    # weakness)
    "Burning when I pee, going every half hour",
    "District nurse: 61F on chemo for breast cancer",
    "Crew update: 41M found on the floor",
    # session 14 (docs/text.md, "Session 14"): two urine infections with confusion in frail people labelled
    # consultation_24 by their author (no leg red flag applies); three complications of a groin puncture or
    # an anticoagulant that the catalog's red flags do not name (a false aneurysm, a retroperitoneal bleed
    # read as an emergency not an ambulance, a bleed pressing on the femoral nerve read as a progressive
    # deficit, consultation_24); myasthenia worse on a fluoroquinolone with breathing and swallowing normal
    # (the myasthenic crisis flag needs them; read as a progressive deficit, consultation_24); a new
    # polymyalgia picture without cranial symptoms and a shingles band, both labelled consultation_24 (no
    # flag applies)
    "Carer: Mrs Ahmed, 86, more muddled",
    "Grandad is 90 and has been vacant",
    "Q: What's happening now?\nA: They did the heart catheter",
    "Angiogram via the groin on Friday.",
    "Started apixaban for AF 10 days ago.",
    "texting for my brother, he has myasthenia",
    "Woman of 74, stiff hips and shoulders",
    "Tight sore band round my right ribs",
    # and a polymyalgia picture in images ("hips and shoulders like rusted metal"), labelled consultation_24
    "Im 71, for the last 3 weeks my hips and shoulders",
    # and a thigh numb and buckling with a groin ache on warfarin with an INR of 6.2 (as the apixaban line
    # above)
    "Warfarin, INR 6.2 at clinic yesterday.",
    # and immunosuppression after a transplant with five days of plain back pain and a thigh ache on walking
    # (as session 12's pi:10: the spinal infection flag needs more than plain back pain with
    # immunosuppression)
    "My immune system has been switched off at the mains",
    # session 15: a leg that went dead for ten minutes in a queue and came back, in a 68-year-old smoker
    # (a passed spell: the limb-ischaemia flag needs a limb still affected and the stroke flag a deficit of
    # face, speech, vision, balance or one side; whether a resolved numb spell should raise one is a
    # knowledge-base decision)
    "In the supermarket queue my leg went completely dead",
    # session 25 (fxe): a known MS with numbness up both legs there all the time since Monday and creeping
    # higher (gold consultation_24, a relapse: facts.md 5.3). The knowledge base's multiple sclerosis keeps
    # its urgency at consultation and has no finding for a known MS nor an escalation for a relapse; adding
    # them is a knowledge-base change left for a later session
    "Known MS. Usually my left leg gets a bit draggy in a hot shower",
}
#: and further with the rules alone (no fast layer): Guillain-Barre after a tummy bug told by a school
#: nurse, (brownish urine on high-dose simvastatin, read right since session 14), polymyalgia with its
#: cranial symptoms denied (consultation_24), a district nurse's long note (the fast layer reads it)
RULES_ALONE_KNOWN = KNOWN | {
    "School nurse: Y12 girl, 17, tummy bug",
    "68M, 4/52 bilateral hip and shoulder girdle pain",
    "District nursing visit note, Thursday.",
    # session 13: four telephone-triage scripts the fast layer reads: a cold white leg with toes that 'feel
    # dead' (an emergency, not the ambulance), a podiatry form's non-healing ulcer, a sensory level told as
    # 'like through a blanket', and sciatica gone to both legs in texting shorthand
    "OOH call log 02:14. Caller: self, 74 y/o female",
    "Podiatry triage form:",
    "111 call handler, caller 58F. Q: back pain?",
    "Text triage (patient typing):",
    # session 14: Lambert-Eaton with swallowing and breathing trouble (the fast layer reads it as a crisis;
    # the myasthenic crisis flag names myasthenia)
    "Lambert-Eaton with small cell lung cancer",
    # and two fresh images the fast layer reads: a numb seat told as 'somebody else's backside', a cancer
    # told only as an idiom ('il brutto male') (toes 'the colour of an overripe plum' with a smell 'like the
    # food bin' are read by the rules since session 22, ov)
    "Farmer, 58. Did my back in forking silage",
    "In Italian we say il brutto male",
    # session 15: calves measured with a tape ('left is 42 cm, right 37 cm'): a difference of two values
    # needs code the number rules do not have (the default reader reads the swelling)
    "I measured both calves with my sewing tape",
}
#: non-urgent lines read at an emergency level (both modes): a CK of 1,100 and of 1,800 after hard exercise
#: with clear urine (the knowledge base's consensus CK threshold of 1000 U/L fires on its own, by design);
#: red urine after a walk in a man who eats beetroot daily (the food is named in the next sentence, beyond the
#: cue's reach). Session 13 (the old microdiscectomy of session 12 is read as old now): a CK of 1,450 after a
#: first leg day (the same threshold); a normal temperature seven words after 'checked my temp' (the screen's
#: normal-value window is three words; widening it risks 'checked my temperature and it was high'); (a numb
#: bottom only on a bike saddle, gone within minutes, is read right since session 25's fxe: a takeback over
#: the whole sentence); a caller's quoted 'dark urine' that the note then explains (the
#: later clarification cannot safely cancel the patient's words); and three answers that say 'yes' to a
#: question about a red-flag symptom and then make it old or usual (saddle numbness once in 2016, migraines
#: since age 15, dark yellow urine cleared with water): a question's findings are present unless it is
#: answered no
KNOWN_OVER = {
    "CK 1,100 U/L in a 24 y/o rugby player",
    "Occupational health nurse: 24M recruit",
    "999 call, wife worried re red urine",
    "CK 1,450 U/L (ref 40-320).",
    "Back and leg ache two weeks after moving house",
    'Triage note: 58F calling about "dark urine and leg pain"',
    "eConsult, 58F. Legs ache standing at the sink",
    "OOH nurse, 71F, thigh and hip ache on walking",
    "Symptom checker, 33M. Did a 20-mile charity walk",
    # session 13's minimal pairs (each is the look-alike of its pair): a mother's saddle numbness years back
    # (a relative named mid-text is read as the patient, on purpose: 'My mother has back pain and ...' written
    # by a daughter must not become a family history); a stroke 'Five years ago' with a residual drag (an
    # opening time ago is no history cue); 'Temp not taken' (a temperature mention, kept: in a discharge query
    # with a CRP of 187 it is what makes a spinal infection an emergency)
    "Bad back again since Saturday, pain down the right leg",
    "My husband is 71. Five years ago his left leg went weak",
    "Physio note: 49M, 10 days of constant low back pain",
    # session 14: a mouth that still droops after a Bell's palsy ten years ago (a history cue for it was
    # tried and dropped: with a dated year before ', now' it also made a new droop old, a stroke missed)
    "Had Bell's palsy ten years ago",
    # a bottom numb after a three-hour cycle, back within 20 minutes (as the session-13 bike saddle above)
    # (a leg swollen 'like a sausage' by teatime since a clot in 2017, unchanged for years, reads below an
    # emergency in both modes at session 22's start; a numb bottom after a 90 km ride, back within half an
    # hour, with 'Peed normally', is read so since session 22, ov: the fast layer's retention guess there is
    # dropped)
    "After a three hour cycle my bum was numb",
    # the usual sciatica creeping back three weeks after an epidural injection, no fever (the spinal infection
    # flag takes a recent spinal procedure with radicular pain; the reader cannot tell the old sciatica from a
    # new radicular pain); a question 'Dark urine?' answered with concentrated morning urine (as session 13's
    # answered questions); with the rules alone a leg still swelling a bit a year after a DVT
    "Three weeks since my lumbar epidural injection.",
    "Dark urine? Only first thing in the morning",
    "I stopped my rivaroxaban in March",
    # an old Bell's palsy's sagging cheek (as above); the gait, memory and bladder leak of over a year (any
    # urine leak reads as a new incontinence whatever its course: a slow course marking bladder findings as
    # not new is a sensitivity decision left open)
    "Since my Bell's palsy two years ago",
    "dad 78 feet like glued to floor",
    # session 15: a swollen calf that a scan showed was 'NOT a clot ... just a Baker's cyst' (the one-sided
    # swelling keeps the DVT condition's same-day escalation: a scan's negative result is no finding the
    # escalation reads)
    "UPDATE: Saw the GP like you all said",
    # session 16: a bottom and legs numb after 40 minutes on the toilet, back within two minutes of
    # standing (as the bike saddles above: 'back to normal' comes after a comma and cannot switch a saddle
    # reading off) (a calf cramp at 3am that left a calf 'bit sore now but normal size': the fast layer's
    # guess of a one-sided swelling there is dropped since session 22, ov); a numb buttock patch
    # unchanged for nine years after a cauda equina operation (no long-standing cue reaches that numbness)
    "sat on the toilet scrolling for like 40 mins",
    "Cauda equina operation in 2015, full recovery",
    # session 17 (fix helpers fxa, fxb, fxe, fxf; docs/text.md, "Session 17"): a saddle numbness after a bike
    # ride that 'then went completely' (a cue that made it past also hid a numbness that came back); a subject
    # line 'saddle numbness??' taken back in the body ('Not me, it's my new bike seat': the body's own bum
    # numb on the bike is the session-13 saddle look-alike) (a pharmacy thermometer's 38.2 corrected in a
    # footnote is no emergency since session 22, ov: the fast layer's fever with back pain needs a back in the
    # text, and the session-14 line that had reached its emergency through that guess reads its plum-coloured,
    # smelly toes itself). Session 18 (attr, reader.yaml: takebacks) read the other seven: 'What I meant is
    # ... slowly', 'I wrote X but meant Y', 'the note stated X. This is longstanding', 'that's his prostate
    # ... not me', a grandchild's fever the patient 'hasn't caught', a husband's and a partner's alarm over
    # and done
    "Long bike ride Saturday, 90 km, numb in the saddle area",
    "Subject: saddle numbness??",
    # session 18 (fxg): a forwarded line about the writer's mother's swollen leg ('Fw from my sister: Mum's
    # leg is swollen and she's in A&E now'; who has which symptom across a forwarded line), and dark urine
    # the reply explains as beetroot ('the dark urine you asked about below was beetroot, she checked, clear
    # now'; a general 'X was Y' explanation rule is too loose to switch a red-flag reading off)
    "Fw from my sister: Mum's leg is swollen",
    "Re statin\nThanks, the dark urine you asked about below",
    # session 21 (fxc, probe session21_ub:39): a discharge summary's calf pain and swelling after a duplex
    # that excluded a DVT, put down to a ruptured Baker's cyst (as session 15's 'UPDATE: Saw the GP'
    # above: the swelling is read right, and the scan's negative result is no finding the DVT condition's
    # same-day escalation reads; whether a negative scan lifts it is a knowledge-base question without a
    # sourced rule)
    "Discharge summary: duplex excluded DVT.",
}


def _lines() -> list[tuple[str, str, str]]:
    out = []
    for path in sorted(PROBES.glob("session[12][0-9]_*.txt")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            level, _, text = line.partition("|")
            assert level in TRIAGE_ORDER and text, f"{path.name}:{n}: not LEVEL|text"
            out.append((f"{path.stem}:{n}", level, text.replace("\\n", "\n")))
    return out


LINES = _lines()


def test_the_probe_files_hold_what_their_readme_says():
    assert len(LINES) == 6349
    assert sum(level in URGENT for _, level, _ in LINES) == 4227


@pytest.mark.parametrize("fast", [True, False])
def test_no_urgent_probe_line_is_under_triaged(fast):
    import legdx
    from legdx.text.reader import get_reader

    reader = get_reader(fast_semantic=fast)
    under = []
    for where, level, text in LINES:
        if level not in URGENT:
            continue
        got = legdx.assess(reader.read(text).case).triage.level
        if TRIAGE_ORDER.index(got) > TRIAGE_ORDER.index(level):
            if any(text.startswith(k) for k in (KNOWN if fast else RULES_ALONE_KNOWN)):
                continue
            under.append((where, level, got, text[:60]))
    assert under == []


@pytest.mark.parametrize("fast", [True, False])
def test_no_other_probe_line_reaches_an_emergency(fast):
    """Over-triage guard (session 12): a consultation or self-care line read at an emergency level."""
    import legdx
    from legdx.text.reader import get_reader

    reader = get_reader(fast_semantic=fast)
    over = []
    for where, level, text in LINES:
        if level in URGENT:
            continue
        got = legdx.assess(reader.read(text).case).triage.level
        if got in ("emergency_ambulance", "emergency") and not any(text.startswith(k) for k in KNOWN_OVER):
            over.append((where, level, got, text[:60]))
    assert over == []
