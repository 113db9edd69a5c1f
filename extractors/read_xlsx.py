"""Excel reader: an .xlsx workbook → a cell grid (merged ranges become spans; provenance: sheet and cell).

Each sheet is read in order and split into tables by extractors.sheets. A flat export with one indicator a
row is one table.
"""
from __future__ import annotations

from pathlib import Path

from .errors import InputError
from .grid import Grid
from .sheets import Sheet, sheet_tables


def _sheet(ws) -> Sheet:
    """An openpyxl worksheet as a Sheet."""
    merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
    rows = ((r_idx, [(c.column, c.value, c.number_format) for c in row])
            for r_idx, row in enumerate(ws.iter_rows(min_row=1, max_row=ws.max_row or 0), start=1))
    return Sheet(ws.title, ws.max_column or 0, merged, rows)


def read(path: str | Path) -> Grid:
    """Read every sheet of a workbook into one grid, sheets in workbook order."""
    try:
        from openpyxl import load_workbook
    except ImportError as e:  # pragma: no cover - openpyxl is a dependency
        raise InputError(str(path), None, f"reading Excel needs openpyxl, one of pikg's dependencies: install pikg with its dependencies (pip install -e .) and run it from that environment ({e})") from e
    try:
        with open(path, "rb") as f:  # a stream: openpyxl refuses a workbook by its name (an .xlsx saved as .xls)
            wb = load_workbook(f, data_only=True)
    except OSError as e:
        raise InputError(str(path), None, f"cannot read the file: {e.strerror or e}") from e
    except Exception as e:  # zipfile.BadZipFile, KeyError, InvalidFileException …
        raise InputError(str(path), None, f"not a readable Excel workbook (.xlsx): {e}") from e
    grid = Grid(str(path))
    for ws in wb.worksheets:
        grid.items.extend(sheet_tables(_sheet(ws), str(path)))
    return grid
