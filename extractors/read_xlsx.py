"""Excel reader: an .xlsx workbook → a cell grid (merged ranges become spans; provenance: sheet and cell).

Each sheet is read in order; blank rows split a sheet into separate tables, so a sheet may hold one table
or a whole 表12 (form, 长期 and 年度 tables). A flat export with one indicator a row is one table.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from .errors import InputError
from .grid import Cell, Grid, Source, Table


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
        return s + ("%" if "%" in (number_format or "") else "")
    return str(value).strip()


def _sheet_tables(ws, path: str) -> list[Table]:
    from openpyxl.utils import get_column_letter

    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for rng in ws.merged_cells.ranges:
        spans[(rng.min_row, rng.min_col)] = (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    covered.add((r, c))
    n_cols = ws.max_column or 0
    rows: list[tuple[int, list[tuple[int, str, object]]]] = []
    for r_idx, row in enumerate(ws.iter_rows(min_row=1, max_row=ws.max_row or 0), start=1):
        cells = []
        for c in row:
            if (r_idx, c.column) in covered:
                continue
            text = cell_text(c.value, c.number_format)
            if text or (r_idx, c.column) in spans:
                cells.append((c.column, text, c))
        rows.append((r_idx, cells))
    # split at blank rows that no merged range crosses
    tables: list[Table] = []
    group: list[tuple[int, list]] = []

    def flush() -> None:
        if not group:
            return
        first = group[0][0]
        last = group[-1][0]
        cells: list[Cell] = []
        row_sources: list[Source | None] = []
        for r_idx, cs in group:
            src = None
            for col, text, c in cs:
                rs, cspan = spans.get((r_idx, col), (1, 1))
                rs = min(rs, last - r_idx + 1)
                s = Source(path, sheet=ws.title, ref=f"{get_column_letter(col)}{r_idx}")
                cells.append(Cell(text, r_idx - first, col - 1, rs, cspan, s))
                if src is None and text:
                    src = s
            row_sources.append(src or Source(path, sheet=ws.title, ref=f"A{r_idx}"))
        tables.append(Table(cells, last - first + 1, n_cols, row_sources[0], row_sources))
        group.clear()

    open_until = 0
    for r_idx, cs in rows:
        blank = not any(text for _, text, _ in cs)
        if blank and r_idx > open_until:
            flush()
            continue
        for col, _, _ in cs:
            rs, _ = spans.get((r_idx, col), (1, 1))
            open_until = max(open_until, r_idx + rs - 1)
        group.append((r_idx, cs))
    flush()
    return tables


def read(path: str | Path) -> Grid:
    """Read every sheet of a workbook into one grid, sheets in workbook order."""
    try:
        from openpyxl import load_workbook
    except ImportError as e:  # pragma: no cover - openpyxl is a dependency
        raise InputError(str(path), None, f"reading Excel needs openpyxl, one of pikg's dependencies: install pikg with its dependencies (pip install -e .) and run it from that environment ({e})") from e
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as e:  # zipfile.BadZipFile, KeyError, InvalidFileException …
        raise InputError(str(path), None, f"not a readable Excel workbook (.xlsx): {e}") from e
    grid = Grid(str(path))
    for ws in wb.worksheets:
        grid.items.extend(_sheet_tables(ws, str(path)))
    return grid
