"""Producers through office libraries: openpyxl workbooks, python-docx Word files, csv grids and exports."""
from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

from .layout import Cell, Grid, Printed, Section, Text
from .template import Template


def _sheet_title(name: str, used: set[str]) -> str:
    base = name.replace(":", " ").replace("/", " ")[:28] or "Sheet"
    title, i = base, 2
    while title in used:
        title, i = f"{base}{i}", i + 1
    used.add(title)
    return title


_PLAIN_NUMBER = re.compile(r"^(\d+)(?:\.(\d+))?(%?)$")


def typed_number(text: str) -> tuple[float, str] | None:
    """A plain number or percentage as a workbook stores it when typed in: (value, number format) that
    prints exactly the text (12 → 12 "0", 95.5% → 0.955 "0.0%", 3.50 → 3.5 "0.00"); None for any other text."""
    m = _PLAIN_NUMBER.match(text)
    if not m or (len(m.group(1)) > 1 and m.group(1).startswith("0")):
        return None
    places = len(m.group(2) or "")
    fmt = "0" + ("." + "0" * places if places else "") + m.group(3)
    v = Decimal(text.rstrip("%")) / (100 if m.group(3) else 1)
    return float(v), fmt


def write_xlsx(p: Printed, t: Template, path: Path) -> None:
    """Each section on its own sheet or all on one; merged cells via merge_cells, top- or middle-aligned."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    wb = Workbook()
    ws = wb.active
    used: set[str] = set()
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    valign = "top" if t.valign == "top" else "center"
    width = max((it.ncols for s in p.sections for it in s.items if isinstance(it, Grid)), default=4)
    row = 1
    for si, sec in enumerate(p.sections):
        if si == 0 or t.sheets == "per_block":
            if si:
                ws = wb.create_sheet()
                row = 1
            ws.title = _sheet_title(sec.name if t.sheets == "per_block" else "绩效目标表", used)
            for c in range(1, width + 1):
                ws.column_dimensions[chr(64 + c) if c <= 26 else "Z"].width = 18
        elif t.sheets == "one":
            row += 1
        for it in sec.items:
            if isinstance(it, Text):
                cell = ws.cell(row=row, column=1, value=it.text)
                cell.font = Font(name="宋体", bold=it.style in ("title", "subtitle"), size=14 if it.style == "title" else 10.5)
                if it.style in ("title", "subtitle") and width > 1:
                    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
                    cell.alignment = Alignment(horizontal="center")
                row += 1
                continue
            for r, cells in enumerate(it.rows):
                for c, cell in enumerate(cells):
                    x = ws.cell(row=row + r, column=c + 1)
                    x.border = border
                    if cell is None:
                        continue
                    typed = typed_number(cell.text) if cell.value and t.xlsx_values == "numeric" else None
                    if cell.number is not None and t.xlsx_numbers == "numeric":
                        x.value = float(cell.number)
                        x.number_format = "#,##0.00" if t.thousands else "0.00"
                    elif typed:
                        x.value, x.number_format = typed
                    else:
                        x.value = cell.text if cell.text != "" else None
                        x.data_type = "s" if x.value is not None else x.data_type
                    x.alignment = Alignment(wrap_text=True, vertical=valign, horizontal="center" if cell.header else "left")
                    if cell.header:
                        x.font = Font(name="宋体", bold=True)
                    if cell.rowspan > 1 or cell.colspan > 1:
                        ws.merge_cells(start_row=row + r, start_column=c + 1, end_row=row + r + cell.rowspan - 1, end_column=c + cell.colspan)
            row += len(it.rows)
    wb.save(path)


def grid_rows(p: Printed) -> list[list[str]]:
    """The document as a plain grid, as a spreadsheet saves it to CSV (a merged cell's text in its first position)."""
    out: list[list[str]] = []
    for sec in p.sections:
        for it in sec.items:
            if isinstance(it, Text):
                out.append([it.text])
            else:
                out += [[c.text if c is not None else "" for c in cells] for cells in it.rows]
    width = max(len(r) for r in out)
    return [r + [""] * (width - len(r)) for r in out]


def write_csv(p: Printed, t: Template, path: Path) -> None:
    """The grid as CSV in the template's encoding (utf-8-sig or GB18030)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(grid_rows(p))
    path.write_bytes(buf.getvalue().encode(t.csv_encoding))


def write_export_xlsx(p: Printed, t: Template, path: Path) -> None:
    """The one-sheet export as a workbook: plain cells, no merges."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "绩效目标"
    for r, cells in enumerate(grid_rows(p), 1):
        for c, text in enumerate(cells, 1):
            if text != "":
                x = ws.cell(row=r, column=c, value=text)
                x.data_type = "s"  # a value such as "=100%" is text, not a formula
    wb.save(path)


def write_docx(p: Printed, t: Template, path: Path) -> None:
    """Word tables with vertical and horizontal merges; captions and titles as paragraphs."""
    from docx import Document
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    d = Document()
    valign = WD_ALIGN_VERTICAL.TOP if t.valign == "top" else WD_ALIGN_VERTICAL.CENTER
    for si, sec in enumerate(p.sections):
        if si:
            d.add_page_break()
        for it in sec.items:
            if isinstance(it, Text):
                para = d.add_paragraph()
                run = para.add_run(it.text)
                run.bold = it.style in ("title", "subtitle")
                run.font.size = Pt(14 if it.style == "title" else 10.5)
                if it.style in ("title", "subtitle"):
                    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                elif it.style == "unit":
                    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                continue
            table = d.add_table(rows=len(it.rows), cols=it.ncols)
            table.style = "Table Grid"
            for r, cells in enumerate(it.rows):
                for c, cell in enumerate(cells):
                    if cell is None:
                        continue
                    x = table.cell(r, c)
                    if cell.rowspan > 1 or cell.colspan > 1:
                        x = x.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
                    x.text = cell.text
                    x.vertical_alignment = valign
                    if cell.header:
                        for run in x.paragraphs[0].runs:
                            run.bold = True
            d.add_paragraph()
    d.save(path)
