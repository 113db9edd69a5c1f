"""Readers of formats that carry their table structure: Excel workbooks and ruled PDFs."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import load_jsonl, row_fields, row_key, run_pikg
from tests.helpers.workbooks import write_workbook
from extractors.engine import extract_document
from extractors.errors import InputError
from extractors.glyphs import fix_glyphs
from extractors.assemble import assemble
from extractors.grid import Grid, Table, Text
from extractors.read_pdf import PageItems, Rule, Word, join_pages, table_units, words_text
from extractors.read_xlsx import read as read_xlsx
from extractors.sheets import cell_text
from extractors.settings import PdfSettings

FIXTURES = Path(__file__).parent / "data" / "fixtures"
S = PdfSettings()


# ---- Excel -------------------------------------------------------------------------------------
def test_xlsx_merged_ranges_become_spans(tmp_path: Path):
    p = tmp_path / "book.xlsx"
    write_workbook(p)
    grid = read_xlsx(p)
    tables = [t for t in grid.items if isinstance(t, Table)]
    assert len(tables) == 2  # the blank row 5 splits the sheet
    goal = next(c for c in tables[1].cells if c.text == "年度绩效目标 1")
    assert (goal.rowspan, goal.colspan, goal.source.where()) == (3, 1, f"{p} [表12-1]!A9")


def test_xlsx_end_to_end(tmp_path: Path):
    p = tmp_path / "book.xlsx"
    write_workbook(p)
    records, problems = extract_document(p)
    (project,) = [r for r in records if r["type"] == "project"]
    assert (project["project"], project["total_budget"], project["department"]) == ("测试项目", 12.5, "某局")
    rows = [r for r in records if r["type"] == "indicator"]
    assert [(r["level1"], r["level2"], r["name"], r["prev2"], r["prev1"], r["target"], r["basis"]) for r in rows] == [
        ("产出指标", "数量指标", "检查次数", "≥3次", "≥4次", "≥5次", "计划标准"),
        ("产出指标", "数量指标", "覆盖率", None, None, "95%", "行业标准"),
        ("满意度指标", "服务对象满意度指标", "满意度", "-", "-", "≥90%", "计划标准"),
    ]
    assert rows[1]["cell"] == "D10" and rows[1]["sheet"] == "表12-1"
    assert problems == []


@pytest.mark.parametrize("value,fmt,text", [(30.0, "General", "30"), (1234.5, "#,##0.00", "1234.50"), (0.955, "0.0%", "95.5%"),
                                            (4.0, "0.0", "4.0"), (3.5, "0.00", "3.50"), (3.14159, "0.00", "3.14159"),  # places the format prints, never fewer digits
                                            (2026, "General", "2026"), ("≥95%", "General", "≥95%"), (None, "General", "")])
def test_cell_text(value, fmt, text):
    assert cell_text(value, fmt) == text


def test_not_a_workbook(tmp_path: Path):
    p = tmp_path / "broken.xlsx"
    p.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="不是可读的 Excel 工作簿"):
        extract_document(p)


# ---- PDF geometry ------------------------------------------------------------------------------
def grid_rules(xs, ys, missing_h=(), missing_v=()):
    """Rules of a full grid, less the horizontal segments (y index, col) and vertical ones (x index, row) named."""
    rules = []
    for i, y in enumerate(ys):
        for c in range(len(xs) - 1):
            if (i, c) not in missing_h:
                rules.append(Rule(True, y, xs[c], xs[c + 1]))
    for j, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if (j, r) not in missing_v:
                rules.append(Rule(False, x, ys[r], ys[r + 1]))
    return rules


def test_units_without_a_rule_between_them_are_one_cell():
    xs, ys = [0, 50, 100, 200], [0, 20, 40, 60]
    t = table_units(grid_rules(xs, ys, missing_h={(1, 0), (2, 0)}, missing_v={(2, 0)}), 1, S)
    assert t.units[(2, 0)] == (0, 0, 3, 1)  # column 0 merged over three rows
    assert t.units[(0, 2)] == (0, 1, 1, 2)  # columns 1-2 merged in row 0
    assert t.units[(1, 1)] == (1, 1, 1, 1)


def test_a_cell_cut_by_a_page_break_is_joined_and_its_label_kept_once():
    xs = [0, 50, 100, 200]
    # page 1: the label column has no rule at the bottom (the merged cell goes on); page 2: none at the top
    p1 = table_units(grid_rules(xs, [0, 20, 40], missing_h={(1, 0), (2, 0)}), 1, S)
    p2 = table_units(grid_rules(xs, [0, 20, 40], missing_h={(0, 0), (1, 0)}), 2, S)
    assert p1.bottom_open[0] and p2.top_open[0] and not p2.top_open[1]

    def w(text, x, y):
        return Word(text, x, x + 10 * len(text), y, y + 10, 10.0)

    p1.words = {p1.units[(0, 1)]: [w("一", 55, 5)], p1.units[(1, 1)]: [w("二", 55, 25)], p1.units[(1, 0)]: [w("产出指标", 5, 25)]}
    p2.words = {p2.units[(0, 1)]: [w("三", 55, 5)], p2.units[(1, 1)]: [w("四", 55, 25)]}
    label_again = [w("产出指标", 5, -15)]  # the printer drew the label again above the table, outside the page
    grid = join_pages([PageItems(1, 600, [p1]), PageItems(2, 600, [label_again, p2])], "x.pdf", S)
    (table,) = grid.items
    assert table.n_rows == 4
    label = next(c for c in table.cells if c.col == 0)
    assert (label.text, label.row, label.rowspan) == ("产出指标", 0, 4)
    assert [c.text for c in table.cells if c.col == 1] == ["一", "二", "三", "四"]


def test_a_cell_line_run_over_the_tables_bottom_rule_stays_in_its_cell():
    """A merged cell whose text is taller than its rows: the printer lets its last line run over the table's
    bottom rule (the line starts inside the frame, its centre below the rule). It is the last row's cell's;
    a line under the table, or one touching the rule within a point, is free text."""
    from extractors.read_pdf import place_words

    t = table_units(grid_rules([0, 120, 220], [0, 20, 40]), 1, S)

    def w(text, x, top):
        return Word(text, x, x + 10 * len(text), top, top + 10, 10.0)

    run_over, caption, touching = w("改善。", 5, 36), w("年度绩效目标表", 5, 44), w("注：单位万元", 125, 39.5)
    free = place_words([t], [w("维护设备", 5, 5), w("巡检次数", 125, 5), w("保障巡检", 5, 25), run_over, caption, touching])
    assert free == [caption, touching]
    assert [x.text for x in t.words[t.units[(1, 0)]]] == ["保障巡检", "改善。"]


def _two_pages_under_one_header(first_row_p2: list[str], header_p2: list[str] | None = None):
    """A four-column table (goal, 一级, 三级, value) over two pages, ruled all round on each (the printer closes
    the cut cells at the break): page 1 has the header and two rows whose goal and 一级 cells are merged;
    page 2 prints a header (the same one unless `header_p2`) and one more row."""
    xs = [0, 100, 200, 300, 400]
    header = ["绩效目标", "一级指标", "三级指标", "指标值"]
    p1 = table_units(grid_rules(xs, [0, 20, 40, 60], missing_h={(2, 0), (2, 1)}), 1, S)
    p2 = table_units(grid_rules(xs, [0, 20, 40]), 2, S)
    assert not any(p1.bottom_open) and not any(p2.top_open)

    def put(t, rows):
        for r, texts in enumerate(rows):
            for c, text in enumerate(texts):
                if text:
                    t.words.setdefault(t.units[t.locate(xs[c] + 5, 20 * r + 5)], []).append(
                        Word(text, xs[c] + 5, xs[c] + 5 + 10 * len(text), 20 * r + 5, 20 * r + 15, 10.0))

    put(p1, [header, ["1.保障培训", "产出指", "培训人次", "≥300人次"], ["", "", "培训场次", "≥12场"]])
    put(p2, [header_p2 or header, first_row_p2])
    (table,) = join_pages([PageItems(1, 600, [p1]), PageItems(2, 600, [p2])], "x.pdf", S).items
    return table


def test_a_repeated_header_is_left_out_and_the_cut_goal_and_label_meet_their_rest():
    table = _two_pages_under_one_header(["经费", "标", "培训合格率", "≥95%"])
    assert table.n_rows == 4  # the header once, three rows
    by_col = {c.col: c for c in table.cells if c.row == 1}
    assert (by_col[0].text, by_col[0].rowspan) == ("1.保障培训\n经费", 3)
    assert (by_col[1].text, by_col[1].rowspan) == ("产出指\n标", 3)
    assert [c.text for c in table.cells if c.col == 2] == ["三级指标", "培训人次", "培训场次", "培训合格率"]
    assert [table.row_source(r).page for r in range(4)] == [1, 1, 1, 2]


def test_a_row_that_starts_its_own_goal_after_a_repeated_header_stays_its_own():
    table = _two_pages_under_one_header(["2.组织考试", "效益指标", "考试通过率", "≥90%"])
    assert table.n_rows == 4
    assert [(c.text, c.row, c.rowspan) for c in table.cells if c.col == 0] == [
        ("绩效目标", 0, 1), ("1.保障培训", 1, 2), ("2.组织考试", 3, 1)]
    other = _two_pages_under_one_header(["经费", "标", "培训合格率", "≥95%"], ["绩效目标", "一级指标", "三级指标", "年度指标值"])
    assert other.n_rows == 5  # another header is no repeat: kept, and nothing is joined across it
    assert [c.text for c in other.cells if c.col == 1] == ["一级指标", "产出指", "一级指标", "标"]
    assert [c.text for c in other.cells if c.col == 0] == ["绩效目标", "1.保障培训", "绩效目标", "经费"]


def _put(t, xs, rows, y0=0.0, row_h=20.0, right=None):
    """Words into a page table's units, one row of texts a row; `right` places a cell's text so that it ends
    there (a full line) instead of where its length puts it."""
    for r, texts in enumerate(rows):
        for c, text in enumerate(texts):
            if text:
                top = y0 + row_h * r + 5
                x1 = (right or {}).get((r, c), xs[c] + 5 + 10 * len(text))
                t.words.setdefault(t.units[t.locate(xs[c] + 5, top)], []).append(Word(text, x1 - 10 * len(text), x1, top, top + 10, 10.0))


def _browser_break(first_row_p2: list[str]):
    """A table a browser printed over two pages: it draws no border at the break inside a row group, so
    both sides are open in every column; page 1 has the header and two rows under one merged 一级 label."""
    xs = [0, 100, 300, 400]
    header = ["一级指标", "三级指标", "指标值"]
    p1 = table_units(grid_rules(xs, [0, 20, 40, 60], missing_h={(2, 0), (3, 0), (3, 1), (3, 2)}), 1, S)
    p2 = table_units(grid_rules(xs, [0, 20], missing_h={(0, 0), (0, 1), (0, 2)}), 2, S)
    assert all(p1.bottom_open) and all(p2.top_open)
    _put(p1, xs, [header, ["时效指标", "故障响应及时", "及时"], ["", "终端故障处置", "及时"]])
    _put(p2, xs, [first_row_p2])
    (table,) = join_pages([PageItems(1, 600, [p1]), PageItems(2, 600, [p2])], "x.pdf", S).items
    return table


def test_a_row_after_an_unruled_page_break_with_a_value_of_its_own_is_a_row():
    table = _browser_break(["", "会议问题处理", "及时"])
    assert table.n_rows == 4
    assert [c.text for c in table.cells if c.col == 1] == ["三级指标", "故障响应及时", "终端故障处置", "会议问题处理"]
    assert [(c.text, c.rowspan) for c in table.cells if c.col == 0] == [("一级指标", 1), ("时效指标", 3)]
    cut = _browser_break(["", "和网络故障", ""])  # the rest of a name cut by the break: no value of its own
    assert [c.text for c in cut.cells if c.col == 1] == ["三级指标", "故障响应及时", "终端故障处置\n和网络故障"]
    unit = _browser_break(["", "", "万元"])  # a value cut in two: the part below is no value
    assert [c.text for c in unit.cells if c.col == 2] == ["指标值", "及时", "及时\n万元"]


def _goal_cut_by_a_reporting_tool(above: str, below: str, full: bool = True):
    """A goal column whose merged cell a reporting tool closed with rules at the break on both pages."""
    xs = [0, 200, 300, 400, 500]
    header = ["目标", "一级指标", "三级指标", "指标值"]
    p1 = table_units(grid_rules(xs, [0, 20, 40, 60], missing_h={(2, 0)}), 1, S)
    p2 = table_units(grid_rules(xs, [0, 20]), 2, S)
    assert not any(p1.bottom_open) and not any(p2.top_open)
    _put(p1, xs, [header, [above, "产出指标", "培训人次", "≥300人次"], ["", "产出指标", "培训场次", "≥12场"]],
         right={(1, 0): 196.0} if full else None)
    _put(p2, xs, [[below, "效益指标", "培训合格率", "≥95%"]])
    (table,) = join_pages([PageItems(1, 600, [p1]), PageItems(2, 600, [p2])], "x.pdf", S).items
    return [(c.text, c.rowspan) for c in table.cells if c.col == 0]


def test_a_goal_statement_cut_by_a_closed_page_break_meets_its_rest():
    assert _goal_cut_by_a_reporting_tool("保障培训工作", "有序开展。") == [("目标", 1), ("保障培训工作\n有序开展。", 3)]
    # its own statement: the part above ends one (。), or the part below prints a number, or the line above is not full
    assert _goal_cut_by_a_reporting_tool("保障培训。", "提升质量。") == [("目标", 1), ("保障培训。", 2), ("提升质量。", 1)]
    assert _goal_cut_by_a_reporting_tool("1.保障培训", "2.提升质量") == [("目标", 1), ("1.保障培训", 2), ("2.提升质量", 1)]
    assert _goal_cut_by_a_reporting_tool("保障培训", "提升质量", full=False) == [("目标", 1), ("保障培训", 2), ("提升质量", 1)]


def test_a_row_cut_under_a_repeated_header_whose_target_head_is_a_year():
    """A reporting tool closes both parts of a row cut by the page break and prints the header again; the
    target's head is the fiscal year (2026年目标值): the part under the header, with a name's last line but
    no value under a row that has one, is the rest of that row."""
    xs = [0, 100, 300, 400]
    header = ["一级指标", "三级指标", "2026年目标值"]
    p1 = table_units(grid_rules(xs, [0, 20, 40]), 1, S)
    p2 = table_units(grid_rules(xs, [0, 20, 40, 60]), 2, S)
    _put(p1, xs, [header, ["产出指标", "培训覆盖", "≥300人次"]])
    _put(p2, xs, [header, ["", "人次", ""], ["", "培训合格率", "≥95%"]])
    (table,) = join_pages([PageItems(1, 600, [p1]), PageItems(2, 600, [p2])], "x.pdf", S).items
    assert [(c.text, c.rowspan) for c in table.cells if c.col == 1] == [("三级指标", 1), ("培训覆盖\n人次", 2), ("培训合格率", 1)]
    assert [(c.text, c.rowspan) for c in table.cells if c.col == 2] == [("2026年目标值", 1), ("≥300人次", 2), ("≥95%", 1)]


def _row_wrapped_over_a_closed_break(above: list[str], below: list[str]):
    """A reporting tool closes both parts of a row cut by the page break, no header printed again: page 1
    ends on a row whose cells' texts are given (a name and a written target as wide as their cells),
    page 2 starts with `below`."""
    xs = [0, 60, 130, 160, 230, 280]
    header = ["一级指标", "三级指标", "指标性质", "指标值", "权重"]
    p1 = table_units(grid_rules(xs, [0, 20, 40]), 1, S)
    p2 = table_units(grid_rules(xs, [0, 20]), 2, S)
    _put(p1, xs, [header, above])
    _put(p2, xs, [below])
    (table,) = join_pages([PageItems(1, 600, [p1]), PageItems(2, 600, [p2])], "x.pdf", S).items
    starts = [[c.text for c in table.cells if c.row == r] for r in range(table.n_rows)]
    return [texts for texts in starts if texts]  # the rows that start a row of cells


def test_a_row_whose_name_and_target_both_wrap_over_a_closed_page_break_is_one_row():
    """Name and written target both go on under the break, and the sign and weight printed above have
    nothing under them: the rest of the row. A part that prints a sign or weight of its own, or under a
    name that does not fill its line, is a row of its own (the rows that start cells are compared)."""
    above = ["满意度指标", "服务对象满意", "定性", "全年设备自身", "5"]
    assert _row_wrapped_over_a_closed_break(above, ["", "度", "", "停机不超过3次", ""]) == [
        ["一级指标", "三级指标", "指标性质", "指标值", "权重"], ["满意度指标", "服务对象满意\n度", "定性", "全年设备自身\n停机不超过3次", "5"]]
    own = _row_wrapped_over_a_closed_break(above, ["", "培训学员满意度", "定性", "较上年提高", "5"])
    assert len(own) == 3 and own[2] == ["", "培训学员满意度", "定性", "较上年提高", "5"]
    short = _row_wrapped_over_a_closed_break(["满意度指标", "服务对象", "定性", "全年设备自身", "5"], ["", "度", "", "停机不超过3次", ""])
    assert len(short) == 3 and short[1][1] == "服务对象"
    # a measured value under a measured value (≥500万元 | ≥20万元): no written target cut in two, so a row of
    # its own, though the label above (a merged one going on) has nothing under it
    measured = _row_wrapped_over_a_closed_break(["满意度指标", "服务对象满意", "", "≥500万元", ""], ["", "培训学员满意度", "", "≥20万元", ""])
    assert len(measured) == 3 and measured[2] == ["", "培训学员满意度", "", "≥20万元", ""]
    # every cell above fills its width and every one has text under it (a sign and weight of its own too):
    # no cell ends at the break, so the part below is a row of its own
    whole = ["", "培训学员满意", "定性", "较上年有提高", "10分"]
    none_ended = _row_wrapped_over_a_closed_break(["", "服务对象满意", "定性", "全年设备自身", "10分"], whole)
    assert len(none_ended) == 3 and none_ended[2] == whole


def test_a_target_range_wrapped_over_a_closed_page_break_keeps_both_ends():
    """A measured value alone under the break, under a measured value (≥85% | ≤95%), nothing else printed
    there: the other end of a range cut in two, not a row of its own (which has no name and would be lost)."""
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
    assert list(targets) == ["培训人数", "服务对象满意度", "企业满意度"] and targets["企业满意度"] == "≥90%"
    assert targets["服务对象满意度"].startswith("≥85%") and targets["服务对象满意度"].endswith("≤95%")


def _break_at_a_label_change(below: list[str], ruled: bool):
    """Page 1 ends on a row group under one 一级 label (merged over two rows), the last row's 二级 cell, name
    and target as wide as their cells and a sign with nothing under it on page 2; page 2 starts with
    `below`. `ruled`: a reporting tool closed both parts; else a browser drew no border at the break."""
    xs = [0, 40, 100, 160, 180, 220]
    header = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值"]
    p1 = table_units(grid_rules(xs, [0, 20, 40, 60], missing_h={(2, 0)} | (set() if ruled else {(3, c) for c in range(5)})), 1, S)
    p2 = table_units(grid_rules(xs, [0, 20], missing_h=set() if ruled else {(0, c) for c in range(5)}), 2, S)
    _put(p1, xs, [header, ["产出指标", "数量指标", "培训人次", "≥", "300"], ["", "时效指标", "完成时限", "≤", "1000"]])
    _put(p2, xs, [below])
    (table,) = join_pages([PageItems(1, 600, [p1]), PageItems(2, 600, [p2])], "x.pdf", S).items
    return [[(c.text, c.rowspan) for c in table.cells if c.col == col] for col in (0, 1, 2)]


@pytest.mark.parametrize("ruled", [True, False])
def test_a_row_under_a_page_break_whose_label_is_another_is_a_row_of_its_own(ruled: bool):
    """Under the break the 一级 and 二级 cells print labels other than the ones above (产出指标 | 效益指标):
    no cut row goes on under a label of another group, so the part below is a row (and label) of its own,
    though every text there stands under a full line above and the sign above has nothing under it."""
    level1, level2, names = _break_at_a_label_change(["效益指标", "社会效益指标", "事故发生率", "", "0"], ruled)
    assert level1 == [("一级指标", 1), ("产出指标", 2), ("效益指标", 1)]
    assert level2 == [("二级指标", 1), ("数量指标", 1), ("时效指标", 1), ("社会效益指标", 1)]
    assert names == [("三级指标", 1), ("培训人次", 1), ("完成时限", 1), ("事故发生率", 1)]
    # the rest of the name alone under the break, no label printed there: the row goes on
    level1, level2, names = _break_at_a_label_change(["", "", "天数", "", ""], ruled)
    assert names[-1] == ("完成时限\n天数", 2) and level2[-1] == ("时效指标", 2)


def _numbered_rows_at_a_closed_break(below: list[str]):
    """A reporting tool closes both parts at the break; the table numbers its rows (序号). Page 1 ends on
    row 1, its name and written target as wide as their cells, a sign above with nothing under it."""
    xs = [0, 20, 80, 150, 180, 250]
    header = ["序号", "一级指标", "三级指标", "指标性质", "指标值"]
    p1 = table_units(grid_rules(xs, [0, 20, 40]), 1, S)
    p2 = table_units(grid_rules(xs, [0, 20]), 2, S)
    _put(p1, xs, [header, ["1", "满意度指标", "服务对象满意", "定性", "全年设备自身"]])
    _put(p2, xs, [below])
    (table,) = join_pages([PageItems(1, 600, [p1]), PageItems(2, 600, [p2])], "x.pdf", S).items
    starts = [[c.text for c in table.cells if c.row == r] for r in range(table.n_rows)]
    return [texts for texts in starts if texts]  # the rows that start a row of cells


def test_a_row_under_a_closed_break_numbered_after_the_row_above_is_a_row_of_its_own():
    """Under the break the 序号 cell prints the number after the one above: a row of its own, though its
    name and target stand under full lines and the sign above has nothing under it. The rest of a row
    (no number of its own) still goes on."""
    assert _numbered_rows_at_a_closed_break(["2", "", "培训学员满意", "", "较上年有提高"])[1:] == [
        ["1", "满意度指标", "服务对象满意", "定性", "全年设备自身"], ["2", "", "培训学员满意", "", "较上年有提高"]]
    assert _numbered_rows_at_a_closed_break(["", "", "度", "", "停机不超过3次"])[1:] == [
        ["1", "满意度指标", "服务对象满意\n度", "定性", "全年设备自身\n停机不超过3次"]]


def test_a_label_printed_again_at_a_page_top_clipped_to_its_cell_is_the_label_above():
    """A printer repeats a merged 二级 label on the next page in a one-line cell and clips the rest
    ("服务对象满意" of "服务对象满意度"): the row's label is the one above. A label of its own there (or a
    longer text) stays the row's own."""
    def label_under(below: str) -> list[tuple[str, int]]:
        xs = [0, 60, 160, 260, 330]
        header = ["一级指标", "二级指标", "三级指标", "指标值"]
        p1 = table_units(grid_rules(xs, [0, 20, 40, 60], missing_h={(2, 0), (2, 1)}), 1, S)
        p2 = table_units(grid_rules(xs, [0, 20]), 2, S)
        _put(p1, xs, [header, ["满意度指标", "服务对象满意度", "来访群众满意度", "100%"], ["", "", "用户满意度", "≥99%"]])
        _put(p2, xs, [["满意度指标", below, "窗口办事满意率", "≥95%"]])
        (table,) = join_pages([PageItems(1, 600, [p1]), PageItems(2, 600, [p2])], "x.pdf", S).items
        return [(c.text, c.rowspan) for c in table.cells if c.col == 1]

    assert label_under("服务对象满意") == [("二级指标", 1), ("服务对象满意度", 3)]
    assert label_under("社会效益指标") == [("二级指标", 1), ("服务对象满意度", 2), ("社会效益指标", 1)]
    assert label_under("服务对象") == [("二级指标", 1), ("服务对象满意度", 3)]


def test_a_label_cut_by_a_closed_break_whose_rest_alone_reads_as_a_label():
    """"服务对象" | "满意度指标": the rest alone reads as a label too, but the part above is none and the whole
    is one: one label. "数量指标" | "质量指标" are two labels: two cells."""
    def level2(above: str, below: str) -> list[tuple[str, int]]:
        xs = [0, 60, 160, 260, 330]
        header = ["一级指标", "二级指标", "三级指标", "指标值"]
        p1 = table_units(grid_rules(xs, [0, 20, 40]), 1, S)
        p2 = table_units(grid_rules(xs, [0, 20]), 2, S)
        _put(p1, xs, [header, ["满意度指标", above, "企业满意度", "≥95%"]])
        _put(p2, xs, [["", below, "群众满意度", "≥90%"]])
        (table,) = join_pages([PageItems(1, 600, [p1]), PageItems(2, 600, [p2])], "x.pdf", S).items
        return [(c.text, c.rowspan) for c in table.cells if c.col == 1]

    assert level2("服务对象", "满意度指标") == [("二级指标", 1), ("服务对象\n满意度指标", 2)]
    assert level2("数量指标", "质量指标") == [("二级指标", 1), ("数量指标", 1), ("质量指标", 1)]


def test_a_label_clipped_above_a_page_break_and_printed_whole_below_is_one_label():
    """The mirror case: the part above the break holds one line of the label ("产出指"), the page after
    prints it whole ("产出指" | "标") in a cell of its own, closed by rules on both sides."""
    xs = [0, 60, 160, 260, 330]
    header = ["一级指标", "二级指标", "三级指标", "指标值"]
    p1 = table_units(grid_rules(xs, [0, 20, 40]), 1, S)
    p2 = table_units(grid_rules(xs, [0, 20, 40], missing_h={(1, 0)}), 2, S)
    _put(p1, xs, [header, ["产出指", "数量指标", "引育企业", "20家"]])
    _put(p2, xs, [["产出指", "数量指标", "签约金额", "90亿元"], ["标", "质量指标", "事故发生率", "0"]])
    (table,) = join_pages([PageItems(1, 600, [p1]), PageItems(2, 600, [p2])], "x.pdf", S).items
    assert [(c.text, c.rowspan) for c in table.cells if c.col == 0] == [("一级指标", 1), ("产出指\n标", 3)]


def test_a_line_run_over_a_cells_foot_onto_the_next_cells_text_goes_back_up():
    """A printer that does not grow a row lets the last line of a cell's text run into the cell below,
    over that cell's own first line: the line that crosses another near the cell's top is the cell above's.
    Words side by side, or lines one under the other (even closer than their font size), stay where they stand."""
    from extractors.read_pdf import give_back_overflow

    xs, ys = [0, 100, 200], [0, 20, 40, 60]
    t = table_units(grid_rules(xs, ys), 1, S)

    def w(text, x, y):
        return Word(text, x, x + 10 * len(text), y, y + 10, 10.0)

    t.words = {t.units[(0, 0)]: [w("甲甲甲甲甲", 5, 8)], t.units[(1, 0)]: [w("乙乙。", 20, 21), w("丙丙丙丙", 5, 25), w("丁", 5, 37)],
               t.units[(1, 1)]: [w("子", 105, 21), w("丑", 115, 21)], t.units[(2, 1)]: [w("寅", 105, 41), w("卯", 105, 50)]}
    give_back_overflow(t)
    texts = {k: words_text(v, S) for k, v in t.words.items()}
    assert texts[t.units[(0, 0)]] == "甲甲甲甲甲\n乙乙。"
    assert texts[t.units[(1, 0)]] == "丙丙丙丙\n丁"
    assert texts[t.units[(1, 1)]] == "子丑" and texts[t.units[(2, 1)]] == "寅\n卯"


def test_columns_of_a_merged_cell_that_fills_the_page_part_keep_the_table_whole():
    """A browser prints no rule across a goal column whose merged cell runs over the whole page part: the
    序号 column left of it and the indicator columns right of it do not touch. Side by side, as high as
    each other, their facing edges ruled from top to bottom, they are one table (the goal column one cell);
    tables of other heights, or whose facing edge is broken, stay apart."""
    from extractors.read_pdf import rules_to_tables

    ys = [0, 20, 40, 60]
    serial = grid_rules([0, 30], ys)  # 序号 | the goal column's left rule
    goal_right = [Rule(False, 130, 0, 60)]  # the goal column's right rule alone (a rail)
    rest = grid_rules([160, 260, 320], ys)  # a 一级 column's right rule, then the indicator columns
    rest += [Rule(False, 160, 0, 60)]
    (group,) = rules_to_tables(serial + goal_right + rest, S)
    t = table_units(group, 1, S)
    assert t.xs == [0, 30, 130, 160, 260, 320]
    assert t.units[(0, 1)] == (0, 1, 3, 1)  # the goal column: one cell over the three rows
    assert t.top_open[1] and t.bottom_open[1] and not t.top_open[3]
    taller = grid_rules([160, 260, 320], [0, 20, 40, 60, 80])
    assert len(rules_to_tables(serial + taller, S)) == 2
    broken = grid_rules([0, 30], ys, missing_v={(1, 1)})  # the facing edge has a gap
    assert len(rules_to_tables(broken + rest, S)) == 2
    other_rows = grid_rules([160, 260, 320], [0, 12, 24, 36, 48, 60])  # as high, but its rows divided elsewhere
    other_rows += [Rule(False, 160, 0, 60)]
    assert len(rules_to_tables(serial + goal_right + other_rows, S)) == 2


def test_a_header_repeated_under_its_caption_row_is_left_out():
    """A caption printed as the table's first row (one cell across it) and the header under it, both printed
    again at the top of the next page: left out there, so that the cut goal and label meet their rest."""
    xs = [0, 100, 200, 300, 400]
    caption_v = {(j, 0) for j in (1, 2, 3)}  # no rules between the caption row's units
    p1 = table_units(grid_rules(xs, [0, 20, 40, 60, 80], missing_h={(3, 0), (3, 1)}, missing_v=caption_v), 1, S)
    p2 = table_units(grid_rules(xs, [0, 20, 40, 60], missing_v=caption_v), 2, S)
    caption, header = ["长期绩效目标表", "", "", ""], ["绩效目标", "一级指标", "三级指标", "指标值"]
    _put(p1, xs, [caption, header, ["1.保障培训", "产出指", "培训人次", "≥300人次"], ["", "", "培训场次", "≥12场"]])
    _put(p2, xs, [caption, header, ["经费", "标", "培训合格率", "≥95%"]])
    (table,) = join_pages([PageItems(1, 600, [p1]), PageItems(2, 600, [p2])], "x.pdf", S).items
    assert table.n_rows == 5  # the caption and header once, three rows
    by_col = {c.col: c for c in table.cells if c.row == 2}
    assert (by_col[0].text, by_col[0].rowspan) == ("1.保障培训\n经费", 3)
    assert (by_col[1].text, by_col[1].rowspan) == ("产出指\n标", 3)


def test_an_indicator_header_under_a_form_in_one_ruled_frame_is_an_indicator_table():
    """A provincial form rules its labels, goal cells and captions in the same frame as the indicator
    table: the header row far down the table still makes the ruled grid the one read (not the text)."""
    from extractors.grid import Grid, table_from_rows
    from extractors.read_pdf import has_indicator_table

    form = [["项目名称", "甲项目", "", "", ""], ["项目属性", "延续项目", "", "", ""], ["项目单位", "某局", "", "", ""],
            ["总额", "12.00万元", "", "", ""], ["项目绩效目标", "长期目标", "1.保障运行", "", ""], ["长期绩效指标", "", "", "", ""]]
    head = ["一级指标", "二级指标", "指标内容", "指标值", "备注"]
    assert has_indicator_table(Grid("x.pdf", [table_from_rows(form + [head, ["产出指标", "数量指标", "巡检", "≥4次", ""]])]))
    assert not has_indicator_table(Grid("x.pdf", [table_from_rows(form)]))


def test_radical_code_points_are_mapped_back():
    assert fix_glyphs("⻓期绩效⽬标表") == "长期绩效目标表"
    assert fix_glyphs("⻔户网站") == "门户网站"
    assert fix_glyphs("≥95％") == "≥95％"  # everything else stays as printed


def test_pdf_without_text_layer_is_named(tmp_path: Path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(2, 2))
    fig.figimage([[0.0, 1.0], [1.0, 0.0]])
    p = tmp_path / "scan.pdf"
    fig.savefig(p)
    plt.close(fig)
    with pytest.raises(InputError, match="没有文本层"):
        extract_document(p)


def test_not_a_pdf(tmp_path: Path):
    p = tmp_path / "x.pdf"
    p.write_bytes(b"%PDF-1.4\n garbage")
    with pytest.raises(InputError, match=str(p)):
        extract_document(p)


# ---- PDF end to end, checked against the hand-checked gold ----------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("style", ["s1", "s2"])
def test_pdf_rows_equal_the_gold(style: str):
    """s1 repeats headers at page breaks; s2 (a printed workbook) cuts merged labels and headers."""
    gold = {row_key(r): row_fields(r) for r in load_jsonl(FIXTURES / "001_163e4aab9eba8502.gold.indicators.jsonl")}
    records, problems = extract_document(FIXTURES / f"001_163e4aab9eba8502.{style}.pdf")
    got = {row_key(r): row_fields(r) for r in records if r["type"] == "indicator"}
    assert got == gold
    projects = [(r["project"], r["year_budget"]) for r in records if r["type"] == "project"]
    gold_projects = load_jsonl(FIXTURES / "001_163e4aab9eba8502.gold.projects.jsonl")
    assert projects == [(r["project"], Decimal(str(r["year_budget"]))) for r in gold_projects]
    assert all(r["page"] >= 1 for r in records if r["type"] == "indicator")
    assert problems == []


@pytest.mark.slow
def test_cli_jobs_give_the_same_output_in_input_order(tmp_path: Path):
    book = tmp_path / "book.xlsx"
    write_workbook(book)
    pdf = FIXTURES / "001_163e4aab9eba8502.s2.pdf"
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        r = run_pikg("extract", str(pdf), str(book), "-o", str(out), "-q", "--jobs", jobs)
        assert r.returncode == 0, r.stderr.decode()
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1]
    docs = [json.loads(x)["doc"] for x in outs[0].splitlines()]
    assert docs[0] == "001_163e4aab9eba8502.s2" and docs[-1] == "book"


@pytest.mark.slow
def test_cli_folder_input(tmp_path: Path):
    write_workbook(tmp_path / "a.xlsx")
    (tmp_path / "notes.json").write_text("{}")
    r = run_pikg("extract", str(tmp_path), "-o", str(tmp_path / "out.jsonl"))
    assert r.returncode == 0, r.stderr.decode()
    assert "已抽取 1/1 个文件" in r.stderr.decode()


# ---- PDF variants drawn here: page sizes, alignment, narrow columns, a table over three pages ---------
VARIANT_GROUPS = [
    ("产出指标", "数量指标", [(f"年度开展安全生产检查次数第{i}项", f"≥{i}次", "计划标准") for i in range(1, 9)]),
    ("产出指标", "质量指标", [("验收合格率", "100%", "行业标准"), ("系统运行正常率", "≥99%", "历史标准")]),
    ("效益指标", "社会效益指标", [("营商环境", "显著优化", "计划标准")]),
    ("满意度指标", "服务对象满意度指标", [("服务对象满意度", "≥90%", "计划标准"), ("企业满意度", "≥95%", "计划标准")]),
]


@pytest.mark.parametrize("page,widths,valign,per_page,row_h,rotation", [
    ((842, 595), [70, 70, 80, 260, 80, 90], "middle", 5, 26, 0),  # A4 landscape, three pages, labels centred
    ((612, 792), [60, 46, 46, 190, 70, 60], "top", 6, 38, 0),  # US letter portrait, narrow label columns that wrap
    ((1191, 842), [90, 90, 100, 400, 100, 120], "top", 20, 22, 0),  # A3 landscape, one page
    ((842, 595), [70, 70, 80, 260, 80, 90], "middle", 5, 26, 90),  # A4 landscape stored as portrait, /Rotate 90
    ((842, 595), [70, 70, 80, 260, 80, 90], "top", 5, 26, 270),  # … and /Rotate 270
])
def test_pdf_variants(tmp_path: Path, page, widths, valign, per_page, row_h, rotation):
    pytest.importorskip("reportlab")
    from tests.helpers.pdf_variants import draw_document

    p = tmp_path / "variant.pdf"
    header = ["目标名称", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]
    draw_document(p, page, widths, header, VARIANT_GROUPS, "长期目标 1：保障安全生产", "表11 部门整体支出绩效目标表", per_page, valign,
                  row_h=row_h, rotation=rotation)
    records, problems = extract_document(p)
    rows = [r for r in records if r["type"] == "indicator"]
    want = [(l1, l2, n, v, b) for l1, l2, items in VARIANT_GROUPS for n, v, b in items]
    assert [(r["level1"], r["level2"], r["name"], r["target"], r["basis"]) for r in rows] == want
    assert {(r["scope"], r["horizon"], r["goal"]) for r in rows} == {("department", "long_term", 1)}
    assert problems == []


@pytest.mark.slow
def test_output_that_is_not_a_regular_file_is_written_in_place(tmp_path: Path):
    """A fifo (like /dev/null, a device) given as -o is written into, never replaced by a regular file."""
    import os
    import threading

    book = tmp_path / "book.xlsx"
    write_workbook(book)
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = run_pikg("extract", str(book), "-o", str(fifo), "-q")
    reader.join(timeout=60)
    assert r.returncode == 0, r.stderr.decode()
    assert fifo.is_fifo()
    assert b'"type": "indicator"' in got[0]


@pytest.mark.parametrize("page,widths,valign,per_page,row_h", [
    ((842, 595), [70, 70, 80, 260, 80, 90], "middle", 5, 26),  # A4 landscape, three pages, labels centred
    ((1191, 842), [90, 90, 100, 400, 100, 120], "top", 20, 22),  # A3 landscape, one page, top-aligned
])
def test_pdf_without_rules_is_read_as_column_aligned_text(tmp_path: Path, page, widths, valign, per_page, row_h):
    """A table drawn without any rule: the PDF reader finds no ruled table and reads the pages by column."""
    pytest.importorskip("reportlab")
    from tests.helpers.pdf_variants import draw_document

    p = tmp_path / "unruled.pdf"
    header = ["目标名称", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]
    draw_document(p, page, widths, header, VARIANT_GROUPS, "长期目标 1：保障安全生产", "表11 部门整体支出绩效目标表", per_page, valign,
                  row_h=row_h, rules=False)
    records, problems = extract_document(p)
    rows = [r for r in records if r["type"] == "indicator"]
    want = [(l1, l2, n, v, b) for l1, l2, items in VARIANT_GROUPS for n, v, b in items]
    assert [(r["level1"], r["level2"], r["name"], r["target"], r["basis"]) for r in rows] == want
    assert all(r["page"] >= 1 for r in rows)


def test_a_workbook_without_cover_takes_its_year_from_the_file_name(tmp_path: Path):
    p = tmp_path / "某局2026年项目支出绩效目标.xlsx"
    write_workbook(p)
    records, _ = extract_document(p)
    assert {r["fiscal_year"] for r in records if r["type"] == "indicator"} == {2026}
    q = tmp_path / "book.xlsx"  # no year anywhere: none is guessed
    write_workbook(q)
    records, _ = extract_document(q)
    assert {r.get("fiscal_year") for r in records if r["type"] == "indicator"} == {None}


def test_a_title_with_its_year_gives_the_fiscal_year(tmp_path: Path):
    from openpyxl import load_workbook

    p = tmp_path / "book.xlsx"
    write_workbook(p)
    wb = load_workbook(p)
    wb.active["A1"] = "2025 区直部门项目支出绩效目标申报表"
    wb.save(p)
    records, _ = extract_document(p)
    assert {r["fiscal_year"] for r in records if r["type"] == "indicator"} == {2025}


def test_the_year_every_project_runs_in_is_the_budget_year():
    from extractors.assemble import year_of_every_project

    def p(a, b):
        return {"type": "project", "start_year": a, "end_year": b}

    assert year_of_every_project([p(2026, 2026), p(2024, 2026), p(2026, 2028)]) == 2026
    assert year_of_every_project([p(2025, 2026), p(2024, 2026)]) is None  # 2025 or 2026: not decided
    assert year_of_every_project([p(2024, 2024), p(2026, 2026)]) is None
    assert year_of_every_project([{"type": "project", "start_year": None, "end_year": 2026}]) is None
    assert year_of_every_project([p(2023, 7), p(2025, 2025), p(2023, 2027)]) == 2025  # a damaged period is left out


def test_reporting_tool_bars_are_one_rule_per_border():
    """Borders drawn as thin filled bars inside each cell (a reporting tool): two neighbours' bars lie side
    by side, and each border is one rule, not four (no phantom rows or columns)."""
    from extractors.read_pdf import bar_rule, page_rules, rules_to_tables, table_units
    from extractors.settings import PdfSettings

    lw = 0.6
    rects = []
    for x, w in ((10.0, 50.0), (60.0, 80.0)):
        for top, h in ((10.0, 20.0), (30.0, 20.0)):
            for rx, rt, rw, rh in ((x, top, w, lw), (x, top + h - lw, w, lw), (x, top, lw, h), (x + w - lw, top, lw, h)):
                rects.append({"x0": rx, "x1": rx + rw, "top": rt, "bottom": rt + rh, "fill": True})
    bars = [bar_rule(r) for r in rects]
    assert all(b is not None for b in bars)
    assert bar_rule({"x0": 0, "x1": 50, "top": 0, "bottom": 20, "fill": True}) is None  # a box (a shaded header)
    settings = PdfSettings()
    groups = rules_to_tables(page_rules([], settings.rule_tolerance, bars), settings)
    assert len(groups) == 1
    t = table_units(groups[0], 1, settings)
    assert t is not None and (len(t.xs), len(t.ys)) == (3, 3)


def test_role_tolerance_is_a_pdf_setting():
    """A cell whose edges lie 3 pt off its header's 指标值 column stands in it under the default tolerance
    (4 pt) and not under a tighter one; the setting must be positive."""
    from extractors.grid import Cell
    from extractors.read_pdf import _in_roles, _Open

    cur = _Open([], 0, [0.0, 103.0, 203.0], None, [], role_x={"target": [(100.0, 200.0)]})
    cell = Cell("≥95%", 0, 1, 1, 1)
    assert PdfSettings().role_tolerance == 4.0
    assert _in_roles(cur, cell, ("target",), PdfSettings())
    assert not _in_roles(cur, cell, ("target",), PdfSettings(role_tolerance=2.0))
    assert not _in_roles(cur, cell, ("name",), PdfSettings())
    with pytest.raises(ValueError, match="role_tolerance"):
        PdfSettings(role_tolerance=0)
