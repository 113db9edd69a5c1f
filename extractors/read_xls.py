"""Excel 97–2003 reader: an .xls workbook (BIFF, as many budget systems still export) → a cell grid, by xlrd;
the sheets are split into tables as .xlsx sheets are (extractors.sheets)."""
from __future__ import annotations

from pathlib import Path

from .errors import InputError
from .grid import Grid
from .sheets import Sheet, drawn_row, sheet_tables


def _value(book, cell) -> object:
    """A cell's value as openpyxl gives it for .xlsx: numbers, dates, booleans, error codes as text."""
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, book.datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    return cell.value


def _number_format(book, cell) -> str:
    xf = book.xf_list[cell.xf_index] if book.xf_list and cell.xf_index is not None else None
    fmt = book.format_map.get(xf.format_key) if xf is not None else None
    return fmt.format_str if fmt is not None else "General"


def _sheet(book, ws) -> Sheet:
    """An xlrd sheet as a Sheet (xlrd's merged ranges are 0-based and end-exclusive)."""
    merged = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in ws.merged_cells]
    rows = ((r + 1, [(c + 1, _value(book, cell), _number_format(book, cell)) for c, cell in enumerate(ws.row(r))])
            for r in range(ws.nrows))
    return Sheet(ws.name, ws.ncols, merged, rows, lambda r: _ruled(book, ws, r))


def _ruled(book, ws, r: int) -> bool:
    """Whether row r (1-based) is drawn (sheets.drawn_row), from its cells' left, right and bottom borders."""
    if not book.xf_list or r > ws.nrows:
        return False
    borders = (book.xf_list[cell.xf_index].border if cell.xf_index is not None else None for cell in ws.row(r - 1))
    return drawn_row(bool(b and (b.left_line_style or b.right_line_style or b.bottom_line_style)) for b in borders)


def read(path: str | Path) -> Grid:
    """Read every sheet of an .xls workbook into one grid, sheets in workbook order."""
    try:
        import xlrd
    except ImportError as e:  # pragma: no cover - xlrd is a dependency
        raise InputError(str(path), None, f"读取 .xls 需要 pikg 的依赖 xlrd：请连同依赖安装 pikg（pip install -e .），并在该环境中运行（{e}）") from e
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except OSError as e:
        raise InputError(str(path), None, f"无法读取文件：{e.strerror or e}") from e
    except Exception as e:  # xlrd.XLRDError, a damaged compound file (AssertionError, struct.error …)
        raise InputError(str(path), None, f"不是可读的 Excel 97–2003 工作簿（.xls）：{e}") from e
    grid = Grid(str(path))
    for ws in book.sheets():
        grid.items.extend(sheet_tables(_sheet(book, ws), str(path)))
    return grid
