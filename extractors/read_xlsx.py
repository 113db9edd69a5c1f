"""Excel reader: an .xlsx workbook → a cell grid (merged ranges become spans; provenance: sheet and cell).

Each sheet is read in order and split into tables by extractors.sheets. A flat export with one indicator a
row is one table.
"""
from __future__ import annotations

from pathlib import Path

from .errors import InputError
from .grid import Grid
from .problems import Problem
from .sheets import Sheet, sheet_tables
from .workbook_notices import hidden_parts, uncached_formulas

MAX_FORMULAS_NAMED = 20  # formula cells without a value named one by one; the rest counted


def _sheet(ws) -> Sheet:
    """An openpyxl worksheet as a Sheet."""
    merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
    rows = ((r_idx, [(c.column, c.value, c.number_format) for c in row])
            for r_idx, row in enumerate(ws.iter_rows(min_row=1, max_row=ws.max_row or 0), start=1))
    return Sheet(ws.title, ws.max_column or 0, merged, rows)


def open_workbook(path: str | Path):
    """An .xlsx workbook with its cells' saved values (openpyxl), or InputError naming the file."""
    try:
        from openpyxl import load_workbook
    except ImportError as e:  # pragma: no cover - openpyxl is a dependency
        raise InputError(str(path), None, f"reading Excel needs openpyxl, one of pikg's dependencies: install pikg with its dependencies (pip install -e .) and run it from that environment ({e})") from e
    try:
        with open(path, "rb") as f:  # a stream: openpyxl refuses a workbook by its name (an .xlsx saved as .xls)
            return load_workbook(f, data_only=True)
    except OSError as e:
        raise InputError(str(path), None, f"cannot read the file: {e.strerror or e}") from e
    except Exception as e:  # zipfile.BadZipFile, KeyError, InvalidFileException …
        raise InputError(str(path), None, f"not a readable Excel workbook (.xlsx): {e}") from e


def formula_problems(path: str | Path) -> list[Problem]:
    """A warning for each formula cell whose value the workbook never saved (it reads as empty)."""
    found = uncached_formulas(path)
    out = [Problem("warning", "formula-without-value", f"the formula {formula} has no saved value, so the cell reads "
                   "as empty: open the workbook in Excel or LibreOffice, let it calculate, save it and read it again",
                   f"{path} [{sheet}]!{ref}") for (sheet, ref), formula in list(found.items())[:MAX_FORMULAS_NAMED]]
    if len(found) > MAX_FORMULAS_NAMED:
        out.append(Problem("warning", "formula-without-value", f"{len(found) - MAX_FORMULAS_NAMED} more formula cells "
                           "have no saved value", str(path)))
    return out


def read(path: str | Path) -> Grid:
    """Read every sheet of a workbook into one grid, sheets in workbook order; hidden sheets, rows and columns
    are read and reported, and so are formulas without a saved value."""
    wb = open_workbook(path)
    grid = Grid(str(path), problems=formula_problems(path))
    for ws in wb.worksheets:
        hidden = hidden_parts(ws)
        if hidden:
            grid.problems.append(Problem("warning", "hidden-cells", "; ".join(hidden) + ": read like the visible ones",
                                         f"{path} [{ws.title}]"))
        grid.items.extend(sheet_tables(_sheet(ws), str(path)))
    return grid
