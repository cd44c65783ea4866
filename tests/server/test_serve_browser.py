"""The pages in a real headless Chromium (Debian's `chromium`, driven by Playwright): an event page
with its claims table and chart, a stored query run from the query page, and an invalid then a
valid event submitted through the form.

Chromium comes from the system (`scripts/test` installs it when it can); Playwright never
downloads a browser here. Without Chromium the tests are skipped on a developer machine and fail
in CI (CI=true), so a CI run cannot pass without them.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from conftest import wait_for_debian_packages
from servekit import TOKEN, start_server, stop_server

pytestmark = [pytest.mark.server, pytest.mark.browser, pytest.mark.debian]

EVENT = "https://w3id.org/conflict-kg/id/event/"
PALMYRA = EVENT + "2024-palmyra-airstrike"

CHROMIUM = os.environ.get("CONFLICTKG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _missing() -> str | None:
    wait_for_debian_packages()
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium; scripts/test does it when run as root)"
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    why = _missing()
    if why:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser tests cannot run: {why}")
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 1280, "height": 900}, accept_downloads=True,
        )
        context.set_default_timeout(30_000)
        yield context
        context.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    s = start_server(tmp_path_factory.mktemp("serve-browser"), "--timeout", "20", "--refresh", "0")
    yield s
    stop_server(s)


@pytest.fixture
def page(browser):
    pg = browser.new_page()
    pg.errors = []  # a test that expects an HTTP error response clears it
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    yield pg
    errors = list(pg.errors)
    pg.close()
    assert not errors, errors  # no script errors, no CSP violations, no missing assets


def test_event_page_shows_the_claims_table_and_chart(page, served):
    page.goto(served.url + "/id/event/2024-palmyra-airstrike")
    assert page.locator("h1").inner_text() == "2024 Palmyra airstrike"
    rows = page.locator("#claims-table tbody tr")
    assert rows.count() >= 15
    sohr = page.locator("#claims-table tbody tr[data-claim$='/2024-palmyra-airstrike-sohr-killed-airstrikes']")
    assert sohr.count() == 1
    cells = sohr.locator("td")
    assert cells.nth(0).inner_text().startswith("Syrian Observatory for Human Rights said more than 108 people were killed")
    assert "Syrian Observatory for Human Rights" in cells.nth(2).inner_text()
    assert cells.nth(4).inner_text() == "108"
    assert "however reported" in cells.nth(11).inner_text()
    assert sohr.locator("a.ext").get_attribute("href").startswith("https://en.wikipedia.org/")
    assert page.locator("#participants").get_by_text("Israeli Air Force").count() >= 1
    if importlib.util.find_spec("conflictkg.publish.charts") is not None:
        chart = page.locator("#claims-chart svg")
        assert chart.count() == 1 and chart.bounding_box()["height"] > 50
        assert page.locator("#claims-chart svg [id^='claim--']").count() > 0


def rows_shown(page) -> list[str]:
    return page.locator("#events tbody tr").evaluate_all("rows => rows.map(r => r.dataset.event)")


def map_ready(page, selector: str = "#events-map") -> None:
    page.wait_for_selector(f"{selector}[data-ready='true']")


def test_search_and_filters_narrow_the_table_and_the_map(page, served):
    page.goto(served.url + "/")
    map_ready(page)
    everything = rows_shown(page)
    drawn = int(page.get_attribute("#events-map", "data-events-drawn"))
    assert len(everything) == 18 and drawn > 5
    page.fill("#f-q", "palmyra")
    page.click("#apply")
    map_ready(page)
    assert "q=palmyra" in page.url  # the view is in the URL, to share
    found = rows_shown(page)
    assert 0 < len(found) < len(everything)
    assert all("palmyra" in page.locator(f"#events tr[data-event='{e}']").inner_text().lower() for e in found)
    assert int(page.get_attribute("#events-map", "data-events-drawn")) < drawn
    page.check("#f-contested")
    page.select_option("#f-place", "homs-governorate")
    page.click("#apply")
    map_ready(page)
    assert "contested=1" in page.url and "place=homs-governorate" in page.url
    assert rows_shown(page) == [PALMYRA]
    assert "Killed: 36–108+" in page.locator("#events td.casualties").inner_text()
    assert page.get_attribute("#events-map", "data-events-drawn") == "1"
    assert page.locator("#f-q").input_value() == "palmyra" and page.is_checked("#f-contested")
    page.click("#clear")
    map_ready(page)
    assert len(rows_shown(page)) == 18


def test_a_map_marker_opens_its_event(page, served):
    page.goto(served.url + "/?q=hama+airstrike")
    map_ready(page)
    marker = page.locator("#events-map path.event-marker")
    assert marker.count() == 1
    # Hama has a settlement's reference point, not an exact one: drawn as a dashed ring.
    assert marker.get_attribute("data-precision") == "approximate"
    marker.click()
    link = page.locator(".leaflet-popup a.event-link")
    link.wait_for()
    assert "Hama airstrike" in link.inner_text()
    assert "reference point" in page.locator(".leaflet-popup").inner_text()
    link.click()
    page.wait_for_selector("h1")
    assert page.url.endswith("/id/event/2021-01-22-hama-airstrike")


def test_an_area_level_event_is_drawn_as_an_area(page, served):
    page.goto(served.url + "/?q=northwestern+syria+offensive")
    map_ready(page)
    assert page.locator("#events-map path.event-marker").count() == 0
    area = page.locator("#events-map path.event-area")
    assert area.count() == 1
    assert EVENT + "2024-northwestern-syria-offensive" in area.get_attribute("data-events")
    box = area.bounding_box()
    assert box["width"] > 60 and box["height"] > 60  # an outline, not a point
    area.click(position={"x": box["width"] / 2, "y": box["height"] / 2}, force=True)
    popup = page.locator(".leaflet-popup")
    popup.wait_for()
    assert "northwestern Syria, drawn as Syria" in popup.inner_text()


def test_the_event_page_has_a_headline_a_map_and_a_csv(page, served):
    page.goto(served.url + "/id/event/2024-palmyra-airstrike")
    headline = page.locator("#headlines li").first
    assert headline.inner_text() == "Killed: 36–108+ · 3 claimants · contested"
    assert page.locator("#date-precision").inner_text() == "(known to the day)"
    map_ready(page, "#event-map")
    assert page.locator("#event-map path.event-marker[data-precision='approximate']").count() == 1
    with page.expect_download() as info:
        page.click("#claims-csv")
    download = info.value
    assert download.suggested_filename == "2024-palmyra-airstrike-claims.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("claim_id,sentence,measure")
    assert len(text.splitlines()) == 1 + page.locator("#claims-table tbody tr").count()
    part = page.locator("#claims-table tbody tr[data-claim$='/2024-palmyra-airstrike-sohr-killed-lead-syrian-militiamen']")
    total = part.get_by_role("link", name="Syrian Observatory for Human Rights: at least 108 people were killed")
    total.click()
    page.wait_for_selector("#claim-sentence")
    assert page.locator("#claim-sentence").inner_text().startswith(
        "Syrian Observatory for Human Rights said at least 108 people were killed")


def test_a_stored_query_runs_from_the_query_page(page, served):
    page.goto(served.url + "/query")
    page.wait_for_selector("body[data-ready='true']")
    page.select_option("#stored", "participants")
    # The parameter's picker offers the graph's events by name.
    assert page.get_attribute("#param-event", "list") == "choices-event"
    assert page.locator("#choices-event option[value='2024-palmyra-offensive']").get_attribute("label") is None
    assert page.locator("#choices-event option[value='2024-palmyra-offensive']").inner_text() == "Palmyra offensive (2024)"
    page.fill("#param-event", "2024-palmyra-offensive")
    page.click("#run-stored")
    page.wait_for_selector("#results tbody tr")
    assert page.locator("#results thead th").first.inner_text() == "side"
    assert page.locator("#results tbody").get_by_text("Hezbollah", exact=True).count() >= 1
    assert "rows" in page.locator("#status").inner_text()
    page.wait_for_selector("#results .iri-label")  # names beside the IRIs
    assert page.locator("#results .iri-label", has_text="Hezbollah").count() >= 1
    link = page.locator("#results tbody a[href^='/id/actor/']").first
    link.click()
    page.wait_for_selector("h1")
    assert "/id/actor/" in page.url


def yasgui_run(page, query: str) -> None:
    page.wait_for_selector("#yasgui .yasqe .CodeMirror")
    answered = page.get_attribute("#yasgui", "data-answered") or "0"
    page.evaluate("q => { window.ckgYasgui.getTab().setQuery(q); }", query)
    page.click("#yasgui .yasqe_queryButton")
    page.wait_for_function(f"document.querySelector('#yasgui').dataset.answered !== '{answered}'")


def test_yasgui_runs_a_query_and_shows_labelled_results(page, served):
    page.goto(served.url + "/query")
    page.wait_for_selector("body[data-ready='true']")
    yasgui_run(page, "SELECT ?event ?type WHERE { ?event a ckg:Strike ; ckg:eventType ?type } ORDER BY ?event")
    rows = page.locator("#yasgui .yasr_results table tbody tr")
    rows.first.wait_for()
    assert rows.count() >= 4
    # Each IRI links to its page here and has its name beside it.
    page.wait_for_selector("#yasgui .yasr_results .iri-label")
    palmyra = page.locator("#yasgui .yasr_results a[href='/id/event/2024-palmyra-airstrike']")
    assert palmyra.count() == 1
    assert palmyra.locator("xpath=following-sibling::span[1]").inner_text() == "2024 Palmyra airstrike"
    # The table sorts: a click on a column header orders the rows by it.
    first = page.locator("#yasgui .yasr_results table tbody tr a").first.get_attribute("href")
    header = page.locator("#yasgui .yasr_results table thead th", has_text="event").first
    header.click()  # ascending: as the query ordered them
    page.wait_for_timeout(300)
    header.click()  # descending
    page.wait_for_function("first => document.querySelector('#yasgui .yasr_results table tbody tr a')"
                           ".getAttribute('href') !== first", arg=first)
    # Offline autocompletion of the ontology's terms (no LOV, no prefix.cc: the CSP would refuse them).
    completions = page.evaluate("() => window.ckgYasgui.constructor.Yasqe.defaults.autocompleters")
    assert "ckg-classes" in completions and "ckg-properties" in completions
    page.evaluate("""() => { const y = window.ckgYasgui.getTab().getYasqe();
        y.setValue('PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>\\nSELECT * WHERE { ?s a ckg:Stri');
        y.focus(); y.setCursor({line: 1, ch: 100}); y.autocomplete(); }""")
    page.wait_for_selector(".CodeMirror-hints li")
    assert "ckg:Strike" in page.locator(".CodeMirror-hints li").all_inner_texts()
    # A share link opens the same query in a fresh page.
    page.evaluate("() => { window.ckgYasgui.getTab().setQuery('ASK { ?s a ckg:Offensive }'); }")
    page.click("#yasgui .yasqe_share")
    link = page.locator("#yasgui .yasqe_sharePopup input, #yasgui .yasqe_sharePopup textarea").first.input_value()
    assert link.startswith(served.url + "/query") and "Offensive" in link
    page.evaluate("() => { window.ckgYasgui.getTab().setQuery('ASK { ?s a ckg:Conflict }'); }")
    page.goto("about:blank")
    page.goto(link)
    page.wait_for_selector("body[data-ready='true']")
    assert page.evaluate("() => window.ckgYasgui.getTab().getQuery()") == "ASK { ?s a ckg:Offensive }"


def test_an_ad_hoc_query_error_is_shown(page, served):
    page.goto(served.url + "/query")
    page.wait_for_selector("body[data-ready='true']")
    yasgui_run(page, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    error = page.locator("#yasgui .yasr .errorResult")
    error.wait_for()
    assert "refused" in error.inner_text() and "SERVICE" in error.inner_text()
    assert page.locator("#yasgui .yasr_results table tbody tr").count() == 0
    assert all("403" in e for e in page.errors)  # the browser logs the refused request, as it should
    page.errors.clear()


needs_validation = pytest.mark.skipif(importlib.util.find_spec("conflictkg.validation.validate") is None,
                                      reason="conflictkg.validation.validate has not landed on this branch yet")
CAN_MERGE = importlib.util.find_spec("conflictkg.submission.submit") is not None


@needs_validation
def test_submitting_an_invalid_then_a_valid_event(page, served):
    page.goto(served.url + "/submit")
    page.wait_for_selector("body[data-ready='true']")
    # Invalid: a strike with a name but no type, date or precision, and a claim without a quote.
    page.fill("#event_label", "Browser test strike")
    page.select_option("#event_class", "Strike")
    page.fill("#claim-0-claimant", "actor:sohr")
    page.select_option("#claim-0-measure", label="killed")
    page.fill("#claim-0-best", "7")
    page.click("#check")
    page.wait_for_selector("#err-start_date li")
    assert "date" in page.locator("#err-start_date").inner_text()
    assert page.locator("#err-event_type li").count() >= 1
    assert page.locator("#err-claim-0-quote li").count() >= 1
    assert page.locator("#start_date").get_attribute("aria-invalid") == "true"
    assert "does not conform" in page.locator("#outcome").inner_text()
    assert all("422" in e for e in page.errors)  # the browser logs the 422 answer
    page.errors.clear()

    # Valid: complete it, then submit with the token.
    page.select_option("#event_type", label="airstrike")
    page.fill("#start_date", "2025-04-02")
    page.select_option("#date_precision", label="day")
    page.fill("#location", "place:hama")
    page.fill("#source_url", "https://example.org/browser-test-strike")
    page.fill("#source_title", "Browser test report")
    page.fill("#source_publisher", "actor:sohr")
    page.fill("#source_section", "Lead")
    page.select_option("#claim-0-qualifier", label="exactly")
    page.fill("#claim-0-figure", "7")
    page.fill("#claim-0-min", "7")
    page.fill("#claim-0-max", "7")
    page.select_option("#claim-0-stance", label="asserts")
    page.fill("#claim-0-quote", "The strike killed 7 people.")
    page.click("#check")
    page.wait_for_selector("#outcome .ok")
    assert page.locator("ul.field-errors li").count() == 0
    assert "The submission conforms" in page.locator("#outcome").inner_text()
    if not CAN_MERGE:
        return  # conflictkg.submission.submit has not landed: the form can check, not merge
    page.fill("#author", "Browser Test <browser@example.org>")
    page.fill("#token", TOKEN)
    page.click("#submit")
    page.wait_for_selector("#outcome .accepted")
    assert page.locator("#err-start_date li").count() == 0
    event_link = page.locator("#outcome a[href^='/id/event/']")
    assert event_link.count() == 1
    event_link.click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Browser test strike"
    assert page.locator("#claims-table tbody tr").count() == 1


@needs_validation
def test_a_claim_is_added_to_an_existing_event_from_its_page(page, served):
    page.goto(served.url + "/id/event/2021-01-22-hama-airstrike")
    before = page.locator("#claims-table tbody tr").count()
    page.click("#add-claim-link")
    page.wait_for_selector("body[data-ready='true']")
    assert page.is_checked("#mode-claim") and page.is_hidden("#event-fieldset")
    assert page.locator("h1").inner_text() == "Add a claim"
    assert page.input_value("#existing_event") == "event:2021-01-22-hama-airstrike"
    assert page.locator("#existing-event-name").inner_text() == "Hama airstrike (22 January 2021)"
    page.fill("#source_existing", "source:wikipedia-syria-missile-strikes-2021-01-airstrikes")
    page.fill("#claim-0-claimant", "actor:sohr")
    page.select_option("#claim-0-measure", label="injured")
    page.fill("#claim-0-figure", "three")
    page.fill("#claim-0-best", "3")
    page.fill("#claim-0-date", "2021-13-40")
    page.click("#check")
    page.wait_for_selector("#err-claim-0-date li")
    # Plain words, not RDF: the field's name and the date's form, no ckg:/xsd: terms.
    message = page.locator("#err-claim-0-date").inner_text()
    assert "claim date" in message and "YYYY-MM-DD" in message
    assert "xsd:" not in page.locator("main").inner_text() and "ckg:" not in page.locator("#general").inner_text()
    assert "stance" in page.locator("#err-claim-0-stance").inner_text()
    page.errors.clear()  # the browser logs the 422 answer
    page.fill("#claim-0-date", "2021-01-23")
    page.select_option("#claim-0-stance", label="asserts")
    page.select_option("#claim-0-qualifier", label="exactly")
    page.fill("#claim-0-quote", "Browser test: three people were injured in the strike.")
    page.click("#check")
    page.wait_for_selector("#outcome .ok")
    if not CAN_MERGE:
        return
    page.fill("#author", "Browser Test <browser@example.org>")
    page.fill("#token", TOKEN)
    page.click("#submit")
    page.wait_for_selector("#outcome .accepted")
    page.click("#see-event")
    page.wait_for_selector("#claims-table")
    assert page.url.split("#")[0].endswith("/id/event/2021-01-22-hama-airstrike")
    assert page.locator("#claims-table tbody tr").count() == before + 1
    row = page.locator("#claims-table tbody tr.submitted", has_text="three people were injured")
    assert row.count() == 1
    assert row.locator("td").first.inner_text().startswith("Syrian Observatory for Human Rights said three people were injured")


@needs_validation
def test_a_possible_duplicate_is_explained_and_can_be_submitted_anyway(page, served):
    if not CAN_MERGE:
        pytest.skip("conflictkg.submission.submit has not landed: the form cannot merge")
    page.goto(served.url + "/submit")
    page.wait_for_selector("body[data-ready='true']")
    page.check("#mode-event")
    assert page.is_visible("#event-fieldset") and page.is_hidden("#existing-fieldset")
    # The graph's Palmyra airstrike again: same name, kind, type, day and place.
    page.fill("#event_label", "2024 Palmyra airstrike")
    page.select_option("#event_class", "Strike")
    page.select_option("#event_type", label="airstrike")
    page.fill("#start_date", "2024-11-20")
    page.select_option("#date_precision", label="day")
    page.fill("#location", "place:palmyra")
    page.fill("#source_url", "https://example.org/duplicate-test")
    page.fill("#source_title", "Duplicate test report")
    page.fill("#source_publisher", "actor:sohr")
    page.fill("#source_section", "Lead")
    page.fill("#claim-0-claimant", "actor:sohr")
    page.select_option("#claim-0-measure", label="killed")
    page.fill("#claim-0-figure", "36")
    page.fill("#claim-0-best", "36")
    page.select_option("#claim-0-qualifier", label="exactly")
    page.select_option("#claim-0-stance", label="asserts")
    page.fill("#claim-0-quote", "The strike killed 36 people.")
    page.fill("#author", "Browser Test <browser@example.org>")
    page.fill("#token", TOKEN)
    page.click("#submit")
    page.wait_for_selector("#duplicate")
    general = page.locator("#general").inner_text()
    assert "duplicate" in general and "--force" not in general
    assert "press Submit anyway" in general or "Submit anyway" in page.locator("#duplicate").inner_text()
    assert all("409" in e for e in page.errors)  # the browser logs the 409 answer
    page.errors.clear()
    page.click("#submit-anyway")
    page.wait_for_selector("#outcome .accepted")
    assert page.locator("#outcome a[href^='/id/event/']").count() == 1
