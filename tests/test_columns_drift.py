"""The column-aligned text reader where the converter's text columns drift from the header's and heads
are wrapped in narrow columns (a browser's print through pdftotext -layout): small excerpts written here,
each with the records a reader of the printed table would write down."""
from __future__ import annotations

from pathlib import Path

from extractors.columns_goals import overview_list
from extractors.engine import extract_document
from extractors.columns_header import header_columns
from extractors.columns_bounds import _band_penalty
from extractors.columns_model import _by_content, column_kind
from extractors.read_columns import (ColumnModel, Fragment, column_model, continuation_model, fragments, header_span,
                                     is_columns_layout, label_clusters, page_lines, segment_rows)
from extractors.text import key


def at(*cells: tuple[int, str]) -> str:
    """A line with each text starting at its text column."""
    line = ""
    for col, text in cells:
        line = line.ljust(col) + text
    return line


TITLE = "\n".join([
    at((20, "表11    部门整体支出绩效目标表")),
    at((0, "部门名称"), (12, "测试局")),
    "",
    at((0, "年度目标 1：保障机关日常运转")),
])


def _rows(tmp_path: Path, text: str) -> list[tuple]:
    p = tmp_path / "excerpt.txt"
    p.write_text(text, encoding="utf-8")
    records, _ = extract_document(p)
    return [(r["level2"], r["name"], r["prev2"], r["prev1"], r["target"], r["basis"])
            for r in records if r["type"] == "indicator"]


# A split target (指标性质 | 指标值 | 度量单位) before two empty columns headed by years, the body's cells
# printed further right than their heads: the number under 度量单位, the unit under 2024年实际完成. A unit
# stands neither in a value column nor in a note column (see ``misplaced``), so the cells go where their
# content fits, in order, whether the year head reads as a value column or as a note.
YEAR_HEADED = TITLE + "\n" + "\n".join([
    at((0, "一级指标"), (10, "二级指标"), (20, "三级指标"), (34, "指标性质"), (44, "指标值"), (52, "度量单位"),
       (62, "2024年实际完成"), (78, "2025年预计完成"), (94, "指标值确定依据")),
    at((0, "产出指标"), (10, "数量指标"), (20, "值守人数"), (54, "6"), (66, "人"), (97, "计划标准")),
    at((10, "质量指标"), (20, "抽检达标率"), (38, "≥"), (54, "88"), (66, "%"), (97, "计划标准")),
    at((10, "时效指标"), (20, "台账归档时间"), (38, "≤"), (54, "30"), (66, "日"), (97, "计划标准")),
    "",
])


def test_a_unit_drifted_under_a_year_head_goes_to_the_unit_column(tmp_path: Path):
    assert _rows(tmp_path, YEAR_HEADED) == [
        ("数量指标", "值守人数", None, None, "6人", "计划标准"),
        ("质量指标", "抽检达标率", None, None, "≥88%", "计划标准"),
        ("时效指标", "台账归档时间", None, None, "≤30日", "计划标准"),
    ]


def test_a_column_headed_by_a_year_takes_no_unit():
    # a head printed as a year (2024年实际完成, 2025年预计, 2023) is a value column like 前年 | 上年完成值 |
    # 指标值, its role following from the fiscal year; a note head (备注, 分值) is of no kind. Where content
    # alone places a page's bands (no header over them), a band of units may go to a note column but not to
    # a value column, so not to a year-headed one.
    heads = ["2024年实际完成", "2025年预计", "2023", "上年完成值", "指标值", "备注", "分值", "度量单位"]
    assert [column_kind(h) for h in heads] == ["value", "value", "value", "value", "value", None, None, "unit"]
    assert _band_penalty("unit", column_kind("备注")) == 0
    assert _band_penalty("unit", column_kind("2024年实际完成")) > 0


# Heads wrapped in narrow columns over three lines: the header line (一级指 … 指标性 目标 度量单 2024年实际完
# 年预计完), the year of the next head alone on a line of its own, then the heads' last characters (标 … 质 值 位
# 成 成), shifted a column or two. 目标 and 2024年实际 read as heads alone, yet 值 and 成 complete them.
WRAPPED_HEADS = [
    at((0, "一级指"), (6, "二级指标"), (16, "三级指标"), (30, "指标性"), (34, "目标"), (37, "度量单"), (42, "2024年实际完"),
       (58, "年预计完"), (64, "指标值确定依"), (72, "分"), (74, "权")),
    at((54, "2025")),
    at((1, "标"), (31, "质"), (35, "值"), (38, "位"), (46, "成"), (59, "成"), (66, "据"), (72, "值"), (74, "重")),
]


def test_heads_wrapped_over_lines_with_a_year_apart_are_read_whole():
    heads = [t for _, t in header_columns(page_lines("\n".join(WRAPPED_HEADS) + "\n"))]
    assert heads == ["一级指标", "二级指标", "三级指标", "指标性质", "目标值", "度量单位", "2024年实际完成", "2025年预计完成",
                     "指标值确定依据", "分值", "权重"]


def test_a_header_whose_wrapped_ends_skip_whole_heads_is_one_header(tmp_path: Path):
    text = TITLE + "\n" + "\n".join(WRAPPED_HEADS) + "\n" + "\n".join([
        at((0, "产出指标"), (6, "数量指标"), (16, "值守人数"), (35, "6"), (38, "人"), (66, "计划标准"), (72, "10"), (74, "5")),
        at((6, "质量指标"), (16, "抽检达标率"), (31, "≥"), (35, "88"), (38, "%"), (66, "计划标准"), (72, "10"), (74, "5")),
        "",
    ])
    assert _rows(tmp_path, text) == [
        ("数量指标", "值守人数", None, None, "6人", "计划标准"),
        ("质量指标", "抽检达标率", None, None, "≥88%", "计划标准"),
    ]


# A table's caption and header repeated at the top of the next page: the table goes on (its 二级 label
# 数量指标, cut by the break, still holds the next page's first rows), cells aligned to the top of their rows.
REPEATED_TABLE_CAPTION = TITLE + "\n" + "\n".join([
    at((0, "年度绩效指标")),
    at((0, "一级指标"), (10, "二级指标"), (20, "三级指标"), (40, "指标值"), (50, "指标值确定依据")),
    at((0, "产出指标"), (10, "数量指标"), (20, "督查次数"), (40, "12次"), (51, "计划标准")),
    at((20, "巡检报告提交份"), (40, "12份"), (51, "计划标准")),
    at((20, "数")),
    at((30, "第1页")),
    "\f" + at((0, "年度绩效指标")),
    at((0, "一级指标"), (10, "二级指标"), (20, "三级指标"), (40, "指标值"), (50, "指标值确定依据")),
    at((20, "健康档案数据总"), (40, "≥2亿"), (51, "历史标准")),
    at((20, "量")),
    at((20, "地名地址信息总"), (40, "≥600个"), (51, "历史标准")),
    at((20, "量")),
    at((10, "质量指标"), (20, "热线电话接通率"), (40, "≥98%"), (51, "历史标准")),
    "",
])


def test_a_table_caption_repeated_over_the_header_continues_the_table(tmp_path: Path):
    assert _rows(tmp_path, REPEATED_TABLE_CAPTION) == [
        ("数量指标", "督查次数", None, None, "12次", "计划标准"),
        ("数量指标", "巡检报告提交份数", None, None, "12份", "计划标准"),
        ("数量指标", "健康档案数据总量", None, None, "≥2亿", "历史标准"),
        ("数量指标", "地名地址信息总量", None, None, "≥600个", "历史标准"),
        ("质量指标", "热线电话接通率", None, None, "≥98%", "历史标准"),
    ]


# A header over three lines whose upper line reads as a header itself (目标 | 绩效指标 | 指标值 …): 绩效指标 is
# the group head over 一级 | 二级 | 三级指标 on the line below, which names the columns, their heads wrapped
# in narrow columns onto a third line (一级 | 指标, 二级指 | 标). A long-term table with a plain header
# comes first.
GROUP_HEADS_OVER_NAMES = "\n".join([
    at((20, "表11    部门整体支出绩效目标表")),
    at((0, "部门名称"), (12, "测试局")),
    "",
    at((0, "长期绩效目标表")),
    at((0, "绩效目标"), (12, "一级指标"), (22, "二级指标"), (32, "三级指标"), (46, "指标值"), (54, "指标值确定依据")),
    at((0, "1.保障运转"), (12, "产出指标"), (22, "数量指标"), (32, "值守人数"), (46, "6人"), (55, "计划标准")),
    "",
    at((0, "年度绩效目标表")),
    at((0, "目标"), (24, "绩效指标"), (46, "指标值"), (54, "指标值确定依据"), (70, "评分标准")),
    at((12, "一级"), (22, "二级指"), (32, "三级指标")),
    at((12, "指标"), (22, "标")),
    at((0, "1.保障运转"), (12, "产出指标"), (22, "数量指标"), (32, "值守人数"), (46, "6人"), (55, "计划标准"), (70, "达到得满分")),
    at((22, "质量指标"), (32, "抽检达标率"), (46, "≥88%"), (55, "计划标准"), (70, "达到得满分")),
    "",
])


def test_a_line_of_group_heads_over_the_column_names_is_part_of_the_header():
    lines = page_lines(GROUP_HEADS_OVER_NAMES)
    assert header_span(lines, 8) == (8, 10)
    heads = [t for _, t in header_columns(lines[8:11])]
    assert heads == ["目标", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据", "评分标准"]


def test_rows_under_a_header_with_a_line_of_group_heads(tmp_path: Path):
    assert _rows(tmp_path, GROUP_HEADS_OVER_NAMES) == [
        ("数量指标", "值守人数", None, None, "6人", "计划标准"),
        ("数量指标", "值守人数", None, None, "6人", "计划标准"),
        ("质量指标", "抽检达标率", None, None, "≥88%", "计划标准"),
    ]


# Sub-heads under 指标值 where the converter spread one head's year from its rest (2024   年预计完成): the
# line is the header's second line, its heads 当年预期实现值 | 2023年实际完成 | 2024年预计完成.
YEAR_SPREAD = TITLE.replace("表11    部门整体支出绩效目标表", "2025年部门预算 表11 部门整体支出绩效目标表") + "\n" + "\n".join([
    at((0, "一级指标"), (10, "二级指标"), (20, "三级指标"), (52, "指标值"), (88, "指标来源")),
    at((34, "当年预期实现值"), (50, "2023年实际完成"), (68, "2024"), (75, "年预计完成")),
    at((0, "产出指标"), (10, "数量指标"), (20, "农村公路养护里程"), (36, "完成"), (52, "完成"), (72, "完成"), (89, "计划标准")),
    at((10, "时效指标"), (20, "限时办结事项"), (36, "完成"), (52, "完成"), (72, "完成"), (89, "计划标准")),
    "",
])


def test_a_year_spread_from_the_rest_of_its_head_is_one_head(tmp_path: Path):
    lines = page_lines(YEAR_SPREAD)
    first = next(i for i, ln in enumerate(lines) if ln.raw.startswith("一级指标"))
    assert header_span(lines, first) == (first, first + 1)
    assert _rows(tmp_path, YEAR_SPREAD) == [
        ("数量指标", "农村公路养护里程", "完成", "完成", "完成", "计划标准"),
        ("时效指标", "限时办结事项", "完成", "完成", "完成", "计划标准"),
    ]


def _segmented(lines: dict[int, list[tuple[int, str]]], align: str = "middle") -> list[list[int]]:
    """The lines of each row that segment_rows makes of a body: {line: [(column, text)]}; column 1 holds the
    三级指标, 2 and 3 the value and basis, 4 a note column (指标解释)."""
    frs = [Fragment(ln, col, text) for ln, cells in lines.items() for col, text in cells]
    rows, _ = segment_rows(frs, 1, {1, 2, 3, 4}, align, frozenset({2, 3}))
    return [sorted({f.line for f in row}) for row in rows]


def test_one_cell_holds_one_value_so_two_values_are_two_rows():
    # a note column's text wraps over more lines than the rows' other cells, so that only its tails stand
    # on the lines between two rows' values; wherever the tails go, two whole values (and two basis types)
    # never share a row, and so neither do the two names beside them
    rows = _segmented({
        1: [(1, "消防检查记录份数"), (2, "=24份"), (3, "计划标准"), (4, "反映消防检查")],
        2: [(4, "记录份数情况")],
        3: [(1, "监控点位迁改率"), (2, "=100%"), (3, "计划标准"), (4, "反映监控点位")],
        4: [(4, "迁改率情")],
        5: [(4, "况")],
        6: [(1, "监控点位在线率"), (2, "≥95%"), (3, "计划标准"), (4, "反映监控点位")],
        8: [(4, "在线率情")],
        9: [(4, "况")],
        10: [(1, "应急广播连通率"), (2, "≥95%"), (3, "计划标准"), (4, "反映应急广播")],
        11: [(4, "连通率情况")],
    })
    assert [[ln for ln in row if ln in (1, 3, 6, 10)] for row in rows] == [[1], [3], [6], [10]]


def test_a_short_name_line_does_not_begin_a_wrapped_name():
    # cells in the middle, the short line 合格要求 between two rows (the row below leaves its basis empty, so
    # that by place alone it is nearer the row below): a wrapped name fills its column on every line but its
    # last, so 合格要求 ends the name above, never begins the name below it. The name above stops a character
    # short of the widest line (a line break before a character that may not open a line).
    assert _segmented({
        1: [(1, "科普平台全年推送科普文章和科普视频总数量"), (2, "≥2000条"), (3, "计划标准")],
        2: [(1, "场馆月度巡查和年终安全评估达到市级"), (2, "100%"), (3, "计划标准")],
        3: [(1, "合格要求")],
        4: [(1, "按有关规定的科普展项更新或撤换时限"), (2, "≤5日")],
    }) == [[1], [2, 3], [4]]


def test_a_lone_name_line_between_rows_goes_with_the_name_above():
    # cells in the middle, the name wrapped onto a short second line that holds nothing else: a line of
    # name alone is the wrapped end of a name, not a row without values (the name above it is not the
    # widest line, so that nothing else says it goes on)
    assert _segmented({
        1: [(1, "图书馆藏书编目级别统计口径"), (2, "≥3级"), (3, "计划标准")],
        2: [(1, "影响社区食堂供餐中断"), (2, "≤10小时"), (3, "计划标准")],
        3: [(1, "时间")],
        4: [(1, "支撑社区食堂供餐满意度"), (2, "≥92%"), (3, "计划标准")],
    }) == [[1], [2, 3], [4]]


def test_a_page_without_header_puts_units_under_the_unit_head():
    # a table going on at the top of a page without its header, printed narrower than the page before:
    # the band of units stands where the 2024年实际完成 column stood, but a band of units belongs to the
    # unit column, and the numbers before it to 指标值
    prev = ColumnModel(["三级指标", "指标性质", "指标值", "度量单位", "2024年实际完成", "指标值确定依据"],
                       [16, 24, 31, 36, 44], [0.1, 0.35, 0.45, 0.55, 0.75, 0.95])
    body = page_lines("\n".join([
        at((0, "培训场次"), (26, "12"), (38, "场"), (46, "计划标准")),
        at((0, "培训合格率"), (20, "≥"), (26, "90"), (38, "%"), (46, "计划标准")),
        at((0, "培训人数"), (20, "≥"), (26, "100"), (38, "人"), (46, "计划标准")),
    ]) + "\n")
    model = continuation_model(prev, body)
    assert [model.headers[model.column_of(x)] for x in (0, 20, 26, 38, 46)] == [
        "三级指标", "指标性质", "指标值", "度量单位", "指标值确定依据"]


def test_a_page_without_header_and_without_goal_text_keeps_labels_and_names_in_their_columns():
    # the page goes on with a table whose goal column holds nothing here: its leftmost band is the 一级
    # column's (labels wrapped in a narrow column: 效益指 | 标), then the 二级 labels, then the names; bands
    # of label pieces go to the label columns and a band of free text to the name column, not by place alone
    prev = ColumnModel(["绩效目标", "一级指标", "二级指标", "指标名称", "指标值", "指标值确定依据"],
                       [8, 14, 20, 40, 48], [0.05, 0.2, 0.3, 0.45, 0.75, 0.95])
    body = page_lines("\n".join([
        at((14, "及时处理泵站机电设备的故障"), (40, "及时"), (50, "计划标准")),
        at((0, "效益指"), (6, "社会效益指")),
        at((14, "减少农村饮水管道二次污染"), (40, "减少"), (50, "历史标准")),
        at((0, "标"), (6, "标")),
        at((14, "入住老人满意度"), (40, "100%"), (50, "计划标准")),
        at((0, "满意度"), (6, "服务对象满")),
        at((14, "家属探视满意度"), (40, "≥98%"), (50, "计划标准")),
        at((0, "指标"), (6, "意度")),
    ]) + "\n")
    model = continuation_model(prev, body)
    assert [model.headers[model.column_of(x)] for x in (0, 6, 14, 40, 50)] == [
        "一级指标", "二级指标", "指标名称", "指标值", "指标值确定依据"]


def test_numbers_aligned_differently_are_one_column_of_values():
    # a page without its header where the target's numbers stand at two places (100 | 24): two bands of
    # values one space apart are one column, not the target and the unit column
    prev = ColumnModel(["三级指标", "指标值", "计量单位", "指标值确定依据", "评分标准", "备注"],
                       [18, 29, 34, 41, 52], [0.1, 0.45, 0.6, 0.72, 0.9, -1.0])
    body = page_lines("\n".join([
        at((0, "护理人员持证上岗率"), (20, "100"), (31, "%"), (36, "历史标准"), (43, "达到目标值得满分")),
        at((0, "泵站故障抢修时间"), (24, "24"), (31, "小时"), (36, "计划标准"), (43, "达到目标值得满分")),
        at((0, "管网漏损抢修时间"), (24, "24"), (31, "小时"), (36, "计划标准"), (43, "达到目标值得满分")),
    ]) + "\n")
    model = continuation_model(prev, body)
    assert [model.headers[model.column_of(x)] for x in (0, 20, 24, 31, 36, 43)] == [
        "三级指标", "指标值", "指标值", "计量单位", "指标值确定依据", "评分标准"]


def test_a_basis_wrapped_in_a_narrow_column_is_a_band_of_basis_types():
    # 计划标 | 准: the start of a basis type over its short end, in a page without header whose band stands
    # nearer the place of 上年 (left blank on this page) than of 确定依据; a band of basis types goes to the
    # basis column, and the band of values to 指标值, which every row fills
    prev = ColumnModel(["三级指标", "指标值", "前年", "上年", "确定依据", "分值"],
                       [14, 18, 22, 26, 32], [0.2, 0.45, 0.6, 0.7, 0.85, 0.99])
    body = page_lines("\n".join([
        at((24, "计划标")),
        at((0, "出厂水水质检测达标率"), (16, "≥95%"), (36, "5")),
        at((24, "准")),
        at((24, "计划标")),
        at((0, "末梢水水质检测达标率"), (16, "≥95%"), (36, "20")),
        at((24, "准")),
    ]) + "\n")
    model = continuation_model(prev, body)
    assert [model.headers[model.column_of(x)] for x in (0, 16, 24, 36)] == ["三级指标", "指标值", "确定依据", "分值"]


def test_a_basis_type_under_a_note_head_is_out_of_place():
    # a note column (分值, 权重) may hold numbers but not a basis type: 计划标准, drifted under 分值 with its
    # 分值 under 权重, goes to the basis column (the line's order kept)
    kinds = ["name", "value", "basis", None, None]
    assert _by_content(kinds, ["采样断面数量", "≥6个", "计划标准", "10"], [0, 1, 3, 4]) == [0, 1, 2, 4]
    assert _by_content(kinds, ["采样断面数量", "≥6个", "计划标准", "10"], [0, 1, 2, 3]) == [0, 1, 2, 3]


# A header of three lines repeated at the top of every page (heads wrapped over lines: 一级指 | 标, 计算 |
# 符号, 度量 | 单位 around the header line): its first line opens each page like a running head, yet it is
# the start of the header.
WRAPPED_HEADER = [
    at((14, "一级指"), (42, "计算"), (54, "度量")),
    at((3, "绩效目标"), (20, "二级指标"), (30, "指标名称"), (49, "目标值"), (62, "前年"), (67, "上年"), (72, "指标来源")),
    at((15, "标"), (42, "符号"), (54, "单位")),
]


def test_a_header_line_repeated_at_each_page_top_is_no_running_head():
    pages = [TITLE + "\n" + "\n".join(WRAPPED_HEADER + [
        at((0, "1.保障运转"), (14, "产出指"), (20, "数量指标"), (30, "督查次数"), (51, "12"), (55, "次"), (72, "计划标准")),
    ])] + ["\n".join(WRAPPED_HEADER + [at((30, name), (51, "12"), (55, "次"), (72, "计划标准"))]) for name in ("报告份数", "驻场人数")]
    lines = page_lines("\n\f".join(pages) + "\n")
    tops = [i for i, ln in enumerate(lines) if key(ln.raw) == key(WRAPPED_HEADER[0])]
    assert [lines[i].page for i in tops] == [1, 2, 3]
    assert [header_span(lines, i) for i in tops] == [(i, i + 2) for i in tops]


def test_a_running_head_right_over_a_repeated_header_is_still_dropped():
    header = at((0, "一级指标"), (10, "二级指标"), (20, "三级指标"), (40, "指标值"), (50, "指标值确定依据"))
    page = "\n".join([at((0, "某区经济局2026年部门预算绩效目标表")), header,
                      at((0, "产出指标"), (10, "数量指标"), (20, "督查次数"), (40, "12次"), (51, "计划标准"))])
    lines = page_lines("\n\f".join([page, page]) + "\n")
    assert [ln.raw.strip() for ln in lines if ln.page == 2][:2] == ["", header.strip()]


def test_a_label_drawn_into_the_name_column_goes_back_to_its_own():
    # a page whose lines the converter shifted unlike the header's: the 二级 column is left without text and
    # its labels (数量指标, 经济效益指 | 标) stand one space before the names, in the name's column. A label
    # before a name goes to the label column, its wrapped end with it; a name alone that reads as a label
    # (服务对象满意度) stays a name.
    model = ColumnModel(["一级指标", "二级指标", "指标内容", "当年指标值", "指标来源"], [4, 4, 26, 32])
    body = page_lines("\n".join([
        at((0, "效益指标"), (5, "经济效益指"), (11, "促进村集体增收"), (28, "完成"), (34, "计划标准")),
        at((7, "标")),
        at((7, "质量指标"), (14, "推广绿色种养模式"), (28, "完成"), (34, "计划标准")),
        at((14, "服务对象满意度"), (28, "≥90%"), (34, "计划标准")),
    ]) + "\n")
    assert [(f.line, model.headers[f.col], f.text) for f in fragments(model, body) if f.col < 3] == [
        (1, "一级指标", "效益指标"), (1, "二级指标", "经济效益指"), (1, "指标内容", "促进村集体增收"),
        (2, "二级指标", "标"),
        (3, "二级指标", "质量指标"), (3, "指标内容", "推广绿色种养模式"),
        (4, "指标内容", "服务对象满意度"),
    ]


def test_a_label_starting_near_the_left_head_is_the_label_columns():
    # heads centred over wide columns, cells printed at their left edges: 经济成本指标 starts nearer the 一级
    # head than the 二级 head, but a 二级 label is the 二级 column's
    lines = page_lines("\n".join([
        at((9, "一级指标"), (36, "二级指标"), (63, "三级指标"), (113, "目标值")),
        at((0, "成本指标"), (16, "经济成本指标"), (43, "场地闲置率"), (93, "≤12万元")),
        at((16, "数量指标"), (43, "乡村旅游规划及推介活动"), (93, "4个")),
        at((0, "产出指标"), (16, "质量指标"), (43, "推介完成率"), (93, "100%")),
    ]) + "\n")
    model = column_model(lines[:1], lines[1:])
    assert [(model.headers[f.col], f.text) for f in fragments(model, lines[1:2])] == [
        ("一级指标", "成本指标"), ("二级指标", "经济成本指标"), ("三级指标", "场地闲置率"), ("目标值", "≤12万元")]


def test_a_whole_label_is_not_joined_with_the_label_below_it():
    # 服务对象满意度 is a whole 二级 label though it does not end in 指标: the label of the next row (数量指标) one
    # line below is a label of its own; a label's wrapped start (服务对象满) still goes on with its end
    assert [[f.text for f in c] for c in label_clusters(
        [Fragment(1, 1, "服务对象满意度"), Fragment(3, 1, "数量指标"), Fragment(5, 1, "服务对象满"), Fragment(6, 1, "意度")],
        "level2")] == [["服务对象满意度"], ["数量指标"], ["服务对象满", "意度"]]


def test_a_name_line_filling_its_column_goes_on_below():
    # cells in the middle of their rows, two-line names whose values stand on their first line: a name
    # line as wide as the column, with a line of name alone right below, is not the end of its name
    assert _segmented({
        1: [(1, "社区智慧书屋注册读者量"), (2, "≥4800人"), (3, "历史标准")],
        2: [(1, "影响新城区供水管网供"), (2, "≤10小时"), (3, "计划标准")],
        3: [(1, "水中断处理时间")],
        4: [(1, "支撑新城区供水管网供"), (2, "≥92%"), (3, "计划标准")],
        5: [(1, "水满意度")],
    }) == [[1], [2, 3], [4, 5]]


def test_a_full_name_line_before_a_row_centred_on_its_values_ends_its_row():
    # the line below the full one is a name whose values follow on a line of their own: the first line of
    # the next row, centred on them
    assert _segmented({
        1: [(1, "全市不动产登记信息平台累计归集数据总量"), (2, "≥3亿条")],
        3: [(1, "不动产登记信息平台3个工作日内办结查询申")],
        4: [(2, "100%")],
        5: [(1, "请事项的办结率为100%")],
    }) == [[1], [3, 4, 5]]


# A project form printed with its labels wrapped in a narrow column around their values: each value stands
# on the line between its label's two parts (项目名 | 网络运维经费 | 称).
WRAPPED_FORM = "\n".join([
    at((40, "表12-1 项目支出绩效目标表")),
    at((0, "项目名")),
    at((7, "网络运维经费")),
    at((0, "称")),
    at((0, "主管部")),
    at((7, "某区经济局"), (40, "项目执行单位"), (60, "某区经济局")),
    at((0, "门")),
    "",
    at((0, "年度绩效指标")),
    at((0, "一级指标"), (10, "二级指标"), (20, "三级指标"), (40, "指标值"), (50, "指标值确定依据")),
    at((0, "产出指标"), (10, "数量指标"), (20, "督查次数"), (40, "12次"), (51, "计划标准")),
    "",
])


def test_a_form_label_wrapped_around_its_value_reads_whole(tmp_path: Path):
    p = tmp_path / "excerpt.txt"
    p.write_text(WRAPPED_FORM, encoding="utf-8")
    records, _ = extract_document(p)
    (project,) = [r for r in records if r["type"] == "project"]
    assert project["project"] == "网络运维经费"
    assert [(r["project"], r["name"]) for r in records if r["type"] == "indicator"] == [("网络运维经费", "督查次数")]


def test_values_drifted_under_a_note_head_go_to_the_target_every_row_fills():
    # the body's text stands further right than the header's: the values (已完成, 完成, 有效改善) under 备注
    # and nothing under 指标值; every row fills 指标值, so the values are its cells
    lines = page_lines("\n".join([
        at((0, "一级指标"), (10, "二级指标"), (20, "指标名称"), (44, "指标值"), (52, "备注")),
        at((0, "产出指标"), (10, "数量指标"), (20, "粮食增产"), (54, "已完成")),
        at((10, "质量指标"), (20, "坚持依法行政各项工作"), (54, "完成")),
        at((10, "社会效益指标"), (20, "努力营造安全文明校园环境"), (54, "有效改善")),
    ]) + "\n")
    model = column_model(lines[:1], lines[1:])
    assert [(model.headers[f.col], f.text) for f in fragments(model, lines[1:]) if f.col > 2] == [
        ("指标值", "已完成"), ("指标值", "完成"), ("指标值", "有效改善")]


def test_a_table_whose_indicator_heads_all_wrap_is_column_aligned_text():
    # no line names 一级指标 whole: the heads wrap (一级指 | 标, 二级指 | 标) around the line naming the other
    # columns (绩效目标 | 绩效指标 | 指标值); the line of their first parts and the two below it make the header
    header = "\n".join([
        at((14, "一级指"), (26, "二级指"), (58, "计算"), (70, "计量")),
        at((2, "绩效目标"), (38, "绩效指标"), (52, "指标值"), (78, "确定依")),
        at((15, "标"), (27, "标"), (58, "符号"), (70, "单位")),
        at((79, "据")),
    ])
    row = at((0, "1、保障运转"), (14, "产出指"), (26, "数量指"), (38, "督查次数"), (58, "≥"), (64, "12"), (70, "次"), (78, "计划标准"))
    assert is_columns_layout(header + "\n" + row + "\n")
    # the same words one cell a line (a plain conversion) are not
    assert not is_columns_layout("\n".join(["一级指", "标", "二级指", "标", "绩效指标", "指标值", row.split()[0]]) + "\n")


def test_a_goal_printed_on_every_row_is_a_goal_a_row():
    # the goal column prints its goal on every row, wrapped over two lines: each row's first piece starts
    # the goal again, so the pieces make one goal a row, not one goal of every row's pieces run together
    assert [[f.text for f in c] for c in label_clusters(
        [Fragment(1, 0, "1.保障单位正常运"), Fragment(3, 0, "转"), Fragment(4, 0, "1.保障单位正常运"), Fragment(6, 0, "转"),
         Fragment(7, 0, "2.提升服务质量")],
        "goal")] == [["1.保障单位正常运", "转"], ["1.保障单位正常运", "转"], ["2.提升服务质量"]]


def test_a_word_after_a_comma_and_one_space_goes_on_with_the_cell():
    # a converter keeps the space after a comma (全流程管理, 提供专业服务): the word after it goes on with
    # the cell, while a Han word one space after a word without a comma may begin the next cell
    from extractors.columns_lines import line_chunks
    comma, bare = page_lines("1.规范事务管理, 提供专业服务    产出指标\n1.规范事务管理 提供专业服务    产出指标\n")[:2]
    assert [(c.start, c.inner) for c in line_chunks(comma)] == [(0, []), (20, [])]
    assert [(c.start, c.inner) for c in line_chunks(bare)] == [(0, [9]), (19, [])]


# A browser's print where the year of 年目标值 stands on the header line below, a few columns left of it
# (2026 under 指标名称's right): the group head line (绩效指标 … 年目标值 权重 备注) over the line naming the
# columns. The two lines are one header, and 2026 | 年目标值 one head.
YEAR_BELOW_ITS_HEAD = [
    at((30, "绩效指标"), (62, "年目标值"), (80, "权重"), (86, "备注")),
    at((6, "一级"), (24, "二级"), (42, "指标名称"), (56, "2026")),
]


def test_a_year_printed_under_the_line_of_its_head_is_read_with_it():
    lines = page_lines("\n".join(YEAR_BELOW_ITS_HEAD) + "\n")
    assert header_span(lines, 0) == (0, 1)
    heads = [t for _, t in header_columns(lines)]
    assert heads == ["一级", "二级", "指标名称", "2026年目标值", "权重", "备注"]


def test_a_table_whose_year_head_is_printed_apart_keeps_its_weights(tmp_path: Path):
    title = TITLE.replace("部门整体支出绩效目标表", "2026年部门整体支出绩效目标表")
    text = title + "\n" + "\n".join(YEAR_BELOW_ITS_HEAD) + "\n\n" + "\n".join([
        at((0, "产出指标"), (12, "数量指标"), (32, "值守人数"), (58, "6人"), (82, "10")),
        at((0, "产出指标"), (12, "质量指标"), (32, "抽检达标率"), (58, "≥88%"), (82, "20")),
        "",
    ])
    p = tmp_path / "excerpt.txt"
    p.write_text(text, encoding="utf-8")
    records, _ = extract_document(p)
    assert [(r["level2"], r["name"], r["target"], r["extras"].get("权重")) for r in records if r["type"] == "indicator"] == [
        ("数量指标", "值守人数", "6人", "10"), ("质量指标", "抽检达标率", "≥88%", "20")]


# A browser's print where the body's values drifted right under the year head beside 指标值 (printed one
# space after it): the target column holds nothing, yet every row fills 指标值, so the values are its cells,
# not the 2023 column's.
VALUES_UNDER_A_YEAR_HEAD = TITLE.replace("部门整体支出绩效目标表", "2025年部门整体支出绩效目标表") + "\n" + "\n".join([
    at((0, "一级指标"), (10, "二级指标"), (22, "三级指标"), (36, "指标值"), (43, "2023年完成值"), (62, "2024年预计值"),
       (75, "指标值确定依据")),
    at((0, "产出指标"), (10, "数量指标"), (22, "值守人数"), (44, "6人"), (76, "计划标准")),
    at((0, "产出指标"), (10, "质量指标"), (22, "抽检达标率"), (44, "≥88%"), (76, "计划标准")),
    at((0, "效益指标"), (10, "社会效益指标"), (22, "群众办事便利度"), (44, "提升"), (76, "计划标准")),
    "",
])


def test_values_drifted_under_a_year_head_go_to_the_empty_target(tmp_path: Path):
    assert _rows(tmp_path, VALUES_UNDER_A_YEAR_HEAD) == [
        ("数量指标", "值守人数", None, None, "6人", "计划标准"),
        ("质量指标", "抽检达标率", None, None, "≥88%", "计划标准"),
        ("社会效益指标", "群众办事便利度", None, None, "提升", "计划标准"),
    ]


# A browser's print of a three-line header whose year heads are cut apart: 年预计值 on the group heads'
# line with its year 2025 on the line below, a few columns left, and on that line, far right of 2025, the
# head 年度指标值 — a head of its own, not the rest of 2025's.
YEAR_AND_A_FAR_HEAD = [
    at((30, "绩效指标"), (60, "2024年完成值"), (80, "年预计值")),
    at((77, "2025"), (96, "年度指标值"), (110, "指标值确定依据")),
    at((2, "一级指标"), (12, "二级指标"), (36, "指标内容")),
]


def test_a_year_far_left_of_a_year_head_on_its_line_is_not_its_year():
    lines = page_lines("\n".join(YEAR_AND_A_FAR_HEAD) + "\n")
    assert header_span(lines, 0) == (0, 2)
    assert [t for _, t in header_columns(lines)] == [
        "一级指标", "二级指标", "指标内容", "2024年完成值", "2025年预计值", "年度指标值", "指标值确定依据"]


# A browser's print of a header of four lines, its heads wrapped in narrow columns: the line of group heads
# (目标名称 | 绩效指标 | 年实际 2025年预计 指标) reads as a header itself, a line of heads' parts (2024 under
# 年实际, 2026 by 年指, 计量, 确定) stands between it and the line naming the columns (一级指 二级指标 三级指标
# 完成 完成 性质 标值 单位 依据), whose wrapped end 标 follows. 2025年预计 stands over the first part of 完成
# and of 性质, but only 完成 completes it; 2024 printed under 年实际 is read first.
FOUR_LINE_HEADER = [
    at((20, "目标名称"), (52, "绩效指标"), (73, "年实际"), (77, "2025年预计"), (85, "指标")),
    at((70, "2024"), (94, "2026"), (100, "年指"), (103, "计量"), (106, "确定")),
    at((38, "一级指"), (46, "二级指标"), (56, "三级指标"), (72, "完成"), (80, "完成"), (83, "性质"), (99, "标值"),
       (102, "单位"), (105, "依据")),
    at((39, "标")),
]


def test_a_line_of_heads_parts_between_the_group_heads_and_the_header_line_is_the_header():
    lines = page_lines("\n".join(FOUR_LINE_HEADER) + "\n")
    assert header_span(lines, 0) == (0, 3)
    assert [t for _, t in header_columns(lines)] == [
        "目标名称", "一级指标", "二级指标", "三级指标", "2024年实际完成", "2025年预计完成", "指标性质", "2026年指标值",
        "计量单位", "确定依据"]


# The year of a head beside the indicator heads' columns printed on a line of its own under it, a little
# left (年实际完成 over 2024), where the line of group heads holds several heads: the year is the head's,
# not a group head over them.
YEAR_UNDER_A_HEAD_BESIDE_GROUPS = [
    at((20, "目标名称"), (52, "绩效指标"), (72, "年实际完成"), (78, "2025年预计完成"), (88, "目标值"), (92, "确定依据")),
    at((69, "2024")),
    at((36, "一级指标"), (44, "二级指标"), (56, "三级指标")),
]


def test_a_bare_year_under_a_head_is_no_group_head():
    lines = page_lines("\n".join(YEAR_UNDER_A_HEAD_BESIDE_GROUPS) + "\n")
    assert header_span(lines, 0) == (0, 2)
    assert [t for _, t in header_columns(lines)] == [
        "目标名称", "一级指标", "二级指标", "三级指标", "2024年实际完成", "2025年预计完成", "目标值", "确定依据"]


# A header line whose year head is spread (2024   年完成) over a line of the heads' wrapped ends, shifted
# (重 a column left of 权, so that the ends pair with the heads in order, not by overlap): 值 stands under
# 年完成, seven columns right of where the spread head starts, and still ends it.
SPREAD_YEAR_OVER_ITS_END = [
    at((0, "一级指"), (4, "二级指标"), (16, "指标内容"), (28, "2024"), (35, "年完成"), (40, "指标值"), (45, "确定依"),
       (50, "权")),
    at((1, "标"), (36, "值"), (46, "据"), (49, "重")),
]


def test_the_end_of_a_spread_year_head_stands_under_its_rest():
    lines = page_lines("\n".join(SPREAD_YEAR_OVER_ITS_END) + "\n")
    assert header_span(lines, 0) == (0, 1)
    assert [t for _, t in header_columns(lines)] == [
        "一级指标", "二级指标", "指标内容", "2024年完成值", "指标值", "确定依据", "权重"]


def test_the_wrapped_end_of_a_cell_moved_by_content_goes_with_it():
    # the body drifted right of the header: each row's basis type, wrapped in a narrow column (计划标 | 准),
    # stands under 分值 and goes to the basis column by its content; its end 准 on the line below, of no kind
    # by itself, goes with it, not to 分值
    model = ColumnModel(["一级指标", "三级指标", "指标值", "确定依据", "分值"], [6, 24, 32, 38])
    body = page_lines("\n".join([
        at((0, "产出指"), (8, "社区公共照明覆盖路段"), (26, "≥2G"), (40, "计划标"), (48, "5")),
        at((0, "标"), (41, "准")),
        at((8, "全年完成巡检记录份数"), (26, "12份"), (40, "历史标"), (48, "20")),
        at((41, "准")),
    ]) + "\n")
    assert [(f.line, model.headers[f.col], f.text) for f in fragments(model, body) if f.col >= 3] == [
        (1, "确定依据", "计划标"), (1, "分值", "5"), (2, "确定依据", "准"),
        (3, "确定依据", "历史标"), (3, "分值", "20"), (4, "确定依据", "准")]


def test_a_piece_under_a_serial_number_moved_by_content_stays_in_its_column():
    # serial numbers printed right of their column's bound go back to 序号 by content; the label one space
    # after the next row's number (8 满意度指标) is no wrapped end of the number above and keeps its column
    model = ColumnModel(["序号", "一级指标", "二级指标", "三级指标", "指标值"], [6.5, 17.5, 26.5, 48.5])
    body = page_lines("\n".join([
        at((7, "7"), (27, "辖区人居环境明显改善"), (50, "达成")),
        at((7, "8"), (9, "满意度指标"), (18, "服务对象满意"), (27, "培训学员对课程安排效果的满"), (50, "≥95%")),
    ]) + "\n")
    assert [(f.line, model.headers[f.col], f.text) for f in fragments(model, body) if f.col <= 1] == [
        (1, "序号", "7"), (2, "序号", "8"), (2, "一级指标", "满意度指标")]


# A report printer's table whose row cells stand at the top of their rows (serial number, name, values on
# a row's first line, the name's end below) while its merged labels are centred on their rows, a goal's
# text wrapped over lines of its own between the rows. The rows are read top-aligned and the labels
# centred: the name's end 置率 is its row's, not the start of the next row's name.
TOP_CELLS_MIDDLE_LABELS = TITLE + "\n" + "\n".join([
    at((0, "序号"), (7, "目标名称"), (19, "一级指标"), (28, "二级指标"), (38, "指标内容"), (52, "指标值"), (62, "指标值确定依据")),
    at((0, "1"), (38, "食品抽检报告份数"), (52, "12份"), (62, "计划标准")),
    at((0, "2"), (28, "数量指标"), (38, "农贸市场快检点覆"), (52, "100%"), (62, "计划标准")),
    at((38, "盖率")),
    at((0, "3"), (38, "抽检不合格产品处"), (52, "≥95%"), (62, "计划标准")),
    at((19, "产出指"), (38, "置率")),
    at((5, "2、守住食品安全底"), (19, "标")),
    at((0, "4"), (28, "质量指标"), (38, "投诉举报按时办结"), (52, "≥95%"), (62, "计划标准")),
    at((6, "线，群众放心消费")),
    at((38, "率")),
    at((0, "5"), (38, "快检结果公示时限"), (52, "≤2天"), (62, "计划标准")),
    "",
])


def test_rows_aligned_to_the_top_under_labels_centred_on_them(tmp_path: Path):
    assert [(r[0], r[1], r[4]) for r in _rows(tmp_path, TOP_CELLS_MIDDLE_LABELS)] == [
        ("数量指标", "食品抽检报告份数", "12份"),
        ("数量指标", "农贸市场快检点覆盖率", "100%"),
        ("质量指标", "抽检不合格产品处置率", "≥95%"),
        ("质量指标", "投诉举报按时办结率", "≥95%"),
        ("质量指标", "快检结果公示时限", "≤2天"),
    ]


# A project form whose labels and values stand one space apart (项目名称： 网络运维经费), then its indicator
# table, which ends on the form's signature line (labels without values) right under its last row.
ONE_SPACE_FORM = "\n".join([
    at((30, "表12-1 项目支出绩效目标表")),
    "项目名称： 网络运维经费",
    "项目类别： 持续性项目",
    "",
    at((0, "年度绩效指标")),
    at((0, "一级指标"), (10, "二级指标"), (20, "三级指标"), (40, "指标值"), (50, "指标值确定依据")),
    at((0, "产出指标"), (10, "数量指标"), (20, "督查次数"), (40, "12次"), (51, "计划标准")),
    at((10, "质量指标"), (20, "抽检达标率"), (40, "≥95%"), (51, "计划标准")),
    at((0, "效益指标"), (10, "社会效益指标"), (20, "群众办事便利度"), (40, "提升"), (51, "计划标准")),
    "",
    "单位负责人： 填报人： 联系电话：",
    "",
])


def test_a_form_label_one_space_before_its_value_names_the_project(tmp_path: Path):
    p = tmp_path / "excerpt.txt"
    p.write_text(ONE_SPACE_FORM, encoding="utf-8")
    records, _ = extract_document(p)
    (project,) = [r for r in records if r["type"] == "project"]
    assert project["project"] == "网络运维经费"
    assert {r["project"] for r in records if r["type"] == "indicator"} == {"网络运维经费"}


def test_a_signature_line_under_a_table_is_no_label(tmp_path: Path):
    assert [(r[0], r[1]) for r in _rows(tmp_path, ONE_SPACE_FORM)] == [
        ("数量指标", "督查次数"), ("质量指标", "抽检达标率"), ("社会效益指标", "群众办事便利度")]
    p = tmp_path / "excerpt.txt"
    records, _ = extract_document(p)
    assert [r["level1"] for r in records if r["type"] == "indicator"] == ["产出指标", "产出指标", "效益指标"]


def test_a_band_of_one_level_s_labels_wrapped_in_a_narrow_column_is_that_level_s():
    # a page without header whose 一级 column holds nothing: the leftmost band holds 二级 labels, some wrapped
    # (社会效益指 | 标); its whole labels are all 二级, so the band goes to the 二级 column, not the 一级 one
    prev = ColumnModel(["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"], [8, 18, 40, 50],
                       [0.05, 0.2, 0.45, 0.75, 0.95])
    body = page_lines("\n".join([
        at((20, "供水管网故障修复时间"), (44, "≤24小时"), (54, "历史标准")),
        at((10, "质量指标"), (20, "供水设备运行正常率"), (44, "≥95%"), (54, "历史标准")),
        at((20, "数据更新频率"), (44, "年度更新"), (54, "历史标准")),
        at((10, "社会效益指"), (20, "重大供水管网安全事故发生率"), (44, "0"), (54, "历史标准")),
        at((12, "标")),
    ]) + "\n")
    model = continuation_model(prev, body)
    assert [model.headers[model.column_of(x)] for x in (10, 20, 44, 54)] == ["二级指标", "三级指标", "指标值", "指标值确定依据"]


def test_a_unit_wrapped_under_a_number_of_a_value_column_stays_with_it():
    # a split target (符号 | 指标值 | 单位) beside year columns too narrow for a whole value: ≤215.80 | 万元 is
    # the 2023 column's cell wrapped over two lines; its unit stays there, not added to the target's unit
    model = ColumnModel(["三级指标", "计算符号", "指标值", "计量单位", "2023年实际", "2024年预计"], [14, 20, 28, 34, 44])
    body = page_lines("\n".join([
        at((0, "成本控制"), (16, "≤"), (22, "268.40"), (30, "万元"), (36, "≤215.80"), (46, "≤268.40")),
        at((37, "万元"), (47, "万元")),
    ]) + "\n")
    assert [(f.line, model.headers[f.col], f.text) for f in fragments(model, body) if f.col >= 3] == [
        (1, "计量单位", "万元"), (1, "2023年实际", "≤215.80"), (1, "2024年预计", "≤268.40"),
        (2, "2023年实际", "万元"), (2, "2024年预计", "万元")]


def test_a_bare_number_one_space_after_a_name_line_is_a_cell_of_its_own():
    # a name wrapped in a narrow column fills it, and the first value (a bare number) follows one space
    # after it: the number begins the next cell; after a label's short end (标 1) it still goes on with it
    from extractors.columns_lines import line_chunks
    name, label = page_lines("青山湾安全事故发生 0     0\n产出指标 标 1\n")[:2]
    assert [(c.start, c.inner) for c in line_chunks(name)] == [(0, [10]), (16, [])]
    assert [(c.start, c.inner) for c in line_chunks(label)] == [(0, [])]


# A browser's print of a header of five lines: the group heads' line (目标名称 | 绩效指标 | 年实际), two
# lines of heads' parts (2024 年预计 指标性; 2025 2026 年指 计量单 确定依 分), the line naming the columns with
# the heads' last parts (一级指 二级指标 三级指标 完成 完成 质 标值 位 据 值) and the wrapped end 标: three lines of
# header cells stand above the header line.
FIVE_LINE_HEADER = [
    at((6, "目标名称"), (42, "绩效指标"), (60, "年实际")),
    at((58, "2024"), (69, "年预计"), (73, "指标性")),
    at((66, "2025"), (79, "2026"), (85, "年指"), (88, "计量单"), (92, "确定依"), (96, "分")),
    at((33, "一级指"), (39, "二级指标"), (47, "三级指标"), (60, "完成"), (69, "完成"), (74, "质"), (84, "标值"), (89, "位"),
       (93, "据"), (95, "值")),
    at((34, "标")),
]


def test_three_lines_of_header_cells_over_the_header_line_are_the_header():
    lines = page_lines("\n".join(FIVE_LINE_HEADER) + "\n")
    assert header_span(lines, 0) == (0, 4)
    assert [t for _, t in header_columns(lines)] == [
        "目标名称", "一级指标", "二级指标", "三级指标", "2024年实际完成", "2025年预计完成", "指标性质", "2026年指标值",
        "计量单位", "确定依据", "分值"]


# Heads wrapped over three lines under the header line: the year of 年指标 | 值 on a line of its own, then
# the ends 值 | 据, then 标, the end of 一级指 — all part of the header.
THREE_LINES_UNDER = [
    at((18, "绩效指标"), (38, "前年完成"), (43, "上年预计完成"), (62, "年指标"), (66, "指标值确定依")),
    at((0, "一级指"), (9, "二级指标"), (27, "指标名称"), (40, "值"), (45, "值")),
    at((57, "2026")),
    at((62, "值"), (69, "据")),
    at((1, "标")),
]


def test_three_lines_of_heads_ends_under_the_header_line_are_the_header():
    lines = page_lines("\n".join(THREE_LINES_UNDER) + "\n")
    assert header_span(lines, 0) == (0, 4)
    assert [t for _, t in header_columns(lines)] == [
        "一级指标", "二级指标", "指标名称", "前年完成值", "上年预计完成值", "2026年指标值", "指标值确定依据"]


def test_a_table_whose_indicator_heads_wrap_beside_a_wrapped_head_of_another_column_is_column_aligned_text():
    # the indicator heads wrap (一级指 | 标, 二级指 | 标) and so does 指标 | 性质 on the same line: its first part
    # 指标 names no column whole, so the header words of the two lines below still count for the header
    header = "\n".join([
        at((0, "序"), (12, "一级指"), (20, "二级指"), (40, "指标"), (52, "度量"), (58, "前年实")),
        at((4, "绩效目标"), (28, "绩效指标"), (46, "指标值"), (66, "确定依")),
        at((0, "号"), (13, "标"), (21, "标"), (40, "性质"), (52, "单位"), (58, "际值")),
        at((67, "据")),
    ])
    row = at((0, "1"), (2, "保障运转"), (12, "产出指"), (20, "数量指"), (28, "巡检次数"), (40, "≥"), (46, "12"),
             (52, "次"), (66, "计划标准"))
    assert is_columns_layout(header + "\n" + row + "\n")
    # the same words one cell a line (a plain conversion) are not
    assert not is_columns_layout("\n".join(["序", "一级指", "标", "二级指", "标", "指标", "性质", "绩效指标", "指标值"]) + "\n")


# A narrow page's header: 指标性质 and 计量单位 stacked a character a line over seven lines, 序号 over
# three, the other heads wrapping over two or three lines between them (一级 | 指标, 2024 | 年实 | 际);
# the header line (绩效目标 | 三级指标 | 指标值) is the fourth. No line's pieces complete a head with the
# next line's alone.
STACKED_HEADS = [
    at((40, "指"), (50, "计")),
    at((26, "2024"), (33, "2025")),
    at((0, "序"), (10, "一级"), (14, "二级指"), (40, "标"), (50, "量"), (54, "确定依")),
    at((3, "绩效目标"), (20, "三级指标"), (26, "年实"), (33, "年预"), (44, "指标值"), (60, "分值")),
    at((0, "号"), (10, "指标"), (15, "标"), (40, "性"), (50, "单"), (55, "据")),
    at((27, "际"), (34, "计")),
    at((40, "质"), (50, "位")),
]


def test_heads_stacked_a_character_a_line_make_one_header():
    body = at((0, "1"), (3, "保障运转"), (10, "产出"), (14, "数量指"), (20, "巡检次数"), (40, "≥"), (45, "12"),
              (50, "次"), (54, "历史标"), (61, "10"))
    lines = page_lines("\n".join(STACKED_HEADS + [body, at((10, "指标"), (15, "标"), (54, "准"))]) + "\n")
    assert header_span(lines, 0) == (0, 6)
    assert [t for _, t in header_columns(lines[:7])] == [
        "序号", "绩效目标", "一级指标", "二级指标", "三级指标", "2024年实际", "2025年预计", "指标性质", "指标值", "计量单位",
        "确定依据", "分值"]


def test_a_basis_cell_under_a_stacked_head_is_no_part_of_it():
    # the body's first line holds only the start of a basis type (历史标), right under 确定依 | 据: it ends
    # the header, though 确定依 | 据 | 历史标 joined holds a head's word (确定依据)
    lines = page_lines("\n".join([
        at((0, "序"), (30, "指"), (40, "确定依")),
        at((4, "一级指标"), (14, "二级指标"), (22, "三级指标"), (30, "标"), (34, "指标值")),
        at((0, "号"), (30, "性"), (41, "据")),
        at((30, "质")),
        at((41, "历史标")),
        at((4, "产出指标"), (14, "数量指标"), (22, "巡检次数"), (34, "12"), (41, "准")),
    ]) + "\n")
    assert header_span(lines, 0) == (0, 3)
    assert [t for _, t in header_columns(lines[:4])] == ["序号", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "确定依据"]


def test_a_stacked_header_s_first_line_repeated_at_a_page_top_is_no_running_head():
    # each page opens with the table's header, whose first line holds only the first characters of stacked
    # heads (指 | 计): repeated at the next page's top it is the header's, not a running head to blank
    body = at((0, "1"), (3, "保障运转"), (10, "产出"), (14, "数量指"), (20, "巡检次数"), (40, "≥"), (45, "12"),
              (50, "次"), (54, "历史标"), (61, "10"))
    page = "\n".join(STACKED_HEADS + [body, at((10, "指标"), (15, "标"), (54, "准"))])
    lines = page_lines(page + "\n\f" + page + "\n")
    second = next(k for k, ln in enumerate(lines) if ln.page == 2)
    assert lines[second].raw == STACKED_HEADS[0]
    assert header_span(lines, second) == (second, second + 6)


# Heads wrapped down narrow columns on the lines under the header line, a converter shifting the lower line
# one column left, so that its part only touches the one above (计量 | 单位, 备 | 注): each pair is one head.
SHIFTED_STACKS = "\n".join([
    at((0, "一级指标"), (10, "二级指标"), (20, "三级指标"), (30, "指标值"), (44, "指标来")),
    at((37, "计量"), (45, "源"), (50, "备")),
    at((39, "单位"), (49, "注")),
    at((0, "产出指标"), (10, "数量指标"), (20, "检查企业数量"), (30, "≥10"), (38, "家"), (44, "计划标准"), (50, "无")),
    "",
])


def test_head_parts_shifted_one_column_by_the_converter_join():
    lines = page_lines(SHIFTED_STACKS)
    assert header_span(lines, 0) == (0, 2)
    assert [t for _, t in header_columns(lines[:3])] == ["一级指标", "二级指标", "三级指标", "指标值", "计量单位", "指标来源", "备注"]


# A goal column so narrow that its lines end one space before the label column, a line ending in a comma
# (按时完成检修， 产出指): the label's first part starts a cell of its own, as it would after any other word.
NARROW_GOAL = TITLE + "\n" + "\n".join([
    at((0, "目标"), (11, "一级指标"), (19, "二级指标"), (29, "三级指标"), (43, "指标值"), (52, "指标值确定依据")),
    at((0, "按时完成检修， 产出指"), (19, "数量指标"), (29, "检修设备台数"), (43, "≥12台"), (52, "计划标准")),
    at((0, "保障设备运行"), (11, "标")),
    at((0, "按时完成检修， 效益指"), (19, "社会效益指标"), (29, "设备完好率"), (43, "≥95%"), (52, "计划标准")),
    at((0, "保障设备运行"), (11, "标")),
    "",
])


def test_a_label_after_a_goal_line_ending_in_a_comma_starts_its_cell(tmp_path: Path):
    p = tmp_path / "excerpt.txt"
    p.write_text(NARROW_GOAL, encoding="utf-8")
    records, _ = extract_document(p)
    assert [(r["level1"], r["level2"], r["name"], r["target"]) for r in records if r["type"] == "indicator"] == [
        ("产出指标", "数量指标", "检修设备台数", "≥12台"),
        ("效益指标", "社会效益指标", "设备完好率", "≥95%"),
    ]




def test_a_label_printed_on_each_page_of_its_rows_labels_them_all():
    """A report printer's table cut by a page break after its sixth row prints the merged 数量指标 on each page
    near the middle of its rows there, some rows wrapped over two lines: one twin may be dropped at no cost,
    not both, so the first rows are not left without a label (which costs little at a table's top)."""
    from extractors.columns_labels import assign_labels
    spans = [(1, 1), (3, 3), (5, 5), (6, 6), (8, 9), (11, 11),  # page 1
             (13, 13), (15, 15), (17, 18), (20, 21), (23, 23), (25, 25), (27, 27), (29, 29), (31, 31)]  # page 2
    labels = [[Fragment(4, 1, "数量指标")], [Fragment(18, 1, "数量指标")], [Fragment(29, 1, "质量指标")]]
    placed, _ = assign_labels(spans, labels, breaks=[6])
    rows = {r: "".join(f.text for f in p) for a, b, p in placed for r in range(a, b + 1)}
    assert rows == {**{r: "数量指标" for r in range(12)}, **{r: "质量指标" for r in (12, 13, 14)}}


# A report printer's table with cells at the top of their rows, a 序号 and a 指标解释 column: a 三级指标
# wrapped over three lines (filling its column on all but the last) whose last line looks like a value
# (达100%), beside the explanation's wrapped text: the name's lines are one row, its value stays.
TOP_WITH_NOTES = TITLE + "\n" + "\n".join([
    at((0, "序号"), (6, "二级指标"), (16, "三级指标"), (40, "指标值"), (48, "指标值确定依据"), (64, "指标解释")),
    "",
    at((1, "1"), (6, "数量指标"), (16, "投资额200万元以上的工程"), (40, "=100%"), (48, "历史标准"), (64, "反映投资额在")),
    at((16, "类或服务类项目组织评审率"), (64, "200万元以上的")),
    at((16, "达100%"), (64, "工程类项目情况")),
    "",
    at((1, "2"), (6, "质量指标"), (16, "系统运行正常率"), (40, "≥95%"), (48, "计划标准"), (64, "反映系统运行")),
    at((64, "正常率情况")),
    "",
    at((1, "3"), (6, "时效指标"), (16, "故障修复时间"), (40, "≤24小时"), (48, "计划标准"), (64, "反映故障修复")),
    at((64, "时间情况")),
    "",
])


def test_a_top_aligned_name_wrapped_beside_a_notes_text_is_one_row(tmp_path: Path):
    assert [r[:2] + r[4:5] for r in _rows(tmp_path, TOP_WITH_NOTES)] == [
        ("数量指标", "投资额200万元以上的工程类或服务类项目组织评审率达100%", "=100%"),
        ("质量指标", "系统运行正常率", "≥95%"),
        ("时效指标", "故障修复时间", "≤24小时"),
    ]



# Cells at the top of their rows (序号 on each row's first line) and an 指标解释 column whose wrapped line
# reads like a qualitative value on a line without a name (明显提升情况): the note column says nothing about
# how the cells sit, so the rows stay top-aligned and each wrapped label stays with its row.
TOP_WITH_VALUE_LIKE_NOTE = TITLE + "\n" + "\n".join([
    at((0, "序号"), (6, "二级指标"), (18, "三级指标"), (40, "指标值"), (48, "指标值确定依据"), (64, "指标解释")),
    at((1, "1"), (6, "社会效益指标"), (18, "文化惠民活动组织能力"), (40, "提升"), (48, "历史标准"), (64, "反映文化活动")),
    at((64, "能力是否")),
    at((64, "明显提升情况")),
    "",
    at((1, "2"), (18, "全街人居环境改善"), (40, "达成"), (48, "计划标准"), (64, "反映人居环境")),
    at((64, "改善情况")),
    "",
    at((1, "3"), (6, "服务对象满意度指"), (18, "参训学员对课程实用效果的"), (40, "≥95%"), (48, "计划标准"), (64, "反映学员满意")),
    at((6, "标"), (18, "满意度"), (64, "度情况")),
    "",
])


def test_a_note_line_that_reads_like_a_value_leaves_rows_top_aligned(tmp_path: Path):
    assert [r[:2] for r in _rows(tmp_path, TOP_WITH_VALUE_LIKE_NOTE)] == [
        ("社会效益指标", "文化惠民活动组织能力"), ("社会效益指标", "全街人居环境改善"),
        ("服务对象满意度指标", "参训学员对课程实用效果的满意度")]


# A two-line header: 序号 | 一级指标 | 绩效指标 (the group head of 二级 | 三级) | 当年预期实现值 | 备注 over
# 二级指标 | 三级指标. Both lines name two of the levels, counting 绩效指标 as a 三级 head: the lower line names
# them without it, so it is the header line and 绩效指标 heads the group. The body's 一级 labels stand right of
# the narrow 一级指标 head, nearer the 二级 head than the 一级 one: a label of the left column's level is the
# left column's all the same.
GROUPED_LEVELS = TITLE + "\n" + "\n".join([
    at((0, "序号"), (3, "一级指标"), (28, "绩效指标"), (48, "当年预期实现值"), (56, "备注")),
    at((18, "二级指标"), (34, "三级指标")),
    at((0, "1"), (17, "数量指标"), (27, "推进高新技术产业规模增长"), (50, "完成")),
    at((0, "2"), (9, "产出指标"), (17, "质量指标"), (27, "加快服务效能提升"), (50, "完成")),
    at((0, "3"), (17, "时效指标"), (27, "按规定时间"), (50, "完成")),
    at((0, "4"), (9, "效益指标"), (17, "经济效益指标"), (27, "促进区经济发展"), (50, "完成")),
    "",
])


def test_levels_under_a_group_head_on_the_header_line_and_a_level1_label_right_of_its_head(tmp_path: Path):
    lines = page_lines(GROUPED_LEVELS)
    i = next(k for k, ln in enumerate(lines) if "序号" in ln.raw)
    assert [t for _, t in header_columns(lines[i:i + 2])] == ["序号", "一级指标", "二级指标", "三级指标", "当年预期实现值", "备注"]
    p = tmp_path / "excerpt.txt"
    p.write_text(GROUPED_LEVELS, encoding="utf-8")
    records, _ = extract_document(p)
    assert [(r["level1"], r["level2"], r["name"]) for r in records if r["type"] == "indicator"] == [
        ("产出指标", "数量指标", "推进高新技术产业规模增长"), ("产出指标", "质量指标", "加快服务效能提升"),
        ("产出指标", "时效指标", "按规定时间"), ("效益指标", "经济效益指标", "促进区经济发展")]


# A table's caption (当年绩效目标表) a blank line above a header whose heads wrap over the lines above and
# below the header line (指标性 | 质, 度量单 | 位): the caption names the table's horizon, no header cell.
CAPTION_OVER_WRAPPED_HEADS = TITLE + "\n" + "\n".join([
    at((24, "长期绩效目标表")),
    "",
    at((24, "指标性"), (40, "度量单")),
    at((0, "二级指标"), (10, "指标名称"), (29, "预计当年实现"), (48, "指标值确定依据")),
    at((25, "质"), (41, "位")),
    at((0, "数量指标"), (10, "检修设备台数"), (25, "≥"), (32, "12"), (41, "台"), (48, "计划标准")),
    "",
    at((24, "当年绩效目标表")),
    "",
    at((24, "指标性"), (40, "度量单")),
    at((0, "二级指标"), (10, "指标名称"), (29, "预计当年实现"), (48, "指标值确定依据")),
    at((25, "质"), (41, "位")),
    at((0, "数量指标"), (10, "检修设备台数"), (25, "≥"), (32, "3"), (41, "台"), (48, "计划标准")),
    "",
])


def test_a_caption_over_a_header_with_wrapped_heads_names_the_horizon(tmp_path: Path):
    p = tmp_path / "excerpt.txt"
    p.write_text(CAPTION_OVER_WRAPPED_HEADS, encoding="utf-8")
    records, _ = extract_document(p)
    assert [(r["horizon"], r["target"]) for r in records if r["type"] == "indicator"] == [
        ("long_term", "≥12台"), ("annual", "≥3台")]


# Per-goal tables all under one caption (中长期绩效目标表), each goal's table opening a new page with the
# caption and header: not the table before going on (its last label, 服务对象满意度, would take the first row
# of the next page), but a table of its own, since its labels sit centred on its own rows.
PER_GOAL_HEADER = at((0, "目标名称"), (18, "一级指标"), (28, "二级指标"), (40, "三级指标"), (56, "指标值"), (64, "指标值确定依据"))
PER_GOAL_TABLES = TITLE.rsplit("\n", 1)[0] + "\n" + "\n".join([
    at((0, "中长期绩效目标表")),
    PER_GOAL_HEADER,
    at((18, "产出指标"), (28, "数量指标"), (40, "巡查次数"), (56, "12次"), (65, "计划标准")),
    at((0, "目标1：保障运转"), (18, "效益指标"), (28, "社会效益指标"), (40, "群众知晓率"), (56, "≥90%"), (65, "计划标准")),
    at((18, "满意度指标"), (28, "服务对象满意度"), (40, "群众满意度"), (56, "≥95%"), (65, "计划标准")),
    at((30, "第1页")),
    "\f" + at((0, "中长期绩效目标表")),
    PER_GOAL_HEADER,
    at((40, "维修台数"), (56, "8台"), (65, "计划标准")),
    at((40, "巡检次数"), (56, "4次"), (65, "计划标准")),
    at((40, "更换部件数"), (56, "20个"), (65, "计划标准")),
    at((18, "产出指标"), (28, "数量指标"), (40, "培训人次"), (56, "60人次"), (65, "计划标准")),
    at((40, "备件采购数"), (56, "15件"), (65, "计划标准")),
    at((0, "目标2：设备运维"), (40, "巡查点位数"), (56, "30个"), (65, "计划标准")),
    at((40, "故障修复率"), (56, "≥95%"), (65, "计划标准")),
    at((28, "质量指标"), (40, "验收合格率"), (56, "100%"), (65, "计划标准")),
    at((40, "修复时限"), (56, "≤2天"), (65, "计划标准")),
    at((18, "效益指标"), (28, "社会效益指标"), (40, "设备完好率"), (56, "≥98%"), (65, "计划标准")),
    at((18, "满意度指标"), (28, "服务对象满意度"), (40, "用户满意度"), (56, "≥90%"), (65, "计划标准")),
    at((30, "第2页")),
    "\f" + at((0, "中长期绩效目标表")),
    PER_GOAL_HEADER,
    at((18, "产出指标"), (28, "数量指标"), (40, "宣传场次"), (56, "6场"), (65, "计划标准")),
    at((0, "目标3：宣传引导"), (18, "效益指标"), (28, "社会效益指标"), (40, "政策知晓率"), (56, "≥85%"), (65, "计划标准")),
    at((18, "满意度指标"), (28, "服务对象满意度"), (40, "受众满意度"), (56, "≥90%"), (65, "计划标准")),
    "",
])


def test_a_caption_and_header_over_a_goal_table_of_its_own_start_a_new_table(tmp_path: Path):
    p = tmp_path / "excerpt.txt"
    p.write_text(PER_GOAL_TABLES, encoding="utf-8")
    records, _ = extract_document(p)
    rows = [(r["goal"], r["level1"], r["level2"], r["name"]) for r in records if r["type"] == "indicator"]
    assert rows == [
        (1, "产出指标", "数量指标", "巡查次数"), (1, "效益指标", "社会效益指标", "群众知晓率"),
        (1, "满意度指标", "服务对象满意度", "群众满意度"),
        *[(2, "产出指标", "数量指标", n) for n in ("维修台数", "巡检次数", "更换部件数", "培训人次", "备件采购数", "巡查点位数")],
        *[(2, "产出指标", "质量指标", n) for n in ("故障修复率", "验收合格率", "修复时限")],
        (2, "效益指标", "社会效益指标", "设备完好率"), (2, "满意度指标", "服务对象满意度", "用户满意度"),
        (3, "产出指标", "数量指标", "宣传场次"), (3, "效益指标", "社会效益指标", "政策知晓率"),
        (3, "满意度指标", "服务对象满意度", "受众满意度"),
    ]


# Goal statements under 中长期目标 | 年度目标, cells centred: the left cell's full lines reach its right edge, the
# right cell's first line starts one space after them, its short second line is centred further right.
CENTRED_OVERVIEW = "\n".join([
    at((24, "中长期目标"), (66, "年度目标")),
    at((13, "（一）保障机关日常运转，提升服务群众的能力和"), (36, "（一）完成年度巡检任务；（二）推进档案整理；")),
    at((0, "整体目标"), (13, "水平；（二）推进数字政务建设，优化办事流程，"), (50, "提升办事效率")),
    at((13, "提高服务满意度；（三）加强队伍建设，打造过硬"), ),
    at((22, "的干部队伍")),
    "",
])


def _overview_table(text: str):
    """The goal-statement table an excerpt's first line heads."""
    lines = page_lines(text)
    return overview_list(lines[0], lines[1:], "excerpt.txt")


def test_a_right_statement_centred_under_its_full_first_line_keeps_the_column_start():
    table = _overview_table(CENTRED_OVERVIEW)
    texts = {c.col: c.text.replace("\n", "") for c in table.cells if c.row == 1}
    assert texts[1] == "（一）保障机关日常运转，提升服务群众的能力和水平；（二）推进数字政务建设，优化办事流程，提高服务满意度；（三）加强队伍建设，打造过硬的干部队伍"
    assert texts[2] == "（一）完成年度巡检任务；（二）推进档案整理；提升办事效率"


# Both columns' statements centred in their cells, a row label beside them: a wide statement starts further
# left than its neighbours, in the left column (not the label's) and in the right one (not the left's).
CENTRED_STATEMENTS = "\n".join([
    at((30, "长期目标"), (76, "年度目标")),
    "",
    at((26, "目标1：保障机关正常运转"), (73, "目标1：机关运转经费")),
    at((23, "目标2：推进档案数字化整理工作"), (72, "目标2：档案整理服务费")),
    at((16, "目标3：提升政务服务水平，优化办事流程与群众体验"), (71, "目标3：政务服务平台维护")),
    at((2, "整体目标"), (24, "目标4：加强网络安全防护能力"), (72, "目标4：网络安全加固费")),
    at((23, "目标5：完善信息系统运行管理"), (62, "目标5：信息系统运行维护及数据治理平台建设")),
    at((26, "目标6：规范财务管理"), (73, "目标6：财务审计服务")),
    "",
])


def test_statements_centred_in_their_cells_keep_their_columns():
    table = _overview_table(CENTRED_STATEMENTS)
    texts = {c.col: c.text.split("\n") for c in table.cells if c.row == 1}
    assert texts[1] == ["目标1：保障机关正常运转", "目标2：推进档案数字化整理工作", "目标3：提升政务服务水平，优化办事流程与群众体验",
                        "目标4：加强网络安全防护能力", "目标5：完善信息系统运行管理", "目标6：规范财务管理"]
    assert texts[2] == ["目标1：机关运转经费", "目标2：档案整理服务费", "目标3：政务服务平台维护", "目标4：网络安全加固费",
                        "目标5：信息系统运行维护及数据治理平台建设", "目标6：财务审计服务"]
    assert [c.text for c in table.cells if c.col == 0] == ["整体目标"]


# A row label wrapped in a narrow cell (整体 | 绩效 | 目标), its pieces one space from the statements beside them.
LABEL_ONE_SPACE_AWAY = "\n".join([
    at((3, "长期目标"), (50, "当年目标")),
    at((0, "整体 目标1：保障机关日常运转，提升服务群众的能力和水平。；"), (50, "目标1：完成年度巡检任务。")),
    at((0, "绩效 目标2：推进数字政务建设，优化办事流程，提高服务满"), (50, "目标2：推进档案整理。")),
    at((0, "目标 意度。")),
    "",
])


def test_a_row_label_piece_one_space_from_a_statement_is_the_labels():
    table = _overview_table(LABEL_ONE_SPACE_AWAY)
    texts = {c.col: c.text.replace("\n", "") for c in table.cells if c.row == 1}
    assert texts[1] == "目标1：保障机关日常运转，提升服务群众的能力和水平。；目标2：推进数字政务建设，优化办事流程，提高服务满意度。"
    assert [c.text.replace("\n", "") for c in table.cells if c.col == 0] == ["整体绩效目标"]
