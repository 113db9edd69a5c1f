"""Readings that today's rules turn wrong or drop, on small cases written here (strict xfail: each one fails
the run once its rule is fixed, so that the marker is taken off with the fix)."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.assemble import assemble
from extractors.grid import Grid, Text
from extractors.read_pdf import PageItems, join_pages, table_units
from tests.test_plain_templates import OVERVIEW, _extract, blocks
from tests.test_structured_readers import S, _put, grid_rules


@pytest.mark.xfail(strict=True, reason="read_pdf._own_row_marks: a measured value under one marks a row of its own "
                                       "even where nothing else is printed under the break; the assembler drops it")
def test_a_target_range_wrapped_over_a_closed_page_break_keeps_both_ends():
    xs = [0, 60, 130, 160, 230, 280]
    p1 = table_units(grid_rules(xs, [0, 20, 40, 60]), 1, S)
    p2 = table_units(grid_rules(xs, [0, 20, 40]), 2, S)
    _put(p1, xs, [["一级指标", "三级指标", "指标性质", "指标值", "指标值确定依据"],
                  ["产出指标", "培训人数", "定量", "≥100人", "计划标准"],
                  ["满意度指标", "服务对象满意度", "定量", "≥85%", "计划标准"]])
    _put(p2, xs, [["", "", "", "≤95%", ""], ["", "企业满意度", "定量", "≥90%", "计划标准"]])
    (table,) = join_pages([PageItems(1, 600, [p1]), PageItems(2, 600, [p2])], "x.pdf", S).items
    records, _ = assemble(Grid("x.pdf", [Text("表11 部门整体支出绩效目标表"), Text("年度绩效指标"), table]), "x")
    targets = {r["name"]: r["target"] for r in records if r["type"] == "indicator"}
    assert "95%" in targets["服务对象满意度"]


@pytest.mark.xfail(strict=True, reason="plain_notes.mark_notes: a row name holding a three-character row name in its "
                                       "middle is taken for an explanation note in a table with a 备注 column")
def test_a_row_name_holding_a_short_row_name_is_no_note(tmp_path: Path):
    table = blocks("年度绩效指标（目标1）", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据", "备注",
                   "产出指标", "数量指标", "覆盖率", "≥98%", "计划标准", "质量指标", "农村覆盖率提升", "≥5%", "计划标准",
                   "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "计划标准")
    names = [r["name"] for r in _extract(tmp_path, OVERVIEW + table) if r["type"] == "indicator"]
    assert "覆盖率" in names and "农村覆盖率提升" in names
