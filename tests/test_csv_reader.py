"""Comma-separated exports: a spreadsheet saved as CSV, read by its file name's suffix."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import assert_fixture_gold, load_jsonl, run_pikg
from extractors.engine import extract_document
from extractors.read_markup import read_csv
from tests.helpers.workbooks import xlsx_to_csv

FIXTURES = Path(__file__).parent / "data" / "fixtures"


def test_the_budget_workbook_saved_as_csv_gives_the_gold_rows(tmp_path: Path):
    """The real style-2 workbook saved as GB18030 CSV (what Excel on a Chinese Windows writes): no spans,
    labels only in the first row of their range."""
    p = tmp_path / "book.csv"
    xlsx_to_csv(FIXTURES / "001_163e4aab9eba8502.s2.book.xlsx", p)
    records, problems = extract_document(p)
    assert_fixture_gold(records)
    assert {r["layout"] for r in records if r["type"] == "project"} == {"csv"}
    assert problems == []


def test_quoted_fields_keep_their_columns_and_lines():
    text = ('表12-1 项目支出绩效目标表,,,\n'
            '项目名称,测试项目,,\n'
            '\n'
            '"一级指标","二级指标","三级指标","指标值"\n'
            '产出指标,数量指标,"检查次数,含复查",≥3次\n'
            ',"质量\n指标",合格率,100%\n'
            '单位：万元\n')
    grid = read_csv(text, "t.csv")
    form, table, unit = grid.items  # a record with commas is a table row, a title padded with commas too
    assert [(c.row, c.col, c.text) for c in form.cells] == [(0, 0, "表12-1 项目支出绩效目标表"), (1, 0, "项目名称"), (1, 1, "测试项目")]
    assert [(c.row, c.col, c.text) for c in table.cells if c.row > 0] == [
        (1, 0, "产出指标"), (1, 1, "数量指标"), (1, 2, "检查次数,含复查"), (1, 3, "≥3次"),
        (2, 1, "质量\n指标"), (2, 2, "合格率"), (2, 3, "100%")]
    assert [s.line for s in table.row_sources] == [4, 5, 6]  # a record's first line, also after a quoted break
    assert (unit.text, unit.source.line) == ("单位：万元", 8)


@pytest.mark.slow
def test_a_short_flat_export_is_read_as_csv_by_its_name(tmp_path: Path):
    p = tmp_path / "指标.csv"
    p.write_text("项目名称,项目编码,一级指标,二级指标,三级指标,年度指标值\n"
                 "甲项目,A1,产出指标,数量指标,检查次数,≥4次\n"
                 "乙项目,B2,产出指标,质量指标,合格率,100%\n", encoding="utf-8-sig")
    out = tmp_path / "out.jsonl"
    r = run_pikg("extract", str(tmp_path), "-o", str(out), "-q")  # a folder: .csv files are documents
    assert r.returncode == 0, r.stderr.decode()
    rows = [(x["project"], x["name"], x["target"]) for x in load_jsonl(out) if x["type"] == "indicator"]
    assert rows == [("甲项目", "检查次数", "≥4次"), ("乙项目", "合格率", "100%")]


def test_an_empty_csv_field_keeps_its_column():
    """CSV fields stand in their columns: an empty 上年实际值 stays empty, the 分值 after it is not moved
    into it by its content, and an empty form value does not make the next label the value."""
    text = ("表12 项目支出绩效目标表\n项目名称,甲项目,,\n项目编码,,项目类别,常年性项目\n\n"
            "一级指标,二级指标,三级指标,指标值,上年实际值,分值\n产出指标,数量指标,检查次数,≥4次,,20\n")
    grid = read_csv(text, "x.csv")
    assert not any(getattr(t, "loose", False) for t in grid.items)
    from extractors.assemble import assemble
    records = assemble(grid, "x")[0]
    (row,) = [r for r in records if r["type"] == "indicator"]
    assert (row["target"], row["prev1"], row.get("extras")) == ("≥4次", None, {"分值": "20"})
    (p,) = [r for r in records if r["type"] == "project"]
    assert (p["code"], p["category"]) == (None, "常年性项目")
