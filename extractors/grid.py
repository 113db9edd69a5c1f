"""The cell grid: what every reader produces and the assembler reads.

A document is a :class:`Grid`: tables and text lines in reading order. A :class:`Table` has rows of
:class:`Cell` objects placed at (row, col) with their spans; a cell covered by another's span is not
repeated. Every item carries its :class:`Source` (file and line, page and box, or sheet and cell), so a
problem found later can name the place. Nothing here knows the format a grid came from.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .problems import Problem


@dataclass(frozen=True)
class Source:
    """Where something was read: a text line, a PDF page (and box, in points from the page's top-left), a
    worksheet cell (a CSV field has a ``ref`` as a spreadsheet opening the file names it, but no sheet), or a
    Word table's row and column (1-based: ``table``, ``row``, ``column``) or paragraph."""

    file: str
    line: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    sheet: str | None = None
    ref: str | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    paragraph: int | None = None

    def where(self) -> str:
        """A place a person can find: ``f.txt:42``, ``f.txt:42 (p.3)``, ``f.pdf p.3``, ``f.xlsx [表11]!B7``,
        ``f.docx 表格3 第5行第2列``, ``f.docx 段落12``."""
        if self.table is not None:
            return f"{self.file} 表格{self.table}" + (f" 第{self.row}行" if self.row else "") + (f"第{self.column}列" if self.column else "")
        if self.paragraph is not None:
            return f"{self.file} 段落{self.paragraph}"
        if self.sheet is not None:
            return f"{self.file} [{self.sheet}]" + (f"!{self.ref}" if self.ref else "")
        if self.page is not None and self.line is not None:
            return f"{self.file}:{self.line} (p.{self.page})"
        if self.page is not None:
            return f"{self.file} p.{self.page}"
        if self.line is not None:
            return f"{self.file}:{self.line}"
        return self.file


@dataclass
class Cell:
    """One printed cell: its text (lines joined by "\\n"), its top-left position and its spans; a cell read
    by OCR keeps the recogniser's lowest line confidence (0 … 1), None for every other reader."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    source: Source | None = None
    confidence: float | None = None


@dataclass
class Table:
    """A table: its cells (top-left anchored), the number of rows and columns, and where it was read.

    ``loose`` is True when the converter kept each row's cells in order but not in place (markdown and
    tab-separated text drop or add empty cells): the assembler then places a row's cells by content.
    ``split`` is True when a converter may also have cut one cell into pieces (a stray tab).
    ``empty_rows_below`` counts rows drawn (ruled) right under the table with nothing in them, which the
    reader split off (a worksheet's blank rows end a table): the form's own rows, left unfilled.
    """

    cells: list[Cell]
    n_rows: int
    n_cols: int
    source: Source | None = None
    row_sources: list[Source | None] = field(default_factory=list)
    loose: bool = False
    split: bool = False
    empty_rows_below: int = 0  # ruled rows left empty right under it that the reader did not keep (a worksheet's)

    def anchors(self) -> list[list[Cell | None]]:
        """The n_rows × n_cols matrix of the cell covering each position (spans filled in)."""
        m: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, min(c.row + c.rowspan, self.n_rows)):
                for k in range(c.col, min(c.col + c.colspan, self.n_cols)):
                    m[r][k] = c
        return m

    def row_source(self, r: int) -> Source | None:
        """The source of row r (its first cell's, else the table's)."""
        if r < len(self.row_sources) and self.row_sources[r] is not None:
            return self.row_sources[r]
        return self.source


@dataclass
class Text:
    """A line of text outside any table: a title, a caption, a form field, a goal statement; a line read by
    OCR keeps the recogniser's lowest confidence (0 … 1), None for every other reader."""

    text: str
    source: Source | None = None
    confidence: float | None = None


@dataclass
class Grid:
    """One document as tables and text lines in reading order."""

    file: str
    items: list[Table | Text] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # what the reader saw and says (hidden sheets …)
    whole: bool = False  # the file prints that it ends here (a PDF's last page numbered as the last of the total)

    def tables_by_first_row(self) -> list[tuple[int, Table]]:
        """Each table with the ordinal of its first row as the assembler numbers rows (1-based; a text line
        counts one, a table its rows), for the steps after it that find a record's cells by its ordinal."""
        out: list[tuple[int, Table]] = []
        ordinal = 0
        for item in self.items:
            if isinstance(item, Table):
                out.append((ordinal + 1, item))
                ordinal += item.n_rows
            else:
                ordinal += 1
        return out


def table_from_rows(rows: list[list[str]], source: Source | None = None) -> Table:
    """A table of single cells from a list of rows of strings (short rows are padded): for tests and
    for formats that have no spans."""
    n_cols = max((len(r) for r in rows), default=0)
    cells = [Cell(t, i, j, source=source) for i, r in enumerate(rows) for j, t in enumerate(r) if t is not None]
    return Table(cells, len(rows), n_cols, source)
