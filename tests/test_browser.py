"""The real app in a real headless browser: `streamlit run`, a search, a cited hit, a downloaded handout, and a
crafted title and link that must show as text.

Needs Debian's chromium (`apt-get install chromium`); .ci/run installs it and sets
KB_BROWSER_TEST=required so that a missing browser fails instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO
from test_app import MARKUP, PAYLOAD, index_with, write_hostile_document

from ui.render import WORD_JOINER

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def browser_available() -> bool:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).exists()


pytestmark = pytest.mark.skipif(
    not browser_available() and os.environ.get("KB_BROWSER_TEST") != "required",
    reason="needs Debian's chromium and the playwright package (pip install -e '.[test]')",
)


def start_app(index_dir: Path, *options: str, **environment: str) -> tuple[subprocess.Popen, str]:
    """`streamlit run app.py` on a free port (Streamlit's own options and environment variables added), once it answers
    its health check."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    streamlit = Path(sys.executable).parent / "streamlit"
    server = subprocess.Popen(
        [streamlit, "run", str(REPO / "app.py"), "--server.port", str(port), "--server.headless", "true",
         "--server.address", "127.0.0.1", *options],
        cwd=REPO, env={**os.environ, "KB_INDEX": str(index_dir), **environment}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    return server, url


@pytest.fixture(scope="module")
def served_app(tmp_path_factory, corpus_index, corpus_kb):
    """The app on the sample corpus plus one report whose title carries a crafted link and image, and one whose file
    name is as long as real reports' are."""
    folder = tmp_path_factory.mktemp("served") / "docs"
    write_hostile_document(folder)
    (folder / LONG_FILE_NAME).write_text(
        "# Koka laivu darbnīca\n\nLaivu būves darbnīcā jaunieši kopā ar vecmeistariem uzbūvēja trīs koka laivas.\n",
        encoding="utf-8",
    )
    server, url = start_app(index_with(corpus_index, folder.parent / "index", folder, corpus_kb.embedder))
    yield url
    server.terminate()
    server.wait(timeout=20)


LONG_FILE_NAME = "Erasmus_plus_KA210-YOU_mazapjoma_partneriba_Koka_laivu_darbnica_Vecpiebalga_2024_gala_parskats_GALIGA.md"


def visible(page, text: str) -> bool:
    return page.get_by_text(text).filter(visible=True).count() > 0


# Streamlit's own text drawn at size 0 with the interface language's label after it: [font size, ::after content]
DRAWN = "e => [getComputedStyle(e).fontSize, getComputedStyle(e, '::after').content]"
NAMES = "elements => elements.map(e => e.getAttribute('aria-label'))"  # what a screen reader says each is
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip


def test_search_see_a_cited_hit_and_download_the_handout(served_app, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1200}, accept_downloads=True)
        page.goto(served_app)
        search_box = page.get_by_role("textbox", name="Search")
        search_box.fill("how to find partners for an Erasmus project")
        search_box.press("Enter")
        # "Show more" is drawn after the last card: until then Streamlit is still replacing elements
        page.get_by_role("button", name="Show more").wait_for(timeout=60_000)
        cards = page.get_by_test_id("stHtml").filter(has=page.locator("div[style*='pre-wrap']"))  # not the page's style
        expect(page.get_by_role("checkbox", name="Add to handout")).to_have_count(cards.count(), timeout=30_000)
        first_card = cards.first  # the passage, with the query's words marked
        assert "Partneru meklēšanā vislielākā nozīme" in first_card.text_content()
        assert first_card.locator("mark").count() > 0
        assert visible(page, "corpus/esto-erasmus-mobility-portugal.pdf, pp. 14-15")
        assert "q=how+to+find+partners" in page.url or "q=how%20to%20find" in page.url

        partner_card = (
            page.get_by_test_id("stVerticalBlock")
            .filter(has=page.get_by_test_id("stHtml").filter(has_text="Partneru meklēšanā vislielākā nozīme"))
            .filter(has=page.get_by_test_id("stCheckbox"))
            .last  # the innermost block holding both: the hit's own card
        )
        expect(partner_card.get_by_test_id("stCheckbox")).to_have_count(2)  # the passage, or the underlined text
        partner_card.get_by_test_id("stCheckbox").first.click()  # "Add to handout"
        page.get_by_test_id("stSidebarUserContent").get_by_text("Handout (1)").wait_for(timeout=30_000)
        with page.expect_download() as download:
            page.get_by_text("Download Markdown").click()
        whole = Path(download.value.path()).read_text(encoding="utf-8")
        partner_card.get_by_test_id("stCheckbox").last.click()  # "Add only the underlined text": its own page, instead
        expect(partner_card.get_by_test_id("stCheckbox").locator("input").first).not_to_be_checked(timeout=30_000)
        page.get_by_test_id("stSidebarUserContent").get_by_text("Handout (1)").wait_for(timeout=30_000)
        with page.expect_download() as download:
            page.get_by_text("Download Markdown").click()
        handout = Path(download.value.path()).read_text(encoding="utf-8")
        link = page.url  # the handout is in it: a colleague's fresh browser gets the same handout, in Latvian
        assert "h=" in link
        page.get_by_role("button", name="Clear handout").click()
        page.get_by_test_id("stSidebarUserContent").get_by_text("Handout (0)").wait_for(timeout=30_000)
        expect(partner_card.get_by_test_id("stCheckbox").locator("input").first).not_to_be_checked()  # unticked
        colleague = browser.new_context(viewport={"width": 1400, "height": 1200}).new_page()
        colleague.goto(link + "&ui=lv")
        colleague.get_by_text("Izdales materiāls (1)").wait_for(timeout=60_000)
        colleague.get_by_text("Lejupielādēt Word (DOCX)").wait_for(timeout=30_000)
        assert colleague.title() == "NVO pieredzes krātuve"  # the browser tab too
        colleague.get_by_role("textbox", name="Meklēt").fill("kafejnīca")  # no "Press Enter to apply" under it
        expect(colleague.get_by_test_id("InputInstructions")).to_have_count(1)  # drawn by Streamlit, in English...
        expect(colleague.get_by_test_id("InputInstructions")).to_be_hidden()  # ... and hidden by the page
        # Streamlit's own English: no main menu ("Print", "Record screen"), no "Select all" among a filter's options,
        # no table toolbar ("Search", "Download as CSV") when the pointer is over the library's table
        expect(colleague.get_by_test_id("stMainMenu")).to_have_count(0)
        colleague.get_by_test_id("stMultiSelect").filter(has_text="Tēma").click()
        colleague.get_by_role("option").first.wait_for(timeout=30_000)
        options = colleague.get_by_role("option").all_inner_texts()
        colleague.keyboard.press("Escape")
        colleague.get_by_role("tab", name="Bibliotēka").click()
        colleague.get_by_text("Lejupielādēt tabulu (CSV)").wait_for(timeout=30_000)
        colleague.get_by_test_id("stDataFrame").first.hover()
        toolbars = colleague.get_by_test_id("stElementToolbar")
        expect(toolbars.first).to_be_attached()
        expect(toolbars.first).to_be_hidden()
        for name, tab in (("Русский", "Библиотека"), ("Latviešu", "Bibliotēka"), ("English", "Library")):  # each click
            colleague.get_by_test_id("stSidebar").get_by_text(name, exact=True).click()
            colleague.get_by_role("tab", name=tab).wait_for(timeout=30_000)
        browser.close()
    assert len(options) > 1 and "Select all" not in options and all(option.endswith(")") for option in options)
    assert "Partneru meklēšanā vislielākā nozīme" in handout
    assert "corpus/esto-erasmus-mobility-portugal.pdf, pp. 14-15 (ESTO, 2023-1-LV01-KA122-ADU-000141852)" in whole
    assert "corpus/esto-erasmus-mobility-portugal.pdf, p. 14 (ESTO, 2023-1-LV01-KA122-ADU-000141852)" in handout
    assert "pp. 14-15" not in handout  # the passage once: by its underlined text alone


def test_on_a_phone_the_closed_sidebar_leaves_the_page_whole(served_app):
    """The sidebar's width for "English Latviešu Русский" on one row applies while it is open: closed on a narrow
    screen, a 36 px strip of it covered the page's left edge ("IGO lessons")."""
    from playwright.sync_api import sync_playwright

    box = "(name) => document.querySelector(name).getBoundingClientRect()"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for width, laid_out in ((390, "s.right <= 0 && h.left >= 0"), (1400, "s.width >= 336 && h.left >= s.right")):
            page = browser.new_page(viewport={"width": width, "height": 844})
            page.goto(f"{served_app}/?ui=ru")
            page.get_by_role("textbox", name="Поиск").wait_for(timeout=60_000)
            page.wait_for_function(f"() => {{ const s = ({box})('[data-testid=stSidebar]'), h = ({box})('h1'); "
                                   f"return {laid_out}; }}", timeout=30_000)  # fmt: skip
            # closed and out of sight, its filters are no tab stops (they were seven, before the page's own)
            hidden = page.evaluate("getComputedStyle(document.querySelector('[data-testid=stSidebar]')).visibility")
            assert hidden == ("hidden" if width < 1000 else "visible")
        browser.close()


def test_on_a_phone_the_sidebar_closes_to_show_what_a_filter_chose(served_app):
    """Open on a phone, the sidebar covers the page, and it stayed open over the results after a filter was chosen:
    a button in sight at its foot closes it; a desktop's sidebar, beside the page, has none."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        page = phone.new_page()
        page.goto(f"{served_app}/?ui=lv&q=seniori")
        page.get_by_test_id("stExpandSidebarButton").click()
        page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(has_text="Tēma").locator("input").click()
        page.get_by_role("option").first.click()
        page.wait_for_url("**theme=**", timeout=30_000)
        button = page.locator("button", has_text="Rādīt rezultātus")  # the theme's list still open over the page
        box = button.bounding_box()
        assert box["y"] + box["height"] <= 844 and box["height"] >= 44, box  # in sight, under a thumb
        button.click()
        page.wait_for_function("document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right <= 0")
        page.get_by_test_id("stCaptionContainer").get_by_text("fragmenti", exact=False).first.wait_for(timeout=30_000)
        desktop = browser.new_page(viewport={"width": 1400, "height": 900})
        desktop.goto(f"{served_app}/?ui=lv")
        show_results = desktop.locator(".kb-show-results")
        show_results.wait_for(state="attached", timeout=60_000)  # drawn at the sidebar's foot, after its filters
        assert show_results.count() == 1 and not show_results.is_visible()
        browser.close()


def test_on_a_phone_a_hit_fits_the_screen_and_its_boxes_fit_a_thumb(served_app):
    """A long file name in a hit's citation pushed the page 300 px sideways on a phone; the first hit began at 486 px
    of 844, the search box's 14 px text makes iOS zoom in, and tick boxes were 21 px tall."""
    from playwright.sync_api import sync_playwright

    measured = """() => {
      const main = document.querySelector('[data-testid=stMain]'), box = main.querySelector('input[type=text]');
      return {overflow: main.scrollWidth - main.clientWidth, font: getComputedStyle(box).fontSize,
              key: box.getAttribute('enterkeyhint'), hit: main.querySelector('.hit-title').getBoundingClientRect().top,
              tick: main.querySelector('[data-testid=stCheckbox] label').getBoundingClientRect().height};
    }"""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        page = phone.new_page()
        page.goto(f"{served_app}/?ui=lv&q={urllib.parse.quote('koka laivu darbnīca')}")
        page.get_by_text(LONG_FILE_NAME[:20], exact=False).first.wait_for(timeout=60_000)
        page.get_by_test_id("stMain").get_by_test_id("stCheckbox").first.wait_for(timeout=30_000)
        # the box and the hit both drawn (under load, a rerun's redraw left the page without its box for a moment)
        page.wait_for_function("() => { const main = document.querySelector('[data-testid=stMain]'); "
                               "return main.querySelector('input[type=text]') && main.querySelector('.hit-title'); }")
        shown = page.evaluate(measured)
        assert shown["overflow"] <= 0 and shown["font"] == "16px" and shown["key"] == "search", shown
        assert shown["hit"] < 422 and shown["tick"] >= 44, shown  # the first hit in the screen's upper half
        # read in context: the cited page's image above the neighbouring passages (the columns stack on a phone)
        advice = urllib.parse.quote("Partneru meklēšanā vislielākā nozīme ir personiskiem kontaktiem")
        page.goto(f"{served_app}/?ui=lv&q={advice}")
        page.get_by_text("Lasīt kontekstā").first.click()
        page.get_by_test_id("stImage").first.wait_for(timeout=30_000)
        image, text = (page.locator(f"[data-testid=stExpanderDetails] [data-testid={part}]").first.bounding_box()
                       for part in ("stImage", "stText"))  # fmt: skip
        assert image["y"] + image["height"] <= text["y"], (image, text)
        browser.close()


def test_a_crafted_title_and_link_show_as_text(served_app):
    """The payload in a document's title and headings and in a shared ?q= link: no link, no image, no markup."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1200})
        fetched = []  # requests to the attacker's host: a rendered image or a followed link would make one
        page.route(lambda url: urllib.parse.urlsplit(url).hostname == "evil.example", lambda route: (
            fetched.append(route.request.url), route.abort()))  # fmt: skip
        page.goto(f"{served_app}/?q={urllib.parse.quote(PAYLOAD)}")
        page.get_by_test_id("stCaptionContainer").get_by_text("passages shown for").wait_for(timeout=60_000)
        page.get_by_text("Read in context").first.click()  # the crafted heading, in the first hit's context
        page.get_by_text("home: :smile:", exact=False).first.wait_for(timeout=30_000)
        # Markdown and captions, and the hit card's own lines (one HTML block: title, citation, why it matched)
        markdown = page.locator(
            "[data-testid=stMarkdownContainer], [data-testid=stCaptionContainer], [data-testid=stHtml] :is(h2, p)"
        )
        crafted = markdown.filter(has_text="evil.example")

        def shown() -> list[str]:
            return [text.replace(WORD_JOINER, "") for text in crafted.all_text_contents()]

        expected = (f"shown for “{PAYLOAD}”", f"{PAYLOAD} {MARKUP}")
        for _ in range(150):  # the panel's rerun redraws the page: wait until every crafted string is back (four were
            texts = shown()  # back once while the query line was not yet)
            if len(texts) >= 4 and all(any(part in text for text in texts) for part in expected):
                break
            page.wait_for_timeout(200)
        count = crafted.count()
        interpreted = crafted.locator("a, img, em, code, del, b, h1, h2, .katex, [role=img], [class*=stMarkdownColored]")
        texts = shown()
        links, images = page.locator("a[href*=evil]").count(), page.locator("img[src*=evil]").count()
        interpreted_count = interpreted.count()
        browser.close()
    assert links == 0 and images == 0 and fetched == []
    assert interpreted_count == 0  # the bold title is the app's own styling, not a <b> or <strong> around the text
    assert count >= 4, texts  # the hit's title, its citation, the query line, the heading
    assert any(PAYLOAD in text and text.endswith("…") for text in texts)  # the title, as typed
    assert any(f"shown for “{PAYLOAD}”" in text for text in texts)  # the query from the link
    assert any(f"{PAYLOAD} {MARKUP}" in text for text in texts)  # the heading: each piece of markup as typed


def test_streamlits_own_words_are_drawn_in_latvian(served_app):
    """The keyboard's first stop ("Skip to main content") and a filter's empty list ("No results") are Streamlit's
    English: the Latvian page draws them again in Latvian (its own text at size 0, the label after it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1200})
        page.goto(f"{served_app}/?ui=lv")
        page.get_by_role("textbox", name="Meklēt").wait_for(timeout=60_000)
        page.locator("body").focus()
        page.keyboard.press("Tab")
        skip = page.locator(":focus")
        skip_text, skip_drawn = skip.text_content(), skip.evaluate(DRAWN)
        page.get_by_test_id("stMultiSelect").filter(has_text="Tēma").click()
        page.keyboard.type("zzzqqq")
        empty = page.locator('[role="listbox"][data-empty="true"] [role="option"] > span')
        empty.wait_for(timeout=30_000)
        empty_text, empty_drawn = empty.text_content(), empty.evaluate(DRAWN)
        browser.close()
    assert skip_text == "Skip to main content" and skip_drawn == ["0px", '"Pāriet uz galveno saturu"']
    assert empty_text == "No results" and empty_drawn == ["0px", '"Nav atbilstošas vērtības"']


def test_a_stopped_server_is_said_in_latvian(corpus_index):
    """Streamlit's "Connection error: Streamlit server is not responding. Are you connected to the internet?" when the
    server stops (an update, a restart): the Latvian page says it in Latvian and tells the reader what to do."""
    from playwright.sync_api import sync_playwright

    server, url = start_app(corpus_index)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1200})
        page.goto(f"{url}/?ui=lv")
        page.get_by_role("textbox", name="Meklēt").wait_for(timeout=60_000)
        server.terminate()
        server.wait(timeout=20)
        dialog = page.get_by_role("dialog")
        dialog.wait_for(timeout=60_000)
        title, hint = dialog.locator("h2"), dialog.locator("h2 + div > div")
        shown = [(part.text_content(), part.evaluate(DRAWN)) for part in (title, hint)]
        browser.close()
    assert shown[0] == ("Connection error", ["0px", '"Savienojums pārtrūka"'])
    assert shown[1][0].startswith("Streamlit server is not responding") and shown[1][1][0] == "0px"
    assert shown[1][1][1].startswith('"Serveris neatbild. Pēc brīža pārlādējiet lapu')


def test_a_file_over_the_upload_limit_is_refused_in_latvian(corpus_index, tmp_path):
    """The browser refuses a file over the limit before sending it, with Streamlit's English "File must be 1.0MB or
    smaller." over the file: the Latvian page says it in Latvian."""
    from playwright.sync_api import sync_playwright

    large = tmp_path / "liela-atskaite.pdf"
    large.write_bytes(b"%PDF-1.4\n" + b"0" * 1_500_000)
    server, url = start_app(corpus_index, "--server.maxUploadSize", "1", KB_ADMIN_PASSWORD="parole")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1200})
            page.goto(f"{url}/?ui=lv")
            page.get_by_role("tab", name="Pievienot dokumentus").click()
            page.get_by_label("Redaktora parole").fill("parole")
            page.keyboard.press("Enter")
            page.locator('input[type="file"]').set_input_files(large)
            page.get_by_test_id("stFileChip").hover()
            tooltip = page.get_by_test_id("stTooltipErrorContent")
            tooltip.wait_for(timeout=30_000)
            shown = tooltip.text_content(), tooltip.evaluate(DRAWN)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert shown == ("File must be 1.0MB or smaller.", ["0px", '"Nav augšupielādēts: failā var būt līdz 1 MB"'])


def test_the_russian_sidebar_shows_its_names_whole(served_app):
    """The interface choice on one row, and a chosen theme's long Russian name wrapped rather than cut."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1200})
        page.goto(f"{served_app}/?ui=ru&theme=migrant-refugee-integration")
        chip = page.get_by_test_id("stSidebar").locator("[data-tag] > span")
        chip.first.wait_for(timeout=60_000)
        name = chip.first.text_content()
        cut = chip.first.evaluate("e => e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight")
        rows = {round(page.get_by_test_id("stRadioOption").nth(i).bounding_box()["y"]) for i in range(3)}
        # and the list's options whole, count included ("Общественные центры, кафе и места встреч (4)" was cut)
        page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(has_text="Тема").locator("input").click()
        page.get_by_role("option").first.wait_for(timeout=30_000)
        options_cut = page.get_by_role("option").evaluate_all(
            "options => options.filter(o => [o, ...o.children].some(e => e.scrollWidth > e.clientWidth + 1 "
            "|| e.scrollHeight > o.clientHeight + 1)).map(o => o.innerText)"
        )
        browser.close()
    assert name.startswith("Интеграция мигрантов и беженцев (") and not cut
    assert len(rows) == 1  # English, Latviešu, Русский side by side
    assert options_cut == []


def test_a_screen_reader_hears_streamlit_s_controls_named_in_the_interface_language(served_app):
    """Streamlit names its sidebar, its buttons and a chosen filter value's remove button in English for screen
    readers ("Collapse sidebar", "Remove" and the theme's name); the Latvian page names them in Latvian (the remove
    button it is waited for by), and English again after switching back."""
    from playwright.sync_api import sync_playwright

    english = ["Sidebar", "Collapse sidebar", "Open", "Clear all", "Link to heading", "Search", "Download as CSV"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1200})
        page.goto(f"{served_app}/?ui=lv&theme=partnerships")
        page.get_by_label("Noņemt Partnerība un partneru meklēšana", exact=False).wait_for(state="attached", timeout=60_000)
        names = page.eval_on_selector_all("[aria-label]", NAMES)
        page.get_by_test_id("stSidebar").get_by_text("English").click()
        page.get_by_label("Collapse sidebar").wait_for(state="attached", timeout=60_000)
        names_in_english = page.eval_on_selector_all("[aria-label]", NAMES)
        page_language = page.evaluate("document.documentElement.lang")  # the voice a screen reader reads with
        browser.close()
    assert {"Sānjosla", "Sakļaut sānjoslu", "Atvērt", "Pāriet uz galveno saturu"} <= set(names), sorted(set(names))
    assert not set(english) & set(names) and not any(name.startswith(("Remove ", "Fullscreen")) for name in names)
    assert {"Sidebar", "Collapse sidebar"} <= set(names_in_english), names_in_english
    assert page_language == "en"


def test_a_latvian_browser_opens_the_latvian_page_which_says_what_a_search_found(served_app):
    """Without ?ui= the page was English for everyone, its <html lang> "en" in every interface (a screen reader read
    Latvian with an English voice), and a search drew its hits in silence."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_context(locale="lv-LV", viewport={"width": 1400, "height": 1200}).new_page()
        page.goto(served_app)
        search_box = page.get_by_role("textbox", name="Meklēt")
        search_box.fill("kafejnīca senioriem")
        search_box.press("Enter")
        status = page.locator("#kb-status[role=status][aria-live=polite]")
        status.filter(has_text="Parādīti fragmenti vaicājumam “kafejnīca senioriem”").wait_for(state="attached", timeout=60_000)
        page_language = page.evaluate("document.documentElement.lang")
        passage_languages = page.eval_on_selector_all(".hit-text", "texts => texts.map((t) => t.lang)")
        browser.close()
    assert page_language == "lv" and passage_languages and set(passage_languages) <= {"lv", "en"}
