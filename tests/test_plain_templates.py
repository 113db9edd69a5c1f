"""Plain pdftotext of templates pikg was not tuned on (issue 32): the reader rebuilds cells and hands
captions, goal heads and header words to the assembler, which decides what they mean."""
from __future__ import annotations

from pathlib import Path

from extractors.engine import extract_document
from extractors.grid import Table
from extractors.read_plain import fit, is_goal_head, read_text, split_cells, tokens, value_heads


def blocks(*bs: str) -> str:
    """Blocks of lines with a blank line between them, as pdftotext prints cells."""
    return "\n\n".join(bs) + "\n\n"


def _extract(tmp_path: Path, *pages: str) -> list[dict]:
    f = tmp_path / "doc.txt"
    f.write_text("\f".join([blocks("某区科技局", "2025年部门预算"), *pages]), encoding="utf-8")
    records, _ = extract_document(f)
    return records


OVERVIEW = blocks(
    "表11 部门整体支出绩效目标申报表", "部门（单位）名称", "某区科技局", "整体绩效目标",
    "中长期目标", "当年目标",  # the two heads as one header row, then each column's goals
    "目标1：培育科技企业", "目标2：建设孵化平台", "目标1：新增科技企业", "目标2：完成平台一期",
)


def _table(caption: str, name: str, target: str) -> str:
    return blocks(caption, "一级指标", "产出指标", "二级指标", "数量指标", "三级指标", "指标值", "指标值确定依据",
                  name, target, "计划标准")


def test_goal_heads_printed_as_one_header_row_start_with_the_first_column(tmp_path: Path):
    records = _extract(tmp_path, OVERVIEW + _table("中长期绩效指标（目标1）", "企业数量", "≥10家"))
    goals = sorted((r["horizon"], r["goal"], r["text"]) for r in records if r["type"] == "goal")
    assert goals == [("annual", 1, "新增科技企业"), ("annual", 2, "完成平台一期"),
                     ("long_term", 1, "培育科技企业"), ("long_term", 2, "建设孵化平台")]


def test_goal_captions_of_any_horizon_word_open_their_goals_tables(tmp_path: Path):
    body = (_table("中长期目标1：培育科技企业", "企业数量", "≥10家") + _table("中长期绩效目标2：建设孵化平台", "平台数量", "1个")
            + _table("当年目标1：新增科技企业", "新增企业", "≥3家"))
    records = _extract(tmp_path, OVERVIEW + body)
    got = [(r["horizon"], r["goal"], r["name"], r["target"]) for r in records if r["type"] == "indicator"]
    assert got == [("long_term", 1, "企业数量", "≥10家"), ("long_term", 2, "平台数量", "1个"), ("annual", 1, "新增企业", "≥3家")]


def test_value_columns_come_from_the_header_words_printed():
    # a second header row under 指标值 that names the target: 指标值 is the group's head
    assert value_heads(["三级指标", "指标值", "目标值", "2024年实际完成", "2025年预计完成", "确定依据"]) == \
        ("目标值", "2024年实际完成", "2025年预计完成")
    # a wrapped header read out of order: earlier years first, the target after them when nothing says otherwise
    assert value_heads(["指标值", "前年", "预计当年实现", "指标值确定依据", "上年"]) == ("前年", "上年", "预计当年实现")
    assert value_heads(["2025年预计", "当年指标值", "2024年实际完成"]) == ("2024年实际完成", "2025年预计", "当年指标值")
    assert value_heads(["三级指标", "指标值", "指标值确定依据"]) == ("指标值",)
    assert value_heads(["一级指标", "二级指标"]) == ()


GOAL_COLUMN = blocks(
    "中长期绩效目标表", "指标值", "目标名称", "一级指标", "二级指标", "绩效指标", "确定依据", "目标值", "2024年实际完成",
    "2025年预计完成",
    "服务企业数量", "20家", "历史标准", "企业满意度", "≥95%", "计划标准",
    "数量指标", "产出指标", "2、优化营商环境，服务辖区\n重点企业发展",  # the goal column's merged cell, wrapped
    "满意度指标", "服务对象满意度指标",
)


def test_a_goal_column_cell_and_a_target_before_its_years(tmp_path: Path):
    f = tmp_path / "doc.txt"
    f.write_text("\f".join([blocks("某区科技局2026年部门预算"), OVERVIEW.replace("中长期绩效指标（目标1）", "") + GOAL_COLUMN]),
                 encoding="utf-8")
    records, _ = extract_document(f)
    got = [(r["horizon"], r["goal"], r["level2"], r["name"], r["prev2"], r["prev1"], r["target"], r["basis"])
           for r in records if r["type"] == "indicator"]
    assert got == [("long_term", 2, "数量指标", "服务企业数量", None, None, "20家", "历史标准"),
                   ("long_term", 2, "服务对象满意度指标", "企业满意度", None, None, "≥95%", "计划标准")]


def test_overview_goals_numbered_as_a_list_one_a_line(tmp_path: Path):
    overview = OVERVIEW.replace("目标1：培育科技企业", "1.培育科技企业").replace("目标2：建设孵化平台", "2.建设孵化平台") \
        .replace("目标1：新增科技企业", "1.新增科技企业").replace("目标2：完成平台一期", "2.完成平台一期")
    records = _extract(tmp_path, overview + _table("中长期绩效指标（目标1）", "企业数量", "≥10家"))
    goals = sorted((r["horizon"], r["goal"], r["text"]) for r in records if r["type"] == "goal")
    assert goals == [("annual", 1, "新增科技企业"), ("annual", 2, "完成平台一期"),
                     ("long_term", 1, "培育科技企业"), ("long_term", 2, "建设孵化平台")]


PROJECT = blocks(
    "表12-1 项目绩效目标表", "项目名称", "科技活动经费", "项目类别", "持续性项目", "主管部门", "某区科技局", "项目执行单位",
    "某区科技局", "项目起止时间", "2025-2025", "总额", "16.00", "年度资金总额", "16.00", "项目绩效目标",
    "中长期目标", "年度目标", "保障科技活动开展", "按期开展科技活动",  # one unnumbered goal under each head
)


def test_one_unnumbered_goal_under_each_head_of_a_project_form(tmp_path: Path):
    records = _extract(tmp_path, PROJECT + _table("中长期绩效指标", "活动场次", "≥4场"))
    goals = sorted((r["horizon"], r["goal"], r["text"]) for r in records if r["type"] == "goal")
    assert goals == [("annual", 1, "按期开展科技活动"), ("long_term", 1, "保障科技活动开展")]
    [project] = [r for r in records if r["type"] == "project"]
    assert project["category"] == "持续性项目"


def test_a_category_fits_its_label_by_its_words():
    assert fit("项目类别", "持续性项目") == 2 and fit("项目属性", "专项业务类") == 2
    assert fit("项目类别", "保障科技活动开展") == 1  # a goal statement printed late is no category


def _noted_table(note_head: str, notes: list[str]) -> str:
    rows = [("企业数量", "≥10家"), ("平台数量", "1个"), ("活动场次", "≥4场")]
    body = []
    for (name, target), note in zip(rows, notes):
        body += [name, target, "计划标准", note]
    return blocks("中长期绩效指标（目标1）", "一级指标", "产出指标", "二级指标", "数量指标", "三级指标", "指标值", "指标值确定依据",
                  note_head, *body)


def test_a_scoring_rule_printed_in_every_row_is_a_note_not_a_row(tmp_path: Path):
    rule = "达到目标值\n得满分，未\n达到按比例\n扣分"  # one wrapped cell, the same in every row
    records = _extract(tmp_path, OVERVIEW + _noted_table("评分标准", [rule] * 3))
    rows = [r for r in records if r["type"] == "indicator"]
    assert [(r["name"], r["target"], r["basis"]) for r in rows] == \
        [("企业数量", "≥10家", "计划标准"), ("平台数量", "1个", "计划标准"), ("活动场次", "≥4场", "计划标准")]
    assert [r.get("extras") for r in rows] == [{"评分标准": "达到目标值得满分，未达到按比例扣分"}] * 3


def test_an_explanation_that_names_its_row_is_a_note_not_a_row(tmp_path: Path):
    notes = ["用以衡量企业数量的增长", "统计平台数量（个）", "说明活动场次完成"]
    records = _extract(tmp_path, OVERVIEW + _noted_table("指标解释", notes))
    rows = [r for r in records if r["type"] == "indicator"]
    assert [(r["name"], r["target"]) for r in rows] == [("企业数量", "≥10家"), ("平台数量", "1个"), ("活动场次", "≥4场")]
    assert [r.get("extras") for r in rows] == [{"指标解释": n} for n in notes]


def test_a_goal_caption_right_after_a_project_form_ends_the_form(tmp_path: Path):
    form = PROJECT[:PROJECT.rindex("项目绩效目标")]  # the form without its goal heads
    records = _extract(tmp_path, form + _table("中长期目标1：保障科技活动开展", "活动场次", "≥4场")
                       + _table("年度目标1：按期开展科技活动", "活动人数", "≥100人"))
    goals = sorted((r["horizon"], r["goal"], r["text"]) for r in records if r["type"] == "goal")
    assert goals == [("annual", 1, "按期开展科技活动"), ("long_term", 1, "保障科技活动开展")]
    got = [(r["project"], r["horizon"], r["goal"], r["name"]) for r in records if r["type"] == "indicator"]
    assert got == [("科技活动经费", "long_term", 1, "活动场次"), ("科技活动经费", "annual", 1, "活动人数")]


def test_goal_column_heads_of_any_wording():
    assert all(is_goal_head(k) for k in ("目标", "绩效目标", "目标名称", "目标内容"))
    assert not any(is_goal_head(k) for k in ("长期目标", "年度目标", "总体目标", "指标值"))


def test_a_goal_column_headed_绩效目标_gives_its_cell_to_the_rows(tmp_path: Path):
    f = tmp_path / "doc.txt"
    table = GOAL_COLUMN.replace("目标名称", "绩效目标")
    f.write_text("\f".join([blocks("某区科技局2026年部门预算"), OVERVIEW + table]), encoding="utf-8")
    records, _ = extract_document(f)
    assert {(r["horizon"], r["goal"]) for r in records if r["type"] == "indicator"} == {("long_term", 2)}


def test_a_form_label_wrapped_onto_目标_opens_no_table(tmp_path: Path):
    # 项目绩效 / 目标: a form label wrapped in its narrow cell, right above the goal heads
    records = _extract(tmp_path, PROJECT.replace("项目绩效目标\n\n中长期目标", "项目绩效\n目标\n\n中长期目标") + _table("中长期绩效指标", "活动场次", "≥4场"))
    goals = sorted((r["horizon"], r["goal"], r["text"]) for r in records if r["type"] == "goal")
    assert goals == [("annual", 1, "按期开展科技活动"), ("long_term", 1, "保障科技活动开展")]


def test_comparators_alone_on_their_lines_tell_a_split_target_whose_header_words_broke(tmp_path: Path):
    table = blocks("中长期绩效指标（目标1）", "一级指标", "产出指标", "二级指标", "数量指标", "三级指标", "指标性\n目标值\n度量单",
                   "确定依据", "企业数量", "≥", "10", "家", "计划标准", "平台数量", "=", "1", "个", "计划标准")
    records = _extract(tmp_path, OVERVIEW + table)
    assert [(r["name"], r["target"]) for r in records if r["type"] == "indicator"] == [("企业数量", "≥10家"), ("平台数量", "=1个")]


def test_goal_cells_printed_after_the_rows_go_over_the_runs_where_the_framework_starts_again(tmp_path: Path):
    table = blocks(
        "中长期绩效目标表", "目标", "一级指标", "二级指标", "指标名称", "指标值", "指标值确定依据",
        "产出指标", "数量指标", "企业数量", "≥10家", "计划标准", "满意度指标", "服务对象满意度指标", "企业满意度", "≥90%", "计划标准",
        "产出指标", "数量指标", "平台数量", "1个", "计划标准", "满意度指标", "服务对象满意度指标", "入驻满意度", "≥95%", "计划标准",
        "目标1：培育科技企业", "目标2：建设孵化平台",  # the merged goal cells, printed after the rows they span
    )
    records = _extract(tmp_path, OVERVIEW + table)
    got = [(r["goal"], r["name"]) for r in records if r["type"] == "indicator"]
    assert got == [(1, "企业数量"), (1, "企业满意度"), (2, "平台数量"), (2, "入驻满意度")]


def test_form_labels_wrapped_in_a_narrow_column_are_joined(tmp_path: Path):
    form = PROJECT.replace("主管部门", "项目主管部\n门").replace("项目执行单位", "项目执行单\n位").replace("年度资金总额", "年度资金总\n额")
    records = _extract(tmp_path, form + _table("中长期绩效指标", "活动场次", "≥4场"))
    [project] = [r for r in records if r["type"] == "project"]
    assert (project["project"], project["department"], project["executor"], str(project["year_budget"])) == \
        ("科技活动经费", "某区科技局", "某区科技局", "16.00")


def test_form_labels_beside_their_values_on_one_line():
    assert split_cells("项目名称 科技活动经费") == ["项目名称", "科技活动经费"]
    assert split_cells("项目起止 2026-2026") == ["项目起止", "2026-2026"]  # the label's first line: 项目起止 / 时间
    assert split_cells("项目绩效 长期目标") == ["项目绩效", "长期目标"]  # a label beside a goal head


SIDE_FORM = "\n".join([  # a converter that joins a form's label and value cells on one line, labels wrapped
    "表12-1 项目支出绩效目标申报表", "项目名称 科技活动经费", "项目类别 持续性项目", "主管部门 某区科技局", "执行单位 某区科技局",
    "项目起止 2025-2027", "时间", "项目总预 16.00", "算", "财政拨款 16.00", "项目绩效 长期目标", "目标", "保障科技活动开展",
    "", "年度目标", "按期开展科技活动", "", ""])


def test_a_form_printed_label_and_value_on_one_line(tmp_path: Path):
    records = _extract(tmp_path, SIDE_FORM + _table("长期绩效指标", "活动场次", "≥4场"))
    [project] = [r for r in records if r["type"] == "project"]
    assert (project["project"], project["category"], project["start_year"], project["end_year"], str(project["total_budget"])) == \
        ("科技活动经费", "持续性项目", 2025, 2027, "16.00")
    goals = sorted((r["horizon"], r["goal"], r["text"]) for r in records if r["type"] == "goal")
    assert goals == [("annual", 1, "按期开展科技活动"), ("long_term", 1, "保障科技活动开展")]


def test_a_row_whose_name_and_target_read_alike_after_its_label(tmp_path: Path):
    table = blocks("中长期目标1：培育科技企业", "绩效指标", "前年", "上年", "目标值", "一级指标", "二级指标", "指标内容",
                   "数量指标", "企业数量", "≥10家", "质量指标", "服务质量", "有提升", "时效指标", "按规定时间", "按规定时间",
                   "产出指标")
    records = _extract(tmp_path, OVERVIEW + table)
    got = [(r["level2"], r["name"], r["target"]) for r in records if r["type"] == "indicator"]
    assert got == [("数量指标", "企业数量", "≥10家"), ("质量指标", "服务质量", "有提升"), ("时效指标", "按规定时间", "按规定时间")]


def test_the_tail_of_a_wrapped_label_printed_apart_is_no_row(tmp_path: Path):
    table = blocks("中长期绩效指标（目标1）", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据",
                   "产出指标", "数量指标", "企业数量", "≥10家", "计划标准",
                   "满意度指标", "服务对象满意度", "企业满意度", "≥90%", "计划标准", "指标")  # 服务对象满意度 / 指标, wrapped
    records = _extract(tmp_path, OVERVIEW + table)
    assert [(r["name"], r["target"]) for r in records if r["type"] == "indicator"] == [("企业数量", "≥10家"), ("企业满意度", "≥90%")]


def test_overview_cells_that_list_their_goals_run_on(tmp_path: Path):
    overview = blocks(
        "表11 部门整体支出绩效目标表", "部门名称", "整体绩效目标", "某区科技局", "中长期目标", "当年目标",
        "目标1：培育科技企业；目标2：建设孵\n化平台；目标3：引进人才；目标4\n：服务企业；目标5：建设园区",  # one cell, wrapped
        "目标1：新增科技企业；目标2：完成平\n台一期；目标3：引进博士2名",
    )
    records = _extract(tmp_path, overview + _table("中长期绩效指标（目标1）", "企业数量", "≥10家"))
    goals = sorted((r["horizon"], r["goal"], r["text"]) for r in records if r["type"] == "goal")
    assert goals == [("annual", 1, "新增科技企业"), ("annual", 2, "完成平台一期"), ("annual", 3, "引进博士2名"),
                     ("long_term", 1, "培育科技企业"), ("long_term", 2, "建设孵化平台"), ("long_term", 3, "引进人才"),
                     ("long_term", 4, "服务企业"), ("long_term", 5, "建设园区")]


def test_an_overview_cell_listing_goals_run_on_is_kept_whole():
    overview = blocks("整体绩效目标", "中长期目标", "当年目标", "目标1：培育科技企业；目标2：建设孵\n化平台；\n目标3：引进人才",
                      "目标1：新增科技企业；\n目标2：完成平台一期")
    [table] = [it for it in read_text("\f" + overview + _table("中长期绩效指标（目标1）", "企业数量", "≥10家"), "x.txt").items
               if isinstance(it, Table) and it.n_cols == 2]
    assert [(c.row, c.col, c.text) for c in table.cells if c.row] == [
        (1, 0, "目标1：培育科技企业；目标2：建设孵化平台；目标3：引进人才"), (1, 1, "目标1：新增科技企业；目标2：完成平台一期")]


def test_a_form_labels_unit_bracket_wrapped_around_its_value(tmp_path: Path):
    form = PROJECT.replace('"总额", "16.00", "年度资金总额", "16.00"', "").replace(
        "总额\n\n16.00\n\n年度资金总额\n\n16.00", "资金总额（万元 16.00\n）\n\n年度资金总额（ 12.50\n万元）")
    assert "资金总额（万元 16.00" in form
    records = _extract(tmp_path, form + _table("中长期绩效指标", "活动场次", "≥4场"))
    [project] = [r for r in records if r["type"] == "project"]
    assert (str(project["total_budget"]), str(project["year_budget"])) == ("16.00", "12.50")


def test_form_labels_wrapped_around_their_values_on_lines_of_their_own():
    texts = [t.text for t in tokens("项目名\n科技活动经费\n称\n项目类\n持续性项目\n别\n资金总\n16.00\n额\n")]
    assert texts == ["项目名称", "科技活动经费", "项目类别", "持续性项目", "资金总额", "16.00"]


def test_form_labels_printed_a_character_a_line_or_cut_after_two():
    texts = [t.text for t in tokens("项\n目\n名\n称\n\n科技活动经费\n\n主\n管\n部\n门\n\n某区科技局\n\n项目 持续性项目\n类别\n")]
    assert texts == ["项目名称", "科技活动经费", "主管部门", "某区科技局", "项目类别", "持续性项目"]


def _rows(records: list[dict]) -> list[tuple]:
    return sorted((r["horizon"], r["level2"], r["name"], r["prev1"], r["target"], r["basis"])
                  for r in records if r["type"] == "indicator")


def test_a_target_column_named_by_the_fiscal_year_is_the_target(tmp_path: Path):
    # 2025年指标值 names the target of the document's year: a header word, and no 指标值 column after it
    records = _extract(tmp_path, blocks(
        "年度绩效指标", "一级指标", "二级指标", "三级指标", "上年", "2025年指标值", "指标值确定依据",
        "产出指标", "数量指标", "企业数量", "≥8家", "≥10家", "计划标准"))
    assert _rows(records) == [("annual", "数量指标", "企业数量", "≥8家", "≥10家", "计划标准")]


def test_a_value_columns_header_wrapped_in_its_narrow_column_is_one_word():
    toks = tokens(blocks("三级指标", "上年预计完\n成值", "指标值"))
    assert [t.k for t in toks] == ["三级指标", "上年预计完成值", "指标值"]


def _tool_page(*cells: str) -> str:
    return blocks("某区科技局2025年部门预算绩效目标表", *cells)


def test_a_reporting_tools_running_line_printed_away_from_its_head_is_no_row(tmp_path: Path):
    # the tool's line follows the page's head at once on some pages, after a row's labels on others
    table = ["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]
    records = _extract(
        tmp_path,
        _tool_page("某某报表系统 打印输出", *table, "产出指标", "数量指标", "企业数量", "≥10家", "计划标准"),
        _tool_page("质量指标", "验收合格率", "某某报表系统 打印输出", "≥95%", "计划标准", "专利数量", "≥20件", "计划标准"),
        _tool_page("某某报表系统 打印输出", "时效指标", "按时完成率", "100%", "计划标准"),
        _tool_page("效益指标", "社会效益指标", "某某报表系统 打印输出", "服务人次", "≥500人次", "计划标准"))
    names = [r["name"] for r in records if r["type"] == "indicator"]
    assert "某某报表系统打印输出" not in names and "某某报表系统 打印输出" not in names
    assert names == ["企业数量", "验收合格率", "专利数量", "按时完成率", "服务人次"]


def test_value_header_words_among_labels_printed_after_the_bodies_open_no_body(tmp_path: Path):
    # a reporting tool prints the page's bodies first (each opened by its value headers), then each table's
    # labels and header words (前年, 上年 among them), then the next caption: those words stay the table's
    page = blocks(
        "中长期绩效指标（目标1）", "一级指标",
        "指标值", "指标值确定依据", "企业数量", "≥10家", "计划标准", "验收合格率", "≥95%", "计划标准",
        "指标值", "指标值确定依据", "专利数量", "≥20件", "历史标准",
        "二级指标", "三级指标", "数量指标", "产出指标", "前年", "质量指标", "上年",
        "中长期绩效指标（目标2）", "一级指标", "二级指标", "数量指标", "产出指标", "前年", "三级指标", "上年")
    records = _extract(tmp_path, page)
    assert [(r["goal"], r["level2"], r["name"], r["target"]) for r in records if r["type"] == "indicator"] == [
        (1, "数量指标", "企业数量", "≥10家"), (1, "质量指标", "验收合格率", "≥95%"), (2, "数量指标", "专利数量", "≥20件")]


def test_a_reporting_tools_running_line_beside_its_head_is_no_row(tmp_path: Path):
    # printed right after the page's head on every page: a row's labels never stand between them
    table = ["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]
    records = _extract(
        tmp_path,
        _tool_page("某某报表系统 打印输出", *table, "产出指标", "数量指标", "企业数量", "≥10家", "计划标准"),
        _tool_page("某某报表系统 打印输出", "质量指标", "验收合格率", "≥95%", "计划标准"),
        _tool_page("某某报表系统 打印输出", "时效指标", "按时完成率", "100%", "计划标准"),
        _tool_page("某某报表系统 打印输出", "效益指标", "社会效益指标", "服务人次", "≥500人次", "计划标准"))
    assert [r["name"] for r in records if r["type"] == "indicator"] == ["企业数量", "验收合格率", "按时完成率", "服务人次"]


def test_a_reporting_tools_running_line_printed_at_the_foot_of_a_page_is_no_row(tmp_path: Path):
    # beside the page's head on most pages; on one the converter prints it after all the page's rows, far from
    # the head: it is still the tool's line, no row's name
    table = ["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]
    rows = [(f"第{n}类企业数量", f"≥{n}家", "计划标准") for n in range(1, 7)]
    records = _extract(
        tmp_path,
        _tool_page("某某报表系统 打印输出", *table, "产出指标", "数量指标", "企业数量", "≥10家", "计划标准"),
        _tool_page(*[c for row in rows for c in row], "某某报表系统 打印输出"),
        _tool_page("某某报表系统 打印输出", "质量指标", "验收合格率", "≥95%", "计划标准"),
        _tool_page("某某报表系统 打印输出", "效益指标", "社会效益指标", "服务人次", "≥500人次", "计划标准"))
    names = [r["name"] for r in records if r["type"] == "indicator"]
    assert names == ["企业数量", *[name for name, _, _ in rows], "验收合格率", "服务人次"]


def test_a_project_form_whose_labels_carry_a_colon(tmp_path: Path):
    # 项目名称： with its colon opens the project form as the bare label does; the rows are the project's
    form = blocks("表12-1 项目支出绩效目标申报表", "项目名称：", "科技活动经费", "项目编码：", "项目属性：", "延续性项目",
                  "主管部门：", "某区科技局", "项目执行单位：", "某区科技局", "起止年度：", "2025.01-2027.12",
                  "资金总额：", "160000.00元", "项目当年预算：", "160000.00元", "项目绩效目标", "长期目标", "当年目标",
                  "保障科技活动开展", "按期开展科技活动")
    records = _extract(tmp_path, form + _table("长期绩效指标", "活动场次", "≥4场"))
    [project] = [r for r in records if r["type"] == "project"]
    assert (project["project"], project["start_year"], project["end_year"]) == ("科技活动经费", 2025, 2027)
    assert [(r["scope"], r["project"], r["name"]) for r in records if r["type"] == "indicator"] == \
        [("project", "科技活动经费", "活动场次")]


def test_a_period_printed_after_the_amounts_is_no_project_code(tmp_path: Path):
    # 项目代码 printed empty; 起止年度's value comes after the amounts: it is the period, not the code it would fit
    # first by its digits and dash
    assert fit("项目代码", "2026-2026") == 0 and fit("项目代码", "42010523068T000000113") == 2
    form = blocks("表12-1 项目支出绩效目标申报表", "项目名称", "科技活动经费", "项目代码", "项目类别", "常年性项目",
                  "主管部门", "某区科技局", "项目单位", "某区科技局", "起止年度", "项目总预算", "30.00万元",
                  "其他资金", "0.00万元", "2025-2026", "项目绩效目标", "长期目标", "当年目标",
                  "保障科技活动开展", "按期开展科技活动")
    records = _extract(tmp_path, form + _table("长期绩效指标", "活动场次", "≥4场"))
    [project] = [r for r in records if r["type"] == "project"]
    assert (project.get("code"), project["start_year"], project["end_year"]) == (None, 2025, 2026)


def test_form_labels_with_colons_beside_or_wrapped_around_their_values(tmp_path: Path):
    # a label and its value on one line (项目名称： 某某经费); labels wrapped in their narrow column around the value
    # (项目主管部 / 某区科技局 / 门：) or before their unit's bracket (项目当年预 / 算（万 / 30.00 / 元）：)
    assert [t.text for t in tokens("项目名称： 科技活动经费\n项目主管部\n某区科技局\n门：\n总额（万\n元）：\n30.00\n"
                                   "项目当年预\n算（万\n20.00\n元）：\n")] == \
        ["项目名称：", "科技活动经费", "项目主管部门：", "某区科技局", "总额（万元）：", "30.00", "项目当年预算（万元）：", "20.00"]
    form = ("表12-1 项目支出绩效目标表\n项目名称： 科技活动经费\n项目类别： 持续性项目\n项目主管部\n某区科技局\n门：\n"
            "执行单位： 某区科技局\n起止年度： 2025年至2026年\n总额（万\n元）：\n30.00\n\n项目当年预\n算（万\n20.00\n元）：\n"
            "中长期目标\n\n年度目标\n\n")
    records = _extract(tmp_path, form + _table("中长期绩效指标", "活动场次", "≥4场"))
    [project] = [r for r in records if r["type"] == "project"]
    assert (project["project"], project["department"], project["start_year"], project["end_year"],
            project["total_budget"], project["year_budget"]) == ("科技活动经费", "某区科技局", 2025, 2026, 30, 20)
    assert [(r["project"], r["name"]) for r in records if r["type"] == "indicator"] == [("科技活动经费", "活动场次")]


def test_a_form_of_four_labels_each_with_its_value_opens_a_project(tmp_path: Path):
    # four labels, each followed by its value, open a form (a header's labels follow one another); a label with its
    # unit and value on one line (总额(万元) 30.00) is split; an organisation wrapped in its narrow cell is one value
    assert [t.text for t in tokens("总额(万元) 30.00\n")] == ["总额(万元)", "30.00"]
    form = blocks("表12-1 项目支出绩效目标表", "项目名称", "科技活动经费", "项目类别", "持续性项目",
                  "项目主管部门\n某区经济信息化和科\n技创新局", "总额(万元) 30.00", "起止年度", "2025年至2026年",
                  "项目绩效\n目标", "长期目标", "年度目标", "保障科技活动开展", "按期开展科技活动")
    records = _extract(tmp_path, form + _table("长期绩效指标", "活动场次", "≥4场"))
    [project] = [r for r in records if r["type"] == "project"]
    assert (project["project"], project["department"], project["start_year"], project["end_year"], project["total_budget"]) \
        == ("科技活动经费", "某区经济信息化和科技创新局", 2025, 2026, 30)
    assert [(r["project"], r["name"]) for r in records if r["type"] == "indicator"] == [("科技活动经费", "活动场次")]


def test_two_organisations_in_a_form_value_column_stay_apart():
    # the labels column printed as one block, the values column as the next (the two rows' values one line apart):
    # a school's whole name (小学) is not joined to the department under it, nor is a name of its own (区委组织部,
    # a place and an organisation's end) joined to a value that does not end as an organisation's name does
    text = "项目名称\n\n校园安全维护经费\n\n项目单位\n主管部门\n\n某区第一实验小学\n区教育局\n\n项目期限\n\n2025-2027\n\n"
    got = [t.k for t in tokens(text)]
    assert "某区第一实验小学" in got and "区教育局" in got
    text = "项目名称\n\n老干部活动经费\n\n项目单位\n主管部门\n\n某区老干部活动中心（筹）\n区委组织部\n\n项目期限\n\n2025-2027\n\n"
    got = [t.k for t in tokens(text)]
    assert "区委组织部" in got
    got = [t.k for t in tokens(text.replace("某区老干部活动中心（筹）\n区委组织部", "某区实验幼儿园\n教体局"))]
    assert "某区实验幼儿园" in got and "教体局" in got  # a whole name (幼儿园) before a department named short


def test_a_spaced_label_and_its_value_on_one_line_are_two_cells(tmp_path: Path):
    # 项 目 当 年 预 算 300000.00: the label printed a character a space, then its value; a spaced name is left whole
    assert split_cells("项 目 当 年 预 算 300000.00") == ["项 目 当 年 预 算", "300000.00"]
    assert split_cells("总 额(元)") == ["总 额(元)"] and split_cells("产 出 数 量 10") == ["产 出 数 量 10"]
    assert split_cells("其 中 ： 财 政 拨 款(万元) 9.00") == ["其 中 ： 财 政 拨 款(万元)", "9.00"]  # its unit on its last one
    # a label wrapped inside its unit's bracket, its value after it
    assert [t.text for t in tokens("项目当年预算（\n万元）：\n27.00\n")] == ["项目当年预算（万元）：", "27.00"]
    # a label over three lines of its narrow cell (年度资 / 金总 / 额：)
    assert [t.text for t in tokens("年度资\n金总\n额：\n300000.00\n")] == ["年度资金总额：", "300000.00"]
    form = blocks("表12-1 项目支出绩效目标申报表", "项目名称", "科技活动经费", "项目属性", "常年性项目", "主管部门", "某区科技局",
                  "执行单位", "某区科技局", "起止时间", "2025年1月-2026年12月", "总 额(元)", "300000.00",
                  "项 目 当 年 预 算 200000.00\n(元)", "其 他 资 金(元)", "0.00", "项目绩效目标", "长期目标", "当年目标",
                  "保障科技活动开展", "按期开展科技活动")
    records = _extract(tmp_path, form + _table("长期绩效指标", "活动场次", "≥4场"))
    [project] = [r for r in records if r["type"] == "project"]
    assert (project["total_budget"], project["year_budget"]) == (300000, 200000)


def test_a_reporting_tools_running_line_on_a_page_that_repeats_the_header_is_no_row(tmp_path: Path):
    # every page repeats the table's header after its head (the head stays: a table may start there); the tool's
    # line printed among those header words is still no row
    header = ["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"]
    records = _extract(
        tmp_path,
        _tool_page("某某报表系统 打印输出", "年度绩效指标", *header, "产出指标", "数量指标", "企业数量", "≥10家", "计划标准"),
        _tool_page(*header[:2], "某某报表系统 打印输出", *header[2:], "质量指标", "验收合格率", "≥95%", "计划标准"),
        _tool_page(*header[:2], "某某报表系统 打印输出", *header[2:], "时效指标", "按时完成率", "100%", "计划标准"))
    names = [r["name"] for r in records if r["type"] == "indicator"]
    assert names == ["企业数量", "验收合格率", "按时完成率"]


def test_a_label_wrapped_over_three_lines_of_its_cell_is_one_label(tmp_path: Path):
    assert [t.text for t in tokens(blocks("服务对象\n满意度指\n标", "企业数量\n产出指\n标"))] == \
        ["服务对象满意度指标", "企业数量", "产出指标"]  # a name above a wrapped label is no part of it
    table = blocks("中长期绩效指标（目标1）", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据",
                   "产出指标", "数量指标", "企业数量", "≥10家", "计划标准",
                   "满意度指标", "服务对象\n满意度指\n标", "企业满意度", "≥90%", "计划标准")
    rows = [r for r in _extract(tmp_path, OVERVIEW + table) if r["type"] == "indicator"]
    assert [(r["level2"], r["name"], r["target"]) for r in rows] == \
        [("数量指标", "企业数量", "≥10家"), ("服务对象满意度指标", "企业满意度", "≥90%")]


def test_a_scoring_rule_cut_by_a_page_break_is_a_note_not_a_row(tmp_path: Path):
    """The rule's cell cut by a page break, its tail printed under the header repeated on the next page."""
    rule = "达到目标值得满分，未达到按比例扣分"
    rows = [("企业数量", "≥10家"), ("平台数量", "1个"), ("活动场次", "≥4场"), ("培训人次", "≥200人")]
    body = []
    for n, (name, target) in enumerate(rows):
        body += [name, target, "计划标准"] + (["达到目标值得满分，未达到按", "\f一级指标", "二级指标", "三级指标", "指标值",
                                               "指标值确定依据", "评分标准", "比例扣分"] if n == 2 else [rule])
    table = blocks("中长期绩效指标（目标1）", "一级指标", "产出指标", "二级指标", "数量指标", "三级指标", "指标值",
                   "指标值确定依据", "评分标准", *body)
    got = [r for r in _extract(tmp_path, OVERVIEW + table) if r["type"] == "indicator"]
    assert [(r["name"], r["target"]) for r in got] == rows
    assert [r.get("extras") for r in got] == [{"评分标准": rule}] * 4


def test_a_goal_caption_printed_inside_the_table_above_opens_the_next_table(tmp_path: Path):
    def head(*labels: str) -> list[str]:
        return ["序号", "一级指标", *labels, "二级指标"]
    page = blocks(
        "长期绩效目标1：培育科技企业", *head("产出指标", "数量指标", "满意度指标", "服务对象满意度"),
        "长期绩效目标2：建设孵化平台",  # printed before the first table's body
        "三级指标", "指标值", "指标值确定依据", "新增科技企业", "≥10家", "计划标准", "企业满意度", "≥90%", "计划标准",
        *head("产出指标", "质量指标"), "三级指标", "指标值", "指标值确定依据", "平台验收合格率", "100%", "计划标准")
    rows = [r for r in _extract(tmp_path, OVERVIEW + page) if r["type"] == "indicator"]
    assert [(r["goal"], r["level2"], r["name"]) for r in rows] == \
        [(1, "数量指标", "新增科技企业"), (1, "服务对象满意度", "企业满意度"), (2, "质量指标", "平台验收合格率")]


def test_a_table_whose_header_lost_its_note_column_keeps_the_one_before(tmp_path: Path):
    """The second table's header stops before its 指标来源 | 评分标准 (printed after its body, out of the table):
    the scoring rule in every row is the note column of the table before, not a row."""
    rule = "达到目标值得满分，未达到按比例扣分"
    def table(caption: str, header: list[str], rows: list[tuple[str, str]]) -> str:
        body = [cell for name, target in rows for cell in ("产出指标", "数量指标", name, target, rule)]
        return blocks(caption, "一级指标", "二级指标", "三级指标", *header, *body)
    first = [("企业数量", "≥10家"), ("平台数量", "1个"), ("活动场次", "≥4场")]
    second = [("新增企业", "≥3家"), ("新建平台", "1个"), ("培训场次", "≥2场")]
    page = table("中长期绩效指标（目标1）", ["指标值", "指标来源", "评分标准"], first) + \
        table("年度绩效指标（目标1）", ["2025年指标值"], second)
    got = [r for r in _extract(tmp_path, OVERVIEW + page) if r["type"] == "indicator"]
    assert [(r["name"], r["target"]) for r in got] == first + second


def test_an_explanation_that_names_a_three_character_row_is_a_note(tmp_path: Path):
    rows = [("入驻率", "=100%"), ("覆盖率", "≥95%"), ("企业数量", "≥10家")]
    body = [cell for name, target in rows for cell in (name, target, "计划标准", f"反映{name}情况")]
    table = blocks("中长期绩效指标（目标1）", "一级指标", "产出指标", "二级指标", "数量指标", "三级指标", "指标值",
                   "指标值确定依据", "指标解释", *body)
    got = [r for r in _extract(tmp_path, OVERVIEW + table) if r["type"] == "indicator"]
    assert [(r["name"], r["target"], r.get("extras")) for r in got] == \
        [(name, target, {"指标解释": f"反映{name}情况"}) for name, target in rows]


def test_an_explanation_of_a_name_worded_like_a_value_is_a_note(tmp_path: Path):
    """A row name worded like a value (按时完成年度任务: 完成) is read as a value at first; the 指标解释 cell
    that explains it (反映…情况, wrapped over two lines) is still a note, not a row of its own."""
    rows = [("数量指标", "企业数量", "≥10家"), ("社会效益指标", "按时完成年度任务", "按时完成"), ("服务对象满意度", "群众满意度", "≥90%")]
    body = []
    for label, name, target in rows:
        note = f"反映{name}情况"
        body += [label, name, target, "计划标准", note[:5] + "\n" + note[5:]]
    table = blocks("中长期绩效指标（目标1）", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据", "指标解释", *body)
    got = [r for r in _extract(tmp_path, OVERVIEW + table) if r["type"] == "indicator"]
    assert [(r["level2"], r["name"], r["target"]) for r in got] == rows


def test_note_columns_whose_head_was_printed_with_the_table_before_are_notes(tmp_path: Path):
    """The second table's header prints no 指标解释 (the converter printed that word among the first table's
    rows): its explanations and its scoring rule are notes all the same, as in the table before."""
    rule = "达到目标值得满分，未达到按比例扣分"
    def rows(pairs: list[tuple[str, str]]) -> list[str]:
        return [c for name, target in pairs for c in (name, target, "计划标准", f"反映{name}情况", rule)]
    first = [("企业数量", "≥10家"), ("平台数量", "1个"), ("活动场次", "≥4场")]
    second = [("新增企业", "≥3家"), ("新建平台", "1个"), ("培训场次", "≥2场")]
    page = blocks("中长期绩效指标（目标1）", "一级指标", "产出指标", "二级指标", "数量指标", "三级指标", "指标值", "指标值确定依据",
                  "指标解释", "评分标准", *rows(first[:2]), "指标解释", "评分标准", *rows(first[2:]),
                  "中长期绩效指标（目标2）", "一级指标", "产出指标", "二级指标", "数量指标", "三级指标", "指标值", "指标值确定依据",
                  *rows(second))
    got = [r for r in _extract(tmp_path, OVERVIEW + page) if r["type"] == "indicator"]
    assert [(r["goal"], r["name"], r["target"]) for r in got] == \
        [(1, n, t) for n, t in first] + [(2, n, t) for n, t in second]


def test_an_explanation_a_page_break_cut_is_a_note(tmp_path: Path):
    """The 指标解释 cell of a page's last row, cut by the page break: its head (反映平台) ends the page, its tail
    (数量情况) opens the next one. Joined they explain the row's name: both are notes, not rows."""
    rows = [("企业数量", "≥10家"), ("平台数量", "1个"), ("活动场次", "≥4场")]
    first = blocks("中长期绩效指标（目标1）", "一级指标", "产出指标", "二级指标", "数量指标", "三级指标", "指标值",
                   "指标值确定依据", "指标解释", "企业数量", "≥10家", "计划标准", "反映企业数量情况",
                   "平台数量", "1个", "计划标准", "反映平台")
    second = blocks("数量情况", "活动场次", "≥4场", "计划标准", "反映活动场次情况")
    got = [r for r in _extract(tmp_path, OVERVIEW + first, second) if r["type"] == "indicator"]
    assert [(r["name"], r["target"]) for r in got] == rows


def test_a_row_name_holding_a_short_row_name_is_no_note(tmp_path: Path):
    """In a table with a 备注 column, a name holding a short row's name in its middle (农村覆盖率提升 | 覆盖率) and
    followed by a value of its own is a row, not an explanation of that row."""
    table = blocks("年度绩效指标（目标1）", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据", "备注",
                   "产出指标", "数量指标", "覆盖率", "≥98%", "计划标准", "质量指标", "农村覆盖率提升", "≥5%", "计划标准",
                   "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "计划标准")
    names = [r["name"] for r in _extract(tmp_path, OVERVIEW + table) if r["type"] == "indicator"]
    assert "覆盖率" in names and "农村覆盖率提升" in names
    # a note followed by its row's score (分值 after 指标解释) is still a note: the next row's name follows it
    rows = [("覆盖率", "≥95%", "反映覆盖率情况", "10"), ("企业数量", "≥10家", "反映企业数量情况", "20")]
    scored = blocks("年度绩效指标（目标1）", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据", "指标解释", "分值",
                    "产出指标", "数量指标", *[cell for row in rows for cell in (row[0], row[1], "计划标准", row[2], row[3])])
    got = [r for r in _extract(tmp_path, OVERVIEW + scored) if r["type"] == "indicator"]
    assert [(r["name"], r["target"]) for r in got] == [("覆盖率", "≥95%"), ("企业数量", "≥10家")]


def test_a_label_printed_between_a_rows_note_and_the_next_name_starts_that_row(tmp_path: Path):
    rule = "达到目标值得满分，未达到按比例扣分"
    rows = [("数量指标", "提升基础设施使用率"), (None, "加快集聚区培育"), (None, "加快产业转型"), ("质量指标", "推动经济发展")]
    body = []
    for label, name in rows:
        body += ([label] if label else []) + [name, "完成", "计划标准", rule]
    table = blocks("中长期绩效指标（目标1）", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据", "评分标准",
                   "产出指标", *body)
    got = [r for r in _extract(tmp_path, OVERVIEW + table) if r["type"] == "indicator"]
    assert [(r["level2"], r["name"]) for r in got] == \
        [("数量指标", "提升基础设施使用率"), ("数量指标", "加快集聚区培育"), ("数量指标", "加快产业转型"), ("质量指标", "推动经济发展")]


def test_an_unnumbered_goal_cell_under_the_goal_column_head_is_no_row(tmp_path: Path):
    goal = "保障全区政务网络和机房稳定运行，\n提升政务服务效率"  # wrapped in its column, no number
    table = blocks("中长期绩效目标表", "目标名称", goal, "一级指标", "产出指标", "二级指标", "数量指标", "三级指标", "指标值",
                   "指标值确定依据", "出口带宽", "≥2G", "计划标准", "注册用户量", "≥6500人", "历史标准")
    got = [r for r in _extract(tmp_path, OVERVIEW + table) if r["type"] == "indicator"]
    assert [(r["name"], r["target"]) for r in got] == [("出口带宽", "≥2G"), ("注册用户量", "≥6500人")]


def test_an_unnumbered_goal_cell_printed_on_every_row_is_no_row(tmp_path: Path):
    goal = "保障社区公共照明设施完好\n运行与及时维修"  # wrapped in its column, printed again on every row
    body = []
    for name, target in [("路灯巡查台账完成份数", "12份"), ("灯杆点位按需更换率", "100%")]:
        body += [goal, "产出指标", "数量指标", name, target, "计划标准"]
    table = blocks("中长期绩效目标表", "绩效目标", "一级指标", "二级指标", "指标名称", "目标值", "指标来源", *body)
    got = [r for r in _extract(tmp_path, OVERVIEW + table) if r["type"] == "indicator"]
    assert [(r["name"], r["target"]) for r in got] == [("路灯巡查台账完成份数", "12份"), ("灯杆点位按需更换率", "100%")]


def test_goal_cells_printed_on_every_row_some_together_after_a_page_break_go_to_their_rows(tmp_path: Path):
    """Each row prints its goal cell (目标1：… | 产出指标 | 数量指标 | name …); over a page break the converter prints
    the next rows' goal cells together before their names. The k-th goal cell still goes to the k-th row."""
    g1, g2 = "目标1：培育科技企业", "目标2：建设孵化平台"
    def row(name: str, target: str) -> list[str]:
        return ["产出指标", "数量指标", name, target, "计划标准"]
    first = blocks("中长期绩效目标表", "目标", "一级指标", "二级指标", "指标名称", "指标值", "指标值确定依据",
                   g1, *row("企业数量", "≥10家"))
    second = blocks(g1, g2, g2, *row("企业产值", "≥2亿元"), *row("平台数量", "1个"), *row("入驻企业数", "≥20家"))
    records = _extract(tmp_path, OVERVIEW + first, second)
    got = [(r["goal"], r["name"]) for r in records if r["type"] == "indicator"]
    assert got == [(1, "企业数量"), (1, "企业产值"), (2, "平台数量"), (2, "入驻企业数")]
    # a row whose goal cell the converter lost goes with the row before, not with the next row's goal printed
    # right after its own cells
    lost = blocks("中长期绩效目标表", "目标", "一级指标", "二级指标", "指标名称", "指标值", "指标值确定依据",
                  g1, *row("企业数量", "≥10家"), g1, *row("企业产值", "≥2亿元"), *row("技术合同数", "≥5份"),
                  g2, *row("平台数量", "1个"), g2, *row("入驻企业数", "≥20家"))
    got = [(r["goal"], r["name"]) for r in _extract(tmp_path, OVERVIEW + lost) if r["type"] == "indicator"]
    assert got == [(1, "企业数量"), (1, "企业产值"), (1, "技术合同数"), (2, "平台数量"), (2, "入驻企业数")]


def test_row_numbers_printed_right_after_a_target_with_its_unit_are_no_values(tmp_path: Path):
    """The 序号 column printed after each row's target (≤25万元 | 2 | 数量指标 …): the numbers that go on 1, 2, 3 …
    are the rows' numbers, not values for a row that shows none of its own (a sentence-long target read as a
    name, 全年…满意度为100%)."""
    table = blocks("中长期绩效指标（目标1）", "一级指标", "序号", "二级指标", "三级指标", "指标值", "1",
                   "经济成本指标", "运维成本", "≤25万元", "2", "数量指标", "巡检次数", "≥40次", "3",
                   "质量指标", "系统可用率", "100%", "4", "时效指标", "故障响应时间", "≤30分钟", "5",
                   "服务对象满意度指标", "用户满意度指标", "全年重大停机少于4次则\n满意度为100%", "成本指标", "产出指标", "满意度指标")
    got = [(r["level2"], r["name"], r["target"]) for r in _extract(tmp_path, OVERVIEW + table) if r["type"] == "indicator"]
    assert got[:4] == [("经济成本指标", "运维成本", "≤25万元"), ("数量指标", "巡检次数", "≥40次"), ("质量指标", "系统可用率", "100%"),
                       ("时效指标", "故障响应时间", "≤30分钟")]
    assert not any(target in ("1", "2", "3", "4", "5") for _, _, target in got)


def test_a_row_number_alone_between_a_basis_and_the_next_name_is_no_value(tmp_path: Path):
    """Row numbers printed out of order (1 with the header, 3 and 4 between rows, 2 at the end): each one alone
    between a row's basis and the next row's name is no 上年 value of the next row."""
    table = blocks("中长期绩效指标（目标1）", "序号", "1", "一级指标", "二级指标", "产出指标", "数量指标", "三级指标", "指标值",
                   "前年", "上年", "指标来源", "巡检报告份数", "12份", "计划标准", "履约报告份数", "11份", "计划标准", "3",
                   "点位迁改率", "100%", "计划标准", "4", "终端平均开机率", "≥95%", "计划标准", "2",
                   "效益指标", "社会效益指标", "数据调取申请办结率", "100%", "计划标准")
    got = [r for r in _extract(tmp_path, OVERVIEW + table) if r["type"] == "indicator"]
    assert [(r["name"], r["target"], r["prev2"], r["prev1"]) for r in got] == [
        ("巡检报告份数", "12份", None, None), ("履约报告份数", "11份", None, None), ("点位迁改率", "100%", None, None),
        ("终端平均开机率", "≥95%", None, None), ("数据调取申请办结率", "100%", None, None)]


def test_a_last_year_value_printed_after_the_basis_is_kept(tmp_path: Path):
    """A 上年 column printed after the basis (指标值 | 指标值确定依据 | 上年) and no 序号 column: the bare number after
    each row's basis is that row's 上年 value, not a row number nor the next row's value."""
    overview = blocks("表11 部门整体支出绩效目标申报表", "部门（单位）名称", "某区文旅局", "整体绩效目标", "中长期目标",
                      "当年目标", "目标1：繁荣群众文化", "目标2：保护文物古迹", "目标1：举办文化活动", "目标2：修缮文物")
    table = blocks("年度绩效指标（目标1）", "一级指标", "二级指标", "产出指标", "数量指标", "三级指标", "指标值",
                   "指标值确定依据", "上年",
                   "惠民演出场次", "≥6场", "计划标准", "5",
                   "流动书车站点", "≥40个", "计划标准", "35",
                   "非遗展示项目", "≥8项", "计划标准", "7")
    f = tmp_path / "doc.txt"
    f.write_text("\f".join([blocks("某区文旅局", "2025年部门预算"), overview + table]), encoding="utf-8")
    records, _ = extract_document(f)
    got = [(r["name"], r["target"], r.get("prev1")) for r in records if r["type"] == "indicator"]
    assert got == [("惠民演出场次", "≥6场", "5"), ("流动书车站点", "≥40个", "35"), ("非遗展示项目", "≥8项", "7")]


def test_a_long_row_name_printed_before_the_goal_cells_stays_a_row(tmp_path: Path):
    table = blocks("中长期绩效目标表", "目标", "绩效指标", "指标值", "指标来源",
                   "街道档案室整理归档资料完成率", "=100%", "计划标准",  # one line, no 。: a row's name, not a goal
                   "工作完成率", "=100%", "计划标准", "一级指标", "二级指标", "指标名称", "产出指标", "数量指标")
    got = [r for r in _extract(tmp_path, OVERVIEW + table) if r["type"] == "indicator"]
    assert [(r["name"], r["target"]) for r in got] == [("街道档案室整理归档资料完成率", "=100%"), ("工作完成率", "=100%")]


def test_year_heads_cut_side_by_side_in_their_narrow_columns_are_finished_in_order():
    toks = tokens(blocks("中长期指标值", "2023年实 2024年预\n际\n计", "指标来源"))
    assert [t.text for t in toks] == ["中长期指标值", "2023年实际", "2024年预计", "指标来源"]


def test_a_serial_head_after_a_caption_and_a_signature_line_in_the_table_are_no_goal_text(tmp_path: Path):
    table = blocks("年度绩效目标1：培育科技企业\n序号", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据",
                   "1", "产出指标", "数量指标", "新增科技企业", "≥10家", "计划标准",
                   "2", "满意度指标", "服务对象满意度", "企业满意度", "≥90%", "计划标准", "单位负责人：", "填报人：",
                   "3", "产出指标", "质量指标", "平台验收合格率", "100%", "计划标准")
    records = _extract(tmp_path, OVERVIEW + table)
    goals = [r["text"] for r in records if r["type"] == "goal" and r["horizon"] == "annual" and r["goal"] == 1]
    assert goals == ["培育科技企业"]
    assert [(r["name"], r["target"]) for r in records if r["type"] == "indicator"] == \
        [("新增科技企业", "≥10家"), ("企业满意度", "≥90%"), ("平台验收合格率", "100%")]


def test_a_row_number_before_the_header_is_no_body_printed_before_the_next_caption(tmp_path: Path):
    """The 序号 column's first number, printed between 序号 and the rest of the header, is no table body: the rows
    under it stay the first caption's when the next caption's page holds header words only."""
    first = blocks("中长期绩效指标（目标1）", "序号", "1", "绩效指标", "中长期指标值", "指标来源", "一级指标", "二级指标",
                   "产出指标", "数量指标", "新增科技企业", "≥10家", "计划标准", "2", "质量指标", "平台验收合格率", "100%", "计划标准",
                   "中长期绩效指标（目标2）", "序号", "绩效指标", "一级指标", "二级指标", "中长期指标值", "指标来源")
    second = blocks("1", "产出指标", "数量指标", "培训场次", "≥2场", "计划标准")
    got = [r for r in _extract(tmp_path, OVERVIEW + first, second) if r["type"] == "indicator"]
    assert [(r["goal"], r["name"], r["target"]) for r in got] == \
        [(1, "新增科技企业", "≥10家"), (1, "平台验收合格率", "100%"), (2, "培训场次", "≥2场")]


def test_a_level1_label_wrapped_around_its_neighbour_columns_line_is_one_label():
    toks = tokens(blocks("产出指\n质量指标 企业服务覆盖率\n标", "≥95%", "计划标准"))
    assert [t.text for t in toks] == ["产出指标", "质量指标", "企业服务覆盖率", "≥95%", "计划标准"]
    toks = tokens(blocks("序\n一级指标\n号", "二级指标"))  # a header word so wrapped (序号 in its narrow column)
    assert [t.text for t in toks] == ["序号", "一级指标", "二级指标"]
    toks = tokens(blocks("企业数\n质量指标\n量"))  # no label's start above: nothing joined
    assert [t.text for t in toks] == ["企业数", "质量指标", "量"]
