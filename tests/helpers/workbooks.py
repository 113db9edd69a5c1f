"""An .xlsx workbook written again as an Excel 97–2003 .xls (xlwt): values, merged ranges and number
formats, sheet by sheet, as a budget system that still exports .xls would write the same tables; the same
as .docx tables and .csv; and a small workbook of one project table written from scratch."""
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


def write_workbook(path: Path) -> None:
    """A small project table of one sheet, with merged ranges and a percent cell, written as .xlsx."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "表12-1"
    rows = [
        ["表12-1 项目支出绩效目标表"],
        ["项目名称", None, "测试项目"],
        ["项目主管部门", None, "某局", None, "项目执行单位", None, "某中心"],
        ["项目总预算", None, 12.5, None, "项目当年预算", None, 12.5],
        [],
        ["年度绩效目标表"],
        ["目标名称", "一级指标", "二级指标", "三级指标", "指标值", None, None, "指标值确定依据"],
        [None, None, None, None, "前年", "上年", "预计当年实现", None],
        ["年度绩效目标 1", "产出指标", "数量指标", "检查次数", "≥3次", "≥4次", "≥5次", "计划标准"],
        [None, None, None, "覆盖率", None, None, 0.95, "行业标准"],
        [None, "满意度指标", "服务对象满意度指标", "满意度", "-", "-", "≥90%", "计划标准"],
    ]
    for r in rows:
        ws.append(r)
    ws["G10"].number_format = "0%"
    for rng in ("A1:H1", "A2:B2", "C2:H2", "A6:H6", "A7:A8", "B7:B8", "C7:C8", "D7:D8", "E7:G7", "H7:H8", "A9:A11", "B9:B10", "C9:C10"):
        ws.merge_cells(rng)
    wb.save(path)
