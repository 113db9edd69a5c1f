"""A worksheet → the tables of a cell grid, whichever library read it (openpyxl for .xlsx, xlrd for .xls).

Blank rows that no merged range crosses split a sheet into separate tables, so a sheet may hold one table
or a whole 表12 (form, 长期 and 年度 tables). Merged ranges become spans; each cell keeps its sheet and
cell reference (``表12-1!D10``) as provenance.
"""
from __future__ import annotations

import re

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable

from .grid import Cell, Source, Table

# a row as a reader gives it: its number (1-based) and its cells as (column (1-based), value, number format)
SheetRow = tuple[int, list[tuple[int, object, str]]]


@dataclass
class Sheet:
    """One worksheet as read: its name, width, merged ranges (min_row, min_col, max_row, max_col; 1-based,
    inclusive), its rows in order and, where the reader sees borders, whether a row is drawn (ruled)."""
    title: str
    n_cols: int
    merged: list[tuple[int, int, int, int]]
    rows: Iterable[SheetRow]
    ruled: Callable[[int], bool] | None = None  # row number → its cells are drawn with borders


def drawn_row(bordered: Iterable[bool]) -> bool:
    """Whether a row is drawn, from whether each of its cells carries a left, right or bottom border: two cells
    at least (a form's row; a top border alone may be the table's bottom rule above)."""
    return sum(bordered) >= 2


def cell_text(value: object, number_format: str = "General") -> str:
    """A cell value as it prints: ``30.0`` → ``"30"``, ``0.95`` with a percent format → ``"95%"``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        d = Decimal(str(value))
        if "%" in (number_format or ""):
            d = d * 100
        s = format(d.normalize(), "f") if d == d.to_integral_value() else format(d, "f")
        if "." in s and d != d.to_integral_value():
            s = s.rstrip("0").rstrip(".")
        places = _fixed_places(number_format)
        if places and len(s.partition(".")[2]) < places:  # 4.0 under "0.0" prints 4.0, 3.5 under "0.00" 3.50
            s = format(d.quantize(Decimal(1).scaleb(-places)), "f")
        return s + ("%" if "%" in (number_format or "") else "")
    return str(value).strip()


def _fixed_places(number_format: str | None) -> int:
    """The decimal places a number format always prints (0.00 → 2, #,##0.0% → 1, General → 0)."""
    m = re.match(r'^[#,0]*0\.(0+)', (number_format or "").split(";")[0].replace("\\", ""))
    return len(m.group(1)) if m else 0


def column_letters(col: int) -> str:
    """Excel's name of a 1-based column: 1 → A, 27 → AA."""
    name = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def sheet_tables(sheet: Sheet, path: str) -> list[Table]:
    """The tables of one worksheet, split at blank rows that no merged range crosses; ruled blank rows right
    under a table are counted on it (``empty_rows_below``: its own rows, left unfilled)."""
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for min_row, min_col, max_row, max_col in sheet.merged:
        spans[(min_row, min_col)] = (max_row - min_row + 1, max_col - min_col + 1)
        for r in range(min_row, max_row + 1):
            for c in range(min_col, max_col + 1):
                if (r, c) != (min_row, min_col):
                    covered.add((r, c))
    rows: list[tuple[int, list[tuple[int, str]]]] = []
    for r_idx, values in sheet.rows:
        cells = []
        for col, value, number_format in values:
            if (r_idx, col) in covered:
                continue
            text = cell_text(value, number_format)
            if text or (r_idx, col) in spans:
                cells.append((col, text))
        rows.append((r_idx, cells))

    tables: list[Table] = []
    group: list[tuple[int, list[tuple[int, str]]]] = []

    def flush() -> None:
        if not group:
            return
        first, last = group[0][0], group[-1][0]
        cells: list[Cell] = []
        row_sources: list[Source | None] = []
        for r_idx, cs in group:
            src = None
            for col, text in cs:
                rs, cspan = spans.get((r_idx, col), (1, 1))
                rs = min(rs, last - r_idx + 1)
                s = Source(path, sheet=sheet.title, ref=f"{column_letters(col)}{r_idx}")
                cells.append(Cell(text, r_idx - first, col - 1, rs, cspan, s))
                if src is None and text:
                    src = s
            row_sources.append(src or Source(path, sheet=sheet.title, ref=f"A{r_idx}"))
        tables.append(Table(cells, last - first + 1, sheet.n_cols, row_sources[0], row_sources))
        group.clear()

    open_until = 0
    below = 0  # ruled blank rows right under the table read last (None once something else came)
    for r_idx, cs in rows:
        blank = not any(text for _, text in cs)
        if blank and r_idx > open_until:
            if group:
                flush()
                below = 0
            if below is not None and tables and sheet.ruled is not None and sheet.ruled(r_idx):
                below += 1
                tables[-1].empty_rows_below = below
            else:
                below = None
            continue
        below = None
        for col, _ in cs:
            rs, _ = spans.get((r_idx, col), (1, 1))
            open_until = max(open_until, r_idx + rs - 1)
        group.append((r_idx, cs))
    flush()
    return tables
