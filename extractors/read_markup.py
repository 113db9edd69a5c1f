"""Readers for converter text that marks its cells → a cell grid.

- HTML: ``<table>``/``<tr>``/``<td>`` with ``rowspan``/``colspan``; text outside tables becomes text lines.
- Markdown: pipe tables (``| a | b |``, or without outer pipes when a line has two inner ones); the
  ``|---|`` separator lines are skipped; a blank or non-table line ends a table (converters restart the
  table at every page break, and the assembler carries the columns over).
- TSV: one table row a line, cells split by tabs, LaTeX values (``$\\geq 95\\%$``) turned into symbols.
  Empty fields keep their column; a run of tab lines is one table.
- CSV: a spreadsheet's comma-separated export (read by the csv module: quoted commas and line breaks);
  empty records split tables.

Every cell keeps its text (HTML ``<br>``/``<p>`` become line breaks); every row and text line its 1-based
line number. Converters' damage (a row shifted by a stray empty cell, a row broken at a page break) is
mended later, on the grid (grid_repair.py), the same way for every format.
"""
from __future__ import annotations

import collections
import csv
import io
import re
from html.parser import HTMLParser

from .errors import InputError
from .grid import Cell, Grid, Source, Table, Text
from .sheets import column_letters
from .text import delatex, strip_html

_MD_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def _table(rows: list[tuple[int, list[str]]], file: str, split: bool = False, loose: bool = True) -> Table:
    """A table of single cells from numbered rows of cell texts (empty cells leave their place empty);
    loose unless every field is known to stand in its column (CSV)."""
    cells: list[Cell] = []
    sources: list[Source | None] = []
    for r, (no, texts) in enumerate(rows):
        src = Source(file, line=no)
        sources.append(src)
        cells.extend(Cell(t, r, c, source=src) for c, t in enumerate(texts) if t)
    n_cols = max((len(t) for _, t in rows), default=0)
    return Table(cells, len(rows), n_cols, Source(file, line=rows[0][0]), sources, loose=loose, split=split)


def _flush(grid: Grid, rows: list[tuple[int, list[str]]], split: bool = False, loose: bool = True) -> None:
    if rows:
        grid.items.append(_table(rows, grid.file, split, loose))
        rows.clear()


# ---- markdown ------------------------------------------------------------------------------------
def markdown_cells(line: str) -> list[str] | None:
    """The cells of a pipe-table line, or None for a line that is not one."""
    s = line.strip()
    if s.startswith("|") and s.endswith("|") and len(s) > 1:
        s = s[1:-1]
    elif s.count(" | ") < 2:  # a pipe table written without its outer pipes still has two inner ones
        return None
    return [strip_html(c).strip() for c in s.split("|")]


def read_markdown(text: str, file: str) -> Grid:
    """A markdown conversion → a grid: each run of pipe lines is a table, other lines are text."""
    grid = Grid(file)
    rows: list[tuple[int, list[str]]] = []
    for no, raw in enumerate(text.splitlines(), 1):
        s = raw.strip()
        if not s:
            _flush(grid, rows)
            continue
        if _MD_SEPARATOR.match(s) and set(s) <= set("|-: "):
            continue
        cells = markdown_cells(raw)
        if cells is None:
            _flush(grid, rows)
            grid.items.append(Text(strip_html(s).strip(), Source(file, line=no)))
        else:
            rows.append((no, cells))
    _flush(grid, rows)
    return grid


# ---- tab-separated -------------------------------------------------------------------------------
def read_tsv(text: str, file: str) -> Grid:
    """A tab-separated conversion → a grid: each run of lines with tabs is a table, other lines are text."""
    grid = Grid(file)
    rows: list[tuple[int, list[str]]] = []
    for no, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            _flush(grid, rows, True)
            continue
        if "\t" in raw:
            rows.append((no, [delatex(c).strip() for c in raw.rstrip("\r\n").split("\t")]))
        else:
            _flush(grid, rows, True)
            grid.items.append(Text(delatex(raw).strip(), Source(file, line=no)))
    _flush(grid, rows, True)
    return grid


# ---- comma-separated ---------------------------------------------------------------------------------
def read_csv(text: str, file: str) -> Grid:
    """A comma-separated export (a spreadsheet saved as CSV) → a grid: runs of records with more than one
    field are tables, split at empty records; a record of one field is a text line. Fields keep their
    columns; quoted fields may hold commas and line breaks. A merged cell's text stands in its first
    field only (CSV keeps no spans): the assembler carries labels down as for other formats. A field
    stands in its column (an empty one keeps its place), so the tables are not loose: no cell is moved by
    its content. Each field's source has its line and the cell a spreadsheet opening the file shows it in
    (record number and column: C7)."""
    grid = Grid(file)
    rows: list[tuple[int, int, list[str]]] = []  # (line, record number, fields)
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for number, record in enumerate(reader, start=1):
            fields = [delatex(f).strip() for f in record]
            if not any(fields):
                _flush_csv(grid, rows)
            elif len(fields) == 1:
                _flush_csv(grid, rows)
                grid.items.append(Text(fields[0], Source(file, line=start)))
            else:
                rows.append((start, number, fields))
            start = reader.line_num + 1
    except csv.Error as e:
        raise InputError(file, reader.line_num, f"不是可读的 CSV 文件：{e}") from e
    _flush_csv(grid, rows)
    return grid


def _flush_csv(grid: Grid, rows: list[tuple[int, int, list[str]]]) -> None:
    """The CSV records gathered so far as one table whose fields stand in their columns."""
    if not rows:
        return
    cells: list[Cell] = []
    sources: list[Source | None] = []
    for r, (no, number, texts) in enumerate(rows):
        sources.append(Source(file=grid.file, line=no))
        cells.extend(Cell(t, r, c, source=Source(grid.file, line=no, ref=f"{column_letters(c + 1)}{number}"))
                     for c, t in enumerate(texts) if t)
    n_cols = max(len(t) for _, _, t in rows)
    grid.items.append(Table(cells, len(rows), n_cols, Source(grid.file, line=rows[0][0]), sources, loose=False))
    rows.clear()


# ---- HTML ----------------------------------------------------------------------------------------
def _span(value: str | None) -> int:
    return int(value) if value and value.strip().isdigit() and int(value) > 0 else 1


class _HtmlGrid(HTMLParser):
    """Builds tables with their spans (a position covered by a rowspan from above is skipped) and text
    lines for what stands outside tables."""

    def __init__(self, file: str) -> None:
        super().__init__(convert_charrefs=True)
        self.file = file
        self.grid = Grid(file)
        self.depth = 0  # nesting of <table>: a nested table's text goes into its enclosing cell
        self.cells: list[Cell] = []
        self.row_sources: list[Source | None] = []
        self.taken: set[tuple[int, int]] = set()
        self.row = -1
        self.col = 0
        self.cell: list[str] | None = None
        self.cell_attrs: dict[str, str | None] = {}
        self.cell_line = 0
        self.text: list[str] = []
        self.text_line = 0

    # text outside tables, one text line per source line
    def _flush_text(self) -> None:
        s = " ".join(t.strip() for t in self.text if t.strip())
        if s:
            self.grid.items.append(Text(s, Source(self.file, line=self.text_line)))
        self.text = []

    def _end_cell(self) -> None:
        if self.cell is None:
            return
        text = re.sub(r"[ \t\r\f\v]+", " ", "".join(self.cell)).strip()
        text = "\n".join(p.strip() for p in text.split("\n") if p.strip())
        rs, cs = _span(self.cell_attrs.get("rowspan")), _span(self.cell_attrs.get("colspan"))
        while (self.row, self.col) in self.taken:
            self.col += 1
        for r in range(self.row, self.row + rs):
            for c in range(self.col, self.col + cs):
                self.taken.add((r, c))
        if text:
            self.cells.append(Cell(text, self.row, self.col, rs, cs, Source(self.file, line=self.cell_line)))
        self.col += cs
        self.cell = None

    def _end_table(self) -> None:
        self._end_cell()
        if self.row >= 0 and self.taken:
            n_rows = max(r for r, _ in self.taken) + 1
            n_cols = max(c for _, c in self.taken) + 1
            sources = self.row_sources + [None] * (n_rows - len(self.row_sources))
            first = next((s for s in sources if s is not None), None)
            # converters that write HTML from a PDF drop empty cells as markdown ones do: a table with a row
            # shorter than the table is loose; where every row fills every column, each cell is in its place
            filled = collections.Counter(r for r, _ in self.taken)
            loose = any(filled[r] < n_cols for r in range(n_rows))
            self.grid.items.append(Table(self.cells, n_rows, n_cols, first, sources, loose=loose))
        self.cells, self.row_sources, self.taken, self.row, self.col = [], [], set(), -1, 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            if self.depth == 0:
                self._flush_text()
            self.depth += 1
        elif self.depth != 1:
            if tag in ("br", "p", "div") and self.cell is not None:
                self.cell.append("\n")
        elif tag == "tr":
            self._end_cell()
            self.row += 1
            self.col = 0
            self.row_sources.append(Source(self.file, line=self.getpos()[0]))
        elif tag in ("td", "th"):
            self._end_cell()
            if self.row < 0:  # a cell outside any <tr>: a row of its own
                self.row = 0
                self.row_sources.append(Source(self.file, line=self.getpos()[0]))
            self.cell, self.cell_attrs, self.cell_line = [], dict(attrs), self.getpos()[0]
        elif tag in ("br", "p", "div") and self.cell is not None:
            self.cell.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
            if self.depth == 0:
                self._end_table()
        elif self.depth == 1 and tag in ("td", "th"):
            self._end_cell()
        elif self.depth == 0 and tag in ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "caption"):
            self._flush_text()

    def handle_data(self, data):
        if self.depth:
            if self.cell is not None:
                self.cell.append(data)
            return
        for k, part in enumerate(data.split("\n")):
            if k:
                self._flush_text()
            if part.strip():
                if not self.text:
                    self.text_line = self.getpos()[0] + k
                self.text.append(part)

    def close(self):
        super().close()
        if self.depth:
            self._end_table()
        self._flush_text()


def read_html(text: str, file: str) -> Grid:
    """An HTML conversion → a grid: its tables with their spans, and the text between them."""
    parser = _HtmlGrid(file)
    parser.feed(text)
    parser.close()
    return parser.grid
