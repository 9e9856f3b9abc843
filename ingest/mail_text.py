"""An e-mail's text as blocks, as ingest/mail.py reads a saved e-mail or an Outlook message: the subject as a heading
and "✉ sender, date" (opening_blocks); the lines the sender wrote, without what a reply quotes (lines quoted with ">"
and the "... wrote:" line above them, what follows an Outlook "Original Message" line or header block, in English,
Latvian or Russian), the signature after "-- " and "Sent from my iPhone" lines, a forwarded message's text kept and
its header lines not (lines_blocks); an HTML part as lines of text without its blockquotes (html_text); of a plain and
a richer alternative, the plain one unless it is a stub (plain_unless_stub).
"""

from __future__ import annotations

import re

from ingest.text import blocks_from_lines, normalize_text
from ingest.types import BYLINE, Block

FORWARD_WORDS = r"fwd?|fw|wg|tr|pārs|enc|rv|пересл"  # "Fwd:", "FW:", German "WG:", Latvian "Pārs.:", Portuguese "ENC:"
REPLY_PREFIX = re.compile(rf"^(?:\s*(?:\[[^\]]{{1,40}}\]|(?:re|aw|sv|vs|atb|res|отв|{FORWARD_WORDS})\.?\s*(?:\[\d+\])?\s*:))+\s*",
                          re.IGNORECASE)  # fmt: skip
# A forward's subject: its text (after a list's "[name]") opens with one of FORWARD_WORDS
FORWARD_SUBJECT = re.compile(rf"^\s*(?:\[[^\]]{{1,40}}\]\s*)*(?:{FORWARD_WORDS})\.?\s*(?:\[\d+\])?\s*:", re.IGNORECASE)
FORWARDED = re.compile(r"^\s*-{3,}\s*(?:forwarded message|pārsūtīt\w* ziņ\w*|пересланное сообщение)\s*-*\s*$"
                       r"|^\s*(?:begin forwarded message|начало переадресованного сообщения):\s*$", re.IGNORECASE)  # fmt: skip
EARLIER = re.compile(r"^\s*-{3,}\s*(?:original message|sākotnēj\w* (?:ziņ\w*|vēstul\w*)|исходное сообщение)\s*-{3,}\s*$",
                     re.IGNORECASE)  # fmt: skip
RULE = re.compile(r"^\s*_{20,}\s*$")  # Outlook's line above the earlier message's header block
HEADER_LINE = re.compile(
    r"^\s*(?:from|sent|date|to|cc|subject|no|nosūtīts|nosūtīšanas datums|datums|kam|kopija|tēma|от|отправлено|дата"
    r"|кому|копия|тема)\s*:", re.IGNORECASE)  # fmt: skip
SENDER_LINE = re.compile(r"^\s*(?:from|no|от)\s*:", re.IGNORECASE)  # how such a block opens ...
A_TIME = re.compile(r"^\s*[^:]{1,20}:\s*\d")  # ... unless what follows is a number: "From: 10:00" in a programme
SENT_LINE = re.compile(r"^\s*(?:sent|date|nosūtīts|nosūtīšanas datums|datums|отправлено|дата)\s*:", re.IGNORECASE)  # and dates
WROTE = re.compile(r"\b(?:wrote|rakstīja|написал\w*|schrieb|a écrit|escribió):\s*$", re.IGNORECASE)  # "On ..., Anna wrote:"
QUOTED = re.compile(r"^\s*>(?!\d)")  # "> text"; not ">50 dalībnieki"
SIGNATURE = "-- "  # RFC 3676's line that opens a signature; "--", its space lost, opens one ...
SIGNATURE_LINES = 12  # ... only when at most this many lines follow
SENT_FROM = re.compile(r"^\s*(?:sent from my|get outlook for|nosūtīts no mana|sūtīts no|отправлено с|отправлено из)\b.{0,40}$",
                       re.IGNORECASE)  # fmt: skip
CID = re.compile(r"\[cid:[^\]]*\]")  # where Outlook's plain text had a picture
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # what lxml refuses in text (text.CONTROL keeps page breaks)
STUB_SHARE = 0.3  # a plain alternative shorter than this share of the HTML one's text is a stub
HTML_BLOCKS = {"p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
               "section", "article", "header", "footer", "pre", "hr"}  # fmt: skip


def opening_blocks(subject: str, sender: str, day: str) -> tuple[str, list[Block]]:
    """The subject (without "Re:", "Fwd:", a list's "[name]") and the blocks that open the text: it as a heading,
    then "✉ sender, date"."""
    subject = REPLY_PREFIX.sub("", one_line(subject)).strip()
    blocks = [Block(subject, "heading")] if subject else []
    byline = ", ".join(part for part in (one_line(sender), day) if part)
    if byline:
        blocks.append(Block(BYLINE + byline, "paragraph"))
    return subject, blocks


def one_line(text: str) -> str:
    return " ".join(CONTROL.sub("", normalize_text(text)).split())


def is_forward(subject: str) -> bool:
    return bool(FORWARD_SUBJECT.match(subject))


def plain_unless_stub(plain: list[Block], rich: list[Block]) -> list[Block]:
    if plain and _length(plain) >= STUB_SHARE * _length(rich):
        return plain
    return rich or plain


def _length(blocks: list[Block]) -> int:
    return sum(len(block.text) for block in blocks)


def lines_blocks(text: str, forward: bool = False) -> list[Block]:
    """A message's text as blocks, without what it quotes, its signature and Outlook's picture markers."""
    lines = CONTROL.sub("", CID.sub("", normalize_text(text))).split("\n")
    return blocks_from_lines(_without_earlier_messages(lines, forward), None)


def _without_earlier_messages(lines: list[str], forward: bool = False) -> list[str]:
    """The lines the sender wrote: without what a reply quotes, the signature and "Sent from my ..."; a forwarded
    message's text stays, its header lines go. In a forward (`forward`: its subject says so) the first earlier
    message, which Outlook heads as a reply's ("From: / Sent: / To:"), is the forwarded one."""
    blocks = _HeaderBlocks(lines)
    kept: list[str] = []
    forwarded, filled = [len(lines)] * (len(lines) + 1), [0] * (len(lines) + 1)  # once, not per line: linear
    outlook = list(forwarded)  # in a forward: where the next block Outlook heads as an earlier message's begins
    for index in range(len(lines) - 1, -1, -1):
        forwarded[index] = index if FORWARDED.match(lines[index]) else forwarded[index + 1]
        if forward:
            ruled = RULE.match(lines[index]) and blocks.at(blocks.next_filled[index + 1])
            outlook[index] = index if ruled or blocks.at(index) else outlook[index + 1]
    for index, line in enumerate(lines):
        filled[index + 1] = filled[index] + bool(line.strip())
    number = 0
    while number < len(lines):
        line = lines[number]
        if FORWARDED.match(line):
            forward = False
            number = blocks.after(number + 1)
            continue
        earlier = EARLIER.match(line) or (RULE.match(line) and blocks.at(blocks.next_filled[number + 1]))
        if not earlier and blocks.at(number) and (not any(text.strip() for text in kept) or not kept[-1].strip()):
            earlier = forward or any(text.strip() for text in kept)  # an Outlook reply without its rule line
        if earlier and forward:
            forward = False  # the forwarded message: its text is read, its own earlier messages are not
            number = blocks.after(number + (not blocks.at(number)))
            continue
        if earlier:
            break
        if QUOTED.match(line):
            _drop_attribution(kept)
        elif line.rstrip() == SIGNATURE.rstrip():
            following = forwarded[number + 1]  # a forwarded message after the signature is read: Gmail's, or Outlook's
            following = min(following, outlook[number + 1]) if forward else following
            if line == SIGNATURE or filled[following] - filled[number + 1] <= SIGNATURE_LINES:
                number = following
                continue
            kept.append(line)
        elif not SENT_FROM.match(line):
            kept.append(line)
        number += 1
    return kept


class _HeaderBlocks:
    """Where a message's lines hold an earlier message's header block ("From: ..." followed by header lines, one of
    them its date: "Sent: ..."), worked out once for every line, from the last line up: linear, so a crafted message of
    thousands of "From:" lines is read at once (asking each line anew took minutes).

    A block's rows are consecutive lines, or lines each followed by one blank line when its first is (an HTML
    message's block: a paragraph a line). A blank line ends a block of consecutive ones, so a forwarded invitation's own
    "Datums: / Tēma:" lines below it stay. "From: 10:00 / To: 14:00" in a programme is no block."""

    def __init__(self, lines: list[str]) -> None:
        self.lines, count = lines, len(lines)
        header = [bool(HEADER_LINE.match(line)) for line in lines] + [False, False]
        self.blank = [not line.strip() for line in lines] + [False, False]
        self.next_filled = [count] * (count + 2)  # the first line from each on that is not blank
        # per way of stepping (consecutive, spaced): whether a date line is among the rows from each line on, and the
        # last row of the block that goes on from it
        self.dated = ([False] * (count + 2), [False] * (count + 2))
        self.last_row = (list(range(count + 2)), list(range(count + 2)))
        for number in range(count - 1, -1, -1):
            self.next_filled[number] = self.next_filled[number + 1] if self.blank[number] else number
            if not header[number]:
                continue
            for spaced in (False, True):
                following = number + self._step(number, spaced)
                self.dated[spaced][number] = bool(SENT_LINE.match(lines[number])) or self.dated[spaced][following]
                self.last_row[spaced][number] = self.last_row[spaced][following] if header[following] else number
        self.header = header

    def _step(self, number: int, spaced: bool) -> int:
        return 2 if spaced and number + 1 < len(self.lines) and self.blank[number + 1] else 1

    def _spaced(self, start: int) -> bool:
        return start + 2 < len(self.lines) and self.blank[start + 1] and self.header[start + 2]

    def at(self, start: int) -> bool:
        """Whether an earlier message's header block starts at line start."""
        if start >= len(self.lines) or not SENDER_LINE.match(self.lines[start]) or A_TIME.match(self.lines[start]):
            return False
        spaced = self._spaced(start)
        return self.header[start] and self.dated[spaced][start + self._step(start, spaced)]

    def after(self, start: int) -> int:
        """The first line of text after a forwarded message's header lines (and the blank lines around them)."""
        number = self.next_filled[start]
        if not self.header[number]:
            return number
        return self.next_filled[self.last_row[self._spaced(number)][number] + 1]


def _drop_attribution(kept: list[str]) -> None:
    """Before quoted lines: blank lines and the "On ..., Anna <a@b.lv> wrote:" line (wrapped after "<" too)."""
    while kept and not kept[-1].strip():
        kept.pop()
    if not kept or not kept[-1].rstrip().endswith(":"):
        return
    if "@" in kept[-1] or WROTE.search(kept[-1]):
        last = kept.pop()
        if kept and (kept[-1].rstrip().endswith("<") or ("@" not in last and "@" in kept[-1])):
            kept.pop()  # the attribution's first line: "... Anna <" / "anna@b.lv> wrote:", "... <anna@b.lv>" / "wrote:"
    elif len(kept) > 1 and "@" in kept[-2] and len(kept[-1].split()) <= 3:  # "... <anna@b.lv>" / "schrieb:"
        del kept[-2:]


def html_text(html: str) -> str:
    """An HTML part as lines of text: a paragraph per paragraph, a bullet ("- ") per list item and table row (cells
    apart by " · "), a line per <br>, without blockquotes (what a reply quotes) and the line that introduces them."""
    import lxml.html
    from lxml import etree

    try:
        tree = lxml.html.document_fromstring(CONTROL.sub("", html))  # lxml refuses control characters in text it sets
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):  # lxml's "Document is empty"
        return ""
    for element in tree.xpath("//script | //style | //head | //blockquote | //*[contains(@class, 'gmail_attr')]"
                              " | //*[contains(@class, 'moz-cite-prefix')]"):  # fmt: skip
        element.drop_tree()
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in ("li", "tr") and element.text_content().strip():  # a bullet, not a wrapped line's end
            element.text = "\n- " + (element.text or "")
        if element.tag in HTML_BLOCKS:  # a paragraph apart; a line for <br> and <div> (Gmail's a line each)
            element.tail = ("\n" if element.tag in ("br", "div") else "\n\n") + (element.tail or "")
        elif element.tag in ("td", "th"):
            element.tail = " · " + (element.tail or "")
    lines = (" ".join(line.split()).strip(" ·") for line in tree.text_content().split("\n"))
    return "\n".join(lines)
