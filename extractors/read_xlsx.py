"""Excel reader: an .xlsx workbook → a cell grid (merged ranges become spans; provenance: sheet and cell).

Each sheet is read in order and split into tables by extractors.sheets. A flat export with one indicator a
row is one table.
"""
from __future__ import annotations

from pathlib import Path

from .errors import InputError
from .grid import Grid
from .problems import Problem
from .sheets import Sheet, drawn_row, sheet_tables
from .workbook_notices import hidden_parts, uncached_formulas

MAX_FORMULAS_NAMED = 20  # formula cells without a value named one by one; the rest counted


def _sheet(ws) -> Sheet:
    """An openpyxl worksheet as a Sheet."""
    merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
    rows = ((r_idx, [(c.column, c.value, c.number_format) for c in row])
            for r_idx, row in enumerate(ws.iter_rows(min_row=1, max_row=ws.max_row or 0), start=1))
    return Sheet(ws.title, ws.max_column or 0, merged, rows, lambda r: ruled_row(ws[r]))


def ruled_row(cells) -> bool:
    """Whether a row is drawn (sheets.drawn_row), from its cells' left, right and bottom borders."""
    return drawn_row(any(getattr(getattr(c.border, side, None), "style", None) for side in ("left", "right", "bottom"))
                     for c in cells)


def open_workbook(path: str | Path):
    """An .xlsx workbook with its cells' saved values (openpyxl), or InputError naming the file."""
    try:
        from openpyxl import load_workbook
    except ImportError as e:  # pragma: no cover - openpyxl is a dependency
        raise InputError(str(path), None, f"读取 Excel 需要 pikg 的依赖 openpyxl：请连同依赖安装 pikg（pip install -e .），并在该环境中运行（{e}）") from e
    try:
        with open(path, "rb") as f:  # a stream: openpyxl refuses a workbook by its name (an .xlsx saved as .xls)
            return load_workbook(f, data_only=True)
    except OSError as e:
        raise InputError(str(path), None, f"无法读取文件：{e.strerror or e}") from e
    except Exception as e:  # zipfile.BadZipFile, KeyError, InvalidFileException …
        raise InputError(str(path), None, f"不是可读的 Excel 工作簿（.xlsx）：{e}") from e


def formula_problems(path: str | Path) -> list[Problem]:
    """A warning for each formula cell whose value the workbook never saved (it reads as empty)."""
    found = uncached_formulas(path)
    out = [Problem("warning", "formula-without-value", f"公式 {formula} 没有保存的计算结果，该单元格读作空："
                   "请用 Excel 或 LibreOffice 打开工作簿，重新计算并保存后再读取",
                   f"{path} [{sheet}]!{ref}") for (sheet, ref), formula in list(found.items())[:MAX_FORMULAS_NAMED]]
    if len(found) > MAX_FORMULAS_NAMED:
        out.append(Problem("warning", "formula-without-value", f"另有 {len(found) - MAX_FORMULAS_NAMED} 个公式单元格"
                           "没有保存的计算结果", str(path)))
    return out


def read(path: str | Path) -> Grid:
    """Read every sheet of a workbook into one grid, sheets in workbook order; hidden sheets, rows and columns
    are read and reported, and so are formulas without a saved value."""
    wb = open_workbook(path)
    grid = Grid(str(path), problems=formula_problems(path))
    for ws in wb.worksheets:
        hidden = hidden_parts(ws)
        if hidden:
            grid.problems.append(Problem("warning", "hidden-cells", "；".join(hidden) + "：与可见部分一样读取",
                                         f"{path} [{ws.title}]"))
        grid.items.extend(sheet_tables(_sheet(ws), str(path)))
    return grid
