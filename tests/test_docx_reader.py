"""Word documents (.docx): paragraphs and tables in order, merged cells as spans; .doc told by its content."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import assert_fixture_gold, run_pikg
from extractors.engine import extract_document
from extractors.errors import InputError
from extractors.grid import Table, Text
from extractors.read_docx import read
from tests.helpers.workbooks import xlsx_to_csv, xlsx_to_docx, xlsx_to_xls

FIXTURES = Path(__file__).parent / "data" / "fixtures"
BOOK = FIXTURES / "001_163e4aab9eba8502.s2.book.xlsx"


@pytest.mark.slow
def test_the_budget_tables_typed_in_word_give_the_gold_rows(tmp_path: Path):
    p = tmp_path / "部门预算.docx"
    xlsx_to_docx(BOOK, p)
    records, problems = extract_document(p)
    assert_fixture_gold(records)
    rows = [r for r in records if r["type"] == "indicator"]
    assert all("sheet" not in r and r["table"] >= 1 and r["row"] >= 1 and set(r["cells"]) <= {"name", "target"} for r in rows)
    assert {r["layout"] for r in records if r["type"] == "project"} == {"docx"}
    assert problems == []


def test_merged_cells_become_spans_and_paragraphs_text(tmp_path: Path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("年度绩效目标表")
    t = doc.add_table(rows=4, cols=4)
    for c, h in enumerate(["一级指标", "二级指标", "三级指标", "指标值"]):
        t.cell(0, c).text = h
    t.cell(1, 0).merge(t.cell(3, 0)).text = "产出指标"  # down three rows
    t.cell(1, 1).merge(t.cell(2, 1)).text = "数量指标"  # down two rows
    t.cell(3, 2).merge(t.cell(3, 3))  # across two columns
    t.cell(3, 2).text = "合格率与及时率"
    p = tmp_path / "t.docx"
    doc.save(str(p))
    title, table = read(p).items
    assert isinstance(title, Text) and title.text == "年度绩效目标表" and title.source.where() == f"{p} 段落1"
    assert isinstance(table, Table) and (table.n_rows, table.n_cols) == (4, 4)
    spans = {c.text: (c.row, c.col, c.rowspan, c.colspan) for c in table.cells}
    assert spans["产出指标"] == (1, 0, 3, 1) and spans["数量指标"] == (1, 1, 2, 1) and spans["合格率与及时率"] == (3, 2, 1, 2)
    assert next(c for c in table.cells if c.text == "数量指标").source.where() == f"{p} 表格1 第2行第2列"


@pytest.mark.slow
def test_a_word_file_is_told_by_its_content(tmp_path: Path):
    docx = tmp_path / "t.docx"
    xlsx_to_docx(BOOK, docx)
    renamed = tmp_path / "saved-as.doc"  # a .docx under .doc
    renamed.write_bytes(docx.read_bytes())
    assert sum(r["type"] == "indicator" for r in extract_document(renamed)[0]) == 105
    word97 = tmp_path / "old.doc"
    word97.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(InputError, match=r"old\.doc.*请另存为 \.docx 或 PDF"):
        extract_document(word97)
    page = tmp_path / "web-export.doc"  # an HTML page that a web system saved under .doc
    page.write_text("<html><body><p>表12-1 项目支出绩效目标表</p><table><tr><td>项目名称</td><td>测试项目</td></tr></table>"
                    "<p>年度绩效目标表</p><table><tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>指标值</td></tr>"
                    "<tr><td>产出指标</td><td>数量指标</td><td>检查次数</td><td>≥3次</td></tr></table></body></html>",
                    encoding="utf-8")
    (row,) = [r for r in extract_document(page)[0] if r["type"] == "indicator"]
    assert (row["project"], row["name"], row["target"]) == ("测试项目", "检查次数", "≥3次")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match=r"broken\.docx.*不是可读的 Word 文档"):
        extract_document(broken)


@pytest.mark.slow
def test_a_folder_of_word_excel_and_csv_files_builds_and_validates(tmp_path: Path):
    folder = tmp_path / "部门预算"
    folder.mkdir()
    xlsx_to_docx(BOOK, folder / "a.docx")
    xlsx_to_csv(BOOK, folder / "b.csv")
    xlsx_to_xls(BOOK, folder / "c.xls")
    store = tmp_path / "store"
    r = run_pikg("build", str(folder), "--store", str(store), "--no-analysis")
    assert r.returncode == 0 and "SHACL" not in r.stderr.decode(), r.stderr.decode()  # layouts the shapes know
    assert "已将 3/3 个文件构建进" in r.stderr.decode()
    r = run_pikg("validate", "--store", str(store))
    assert r.returncode == 0, (r.stdout + r.stderr).decode()
