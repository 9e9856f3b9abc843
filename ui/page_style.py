"""The page's own CSS and scripts: no animations, readable captions, a sidebar and a phone's layout that fit,
Streamlit's English drawn again in the interface language (for the eye, and for screen readers by a script), and the
status region that says what a search found.

Only the interface's own words go into them, never document text.
"""

from __future__ import annotations

import html
import json

import streamlit as st

from ui.names import SCREEN_READER_NAMES

# No animations or transitions: an animated "running" icon and fading hits kept every open browser busy while it
# waited (ten browsers on two cores: 0.98 -> 0.70 CPU-s a query, scripts/load_app.py).
STILL = "*, *::before, *::after {transition: none !important; animation: none !important}"
# Streamlit's own English: the "Running... Stop" status and "Press Enter to apply" under every box (the page's
# own spinner says what is going on, in the interface language).
QUIET = '[data-testid="stStatusWidget"], [data-testid="InputInstructions"] {display: none !important}'
# Tables' and charts' own toolbars (search, download, fullscreen) and column menus (sort, pin, format) speak English
# only: hidden, and the library offers its own search box and download in the interface language.
ENGLISH_ONLY = '[data-testid="stElementToolbar"], [data-testid="stDataFrameColumnMenu"] {display: none !important}'
# Captions (citations, "matched by ...") in the text's own colour, a little faded: Streamlit's grey was 3.9:1 on white,
# under WCAG AA's 4.5:1 (the light and the dark theme alike); a long word or link wraps inside its hit's card.
READABLE = (
    '[data-testid="stCaptionContainer"] {color: inherit !important; opacity: 0.8} '
    '[data-testid="stMarkdownContainer"] {overflow-wrap: anywhere}'
)
# A sidebar wide enough for "English Latviešu Русский" on one row, and chosen filter values shown whole, wrapped
# ("Интеграция мигрантов и беженцев" was cut to "Интеграция мигра..."); only while open: on a phone, Streamlit slides
# a closed sidebar 300 px left, and a wider one covered the page's left edge.
SIDEBAR = (
    '[data-testid="stSidebar"][data-collapsed="false"] {min-width: min(336px, 100vw)} '
    # closed, its filters are out of sight but were still tab stops (at 200 % zoom, seven before the page)
    '[data-testid="stSidebar"][data-collapsed="true"] {visibility: hidden} '
    '[data-testid="stSidebar"] [data-tag] {height: auto} '
    '[data-testid="stSidebar"] [data-tag] > span {white-space: normal; text-overflow: clip} '
    # and the options of its lists whole ("Kopienas centri, kafejnīcas un satikšanās vietas (4)" lost its count on a phone)
    '[role="option"] {padding-top: 0; padding-bottom: 0} '
    '[role="option"] > [data-item-hl] {white-space: normal; text-overflow: clip; line-height: 1.15} '
    # its "Show the results" (show_results_button) only where Streamlit lays it over the page (up to 768 px wide), in
    # sight at the foot of the open sidebar
    '[data-testid="stElementContainer"]:has(.kb-show-results) {display: none} '
    "@media (max-width: 768px) {"
    '[data-testid="stElementContainer"]:has(.kb-show-results) {display: block; position: sticky; bottom: 0.75rem; z-index: 2}'
    "}"
)
# A ring around the box or option the keyboard is on: Streamlit's tick boxes and radio buttons looked the same focused
FOCUS = (
    '[data-testid="stCheckbox"] label:has(input:focus-visible), [data-testid="stRadio"] label:has(input:focus-visible) '
    "{outline: 2px solid currentColor; outline-offset: 2px}"
)

# On a phone: the title smaller and the page higher (the first hit began at 486 px of an 844 px screen), boxes' text at
# 16 px (iOS zooms into a box of smaller text, and the page stays zoomed) and tick boxes and radio buttons tall enough
# for a thumb (21 px; WCAG 2.5.8 asks 24)
PHONE = (
    "@media (max-width: 640px) {"
    '[data-testid="stMainBlockContainer"] {padding-top: 3.5rem} h1 {font-size: 1.75rem !important} '
    # the cited page's image above the neighbouring passages, not two screens below them, where the columns stack
    '[data-testid="stColumn"]:has([data-testid="stImage"]) {order: -1}'
    "} @media (pointer: coarse) {"
    "input {font-size: 16px !important} "
    '[data-testid="stCheckbox"] label, [data-testid="stRadio"] label {min-height: 2.75rem; align-items: center}'
    "}"
)


def drawn_again(labels: dict[str, tuple[str, str]]) -> str:
    """CSS for Streamlit's own English in these elements: its text kept at size 0, and after it each element's label
    (selector: (label, font size)) in the interface language."""
    return f"{', '.join(labels)} {{font-size: 0 !important}} " + " ".join(
        f"{selector}::after {{content: {json.dumps(label, ensure_ascii=False)}; font-size: {size}}}"
        for selector, (label, size) in labels.items()
    )


def streamlit_labels(text: dict[str, str]) -> str:
    """Streamlit's own words, drawn again in the interface language: the keyboard's first stop ("Skip to main
    content"), a filter box's empty list when typed text matches no value ("No results"), and the dialog shown when
    the server stops answering ("Connection error: Streamlit server is not responding...": the app opens no dialog
    of its own)."""
    return drawn_again({
        '[data-testid="stSkipToContent"]': (text["skip_to_content"], "1rem"),
        '[role="listbox"][data-empty="true"] [role="option"] > span': (text["no_options"], "0.875rem"),
        '[data-testid="stDialog"] [role="dialog"] > h2': (text["connection_lost"], "1.5rem"),
        '[data-testid="stDialog"] [role="dialog"] > h2 + div > div': (text["connection_lost_hint"], "1rem"),
    })  # fmt: skip


# Sets Streamlit's aria-labels in the interface language as Streamlit draws them; remembers each element's English, so
# switching back to English (names {}) says it again. One observer a page, however often this runs.
SCREEN_READER_SCRIPT = """<script>
(() => {
  document.documentElement.lang = LANGUAGE;  // Streamlit's page says "en": a screen reader read Latvian with an English voice
  window.kbNames = NAMES;
  const say = (english) => {
    if (Object.hasOwn(kbNames, english)) return kbNames[english];
    const prefix = Object.keys(kbNames).find((key) => /[ :]$/.test(key) && english.startsWith(key));
    return prefix ? kbNames[prefix] + english.slice(prefix.length) : english;
  };
  const name = (element) => {
    const shown = element.getAttribute("aria-label");
    const english = element.kbSaid === shown ? element.kbEnglish : shown;
    if (say(english) !== shown) element.setAttribute("aria-label", say(english));
    element.kbEnglish = english;
    element.kbSaid = say(english);
  };
  const nameAll = () => {
    // what the page draws again only to the eye (streamlit_labels, uploader_style) is named here for the ear, by its
    // English words first, which say() then gives in the interface language
    for (const [selector, english] of [['[data-testid="stSkipToContent"]', "Skip to main content"],
        ['[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"]', "Upload"],
        ['[role="listbox"][data-empty="true"] [role="option"]', "No results"]]) {
      document.querySelectorAll(selector + ":not([aria-label])").forEach((e) => e.setAttribute("aria-label", english));
    }
    document.querySelectorAll("[aria-label]").forEach(name);
    // a phone's keyboard shows a search key, not "return", in the search and filter boxes (every text box is one)
    document.querySelectorAll('input[type="text"]:not([enterkeyhint])').forEach((e) => e.setAttribute("enterkeyhint", "search"));
  };
  window.kbNamer ??= new MutationObserver(nameAll);
  window.kbNamer.observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label"]});
  nameAll();
})();
</script>"""


def screen_reader_names(language: str) -> str:
    """The script that names Streamlit's buttons and regions for screen readers in the interface language
    (ui.names.SCREEN_READER_NAMES; English: as Streamlit names them)."""
    names = json.dumps(SCREEN_READER_NAMES.get(language, {}), ensure_ascii=False).replace("<", "\\u003c")
    return SCREEN_READER_SCRIPT.replace("LANGUAGE", json.dumps(language), 1).replace("NAMES", names, 1)


# One region outside Streamlit's redrawn page that a screen reader reads out when its text changes: what a search found
# (hits drawn in silence, and the count only at the end of the list)
STATUS_SCRIPT = """<script>
(() => {
  let region = document.getElementById("kb-status");
  if (!region) {
    region = Object.assign(document.createElement("div"), {id: "kb-status"});
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.style.cssText = "position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%)";
    document.body.append(region);
  }
  region.textContent = SAID;
})();
</script>"""


def status_script(said: str) -> str:
    """The script that puts said (text, never markup) in the page's status region."""
    return STATUS_SCRIPT.replace("SAID", json.dumps(said, ensure_ascii=False).replace("<", "\\u003c"), 1)


def uploader_style(text: dict[str, str]) -> str:
    """Streamlit's upload box speaks English only ("Upload", "50MB per file", and "File must be 50.0MB or smaller."
    over a file the browser refused to send): its button, limit and that refusal are drawn again from the interface
    language's labels."""
    mb = st.get_option("server.maxUploadSize")
    return "<style>" + drawn_again({
        '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p': (text["upload_button"], "0.875rem"),
        '[data-testid="stFileUploaderDropzoneInstructions"] span': (text["upload_limit"].format(mb=mb), "0.75rem"),
        # the app's only error tooltip: shown over a file the browser refused
        '[data-testid="stTooltipErrorContent"]': (text["upload_refused"].format(mb=mb), "0.875rem"),
    }) + "</style>"  # fmt: skip


# On a phone the open sidebar covers the page, and it stayed open over the results after a filter was chosen: a button
# at its foot closes it (Streamlit's own close button is a small arrow at its top)
SHOW_RESULTS = """<button type="button" class="kb-show-results" style="width: 100%; min-height: 2.75rem; border: 0;
  border-radius: 0.5rem; background: rgb(255, 75, 75); color: white; font: inherit; cursor: pointer">LABEL</button>
<script>
window.kbShowResults ??= (document.addEventListener("click", (event) => {
  if (event.target.closest(".kb-show-results")) {
    document.querySelector('[data-testid="stSidebarCollapseButton"] button')?.click();
  }
}), true);
</script>"""


def show_results_button(label: str) -> str:
    """The button that closes the open sidebar (shown up to 768 px wide only, by SIDEBAR's rules); label is the
    interface's own."""
    return SHOW_RESULTS.replace("LABEL", html.escape(label), 1)
