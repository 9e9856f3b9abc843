"""Build the sample corpus from the two seed texts, then check that no text was lost.

    .venv/bin/python scripts/make_corpus.py [--seeds DIR]

Writes, next to this script:
  esto-erasmus-mobility-portugal.pdf  the ESTO slide presentation, one PDF page per slide
  balkanu-zieds-letter.docx           the "Balkānu zieds" letter with its annex, as Word

Both files are then read back (pypdf, python-docx) and every non-empty seed line must be found
in the extracted text (whitespace folded); otherwise the script exits non-zero.
Needs the DejaVu fonts (Debian package fonts-dejavu-core) for real, selectable Latvian text.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

import docx
import pypdf
from docx.shared import Pt
from fpdf import FPDF

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "corpus"
DEFAULT_SEEDS = REPO.parent / "shared" / "seeds"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

SLIDES_SEED = "000_bd125eff34489209.txt"
LETTER_SEED = "004_47a16740840e02b0.txt"
SLIDES_PDF = "esto-erasmus-mobility-portugal.pdf"
LETTER_DOCX = "balkanu-zieds-letter.docx"

# Fixed dates so that re-running the script gives the same files.
SLIDES_DATE = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)
LETTER_DATE = dt.datetime(2016, 7, 6, 12, 0, tzinfo=dt.UTC)

# A seed line ending a slide whose title came out *after* its body in the text export.
IMPRESSIONS_TITLE = "Spilgtākie iespaidi. Ko no piedzīvotā gribētu redzēt savās kopienās?"


def fold(text: str) -> str:
    """Collapse every whitespace run to one space (how extracted and seed text are compared)."""
    return re.sub(r"\s+", " ", text).strip()


def seed_lines(text: str) -> list[str]:
    """The seed's non-empty lines as they must appear in the output: `**` removed, folded."""
    lines = (fold(line.replace("**", "")) for line in text.splitlines())
    return [line for line in lines if line]


def bold_lines(paragraph: str) -> list[tuple[str, bool]]:
    """Split a paragraph into (line, bold) pairs. Bold spans are `**...**` around whole lines
    (they may cover several lines); a `**` in the middle of a line is not supported here."""
    out, bold = [], False
    for line in paragraph.split("\n"):
        starts, ends = line.startswith("**"), line.endswith("**") and len(line) > 2
        inner = line[2:] if starts else line
        inner = inner[:-2] if ends else inner
        if "**" in inner:
            sys.exit(f"make_corpus: unsupported bold markup inside a line: {line!r}")
        if starts:
            bold = True
        out.append((inner, bold))
        if ends:
            bold = False
    return out


# ---------------------------------------------------------------------------------------------
# 1. Slides -> PDF
# ---------------------------------------------------------------------------------------------


def split_slides(text: str) -> list[str]:
    """Cut the slide text into slides.

    In the seed, slides are separated by 3+ blank lines (`\\n{4,}`), with two exceptions found by
    reading the file, both artefacts of the text export:
    - the title slide is spread over three chunks: the project title, "Līdzfinansē / Eiropas
      Savienība", and the year "2025", which sits at the top of the next chunk;
    - the last long chunk holds five slides whose titles came out *below* their bodies: each
      "Spilgtākie iespaidi. ..." line closes a slide (the last one closes with "Ieteikumi ...").
    """
    chunks = [c.strip("\n") for c in re.split(r"\n{4,}", text) if c.strip()]
    year, rest = chunks[2].split("\n\n", 1)
    if not (chunks[0].startswith("Projekts „") and chunks[1].startswith("Līdzfinansē") and year == "2025"):
        sys.exit("make_corpus: the slide seed no longer starts with the expected title slide")
    chunks = ["\n\n".join([chunks[0], chunks[1], year]), rest] + chunks[3:]

    slides = []
    for chunk in chunks:
        current: list[str] = []
        for para in chunk.split("\n\n"):
            current.append(para)
            if para.strip() == IMPRESSIONS_TITLE:  # a title printed after its body ends the slide
                slides.append("\n\n".join(current))
                current = []
        if current:
            slides.append("\n\n".join(current))
    return slides


class SlidePDF(FPDF):
    W, H, MARGIN = 960 / 72 * 25.4, 540 / 72 * 25.4, 16  # mm: 16:9 widescreen, 960 x 540 pt as PowerPoint exports

    def __init__(self) -> None:
        super().__init__(orientation="L", unit="mm", format=(self.H, self.W))
        self.set_auto_page_break(False)  # a slide never spills onto a second page
        self.set_margins(self.MARGIN, self.MARGIN, self.MARGIN)
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))

    def block(self, text: str, size: float, bold: bool, indent: float = 0, align: str = "L", dry_run: bool = False) -> float:
        """Write one line of the seed (wrapped at spaces) and return its height in mm.
        Left-aligned on purpose: fpdf2's justified text gets extracted with doubled spaces."""
        self.set_font("DejaVu", "B" if bold else "", size)
        width = self.W - 2 * self.MARGIN - indent
        self.set_x(self.MARGIN + indent)
        line_h = size * 0.3528 * 1.25  # pt -> mm, with 25% leading
        if dry_run:
            return self.multi_cell(width, line_h, text, align=align, dry_run=True, output="HEIGHT")
        return self.multi_cell(width, line_h, text, align=align, new_x="LMARGIN", new_y="NEXT", output="HEIGHT")

    def layout(self, slide: str, size: float, dry_run: bool) -> float:
        """Lay out a content slide at body font `size`; return the total height used."""
        paragraphs = slide.split("\n\n")
        # A short one-line first paragraph is the slide title.
        has_title = "\n" not in paragraphs[0] and len(paragraphs[0]) <= 80 and not paragraphs[0].startswith("-")
        y0 = self.get_y()
        for i, para in enumerate(paragraphs):
            if i:
                self.set_y(self.get_y() + size * 0.3528 * 0.6)  # gap between paragraphs
            for line, bold in bold_lines(para):
                if not line.strip():
                    continue
                if i == 0 and has_title:
                    h = self.block(line, size * 1.4, True, dry_run=dry_run)
                else:
                    indent = 6 if line.startswith("-") else 0
                    h = self.block(line, size, bold, indent=indent, dry_run=dry_run)
                self.set_y(self.get_y() + h if dry_run else self.get_y())
        return self.get_y() - y0

    def content_slide(self, slide: str) -> float:
        """Add a page for one slide, shrinking the font until everything fits; return the size."""
        self.add_page()
        room = self.H - 2 * self.MARGIN
        size = 22.0
        while size > 6:
            self.set_y(self.MARGIN)
            if self.layout(slide, size, dry_run=True) <= room:
                break
            size -= 0.5
        self.set_y(self.MARGIN)
        self.layout(slide, size, dry_run=False)
        return size

    def title_slide(self, slide: str) -> None:
        """The first slide (project title, co-funding line, year) or a closing line, centred."""
        self.add_page()
        title, *rest = slide.split("\n\n")
        self.set_y(self.H * 0.25)
        self.block(title, 28, True, align="C")
        self.set_y(self.get_y() + 12)
        for para in rest:
            for line in para.split("\n"):
                self.block(line, 20, False, align="C")
            self.set_y(self.get_y() + 6)


def make_slides_pdf(seed: str, out: Path) -> list[str]:
    slides = split_slides(seed)
    pdf = SlidePDF()
    pdf.set_title("NVO iesaiste lauku kopienu sociālajā iekļaušanā un bēgļu integrācijā")
    pdf.set_author("Biedrība ESTO")
    pdf.set_lang("lv")
    pdf.set_creation_date(SLIDES_DATE)
    pdf.title_slide(slides[0])
    sizes = []
    for slide in slides[1:]:
        if "\n" in slide or len(slide) > 80:
            sizes.append(pdf.content_slide(slide))
        else:  # a one-liner such as the closing "Paldies par uzmanību!" is set like the title
            pdf.title_slide(slide)
    pdf.output(str(out))
    print(f"  slide font sizes: {', '.join(f'{s:g}' for s in sizes)} pt")
    return slides


# ---------------------------------------------------------------------------------------------
# 2. Letter -> DOCX
# ---------------------------------------------------------------------------------------------

SUBJECT_PREFIX = "Par dalību pieredzes apmaiņas projektā"
ANNEX_HEADING = "Papildus informācija par projektu"


def add_runs(paragraph, line: str, bold: bool) -> bool:
    """Add `line` to a Word paragraph, turning `**` into bold on/off; return the bold state."""
    for i, part in enumerate(line.split("**")):
        if i:
            bold = not bold
        if part:
            paragraph.add_run(part).bold = bold or None
    return bold


def make_letter_docx(seed: str, out: Path) -> None:
    doc = docx.Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    props = doc.core_properties
    props.title = "Par dalību pieredzes apmaiņas projektā programmā „Eiropa pilsoņiem”"
    props.author = 'Biedrība "Balkānu zieds"'
    props.last_modified_by = 'Biedrība "Balkānu zieds"'
    props.language = "lv-LV"
    props.created = props.modified = LETTER_DATE.replace(tzinfo=None)
    props.revision = 1

    bold = False
    for block in re.split(r"\n\s*\n", seed.strip("\n")):
        lines = block.split("\n")
        if block.startswith(SUBJECT_PREFIX):
            doc.add_heading(block, level=1)
        elif block == ANNEX_HEADING:
            doc.add_page_break()  # the annex starts on its own page
            doc.add_heading(block, level=1)
        elif len(lines) > 1 and not block.startswith("**"):
            # Address block, sender, closing: one tight paragraph per line, like a typed letter.
            for line in lines:
                p = doc.add_paragraph()
                p.paragraph_format.space_after = Pt(0)
                bold = add_runs(p, line, bold)
        else:
            # Body paragraph (a bold block keeps its line break); event lines keep their number.
            p = doc.add_paragraph()
            for i, line in enumerate(lines):
                if i:
                    p.add_run().add_break()
                bold = add_runs(p, line, bold)
    buf = io.BytesIO()
    doc.save(buf)
    out.write_bytes(stable_zip(buf.getvalue()))


def stable_zip(data: bytes) -> bytes:
    """Rewrite a .docx zip with fixed member timestamps so identical content gives identical bytes."""
    src, buf = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(
                zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)),
                src.read(info.filename),
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# 3. Verification
# ---------------------------------------------------------------------------------------------


def check_lines(name: str, seed: str, extracted: str) -> list[str]:
    haystack = fold(extracted)
    return [f"{name}: lost line {line!r}" for line in seed_lines(seed) if line not in haystack]


def verify_pdf(path: Path, seed: str, n_slides: int) -> tuple[list[str], int, int]:
    reader = pypdf.PdfReader(path)
    text = " ".join(page.extract_text() for page in reader.pages)
    problems = check_lines(path.name, seed, text)
    if len(reader.pages) != n_slides:
        problems.append(f"{path.name}: {len(reader.pages)} pages for {n_slides} slides")
    if reader.metadata.title != "NVO iesaiste lauku kopienu sociālajā iekļaušanā un bēgļu integrācijā":
        problems.append(f"{path.name}: wrong title {reader.metadata.title!r}")
    return problems, len(reader.pages), len(text)


def verify_docx(path: Path, seed: str) -> tuple[list[str], int, int]:
    doc = docx.Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    problems = check_lines(path.name, seed, text)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    if len(headings) != 2 or headings[1] != ANNEX_HEADING:
        problems.append(f"{path.name}: expected 2 Heading 1 paragraphs, got {headings!r}")
    breaks = sum('w:type="page"' in p._p.xml for p in doc.paragraphs)
    if breaks != 1:
        problems.append(f"{path.name}: expected one explicit page break, got {breaks}")
    return problems, breaks + 1, len(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder with the seed .txt files")
    args = parser.parse_args()
    for font in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        if not (FONT_DIR / font).exists():
            sys.exit(f"make_corpus: missing {FONT_DIR / font} (apt-get install fonts-dejavu-core)")

    slides_seed = (args.seeds / SLIDES_SEED).read_text(encoding="utf-8")
    letter_seed = (args.seeds / LETTER_SEED).read_text(encoding="utf-8")
    pdf_path, docx_path = OUT_DIR / SLIDES_PDF, OUT_DIR / LETTER_DOCX

    slides = make_slides_pdf(slides_seed, pdf_path)
    make_letter_docx(letter_seed, docx_path)

    problems, pages, chars = verify_pdf(pdf_path, slides_seed, len(slides))
    print(f"{pdf_path.relative_to(REPO)}: {len(slides)} slides, {pages} pages, {chars} characters extracted")
    more, pages, chars = verify_docx(docx_path, letter_seed)
    print(f"{docx_path.relative_to(REPO)}: {pages} pages (explicit breaks + 1), {chars} characters extracted")
    problems += more
    for problem in problems:
        print("ERROR " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
