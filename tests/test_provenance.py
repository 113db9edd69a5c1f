"""Provenance: where each indicator row was read (PDF boxes, workbook cells, Word table cells), carried into
the graph and read back for the reviewer's desk."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from extractors.engine import extract_document

FIXTURES = Path(__file__).parent / "data" / "fixtures"
PDF = FIXTURES / "001_163e4aab9eba8502.s2.pdf"

HEADER = ["年度目标", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]
ROWS = [("培训人次", "≥300人次"), ("培训场次", "≥12场"), ("培训合格率", "≥95%")]


def _squeeze(s: str | None) -> str:
    return unicodedata.normalize("NFKC", re.sub(r"\s", "", s or ""))


def _indicators(records: list[dict]) -> list[dict]:
    return [r for r in records if r["type"] == "indicator"]


@pytest.fixture(scope="module")
def pdf_rows() -> list[dict]:
    return _indicators(extract_document(PDF)[0])


def test_a_pdf_rows_boxes_hold_the_printed_name_and_target(pdf_rows):
    """The name and target boxes, cropped from the page with pdfplumber, hold exactly the printed cell."""
    import pdfplumber

    assert pdf_rows and all(set(r["boxes"]) == {"row", "name", "target"} for r in pdf_rows)
    with pdfplumber.open(PDF) as pdf:
        for r in pdf_rows:
            page = pdf.pages[r["page"] - 1]
            for role in ("name", "target"):
                x0, top, x1, bottom = r["boxes"][role]
                assert 0 <= x0 < x1 <= float(page.width) and 0 <= top < bottom <= float(page.height)
                assert _squeeze(page.within_bbox(r["boxes"][role]).extract_text()) == _squeeze(r[role]), (r["line"], role)
            row, name = r["boxes"]["row"], r["boxes"]["name"]
            assert row[0] <= name[0] and r["boxes"]["target"][2] <= row[2]  # the row spans the table
            assert name[1] == row[1] and name[3] >= row[3]  # the name cell starts on its row (or is merged down)


def _word_table(path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("2026年部门预算")
    doc.add_paragraph("年度绩效目标表")
    doc.add_table(rows=1, cols=2).cell(0, 0).text = "一张无关的表"
    t = doc.add_table(rows=4, cols=6)
    for c, h in enumerate(HEADER):
        t.cell(0, c).text = h
    t.cell(1, 0).merge(t.cell(3, 0)).text = "完成全年培训任务"
    t.cell(1, 1).merge(t.cell(3, 1)).text = "产出指标"
    t.cell(1, 2).merge(t.cell(2, 2)).text = "数量指标"
    t.cell(3, 2).text = "质量指标"
    for r, (name, target) in enumerate(ROWS, 1):
        t.cell(r, 3).text, t.cell(r, 4).text, t.cell(r, 5).text = name, target, "计划标准"
    doc.save(str(path))


def test_a_word_row_names_its_table_row_and_columns(tmp_path: Path):
    from docx import Document

    p = tmp_path / "培训.docx"
    _word_table(p)
    rows = _indicators(extract_document(p)[0])
    assert [r["name"] for r in rows] == [n for n, _ in ROWS]
    tables = Document(str(p)).tables
    for r in rows:
        assert "sheet" not in r and "cell" not in r and "boxes" not in r
        table = tables[r["table"] - 1]
        assert table.cell(r["row"] - 1, r["cells"]["name"] - 1).text == r["name"]
        assert table.cell(r["row"] - 1, r["cells"]["target"] - 1).text == r["target"]
    assert [(r["table"], r["row"], r["cells"]) for r in rows][0] == (2, 2, {"name": 4, "target": 5})


def _workbook(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "年度绩效目标"
    ws["A1"] = "2026年部门预算 年度绩效目标表"
    ws.append([])
    ws.append(["", *HEADER])  # the table starts in column B, row 3
    ws.merge_cells("B4:B6")
    ws.merge_cells("C4:C6")
    ws["B4"], ws["C4"] = "完成全年培训任务", "产出指标"
    for i, (name, target) in enumerate(ROWS):
        r = 4 + i
        ws.cell(r, 4, "数量指标" if i < 2 else "质量指标")
        ws.cell(r, 5, name)
        ws.cell(r, 6, target)
        ws.cell(r, 7, "计划标准")
    wb.save(path)


def test_a_workbook_row_names_its_name_and_target_cells(tmp_path: Path):
    from openpyxl import load_workbook

    p = tmp_path / "培训.xlsx"
    _workbook(p)
    rows = _indicators(extract_document(p)[0])
    assert [r["name"] for r in rows] == [n for n, _ in ROWS]
    ws = load_workbook(p)["年度绩效目标"]
    for r in rows:
        assert r["sheet"] == "年度绩效目标" and "boxes" not in r
        assert ws[r["cells"]["name"]].value == r["name"] and ws[r["cells"]["target"]].value == r["target"]
    assert rows[0]["cells"] == {"name": "E4", "target": "F4"}


def test_a_csv_row_names_the_cells_a_spreadsheet_shows(tmp_path: Path):
    """A quoted field over two lines: the record number, not the line, is the spreadsheet's row."""
    p = tmp_path / "培训.csv"
    lines = ["2026年部门预算", "年度绩效目标表", ",".join(HEADER),
             '"完成全年\n培训任务",产出指标,数量指标,培训人次,≥300人次,计划标准',
             ",,,培训场次,≥12场,计划标准"]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = _indicators(extract_document(p)[0])
    assert [(r["name"], r["line"], r["cells"]) for r in rows] == [
        ("培训人次", 4, {"name": "D4", "target": "E4"}), ("培训场次", 6, {"name": "D5", "target": "E5"})]
