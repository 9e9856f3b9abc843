"""Safe rendering of untrusted text: a hit's card as escaped HTML with the query's words marked, Markdown escaped for
Streamlit, and citations with the interface language's page labels.

Document text is never translated or altered, and never rendered as Markdown or HTML: it is shown as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from kb.analysis import GROUPED_NUMBER, analyse
from kb.types import Hit
from ui.names import language_name, tag_label

# A see-through orange over whatever the theme's background is, not a fixed cream: with a dark theme the sentence was
# white on cream (1.1:1); the underline 4.5:1 against white (#e8a33d was 2:1)
MATCHED_STYLE = "border-bottom: 2px solid #b45309; background: rgba(232, 163, 61, 0.22)"


def highlight(passage: str, terms: set[str], matched: tuple[int, int] | None = None) -> str:
    """The passage as escaped HTML, with the words that match the query's terms marked and the
    sentence window that matched best (character offsets) underlined."""

    def mark(match: re.Match) -> str:
        word = match.group(0)
        if word.startswith("&"):  # an escaped character such as &quot; stays whole
            return word
        return f"<mark>{word}</mark>" if terms & set(analyse(word)) else word

    def marked(text: str) -> str:  # an amount in groups of three digits ("18 400") is one word, as analyse reads it
        return re.sub(rf"&#?\w+;|{GROUPED_NUMBER.pattern}|[^\W_]+", mark, html.escape(text))

    if matched is None:
        return marked(passage)
    start, end = matched
    inside = f"<span class='matched' style='{MATCHED_STYLE}'>{marked(passage[start:end])}</span>"
    return marked(passage[:start]) + inside + marked(passage[end:])


# A hit's lines styled as Streamlit draws a bold line and a caption: one HTML block is less work for a
# browser than a Markdown element per line (about 18 % less renderer CPU a query: docs/performance.md).
# Colours come from the theme.
# 0.6 was 3.9:1 on white, under WCAG AA's 4.5:1; a long file name wraps (on a phone it pushed the page 300 px sideways)
CAPTION_STYLE = "font-size: 0.875rem; opacity: 0.8; margin: 0; overflow-wrap: anywhere"
# A hit's or a card's title: a heading under the page's one, so that a screen reader goes from hit to hit; drawn at the
# size of the text
TITLE_STYLE = "font-size: 1rem; font-weight: 600; margin: 0; padding: 0; line-height: 1.6; overflow-wrap: anywhere"


def unbroken(escaped: str, words: Sequence[str]) -> str:
    """Escaped HTML with these words (a project number "2023-1-LV01-KA122-ADU-000141852") kept on one line."""
    for word in words:
        escaped = escaped.replace(html.escape(word), f"<span style='white-space: nowrap'>{html.escape(word)}</span>")
    return escaped


def hit_html(hit: Hit, terms: set[str], text: dict[str, str], language: str) -> str:
    """A hit card's title, citation line, passage (highlight) and why it matched, as one block of escaped HTML."""
    tags = [tag_label(tag, language) for tag in (*(hit.kinds or (hit.kind,)), *hit.themes) if tag]  # every kind it holds
    cited = " · ".join([cite(hit, text), language_name(hit.language, language), *tags])
    matched = (hit.matched_start, hit.matched_end) if hit.matched_start is not None else None
    why = [text[name] for name, rank in (("meaning", hit.dense_rank), ("keywords", hit.keyword_rank)) if rank]
    on_page = hit.matched_pages(text)  # the passage is on several pages: the sentence's
    notes = [text["matched_on"].format(on_page) if on_page else "", text["weak"] if hit.weak_match else ""]
    reason = " · ".join([f"{text['matched']}: {', '.join(why)}", *filter(None, notes)])
    # the passage's language, so that a screen reader reads a Latvian passage in the Russian interface with a Latvian voice
    lang = f" lang='{hit.language}'" if re.fullmatch(r"[a-z]{2,3}", hit.language) else ""
    return (
        f"<h2 class='hit-title'{lang} style='{TITLE_STYLE}'>{html.escape(hit.title)}</h2>"
        f"<p class='hit-cite' style='{CAPTION_STYLE}'>{unbroken(html.escape(cited), hit.project_numbers[:1])}</p>"
        f"<div class='hit-text'{lang} style='white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.5rem 0'>"
        f"{highlight(hit.text, terms, matched)}</div>"
        f"<p class='hit-why' style='{CAPTION_STYLE}'>{html.escape(reason)}</p>"
    )


WORD_JOINER = "\u2060"  # invisible: splits the patterns Streamlit turns into links, icons and emoji


def escape_markdown(text: str) -> str:
    """Untrusted text (from a document, a file name, a URL or an error) for st.markdown, st.caption, st.error and
    the like: it shows as the same characters on one line, and nothing in it is interpreted.

    - Markdown and HTML syntax is backslash-escaped: links, images, <autolinks>, HTML tags, emphasis, code, ~strike~,
      $math$ and entities everywhere; headings, quotes and list markers at the start. Line breaks become spaces.
    - Streamlit also rewrites text after parsing, where backslashes no longer count: bare URLs, www. and e-mail
      addresses become links, :smile: an emoji, :material/x: an icon, :red[x] colour. An invisible word joiner after
      each ':' and '@' that is followed by text, and inside 'www.', breaks those patterns.
    """
    line = re.sub(r"[\\`*_\[\]<~$&]", r"\\\g<0>", " ".join(text.split()))
    line = re.sub(r"^([#>+\-=])|^(\d+)([.)])", lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", line)
    return re.sub(r"(?<=[:@])(?=\S)|(?<=www)(?=\.)", WORD_JOINER, line, flags=re.IGNORECASE)


def cite(hit: Hit, text: dict[str, str]) -> str:
    """The hit's citation with the interface language's page labels ("14. lpp.", "с. 14", "3. slaids") and word for an
    e-mail's attachment ("pielikums programma.pdf")."""
    return hit.cite(text)


def place(hit: Hit, text: dict[str, str]) -> str:
    """Where in its file a passage is: "pielikums programma.pdf, 2. lpp.", "14. lpp.", "3. slaids", or ''."""
    return hit.place(text)


def shown_pages(pages: int | None) -> str:
    """A page count for a table: blank for a format without pages (not "None")."""
    return "" if pages is None else str(pages)

