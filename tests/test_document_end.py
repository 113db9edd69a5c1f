"""A document whose last table prints its header only: the readers pass on what the document prints of its
own end (ruled rows left empty, a last page numbered as the last of the total), so such a table is the
document's own (warning `table-header-only`), while a file that simply stops after a header stays damage
(`table-without-rows`)."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.engine import extract_document

HEAD = ["一级指标", "二级指标", "三级指标", "指标值"]
LINES = ["表11 部门整体支出绩效目标表", "长期目标 1：维护设备。", "年度目标 1：按期巡检。", "长期绩效目标表"]
ROW = ["产出指标", "数量指标", "巡检次数", "≥4次"]


def _codes(path: Path) -> list[tuple[str, str]]:
    return [(p.severity, p.code) for p in extract_document(path)[1]]


# ---- workbooks -----------------------------------------------------------------------------------

def _xlsx(path: Path, blank: int, sides: tuple[str, ...]) -> None:
    """A sheet ending on the annual table's header and `blank` rows with nothing in them, their cells
    bordered on `sides`."""
    from openpyxl import Workbook
    from openpyxl.styles import Border, Side

    wb = Workbook()
    ws = wb.active
    ws.title = "表11"
    for t in LINES:
        ws.append([t])
    for r in (HEAD, ROW, [], ["年度绩效目标表"], HEAD):
        ws.append(r)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for r in (5, 6, 9):
        for c in range(1, 5):
            ws.cell(r, c).border = box
    for r in range(10, 10 + blank):
        for c in range(1, 5):
            ws.cell(r, c).border = Border(**{s: thin for s in sides})
    wb.save(path)


def test_a_sheet_ending_on_a_header_over_ruled_empty_rows_is_the_documents_own_table(tmp_path: Path):
    p = tmp_path / "b.xlsx"
    _xlsx(p, 3, ("left", "right", "top", "bottom"))
    assert _codes(p) == [("warning", "table-header-only")]


@pytest.mark.parametrize("blank, sides", [(0, ()), (2, ("top",))])
def test_a_sheet_ending_on_a_bare_header_is_damage(tmp_path: Path, blank: int, sides: tuple[str, ...]):
    """No rows under the header, or blank rows with a top border only (the table's bottom rule above
    them): nothing shows the table was drawn whole."""
    p = tmp_path / "b.xlsx"
    _xlsx(p, blank, sides)
    assert _codes(p) == [("error", "table-without-rows")]


@pytest.mark.parametrize("ruled", [True, False])
def test_an_xls_sheet_ending_on_a_header_over_ruled_empty_rows(tmp_path: Path, ruled: bool):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    sh = book.add_sheet("表11")
    box = xlwt.easyxf("borders: left thin, right thin, top thin, bottom thin")
    for i, r in enumerate([[t] for t in LINES] + [HEAD, ROW, [], ["年度绩效目标表"], HEAD]):
        for j, v in enumerate(r):
            sh.write(i, j, v, box if i in (4, 5, 8) else xlwt.Style.default_style)
    for i in (9, 10) if ruled else ():
        for j in range(4):
            sh.write(i, j, None, box)
    p = tmp_path / "b.xls"
    book.save(str(p))
    assert _codes(p) == [("warning", "table-header-only") if ruled else ("error", "table-without-rows")]


# ---- Word ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("empty_rows", [2, 0])
def test_a_word_table_ending_the_document_with_empty_rows_is_whole(tmp_path: Path, empty_rows: int):
    from docx import Document

    doc = Document()
    for t in LINES:
        doc.add_paragraph(t)
    for rows in ([HEAD, ROW], None, [HEAD] + [[""] * 4] * empty_rows):
        if rows is None:
            doc.add_paragraph("年度绩效目标表")
            continue
        table = doc.add_table(rows=len(rows), cols=4)
        for r, texts in enumerate(rows):
            for c, t in enumerate(texts):
                table.cell(r, c).text = t
    p = tmp_path / "d.docx"
    doc.save(str(p))
    assert _codes(p) == [("warning", "table-header-only") if empty_rows else ("error", "table-without-rows")]


# ---- PDF -----------------------------------------------------------------------------------------

def _pdf(path: Path, foot: str, empty_rows: int = 0) -> None:
    """Two A4 pages: the long-term table, then the annual table's header alone (and `empty_rows` ruled
    empty rows); `foot` at each page's foot ({p} the page, {n} the total)."""
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    xs = (40, 140, 240, 380, 500)

    def table(c, y: float, rows: list[list[str]], h: float = 22) -> None:
        for r, row in enumerate(rows):
            c.line(xs[0], y - r * h, xs[-1], y - r * h)
            for k, t in enumerate(row):
                c.setFont(font, 10)
                c.drawString(xs[k] + 3, y - r * h - 15, t)
        c.line(xs[0], y - len(rows) * h, xs[-1], y - len(rows) * h)
        for x in xs:
            c.line(x, y, x, y - len(rows) * h)

    c = canvas.Canvas(str(path), pagesize=(595, 842))
    for i, t in enumerate(LINES):
        c.setFont(font, 12)
        c.drawString(40, 780 - 20 * i, t)
    table(c, 690, [HEAD, ROW])
    c.setFont(font, 9)
    c.drawString(280, 30, foot.format(p=1, n=2))
    c.showPage()
    c.setFont(font, 12)
    c.drawString(40, 780, "年度绩效目标表")
    table(c, 760, [HEAD] + [[""] * 4] * empty_rows)
    c.setFont(font, 9)
    c.drawString(280, 30, foot.format(p=2, n=2))
    c.showPage()
    c.save()


@pytest.mark.parametrize("foot, empty_rows, code", [
    ("第{p}页 共{n}页", 0, "table-header-only"),
    ("共{n}页 第{p}页", 0, "table-header-only"),  # the total first
    ("{p} / {n}", 0, "table-header-only"),
    ("第{p}页", 2, "table-header-only"),
    ("第{p}页", 0, "table-without-rows"),
    ("第{p}页 共3页", 0, "table-without-rows"),  # the document has a third page the file does not hold
    ("共3页 第{p}页", 0, "table-without-rows"),
])
def test_a_pdf_ending_on_a_header_only_table(tmp_path: Path, foot: str, empty_rows: int, code: str):
    p = tmp_path / "d.pdf"
    _pdf(p, foot, empty_rows)
    assert [c for _, c in _codes(p)] == [code]


# ---- HTML ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("empty_rows", [2, 0])
def test_an_html_table_ending_the_page_with_empty_rows_is_whole(tmp_path: Path, empty_rows: int):
    def tr(cells: list[str]) -> str:
        return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"

    body = "".join(f"<p>{t}</p>" for t in LINES) + f"<table>{tr(HEAD)}{tr(ROW)}</table><p>年度绩效目标表</p>"
    body += "<table>" + tr(HEAD) + tr([""] * 4) * empty_rows + "</table>"
    p = tmp_path / "d.html"
    p.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    assert [c for _, c in _codes(p)] == ["table-header-only" if empty_rows else "table-without-rows"]
