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


def xlsx_to_docx(src: Path, dst: Path) -> None:
    """An .xlsx workbook written as a Word document, as a department that types its tables in Word would
    have them: each block of a sheet (rows between blank rows) a Word table with the workbook's merged
    cells merged, or a paragraph where the block is one line of one text (a title, a unit line)."""
    from docx import Document
    from openpyxl import load_workbook

    from extractors.sheets import cell_text

    wb = load_workbook(src, data_only=True)
    doc = Document()
    for ws in wb.worksheets:
        texts = {(c.row, c.column): cell_text(c.value, c.number_format) for row in ws.iter_rows() for c in row}
        merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
        blocks: list[list[int]] = [[]]
        open_until = 0
        for r in range(1, (ws.max_row or 0) + 1):
            if not any(texts.get((r, c)) for c in range(1, ws.max_column + 1)) and r > open_until:
                blocks.append([])
                continue
            open_until = max([open_until] + [m[2] for m in merged if m[0] == r])
            blocks[-1].append(r)
        for rows in (b for b in blocks if b):
            filled = [(r, c) for r in rows for c in range(1, ws.max_column + 1) if texts.get((r, c))]
            if len(rows) == 1 and len(filled) == 1:
                doc.add_paragraph(texts[filled[0]])
                continue
            first = rows[0]
            table = doc.add_table(rows=len(rows), cols=ws.max_column)
            for r0, c0, r1, c1 in merged:
                if first <= r0 and r1 <= rows[-1] and (r0, c0) != (r1, c1):
                    table.cell(r0 - first, c0 - 1).merge(table.cell(r1 - first, c1 - 1))
            for (r, c) in filled:
                table.cell(r - first, c - 1).text = texts[(r, c)]
    doc.save(str(dst))
