"""Read a generated document back independently of pikg: the text of every cell, to check it against its gold."""
from __future__ import annotations

import collections
import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self._buf: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            self._buf = []
        elif tag == "br" and self._buf is not None:
            self._buf.append("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._buf is not None:
            self.cells.append("".join(self._buf))
            self._buf = None

    def handle_data(self, data):
        if self._buf is not None:
            self._buf.append(data)


def _shown(value, number_format: str) -> str:
    """A workbook value as its number format prints it (the formats the randomiser writes: 0, 0.00, 0.0%, #,##0.00)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return str(value)
    fmt = number_format or "General"
    if fmt == "General":
        return str(value)
    pct = fmt.endswith("%")
    places = len(fmt.rstrip("%").partition(".")[2])
    v = value * 100 if pct else value
    return f"{v:{',' if ',' in fmt else ''}.{places}f}" + ("%" if pct else "")


def cell_texts(path: Path) -> list[str]:
    """Every table cell's text (a merged cell once), as the file holds it, for xlsx, csv, docx, html and pdf."""
    suf = path.suffix.lower()
    if suf == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path)
        return [_shown(c.value, c.number_format) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    if suf == ".csv":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        return [c for row in csv.reader(io.StringIO(text)) for c in row if c]
    if suf == ".docx":
        from docx import Document

        out = []
        for t in Document(path).tables:
            seen: list = []  # the cell elements themselves (ids of dropped proxies would be reused)
            for row in t.rows:
                for c in row.cells:
                    if not any(c._tc is x for x in seen):
                        seen.append(c._tc)
                        out.append(c.text)
        return out
    if suf == ".html":
        p = _Cells()
        p.feed(path.read_text(encoding="utf-8"))
        return p.cells
    if suf == ".pdf":
        import pdfplumber

        out = []
        with pdfplumber.open(path) as doc:
            for page in doc.pages:
                for t in page.extract_tables():
                    out += [re.sub(r"\s+", "", c) for row in t for c in row if c]
        return out
    raise ValueError(f"no cell reader for {path.suffix}")


def name_counts(path: Path) -> collections.Counter:
    """How often each cell text occurs (white space removed)."""
    return collections.Counter(re.sub(r"\s+", "", c) for c in cell_texts(path))
