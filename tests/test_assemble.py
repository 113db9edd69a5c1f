"""The assembler on hand-written cell grids: one grid shape per rule, whatever format it came from."""
from __future__ import annotations

import pytest

from extractors.assemble import assemble
from extractors.grid import Cell, Grid, Table, Text, table_from_rows

HEADER = ["目标名称", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]


def indicators(records: list[dict]) -> list[dict]:
    return [r for r in records if r["type"] == "indicator"]


def test_department_caption_header_and_merged_labels_fill_down():
    cells = [Cell(t, 0, k) for k, t in enumerate(HEADER)]
    cells += [
        Cell("长期目标 1", 1, 0, rowspan=3), Cell("产出指标", 1, 1, rowspan=2), Cell("数量指标", 1, 2, rowspan=2),
        Cell("引育重点企业", 1, 3), Cell("20家", 1, 4), Cell("历史标准", 1, 5),
        Cell("社会资本引入金额", 2, 3), Cell("90亿元", 2, 4), Cell("计划标准", 2, 5),
        Cell("效益指标", 3, 1), Cell("社会效益指标", 3, 2), Cell("人居环境", 3, 3), Cell("显著优化", 3, 4), Cell("计划标准", 3, 5),
    ]
    grid = Grid("d.pdf", [Text("表11 部门整体支出绩效目标表"), Text("长期目标 1：推动辖区人居环境明显改善。"), Table(cells, 4, 6)])
    records, problems = assemble(grid, "d")
    rows = indicators(records)
    assert [(r["level1"], r["level2"], r["name"], r["target"], r["basis"]) for r in rows] == [
        ("产出指标", "数量指标", "引育重点企业", "20家", "历史标准"),
        ("产出指标", "数量指标", "社会资本引入金额", "90亿元", "计划标准"),
        ("效益指标", "社会效益指标", "人居环境", "显著优化", "计划标准"),
    ]
    assert {(r["scope"], r["horizon"], r["goal"]) for r in rows} == {("department", "long_term", 1)}
    goals = [r for r in records if r["type"] == "goal"]
    assert [(g["horizon"], g["goal"], g["text"]) for g in goals] == [("long_term", 1, "推动辖区人居环境明显改善。")]
    assert problems == []


def test_two_row_header_and_year_columns_in_either_order():
    """The sub-header under 指标值 names the past columns; years are mapped by the fiscal year."""
    t = table_from_rows([
        ["目标名称", "一级指标", "二级指标", "三级指标", "指标值", "", "", "指标值确定依据"],
        ["", "", "", "", "2025年", "2024年", "预计当年实现", ""],
        ["年度绩效目标 1", "产出指标", "数量指标", "开展检查", "≥18次", "≥15次", "≥20次", "历史标准"],
    ])
    grid = Grid("d.xlsx", [Text("2026年部门预算"), Text("年度绩效目标表"), t])
    (row,) = indicators(assemble(grid, "d")[0])
    assert (row["prev1"], row["prev2"], row["target"], row["horizon"]) == ("≥18次", "≥15次", "≥20次", "annual")


def test_unknown_columns_are_extras_and_never_shift_into_a_role():
    t = table_from_rows([
        ["一级指标", "二级指标", "三级指标", "指标解释", "权重", "年度指标值", "备注"],
        ["产出指标", "质量指标", "验收合格率", "反映项目验收情况", "20", "≥95%", ""],
    ])
    (row,) = indicators(assemble(Grid("x.xlsx", [Text("年度绩效目标表"), t]), "x")[0])
    assert row["target"] == "≥95%"
    assert row["basis"] is None and row["prev1"] is None
    assert row["extras"] == {"指标解释": "反映项目验收情况", "权重": "20"}
    assert "notes" not in row


def test_split_target_columns_are_joined_back():
    t = table_from_rows([
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "指标值确定依据"],
        ["产出指标", "数量指标", "培训人次", "≥", "95", "%", "计划标准"],
        ["效益指标", "社会效益指标", "服务水平", "定性", "提升", "", "计划标准"],
    ])
    rows = indicators(assemble(Grid("x.pdf", [Text("长期绩效目标表"), t]), "x")[0])
    assert [r["target"] for r in rows] == ["≥95%", "提升"]
    assert rows[0]["target_value"]["number"] == 95.0


def test_project_form_goals_and_tables():
    form = table_from_rows([
        ["项目名称", "网络运维经费", "", ""],
        ["项目编码", "42010623", "项目属性", "持续性项目"],
        ["项目主管部门", "某局", "项目执行单位", "某中心"],
        ["起始年度", "2025", "终止年度", "2027"],
        ["项目总预算", "1,200.50", "项目当年预算", "400"],
        ["项目绩效总目标", "名称", "目标说明", ""],
        ["", "长期绩效目标 1", "保障网络稳定运行", ""],
        ["", "年度绩效目标 1", "全年故障修复及时", ""],
    ])
    lt = table_from_rows([HEADER, ["长期绩效目标 1", "产出指标", "时效指标", "故障修复时间", "≤24小时", "计划标准"]])
    grid = Grid("p.pdf", [Text("表12-1 项目支出绩效目标表"), Text("单位：万元"), form, Text("长期绩效目标表"), lt])
    records, _ = assemble(grid, "p")
    (project,) = [r for r in records if r["type"] == "project"]
    assert (project["project"], project["code"], project["category"], project["start_year"], project["end_year"]) == (
        "网络运维经费", "42010623", "持续性项目", 2025, 2027)
    assert (project["total_budget"], project["year_budget"], project["money_unit"]) == (1200.5, 400, "万元")
    goals = {(g["horizon"], g["goal"]): g["text"] for g in records if g["type"] == "goal"}
    assert goals == {("long_term", 1): "保障网络稳定运行", ("annual", 1): "全年故障修复及时"}
    (row,) = indicators(records)
    assert (row["scope"], row["project"], row["horizon"], row["target"]) == ("project", "网络运维经费", "long_term", "≤24小时")


def test_other_budget_tables_are_skipped():
    """表10 has a 项目名称 column header and amounts: no project form, no indicator."""
    t10 = table_from_rows([["序号", "项目名称", "项目属性", "合计"], ["1", "产业促进经费", "常年性项目", "30.00"]])
    grid = Grid("x.pdf", [Text("表10 项目支出情况表"), t10])
    records, _ = assemble(grid, "x")
    assert records == []


def test_page_continuation_without_header_keeps_roles_and_carries_labels():
    first = table_from_rows([HEADER, ["长期目标 2", "产出指标", "数量指标", "出口带宽", "≥2G", "计划标准"]])
    rest = table_from_rows([["", "", "", "注册用户量", "≥6500人", "历史标准"]])
    grid = Grid("x.pdf", [Text("长期目标 2：统筹推进智慧水务建设"), first, rest])
    rows = indicators(assemble(grid, "x")[0])
    assert [(r["level1"], r["level2"], r["name"], r["goal"]) for r in rows] == [
        ("产出指标", "数量指标", "出口带宽", 2), ("产出指标", "数量指标", "注册用户量", 2)]


def test_flat_export_names_the_project_on_every_row():
    t = table_from_rows([
        ["项目名称", "项目编码", "一级指标", "二级指标", "三级指标", "年度指标值"],
        ["甲项目", "A1", "产出指标", "数量指标", "检查次数", "≥4次"],
        ["甲项目", "A1", "满意度指标", "服务对象满意度指标", "满意度", "≥90%"],
        ["乙项目", "B2", "产出指标", "质量指标", "合格率", "100%"],
    ])
    records, _ = assemble(Grid("flat.xlsx", [t]), "flat")
    assert [(p["project"], p["code"]) for p in records if p["type"] == "project"] == [("甲项目", "A1"), ("乙项目", "B2")]
    assert [(r["project"], r["name"]) for r in indicators(records)] == [("甲项目", "检查次数"), ("甲项目", "满意度"), ("乙项目", "合格率")]
    assert {r["horizon"] for r in indicators(records)} == {"annual"}  # its header names the 年度 value


@pytest.mark.parametrize("header,horizon", [("中长期指标值", "long_term"), ("长期绩效目标", "long_term"), ("指标值", "long_term"),
                                            ("年度绩效目标", "annual")])
def test_a_flat_export_takes_its_horizon_from_its_header(header, horizon):
    value, goal = (header, "目标") if "指标值" in header else ("指标值", header)
    t = table_from_rows([["项目名称", goal, "三级指标", value], ["甲项目", "完成检查", "检查次数", "≥4次"]])
    (row,) = indicators(assemble(Grid("flat.xlsx", [t]), "flat")[0])
    assert row["horizon"] == horizon  # a header that names no horizon keeps the default


def test_row_without_value_is_reported_with_its_place():
    from extractors.grid import Source

    src = Source("x.pdf", page=4)
    t = Table([Cell(h, 0, k) for k, h in enumerate(HEADER)] + [Cell("产出指标", 1, 1), Cell("数量指标", 1, 2), Cell("检查次数", 1, 3)],
              2, 6, src, [src, src])
    records, problems = assemble(Grid("x.pdf", [Text("长期绩效目标表"), t]), "x")
    assert indicators(records)[0]["target"] is None
    assert [str(p) for p in problems] == ["错误：x.pdf p.4：“检查次数”这一行没有指标值（文件被截断或已损坏） [row-without-value]"]
    assert [(p.severity, p.code, p.where) for p in problems] == [("error", "row-without-value", "x.pdf p.4")]


def _header_only_annual(after: list) -> tuple[list[dict], list]:
    """A department block: a form with one goal of each horizon, a long-term table with a row, then an
    annual table that prints its header only, then `after`."""
    head = ["一级指标", "二级指标", "三级指标", "指标值"]
    grid = Grid("d.xlsx", [Text("表11 部门整体支出绩效目标表"), Text("长期目标 1：保障运转。"), Text("年度目标 1：完成检查。"),
                           Text("长期绩效目标表"), table_from_rows([head, ["产出指标", "数量指标", "检查次数", "≥5次"]]),
                           Text("年度绩效目标表"), table_from_rows([head]), *after])
    return assemble(grid, "d")


def test_a_table_that_prints_its_header_only_is_the_documents_own_unless_the_file_ends_on_it():
    """A horizon without indicators whose table prints only its header, the document going on after it
    (a note, another block's table): a warning and a note on that horizon's goals, no damage. A file that
    ends on the header (nothing printed after it) was cut off: damage."""
    for after in ([Text("注：定性指标可不填度量单位。")],
                  [Text("表12-1 项目支出绩效目标表"), Text("项目名称：甲项目"), Text("年度绩效目标表"),
                   table_from_rows([["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "培训人次", "≥300人次"]])]):
        records, problems = _header_only_annual(after)
        assert [(p.severity, p.code) for p in problems] == [("warning", "table-header-only")]
        assert "年度绩效目标表只印出表头" in problems[0].message
        notes = {(g["horizon"], g["goal"]): g.get("notes") for g in records if g["type"] == "goal" and g["scope"] == "department"}
        assert notes == {("long_term", 1): None, ("annual", 1): ["本期限的绩效指标表只印出表头，没有指标行"]}
    records, problems = _header_only_annual([])
    assert [(p.severity, p.code) for p in problems] == [("error", "table-without-rows")]
    assert all("notes" not in g for g in records if g["type"] == "goal")


def test_a_header_only_table_at_the_files_end_that_prints_its_own_end_is_the_documents_own():
    """The file ends on a header-only table, but the document prints that the table is whole: ruled rows
    left empty under the header (kept in the table, or counted under it by a worksheet reader), a signature
    row in the table, or a last page numbered as the last of the total (the grid's `whole`): a warning, no
    damage. The bare header at the end stays damage (above)."""
    head = ["一级指标", "二级指标", "三级指标", "指标值"]
    empty_rows = table_from_rows([head, ["", "", "", ""], ["", "", "", ""]])
    signed = table_from_rows([head, ["负责人：", "填报人：", "", "联系电话："]])
    counted = table_from_rows([head])
    counted.empty_rows_below = 3
    for last in (empty_rows, signed, counted):
        grid = Grid("d.xlsx", [Text("表11 部门整体支出绩效目标表"), Text("长期目标 1：维护设备。"), Text("年度目标 1：按期巡检。"),
                               Text("长期绩效目标表"), table_from_rows([head, ["产出指标", "数量指标", "巡检次数", "≥4次"]]),
                               Text("年度绩效目标表"), last])
        assert [(p.severity, p.code) for p in assemble(grid, "d")[1]] == [("warning", "table-header-only")]
    grid = Grid("d.pdf", [Text("表11 部门整体支出绩效目标表"), Text("年度目标 1：按期巡检。"), Text("年度绩效目标表"),
                          table_from_rows([head])], whole=True)
    assert [(p.severity, p.code) for p in assemble(grid, "d")[1]] == [("warning", "table-header-only")]
    grid.whole = False
    assert [(p.severity, p.code) for p in assemble(grid, "d")[1]] == [("error", "table-without-rows")]


def test_a_signature_row_under_the_last_table_is_no_row_by_the_readers_signature_rule():
    """A signature row in the table's frame (经办人： | 单位负责人（签字）：, the second label with a bracketed word,
    as projects.is_signature_line reads a signature line) is not an indicator row; a row whose cells are filled
    in after their colons stays a row."""
    head = ["一级指标", "二级指标", "三级指标", "指标值"]
    for last, names in ((["", "经办人：", "单位负责人（签字）：", ""], ["巡检次数"]),
                        (["产出指标", "数量指标", "经办人：张三", "复核人：李四"], ["巡检次数", "经办人：张三"])):
        grid = Grid("d.xlsx", [Text("表11 部门整体支出绩效目标表"), Text("年度目标 1：按期巡检。"), Text("年度绩效目标表"),
                               table_from_rows([head, ["产出指标", "数量指标", "巡检次数", "≥4次"], last])])
        assert [r["name"] for r in indicators(assemble(grid, "d")[0])] == names


def _label_centred_on_a_later_page(label_after: str, level2s: tuple[str, str]) -> list[tuple[str, str, str]]:
    """A ruled table over three pages: page 1 ends on a 满意度指标 row; the 一级 cell of the next group is
    empty over the whole of page 2 (its label centred in the whole merged cell prints on page 3, at the
    top of the part there). `level2s`: the 二级 labels of page 2's two rows."""
    from extractors.grid import Source

    head = ["一级指标", "二级指标", "三级指标", "指标值"]
    cells = [Cell(t, 0, k) for k, t in enumerate(head)]
    cells += [Cell("满意度指标", 1, 0), Cell("服务对象满意度", 1, 1), Cell("群众满意度", 1, 2), Cell("≥90%", 1, 3),
              Cell("", 2, 0, rowspan=2), Cell(level2s[0], 2, 1), Cell("监测点位数量", 2, 2), Cell("≥9个", 2, 3),
              Cell(level2s[1], 3, 1), Cell("线路开通数", 3, 2), Cell("≥285条", 3, 3),
              Cell(label_after, 4, 0), Cell("质量指标", 4, 1), Cell("线路故障处理率", 4, 2), Cell("100%", 4, 3)]
    pages = [1, 1, 2, 2, 3]
    table = Table(cells, 5, 4, row_sources=[Source("x.pdf", page=p) for p in pages])
    records, _ = assemble(Grid("x.pdf", [Text("表11 部门整体支出绩效目标表"), Text("年度绩效目标表"), table]), "x")
    return [(r["level1"], r["level2"], r["name"]) for r in indicators(records)]


def test_an_empty_label_part_under_a_label_that_is_not_its_rows_takes_the_label_after():
    """The empty 一级 part at the top of page 2 goes on the label above (满意度指标) unless the framework files
    its rows' 二级 labels under the label after it and not that one (数量指标 under 产出指标): then the part is
    the label after's, centred in the whole merged cell. Rows the label above can hold stay under it."""
    assert _label_centred_on_a_later_page("产出指标", ("数量指标", "数量指标"))[1:3] == [
        ("产出指标", "数量指标", "监测点位数量"), ("产出指标", "数量指标", "线路开通数")]
    assert _label_centred_on_a_later_page("产出指标", ("服务对象满意度", "服务对象满意度"))[1:3] == [
        ("满意度指标", "服务对象满意度", "监测点位数量"), ("满意度指标", "服务对象满意度", "线路开通数")]
    # one row the label after does not hold (社会效益指标 is no 产出指标's): the label above goes on, as before
    assert [r[0] for r in _label_centred_on_a_later_page("产出指标", ("数量指标", "社会效益指标"))[1:3]] == ["满意度指标", "满意度指标"]
