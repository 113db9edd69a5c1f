"""The semantic layer on small hand-built grids: one synonym family or goal placement per test."""
from __future__ import annotations

import unicodedata

import pytest
from tests.helpers import ROOT, assert_fixture_gold, load_jsonl

from extractors.assemble import assemble
from extractors.captions import Caption, caption_of, horizon_of_head, numbered_goals
from extractors.grid import Cell, Grid, Table, Text, table_from_rows
from extractors.text import key

HEAD = ["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]


def rows_of(records: list[dict]) -> list[dict]:
    return [r for r in records if r["type"] == "indicator"]


def goals_of(records: list[dict]) -> list[tuple]:
    return sorted((g["scope"], g["horizon"], g["goal"], g["text"]) for g in records if g["type"] == "goal")


def caption_row(text: str, width: int) -> list[Cell]:
    return [Cell(text, 0, 0, colspan=width)]


@pytest.mark.parametrize("printed, expected", [
    ("长期绩效目标表", Caption("long_term", None, None)),
    ("年度绩效目标表2", Caption("annual", 2, None)),
    ("中长期绩效指标（目标3）", Caption("long_term", 3, None)),
    ("当年绩效指标(目标 1)", Caption("annual", 1, None)),
    ("年 度 绩 效 指 标", Caption("annual", None, None)),
    ("长期绩效目标2：保障运行", Caption("long_term", 2, "保障运行")),
    ("年度目标 1：保障运行", Caption("annual", 1, "保障运行")),
    ("绩效指标4", Caption(None, 4, None)),
    ("年度预算申请", None),
    ("目标1：保障运行", None),
])
def test_caption_vocabulary(printed, expected):
    assert caption_of(key(printed)) == expected


def test_goal_heads_are_not_captions():
    assert horizon_of_head(key("中长期目标")) == "long_term"
    assert horizon_of_head(key("年度绩效目标")) == "annual"
    assert horizon_of_head(key("长期绩效指标")) is None


def test_numbered_goal_cell_split():
    assert numbered_goals("目标1：甲；目标2：乙。") == [(1, "甲"), (2, "乙。")]
    assert numbered_goals("1.甲；2.乙") == [(1, "甲"), (2, "乙")]
    assert numbered_goals("（一）甲\n（二）乙") == [(1, "甲"), (2, "乙")]
    assert numbered_goals("1、甲。2、乙") == [(1, "甲。"), (2, "乙")]
    assert numbered_goals("1.提升2.5%；2.乙") == [(1, "提升2.5%"), (2, "乙")]
    assert numbered_goals("1.甲") == [] and numbered_goals("保障运行") == []
    assert numbered_goals("1、甲；2、乙\n丙；3\n、丁") == [(1, "甲"), (2, "乙丙"), (3, "丁")]  # a wrapped cell's breaks
    assert numbered_goals("目标12：甲；目标1\n3：乙；目\n标14：丙") == [(12, "甲"), (13, "乙"), (14, "丙")]
    assert numbered_goals("目标一：甲；目标二：乙\n目标十一：丙") == [(1, "甲"), (2, "乙"), (11, "丙")]  # Chinese numerals


def test_caption_row_inside_the_table_places_each_goal():
    """One printed table per goal, each captioned in a spanning first row (中长期 … （目标N））."""
    def block(caption: str, name: str) -> Table:
        cells = caption_row(caption, 5) + [Cell(t, 1, k) for k, t in enumerate(HEAD)]
        cells += [Cell(t, 2, k) for k, t in enumerate(["产出指标", "数量指标", name, "5次", "计划标准"])]
        return Table(cells, 3, 5)
    grid = Grid("d.pdf", [Text("表11 部门整体支出绩效目标表"), block("中长期绩效指标（目标1）", "甲"),
                          block("中长期绩效指标（目标2）", "乙"), block("年度绩效指标（目标2）", "丙")])
    rows = rows_of(assemble(grid, "d")[0])
    assert [(r["name"], r["horizon"], r["goal"]) for r in rows] == [("甲", "long_term", 1), ("乙", "long_term", 2), ("丙", "annual", 2)]


def test_goal_caption_line_wrapped_over_two_lines():
    """A goal caption whose statement breaks mid-sentence goes on on the next line of text."""
    t = table_from_rows([HEAD, ["产出指标", "数量指标", "甲", "5次", "计划标准"]])
    grid = Grid("d.pdf", [Text("表11 部门整体支出绩效目标表"), Text("年度绩效目标1：推动辖区人居环境明显"), Text("改善。"), t])
    records = assemble(grid, "d")[0]
    assert goals_of(records) == [("department", "annual", 1, "推动辖区人居环境明显改善。")]
    assert [(r["horizon"], r["goal"]) for r in rows_of(records)] == [("annual", 1)]


def test_goal_cells_under_heads_numbered_and_whole():
    """Goal heads of both horizons; 目标N： cells split into goals (表11), so do 1.…；2.… cells where no
    table serves the horizon; a plain cell is the single goal of its horizon (a project's form)."""
    overview = Table([Cell("总体目标", 0, 0, rowspan=2), Cell("中长期目标", 0, 1), Cell("年度目标", 0, 2),
                      Cell("目标1：甲。\n目标2：乙。", 1, 1), Cell("目标1：丙。", 1, 2)], 2, 3)
    form = table_from_rows([["项目名称", "某项目"], ["项目编码", "P1"], ["长期目标", "年度目标"], ["1.丁；2.戊", "己"]])
    grid = Grid("d.docx", [Text("表11 部门整体支出绩效目标表"), overview, Text("表12 项目支出绩效目标表"), form])
    assert goals_of(assemble(grid, "d")[0]) == [
        ("department", "annual", 1, "丙。"), ("department", "long_term", 1, "甲。"), ("department", "long_term", 2, "乙。"),
        ("project", "annual", 1, "己"), ("project", "long_term", 1, "丁"), ("project", "long_term", 2, "戊"),
    ]


def test_flat_export_rows_carry_their_own_horizon_goal_and_project():
    """A one-sheet export: each row's 期限 / 目标编号 / 绩效目标 decide its goal whatever the columns' order;
    a row without 项目名称 is the department's, 单位名称 is the project's executor."""
    t = table_from_rows([
        ["三级指标", "期限", "一级指标", "二级指标", "目标编号", "绩效目标", "项目名称", "单位名称", "指标值"],
        ["甲", "年度目标", "产出指标", "数量指标", "2", "保障运行。", "", "某局", "5次"],
        ["乙", "中长期目标", "产出指标", "质量指标", "1", "提升质量。", "某项目", "某局", "≥95%"],
    ])
    records = assemble(Grid("x.csv", [t]), "x")[0]
    assert [(r["scope"], r["project"], r["horizon"], r["goal"]) for r in rows_of(records)] == [
        ("department", None, "annual", 2), ("project", "某项目", "long_term", 1)]
    assert goals_of(records) == [("department", "annual", 2, "保障运行。"), ("project", "long_term", 1, "提升质量。")]
    (project,) = [r for r in records if r["type"] == "project"]
    assert (project["project"], project["executor"]) == ("某项目", "某局")


@pytest.mark.parametrize("form, expected", [
    ([["项目名称", "甲"], ["项目起止时间", "2023年至2027年"], ["总额", "30.00万元"], ["财政拨款", "20.00万元"], ["其他资金", "10.00万元"]],
     (2023, 2027, "30.00", "30.00", "万元")),
    ([["项目名称", "甲"], ["起止年度", "2024-2026"], ["项目总预算（元）", "1,200"], ["项目当年预算（元）", "400"]],
     (2024, 2026, "1200", "400", "元")),
    ([["项目名称", "甲"], ["项目期限", "2023年1月-2027年12月"], ["资金总额", "9"], ["年度资金总额", "3"]],
     (2023, 2027, "9", "3", "万元")),
    # labels printed with their colon, or spaced out to the column's width; more period formats; 其中：财政拨款
    ([["项目名称：", "甲"], ["起止年度：", "2024年—2026年"], ["项目总预算(元)：", "1,200"], ["项目当年预算(元)：", "400"]],
     (2024, 2026, "1200", "400", "元")),
    ([["项 目 名 称", "甲"], ["起 止 时 间", "2023.01-2027.12"], ["资 金 总 额", "9"], ["其中：财政拨款", "3"], ["其他资金", "0.00"]],
     (2023, 2027, "9", "3.00", "万元")),  # the year's funds: 财政拨款 + 其他资金
])
def test_form_labels_from_the_vocabulary(form, expected):
    grid = Grid("d.pdf", [Text("表12 项目支出绩效目标表"), Text("金额单位：万元"), table_from_rows(form)])
    (p,) = [r for r in assemble(grid, "d")[0] if r["type"] == "project"]
    got = (p["start_year"], p["end_year"], str(p["total_budget"]), str(p["year_budget"]), p["money_unit"])
    assert got == expected


def test_form_budget_history_is_a_field_of_the_project_record():
    """项目前两年预算及当年预算变动情况: one entry per printed year, the amount as printed digits, 万 read as 万元,
    a bare number in the form's unit; the reason that follows (增加经费, a date, a rate) is no budget."""
    form = [["项目名称", "乙"], ["项目总预算", "60"], ["项目当年预算", "60"],
            ["项目前两年预算及当年预算变动情况", "2019 年预算为 52 万，2020年的预算安排为1,080.5万元；2021 年 60，较上年增加经费，执行率98%"]]
    grid = Grid("d.pdf", [Text("表12 项目支出绩效目标表"), Text("金额单位：万元"), table_from_rows(form)])
    (p,) = [r for r in assemble(grid, "d")[0] if r["type"] == "project"]
    assert p["budget_history"] == [
        {"year": 2019, "amount": "52", "unit": "万元", "raw": "2019 年预算为 52 万"},
        {"year": 2020, "amount": "1080.5", "unit": "万元", "raw": "2020年的预算安排为1,080.5万元"},
        {"year": 2021, "amount": "60", "unit": "万元", "raw": "2021 年 60"}]
    form[3] = ["项目前两年预算情况", "2020 年 8000 元、2021 年1月起停止"]
    grid = Grid("d.pdf", [Text("表12 项目支出绩效目标表"), Text("金额单位：万元"), table_from_rows(form)])
    (p,) = [r for r in assemble(grid, "d")[0] if r["type"] == "project"]
    assert p["budget_history"] == [{"year": 2020, "amount": "8000", "unit": "元", "raw": "2020 年 8000 元"}]


def test_caption_and_header_repeated_after_a_page_break_carry_the_labels():
    """A table cut by a page break prints its caption and header again; the merged 一级/二级 cells at the top
    of the new page are empty and carry down from the page before."""
    def page(rows: list[list[str]]) -> Table:
        return table_from_rows([["年度绩效指标"] + [""] * 4, HEAD, *rows])
    grid = Grid("d.pdf", [Text("表12 项目支出绩效目标表"), table_from_rows([["项目名称", "某项目"]]),
                          page([["产出指标", "数量指标", "甲", "5次", "计划标准"]]), page([["", "", "乙", "6次", "计划标准"]])])
    rows = rows_of(assemble(grid, "d")[0])
    assert [(r["name"], r["level1"], r["level2"], r["horizon"]) for r in rows] == [
        ("甲", "产出指标", "数量指标", "annual"), ("乙", "产出指标", "数量指标", "annual")]


def test_kangxi_door_radical_is_the_simplified_character():
    from extractors.glyphs import fix_glyphs
    assert fix_glyphs("用\u2f3e") == "用户"


def test_caption_joined_into_the_last_name_and_signature_line_under_the_table():
    """A reader that joins the next table's caption into the last row's name cell: the caption is split
    off and places the next table; the form's signature line (填表人： | 联系电话：) is not a row."""
    first = table_from_rows([HEAD, ["产出指标", "数量指标", "甲\n年 度 绩 效 指 标", "5次", "计划标准"]])
    second = table_from_rows([HEAD, ["产出指标", "数量指标", "乙", "6次", "计划标准"], ["填表人：", "", "联系电话：", "", "单位负责人："]])
    grid = Grid("d.pdf", [Text("表12 项目支出绩效目标表"), table_from_rows([["项目名称", "某项目"]]), first, second])
    rows = rows_of(assemble(grid, "d")[0])
    assert [(r["name"], r["horizon"]) for r in rows] == [("甲", "long_term"), ("乙", "annual")]


def test_table_whose_goal_cannot_be_told_gets_null_a_note_and_a_warning():
    """Two numbered goals of a horizon, one table captioned with its horizon only: never a guess."""
    overview = Table([Cell("长期目标", 0, 0), Cell("年度目标", 0, 1),
                      Cell("目标1：甲。目标2：乙。", 1, 0), Cell("目标1：丙。", 1, 1)], 2, 2)
    body = [["产出指标", "数量指标", "子", "5次", "计划标准"]]
    grid = Grid("d.pdf", [Text("表11 部门整体支出绩效目标表"), overview, Text("长期绩效指标"), table_from_rows([HEAD, *body]),
                          Text("年度绩效指标"), table_from_rows([HEAD, *body])])
    records, problems = assemble(grid, "d")
    long_term, annual = rows_of(records)
    assert long_term["goal"] is None and "目标" in long_term["notes"][0]
    assert annual["goal"] == 1 and "notes" not in annual
    assert len(problems) == 1 and "d.pdf" in problems[0].where and problems[0].code == "goal-undecided" and "目标编号留空" in problems[0].message
    assert (problems[0].severity, problems[0].code) == ("warning", "goal-undecided")


_SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if (p / "fixtures" / "templates" / "gold").is_dir()), None)
TEMPLATES = _SHARED / "fixtures" / "templates" if _SHARED else None


@pytest.mark.skipif(TEMPLATES is None, reason="../shared/fixtures/templates (the template families and their gold) is not beside this checkout")
@pytest.mark.parametrize("name", ["s3.pdf", "s5.xlsx", "s5.gb18030.csv", "s7.pdf", "s8.docx"])
def test_template_families_equal_their_gold(name):
    """One document of each template family read by the structured readers: rows, projects and goals as the gold."""
    from extractors import extract_document

    path = TEMPLATES / f"001_163e4aab9eba8502.{name}"
    records, _ = extract_document(path)
    assert_fixture_gold(records, path.stem, TEMPLATES / "gold")
    squeeze = lambda s: "".join(unicodedata.normalize("NFKC", s or "").split())  # noqa: E731
    goals = sorted((g["scope"], g["project"] or "", g["horizon"], g["goal"], squeeze(g["text"])) for g in records if g["type"] == "goal")
    gold = sorted((g["scope"], g["project"] or "", g["horizon"], g["goal"], squeeze(g["text"])) for g in load_jsonl(TEMPLATES / "gold" / f"{path.stem}.goals.jsonl"))
    assert goals == gold


@pytest.mark.parametrize("header, row, expected", [
    # three-level name synonyms, target synonyms, columns in any order
    (["指标值", "一级指标", "指标内容", "二级指标"], ["≥95%", "产出指标", "甲", "质量指标"], ("甲", "≥95%", None, None, None)),
    (["一级指标", "二级指标", "指标名称", "当年指标值"], ["产出指标", "质量指标", "甲", "≥95%"], ("甲", "≥95%", None, None, None)),
    (["一级指标", "二级指标", "绩效指标", "当年预期实现值"], ["产出指标", "质量指标", "甲", "≥95%"], ("甲", "≥95%", None, None, None)),
    (["一级指标", "二级指标", "三级指标", "中长期指标值"], ["产出指标", "质量指标", "甲", "≥95%"], ("甲", "≥95%", None, None, None)),
    (["一级指标", "二级指标", "三级指标", "目标值"], ["产出指标", "质量指标", "甲", "≥95%"], ("甲", "≥95%", None, None, None)),
    # split target: comparator | value | unit joined; a qualitative value whole
    (["一级指标", "二级指标", "三级指标", "计算符号", "指标值", "计量单位"], ["产出指标", "质量指标", "甲", "≥", "95", "%"], ("甲", "≥95%", None, None, None)),
    (["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "单位"], ["产出指标", "质量指标", "甲", "定性", "提升", ""], ("甲", "提升", None, None, None)),
    # past years printed as years, on either side of the target, decided by the fiscal year (2026)
    (["一级指标", "二级指标", "三级指标", "2025年预计", "2024年实际完成", "预计当年实现"], ["产出指标", "质量指标", "甲", "2次", "1次", "3次"],
     ("甲", "3次", "1次", "2次", None)),
    (["一级指标", "二级指标", "三级指标", "指标值", "前年", "上年", "指标来源"], ["产出指标", "质量指标", "甲", "3次", "1次", "2次", "计划标准"],
     ("甲", "3次", "1次", "2次", "计划标准")),
    # 前年/上年 with what the value was: 实际 or 预计, 完成, 值
    (["一级指标", "二级指标", "三级指标", "指标值", "前年完成值", "上年预计完成值"], ["产出指标", "质量指标", "甲", "3次", "1次", "2次"],
     ("甲", "3次", "1次", "2次", None)),
    (["一级指标", "二级指标", "三级指标", "前年实际完成", "上年预计", "指标值"], ["产出指标", "质量指标", "甲", "1次", "2次", "3次"],
     ("甲", "3次", "1次", "2次", None)),
    (["一级指标", "二级指标", "三级指标", "2024年完成值", "2025年预计值", "指标值"], ["产出指标", "质量指标", "甲", "1次", "2次", "3次"],
     ("甲", "3次", "1次", "2次", None)),
    # the target's head as the fiscal year
    (["一级指标", "二级指标", "三级指标", "2026年指标值", "2024年实际", "2025年预计"], ["产出指标", "质量指标", "甲", "3次", "1次", "2次"],
     ("甲", "3次", "1次", "2次", None)),
])
def test_header_synonym_families(header, row, expected):
    grid = Grid("d.xlsx", [Text("2026年部门预算"), Text("表11 部门整体支出绩效目标表"), Text("年度绩效指标"), table_from_rows([header, row])])
    (r,) = rows_of(assemble(grid, "d")[0])
    assert (r["name"], r["target"], r["prev2"], r["prev1"], r["basis"]) == expected
    assert (r["level1"], r["level2"]) == ("产出指标", "质量指标")


def test_multi_row_header_split_target_under_a_spanning_head():
    """前年 | 上年 | 当年指标值 (spanning 指标性质 | 指标值 | 度量单位) over two header rows."""
    cells = [Cell(t, 0, k, rowspan=2) for k, t in enumerate(["一级指标", "二级指标", "三级指标", "前年", "上年"])]
    cells += [Cell("当年指标值", 0, 5, colspan=3), Cell("指标值确定依据", 0, 8, rowspan=2)]
    cells += [Cell(t, 1, 5 + k) for k, t in enumerate(["指标性质", "指标值", "度量单位"])]
    cells += [Cell(t, 2, k) for k, t in enumerate(["产出指标", "数量指标", "甲", "≥18次", "≥19次", "≥", "20", "次", "历史标准"])]
    grid = Grid("d.docx", [Text("表11 部门整体支出绩效目标表"), Text("年度绩效指标"), Table(cells, 3, 9)])
    (r,) = rows_of(assemble(grid, "d")[0])
    assert (r["prev2"], r["prev1"], r["target"], r["basis"]) == ("≥18次", "≥19次", "≥20次", "历史标准")


def test_two_row_header_whose_value_heads_are_years():
    """绩效指标 over 一级 | 二级 | 指标名称, and value columns headed only by years (2026年目标值 | 2024年实际 |
    2025年预计) spanning both rows: the top row is a header row (a year head is a value column's)."""
    cells = [Cell("绩效指标", 0, 0, colspan=3)] + [Cell(t, 0, 3 + k, rowspan=2) for k, t in enumerate(["2026年目标值", "2024年实际", "2025年预计"])]
    cells += [Cell("一级指标", 1, 0), Cell("二级指标", 1, 1), Cell("指标名称", 1, 2)]
    cells += [Cell(t, 2, k) for k, t in enumerate(["产出指标", "数量指标", "甲", "5次", "3次", "4次"])]
    grid = Grid("d.docx", [Text("某局2026年部门预算绩效目标表"), Text("表11 部门整体支出绩效目标表"), Text("年度绩效指标"), Table(cells, 3, 6)])
    records, problems = assemble(grid, "d")
    assert [(r["name"], r["target"], r["prev2"], r["prev1"]) for r in rows_of(records)] == [("甲", "5次", "3次", "4次")]
    assert problems == []


def test_a_goal_caption_in_a_tables_first_row_ends_in_its_cell():
    """A caption printed as a table's first row (one cell across the table) with no full stop: the note
    under the table is no part of its goal statement."""
    rows = [caption_row("年度绩效目标1：保障网络运行畅通", 4), [Cell(t, 1, k) for k, t in enumerate(["一级指标", "二级指标", "三级指标", "指标值"])],
            [Cell(t, 2, k) for k, t in enumerate(["产出指标", "数量指标", "甲", "≥3次"])]]
    grid = Grid("d.pdf", [Text("表11 部门整体支出绩效目标表"), Table([c for r in rows for c in r], 3, 4),
                          Text("注：指标值确定依据可填写计划标准、行业标准")])
    records, _ = assemble(grid, "d")
    assert goals_of(records) == [("department", "annual", 1, "保障网络运行畅通")]
    assert [(r["name"], r["goal"]) for r in rows_of(records)] == [("甲", 1)]


def test_two_columns_named_alike_the_cell_content_decides():
    """A header that names the target twice (a lost sub-header): the cell holding a value is the target,
    whichever side it stands on."""
    t = table_from_rows([["一级指标", "二级指标", "三级指标", "指标值", "指标值"],
                         ["产出指标", "数量指标", "甲", "≥20次", ""],
                         ["产出指标", "数量指标", "乙", "", "≥30次"]])
    grid = Grid("d.xlsx", [Text("表11 部门整体支出绩效目标表"), Text("年度绩效指标"), t])
    assert [(r["name"], r["target"]) for r in rows_of(assemble(grid, "d")[0])] == [("甲", "≥20次"), ("乙", "≥30次")]


def test_two_row_header_group_cell_over_indicator_columns():
    """A 绩效指标 group cell over 一级 | 二级 | 指标内容, the value columns spanning both header rows: the
    second row names its columns, the others keep the role of the cell above."""
    cells = [Cell("绩效指标", 0, 0, colspan=3), Cell("中长期指标值", 0, 3, rowspan=2), Cell("前年", 0, 4, rowspan=2),
             Cell("备注", 0, 5, rowspan=2), Cell("一级指标", 1, 0), Cell("二级指标", 1, 1), Cell("指标内容", 1, 2)]
    cells += [Cell(t, 2, k) for k, t in enumerate(["产出指标", "数量指标", "甲", "5次", "4次", "无"])]
    cells += [Cell(t, 3, k) for k, t in enumerate(["一级指标", "二级指标", "指标内容"])]  # repeated on a new page
    cells += [Cell(t, 4, k) for k, t in enumerate(["", "质量指标", "乙", "≥90%", "", ""])]
    grid = Grid("d.pdf", [Text("表11 部门整体支出绩效目标表"), Text("中长期目标1：保障运行"), Table(cells, 5, 6)])
    rows = rows_of(assemble(grid, "d")[0])
    assert [(r["level1"], r["level2"], r["name"], r["target"], r["prev2"], r.get("extras")) for r in rows] == [
        ("产出指标", "数量指标", "甲", "5次", "4次", {"备注": "无"}), ("产出指标", "质量指标", "乙", "≥90%", None, None)]


def _numbered_form(captions: list[str]) -> Grid:
    """A project form whose goal cells list 1.… 2.… (long-term) and （一）… （二）… (annual), and a table under
    each caption."""
    form = table_from_rows([["项目名称", "某项目"], ["长期目标", "年度目标"], ["1.甲；2.乙", "（一）丙\n（二）丁"]])
    items: list = [Text("表12 项目支出绩效目标表"), form]
    for k, cap in enumerate(captions):
        items += [Text(cap), table_from_rows([HEAD, ["产出指标", "数量指标", f"指标{k}", "5次", "计划标准"]])]
    return Grid("d.pdf", items)


def test_numbered_goal_cell_split_where_captions_name_the_goals():
    records = assemble(_numbered_form(["长期绩效指标1", "长期绩效指标2", "年度绩效指标（目标1）", "年度绩效指标（目标2）"]), "d")[0]
    assert goals_of(records) == [("project", "annual", 1, "丙"), ("project", "annual", 2, "丁"),
                                 ("project", "long_term", 1, "甲"), ("project", "long_term", 2, "乙")]
    assert [(r["horizon"], r["goal"]) for r in rows_of(records)] == [("long_term", 1), ("long_term", 2), ("annual", 1), ("annual", 2)]


def test_numbered_goal_cell_over_one_table_per_horizon_is_one_goal():
    """The tables name no goal: the horizon keeps one goal 1, the cell as printed (the provincial form)."""
    records = assemble(_numbered_form(["长期绩效指标", "年度绩效指标"]), "d")[0]
    assert goals_of(records) == [("project", "annual", 1, "（一）丙（二）丁"), ("project", "long_term", 1, "1.甲；2.乙")]
    assert [(r["horizon"], r["goal"]) for r in rows_of(records)] == [("long_term", 1), ("annual", 1)]


@pytest.mark.parametrize("cells", [["目标1：甲", "目标2：乙"], ["1.甲", "2.乙"], ["1、甲", "2、乙"], ["（一）甲", "（二）乙"]])
def test_goal_column_cells_print_their_goal_number(cells):
    """A goal column whose merged cells print each goal's number before its statement."""
    head = ["绩效目标", *HEAD]
    t = table_from_rows([head, [cells[0], "产出指标", "数量指标", "子", "5次", "计划标准"],
                         [cells[1], "产出指标", "数量指标", "丑", "6次", "计划标准"]])
    records = assemble(Grid("d.pdf", [Text("表11 部门整体支出绩效目标表"), Text("年度绩效目标表"), t]), "d")[0]
    assert [(r["name"], r["goal"]) for r in rows_of(records)] == [("子", 1), ("丑", 2)]
    assert goals_of(records) == [("department", "annual", 1, "甲"), ("department", "annual", 2, "乙")]


def test_a_goal_column_cell_that_lists_numbered_parts_wrapped_apart_is_one_goal_as_printed():
    """One goal cell whose statement is itself a numbered list, wrapped so that a number ends one line and
    its 、 starts the next ("…。2" | "、乙"): the leading 1、 is the list's, not the goal's number."""
    head = ["绩效目标", *HEAD]
    t = table_from_rows([head, ["1、甲甲甲。2\n、乙乙乙。", "产出指标", "数量指标", "子", "5次", "计划标准"]])
    records = assemble(Grid("d.pdf", [Text("表11 部门整体支出绩效目标表"), Text("年度绩效目标表"), t]), "d")[0]
    assert [(r["name"], r["goal"]) for r in rows_of(records)] == [("子", 1)]
    assert goals_of(records) == [("department", "annual", 1, "1、甲甲甲。2、乙乙乙。")]


def test_merged_label_cut_by_a_page_break_takes_its_text_from_the_next_page():
    """A merged 一级/二级 cell centred across a page break prints its text in the part on the next page: the
    rows of the empty part at the foot of the page before take it (not the label carried from above)."""
    from extractors.grid import Source

    def src(page: int) -> Source:
        return Source("d.pdf", page=page)
    head = [Cell(t, 0, k, source=src(1)) for k, t in enumerate(HEAD)]
    p1 = [Cell("", 1, 0, rowspan=3, source=src(1)), Cell("数量指标", 1, 1, rowspan=2, source=src(1)), Cell("", 3, 1, source=src(1))]
    p1 += [Cell(t, r, k, source=src(1)) for r, name in ((1, "甲"), (2, "乙"), (3, "丙")) for k, t in ((2, name), (3, "5次"), (4, "计划标准"))]
    p2 = [Cell(t, 4, k, source=src(2)) for k, t in enumerate(HEAD)]
    p2 += [Cell("产出指标", 5, 0, source=src(2)), Cell("质量指标", 5, 1, source=src(2))]
    p2 += [Cell(t, 5, k, source=src(2)) for k, t in ((2, "丁"), (3, "≥90%"), (4, "计划标准"))]
    sources = [src(1)] * 4 + [src(2)] * 2
    grid = Grid("d.pdf", [Text("表11 部门整体支出绩效目标表"), Text("年度绩效目标1：保障运行。"), Table(head + p1 + p2, 6, 5, src(1), sources)])
    rows = rows_of(assemble(grid, "d")[0])
    assert [(r["name"], r["level1"], r["level2"]) for r in rows] == [
        ("甲", "产出指标", "数量指标"), ("乙", "产出指标", "数量指标"), ("丙", "产出指标", "质量指标"), ("丁", "产出指标", "质量指标")]


def test_an_empty_label_cell_under_a_carried_part_on_the_same_page_is_a_cell_of_its_own():
    """Page 2 opens with the empty part of 数量指标 (its text on page 1: carried) and then a second empty
    二级 cell, the first part of 质量指标 whose text is centred in its part on page 3: that second cell's
    rows take 质量指标, not the label carried from above."""
    from extractors.grid import Source

    def src(page: int) -> Source:
        return Source("d.pdf", page=page)
    pages = [1, 1, 1, 2, 2, 2, 2, 3]
    cells = [Cell(t, 0, k, source=src(1)) for k, t in enumerate(HEAD)]
    cells += [Cell("产出指标", 1, 0, rowspan=7, source=src(1)), Cell("数量指标", 1, 1, rowspan=2, source=src(1)),
              Cell("", 3, 1, rowspan=2, source=src(2)), Cell("", 5, 1, rowspan=2, source=src(2)), Cell("质量指标", 7, 1, source=src(3))]
    cells += [Cell(t, r, k, source=src(pages[r])) for r, name in enumerate("甲乙丙丁戊己庚", start=1)
              for k, t in ((2, name), (3, "5次"), (4, "计划标准"))]
    grid = Grid("d.pdf", [Text("表11 部门整体支出绩效目标表"), Text("年度绩效目标1：保障运行。"),
                          Table(cells, 8, 5, src(1), [src(p) for p in pages])])
    rows = rows_of(assemble(grid, "d")[0])
    assert [(r["name"], r["level2"]) for r in rows] == [("甲", "数量指标"), ("乙", "数量指标"), ("丙", "数量指标"), ("丁", "数量指标"),
                                                         ("戊", "质量指标"), ("己", "质量指标"), ("庚", "质量指标")]


@pytest.mark.parametrize("period, years", [("2023年至2027年", (2023, 2027)), ("2023-2027", (2023, 2027)),
                                           ("2023年1月-2027年12月", (2023, 2027)), ("2023-7", (2023, 7)), ("2026年", (2026, 2026))])
def test_period_end_as_printed(period, years):
    from extractors.projects import _period
    assert _period(period) == years


def test_flat_export_two_units_projects_of_one_name_are_two_projects():
    t = table_from_rows([
        ["单位名称", "项目名称", "目标类型", "目标序号", "绩效目标", "一级指标", "二级指标", "三级指标", "指标值"],
        ["甲局", "综合服务", "年度目标", "1", "保障甲。", "产出指标", "数量指标", "子", "5次"],
        ["乙中心", "综合服务", "年度目标", "1", "保障乙。", "产出指标", "数量指标", "丑", "6次"],
    ])
    records = assemble(Grid("x.csv", [t]), "x")[0]
    assert [(p["project"], p["executor"]) for p in records if p["type"] == "project"] == [("综合服务", "甲局"), ("综合服务", "乙中心")]
    assert goals_of(records) == [("project", "annual", 1, "保障乙。"), ("project", "annual", 1, "保障甲。")]
    assert len({r["project_line"] for r in rows_of(records)}) == 2


def test_merged_goal_cell_cut_by_a_page_break_numbers_the_rows_before():
    """A goal column whose merged cell is centred across a page break: its number, printed on the next
    page, is the goal of the rows at the foot of the page before (not the goal carried from above)."""
    from extractors.grid import Source

    def src(page: int) -> Source:
        return Source("d.pdf", page=page)
    head = ["绩效目标", *HEAD]
    cells = [Cell(t, 0, k, source=src(1)) for k, t in enumerate(head)]
    cells += [Cell("1.甲", 1, 0, source=src(1)), Cell("", 2, 0, source=src(1))]
    cells += [Cell(t, r, k + 1, source=src(1)) for r, name in ((1, "子"), (2, "丑")) for k, t in enumerate(["产出指标", "数量指标", name, "5次", "计划标准"])]
    cells += [Cell(t, 3, k, source=src(2)) for k, t in enumerate(head)]
    cells += [Cell("2.乙", 4, 0, source=src(2))]
    cells += [Cell(t, 4, k + 1, source=src(2)) for k, t in enumerate(["产出指标", "数量指标", "寅", "6次", "计划标准"])]
    grid = Grid("d.pdf", [Text("表11 部门整体支出绩效目标表"), Text("年度绩效目标表"), Table(cells, 5, 6, src(1), [src(1)] * 3 + [src(2)] * 2)])
    records = assemble(grid, "d")[0]
    assert [(r["name"], r["goal"]) for r in rows_of(records)] == [("子", 1), ("丑", 2), ("寅", 2)]
