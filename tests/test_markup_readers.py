"""Text that marks its cells (HTML, markdown, tab-separated) read into a cell grid, and the repairs the
assembler makes on loose rows (cells kept in order but not in place, or cut into pieces)."""
from __future__ import annotations

import html
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import load_jsonl, row_fields, row_key

from extractors.assemble import assemble
from extractors.engine import extract_document
from extractors.grid import Cell, Table, Text
from extractors.read_markup import read_html, read_markdown, read_tsv
from extractors.realign import cell_class, realign

INDICATOR_ROLES = ["goal", "level1", "level2", "name", "target", "basis"]
ANNUAL_ROLES = ["goal", "level1", "level2", "name", "prev2", "prev1", "target", "basis"]


def _rows(records: list[dict]) -> list[tuple]:
    return [(r["horizon"], r["level1"], r["level2"], r["name"], r["prev2"], r["prev1"], r["target"], r["basis"])
            for r in records if r["type"] == "indicator"]


def _placed(cells: list[Cell]) -> list[tuple[int, str]]:
    return [(c.col, c.text) for c in cells]


# ---- the readers ---------------------------------------------------------------------------------
def test_html_tables_keep_their_spans_and_the_text_between_them():
    html = """<p>表12-1 项目支出绩效目标表</p>
<table>
<tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>指标值</td></tr>
<tr><td rowspan="2">产出指标</td><td colspan="2">数量指标 合计</td><td>3</td></tr>
<tr><td>质量指标</td><td>合格率<br/>（抽检）</td><td>95%</td></tr>
</table>
<p>单位：万元</p>"""
    grid = read_html(html, "t.html")
    title, table, unit = grid.items
    assert isinstance(title, Text) and title.text == "表12-1 项目支出绩效目标表" and title.source.line == 1
    assert isinstance(unit, Text) and unit.text == "单位：万元"
    assert isinstance(table, Table) and (table.n_rows, table.n_cols) == (3, 4)
    spans = {(c.row, c.col): (c.text, c.rowspan, c.colspan) for c in table.cells}
    assert spans[(1, 0)] == ("产出指标", 2, 1)
    assert spans[(1, 1)] == ("数量指标 合计", 1, 2)
    # the row under a rowspan starts after it: its first cell is in the second column
    assert spans[(2, 1)] == ("质量指标", 1, 1)
    assert spans[(2, 2)] == ("合格率\n（抽检）", 1, 1)
    assert table.row_sources[2].line == 5


def test_markdown_tables_end_at_blank_lines_and_keep_empty_cells_in_place():
    md = "标题\n\n| a | | c |\n|---|---|---|\n| | e | |\n\n| x | y |\n不是表格\n"
    grid = read_markdown(md, "t.md")
    kinds = [type(i).__name__ for i in grid.items]
    assert kinds == ["Text", "Table", "Table", "Text"]
    first = grid.items[1]
    assert first.loose and not first.split
    assert _placed(first.cells) == [(0, "a"), (2, "c"), (1, "e")]
    assert [s.line for s in first.row_sources] == [3, 5]


def test_tsv_fields_keep_their_columns_and_latex_becomes_symbols():
    grid = read_tsv("单位：万元\n\t\t质量指标\t$\\geq 95\\%$\n", "t.tsv")
    text, table = grid.items
    assert text.text == "单位：万元"
    assert table.loose and table.split
    assert _placed(table.cells) == [(2, "质量指标"), (3, "≥ 95%")]


# ---- realignment ---------------------------------------------------------------------------------
def test_cell_classes():
    assert [cell_class(t) for t in ("长期绩效目标1", "产出指标", "数量指标", "计划标准", "≥90%", "稳步提高", "群众满意度")] == [
        "goal", "l1", "l2", "basis", "value", "word", "text"]


def test_a_row_that_fits_keeps_its_places():
    cells = [Cell("质量指标", 0, 2), Cell("合格率", 0, 3), Cell("≥90%", 0, 6), Cell("计划标准", 0, 7)]
    assert _placed(realign(cells, ANNUAL_ROLES)) == [(2, "质量指标"), (3, "合格率"), (6, "≥90%"), (7, "计划标准")]


def test_a_row_moved_left_moves_back_whole():
    # "| 满意度指标 | 服务对象满意度 | 群众满意度 | ≥90% | 计划标准 | |": the empty goal cell was dropped
    cells = [Cell(t, 0, k) for k, t in enumerate(["满意度指标", "服务对象满意度", "群众满意度", "≥90%", "计划标准"])]
    assert _placed(realign(cells, INDICATOR_ROLES)) == [(1, "满意度指标"), (2, "服务对象满意度"), (3, "群众满意度"), (4, "≥90%"), (5, "计划标准")]
    # "| | 质量指标 | 覆盖率 | | | 100% | 计划标准 | |": moved left by one, empty value cells kept
    cells = [Cell("质量指标", 0, 1), Cell("覆盖率", 0, 2), Cell("100%", 0, 5), Cell("计划标准", 0, 6)]
    assert _placed(realign(cells, ANNUAL_ROLES)) == [(2, "质量指标"), (3, "覆盖率"), (6, "100%"), (7, "计划标准")]


def test_a_name_alone_goes_to_the_name_column():
    cells = [Cell("群众满意度", 0, 0), Cell("≥90%", 0, 3), Cell("计划标准", 0, 4)]
    assert _placed(realign(cells, INDICATOR_ROLES)) == [(3, "群众满意度"), (4, "≥90%"), (5, "计划标准")]
    # a qualitative word is still a name where the row has no other
    cells = [Cell(t, 0, k) for k, t in enumerate(["年度绩效目标1", "成本指标", "经济成本指标", "预算内"])]
    cells += [Cell("不超预算", 0, 6), Cell("计划标准", 0, 7)]
    assert _placed(realign(cells, ANNUAL_ROLES))[3:] == [(3, "预算内"), (6, "不超预算"), (7, "计划标准")]


def test_pieces_of_one_cell_are_joined_where_the_whole_reads_better():
    pieces = ["长期绩效目标", "成本指标", "经济成本", "指标", "成本控制", "≤30", "万元", "计划标准"]
    cells = [Cell(t, 0, k) for k, t in enumerate(pieces)]
    got = realign(cells, INDICATOR_ROLES, split=True)
    assert [c.text for c in got] == ["长期绩效目标", "成本指标", "经济成本指标", "成本控制", "≤30万元", "计划标准"]
    assert [c.col for c in got] == [0, 1, 2, 3, 4, 5]
    # a comparator cut from its number joins the number, not the name
    cells = [Cell(t, 0, k) for k, t in enumerate(["", "", "质量指标", "正常率", "≥", "95%", "计划标准"]) if t]
    assert [c.text for c in realign(cells, INDICATOR_ROLES, split=True)] == ["质量指标", "正常率", "≥95%", "计划标准"]
    # without split, pieces are never joined
    assert [c.text for c in realign(cells, INDICATOR_ROLES)] == ["质量指标", "正常率", "≥", "95%", "计划标准"]


# ---- the assembler on loose tables -------------------------------------------------------------
PROJECT_FORM = """表12-1 项目支出绩效目标表

| 项目名称 | 测试经费 | | |
|---|---|---|---|
| 项目主管部门 | 测试 局 | 项目执行单位 | 测试中心 |
| 项目总预算 | 1, 105, 000 | 项目当年预算 | 1, 105, 000 |
| 项目绩效总目标 | | | |
| 年度绩效目标 | 保障系统 运行 | | |
| 年度绩效目标 | 保障系统运行 | | |
"""


def test_markdown_damage_is_mended_on_the_grid(tmp_path: Path):
    text = PROJECT_FORM + """
| 长期绩效目标表 | | | | | |
|---|---|---|---|---|---|
| 目标名称 | 一级指标 效益指标 | 二级指标 | 三级指标 | 指标值 | 绩效标准 |
| 长期绩效目标 | 产出指标 | 数量指标 | 巡检次数 | 12次 | 计划标准 |
| | | 质量指标 | 故障解决 | 100% | 计划标准 |

| | | 时效指标 | 率 | | |
|---|---|---|---|---|---|
| | | | 响应时间 | ≤2小时 | 计划标准 |
| 满意度指标 | 服务对象满意度 | 群众满意度 | ≥90% | 计划标准 | |
| 年度绩效目标表 | | | | | |

| 目标名称 | 一级指标 | 二级指标 | 三级指标 | 指标值 | | | 指标值确定依据 |
|---|---|---|---|---|---|---|---|
| | | | | 前年 | 上年 | 12次 | |
| 年度绩效目标 | 产出指标 | 数量指标 | 巡检次数 | | | 100% | 计划标准 |
| | | 质量指标 | 故障解决率 | | | ≥90% | 计划标准 |
| | 满意度指标 | 服务对象满意度 | 群众满意度 | | | 12次 | 计划标准 |
"""
    p = tmp_path / "t.md"
    p.write_text(text, encoding="utf-8")
    records, problems = extract_document(p)
    assert not problems
    assert _rows(records) == [
        # "一级指标 效益指标": a label leaked into the header cell, the column is still 一级
        ("long_term", "产出指标", "数量指标", "巡检次数", None, None, "12次", "计划标准"),
        # "率" cut off by the page break joins the name; the label beside it heads the next rows
        ("long_term", "产出指标", "质量指标", "故障解决率", None, None, "100%", "计划标准"),
        ("long_term", "产出指标", "时效指标", "响应时间", None, None, "≤2小时", "计划标准"),
        # moved left by the dropped goal cell; basis read from the 绩效标准 column by its content
        ("long_term", "满意度指标", "服务对象满意度", "群众满意度", None, None, "≥90%", "计划标准"),
        # the 预计当年实现 column printed one row up: each row takes the value above it
        ("annual", "产出指标", "数量指标", "巡检次数", None, None, "12次", "计划标准"),
        ("annual", "产出指标", "质量指标", "故障解决率", None, None, "100%", "计划标准"),
        ("annual", "满意度指标", "服务对象满意度", "群众满意度", None, None, "≥90%", "计划标准"),
    ]
    moved = [r for r in records if r["type"] == "indicator" and r["horizon"] == "annual"]
    assert all("错上一行" in r["notes"][0] for r in moved)
    (project,) = [r for r in records if r["type"] == "project"]
    assert (project["department"], project["total_budget"]) == ("测试局", 1105000)
    # the goal list names 年度 twice: the form lists the long-term goal first
    goals = sorted((g["horizon"], g["text"]) for g in records if g["type"] == "goal")
    assert goals == [("annual", "保障系统运行"), ("long_term", "保障系统运行")]


def test_department_overview_with_labels_and_texts_in_separate_cells():
    grid = read_markdown("""表 11. 部门整体支出绩效目标表

| 部门名称 | 测试局 | | | | |
|---|---|---|---|---|---|
| 整体绩效目标 | 长期目标（截止 2030 年） | | 年度目标 | | |
| | 目标 1: | 保障运行 | 目标 1: | 保障当年运行 | |
| 目标 2: | 推动发展 | 目标 2: | 推动当年发展 | | |
| 长期目标 1: | 保障运行 | | | | |
| 长期绩效目标 | 一级指标 | 二级指标 | 指标名称 | 指标值 | 绩效标准 |
| | 产出指标 | 数量指标 | 检查次数 | 4次 | 计划标准 |
""", "d.md")
    records, problems = assemble(grid, "d")
    goals = sorted((g["horizon"], g["goal"], g["text"]) for g in records if g["type"] == "goal")
    assert goals == [("annual", 1, "保障当年运行"), ("annual", 2, "推动当年发展"), ("long_term", 1, "保障运行"), ("long_term", 2, "推动发展")]
    (row,) = [r for r in records if r["type"] == "indicator"]
    assert (row["scope"], row["horizon"], row["goal"], row["name"], row["basis"]) == ("department", "long_term", 1, "检查次数", "计划标准")
    assert row["department_name"] == "测试局"


def test_a_list_of_projects_is_not_a_project_form():
    grid = read_markdown("""表10 项目支出情况表

| 项目编码 | 项目名称 | 项目单位 | 合计 |
|---|---|---|---|
| 420104 | 测试项目 | 测试局 | 30 |
""", "l.md")
    records, _ = assemble(grid, "l")
    assert not [r for r in records if r["type"] == "project"]


def test_html_rowspans_give_their_labels_to_the_rows_they_span(tmp_path: Path):
    html = """<p>表12-1 项目支出绩效目标表</p>
<table>
<tr><td>项目名称</td><td>测试项目</td></tr>
</table>
<p>年度绩效目标表</p>
<table>
<tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>指标值</td><td>指标值确定依据</td></tr>
<tr><td rowspan="3">产出指标</td><td rowspan="2">数量指标</td><td>检查次数</td><td>≥3次</td><td>计划标准</td></tr>
<tr><td>培训人数</td><td>100人</td><td>计划标准</td></tr>
<tr><td>质量指标</td><td>合格率</td><td>有效保障</td><td>行业标准</td></tr>
</table>
"""
    p = tmp_path / "t.html"
    p.write_text(html, encoding="utf-8")
    records, _ = extract_document(p)
    assert _rows(records) == [
        ("annual", "产出指标", "数量指标", "检查次数", None, None, "≥3次", "计划标准"),
        ("annual", "产出指标", "数量指标", "培训人数", None, None, "100人", "计划标准"),
        ("annual", "产出指标", "质量指标", "合格率", None, None, "有效保障", "行业标准"),
    ]


def test_an_html_table_whose_rows_fill_every_column_keeps_its_cells_in_place(tmp_path: Path):
    """Every row fills every column (empty cells written as <td></td>): the cells are where the page puts
    them, so a basis of no known type after two empty 前年/上年 cells stays the basis. A table with a
    row shorter than the others (a converter dropped its empty cells) is loose and read by content."""
    head = "<tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>指标值</td><td>前年</td><td>上年</td><td>确定依据</td><td>分值</td></tr>"
    rows = ("<tr><td rowspan=\"2\">产出指标</td><td>数量指标</td><td>巡查次数</td><td>≥12次</td><td>10次</td><td>11次</td><td>台账</td><td>10</td></tr>"
            "<tr><td>时效指标</td><td>办结时限</td><td>≤7日</td><td></td><td></td><td>台账</td><td>20</td></tr>")
    full = read_html(f"<table>{head}{rows}</table>", "t.html").items[0]
    assert not full.loose
    short = read_html(f"<table>{head}<tr><td>产出指标</td><td>数量指标</td><td>巡查次数</td><td>≥12次</td></tr></table>", "t.html").items[0]
    assert short.loose
    p = tmp_path / "t.html"
    p.write_text(f"<p>年度绩效目标表</p><table>{head}{rows}</table>", encoding="utf-8")
    records, _ = extract_document(p)
    assert _rows(records) == [
        ("annual", "产出指标", "数量指标", "巡查次数", "10次", "11次", "≥12次", "台账"),
        ("annual", "产出指标", "时效指标", "办结时限", None, None, "≤7日", "台账"),
    ]


# ---- end to end: a whole document as other converters would write it ----------------------------
FIXTURES = Path(__file__).parent / "data" / "fixtures"


def _as_html(grid) -> str:
    """A grid written as an HTML converter would: tables with their spans, text lines as paragraphs."""
    out = []
    for item in grid.items:
        if isinstance(item, Text):
            out.append(f"<p>{html.escape(item.text)}</p>")
            continue
        out.append("<table>")
        by_row: dict[int, list[Cell]] = {}
        for c in item.cells:
            by_row.setdefault(c.row, []).append(c)
        for r in range(item.n_rows):
            tds = "".join(f'<td rowspan="{c.rowspan}" colspan="{c.colspan}">{html.escape(c.text).replace(chr(10), "<br>")}</td>'
                          for c in sorted(by_row.get(r, []), key=lambda c: c.col))
            out.append(f"<tr>{tds}</tr>")
        out.append("</table>")
    return "\n".join(out)


def _as_markdown(grid, drop_leading_empty: bool = False) -> str:
    """A grid written as a markdown converter would: merged cells print once, in their first row and
    column; with ``drop_leading_empty`` a row loses the empty cells in front of it (the damage seen in
    real conversions), which only the realignment by content can undo."""
    out = []
    for item in grid.items:
        if isinstance(item, Text):
            out += [item.text, ""]
            continue
        rows = [[""] * item.n_cols for _ in range(item.n_rows)]
        for c in item.cells:
            rows[c.row][c.col] = c.text.replace("\n", " ").replace("|", "／")
        for k, cells in enumerate(rows):
            if drop_leading_empty and k > 0:
                lead = next((i for i, t in enumerate(cells) if t), 0)
                cells = cells[lead:] + [""] * lead
            out.append("| " + " | ".join(cells) + " |")
            if k == 0:
                out.append("|" + "---|" * item.n_cols)
        out.append("")
    return "\n".join(out)


@pytest.mark.parametrize("form", ["html", "markdown", "markdown-shifted"])
def test_a_whole_document_rewritten_by_another_converter_reads_back_to_the_gold(tmp_path: Path, form: str):
    from extractors.read_pdf import read as read_pdf

    grid = read_pdf(FIXTURES / "001_163e4aab9eba8502.s1.pdf")
    text = _as_html(grid) if form == "html" else _as_markdown(grid, drop_leading_empty=form == "markdown-shifted")
    p = tmp_path / ("doc.html" if form == "html" else "doc.md")
    p.write_text(text, encoding="utf-8")
    records, _ = extract_document(p)
    gold = {row_key(r): row_fields(r) for r in load_jsonl(FIXTURES / "001_163e4aab9eba8502.gold.indicators.jsonl")}
    got = {row_key(r): row_fields(r) for r in records if r["type"] == "indicator"}
    assert got == gold
    gold_projects = load_jsonl(FIXTURES / "001_163e4aab9eba8502.gold.projects.jsonl")
    assert [(r["project"], r["year_budget"]) for r in records if r["type"] == "project"] == [
        (r["project"], Decimal(str(r["year_budget"]))) for r in gold_projects]
