"""Report renderers: hand-built assessments in every format, for clinicians and patients."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
import yaml
from rich.console import Console

from legdx import model
from legdx.errors import InputError
from legdx.report import FORMATS, render, render_rich

ROOT = Path(__file__).resolve().parents[1]
REPORT_SRC = ROOT / "src" / "legdx" / "report"
SCRIPT = "<script>alert(1)</script>"
SRC_TAG = re.compile(r"(?<!\\)\[([A-Za-z0-9_.:-]+)\]")


# --------------------------------------------------------------------------------------------------
# Hand-built assessments


def _ev(finding: str, name: str, state: str, lr: float, lr_used: float | None = None, *,
        source: str = "khan2006", adjustment: str | None = None, unverified: bool = False) -> model.Evidence:
    return model.Evidence(finding=finding, name=name, state=state, lr=lr,
                          lr_used=lr if lr_used is None else lr_used, source=source, grade="published",
                          adjustment=adjustment, unverified=unverified)


def _entry(cid: str, name: str, p: float, pre: float, urgency: str = "consultation", *, ev_for=(),
           ev_against=(), nxt: model.NextFinding | None = None, source: str = "selvin2004"
           ) -> model.DifferentialEntry:
    return model.DifferentialEntry(
        id=cid, name=name, probability=p, pretest_probability=pre,
        pretest=model.Pretest(probability=pre, setting="primary_care", age_band="70+", source=source,
                              grade="published"),
        codes={"icd10cm": ["I70.219"], "snomed": ["399957001"]}, hallmark=f"Hallmark of {name}.",
        urgency=urgency, evidence_for=list(ev_for), evidence_against=list(ev_against),
        most_informative_unknown=nxt,
    )


def vascular(audience: str = "clinician", *, calc_complete: bool = True) -> model.Assessment:
    patient = audience == "patient"
    pad = "Narrowed leg arteries" if patient else "Peripheral artery disease"
    lss = "Narrowed spinal canal" if patient else "Lumbar spinal stenosis"
    ali = "Sudden blocked leg artery" if patient else "Acute limb ischaemia"
    action = ("Call an ambulance now (911, 999 or 112)." if patient
              else "Call emergency services now: suspected acute limb ischaemia.")
    calcs = [
        model.Calculation(
            id="abi", name="Ankle-brachial index",
            result={"right": {"abi": 0.62, "category": "moderate PAD",
                              "exercise": {"abi_drop_fraction": 0.25, "criteria_met": True}},
                    "left": {"abi": 0.95, "category": "normal", "exercise": None},
                    "tbi": {"right": 0.55, "left": None}, "variables": {"abi_lowest": 0.62}},
            interpretation=["Right ABI 0.62: PAD (ABI <= 0.90)"],
            thresholds=[model.Threshold(id="abi_pad", value=0.9, meaning="PAD at or below",
                                        source="aboyans2012", grade="published")],
            source="aboyans2012",
        ),
        model.Calculation(
            id="edinburgh", name="Edinburgh Claudication Questionnaire",
            result={"instrument": "edinburgh", "total": None, "range": [3, 9], "complete": calc_complete,
                    "items": [{"id": "q1", "answer": "yes", "scored": 1},
                              {"id": "q5", "answer": "unknown", "scored": None}],
                    "missing": ["q5", "q6"]},
            interpretation=["Positive if all answers fit"], thresholds=[], source="leng1992",
            complete=calc_complete, unverified=True,
        ),
    ]
    return model.Assessment(
        legdx_version="0.1.0", kb_version="test", audience=audience, disclaimer=model.DISCLAIMER[audience],
        case={"id": "case-1", "age": 72, "sex": "male", "setting": "primary_care"},
        triage=model.Triage(
            level="emergency_ambulance", label="Emergency: call an ambulance", action=action,
            reasons=[model.Reason(text="Red flag: sudden cold pale leg", source="gornik2024",
                                  red_flag="acute_limb"),
                     model.Reason(text=f"{pad} is likely", source="gornik2024")],
            red_flag_floor="emergency_ambulance",
        ),
        red_flags=[model.RedFlagHit(id="acute_limb", name="Sudden cold, pale, painful leg",
                                    level="emergency_ambulance",
                                    triggered_by=["sudden_cold_leg", "abi_right=0.3"],
                                    action=action, source="gornik2024")],
        differential=[
            _entry("pad", pad, 0.81, 0.145, ev_for=[
                _ev("relieved_by_standing_still", "Relieved by standing still", "present", 3.0,
                    source="legdx_consensus"),
                _ev("femoral_bruit", "Femoral bruit", "present", 13, 4.5, adjustment="very wide CI: shrunk"),
                _ev("absent_pulses", "Absent foot pulses", "present", 4.0, 1.0,
                    adjustment="correlated with 'femoral_bruit': not counted again"),
            ], ev_against=[_ev("normal_pulses", "Normal pulses", "absent", 0.4, unverified=True)],
                nxt=model.NextFinding(finding="abi_done", name="Ankle pressures",
                                      question="Was an ABI measured?",
                                      probability_if_present=0.95, probability_if_absent=0.6)),
            _entry("ali", ali, 0.35, 0.001, "emergency_ambulance", source="gornik2024"),
            _entry("lss", lss, 0.12, 0.25, ev_against=[
                _ev("relieved_by_standing_still", "Relieved by standing still", "present", 0.5,
                    source="legdx_consensus")], source="jensen2020"),
            _entry("dvt", "Deep vein thrombosis", 0.02, 0.01, "emergency", source="wells2003"),
            _entry("rls", f"Restless legs {SCRIPT}", 0.01, 0.05, source="undeclared_src"),
        ],
        findings=[
            model.FindingOut(id="relieved_by_standing_still", name="Relieved by standing still",
                             state="present", origin="text", used=True, span=(10, 40),
                             text="eases when he stands still"),
            model.FindingOut(id="sudden_cold_leg", name="Sudden cold leg", state="present", origin="input",
                             used=True),
            model.FindingOut(id="family_pad", name=f"Family PAD {SCRIPT}", state="family", origin="text",
                             used=False, span=(50, 60), text="his father"),
        ],
        calculations=calcs,
        direction_check=model.DirectionCheck(
            reported=["relieved_by_standing_still"], source="kreiner2013",
            message="Reported: relieved by standing still. This pattern fits the vascular picture.",
            conflicts=["Both relief patterns were reported."]),
        workup=[
            model.WorkupItem(test="abi", name="Resting ABI", order=1, source="gornik2024", done=True,
                             why=[model.WorkupReason(condition="pad", text="Confirms PAD",
                                                     source="gornik2024")],
                             interpretation=[{"result": "ABI <= 0.90", "meaning": "PAD",
                                              "source": "aboyans2012", "unverified": False}]),
            model.WorkupItem(test="duplex", name="Arterial duplex", order=2, source="gornik2024",
                             why=[model.WorkupReason(condition="ali", text="Locates the block",
                                                     source="gornik2024")],
                             interpretation=[{"result": "occlusion", "meaning": "revascularise",
                                              "source": "gornik2024", "unverified": True}]),
        ],
        management=[model.ManagementPlan(condition="pad", name=pad, probability=0.81, steps=[
            model.ManagementStep(id="set", stage=1, action="Supervised exercise therapy", timeline="12 weeks",
                                 decision_point="Reassess walking distance at 3 months",
                                 recommendation="Class 1", source="gornik2024", grade="published"),
            model.ManagementStep(id="statin", stage=1, action="High-intensity statin", source="gornik2024",
                                 grade="published", applies="check"),
        ])],
        pitfalls=[model.Pitfall(text="Check the direction with exertion first.", source="kreiner2013"),
                  model.Pitfall(text="Diabetes can make the ABI falsely normal.", source="aboyans2012",
                                condition="pad")],
        citations=[
            model.Citation(id="gornik2024", citation="Gornik HL et al. 2024 PAD guideline.", doi="10.1016/x",
                           url="https://doi.org/10.1016/x"),
            model.Citation(id="aboyans2012", citation="Aboyans V et al. ABI statement."),
            model.Citation(id="kreiner2013", citation="NASS LSS guideline.", verified=False),
            model.Citation(id="khan2006", citation="Khan NA et al. JAMA 2006."),
            model.Citation(id="selvin2004", citation="Selvin E, Erlinger TP. Circulation 2004."),
            model.Citation(id="jensen2020", citation="Jensen RK et al. 2020."),
            model.Citation(id="legdx_consensus", citation="legdx editorial consensus."),
            model.Citation(id="wells2003", citation="Wells PS et al. NEJM 2003."),
            model.Citation(id="leng1992", citation="Leng GC, Fowkes FG. 1992.", url="https://example.org/ecq"),
        ],
        warnings=[model.Warning(code="unverified_values", message="Some values are unverified.",
                                where="differential")],
    )


def references(md: str) -> set[str]:
    head = re.search(r"^## (References|Where this information comes from)$", md, re.M)
    assert head, "no references section"
    return set(re.findall(r"^- \[([^\]]+)\]", md[head.end():], re.M))


def first_line(s: str) -> str:
    return s.splitlines()[0]


# --------------------------------------------------------------------------------------------------
# Tests


@pytest.mark.parametrize("fmt", ["markdown", "text"])
@pytest.mark.parametrize("audience", ["clinician", "patient"])
def test_banner_first_line_has_level_words_and_action(fmt, audience):
    a = vascular(audience)
    line = first_line(render(a, fmt))
    assert "EMERGENCY - CALL AN AMBULANCE" in line
    assert a.triage.action.rstrip(".") in line


@pytest.mark.parametrize("fmt", ["markdown", "text", "html"])
def test_emergency_action_before_differential(fmt):
    a = vascular()
    out = render(a, fmt)
    top = a.differential[0].name
    assert out.index("Call emergency services now") < out.index(top)
    assert out.index("Sudden cold, pale, painful leg") < out.lower().index("most likely")


def test_html_banner_is_first_in_body_with_words_and_colour():
    out = render(vascular(), "html")
    body = out[out.index("<body>"):]
    assert body.index('class="banner') < body.index("<h1>")
    assert "EMERGENCY - CALL AN AMBULANCE" in body[:600] and "background:" in body[:600]


@pytest.mark.parametrize("audience", ["clinician", "patient"])
def test_every_source_tag_resolves_in_references(audience):
    md = render(vascular(audience), "markdown")
    refs = references(md)
    tags = set(SRC_TAG.findall(md))
    assert tags, "no source tags"
    assert tags <= refs, f"unresolved: {sorted(tags - refs)}"


def test_uncited_source_gets_a_stub_reference():
    md = render(vascular(), "markdown")
    assert "[undeclared_src]" in md
    assert re.search(r"^- \[undeclared_src\] Full citation not included", md, re.M)


def test_clinician_markdown_shape():
    md = render(vascular(), "markdown")
    titles = re.findall(r"^## (.+)$", md, re.M)
    assert titles == ["Red flags and triage", "Bottom line", "Key distinction: direction with exertion",
                      "Most likely", "Must not miss", "Calculations", "Work-up, in order",
                      "Management by diagnosis", "Pitfalls", "Other possibilities", "Findings used",
                      "Warnings", "References", "Disclaimer"]
    assert "| Finding | State | LR | LR used |" in md
    assert "very wide CI: shrunk" in md and "| 13 | 4.5 |" in md
    assert "correlated with 'femoral\\_bruit'" in md or "correlated with 'femoral_bruit'" in md
    assert "14% -> 81%" in md  # pre-test -> post-test
    assert "would move it to 95% if present / 60% if absent" in md
    assert "Triggered by: Sudden cold leg (sudden_cold_leg), abi_right=0.3" in md
    assert "(already done: results used above)" in md
    assert "(check) " in md and "Recommendation: Class 1" in md
    assert "(citation not re-verified)" in md
    assert "doi:10.1016/x" in md and "https://example.org/ecq" in md
    assert "published, unverified" in md
    assert '"eases when he stands still" (characters 10-40)' in md
    assert "Shown, not used" in md and "family" in md
    # the seed answer's error must not be repeated by the renderer's own framing
    assert "improves with walking" not in md.lower()


def test_must_not_miss_lists_emergency_conditions_with_probability():
    md = render(vascular(), "markdown")
    sec = md[md.index("## Must not miss"):md.index("## Calculations")]
    assert "Acute limb ischaemia" in sec and "35%" in sec
    assert "Deep vein thrombosis" in sec and "2%" in sec
    assert "Lumbar spinal stenosis" not in sec


def test_patient_framing():
    a = vascular("patient")
    md = render(a, "markdown")
    assert not re.search(r"\bLR\b", md)
    assert "Narrowed leg arteries: likely (81%)" in md and "very unlikely (2%)" in md
    for title in ("What to do now", "What this might be", "Tests your doctor may suggest", "Treatment steps",
                  "When to get help urgently"):
        assert f"## {title}" in md
    urgent = md[md.index("## When to get help urgently"):]
    assert "Call an ambulance now" in urgent
    assert "This makes it more likely" in md and "This makes it less likely" in md
    # disclaimer at the top (right under the banner) and at the bottom
    head = md[:md.index("## What to do now")]
    assert "This is not a diagnosis" in head
    assert md.rstrip().endswith(a.disclaimer.rstrip(".") + ".*") or a.disclaimer in md[-400:]
    assert references(md)
    assert "Recommendation:" not in md and "Pre-test" not in md


def test_patient_text_has_no_lr_either():
    out = render(vascular("patient"), "text") + render(vascular("patient"), "html")
    assert not re.search(r"\bLR\b", out)


def test_incomplete_instrument_shows_range():
    for fmt in ("markdown", "text", "html"):
        out = render(vascular(calc_complete=False), fmt)
        assert "Edinburgh Claudication Questionnaire (incomplete)" in out
        assert "3 to 9" in out
        assert "range the missing answers allow" in out
    assert "(incomplete)" not in render(vascular(), "markdown")


def test_calculation_tables():
    md = render(vascular(), "markdown")
    assert "|   | abi | category | exercise |" in md  # one row per leg
    assert "| right | 0.62 | moderate PAD | abi drop fraction 0.25; criteria met yes |" in md
    assert "| left | 0.95 | normal | - |" in md
    assert "- tbi: right 0.55" in md
    assert "| id | answer | scored |" in md and "| q5 | unknown | - |" in md  # instrument items
    assert "instrument: edinburgh" not in md  # the calculation's own id is not repeated
    patient = render(vascular("patient"), "markdown")
    assert "| id | answer |" not in patient and "Right ABI 0.62" in patient


def test_html_escapes_script_and_is_self_contained():
    out = render(vascular(), "html")
    assert "<script" not in out.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "<style>" in out and "@page{size:A4" in out and "@media print" in out
    assert not re.search(r'(src|href)="(https?:)?//', out)  # no external assets
    assert 'href="#ref-gornik2024"' in out and 'id="ref-gornik2024"' in out


def test_markdown_escapes_html():
    md = render(vascular(), "markdown")
    assert not re.search(r"(?<!\\)<script", md) and "\\<script>" in md


def test_json_round_trips():
    a = vascular()
    out = render(a, "json")
    assert model.Assessment.model_validate_json(out) == a
    assert json.loads(out)["triage"]["level"] == "emergency_ambulance"


def test_render_rich_prints_words_and_colour():
    buf = io.StringIO()
    console = Console(file=buf, width=110, force_terminal=True, color_system="truecolor", record=True)
    render_rich(vascular(), console)
    plain = console.export_text()
    assert "EMERGENCY - CALL AN AMBULANCE" in plain
    assert "Call emergency services now" in plain
    assert plain.index("Call emergency services now") < plain.index("Most likely")
    assert "\x1b[" in buf.getvalue()  # coloured
    assert "[gornik2024]" in plain


def test_render_rich_treats_data_as_text_not_markup():
    a = vascular()
    a = a.model_copy(update={"triage": a.triage.model_copy(update={"action": "[bold red]Go now[/bold red]"})})
    console = Console(file=io.StringIO(), width=100, record=True)
    render_rich(a, console)
    assert "[bold red]Go now[/bold red]" in console.export_text()


def test_non_urgent_banner_and_no_red_flags():
    a = vascular().model_copy(update={
        "triage": model.Triage(level="consultation", label="Routine appointment",
                               action="Routine clinical assessment within days to weeks.", reasons=[]),
        "red_flags": []})
    md = render(a, "markdown")
    assert first_line(md).startswith("> **ROUTINE APPOINTMENT: Routine appointment.** **Next step:**")
    assert "No red flag was raised" in md


def test_empty_assessment_renders():
    a = vascular().model_copy(update={
        "differential": [], "findings": [], "calculations": [], "workup": [], "management": [],
        "pitfalls": [], "citations": [], "warnings": [], "direction_check": None})
    for fmt in FORMATS:
        assert render(a, fmt)
    md = render(a, "markdown")
    assert "No condition in the differential" in md and "was not stated" in md


def test_unknown_format():
    with pytest.raises(InputError, match="unknown report format 'pdf'"):
        render(vascular(), "pdf")


def test_renderers_name_no_condition_or_finding():
    catalog = yaml.safe_load((ROOT / "src/legdx/knowledge/data/catalog.yaml").read_text())
    ids = set(catalog.get("conditions", [])) | set(catalog.get("red_flags", []))
    for path in (ROOT / "src/legdx/knowledge/data/findings").glob("*.yaml"):
        try:
            ids |= set((yaml.safe_load(path.read_text()) or {}).keys())
        except yaml.YAMLError:  # a file being edited elsewhere; the catalog ids still count
            continue
    code = "\n".join(p.read_text() for p in REPORT_SRC.glob("*.py"))
    named = sorted(i for i in ids if re.search(rf"\b{re.escape(i)}\b", code))
    assert not named, f"renderer code names knowledge ids: {named}"


# --------------------------------------------------------------------------------------------------
# Real assessments from the engine


def _mini_kb_assessments(monkeypatch) -> list[model.Assessment]:
    """Assessments from the engine on the hand-made fixture knowledge base (tests/fixtures/mini_kb)."""
    from legdx import calculators
    from legdx.engine.assess import assess
    from legdx.engine.compiled import compile_kb
    from legdx.knowledge.loader import load

    # until the calculators land, measure nothing (the fixture cases carry no measurements)
    if not hasattr(calculators, "measure"):
        monkeypatch.setattr(calculators, "measure", lambda m, kb: ({}, [], []), raising=False)
    if not hasattr(calculators, "score_instruments"):
        monkeypatch.setattr(calculators, "score_instruments", lambda f, v, kb: ({}, []), raising=False)
    ck = compile_kb(load(ROOT / "tests" / "fixtures" / "mini_kb"))
    ids = list(ck.kb.findings)
    cases = [{"age": 60}, {"age": 75, "findings": {f: "present" for f in ids}},
             {"age": 75, "findings": {ids[0]: "present", ids[-1]: "family"}}]
    return [assess(c, ck=ck, audience=aud) for c in cases for aud in ("clinician", "patient")]


@pytest.mark.parametrize("kb", ["packaged", "mini"])
def test_real_assessment_renders_in_all_formats(kb, monkeypatch):
    if kb == "packaged":
        import legdx

        try:
            a = legdx.assess({"age": 70, "findings": {}})
        except Exception as exc:  # the packaged knowledge base is still being written
            pytest.skip(f"the packaged knowledge base cannot assess a case yet: {exc.__class__.__name__}")
        cases = [a, legdx.assess({"age": 70, "findings": {}}, audience="patient")]
    else:
        cases = _mini_kb_assessments(monkeypatch)
    for a in cases:
        for fmt in FORMATS:
            assert render(a, fmt).strip()
        md = render(a, "markdown")
        assert level_words_in(first_line(md), a)
        assert set(SRC_TAG.findall(md)) <= references(md)
        assert model.Assessment.model_validate_json(render(a, "json")) == a
        if a.audience == "patient":
            assert not re.search(r"\bLR\b", md)
            assert a.disclaimer in md[:1500]
        for h in a.red_flags:
            assert md.index(h.action.rstrip(".")) <= md.index(a.differential[0].name)
        render_rich(a, Console(file=io.StringIO(), width=100))


def level_words_in(line: str, a: model.Assessment) -> bool:
    from legdx.report.document import level_words

    return level_words(a.triage.level) in line and a.triage.action.rstrip(".")[:40] in line
