"""Broken and hostile files, built on demand so no bomb lives in git.

Each builder returns the file's bytes; `write_hostile_batch` writes all of them (plus a FIFO and a
name that is not valid UTF-8) into a folder. Sizes are parameters: tests use small bombs and
low limits, `scripts/bench_hostile.py` the full-size ones.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"

WORD_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_with_document_xml(document_xml: bytes, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The good fixture with word/document.xml replaced: a real package around hostile XML."""
    source = zipfile.ZipFile(FIXTURES / "good.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as target:
        for item in source.infolist():
            data = document_xml if item.filename == "word/document.xml" else source.read(item)
            target.writestr(item.filename, data)
    return out.getvalue()


def malformed_xml_docx() -> bytes:
    return docx_with_document_xml(f"<w:document {WORD_NS}><w:body><w:p><w:r><w:t>broken".encode())


def billion_laughs_docx() -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
        f"<w:document {WORD_NS}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    return docx_with_document_xml(xml.encode())


SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def xlsx_with_sheet_xml(sheet_xml: bytes) -> bytes:
    """The good workbook with its first sheet replaced."""
    source = zipfile.ZipFile(FIXTURES / "good.xlsx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else source.read(item))
    return out.getvalue()


def billion_laughs_xlsx() -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    cell = '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return xlsx_with_sheet_xml(f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]><worksheet {SHEET_NS}><sheetData>'
                               f"{cell}</sheetData></worksheet>".encode())  # fmt: skip


def padded_xlsx(sheets: int = 1) -> bytes:
    """A workbook of 5 KB whose sheets say they fill every cell (A1:XFD1048576): a row at the top, one a million rows
    down, a cell in the last column. Read as a library pads it, it is a million rows of 16,384 cells a sheet."""
    rows = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Pirmā rinda</t></is></c><c r="XFD1"><v>1</v></c></row>'
            '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>Pēdējā rinda</t></is></c></row>')  # fmt: skip
    sheet = f'<worksheet {SHEET_NS}><dimension ref="A1:XFD1048576"/><sheetData>{rows}</sheetData></worksheet>'
    return xlsx_with_sheet_xml(sheet.encode())


def unclosed_odt(count: int = 20_000) -> bytes:
    """A 1.5 KB ODT whose manifest and content open thousands of tags and DOCTYPEs that never close: a pattern that
    may run to the end of the text from each took 43 s on it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("META-INF/manifest.xml", b"<manifest:file-entry " * count)
        package.writestr("content.xml", b"<?xml version='1.0'?>" + b"<!DOCTYPE [" * count)
    return out.getvalue()


def docx_bomb(unpacked_mb: int) -> bytes:
    """A DOCX whose document.xml inflates to unpacked_mb of one repeated paragraph."""
    paragraph = b"<w:p><w:r><w:t>lol lol lol lol lol lol lol lol</w:t></w:r></w:p>"
    count = unpacked_mb * 1_000_000 // len(paragraph)
    out = io.BytesIO()
    source = zipfile.ZipFile(FIXTURES / "good.docx")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                target.writestr(item.filename, source.read(item))
        with target.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(f"<w:document {WORD_NS}><w:body>".encode())
            chunk = paragraph * 10_000
            for _ in range(count // 10_000):
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    return out.getvalue()


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (1 = catalog), with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _page_pdf(content: bytes, stream_dict: bytes = b"") -> bytes:
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d %s >>\nstream\n" % (len(content), stream_dict) + content + b"\nendstream",
            font,
        ]
    )


def pages_pdf(contents: list[bytes]) -> bytes:
    """A PDF of one page per content stream, in Helvetica (F1)."""
    pages = len(contents)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * index) for index in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]  # fmt: skip
    for index, content in enumerate(contents):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * index))  # fmt: skip
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    return _pdf(objects)


def text_lines(lines: list[str]) -> bytes:
    """A content stream writing each line at its own height, 11 pt."""
    shown = b" ".join(b"1 0 0 1 72 %d Tm (%s) Tj" % (760 - 16 * at, line.encode("latin-1")) for at, line in enumerate(lines))
    return b"BT /F1 11 Tf " + shown + b" ET"


def flate_bomb_pdf(unpacked_mb: int) -> bytes:
    """A page whose content stream inflates to unpacked_mb of zeros."""
    compressor = zlib.compressobj(9)
    block = b"\0" * 1_000_000
    content = b"".join(compressor.compress(block) for _ in range(unpacked_mb)) + compressor.flush()
    return _page_pdf(content, b"/Filter /FlateDecode")


def huge_length_pdf() -> bytes:
    """A content stream that declares a /Length of 10^15 bytes."""
    data = _page_pdf(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET")
    return re.sub(rb"/Length \d+", b"/Length 1000000000000000", data, count=1)


def long_content_stream_pdf(megabytes: int) -> bytes:
    """One page drawing the same word over and over: a content stream of `megabytes` MB."""
    operation = b"BT /F1 12 Tf 72 720 Td (lol) Tj ET\n"
    return _page_pdf(operation * (megabytes * 1_000_000 // len(operation)))


def many_page_references_pdf(count: int) -> bytes:
    """A page tree whose one Pages node lists the same page `count` times."""
    kids = b" ".join([b"3 0 R"] * count)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


def one_line_text(megabytes: int) -> bytes:
    """Latvian words without a single line break or sentence end."""
    words = "biedrība rīko darbnīcas jauniešiem un senioriem kopā ar pašvaldību ".encode()
    return words * (megabytes * 1_000_000 // len(words))


def pixel_bomb_png(side: int = 30_000) -> bytes:
    """A PNG of a few hundred bytes whose header claims side x side pixels (900 megapixels: 2.7 GB in colour)."""
    import struct

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 4096)) + chunk(b"IEND", b"")


def xfa_bomb_pdf(unpacked_mb: int) -> bytes:
    """A dynamic XFA form (its page only the placeholder every viewer but Adobe's shows) whose data packet inflates to
    unpacked_mb of empty elements."""
    compressor = zlib.compressobj(9)
    block = b"<a/>" * 250_000
    data = compressor.compress(b'<xfa:datasets xmlns:xfa="http://www.xfa.org/schema/xfa-data/1.0/"><xfa:data>')
    data += b"".join(compressor.compress(block) for _ in range(unpacked_mb)) + compressor.compress(b"</xfa:data>")
    data += compressor.flush()
    text = b"BT /F1 10 Tf 40 780 Td (Please wait... If this message is not eventually replaced by the proper contents) Tj ET"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Fields [] /XFA [(datasets) 7 0 R] >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
        ]
    )


def write_hostile_batch(folder: Path, bomb_mb: int = 300, text_mb: int = 8) -> dict[str, str]:
    """Write every hostile file into folder; returns {file name: what it is}."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "malformed.docx": malformed_xml_docx(),
        "billion-laughs.docx": billion_laughs_docx(),
        "billion-laughs.xlsx": billion_laughs_xlsx(),
        "unclosed.odt": unclosed_odt(),
        "bomb.docx": docx_bomb(bomb_mb),
        "flate-bomb.pdf": flate_bomb_pdf(bomb_mb),
        "huge-length.pdf": huge_length_pdf(),
        "long-stream.pdf": long_content_stream_pdf(40),
        "many-pages.pdf": many_page_references_pdf(1_000_000),
        "xfa-bomb.pdf": xfa_bomb_pdf(bomb_mb),
        "one-line.txt": one_line_text(text_mb),
        "pixel-bomb.png": pixel_bomb_png(),
        "web-page.jpg": b"<!DOCTYPE html><html><body>Saved with a picture's name</body></html>",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    fifo = folder / "pipe.txt"
    os.mkfifo(fifo)
    bad_name = os.fsencode(folder) + b"/nav-utf8-\xff\xfe.txt"
    with open(bad_name, "wb") as handle:
        handle.write("Biedrība rīko darbnīcas jauniešiem un senioriem kopā ar pašvaldību.".encode())
    return {**{name: "hostile" for name in files}, "pipe.txt": "named pipe", os.fsdecode(bad_name): "non-UTF-8 name"}
