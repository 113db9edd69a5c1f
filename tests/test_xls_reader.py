"""Excel 97–2003 workbooks (.xls), and workbooks told by their content rather than their name."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import assert_fixture_gold, load_jsonl, run_pikg
from extractors.engine import extract_document
from extractors.errors import InputError
from extractors.sheets import column_letters
from tests.helpers.workbooks import write_workbook, xlsx_to_xls

FIXTURES = Path(__file__).parent / "data" / "fixtures"
BOOK = FIXTURES / "001_163e4aab9eba8502.s2.book.xlsx"


def _content(records: list[dict]) -> list[dict]:
    """The records without what names the file they came from."""
    return [{k: v for k, v in r.items() if k not in ("doc", "source", "layout")} for r in records]


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_the_budget_workbook_gives_the_gold_rows(tmp_path: Path, suffix: str):
    """The real style-2 workbook of the fixtures as it is and written again as .xls: every row of the
    hand-checked gold, with its sheet and cell."""
    path = BOOK
    if suffix == ".xls":
        path = tmp_path / "book.xls"
        xlsx_to_xls(BOOK, path)
    records, problems = extract_document(path)
    assert_fixture_gold(records)
    rows = [r for r in records if r["type"] == "indicator"]
    assert all(r["sheet"] and r["cell"][0].isalpha() for r in rows)
    assert {r["layout"] for r in records if r["type"] == "project"} == {suffix[1:]}
    assert problems == []


def test_xls_and_xlsx_of_the_same_tables_give_the_same_records(tmp_path: Path):
    xlsx, xls = tmp_path / "book.xlsx", tmp_path / "book.xls"
    write_workbook(xlsx)  # merged labels, a percent format, a blank row between tables
    xlsx_to_xls(xlsx, xls)
    a, _ = extract_document(xlsx)
    b, _ = extract_document(xls)
    assert _content(b) == _content(a)
    target = next(r for r in b if r["type"] == "indicator" and r["name"] == "覆盖率")
    assert (target["target"], target["sheet"], target["cell"]) == ("95%", "表12-1", "D10")


def test_a_workbook_is_told_by_its_content_not_its_name(tmp_path: Path):
    xlsx = tmp_path / "book.xlsx"
    write_workbook(xlsx)
    renamed = tmp_path / "saved-as.xls"  # an .xlsx that a budget system saved under .xls
    renamed.write_bytes(xlsx.read_bytes())
    assert _content(extract_document(renamed)[0]) == _content(extract_document(xlsx)[0])
    page = tmp_path / "web-export.xls"  # an HTML table that a web system saved under .xls
    page.write_text("<html><body><p>表12-1 项目支出绩效目标表</p><table><tr><td>项目名称</td><td>测试项目</td></tr></table>"
                    "<p>年度绩效目标表</p><table><tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>指标值</td>"
                    "<td>指标值确定依据</td></tr><tr><td>产出指标</td><td>数量指标</td><td>检查次数</td><td>≥3次</td>"
                    "<td>计划标准</td></tr></table></body></html>", encoding="gb18030")
    records, _ = extract_document(page)
    (row,) = [r for r in records if r["type"] == "indicator"]
    assert (row["project"], row["name"], row["target"]) == ("测试项目", "检查次数", "≥3次")


def test_a_damaged_xls_names_the_file(tmp_path: Path):
    p = tmp_path / "broken.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)  # a compound-file signature, nothing behind it
    with pytest.raises(InputError, match=r"broken\.xls.*Excel 97–2003"):
        extract_document(p)


@pytest.mark.slow
def test_a_folder_of_xls_workbooks_is_extracted(tmp_path: Path):
    folder = tmp_path / "部门预算"
    folder.mkdir()
    xlsx_to_xls(BOOK, folder / "book.xls")
    out = tmp_path / "out.jsonl"
    r = run_pikg("extract", str(folder), "-o", str(out), "-q")
    assert r.returncode == 0, r.stderr.decode()
    assert sum(rec["type"] == "indicator" for rec in load_jsonl(out)) == 105


@pytest.mark.parametrize("col,name", [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (703, "AAA")])
def test_column_letters(col: int, name: str):
    assert column_letters(col) == name
