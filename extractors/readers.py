"""Layout readers: a converted budget document → lines of cells that keep their 1-based line numbers.

Four converter layouts are read here (``columns``, pdftotext -layout, and ``stream``, plain pdftotext,
have their own grid readers: read_columns.py and read_plain.py):
- ``plain``: text with wrapped cells broken over lines, cells of one printed line joined by spaces;
- ``tsv``: one table row a line, words split by tabs (LaTeX values such as ``$\\geq 95\\%$``);
- ``markdown``: pipe tables that restart at page breaks, with HTML bits;
- ``html``: ``<table>``/``<tr>``/``<td>`` tables (each row becomes a line of whole cells).
Every reader yields :class:`Line` objects; everything after the reader is shared.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .decoding import decode_text
from .errors import InputError
from .limits import cut_long_lines
from .text import delatex, strip_html

LAYOUTS = ("plain", "columns", "stream", "tsv", "markdown", "html")
WHOLE_CELLS = ("markdown", "html")  # layouts whose cells are whole table cells


@dataclass
class Line:
    """One non-empty input line split into cells.

    ``gap`` counts the line breaks since the previous non-empty line (1: adjacent, 2: one blank line,
    3 or more: a page break or a paragraph gap). ``cells`` are pipe cells (markdown, empty ones kept),
    tab fields (tsv) or space-separated words (plain).
    """

    no: int
    raw: str
    cells: list[str]
    gap: int = 1
    layout: str = "plain"
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = "".join(c for c in self.cells).replace(" ", "")


_MD_SEP = re.compile(r"^\|?\s*:?-{2,}")


def detect_layout(text: str) -> str:
    """Guess the converter layout from the shape of the lines."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return "plain"
    if len(re.findall(r"<t[dh][\s>]", text, re.I)) >= 10:
        return "html"
    pipes = sum(1 for ln in lines if (ln.lstrip().startswith("|") and ln.rstrip().endswith("|")) or ln.count(" | ") >= 2)
    tabs = sum(1 for ln in lines if "\t" in ln)
    if pipes >= 0.05 * len(lines) and pipes >= 5:
        return "markdown"
    if tabs >= 0.05 * len(lines) and tabs >= 5:
        return "tsv"
    from .read_columns import is_columns_layout
    from .read_plain import is_plain_layout

    if is_plain_layout(text):
        return "stream"
    if is_columns_layout(text):
        return "columns"
    return "plain"


def _split_markdown(raw: str) -> list[str] | None:
    s = raw.strip()
    if s.startswith("|") and s.endswith("|") and len(s) > 1:
        s = s[1:-1]
    elif s.count(" | ") < 2:  # a pipe table written without its outer pipes still has two inner ones
        return None
    return [strip_html(c).strip() for c in s.split("|")]


class _HtmlRows(HTMLParser):
    """Collect (line, cells) for every <tr> and (line, text) for text outside tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[int, list[str] | str]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.row_line = 0
        self.depth = 0
        self.text_line = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._flush_text()
            self.depth += 1
        elif tag == "tr":
            self.row, self.row_line = [], self.getpos()[0]
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            span = dict(attrs).get("colspan")
            self.span = int(span) if span and span.isdigit() else 1
        elif tag in ("br", "p") and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append("".join(self.cell).strip())
            self.row.extend([""] * (self.span - 1))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.items.append((self.row_line, self.row))
            self.row = None
        elif tag == "table":
            self.depth = max(0, self.depth - 1)

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        elif self.depth == 0:
            for k, part in enumerate(data.split("\n")):
                if k:
                    self._flush_text()
                if part.strip():
                    if not self.text:
                        self.text_line = self.getpos()[0] + k
                    self.text.append(part)

    def _flush_text(self):
        if self.text and "".join(self.text).strip():
            self.items.append((self.text_line, " ".join(t.strip() for t in self.text)))
        self.text = []

    def close(self):
        super().close()
        self._flush_text()


def _read_html(text: str) -> list[Line]:
    parser = _HtmlRows()
    parser.feed(text)
    parser.close()
    out: list[Line] = []
    last = 0
    for no, item in sorted(parser.items, key=lambda x: x[0]):
        cells = item if isinstance(item, list) else [item]
        out.append(Line(no, item if isinstance(item, str) else " | ".join(item), cells, max(1, no - last), "html"))
        last = no
    return out


def read_lines(text: str, layout: str) -> list[Line]:
    """Split a document's text into :class:`Line` objects for the given layout."""
    if layout == "html":
        return _read_html(text)
    out: list[Line] = []
    gap = 1
    for no, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            gap += 1
            continue
        if layout == "markdown":
            if _MD_SEP.match(raw.strip()) and set(raw.strip()) <= set("|-: "):
                gap += 1
                continue
            cells = _split_markdown(raw)
            if cells is None:
                cells = [strip_html(raw).strip()]
        elif layout == "tsv":
            cells = [delatex(c).strip() for c in raw.split("\t")]
            cells = [c for c in cells if c]
        else:
            cells = raw.split()
        out.append(Line(no, raw, cells, gap, layout))
        gap = 1
    return out


def read_text(path: str | Path, layout: str | None = None) -> tuple[str, str, list[str]]:
    """Read a file: decode it, detect (or take) its layout. Returns (layout, text, warnings about damaged bytes)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(str(p), None, f"cannot read the file: {e.strerror or e}") from e
    text, warnings = decode_text(data, str(p))
    text, cut = cut_long_lines(text, str(p))
    warnings += cut
    lay = layout or detect_layout(text)
    if lay not in LAYOUTS:
        raise InputError(str(p), None, f"unknown layout {lay!r}; choose one of {', '.join(LAYOUTS)}")
    return lay, text, warnings
