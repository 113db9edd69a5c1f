"""An .xlsx workbook written again as an Excel 97–2003 .xls (xlwt): values, merged ranges and number
formats, sheet by sheet, as a budget system that still exports .xls would write the same tables."""
from __future__ import annotations

from pathlib import Path


def xlsx_to_xls(src: Path, dst: Path) -> None:
    import xlwt
    from openpyxl import load_workbook

    wb = load_workbook(src, data_only=True)
    book = xlwt.Workbook(encoding="utf-8")
    styles: dict[str, object] = {}

    def style(fmt: str):
        if fmt not in styles:
            styles[fmt] = xlwt.easyxf(num_format_str=fmt or "General")
        return styles[fmt]

    for ws in wb.worksheets:
        sheet = book.add_sheet(ws.title, cell_overwrite_ok=True)
        tops = {}
        covered = set()
        for rng in ws.merged_cells.ranges:
            tops[(rng.min_row, rng.min_col)] = rng
            covered |= {(r, c) for r in range(rng.min_row, rng.max_row + 1)
                        for c in range(rng.min_col, rng.max_col + 1)} - {(rng.min_row, rng.min_col)}
        for row in ws.iter_rows():
            for c in row:
                if (c.row, c.column) in covered:
                    continue
                value = c.value
                st = style(c.number_format)
                rng = tops.get((c.row, c.column))
                if rng is not None:
                    sheet.write_merge(rng.min_row - 1, rng.max_row - 1, rng.min_col - 1, rng.max_col - 1, value, st)
                elif value is not None:
                    sheet.write(c.row - 1, c.column - 1, value, st)
    book.save(str(dst))


def xlsx_to_csv(src: Path, dst: Path, encoding: str = "gb18030") -> None:
    """An .xlsx workbook saved as one CSV file, as a spreadsheet saves it: each cell as it prints, merged
    cells in their first field only, an empty record after each sheet."""
    import csv

    from openpyxl import load_workbook

    from extractors.sheets import cell_text

    wb = load_workbook(src, data_only=True)
    with open(dst, "w", encoding=encoding, newline="") as f:
        out = csv.writer(f)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                out.writerow([cell_text(c.value, c.number_format) for c in row])
            out.writerow([])
