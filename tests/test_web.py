"""Browser tests of the web pages: a real uvicorn server on loopback (SQLite, authentication on, signed in
through the sign-in form) driven by Playwright with Debian's chromium.

Screenshots of each key page go to artifacts/screenshots/ (gitignored). Skipped only when chromium is not
installed (``apt-get install -y chromium``); Playwright itself is a dev dependency.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest_server import LiveServer

CHROMIUM = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium")
if CHROMIUM is None:
    pytest.skip(
        "browser tests need Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)",
        allow_module_level=True,
    )

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "artifacts" / "screenshots"
AXE = Path(__file__).parent / "assets" / "axe.min.js"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

CAUDA_TEXT = (
    "I have numbness between my legs and I can't pass urine since yesterday, with pain down both legs"
)

#: A typical lumbar spinal stenosis history, as interview answers (anything not listed is answered "no").
LSS_YES = {
    "leg_symptoms_with_walking",
    "relief_requires_sitting_or_flexion",
    "neurogenic_claudication_history",
    "no_pain_when_seated",
    "improves_when_seated",
    "improves_bending_forward",
    "bilateral_buttock_or_leg_pain",
    "pain_below_buttocks",
    "back_pain",
    "worse_while_standing",
    "shopping_cart_sign",
    "worse_on_standing_up",
    "symptoms_induced_bending_backward",
    "thigh_pain_after_30s_extension",
    "bilateral_plantar_numbness",
    "wide_based_gait",
    "leg_pain_worse_than_back_pain",
    "hypertension",
}

LSS_CASE = {
    "age": 72,
    "sex": "female",
    "findings": {
        "leg_symptoms_with_walking": "present",
        "relief_requires_sitting_or_flexion": "present",
        "neurogenic_claudication_history": "present",
        "improves_bending_forward": "present",
        "back_pain": "present",
        "smoking_history": "present",
        "diabetes": "present",
    },
}
ABI = {
    "brachial_right": "142",
    "brachial_left": "138",
    "dp_right": "126",
    "pt_right": "120",
    "dp_left": "92",
    "pt_left": "80",
}


# --------------------------------------------------------------------------------------------------
# The server: the service's app factory plus the web router, under uvicorn in a thread


class Web:
    def __init__(self, live: LiveServer, api_key: str, warm: threading.Thread, reader: dict[str, str | None]):
        self.live = live
        self.url = live.url
        self.api_key = api_key
        self._warm = warm
        self._reader = reader

    @property
    def text_reader(self) -> str | None:
        """None when free text can be read here, else why not (waits for the reader to load)."""
        self._warm.join(180)
        return self._reader.get("why", "the free-text reader did not load within 3 minutes")

    def api(self, method: str, path: str, **kw: Any) -> Any:
        import httpx

        r = httpx.request(method, self.url + path, headers={"X-API-Key": self.api_key}, timeout=60, **kw)
        assert r.status_code < 400, r.text
        return r.json()


def _warm_text_reader() -> str | None:
    try:
        from legdx.text import read_text
    except ImportError as exc:
        return f"the free-text reader is not importable ({exc})"
    read_text("Leg pain on walking.")
    return None


def _serves(routes: list[Any], path: str) -> bool:
    """Whether a route with this path is in the app (FastAPI may keep included routers nested)."""
    for r in routes:
        if getattr(r, "path", None) == path:
            return True
        inner = getattr(getattr(r, "original_router", None), "routes", None)
        if inner and _serves(inner, path):
            return True
    return False


@pytest.fixture(scope="session")
def web() -> Iterator[Web]:
    from legdx.engine.compiled import default_compiled
    from legdx.server.app import create_app
    from legdx.server.settings import ServerSettings
    from legdx.store import repo
    from legdx.store.db import Database

    d = tempfile.mkdtemp(prefix="legdx-web-")
    url = f"sqlite:///{d}/legdx.sqlite3"
    db = Database(url)
    db.upgrade()
    with db.session() as s:
        key = repo.create_api_key(s, f"web-{uuid.uuid4().hex[:8]}")
    reader: dict[str, str | None] = {}
    warm = threading.Thread(target=lambda: reader.update(why=_warm_text_reader()), daemon=True)
    warm.start()
    default_compiled()
    app = create_app(ServerSettings(database_url=url, auth=True), db=db)
    assert _serves(app.routes, "/v1/ask"), "the app factory includes the follow-up question service"
    live = LiveServer(app, startup_timeout=30).start()  # the web app warms the text reader too
    yield Web(live, key, warm, reader)
    live.stop()
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "chromium is installed but Playwright for Python is not: pip install playwright "
            "(never `playwright install`; the tests use Debian's chromium)"
        )
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def signed_in(web: Web, browser: Any) -> dict[str, Any]:
    """Storage state of a browser that signed in through the sign-in form."""
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(web.url + "/saved")
    assert "/signin" in page.url
    page.get_by_label("API key").fill("lgx_wrong_key")
    page.get_by_role("button", name="Sign in").click()
    assert "not accepted" in page.locator(".error-summary").inner_text()
    page.get_by_label("API key").fill(web.api_key)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/saved$"))
    state: dict[str, Any] = ctx.storage_state()
    ctx.close()
    return state


@pytest.fixture
def page(web: Web, browser: Any, signed_in: dict[str, Any]) -> Iterator[Any]:
    """A signed-in page at desktop size that records any request leaving the server (there must be none)."""
    ctx = browser.new_context(
        storage_state=signed_in, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    outside: list[str] = []
    ctx.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith((web.url, "data:", "about:")) else None,
    )
    pg = ctx.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    ctx.close()
    assert not outside, f"the pages requested something outside legdx: {outside}"


def shot(page: Any, name: str, full: bool = True) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    return path


def axe(page: Any, label: str) -> None:
    """axe-core WCAG 2.1 A/AA scan: no serious or critical violation."""
    page.add_script_tag(path=str(AXE))
    res = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    bad = [v for v in res["violations"] if v["impact"] in ("serious", "critical")]
    msg = "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:4])
        for v in bad
    )
    assert not bad, f"axe on the {label} page: {msg}"


def asked(page: Any) -> int:
    return int(page.locator("#interview").get_attribute("data-asked"))


def answer(page: Any, value: str) -> None:
    """Click an answer and wait for the next question (the page is swapped in by the script)."""
    n = asked(page)
    page.locator(f"button[name=answer][value={value}]").click()
    page.wait_for_selector(f"#interview[data-asked='{n + 1}']")


def run_interview(page: Any, yes: set[str], limit: int = 45) -> list[str]:
    seen = []
    for _ in range(limit):
        if page.locator("#interview").get_attribute("data-done") == "yes":
            return seen
        fid = page.locator("input[name=finding]").get_attribute("value")
        seen.append(fid)
        answer(page, "yes" if fid in yes else "no")
    raise AssertionError(f"the interview did not stop after {limit} questions")


def banner_first(page: Any) -> dict[str, Any]:
    """Where the triage banner sits: the first element of the page, at the top of the screen."""
    info: dict[str, Any] = page.evaluate("""() => {
        const first = document.body.firstElementChild;
        const b = document.querySelector('.banner');
        const r = b.getBoundingClientRect();
        const header = document.querySelector('header.site');
        return {firstId: first.id, inFirst: first.contains(b), top: r.top,
                beforeHeader: !!(b.compareDocumentPosition(header) & Node.DOCUMENT_POSITION_FOLLOWING),
                text: b.innerText, classes: b.className};
    }""")
    return info


# --------------------------------------------------------------------------------------------------
# Tests


def test_clinician_interview_typical_spinal_stenosis(web: Web, page: Any) -> None:
    page.goto(web.url + "/?audience=clinician")
    assert (
        page.get_by_role("link", name=re.compile("I am a clinician")).get_attribute("aria-current") == "true"
    )
    shot(page, "start")
    page.get_by_label("Age (years)").fill("72")
    page.get_by_label("Patient identifier (optional)").fill("web-lss-1")
    page.get_by_role("button", name="Start the interview").click()
    page.wait_for_selector("#interview[data-asked='0']")
    # red flags first, each question with its "why", and the live differential beside it
    assert "Red-flag screen" in page.locator(".stepper li.current").inner_text()
    assert page.locator(".why").inner_text().startswith("Why this is asked")
    assert page.locator("aside.live .live-bars li").count() >= 3
    first = page.locator("input[name=finding]").get_attribute("value")
    answer(page, "no")
    page.get_by_role("button", name=re.compile("Back")).click()
    page.wait_for_selector("#interview[data-asked='0']")
    assert page.locator("input[name=finding]").get_attribute("value") == first
    for _ in range(15):  # through the red-flag screen, into the information-gain phase
        fid = page.locator("input[name=finding]").get_attribute("value")
        answer(page, "yes" if fid in LSS_YES else "no")
        if "Narrowing" in page.locator(".stepper li.current").inner_text():
            break
    assert "Narrowing the differential" in page.locator(".stepper li.current").inner_text()
    for _ in range(3):
        fid = page.locator("input[name=finding]").get_attribute("value")
        answer(page, "yes" if fid in LSS_YES else "no")
    shot(page, "interview")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "interview-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    run_interview(page, LSS_YES)
    reason = page.locator(".stop-reason").inner_text()
    assert "no remaining question could change" in reason or "maximum" in reason
    assert page.locator("aside.live .live-name").first.inner_text().startswith("Lumbar spinal stenosis")
    page.get_by_role("button", name="See the assessment").click()
    page.wait_for_url(re.compile(r"/a/[0-9a-f-]{36}$"))
    conds = page.locator("li.cond")
    assert conds.first.get_attribute("data-condition") == "lumbar_spinal_stenosis"
    assert "Lumbar spinal stenosis" in conds.first.locator(".cond-name").inner_text()
    info = banner_first(page)
    assert info["firstId"] == "top" and info["inFirst"] and info["beforeHeader"] and info["top"] == 0
    assert "ROUTINE APPOINTMENT" in info["text"]
    # evidence with likelihood ratios and sources, behind <details>
    conds.first.locator("summary").click()
    table = conds.first.locator("table.evidence-table").first
    assert table.is_visible()
    assert "LR" in table.inner_text() and conds.first.locator("a.src").count() > 0
    href = conds.first.locator("a.src").first.get_attribute("href")
    assert page.locator(href).count() == 1  # each source links to its reference
    assert page.locator("svg.flow-svg .step-current").count() == 1
    assert page.locator("#management svg.timeline").count() >= 1
    assert page.locator("#references li").count() >= 3
    shot(page, "result-clinician")
    axe(page, "clinician result")


def test_patient_pastes_cauda_equina_and_sees_the_emergency_first(web: Web, page: Any) -> None:
    reader_missing = web.text_reader
    page.goto(web.url + "/?audience=patient")
    if reader_missing is None:
        page.get_by_label("What happens to your legs, and when?").fill(CAUDA_TEXT)
        page.get_by_role("button", name="Read my description").click()
    else:  # the free-text reader is not available: say so, and take the structured path
        print(f"NOTE: {reader_missing}; using the guided questions instead of free text")
        assert "Not available on this server" in page.locator(".notice").inner_text()
        page.get_by_role("button", name="Start the questions").click()
        page.wait_for_selector("#interview[data-asked='0']")
        run_interview(
            page,
            {
                "saddle_anesthesia",
                "sphincter_dysfunction",
                "new_urinary_retention_or_incontinence",
                "bilateral_sciatica",
            },
            limit=60,
        )
        page.get_by_role("button", name="See what this could mean").click()
    page.wait_for_url(re.compile(r"/a/[0-9a-f-]{36}$"))
    info = banner_first(page)
    assert info["firstId"] == "top" and info["inFirst"] and info["beforeHeader"] and info["top"] == 0
    assert "banner-emergency" in info["classes"]
    first_line = info["text"].splitlines()[0]
    assert first_line.strip().startswith("!") or "EMERGENCY" in first_line
    assert "EMERGENCY" in info["text"] and "Do this now:" in info["text"]
    assert "emergency department" in info["text"].lower()
    # the page is worded for a patient: no likelihood-ratio tables
    assert page.locator("table.evidence-table").count() == 0
    assert "What to do now" in page.locator("#now-title").inner_text()
    if reader_missing is None:
        page.locator("#findings summary").click()
        assert "can't pass urine" in page.locator("#findings").inner_text()
    shot(page, "result-patient-emergency")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "result-patient-emergency-top", full=False)
    axe(page, "patient emergency result")


def test_abi_calculator_computes_and_colours_both_legs(web: Web, page: Any) -> None:
    page.goto(web.url + "/abi?audience=clinician")
    for fid, v in ABI.items():
        page.locator(f"#abi-{fid}").fill(v)
    page.get_by_role("button", name="Calculate the ABI").click()
    page.wait_for_selector("#abi-result")
    text = page.locator(".legs-text").inner_text()
    assert re.search(r"Right leg: ABI 0\.89, Abnormal", text), text
    assert re.search(r"Left leg: ABI 0\.65, Abnormal", text), text
    svg_text = page.locator("svg.legs").text_content() or ""
    assert "ABI 0.89" in svg_text and "ABI 0.65" in svg_text and "Abnormal" in svg_text
    fills = page.evaluate("""() => [...document.querySelectorAll('svg.legs .leg')].map(g =>
        [g.getAttribute('class'), getComputedStyle(g.querySelector('.leg-shape')).fill])""")
    assert fills == [["leg abi-abnormal", "rgb(198, 40, 40)"], ["leg abi-abnormal", "rgb(198, 40, 40)"]]
    interp = page.locator("#abi-result .interp").inner_text()
    assert "126/142" in interp and "92/142" in interp
    shot(page, "abi")
    axe(page, "ABI")
    # a bad value is named, with its field
    page.locator("#abi-dp_left").fill("abc")
    page.get_by_role("button", name="Calculate the ABI").last.click()
    page.wait_for_selector(".error-summary")
    assert page.locator("#abi-dp_left").get_attribute("aria-invalid") == "true"
    assert "mmHg" in page.locator("#dp_left-error").inner_text()


def test_print_to_pdf_has_triage_and_references(web: Web, page: Any, tmp_path: Path) -> None:
    created = web.api("POST", "/v1/assessments", json={**LSS_CASE, "patient_id": "web-pdf"})
    page.goto(web.url + f"/a/{created['id']}/print?audience=clinician")
    page.emulate_media(media="print")
    pdf = tmp_path / "assessment.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(pdf, SHOTS / "assessment.pdf")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages = text.count("\f") + (0 if text.endswith("\f") else 1)
    else:
        from pypdf import PdfReader

        reader = PdfReader(str(pdf))
        text = "\n".join(p.extract_text() for p in reader.pages)
        pages = len(reader.pages)
    flat = " ".join(text.split())
    level_words = {
        "consultation": "ROUTINE APPOINTMENT",
        "consultation_24": "URGENT - WITHIN 24 HOURS",
        "emergency": "EMERGENCY - SAME DAY",
    }[created["triage"]["level"]]
    assert level_words in flat
    assert "References" in flat
    for c in created["citations"][:3]:
        assert c["citation"].split(".")[0][:25] in flat, c["id"]
    assert "Sign out" not in flat and "Ask a follow-up" not in flat  # screen-only parts are not printed
    assert pages <= 2, f"the printed assessment has {pages} pages (one or two expected)"


def test_keyboard_only_interview(web: Web, page: Any) -> None:
    kb = page.keyboard

    def tab_to(predicate: str, limit: int = 40) -> None:
        for _ in range(limit):
            kb.press("Tab")
            if page.evaluate(f"() => {{ const e = document.activeElement; return !!e && ({predicate}); }}"):
                return
        raise AssertionError(f"Tab never reached an element where {predicate}")

    page.goto(web.url + "/?audience=patient")
    tab_to("e.tagName === 'BUTTON' && e.textContent.includes('Start the questions')")
    kb.press("Enter")
    page.wait_for_selector("#interview[data-asked='0']")
    for n in range(3):
        tab_to("e.name === 'answer' && e.value === 'no'")
        kb.press("Space")
        page.wait_for_selector(f"#interview[data-asked='{n + 1}']")
        # focus lands on the new question, so the next Tab continues from there
        assert page.evaluate("() => document.activeElement.id") == "question-text"
    tab_to("e.name === 'action' && e.value === 'back'")
    kb.press("Enter")
    page.wait_for_selector("#interview[data-asked='2']")
    tab_to("e.name === 'answer' && e.value === 'unknown'")
    kb.press("Enter")
    page.wait_for_selector("#interview[data-asked='3']")
    tab_to("e.name === 'action' && e.value === 'stop'")
    kb.press("Enter")
    page.wait_for_selector("#interview[data-done='yes']")
    assert "you chose to stop here" in page.locator(".stop-reason").inner_text()
    tab_to("e.tagName === 'BUTTON' && e.textContent.includes('See what this could mean')")
    kb.press("Enter")
    page.wait_for_url(re.compile(r"/a/[0-9a-f-]{36}$"))
    assert page.locator(".banner").count() == 1


def test_saved_list_and_what_changed(web: Web, page: Any) -> None:
    pid = f"web-pat-{uuid.uuid4().hex[:6]}"
    first = web.api("POST", "/v1/assessments", json={**LSS_CASE, "patient_id": pid})
    page.goto(web.url + f"/a/{first['id']}?audience=clinician")
    page.locator("#abi summary").click()
    for fid, v in ABI.items():
        page.locator(f"#abi-{fid}").fill(v)
    page.locator("#abi form").get_by_role("button", name="Calculate the ABI").click()
    page.wait_for_selector("#abi-result")
    page.get_by_role("button", name="Add these pressures to the assessment").click()
    page.wait_for_url(re.compile(r"/a/[0-9a-f-]{36}\?prev="))
    second_url = page.url
    assert page.locator("svg.legs").count() == 1
    assert page.locator("svg.flow-svg .step-done").count() >= 1  # the resting ABI is now done
    page.goto(web.url + f"/saved?patient={pid}")
    rows = page.locator("table.saved-table tbody tr")
    assert rows.count() == 2
    shot(page, "saved")
    axe(page, "saved list")
    rows.first.get_by_role("link", name=re.compile("What changed")).click()
    page.wait_for_url(re.compile(r"/changes\?"))
    body = page.locator("main").inner_text()
    assert "Triage" in body and ("more urgent" in body or "less urgent" in body or "unchanged" in body)
    assert "Peripheral artery disease" in body and "points" in body
    shot(page, "what-changed")
    axe(page, "what changed")
    # the earlier assessment points to the later one
    page.goto(web.url + f"/a/{first['id']}")
    assert "A later assessment of this patient exists" in page.locator(".changes-notice").inner_text()
    assert second_url.split("?")[0].rsplit("/", 1)[-1] in page.locator(".changes-notice").inner_html()


def test_accessibility_of_the_other_key_pages(web: Web, page: Any) -> None:
    page.goto(web.url + "/?audience=clinician")
    axe(page, "start (clinician)")
    page.goto(web.url + "/?audience=patient")
    axe(page, "start (patient)")
    page.get_by_role("button", name="Start the questions").click()
    page.wait_for_selector("#interview[data-asked='0']")
    axe(page, "interview (patient)")
    page.goto(web.url + "/?audience=clinician")
    page.get_by_role("button", name="Start the interview").click()
    page.wait_for_selector("aside.live")
    axe(page, "interview (clinician)")
    created = web.api(
        "POST", "/v1/assessments", json={**LSS_CASE, "measurements": {k: float(v) for k, v in ABI.items()}}
    )
    page.goto(web.url + f"/a/{created['id']}?audience=patient")
    page.locator("li.cond summary").first.click()
    axe(page, "result (patient)")
    page.set_viewport_size({"width": 390, "height": 844})
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "result-patient-phone", full=False)
    # the follow-up box answers, or says plainly that it is not available here
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Your question").fill("What does an ABI of 0.65 mean?")
    page.get_by_role("button", name="Ask").click()
    page.wait_for_selector(".ask-answer")
    answer_text = page.locator(".ask-answer").inner_text()
    assert answer_text.strip()
    if "Not available" in answer_text:
        print("NOTE: POST /v1/ask is not in the app; the page says so")
    else:
        assert "0.90" in answer_text or "ABI" in answer_text, answer_text
        assert page.locator(".ask-answer a.src").count() > 0  # cited
        page.locator(".ask-answer").scroll_into_view_if_needed()
        shot(page, "ask-answer", full=False)
